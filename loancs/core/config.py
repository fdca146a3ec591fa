"""The two config files, decoded strictly: `loancs serve --config FILE` (the lender's server
settings) and the client file ``~/.config/loancs/config.toml`` (server URL and token for
the console, tail, queues ...).

Each file is ONE msgspec Struct; an unknown key or a wrong type is refused with the key's
name and the file's path (``ConfigError``), never ignored.

Adding a table to the server file is a one-place change: define a Struct below (every field
with a default, ``forbid_unknown_fields=True`` via ``Table``) and add it as a field of
``ServerFile``; the server reads it as ``server.config.file.<table>.<key>``, ``loancs serve
--help`` lists it, and docs/config.md gets a section (tests/test_config.py checks that every
key is documented there).

Pure: no file reads here (callers pass the bytes), so core stays free of I/O.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal, TypeVar

import msgspec

from loancs.errors import OperatorError

_T = TypeVar("_T")


class ConfigError(OperatorError, ValueError):
    """A config file that cannot be used; the message names the file and the key."""

    exit_code = 2


class Table(msgspec.Struct, forbid_unknown_fields=True, kw_only=True, omit_defaults=True):
    """Base of every config table: unknown keys are refused."""


# ---------------------------------------------------------------- server file tables


class ServerTable(Table):
    """``[server]``: where the server listens and keeps its data. A command-line option wins
    over the file; the file wins over the built-in default."""

    host: str = "127.0.0.1"
    port: Annotated[int, msgspec.Meta(ge=0, le=65535)] = 8765
    # A SQLite file or a postgresql:// URL; default: the user data directory's loancs.db
    db: str | None = None
    max_frame: int = 64 * 1024
    sync: Literal["full", "normal"] = "full"
    tls_cert: str | None = None
    tls_key: str | None = None
    rules: str | None = None
    chat_origins: list[str] = msgspec.field(default_factory=list)
    webchat: bool = True
    # where SQL and hashing run: "auto" (a thread on one CPU, else a child process),
    # "process" or "thread" (server/config.py writer_mode)
    writer: Literal["auto", "process", "thread"] = "auto"


class LogTable(Table):
    """``[log]``: how much to log, where, and in which format."""

    level: Literal["debug", "info", "warning", "error"] = "info"
    # "text" for people, "json" (one object a line) for log shippers.
    format: Literal["text", "json"] = "text"
    # None: standard error (journald picks it up under systemd). A path: a rotating file.
    file: str | None = None
    max_bytes: int = 10 * 1024 * 1024
    backups: int = 5


class ContactTable(Table):
    """``[contact]``: quiet hours and the daily cap of outbound attempts per customer. When
    the table is absent the rule file's ``[contact]`` table (or these defaults) applies."""

    quiet_start: str = "22:00"
    quiet_end: str = "08:00"
    daily_cap: int = 6
    tz: str = "Asia/Shanghai"


class WeChatTable(Table):
    """``[wechat]``: the Official Account and the customer-service message limits."""

    listen: str | None = None  # HOST:PORT: run the webhook inside `loancs serve`
    token: str | None = None
    aes_key: str | None = None
    appid: str | None = None
    secret: str | None = None
    api_base: str | None = None
    # Replies are allowed only this long after the customer's last message.
    window_hours: float = 48.0
    # Replies allowed per customer message window (WeChat answers 45047 past it).
    reply_quota: int = 20


ROLES = ("channel", "agent", "supervisor", "admin", "customer")


class LimitsTable(Table):
    """``[limits]``: what one address, one identity and everybody together may take."""

    max_connections: int = 10000  # open websockets in total
    max_per_address: int = 256  # open websockets from one IP address
    max_unauthenticated: int = 256  # sockets that have not said a good hello yet
    # seconds between keepalive pings, and to answer one: a silent peer is closed (1011); a
    # subscriber that stopped reading is told to resync instead. Below an idle timeout of
    # the load balancer in front.
    keepalive_s: float = 20.0
    # frames per second and burst, per identity (all its connections share one bucket):
    # a role name -> [rate, burst]; unnamed roles keep the built-in values.
    rates: dict[str, list[float]] = msgspec.field(default_factory=dict)


