"""`loancs` imports a command's module only when that command runs; the command table in
cli.py matches what the modules register; -V and shell completion exist."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

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
    "import json, sys\n"
    "from loancs.cli import main\n"
    "for args in json.loads(sys.argv[1]):\n"
    "    print('CASE', flush=True)\n"
    "    sys.argv = ['loancs', *args]\n"
    "    try:\n"
    "        main()\n"
    "    except SystemExit as exc:\n"
    "        code = exc.code\n"
    "    print('\\nEXIT', code, 'pydantic' in sys.modules, flush=True)\n"
)


def test_commands_start_without_pydantic(tmp_path: Path) -> None:
    """Typer would build a pydantic adapter for every option; text, flags, plain numbers,
    paths and repeated options are converted without it (cli_app.py), so `calc`, `check` and
    `serve` (every server start) never import pydantic, and a bad value still gets Typer's
    own message (through pydantic, imported then). One interpreter runs the commands in turn
    (the last one imports pydantic)."""
    missing = str(tmp_path / "missing.toml")
    db = str(tmp_path / "x.db")
    cases = [
        (["calc", "schedule", "-p", "100000", "-r", "4.2", "-n", "12"], "0", "8,524.13", False),
        (["calc", "schedule", "-p", "100000", "-r", "4.2", "-n", "twelve"], "2", "twelve", False),
        (["check", "保证下款", "--json"], "2", "guaranteed-approval", False),
        (
            ["serve", "--db", db, "--port", "0", "--chat-origin", "https://a", "--config", missing],
            "2",
            f"{missing}: cannot read",
            False,
        ),
        (["serve", "--db", db, "--port", "eighty"], "2", "Input should be a valid", True),
    ]
    out = subprocess.run(
        [sys.executable, "-c", HEAVY, json.dumps([args for args, *_ in cases])],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        timeout=60,
    )
    said = out.stdout.split("CASE\n")[1:]
    assert len(said) == len(cases), out.stdout
    for (_args, code, shown, pydantic), printed in zip(cases, said, strict=True):
        *_, last = printed.strip().splitlines()
        assert last == f"EXIT {code} {pydantic}", printed
        assert shown in " ".join(printed.split()), printed


def test_options_read_without_pydantic_as_typer_reads_them(tmp_path: Path) -> None:
    """Every option and argument of every command, given values of every kind (numbers
    plain and not, paths existing or not, lists, defaults, wrong types): the shortcut in
    cli_app.py returns what Typer's own pydantic coercion returns, or fails the same way."""
    import click
    from typer import _coercion, core

    assert core.build_runtime_param is not _coercion.build_runtime_param  # the shortcut is on
    file = tmp_path / "f"
    file.write_text("x")
    values = [
        *("0", "12", "-3", "007", "+5", "1.5", "-0.25", "2.", ".5", "x", "", " 1", "1e3"),
        *("1_000", "١٢", "99999999999999999999", "nan", "inf", "true", "no"),
        *(str(tmp_path), f"{file}//", f"{tmp_path}//f", "/nonexistent/a", "a//b/", "~", "-"),
        *("\x00", ("a", "b"), [], (), ["x"], ("a", 1), True, False, 5, 5.0, 2**70, None),
        *(tmp_path, Path("/nonexistent"), b"bytes"),
    ]

    def outcome(runtime: Any, value: Any, param: Any, ctx: Any) -> tuple[str, str, str]:
        try:
            got = runtime.coerce(value, param, ctx)
        except Exception as exc:  # the same error, or the same value
            return ("error", type(exc).__name__, str(exc))
        return ("value", type(got).__name__, repr(got))

    # The parameters, one per kind: what Typer's coercion reads (the type, repeats, every
    # setting but the cosmetic ones); each kind also gets its parameters' defaults.
    cosmetic = {"help", "default", "envvar", "param_decls", "rich_help_panel", "show_default"}
    cosmetic |= {"metavar", "callback", "is_eager", "hidden", "show_envvar", "expose_value"}
    cosmetic |= {"autocompletion", "shell_complete", "show_choices", "allow_from_autoenv"}
    kinds: dict[str, tuple[Any, Any, list[Any]]] = {}
    for module in COMMAND_MODULES:
        commands = list(load_module_commands(module).values())
        while commands:
            command = commands.pop()
            commands.extend(getattr(command, "commands", {}).values())
            for param in command.params:
                info = vars(param.type_descriptor.parameter_info)
                setting = sorted((k, repr(v)) for k, v in info.items() if k not in cosmetic)
                key = repr((param.type_descriptor.annotation, param.multiple, param.nargs, setting))
                kinds.setdefault(key, (command, param, []))[2].append(param.default)
    for command, param, defaults in kinds.values():
        ctx = click.Context(command)
        descriptor = param.type_descriptor
        fast = core.build_runtime_param(descriptor)
        typer_own = _coercion.build_runtime_param(descriptor)
        for value in [*values, *defaults]:
            assert outcome(fast, value, param, ctx) == outcome(typer_own, value, param, ctx), (
                command.name,
                param.name,
                value,
            )
    assert len(kinds) >= 6  # text, flag, path, int, float, repeated text


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
