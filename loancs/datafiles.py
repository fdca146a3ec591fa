"""TOML data shipped inside the package (the simulator's scenarios, the demo's stories),
decoded into msgspec Structs: a misspelt key or a wrong type is refused with the file named."""

from __future__ import annotations

import tomllib
from importlib import resources
from pathlib import Path
from typing import TypeVar

import msgspec

T = TypeVar("T")


def load_toml(package: str, name: str, into: type[T], path: Path | None = None) -> T:
    """``name`` (e.g. "scenarios/borrowers.toml") from the package ``package``, or the file at
    ``path`` when given, decoded into ``into``. Raises ``ValueError`` naming the file."""
    if path is None:
        data = resources.files(package).joinpath(*name.split("/")).read_bytes()
        where = f"{package.replace('.', '/')}/{name}"
    else:
        data, where = path.read_bytes(), str(path)
    try:
        return msgspec.convert(tomllib.loads(data.decode("utf-8")), into)
    except (tomllib.TOMLDecodeError, msgspec.ValidationError, UnicodeDecodeError) as exc:
        raise ValueError(f"{where}: {exc}") from None