class PrivacyTable(Table):
    """``[privacy]``: the master key and how long personal data is kept."""

    master_key_file: str | None = None  # default: LOANCS_MASTER_KEY, else <db>.key
    retention_years: float = 5.0  # `loancs privacy retain` erases customers idle longer


class WrapUpTable(Table):
    """``[wrapup]``: how agents close their work."""

    # Resolving a conversation (any channel) without an outcome code is refused.
    # Phone conversations always need one.
    required: bool = False


class CsatTable(Table):
    """``[csat]``: the rating request after a conversation is resolved."""

    enabled: bool = True
    window_days: float = 30.0  # nobody is asked twice within this many days
    answer_hours: float = 72.0  # a rating later than this after the request is not taken
    channels: list[str] = msgspec.field(default_factory=lambda: ["chat", "wechat"])


AssistantMode = Literal["always", "off_hours", "off"]


class AssistantTable(Table):
    """``[assistant]``: the self-service assistant answers customers first, per channel:
    ``always``, ``off_hours`` (outside business hours) or ``off``. A person takes over when
    it must; if it fails or is slow the conversation is queued as without it."""

    chat: AssistantMode = "off"
    wechat: AssistantMode = "off"
    hours: str = "09:00-18:00"  # business hours, local time
    weekdays: list[int] = msgspec.field(default_factory=lambda: [1, 2, 3, 4, 5])  # 1 = Monday
    timezone: str = "Asia/Shanghai"
    holidays: list[str] = msgspec.field(default_factory=list)  # ISO dates the team is off
    kb: str | None = None  # knowledge base directory (default: the shipped one); reloads
    catalog: str | None = None  # product catalog TOML (default: the shipped demo catalog)
    timeout_s: float = 3.0  # no answer within this: the conversation is queued as usual
    prescreen: bool = True  # off hours, pre-screen borrowers who want a loan
    sms: Literal["log", "off"] = "log"  # one-time codes: logged (demo) or web-chat codes off
    login_secret: str | None = None  # HMAC key of the lender's login tokens (verify_token)


class ServerFile(Table):
    """The whole ``loancs serve --config`` file."""

    server: ServerTable = msgspec.field(default_factory=ServerTable)
    log: LogTable = msgspec.field(default_factory=LogTable)
    # Checked key by key by RoutingPolicy.from_dict (unknown keys refused there).
    routing: dict[str, Any] = msgspec.field(default_factory=dict)
    contact: ContactTable | None = None
    wechat: WeChatTable = msgspec.field(default_factory=WeChatTable)
    limits: LimitsTable = msgspec.field(default_factory=LimitsTable)
    privacy: PrivacyTable = msgspec.field(default_factory=PrivacyTable)
    wrapup: WrapUpTable = msgspec.field(default_factory=WrapUpTable)
    csat: CsatTable = msgspec.field(default_factory=CsatTable)
    assistant: AssistantTable = msgspec.field(default_factory=AssistantTable)


def table_names(struct: type[msgspec.Struct] = ServerFile) -> list[str]:
    """The tables of a config file, in order (for --help and the docs test)."""
    return list(struct.__struct_fields__)


def table_keys(struct: type[msgspec.Struct] = ServerFile) -> dict[str, list[str]]:
    """Every documented key: {table: [key, ...]} (routing's keys come from RoutingPolicy)."""
    import dataclasses

    from loancs.core.routing.policy import RoutingPolicy

    out: dict[str, list[str]] = {}
    hints = msgspec.structs.fields(struct)
    for field in hints:
        sub = _struct_type(field.type)
        if sub is not None:
            out[field.name] = list(sub.__struct_fields__)
        elif field.name == "routing":
            out[field.name] = [f.name for f in dataclasses.fields(RoutingPolicy)]
        else:
            out[field.name] = []
    return out


