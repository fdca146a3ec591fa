"""Loan input: the specification, the rounding of money and percentages, input errors.

Pure: Decimal arithmetic in a local context, no I/O, no clock reads.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Context, Decimal, InvalidOperation, localcontext
from typing import Any

from loancs.core.normalize import Record

_set = object.__setattr__

METHODS = ("annuity", "equal-principal", "interest-only", "bullet")
ROUNDINGS = ("display", "ledger")
PREPAY_MODES = ("reduce-payment", "shorten-term", "settle")

CENT = Decimal("0.01")
ZERO = Decimal(0)
ZERO_CENTS = Decimal("0.00")
MAX_PRINCIPAL = Decimal("1000000000000")  # 1e12 yuan: anything bigger is a typo
MAX_MONTHS = 1200

# Exact work happens at 50 significant digits; only shown figures are rounded.
_CTX = Context(prec=50, rounding=ROUND_HALF_UP)
# Anything below this after exact arithmetic is representation noise, not money.
_EPS = Decimal("1e-30")
_NOISE = Decimal("1e-20")
_SHOW = Context(prec=28, rounding=ROUND_HALF_UP)


class LoanInputError(ValueError):
    """Bad loan input. ``flag`` is the CLI flag at fault, e.g. ``"--principal"``."""

    def __init__(self, flag: str, message: str, message_zh: str | None = None) -> None:
        super().__init__(f"{flag}: {message}")
        self.flag = flag
        self.message = message
        self.message_zh = message_zh or message

    def text(self, lang: str = "en") -> str:
        """One line naming the flag, in the requested language."""
        return f"{self.flag}: {self.message_zh if lang == 'zh' else self.message}"


def to_decimal(value: Any, flag: str) -> Decimal:
    """Coerce user input (str, int, Decimal; floats via their repr) to a finite Decimal."""
    if isinstance(value, bool):
        raise LoanInputError(flag, f"expected a number, got {value!r}", f"需要数字，收到 {value!r}")
    if isinstance(value, float):
        value = repr(value)
    try:
        number = (
            value if isinstance(value, Decimal) else Decimal(str(value).strip().replace(",", ""))
        )
    except (InvalidOperation, ValueError):
        raise LoanInputError(
            flag, f"expected a number, got {value!r}", f"需要数字，收到 {value!r}"
        ) from None
    if not number.is_finite():
        raise LoanInputError(
            flag, f"expected a finite number, got {value!r}", f"需要有限数值，收到 {value!r}"
        )
    return number


def cents(value: Decimal) -> Decimal:
    """Round half up to the cent, never returning a negative zero.

    Exact figures first lose the last digits of 50-digit noise (P/n is not a finite
    decimal), so 269.87499...9 that is really 269.875 still rounds up."""
    rounded = _CTX.quantize(value, _NOISE).quantize(CENT, rounding=ROUND_HALF_UP)
    return ZERO_CENTS if rounded.is_zero() else rounded


class LoanSpec(Record):
    """What the borrower signed: principal (yuan), nominal annual rate (percent), term."""

    __slots__ = ("principal", "annual_rate_pct", "months", "method", "rounding")
    __match_args__ = __slots__
    principal: Decimal
    annual_rate_pct: Decimal
    months: int
    method: str
    rounding: str

    def __init__(
        self,
        principal: Decimal,
        annual_rate_pct: Decimal,
        months: int,
        method: str = "annuity",
        rounding: str = "display",
    ) -> None:
        _set(self, "principal", principal)
        _set(self, "annual_rate_pct", annual_rate_pct)
        _set(self, "months", months)
        _set(self, "method", method)
        _set(self, "rounding", rounding)
        self.__post_init__()

    __reduce__ = Record._reduce_unchecked

    def __post_init__(self) -> None:
        principal = to_decimal(self.principal, "--principal")
        if principal <= 0:
            raise LoanInputError(
                "--principal",
                f"must be greater than 0, got {principal}",
                f"必须大于0，收到 {principal}",
            )
        if principal > MAX_PRINCIPAL:
            raise LoanInputError(
                "--principal", f"must be at most {MAX_PRINCIPAL:,}", f"不能超过 {MAX_PRINCIPAL:,}"
            )
        if principal != principal.quantize(CENT, rounding=ROUND_HALF_UP):
            raise LoanInputError(
                "--principal",
                f"has more than 2 decimals: {principal}",
                f"最多两位小数：{principal}",
            )
        rate = to_decimal(self.annual_rate_pct, "--rate")
        if rate < 0 or rate > 100:
            raise LoanInputError(
                "--rate",
                f"annual rate must be between 0 and 100 percent, got {rate}",
                f"年利率必须在0到100%之间，收到 {rate}",
            )
        months = parse_months(self.months)
        if months < 1 or months > MAX_MONTHS:
            raise LoanInputError(
                "--months",
                f"must be between 1 and {MAX_MONTHS}, got {months}",
                f"期数必须在1到{MAX_MONTHS}之间，收到 {months}",
            )
        method = str(self.method).strip().lower().replace("_", "-")
        if method not in METHODS:
            raise LoanInputError(
                "--method",
                f"must be one of {', '.join(METHODS)}, got {self.method!r}",
                f"还款方式必须是 {', '.join(METHODS)} 之一",
            )
        rounding = str(self.rounding).strip().lower()
        if rounding not in ROUNDINGS:
            raise LoanInputError(
                "--rounding",
                f"must be display or ledger, got {self.rounding!r}",
                "取整方式必须是 display 或 ledger",
            )
        object.__setattr__(self, "principal", principal.quantize(CENT))
        object.__setattr__(self, "annual_rate_pct", rate)
        object.__setattr__(self, "months", months)
        object.__setattr__(self, "method", method)
        object.__setattr__(self, "rounding", rounding)

    @property
    def monthly_rate(self) -> Decimal:
        """i = annual / 12, never rounded."""
        with localcontext(_CTX):
            return self.annual_rate_pct / 1200

    def inputs_json(self) -> dict[str, Any]:
        return {
            "principal": money_str(self.principal),
            "rate": pct_str(self.annual_rate_pct),
            "months": self.months,
            "method": self.method,
            "rounding": self.rounding,
        }


def money_str(value: Decimal) -> str:
    return f"{cents(value):.2f}"


def pct_str(value: Decimal, places: int = 2) -> str:
    """Percent as a string with at least ``places`` decimals and no trailing noise."""
    value = Decimal(value)
    shown = value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    if shown == value:
        return f"{shown:.{places}f}"
    text = f"{value.normalize():f}"
    return text


def parse_months(value: int | str) -> int:
    """A term in months as a person typed it (``"360"``); LoanInputError for ``--months``."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    try:
        return int(str(value).strip())
    except ValueError:
        raise LoanInputError(
            "--months",
            f"expected a whole number of months, got {value!r}",
            f"期数必须是整数，收到 {value!r}",
        ) from None


def whole(value: Any, flag: str) -> int:
    """A whole number from user input (int or its text); LoanInputError naming ``flag``."""
    if isinstance(value, bool):
        raise LoanInputError(
            flag, f"expected a whole number, got {value!r}", f"需要整数，收到 {value!r}"
        )
    if isinstance(value, int):
        return value
    try:
        return int(str(value).strip())
    except ValueError:
        raise LoanInputError(
            flag, f"expected a whole number, got {value!r}", f"需要整数，收到 {value!r}"
        ) from None
