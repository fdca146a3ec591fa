"""Where a check's instructions go, by Python function: inclusive instructions per
``RuleSet.check`` of each function of loancs.core (and each lazy regular expression's
``search`` / ``match`` / ...), counted by valgrind's callgrind on the speed bench's
300-character messages with 5,000 synthetic rules (as bench_compliance_instructions.py).

    python scripts/bench_compliance_functions.py [--checks 20] [--top 60] [--save FILE]
    python scripts/bench_compliance_functions.py --compare A.tsv B.tsv   # two saved runs
    python scripts/bench_compliance_functions.py --dev zh --texts 200 --checks 400  # dev lines
    python scripts/bench_compliance_functions.py --misses  # and data-cache misses by function

callgrind sees C functions only, so each Python function is called through a C function
of its own: a small extension (built here with the C compiler and Python's headers) has
1,200 identical functions t0..t1199, each calling its first argument with the rest;
every function defined in loancs.core is replaced, in its module (and wherever a module
holds the same object), by ``functools.partial(tN, f)`` (a method by a small wrapper), and
every compiled lazy pattern's methods likewise. callgrind's inclusive count of tN is then
the function's. The wrappers add ~8% to the whole (a check read 3.93 M plain, 4.25 M
wrapped at faf6b36): compare runs made the same way. Calls a module made before the
patch holds elsewhere (a bound method kept in a table) are not seen, and an iterator's
``__next__`` (finditer's matches) counts to whoever steps it. Functions a module keeps in a
table of tuples (the frame readers with their gate words) are wrapped there too. Needs valgrind, a C
compiler and Python's headers; takes a minute or two.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import shutil
import subprocess
import sys
import sysconfig
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

N = 1200  # trampolines; the last one wraps the counted checks

RUN = """
import functools, gc, sys, types
sys.path.insert(0, sys.argv[5])
import tramp
from loancs.core.compliance import RuleSet
from loancs.core.lazyre import LazyPattern
ruleset = RuleSet.loads(open(sys.argv[1], "rb").read())
texts = open(sys.argv[2], encoding="utf-8").read().splitlines()
for text in texts:
    ruleset.check(text)
names, index, replaced = [], 0, {}
def wrapper(t, f):
    def w(*a, **k):
        return t(f, *a, **k)
    return w
def take(name):
    global index
    names.append(name)
    index += 1
    return getattr(tramp, f"t{index - 1}")
modules = [m for n, m in list(sys.modules.items()) if n.startswith("loancs.core") and m]
room = ROOM
for m in modules:
    short = m.__name__.replace("loancs.core.", "")
    for key, value in list(vars(m).items()):
        if index >= room:
            break
        if getattr(value, "__module__", None) != m.__name__:
            continue
        if isinstance(value, (types.FunctionType, functools._lru_cache_wrapper)):
            replaced[id(value)] = functools.partial(take(f"{short}.{value.__qualname__}"), value)
        elif isinstance(value, type):
            for attr, f in list(vars(value).items()):
                if index >= room:
                    break
                if isinstance(f, types.FunctionType) and (
                    not attr.startswith("__") or attr in ("__init__", "__call__")
                ):
                    try:
                        setattr(value, attr, wrapper(take(f"{short}.{f.__qualname__}"), f))
                    except (AttributeError, TypeError):
                        names[-1] += " (not wrapped)"
for m in modules:
    for key, value in list(vars(m).items()):
        if id(value) in replaced:
            setattr(m, key, replaced[id(value)])
for m in modules:  # functions kept in a module's table of tuples (the frame readers' gates)
    for value in list(vars(m).values()):
        if isinstance(value, dict):
            for k2, v2 in list(value.items()):
                if isinstance(v2, tuple) and any(id(x) in replaced for x in v2):
                    value[k2] = tuple(replaced.get(id(x), x) for x in v2)
for m in modules:
    short = m.__name__.replace("loancs.core.", "")
    for key, value in list(vars(m).items()):
        if isinstance(value, LazyPattern) and value._compiled is not None and index < room:
            for method in ("search", "match", "fullmatch", "finditer", "findall", "sub", "split"):
                if index < room:
                    t = take(f"re {short}.{key}.{method}")
                    object.__setattr__(
                        value, method, functools.partial(t, getattr(value._compiled, method))
                    )
