"""``loancs check``: JSON contract, exit status, Rich output and errors."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from loancs.cli import app

ROOT = Path(__file__).resolve().parents[1]
DISABLE_GUARANTEE = 'disable = ["zh.marketing.guaranteed-approval"]\n'  # as test_cli_check_plain


def shared_rules_file(name: str, text: str, fallback: Path) -> Path:
    """``text`` as a lender's rule file at one path for the whole run (beside the run's shared
    rules cache), so the files that load the same lender text compile it once between them
    (a cache key holds the file's path: at two paths it was two compiles, ~7 s of CPU each;
    s50). Written atomically (the workers may write it at the same moment, always the same
    bytes); in ``fallback`` when the run has no shared cache."""
    cache = os.environ.get("LOANCS_CACHE_DIR")
    folder = Path(cache).parent if cache else fallback
    path = folder / name
    if not path.exists() or path.read_text(encoding="utf-8") != text:
        folder.mkdir(parents=True, exist_ok=True)
        tmp = folder / f".{name}.{os.getpid()}"
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, path)
    return path


runner = CliRunner()


def run(*args: str, stdin: str | None = None):
    return runner.invoke(app, ["check", *args], input=stdin)


@pytest.mark.parametrize(
    ("text", "verdict", "code"),
    [
        ("您好，请问有什么可以帮您？", "ok", 0),
        ("月费率0.5%，分12期", "warn", 1),
        ("保證 通過", "block", 2),
    ],
)
def test_json_verdict_and_exit_status(text: str, verdict: str, code: int) -> None:
    result = run(text, "--json")
    assert result.exit_code == code, result.output
    payload = json.loads(result.stdout)
    assert payload["verdict"] == verdict
    for hit in payload["hits"]:
        assert set(hit) == {
            "rule",
            "category",
            "severity",
            "start",
            "end",
            "match",
            "message",
            "suggestion",
        }
        assert text[hit["start"] : hit["end"]] == hit["match"]


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("不看征信", "zh.marketing.no-credit-check"),
        ("放心借，不看征信，当天下款", "zh.marketing.no-credit-check"),
    ],
)
def test_one_finding_for_the_same_words(text: str, rule: str) -> None:
    """Two rules of one category that flag the same words make one finding (the narrower
    rule's), not the same words listed twice for the agent to read."""
    result = run(text, "--json")
    assert result.exit_code == 2, result.output
    hits = json.loads(result.stdout)["hits"]
    spans = [(h["category"], h["start"], h["end"]) for h in hits]
    assert len(spans) == len(set(spans)), hits
    assert rule in [h["rule"] for h in hits if h["match"] == "不看征信"]


def test_rate_suggestion_in_json() -> None:
    payload = json.loads(run("月费率0.5%，分12期", "--json").stdout)
    assert "10.90%" in payload["hits"][0]["suggestion"]


def test_stdin_dash() -> None:
    result = run("-", "--json", stdin="we offer guaranteed approval\n")
    assert result.exit_code == 2
    payload = json.loads(result.stdout)
    assert payload["hits"][0]["match"] == "guaranteed approval"


def test_human_output_shows_text_hits_and_fix_without_parsing_markup() -> None:
    result = run("[bold]保证通过[/bold] 13800138000", "--lang", "zh")
    assert result.exit_code == 2
    out = result.stdout
    assert "[bold]保证通过[/bold]" in out  # customer/agent text rendered as plain text
    assert "拦截" in out
    assert "zh.marketing.guaranteed" in out and "pii.mobile" in out
    assert "138****8000" in out


def test_lang_en_translates_explanations() -> None:
    out = run("保证通过", "--lang", "en").stdout
    assert "block: this message cannot be sent" in out
    assert "misleading" in out


def test_rules_file_disables_a_rule(tmp_path: Path) -> None:
    # the file test_cli_check_plain loads too, at the same path (one compile between them)
    path = shared_rules_file("lender-no-guarantee.toml", DISABLE_GUARANTEE, tmp_path)
    assert path.read_text(encoding="utf-8") == 'disable = ["zh.marketing.guaranteed-approval"]\n'
    assert run("保证通过", "--rules", str(path), "--json").exit_code == 0


def test_bad_rules_file_is_one_line_and_exit_3(tmp_path: Path) -> None:
    path = tmp_path / "bad.toml"
    path.write_text('[[rule]]\nid = "x"\nseverity = "fatal"\n', encoding="utf-8")
    result = run("hello", "--rules", str(path))
    assert result.exit_code == 3
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert "bad.toml" in lines[0] and "'x'" in lines[0] and "fatal" in lines[0]
    assert "Traceback" not in result.output


@pytest.mark.parametrize(
    "args",
    [(), ("hello", "--bogus"), ("hello", "--lang", "fr"), ("a", "b")],
)
def test_usage_errors_exit_3(args: tuple[str, ...]) -> None:
    assert run(*args).exit_code == 3


def test_help_has_example_and_exit_codes() -> None:
    out = run("--help").stdout
    assert "loancs check" in out and "--json" in out
    assert "3 usage" in out


@pytest.mark.slow
def test_real_process_with_stdin() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "loancs", "check", "-", "--json"],
        input="月息0.5%，联系你的通讯录".encode(),
        capture_output=True,
        cwd=ROOT,
        timeout=60,
    )
    assert proc.returncode == 2, proc.stderr.decode()
    payload = json.loads(proc.stdout.decode("utf-8"))
    assert [h["category"] for h in payload["hits"]] == ["rate-disclosure", "collection"]


