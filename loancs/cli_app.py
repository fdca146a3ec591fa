"""The Typer application behind :func:`loancs.cli.main`: the lazy command group, the
help renderer and the start-up shortcuts Typer needs. :mod:`loancs.cli` keeps the command
table and the entry point, and reaches this module only when a command needs Typer (every
command but a plain ``loancs check``); ``loancs.cli.app`` and the other names here stay
importable from there.
"""

from __future__ import annotations

import importlib
import os
import re
import sys
import types
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

import typer
from typer.core import TyperCommand, TyperGroup

from loancs import __version__
from loancs.cli import COMMANDS


class LazyGroup(TyperGroup):
    """A click group that imports a command's module only when the command is used."""

    listing = False  # True while --help renders the command list: placeholders suffice

    def list_commands(self, ctx: Any) -> list[str]:
        return list(dict.fromkeys([*COMMANDS, *self.commands]))

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        if cmd_name in self.commands:
            return self.commands[cmd_name]
        entry = COMMANDS.get(cmd_name)
        if entry is None:
            return None
        if self.listing:
            return TyperCommand(name=cmd_name, help=entry[1], short_help=entry[1])
        self.commands.update(load_module_commands(entry[0]))
        return self.commands.get(cmd_name)

    def format_help(self, ctx: Any, formatter: Any) -> None:
        _import_typer_help_renderer()
        self.listing = True
        try:
            super().format_help(ctx, formatter)
        finally:
            self.listing = False


def _stand_in(module: str, name: str) -> type:
    """A class that imports ``module`` and becomes its ``name`` on first use."""

    def real() -> Any:
        return getattr(importlib.import_module(module), name)

    class Meta(type):
        def __getattr__(cls, attr: str) -> Any:  # Traceback.from_exception(...)
            return getattr(real(), attr)

        def __instancecheck__(cls, obj: Any) -> bool:
            return isinstance(obj, real())

    class StandIn(metaclass=Meta):
        def __new__(cls, *args: Any, **kwargs: Any) -> Any:  # Markdown(text, ...)
            return real()(*args, **kwargs)

    StandIn.__name__ = StandIn.__qualname__ = name
    return StandIn


def _import_typer_help_renderer() -> None:
    """Typer renders help with typer.rich_utils, which imports rich.markdown and
    rich.traceback at its top: together as long to import as Typer and Rich themselves.
    `loancs --help` uses neither (its help is Rich markup, not Markdown, and it shows no
    traceback), so the renderer is imported with stand-ins for those two classes that load
    the real module on first use; the stand-in modules are gone again afterwards, so any
    later import gets the real ones."""
    if "typer.rich_utils" in sys.modules:
        return
    stand_ins: dict[str, types.ModuleType] = {}
    for module, name in (("rich.markdown", "Markdown"), ("rich.traceback", "Traceback")):
        if module not in sys.modules:
            stand_ins[module] = types.ModuleType(module)
            setattr(stand_ins[module], name, _stand_in(module, name))
    sys.modules.update(stand_ins)
    try:
        importlib.import_module("typer.rich_utils")
    finally:
        for module, placeholder in stand_ins.items():
            if sys.modules.get(module) is placeholder:
                del sys.modules[module]


def load_module_commands(module: str) -> dict[str, Any]:
    """The click commands that loancs/commands/<module>.py registers."""
    mod = importlib.import_module(f"loancs.commands.{module}")
    holder = typer.Typer(rich_markup_mode="rich")
    mod.register(holder)
    group: Any = typer.main.get_group(holder)
    return dict(group.commands)


# A number as pydantic (lax mode) reads it, only in the forms where Python's int()/float()
# give the same value: ASCII digits, an optional minus sign, a short fraction. Anything else
# ("1e3", " 12", "1_000", "١٢", "x") goes to Typer's own coercion.
_PLAIN_NUMBER = {
    int: re.compile(r"-?[0-9]{1,18}", re.ASCII),
    float: re.compile(r"-?[0-9]{1,15}(?:\.[0-9]{1,15})?", re.ASCII),
}


def _plain_value(annotation: Any, value: Any) -> Any:
    """``value`` as Typer's pydantic adapter would return it for a parameter of type
    ``annotation`` with no constraints, or ``_NOT_PLAIN`` when that needs pydantic."""
    kind = type(value)
    if annotation is Path:
        if kind is str and "\x00" not in value:
            path = Path(value)  # what pydantic's Path validator makes of a str
        elif isinstance(value, Path):
            path = value  # a default
        else:
            return _NOT_PLAIN
        try:
            os.stat(path)
        except OSError:
            return path  # no such file (yet): not checked further
        # An existing path must be readable (Typer's default check): say so its way.
        return path if os.access(path, os.R_OK) else _NOT_PLAIN
    if kind is annotation:  # a str, bool, int or float that already is one
        return value
    if kind is str:
        pattern = _PLAIN_NUMBER.get(annotation)
        if pattern is not None and pattern.fullmatch(value):
            return annotation(value)
        return _NOT_PLAIN
    if annotation == list[str] and kind in (list, tuple) and all(type(v) is str for v in value):
        return list(value)  # a repeated text option
    return _NOT_PLAIN


