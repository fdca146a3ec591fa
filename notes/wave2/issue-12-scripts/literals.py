"""Verdict of every string literal (>= 6 chars, with a letter or hanzi) in the repo's python and toml data."""
import ast, json, sys, pathlib, re
root = pathlib.Path(sys.argv[1])
from loancs.core.compliance import load_rules
rules = load_rules()
out = {}
skip = ("tests/data/compliance",)
texts = set()
for path in root.rglob("*.py"):
    rel = str(path.relative_to(root))
    if rel.startswith((".git", "loancs/core/compliance", "loancs/rules")) or "/." in rel:
        continue
    try:
        tree = ast.parse(path.read_text(encoding="utf-8"))
    except Exception:
        continue
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and len(node.value) >= 6:
            texts.add(node.value)
for path in list(root.rglob("*.toml")) + list(root.rglob("*.json")) + list(root.rglob("*.md")):
    rel = str(path.relative_to(root))
    if rel.startswith((".git", "loancs/rules", "tests/data/compliance", "notes")) or "/." in rel:
        continue
    try:
        for line in path.read_text(encoding="utf-8").splitlines():
            if len(line) >= 6:
                texts.add(line)
    except Exception:
        pass
for t in sorted(texts):
    if not re.search(r"[a-zA-Z\u3400-\u9fff]{3}", t):
        continue
    out[t] = rules.check(t).verdict
json.dump(out, open(sys.argv[2], "w"), ensure_ascii=False)
print(len(out))