def _struct_type(tp: Any) -> type[msgspec.Struct] | None:
    if isinstance(tp, type) and issubclass(tp, msgspec.Struct):
        return tp
    for arg in getattr(tp, "__args__", ()):  # Optional[Struct]
        if isinstance(arg, type) and issubclass(arg, msgspec.Struct):
            return arg
    return None


def parse_server_file(data: bytes | str, path: str = "<config>") -> ServerFile:
    """Decode and check a server config file; ConfigError names the file and the key."""
    parsed = _decode(data, ServerFile, path)
    from loancs.core.compliance.contact import ContactPolicy
    from loancs.core.routing.policy import RoutingPolicy

    try:
        RoutingPolicy.from_dict(parsed.routing)
    except (TypeError, ValueError, ArithmeticError) as exc:
        raise ConfigError(f"{path}: [routing]: {exc}") from None
    if parsed.contact is not None:
        try:
            ContactPolicy(**msgspec.structs.asdict(parsed.contact))
        except ValueError as exc:
            raise ConfigError(f"{path}: [contact]: {exc}") from None
    if bool(parsed.server.tls_cert) != bool(parsed.server.tls_key):
        raise ConfigError(f"{path}: [server]: tls_cert and tls_key go together")
    if parsed.wechat.window_hours <= 0 or parsed.wechat.reply_quota < 0:
        raise ConfigError(
            f"{path}: [wechat]: window_hours must be positive and reply_quota not negative"
        )
    limits = parsed.limits
    if min(limits.max_connections, limits.max_per_address, limits.max_unauthenticated) < 1:
        raise ConfigError(f"{path}: [limits]: connection limits must be at least 1")
    if limits.keepalive_s < 0.1:
        raise ConfigError(f"{path}: [limits]: keepalive_s must be at least 0.1 seconds")
    for role, pair in limits.rates.items():
        if role not in ROLES:
            raise ConfigError(f"{path}: [limits] rates: unknown role {role!r}")
        if len(pair) != 2 or min(pair) <= 0:
            raise ConfigError(f"{path}: [limits] rates.{role}: give [per second, burst] > 0")
    if parsed.privacy.retention_years <= 0:
        raise ConfigError(f"{path}: [privacy]: retention_years must be positive")
    a = parsed.assistant
    try:
        from loancs.core.assistant.hours import BusinessHours

        BusinessHours.from_config(a.hours, [d - 1 for d in a.weekdays], a.timezone, a.holidays)
        if not all(1 <= d <= 7 for d in a.weekdays) or a.timeout_s <= 0:
            raise ValueError("weekdays are 1 (Monday) to 7 and timeout_s is positive")
    except (ValueError, KeyError) as exc:
        raise ConfigError(f"{path}: [assistant]: {exc}") from None
    return parsed


# ---------------------------------------------------------------- client file


class ClientFile(Table):
    """``~/.config/loancs/config.toml`` (or LOANCS_CONFIG): used by console, tail, queues,
    simulate and the gateways when no option or environment variable says otherwise."""

    server: str | None = None  # default ws://127.0.0.1:8765
    token: str | None = None


def parse_client_file(data: bytes | str, path: str = "<config>") -> ClientFile:
    return _decode(data, ClientFile, path)


def _decode(data: bytes | str, struct: type[_T], path: str) -> _T:
    try:
        return msgspec.toml.decode(data, type=struct)
    except msgspec.ValidationError as exc:
        raise ConfigError(f"{path}: {_readable(str(exc))}") from None
    except msgspec.DecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from None


def _readable(message: str) -> str:
    """`Object contains unknown field `hostt` - at `$.server`` -> `unknown key hostt in [server]`."""
    text, _, where = message.partition(" - at `$")
    where = where.rstrip("`").lstrip(".")
    if text.startswith("Object contains unknown field "):
        key = text.removeprefix("Object contains unknown field ").strip("`")
        place = f" in [{where}]" if where else " at the top level"
        return f"unknown key {key!r}{place}"
    if where:
        table, _, key = where.partition(".")
        return f"[{table}] {key or ''}: {text}".replace(" : ", ": ")
    return text
