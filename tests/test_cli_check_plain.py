"""A plain `loancs check` runs without Typer (start-up), and prints, exits and fails exactly
as the Typer command does: every case below runs as a real process both ways."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.test_cli_check import DISABLE_GUARANTEE, shared_rules_file

ROOT = Path(__file__).resolve().parents[1]
# The same command line parsed by Typer, whatever loancs.cli.main would do with it.
THROUGH_TYPER = (
    "import sys\nsys.argv[0] = 'loancs'\nfrom loancs.cli import app\napp(prog_name='loancs')\n"
)
PROBE = (
    "import sys\n"
    "from loancs.cli import main\n"
    "sys.argv = ['loancs', *sys.argv[1:]]\n"
    "try:\n"
    "    main()\n"
    "except SystemExit as exc:\n"
    "    code = exc.code\n"
    "print('\\nEXIT', code, 'typer' in sys.modules, flush=True)\n"
)


@pytest.fixture(scope="module")
def env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    # The session's rules cache (conftest): the rules one run of these compiled, the next
    # reads; whether they were compiled or read changes nothing these runs print.
    base = {k: v for k, v in os.environ.items() if k not in ("LOANCS_LANG", "LC_ALL")}
    cache = os.environ.get("LOANCS_CACHE_DIR") or str(tmp_path_factory.mktemp("rules-cache"))
    return {**base, "COLUMNS": "100", "LANG": "en_US.UTF-8", "LOANCS_CACHE_DIR": cache}


@pytest.fixture(scope="module")
def rule_files(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, str]:
    folder = tmp_path_factory.mktemp("rules")
    lender = shared_rules_file("lender-no-guarantee.toml", DISABLE_GUARANTEE, folder)
    bad = folder / "bad.toml"
    bad.write_text('[[rule]]\nid = "x"\nseverity = "fatal"\n', encoding="utf-8")
    return str(lender), str(bad)


def both(args: list[str], env: dict[str, str], stdin: str | None = None) -> tuple[Any, Any]:
    def run(cmd: list[str]) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [*cmd, "check", *args],
            input=stdin,
            capture_output=True,
            text=True,
            cwd=ROOT,
            env=env,
            timeout=60,
        )

    return run([sys.executable, "-m", "loancs"]), run([sys.executable, "-c", THROUGH_TYPER])


CASES = [
    (["保证通过", "--json"], None),
    (["月费率0.5%，分12期"], None),
    (["--lang", "zh", "[bold]保证通过[/bold] 13800138000"], None),
    (["征信的事不用担心，我们不查", "--json", "--explain"], None),
    (["bu查征信", "--explain", "--lang=en"], None),
    (["", "--json"], None),
    (["-", "--json"], "月息0.5%，联系你的通讯录\n"),
    (["-"], "we offer guaranteed approval"),
    (["hello", "--lang", "fr"], None),
    # not plain: Typer parses these in both runs
    (["--help"], None),
    (["hello", "--bogus"], None),
]


@pytest.mark.parametrize(("args", "stdin"), CASES)
def test_plain_check_prints_and_exits_as_typer_does(
    args: list[str], stdin: str | None, env: dict[str, str]
) -> None:
    plain, typer = both(args, env, stdin)
    assert (plain.returncode, plain.stdout, plain.stderr) == (
        typer.returncode,
        typer.stdout,
        typer.stderr,
    )
    assert plain.stdout or plain.stderr


def test_rules_files_as_typer_does(env: dict[str, str], rule_files: tuple[str, str]) -> None:
    lender, bad = rule_files
    for args in (["保证通过", "--rules", lender, "--json"], ["hello", f"--rules={bad}"]):
        plain, typer = both(args, env)
        assert (plain.returncode, plain.stdout, plain.stderr) == (
            typer.returncode,
            typer.stdout,
            typer.stderr,
        )
    assert plain.returncode == 3 and "bad.toml" in plain.stderr


def test_plain_check_does_not_import_typer_but_help_does(env: dict[str, str]) -> None:
    for args, code, typer_loaded in (
        (["保证下款", "--json"], 2, False),
        (["您好", "--lang", "en"], 0, False),
        (["--help"], 0, True),
        (["hello", "--bogus"], 3, True),
    ):
        out = subprocess.run(
            [sys.executable, "-c", PROBE, "check", *args],
            capture_output=True,
            text=True,
            cwd=ROOT,
            env=env,
            timeout=60,
        )
        *_, last = out.stdout.strip().splitlines()
        assert last == f"EXIT {code} {typer_loaded}", out.stdout + out.stderr
