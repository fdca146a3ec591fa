import random, sys, time
sys.path.insert(0, sys.argv[1] + "/scripts")
sys.argv = ["x"]
import bench_compliance_new as b
from loancs.core.compliance import load_rules
rng = random.Random(7)
rs = load_rules(text=b.synthetic_rules(5000, rng))
pats = [p for r in rs.rules if r.id.startswith("synthetic.") for p in r.patterns]
text = b.message(rng, [pats[10] + "，", pats[-3] + "。"])
for _ in range(100): rs.check(text)
best = 1e9
for _ in range(30):
    t = time.process_time()
    for _ in range(100): rs.check(text)
    best = min(best, (time.process_time() - t) * 10)
print(f"{best:.3f}")
