"""Splice classes of a retrained English model into the shipped compliance model file.

    python scripts/splice_compliance_model.py SHIPPED_JSON NEW_EN_JSON OUT_JSON CLASS... [--union]

NEW_EN_JSON is what ``train_compliance_model.py --latin 3 --latin-only --composed 0 --english 0
--out FILE`` writes (the English model alone), or a whole file with an "english" part. OUT_JSON is
SHIPPED_JSON whose English model takes each CLASS's weights, bias, thresholds and trigger bits from
NEW_EN_JSON and keeps every other class's from SHIPPED_JSON. Exact: a class's decision depends only
on its own trigger bit, ungated setting, weights, bias and bar, so each class scores as in its
source model (sessions 22, 43-45 shipped spliced files; this is the splice those sessions wrote in
/tmp, kept here so a session need not write it again). ``--union``: a taken class is also woken by
the shipped file's triggers for it (session 44: a retrained class woken by its own triggers only
lost a pinned catch that a shipped trigger woke). ``--shipped-triggers``: a taken class is woken by
the shipped file's triggers for it ONLY (session 47: a retrained easy-credit class scores clean
technical strings high, and only its new triggers woke them). The shipped file's ungated settings
are kept.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

# settings both English models must share for the splice to be exact
SHARED = (
    "lexicon",
    "lexicon_gate",
    "lexicon_features",
    "concepts",
    "concept_triggers",
    "latin_words",
    "ungated",
    "unit_chars",
    "ungated_words",
    "format",
)


def _table(model: dict[str, Any]) -> tuple[dict[str, list[float]], list[list[float]]]:
    grams = model["grams"]
    weights = model["weights"]
    return {gram: weights[i] for i, gram in enumerate(grams)}, weights[len(grams) :]


def splice(
    shipped: dict[str, Any],
    new: dict[str, Any],
    take: list[str],
    union: bool,
    shipped_triggers: bool = False,
) -> dict[str, Any]:
    base = shipped["english"]
    if "grams" not in new and "english" in new:
        new = new["english"]
    classes = base["classes"]
    if classes != new["classes"]:
        raise SystemExit(f"classes differ: {classes} vs {new['classes']}")
    for key in SHARED:
        if base.get(key) != new.get(key):
            raise SystemExit(f"the two English models differ in {key!r}: not an exact splice")
    taken = [classes.index(name) for name in take]
    sources = [new if i in taken else base for i in range(len(classes))]
    base_table, base_extra = _table(base)
    new_table, new_extra = _table(new)
    tables = [new_table if i in taken else base_table for i in range(len(classes))]
    zero = [0.0] * len(classes)
    grams = sorted({g for i, t in enumerate(tables) for g, w in t.items() if w[i] != 0})
    weights = [[tables[i].get(g, zero)[i] for i in range(len(classes))] for g in grams]
    extra = [
        [(new_extra if i in taken else base_extra)[k][i] for i in range(len(classes))]
        for k in range(len(base_extra))
    ]
    bits = sum(1 << i for i in taken)
    keep = ~0 if union or shipped_triggers else ~bits
    masks: dict[str, int] = {}
    for gram, mask in base["triggers"]:
        masks[gram] = masks.get(gram, 0) | (mask & keep)
    if not shipped_triggers:
        for gram, mask in new["triggers"]:
            masks[gram] = masks.get(gram, 0) | (mask & bits)
    out = dict(base)
    how = ", woken by the shipped triggers too" if union else ""
    how = ", woken by the shipped triggers only" if shipped_triggers else how
    out["about"] = base.get("about", "") + f"; {', '.join(take)} from a retrain{how}"
    for key in ("bias", "thresholds", "latin_thresholds"):
        out[key] = [sources[i][key][i] for i in range(len(classes))]
    out["grams"] = grams
    # the shortest n-gram of the classes kept and taken (a retrain with a longer --ngram-min
    # spliced into a shipped 1-4-gram model keeps the shipped classes' short grams)
    out.pop("ngram_min", None)
    shortest = min(int(source.get("ngram_min", 1)) for source in sources)
    if shortest > 1:
        out["ngram_min"] = shortest
    out["weights"] = weights + extra
    out["triggers"] = [[g, m] for g, m in sorted(masks.items()) if m]
    return {**shipped, "english": out}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("shipped")
    parser.add_argument("new")
    parser.add_argument("out")
    parser.add_argument("classes", nargs="+")
    how = parser.add_mutually_exclusive_group()
    how.add_argument("--union", action="store_true")
    how.add_argument("--shipped-triggers", action="store_true")
    args = parser.parse_args()
    shipped = json.loads(Path(args.shipped).read_text(encoding="utf-8"))
    new = json.loads(Path(args.new).read_text(encoding="utf-8"))
    result = splice(shipped, new, args.classes, args.union, args.shipped_triggers)
    text = json.dumps(result, ensure_ascii=False, separators=(",", ":")) + "\n"
    Path(args.out).write_text(text, encoding="utf-8")
    english = result["english"]
    print(f"{args.out}: {len(english['grams'])} English grams, {len(english['triggers'])} triggers")


if __name__ == "__main__":
    main()
