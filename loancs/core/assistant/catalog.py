"""The lender's product catalog (TOML): products with amount/term ranges, APR ranges,
required documents and eligibility rules. Parsing and validation only; reading the file
is the caller's job."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from loancs.core.assistant.slots import EMPLOYMENTS, PURPOSES
from loancs.core.finance import PenaltyRule

RULE_KEYS = (
    "age_min",
    "age_max",
    "max_age_at_maturity",
    "employment",
    "min_employment_months",
    "min_monthly_income",
    "income_multiple",
    "payment_ratio",
    "max_ltv",
    "ltv_base",
    "first_home_only",
    "owns_property_required",
    "min_business_age_months",
    "max_amount_to_annual_revenue",
)
_REQUIRED = (
    "id",
    "name",
    "type",
    "purposes",
    "amount_min",
    "amount_max",
    "term_min",
    "term_max",
    "default_term",
    "apr_min",
    "apr_max",
    "required_documents",
)


class CatalogError(ValueError):
    pass


@dataclass(frozen=True)
class Product:
    id: str
    name: str
    type: str
    purposes: tuple[str, ...]
    amount_min: int
    amount_max: int
    term_min: int
    term_max: int
    default_term: int
    apr_min: Decimal
    apr_max: Decimal
    required_documents: tuple[str, ...]
    rules: dict[str, Any] = field(default_factory=dict)
    name_en: str | None = None

    def apr_range(self, lang: str = "zh") -> str:
        label = "年化利率（单利）" if lang == "zh" else "APR (simple annual rate) "
        return f"{label}{self.apr_min:g}%–{self.apr_max:g}%"

    def display_name(self, lang: str) -> str:
        return self.name_en if lang == "en" and self.name_en else self.name


@dataclass(frozen=True)
class Catalog:
    currency: str
    prohibited_purposes: tuple[str, ...]
    documents: dict[str, str]
    products: tuple[Product, ...]
    documents_en: dict[str, str] = field(default_factory=dict)
    prepay_penalty: PenaltyRule | None = None  # optional [prepayment] table (an extension)
    # optional [purpose_documents]: papers a purpose needs beyond its products' own
    # (education = ["tuition_proof"]: a consumer loan for tuition shows what it pays for)
    purpose_documents: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def for_purpose(self, purpose: str | None) -> list[Product]:
        return [p for p in self.products if purpose in p.purposes]

    def document_name(self, doc: str, lang: str = "zh") -> str:
        if lang == "en" and doc in self.documents_en:
            return self.documents_en[doc]
        return self.documents.get(doc, doc)


def parse_catalog(text: str, source: str = "catalog") -> Catalog:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise CatalogError(f"{source}: not valid TOML: {exc}") from None
    documents = data.get("documents", {})
    if not isinstance(documents, dict):
        raise CatalogError(f"{source}: [documents] must be a table of id = description")
    documents_en = data.get("documents_en", {})
    products = []
    seen: set[str] = set()
    for index, raw in enumerate(data.get("product", []), 1):
        where = f"{source}: product {index} ({raw.get('id', '?')})"
        missing = [k for k in _REQUIRED if k not in raw]
        if missing:
            raise CatalogError(f"{where}: missing {', '.join(missing)}")
        if raw["id"] in seen:
            raise CatalogError(f"{where}: duplicate id")
        seen.add(raw["id"])
        # Keys beyond the documented ones (descriptions, notes) are the lender's own: kept
        # out of the rules, never an error.
        for purpose in raw["purposes"]:
            if purpose not in PURPOSES:
                raise CatalogError(f"{where}: unknown purpose {purpose!r}")
        rules = {k: raw[k] for k in RULE_KEYS if k in raw}
        for job in rules.get("employment", []):
            if job not in EMPLOYMENTS:
                raise CatalogError(f"{where}: unknown employment {job!r}")
        if "max_ltv" in rules and rules.get("ltv_base") not in ("car_price", "house_price"):
            raise CatalogError(f"{where}: max_ltv needs ltv_base = car_price or house_price")
        if not raw["amount_min"] <= raw["amount_max"] or not raw["term_min"] <= raw["term_max"]:
            raise CatalogError(f"{where}: a minimum is above its maximum")
        products.append(
            Product(
                id=raw["id"],
                name=raw["name"],
                type=raw["type"],
                purposes=tuple(raw["purposes"]),
                amount_min=int(raw["amount_min"]),
                amount_max=int(raw["amount_max"]),
                term_min=int(raw["term_min"]),
                term_max=int(raw["term_max"]),
                default_term=int(raw["default_term"]),
                apr_min=Decimal(str(raw["apr_min"])),
                apr_max=Decimal(str(raw["apr_max"])),
                required_documents=tuple(raw["required_documents"]),
                rules=rules,
                name_en=raw.get("name_en"),
            )
        )
    penalty = None
    table = data.get("prepayment")
    if isinstance(table, dict) and table.get("penalty_pct"):
        try:
            penalty = PenaltyRule(
                Decimal(str(table["penalty_pct"])), table.get("penalty_within_months")
            )
        except (ValueError, ArithmeticError) as exc:
            raise CatalogError(f"{source}: [prepayment]: {exc}") from None
    extra = data.get("purpose_documents", {})
    if not isinstance(extra, dict) or not all(
        isinstance(v, list) and all(isinstance(d, str) for d in v) for v in extra.values()
    ):
        raise CatalogError(f"{source}: [purpose_documents] must be purpose = [document ids]")
    for purpose in extra:
        if purpose not in PURPOSES:
            raise CatalogError(f"{source}: [purpose_documents]: unknown purpose {purpose!r}")
    return Catalog(
        purpose_documents={k: tuple(v) for k, v in extra.items()},
        prepay_penalty=penalty,
        currency=data.get("currency", "CNY"),
        prohibited_purposes=tuple(data.get("prohibited_purposes", ())),
        documents=dict(documents),
        products=tuple(products),
        documents_en=dict(documents_en),
    )
