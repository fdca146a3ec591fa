"""Where things live and how a command finds its server and token.

Order for the token: the ``--token`` option, then ``LOANCS_TOKEN``, then the ``token``
line of the config file (``~/.config/loancs/config.toml`` or ``LOANCS_CONFIG``).
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

from loancs.core.config import ClientFile, ConfigError, parse_client_file

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


def load_config() -> ClientFile:
    """The client config file (empty when there is none). A malformed file, an unknown key
    or an unreadable file raises ConfigError with one line naming the file."""
    path = config_path()
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return ClientFile()
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read: {exc.strerror or exc}") from None
    return parse_client_file(data, str(path))


# The server's own web pages (loancs/server/http.py): never its websocket. `serve` prints
# them ("web chat: http://127.0.0.1:8765/chat"), and a pasted one was "server rejected
# WebSocket connection: HTTP 200 ... Is it running?".
WEB_PAGES = ("/chat", "/chat/", "/healthz", "/metrics")


def server_url(text: str) -> str:
    """A server address as people write it: ``host:port`` is ``ws://host:port``, and the
    ``http://`` address `serve` prints (health, web chat) is its ``ws://`` one, without the
    page's path."""
    url = text.strip()
    if url.startswith("http://"):
        url = "ws://" + url.removeprefix("http://")
    elif url.startswith("https://"):
        url = "wss://" + url.removeprefix("https://")
    elif "://" not in url:
        url = "ws://" + url
    scheme, _, rest = url.partition("://")
    host, slash, path = rest.partition("/")
    if slash and "/" + path.split("?", 1)[0] in WEB_PAGES:
        return f"{scheme}://{host}"
    return url


def resolve_server(explicit: str | None) -> str:
    if explicit or os.environ.get("LOANCS_SERVER"):
        return server_url(explicit or os.environ["LOANCS_SERVER"])
    return server_url(load_config().server or DEFAULT_SERVER)


def resolve_token(explicit: str | None) -> str | None:
    """Without the spaces or line end a paste or ``echo`` leaves around it (a token has none)."""
    token = explicit or os.environ.get("LOANCS_TOKEN") or load_config().token
    return token.strip() if token else token
