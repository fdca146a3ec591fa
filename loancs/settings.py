"""Where things live and how a command finds its server and token.

Order for the token: the ``--token`` option, then ``LOANCS_TOKEN``, then the ``token``
line of the config file (``~/.config/loancs/config.toml`` or ``LOANCS_CONFIG``).
"""

from __future__ import annotations

import os
import tomllib
from pathlib import Path

import platformdirs

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8765
DEFAULT_SERVER = f"ws://{DEFAULT_HOST}:{DEFAULT_PORT}"
LENDER_TZ = "Asia/Shanghai"


def data_dir() -> Path:
    path = Path(os.environ.get("LOANCS_DATA") or platformdirs.user_data_dir("loancs"))
    return path


def default_db_path() -> Path:
    return data_dir() / "loancs.db"


def config_path() -> Path:
    env = os.environ.get("LOANCS_CONFIG")
    return Path(env) if env else Path(platformdirs.user_config_dir("loancs")) / "config.toml"


def load_config() -> dict:
    path = config_path()
    if not path.exists():
        return {}
    with path.open("rb") as fh:
        return tomllib.load(fh)


def resolve_server(explicit: str | None) -> str:
    return (
        explicit or os.environ.get("LOANCS_SERVER") or load_config().get("server") or DEFAULT_SERVER
    )


def resolve_token(explicit: str | None) -> str | None:
    return explicit or os.environ.get("LOANCS_TOKEN") or load_config().get("token")
