import time, sys
P = time.process_time
t0 = P()
from loancs.core.compliance import load_rules, RuleSet
from loancs.core.compliance import pinyin
from loancs.rules_cache import FileRuleCache
from loancs.core.compliance.engine import rules_key
t1 = P()
import pickle
cache = FileRuleCache.default()
r = load_rules(cache=cache)
t2 = P()
pinyin._raw_table()
t3 = P()
r.check("放心，这笔肯定能批下来，月息1.5%")
t4 = P()
print(f"import {1000*(t1-t0):.1f} load {1000*(t2-t1):.1f} pinyin {1000*(t3-t2):.1f} check {1000*(t4-t3):.1f}")
