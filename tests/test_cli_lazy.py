"""`loancs` imports a command's module only when that command runs; the command table in
cli.py matches what the modules register; -V and shell completion exist."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from loancs import __version__
from loancs.cli import COMMAND_MODULES, COMMANDS, load_module_commands

PROBE = (
    "import sys\n"
    "from typer.testing import CliRunner\n"
    "from loancs.cli import app\n"
    "r = CliRunner().invoke(app, sys.argv[1:])\n"
    "assert r.exit_code == 0, r.output\n"
    "print(' '.join(sorted(m for m in sys.modules if m.startswith('loancs.commands.'))))\n"
)


def loaded_after(*args: str) -> set[str]:
    out = subprocess.run(
        [sys.executable, "-c", PROBE, *args], capture_output=True, text=True, timeout=60
    )
    assert out.returncode == 0, out.stderr
    return set(out.stdout.split())


def test_help_imports_no_command_module() -> None:
    assert loaded_after("--help") == set()


def test_a_command_imports_only_its_own_module() -> None:
    assert loaded_after("calc", "schedule", "-p", "100000", "-r", "4.2", "-n", "12") == {
        "loancs.commands.calc"
    }


HEAVY = (
    "import sys\n"
    "from loancs.cli import main\n"
    "sys.argv = ['loancs', *sys.argv[1:]]\n"
    "try:\n"
    "    main()\n"
    "except SystemExit as exc:\n"
    "    code = exc.code\n"
    "print('\\nEXIT', code, 'pydantic' in sys.modules, flush=True)\n"
)


def test_calc_and_check_start_without_pydantic() -> None:
    """Typer would build a pydantic adapter for every option; plain text options and flags
    pass through (cli.py), so the commands scripts run most never import pydantic, and a
    bad value still gets the same message."""
    cases = [
        (["calc", "schedule", "-p", "100000", "-r", "4.2", "-n", "12"], "0", "8,524.13"),
        (["calc", "schedule", "-p", "100000", "-r", "4.2", "-n", "twelve"], "2", "twelve"),
        (["check", "保证下款", "--json"], "2", "guaranteed-approval"),
    ]
    for args, code, shown in cases:
        out = subprocess.run(
            [sys.executable, "-c", HEAVY, *args], capture_output=True, text=True, timeout=60
        )
        *_, last = out.stdout.strip().splitlines()
        assert last == f"EXIT {code} False", out.stdout + out.stderr
        assert shown in out.stdout + out.stderr


HELP = (
    "import sys\n"
    "from loancs.cli import main\n"
    "sys.argv = ['loancs', '--help']\n"
    "try:\n"
    "    main()\n"
    "except SystemExit:\n"
    "    pass\n"
    "print('LOADED', sorted(m for m in ('rich.markdown', 'rich.traceback') if m in sys.modules))\n"
    "import typer.rich_utils as r\n"
    "try:\n"
    "    1 / 0\n"
    "except ZeroDivisionError as exc:\n"
    "    tb = r.Traceback.from_exception(type(exc), exc, exc.__traceback__)\n"
    "print('LATER', type(tb).__module__, isinstance(tb, r.Traceback), type(r.Markdown('x')).__module__)\n"
)


def test_help_leaves_markdown_and_tracebacks_unloaded_until_used() -> None:
    """`loancs --help` renders without importing rich.markdown or rich.traceback (half its
    start-up); a traceback or Markdown asked for later is the real one."""
    out = subprocess.run(
        [sys.executable, "-c", HELP],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "COLUMNS": "100"},
    )
    assert out.returncode == 0, out.stderr
    assert "Usage: loancs" in out.stdout and "calc" in out.stdout
    assert "LOADED []" in out.stdout
    assert "LATER rich.traceback True rich.markdown" in out.stdout


def test_the_command_table_matches_the_modules() -> None:
    registered: dict[str, str] = {}
    for module in COMMAND_MODULES:
        for name in load_module_commands(module):
            registered[name] = module
    assert registered == {name: module for name, (module, _) in COMMANDS.items()}


def test_every_command_module_is_in_the_table() -> None:
    commands = Path(__file__).resolve().parent.parent / "loancs" / "commands"
    with_register = {
        path.stem
        for path in commands.glob("*.py")
        if "\ndef register(" in path.read_text(encoding="utf-8")
    }
    assert with_register <= set(COMMAND_MODULES), "add a row to COMMANDS in loancs/cli.py"


def test_version_and_completion() -> None:
    env = {**os.environ, "COLUMNS": "200"}
    for flag in ("-V", "--version"):
        out = subprocess.run(
            [sys.executable, "-m", "loancs", flag], capture_output=True, text=True, env=env
        )
        assert out.returncode == 0 and out.stdout.strip() == f"loancs {__version__}"
    out = subprocess.run(
        [sys.executable, "-m", "loancs", "--help"], capture_output=True, text=True, env=env
    )
    assert "--install-completion" in out.stdout
    # What the installed completion script asks: the commands for `loancs ca<TAB>`.
    out = subprocess.run(
        [sys.executable, "-m", "loancs"],
        capture_output=True,
        text=True,
        env={
            **env,
            "_LOANCS_COMPLETE": "complete_bash",
            "COMP_WORDS": "loancs ca",
            "COMP_CWORD": "1",
        },
    )
    assert "calc" in out.stdout.split(), out.stdout + out.stderr