_NOT_PLAIN = object()


def _plain_options_skip_pydantic() -> None:
    """Typer 0.29 builds a pydantic TypeAdapter for every parameter it processes, even a
    plain text option or a flag, and importing pydantic is most of the start-up time of
    every command (scripts/bench_startup.py; ~0.3 s of CPU for `loancs serve`). A value
    that already has its parameter's type, a number written plainly, a path (Typer's
    default checks) or repeated text options are what the adapter would return, so they
    are converted here (:func:`_plain_value`); every other parameter (constraints, choices,
    a parser, a file, a non-default path check) and every other value (an error to report,
    a number pydantic reads its own way) goes to Typer's own coercion, built on first use.
    Typer is pinned (pyproject.toml); if its internals move, nothing is patched and only
    the start-up is slower."""
    try:
        from dataclasses import dataclass, field

        from typer import core as typer_core
        from typer._coercion import RuntimeParam
    except ImportError:  # pragma: no cover - another Typer
        return
    found = getattr(typer_core, "build_runtime_param", None)
    if found is None or getattr(found, "loancs_fast", False):
        return
    build: Callable[[Any], Any] = found

    @dataclass(frozen=True)
    class PlainParam(RuntimeParam):
        descriptor: Any = None
        typers: list[Any] = field(default_factory=list, compare=False)  # built on first use

        def _coerce_value(self, value: Any, param: Any, ctx: Any) -> Any:
            plain = _plain_value(self.annotation, value)
            if plain is not _NOT_PLAIN:
                return plain
            if not self.typers:
                self.typers.append(build(self.descriptor))
            return self.typers[0]._coerce_value(value, param, ctx)

    def fast_build(descriptor: Any) -> Any:
        info = descriptor.parameter_info
        if (
            descriptor.annotation in (str, bool, int, float, Path, list[str])
            and descriptor.file_annotation is None
            and getattr(info, "parser", None) is None
            and getattr(info, "click_type", None) is None
            and _default_checks(descriptor.annotation, info)
        ):
            return PlainParam(info, descriptor.annotation, descriptor)
        return build(descriptor)

    fast_build.loancs_fast = True  # type: ignore[attr-defined]
    typer_core.build_runtime_param = fast_build


def _default_checks(annotation: Any, info: Any) -> bool:
    """True when a number has no bounds and a path has Typer's default checks only (may
    or may not exist, file or directory, readable if it exists, taken as written)."""
    if annotation in (int, float):
        return info.min is None and info.max is None and not info.clamp
    if annotation is Path:
        return (
            not info.exists
            and info.file_okay
            and info.dir_okay
            and not info.writable
            and info.readable
            and not info.resolve_path
            and not info.allow_dash
            and info.path_type is None
        )
    return True


def _help_types_as_typed() -> None:
    """Help pages name what an option takes: nothing for a flag (Typer labelled
    ``--webchat/--no-webchat`` and even ``--help`` ``<bool>``, as if they took a value) and
    a repeatable option's one value (``<str>``, not ``<list[str]>``; its help says repeat)."""
    from typer.core import TyperOption

    typed = TyperOption.display_type_rich

    def display_type_rich(self: TyperOption, ctx: Any) -> str | None:
        if self.metavar is None and (self.is_flag or self.count):
            return None
        shown = typed(self, ctx)
        if shown and shown.startswith("<list[") and shown.endswith("]>"):
            return f"<{shown[6:-2]}>"
        return shown

    TyperOption.display_type_rich = display_type_rich  # type: ignore[method-assign]


_plain_options_skip_pydantic()
_help_types_as_typed()

app = typer.Typer(
    name="loancs",
    cls=LazyGroup,
    help="loancs: one inbox for a lender's phone, web chat and WeChat borrowers.",
    rich_markup_mode="rich",
    context_settings={"help_option_names": ["-h", "--help"]},
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_show_locals=False,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"loancs {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option(
            "--version", "-V", callback=_version, is_eager=True, help="Print the version."
        ),
    ] = False,
) -> None:
    """loancs: one inbox for a lender's phone, web chat and WeChat borrowers.

    Shell completion: [bold]loancs --install-completion[/bold] (bash, zsh, fish, PowerShell).
    """


def run() -> None:
    """Parse ``sys.argv`` with Typer and run the command."""
    from loancs.errors import OperatorError

    try:
        app(prog_name="loancs")  # also under `python -m loancs` (usage lines, completion)
    except OperatorError as exc:  # a config file, a database path ...: one line, no traceback
        typer.echo(f"error: {exc}", err=True)
        raise SystemExit(exc.exit_code) from None
