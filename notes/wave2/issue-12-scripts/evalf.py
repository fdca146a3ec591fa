import sys
from loancs.core.compliance import load_rules
r = load_rules()
miss = fa = nv = nc = 0
for line in open(sys.argv[1], encoding="utf-8"):
    line = line.rstrip("\n")
    if not line or line.startswith("#"):
        continue
    label, cls, text = line.split("\t", 2)
    res = r.check(text)
    if label == "clean":
        nc += 1
        if res.verdict != "ok":
            fa += 1; print("FA  ", cls, text, [h.rule for h in res.hits])
    else:
        nv += 1
        if not any(h.category == label and h.severity in ("warn", "block") for h in res.hits):
            miss += 1; print("MISS", cls, text, [h.rule for h in res.hits])
print(f"recall {nv-miss}/{nv}  false alarms {fa}/{nc}")
