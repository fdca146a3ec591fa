"""`loancs check` keeps the compiled rules between runs (commands/check.py): the cached rules
answer exactly like freshly compiled ones, and an edited lender rule file is compiled afresh."""

from __future__ import annotations

import json
import os
import subprocess
import sys

MESSAGES = [
    "保证下款",
    "您好，这笔贷款年化利率 4.9%，月供 5,300 元，您看可以吗？",
    "不还钱就打电话给你单位同事",
    "We guarantee approval, no credit check needed.",
    "好的，明白了，谢谢",
]


def check(cache, *args: str) -> tuple[int, dict]:
    out = subprocess.run(
        [sys.executable, "-m", "loancs", "check", "--json", *args],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "LOANCS_CACHE": str(cache)},
    )
    assert out.returncode in (0, 1, 2), out.stderr
    return out.returncode, json.loads(out.stdout)


def test_cached_rules_answer_like_fresh_ones(tmp_path) -> None:
    cache = tmp_path / "cache"
    first = [check(cache, m) for m in MESSAGES[:1]]
    assert len(list(cache.glob("rules-*.pickle"))) == 1
    warm = [check(cache, m) for m in MESSAGES]
    cold = [check(tmp_path / f"fresh{n}", m) for n, m in enumerate(MESSAGES)]
    assert warm == cold and warm[0] == first[0]
    assert {code for code, _ in warm} >= {0, 2}


def test_an_edited_rule_file_is_compiled_afresh(tmp_path) -> None:
    cache = tmp_path / "cache"
    rules = tmp_path / "lender.toml"
    rules.write_text('disable = ["zh.marketing.guaranteed-approval"]\n', encoding="utf-8")
    code, before = check(cache, "--rules", str(rules), "保证通过")
    assert code == 0 and before["hits"] == []
    rules.write_text("disable = []\n", encoding="utf-8")
    code, after = check(cache, "--rules", str(rules), "保证通过")
    assert code == 2 and after["hits"][0]["rule"] == "zh.marketing.guaranteed-approval"