def test_explain_names_the_concepts_and_pattern_and_keeps_the_hit_fields() -> None:
    result = run("征信的事不用担心，我们不查", "--json", "--explain")
    assert result.exit_code == 2
    payload = json.loads(result.stdout)
    assert all(len(hit) == 8 for hit in payload["hits"])  # the contract is unchanged
    why = payload["explain"][0]
    assert why["rule"] == "zh.marketing.no-credit-check"
    assert why["pattern"] == "@credit & @nocheck"
    assert {c["concept"] for c in why["concepts"]} == {"credit", "nocheck"}
    human = run("bu查征信", "--explain", "--lang", "en").stdout
    assert "pattern:" in human and "bu查征信" in human


def test_check_module_imports_no_engine_or_rich_at_import_time() -> None:
    code = (
        "import sys, loancs.commands.check; "
        "print(sorted(m for m in ('rich.console', 'loancs.core.compliance', 'ahocorasick')"
        " if m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=60
    )
    assert out.stdout.strip() == "[]", out.stderr


def test_missing_rules_file_is_one_plain_line(tmp_path: Path) -> None:
    result = run("hello", "--rules", str(tmp_path / "nope.toml"))
    assert result.exit_code == 3
    assert result.stderr.strip() == (
        f"loancs check: error: {tmp_path / 'nope.toml'}: cannot read: no such file or directory"
    )
    result = run("hello", "--rules", str(tmp_path))
    assert result.stderr.strip().endswith(f"{tmp_path}: cannot read: is a directory")


def test_a_pasted_messages_terminal_escapes_are_shown_not_run():
    """`loancs check` echoed the message as it was: an ESC sequence in pasted customer text
    cleared the screen (or recoloured it). Controls now show as their pictures (␛), one for
    one, and the hit is still highlighted on the right words."""
    proc = subprocess.run(
        [sys.executable, "-m", "loancs", "check", "\x1b[2J\x1b[31m保证通过\u202e日利率万五\x07"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 2, proc.stderr
    assert "\x1b" not in proc.stdout and "\x07" not in proc.stdout and "\u202e" not in proc.stdout
    assert "␛[2J␛[31m保证通过\ufffd日利率万五␇" in proc.stdout


def test_explain_under_zh_says_why_it_fired_in_chinese() -> None:
    """The engine's own patterns (a rate quote, a checksummed number) were printed in English
    under --lang zh; a rule's own pattern stays as its author wrote it."""
    human = run("月费率千分之五，分12期，电话13812345678", "--explain", "--lang", "zh").stdout
    assert "利率报价：月费率（按本金） 0.5%，12 期" in human, human
    assert "个人信息：手机号（按号码格式与前后字样识别）" in human, (
        human
    )  # (pii s34: no check digit)
    assert "rate quote" not in human and "pii:" not in human, human
    english = run("daily rate 0.05%", "--explain", "--lang", "en").stdout
    assert "rate quote: daily 0.05%" in english, english


def test_explain_under_zh_says_what_the_model_made_of_a_weak_rules_hit_in_chinese(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The model's line under a weak rule's hit (vetoed or confirmed) was printed in English
    under --lang zh."""
    from loancs.core.compliance.model import shipped

    lender = tmp_path / "lender.toml"
    lender.write_text('[[rule]]\nid = "zh.collection.third-party"\nweak = true\n', "utf-8")
    threat = "再不还钱就打电话给你爸妈和你单位领导，让大家都知道你欠钱不还"
    runner = CliRunner()
    args = ["check", threat, "--explain", "--rules", str(lender), "--lang", "zh"]
    monkeypatch.setattr(shipped(), "veto", 50.0)  # no sentence reaches it: vetoed
    out = runner.invoke(app, args).output
    assert "弱规则被模型否决：最高得分" in out and "weak rule" not in out, out
    monkeypatch.setattr(shipped(), "veto", -50.0)  # every sentence reaches it: confirmed
    out = runner.invoke(app, args).output
    assert "弱规则经模型确认：" in out and "weak rule" not in out, out
    english = runner.invoke(app, [*args[:-1], "en"]).output
    assert "weak rule confirmed by the model" in english, english
