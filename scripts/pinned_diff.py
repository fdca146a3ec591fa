"""pinned_diff.py: every string a test or the assistant's knowledge base pins, checked on two trees; verdict changes listed.

Usage (from anywhere; YOUR tree first on PYTHONPATH):
    PYTHONPATH=$PWD python scripts/pinned_diff.py --base BASE_TREE  (e.g. a `git worktree add --detach` of main)
Runs exactly two child processes (one per tree, `--dump`), then prints every literal whose verdict (ok/warn/block)
or set of hit categories differs, with the test files that hold it. Exit 1 when a verdict changed.
"""

from __future__ import annotations

import argparse
import ast
import json
import os
import subprocess
import sys
import tomllib
from pathlib import Path


def literals(tests: Path, kb: Path) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for path in sorted(tests.glob("*.py")):
        try:
            tree = ast.parse(path.read_text(encoding="utf-8"))
        except SyntaxError:
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                text = node.value
                if (
                    6 <= len(text) <= 2000
                    and any(c.isalpha() for c in text)
                    and "\n" not in text.strip()
                    and text.isprintable()
                    and not any("\ud800" <= c <= "\udfff" for c in text)
                ):
                    found.setdefault(text, []).append(path.name)
    for path in sorted(kb.glob("*.toml")):
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        for entry in data.get("entry", []):
            for key in ("answer_zh", "answer_en"):
                if isinstance(entry.get(key), str):
                    found.setdefault(entry[key], []).append(f"kb/{path.name}:{entry.get('id')}")
    return found


def dump(texts_file: str, out: str) -> None:
    from loancs.core.compliance import load_rules

    rules = load_rules()
    texts = json.loads(Path(texts_file).read_text(encoding="utf-8"))
    result = {}
    for text in texts:
        r = rules.check(text)
        cats = sorted({f"{h.category}/{h.severity}" for h in r.hits if h.severity != "info"})
        result[text] = [r.verdict, cats, sorted({h.rule for h in r.hits})]
    Path(out).write_text(json.dumps(result, ensure_ascii=False), encoding="utf-8")


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--base", help="base tree (a worktree of the session-start revision)")
    ap.add_argument("--tests", help="tests directory to read (default: YOUR tree's tests/)")
    ap.add_argument("--dump", nargs=2, metavar=("TEXTS_JSON", "OUT_JSON"), help=argparse.SUPPRESS)
    ap.add_argument("--scratch", default=None, help="scratch directory (default /tmp/$USER-pinned)")
    args = ap.parse_args()
    if args.dump:
        dump(*args.dump)
        return 0
    mine = os.environ.get("PYTHONPATH", "").split(":")[0]
    if not mine or not args.base:
        ap.error("set PYTHONPATH=/work/wt/NAME (your tree) and pass --base TREE")
    tests = Path(args.tests or Path(mine) / "tests")
    found = literals(tests, Path(mine) / "loancs/data/assistant/kb")
    scratch = Path(args.scratch or f"/tmp/pinned-{Path(mine).name}")
    scratch.mkdir(parents=True, exist_ok=True)
    texts_file = scratch / "texts.json"
    texts_file.write_text(json.dumps(sorted(found), ensure_ascii=False), encoding="utf-8")
    outs = {}
    for name, tree in (("base", args.base), ("mine", mine)):
        out = scratch / f"{name}.json"
        env = dict(os.environ, PYTHONPATH=tree, PYTHONHASHSEED="0")
        subprocess.run(
            [sys.executable, __file__, "--dump", str(texts_file), str(out)],
            env=env,
            check=True,
            timeout=1800,
            cwd="/tmp",
        )
        outs[name] = json.loads(out.read_text(encoding="utf-8"))
    changed = 0
    cat_only = 0
    for text in sorted(found):
        b, m = outs["base"][text], outs["mine"][text]
        if b[0] != m[0]:
            changed += 1
            where = ", ".join(sorted(set(found[text])))
            print(
                f"VERDICT {b[0]} -> {m[0]}  [{where}]\n    {text}\n    base {b[2]}\n    mine {m[2]}"
            )
        elif b[1] != m[1]:
            cat_only += 1
            where = ", ".join(sorted(set(found[text])))
            print(f"CATEGORIES {b[1]} -> {m[1]} ({m[0]})  [{where}]\n    {text}")
    print(
        f"{len(found)} pinned strings; {changed} verdicts changed; {cat_only} changed categories only"
    )
    return 1 if changed else 0


if __name__ == "__main__":
    sys.exit(main())
