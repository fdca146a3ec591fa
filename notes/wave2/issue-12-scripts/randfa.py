import random, sys
sys.path.insert(0, sys.argv[1] + "/scripts"); sys.argv=["x"]
import bench_compliance as b
from loancs.core.compliance import load_rules
import collections
r = load_rules(); rng = random.Random(1); n = 0; c = collections.Counter()
for i in range(2000):
    t = b.message(rng, [])
    res = r.check(t)
    bad = [h for h in res.hits if not h.rule.startswith("zh.rate") and h.category != "pii" and h.severity != "info"]
    if bad:
        n += 1
        for h in bad: c[h.pattern] += 1
print("random messages flagged:", n, "/ 2000")
print(c.most_common(12))