for text in texts:
    ruleset.check(text)
open(sys.argv[4], "w").write("\\n".join(names))
gc.freeze()
count = int(sys.argv[3])
def checks():
    for i in range(count):
        ruleset.check(texts[i % len(texts)])
getattr(tramp, "tLAST")(checks)
"""


def dev_lines(lang: str, count: int) -> list[str]:
    """The first ``count`` lines of dev.tsv with (zh) or without (en) a hanzi."""
    dev = Path(__file__).resolve().parents[1] / "tests" / "data" / "compliance" / "dev.tsv"
    hanzi = re.compile(r"[\u4e00-\u9fff]")
    texts = []
    for line in dev.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if line.startswith("#") or len(parts) < 3:
            continue
        if (lang == "zh") == bool(hanzi.search(parts[2])):
            texts.append(parts[2])
    return texts[:count]


def build_tramp(directory: Path) -> None:
    lines = ["#define PY_SSIZE_T_CLEAN", "#include <Python.h>"]
    for i in range(N):
        lines.append(
            f"__attribute__((noinline)) static PyObject *t{i}(PyObject *s, PyObject *const *a,"
            f" Py_ssize_t n, PyObject *kw) {{ PyObject *r = PyObject_Vectorcall(a[0], a + 1,"
            f' n - 1, kw); __asm__ volatile("" ::: "memory"); return r; }}'
        )
    lines.append("static PyMethodDef M[] = {")
    lines += [
        f'{{"t{i}", (PyCFunction)(void (*)(void))t{i}, METH_FASTCALL | METH_KEYWORDS, NULL}},'
        for i in range(N)
    ]
    lines.append("{NULL, NULL, 0, NULL}};")
    lines.append('static struct PyModuleDef D = {PyModuleDef_HEAD_INIT, "tramp", NULL, -1, M};')
    lines.append("PyMODINIT_FUNC PyInit_tramp(void) { return PyModule_Create(&D); }")
    source = directory / "tramp.c"
    source.write_text("\n".join(lines))
    suffix = sysconfig.get_config_var("EXT_SUFFIX")
    subprocess.run(
        [
            os.environ.get("CC", "cc"),
            "-O1",
            "-fno-inline",
            "-fno-ipa-icf",  # one body per name: identical functions must not be merged
            "-shared",
            "-fPIC",
            f"-I{sysconfig.get_paths()['include']}",
            str(source),
            "-o",
            str(directory / f"tramp{suffix}"),
        ],
        check=True,
    )


def read_table(path: Path) -> dict[str, float]:
    table = {}
    for line in path.read_text().splitlines():
        value, name = line.split("\t", 1)
        table[name] = float(value)
    return table


def compare(a: Path, b: Path, top: int) -> None:
    first, second = read_table(a), read_table(b)
    names = sorted(set(first) | set(second), key=lambda n: -abs(second.get(n, 0) - first.get(n, 0)))
    print(f"{'A':>9} {'B':>9} {'B-A':>9}  k instructions a check, inclusive ({a.name} -> {b.name})")
    for name in names[:top]:
        x, y = first.get(name, 0.0), second.get(name, 0.0)
        print(f"{x:9.1f} {y:9.1f} {y - x:+9.1f}  {name}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--checks", type=int, default=20)
    parser.add_argument("--rules", type=int, default=5000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--texts", type=int, default=16)
    parser.add_argument("--top", type=int, default=60)
    parser.add_argument("--save", type=Path, help="write the whole table (tsv) here")
    parser.add_argument(
        "--dev",
        choices=("zh", "en"),
        help="the shipped rules on the first --texts Chinese (zh) or English (en) lines of "
        "tests/data/compliance/dev.tsv instead of the bench's messages",
    )
    parser.add_argument("--compare", type=Path, nargs=2, metavar=("A", "B"))
    parser.add_argument(
        "--misses",
        action="store_true",
        help="also simulate the caches: first-level (D1) and second-level (LL, simulated as "
        "1 MB) data misses a check, inclusive, by function (valgrind runs ~2x slower)",
    )
    args = parser.parse_args()
    if args.compare:
        compare(*args.compare, args.top)
        return
    for tool in ("valgrind", "callgrind_annotate"):
        if shutil.which(tool) is None:
            raise SystemExit(f"{tool} is not installed")
    from bench_compliance import messages, synthetic_rules

    from loancs.core.compliance import load_rules

    if args.dev:
        ruleset = load_rules()
        texts = dev_lines(args.dev, args.texts)
    else:
        rng = random.Random(args.seed)
        ruleset = load_rules(text=synthetic_rules(args.rules, rng))
        synthetic = [p for r in ruleset.rules if r.id.startswith("synthetic.") for p in r.patterns]
        texts = messages(rng, [synthetic[10] + "，", synthetic[-3] + "。"], args.texts)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        build_tramp(work)
        (work / "rules").write_bytes(ruleset.dumps())
        (work / "texts").write_text("\n".join(texts), encoding="utf-8")
        (work / "run.py").write_text(RUN.replace("ROOM", str(N - 10)).replace("tLAST", f"t{N - 1}"))
        out = work / "callgrind.out"
        subprocess.run(
            [
                "valgrind",
                "--tool=callgrind",
                "--collect-atstart=no",
                f"--toggle-collect=t{N - 1}",
                # the last level simulated as one core's second-level cache (1 MB here)
                *(["--cache-sim=yes", "--LL=1048576,16,64"] if args.misses else []),
                f"--callgrind-out-file={out}",
                sys.executable,
                str(work / "run.py"),
                str(work / "rules"),
                str(work / "texts"),
                str(args.checks),
                str(work / "names"),
                str(work),
            ],
            check=True,
            cwd=tmp,
            capture_output=True,
            env={**os.environ, "PYTHONHASHSEED": "0"},
        )
        annotated = subprocess.run(
            [
                "callgrind_annotate",
                "--inclusive=yes",
                "--threshold=100",
                *(["--show=Ir,D1mr,D1mw,DLmr,DLmw", "--sort=Ir"] if args.misses else []),
                str(out),
            ],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        names = (work / "names").read_text().split("\n")
    total = 0
    rows = []
    misses: dict[int, tuple[float, float]] = {}  # index -> (D1, LL) misses a check
    for line in annotated.splitlines():
        found = re.match(r"\s*([\d,]+) \([^)]*\)(.*?)\s\S*:t(\d+)\b", line)
        if found is None:
            continue
        count, index = int(found.group(1).replace(",", "")), int(found.group(3))
        if args.misses:
            # a count, with its share in brackets, or "." for none
            more = [
                0 if n == "." else int(n.replace(",", ""))
                for n in found.group(2).split()
                if n == "." or re.fullmatch(r"[\d,]+", n)
            ]
            if len(more) == 4:
                misses[index] = (
                    (more[0] + more[1]) / args.checks,
                    (more[2] + more[3]) / args.checks,
                )
        if index == N - 1:
            total = count
        elif index < len(names):
            rows.append((count / args.checks / 1e3, names[index], index))
    if not total:
        raise SystemExit("callgrind counted nothing")
    if args.misses and not misses:
        print("\n".join(annotated.splitlines()[:30]))  # a format this script does not read
    rows.sort(reverse=True)
    per_check = total / args.checks
    print(
        f"rules: {len(ruleset)}, messages: {len(texts)}, checks counted: {args.checks}; "
        f"{per_check / 1e6:.3f} M instructions a check (with the wrappers)"
    )
    if args.misses and N - 1 in misses:
        d1, ll = misses[N - 1]
        print(f"data misses a check: D1 {d1 / 1e3:.1f} k, LL {ll:.0f}; columns: D1 k, LL")
    for value, name, index in rows[: args.top]:
        extra = ""
        if index in misses:
            extra = f"  D1 {misses[index][0] / 1e3:6.2f} k  LL {misses[index][1]:6.0f}"
        print(f"{value:9.1f} k {100 * value * 1e3 / per_check:5.1f}%{extra}  {name}")
    if args.save:
        args.save.write_text(
            f"{per_check / 1e3:.1f}\tTOTAL\n" + "".join(f"{v:.1f}\t{n}\n" for v, n, _ in rows)
        )


if __name__ == "__main__":
    main()
