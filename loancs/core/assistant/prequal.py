"""Off-hours pre-screening: a short dialogue that gathers the facts the catalog's rules
need, then an honest indication against the catalog (never a decision, never a promise).

Decision (issue 11): any hand-off flag -> handoff_human; no purpose -> handoff_human;
prohibited purpose -> likely_ineligible; no product for the purpose -> handoff_human; per
candidate every rule passes, fails or is unknown (a fact missing); a passing product with
all documents -> likely_eligible, with some missing -> needs_documents; the best candidate
in that order, then catalog order; only unknowns -> handoff_human; all fail ->
likely_ineligible with the failed rules.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from loancs.core.assistant.catalog import Catalog, Product
from loancs.core.assistant.handoff import flags_of
from loancs.core.assistant.slots import (
    _english_numbers,
    _terms,
    employment_of,
    extract,
    purpose_of,
)
from loancs.core.assistant.text import Folded, fold
from loancs.core.finance import annuity_payment, cents

OUTCOMES = ("likely_eligible", "needs_documents", "likely_ineligible", "handoff_human")
FACTS = (
    "purpose",
    "amount",
    "months",
    "age",
    "employment",
    "employment_months",
    "monthly_income",
    "current_overdue",
    "car_price",
    "house_price",
    "first_home",
    "owns_property",
    "business_age_months",
    "annual_revenue",
    "documents",
    "flags",
)

PASS, FAIL, UNKNOWN = "pass", "fail", "unknown"


@dataclass
class Decision:
    outcome: str
    product: Product | None
    missing_documents: list[str]
    failed_rules: list[str]
    unknown_rules: list[str] = field(default_factory=list)
    reason: str = ""


def _months(product: Product, facts: dict[str, Any]) -> int:
    return int(facts.get("months") or product.default_term)


def check_product(product: Product, facts: dict[str, Any]) -> dict[str, str]:
    """Every rule of one product: pass, fail or unknown."""
    r = product.rules
    # Facts come from the conversation: numbers (int or Decimal), flags, words, or unknown.
    amount: Any = facts.get("amount")
    months = _months(product, facts)
    age: Any = facts.get("age")
    job = facts.get("employment")
    income: Any = facts.get("monthly_income")
    out: dict[str, str] = {}

    def verdict(known: bool, ok: bool) -> str:
        return UNKNOWN if not known else (PASS if ok else FAIL)

    overdue = facts.get("current_overdue")
    out["no_current_overdue"] = verdict(overdue is not None, overdue is False)
    out["no_students"] = verdict(job is not None, job != "student")
    out["amount_min"] = verdict(
        amount is not None, amount is not None and amount >= product.amount_min
    )
    out["amount_max"] = verdict(
        amount is not None, amount is not None and amount <= product.amount_max
    )
    out["term_min"] = PASS if months >= product.term_min else FAIL
    out["term_max"] = PASS if months <= product.term_max else FAIL
    if "age_min" in r:
        out["age_min"] = verdict(age is not None, age is not None and age >= r["age_min"])
    if "age_max" in r:
        out["age_max"] = verdict(age is not None, age is not None and age <= r["age_max"])
    if "max_age_at_maturity" in r:
        out["max_age_at_maturity"] = verdict(
            age is not None, age is not None and age + months / 12 <= r["max_age_at_maturity"]
        )
    if "employment" in r:
        out["employment"] = verdict(job is not None, job in r["employment"])
    if "min_employment_months" in r:
        tenure = facts.get("employment_months")
        out["min_employment_months"] = verdict(
            tenure is not None, tenure is not None and tenure >= r["min_employment_months"]
        )
    if "min_monthly_income" in r:
        out["min_monthly_income"] = verdict(
            income is not None, income is not None and income >= r["min_monthly_income"]
        )
    if "income_multiple" in r:
        known = income is not None and amount is not None
        out["income_multiple"] = verdict(
            known, known and amount <= Decimal(str(r["income_multiple"])) * income
        )
    if "payment_ratio" in r:
        known = income is not None and amount is not None
        ok = False
        if known:
            payment = example_payment(amount, product.apr_max, months)
            ok = Decimal(income) >= Decimal(str(r["payment_ratio"])) * payment
        out["payment_ratio"] = verdict(known, ok)
    if "max_ltv" in r:
        price: Any = facts.get(r["ltv_base"])
        known = price is not None and amount is not None
        out["max_ltv"] = verdict(known, known and amount <= Decimal(str(r["max_ltv"])) * price)
    if r.get("first_home_only"):
        first = facts.get("first_home")
        out["first_home_only"] = verdict(first is not None, first is True)
    if r.get("owns_property_required"):
        owns = facts.get("owns_property")
        out["owns_property_required"] = verdict(owns is not None, owns is True)
    if "min_business_age_months" in r:
        biz = facts.get("business_age_months")
        out["min_business_age_months"] = verdict(
            biz is not None, biz is not None and biz >= r["min_business_age_months"]
        )
    if "max_amount_to_annual_revenue" in r:
        revenue: Any = facts.get("annual_revenue")
        known = revenue is not None and amount is not None
        out["max_amount_to_annual_revenue"] = verdict(
            known, known and amount <= Decimal(str(r["max_amount_to_annual_revenue"])) * revenue
        )
    return out


def example_payment(amount: int | Decimal, apr_pct: Decimal, months: int) -> Decimal:
    """Monthly annuity payment (等额本息), as the calculator computes it."""
    return cents(annuity_payment(Decimal(amount), Decimal(apr_pct) / 1200, months))


def decide(catalog: Catalog, facts: dict[str, Any]) -> Decision:
    if facts.get("flags"):
        return Decision("handoff_human", None, [], [], reason="flag")
    purpose = facts.get("purpose")
    if not purpose:
        return Decision("handoff_human", None, [], [], reason="no_purpose")
    if purpose in catalog.prohibited_purposes:
        return Decision("likely_ineligible", None, [], ["prohibited_purposes"], reason="prohibited")
    candidates = catalog.for_purpose(purpose)
    if not candidates:
        return Decision("handoff_human", None, [], [], reason="no_product")
    have = set(facts.get("documents") or ())
    passing: list[tuple[int, Product, list[str]]] = []
    unknown: list[str] = []
    failed: list[str] = []
    for product in candidates:
        verdicts = check_product(product, facts)
        fails = [k for k, v in verdicts.items() if v == FAIL]
        unknowns = [k for k, v in verdicts.items() if v == UNKNOWN]
        if fails:
            failed += [k for k in fails if k not in failed]
        elif unknowns:
            unknown += [k for k in unknowns if k not in unknown]
        else:
            missing = [d for d in product.required_documents if d not in have]
            passing.append((1 if missing else 0, product, missing))
    if passing:
        rank, product, missing = min(passing, key=lambda t: t[0])  # stable: catalog order
        return Decision(
            "needs_documents" if rank else "likely_eligible", product, missing, [], reason="pass"
        )
    if unknown:
        return Decision("handoff_human", None, [], failed, unknown, reason="unknown")
    return Decision("likely_ineligible", None, [], failed, reason="failed")


# ---------------------------------------------------------------- the dialogue

QUESTIONS: dict[str, tuple[str, str]] = {
    "purpose": (
        "请问这笔贷款主要用来做什么？（例如：买车、装修、经营周转、教育、医疗、结婚、旅游、日常消费）",
        "What is the loan for? (e.g. a car, renovation, your business, education, medical bills, a wedding, travel, everyday spending)",
    ),
    "amount": ("您想借多少钱？", "How much would you like to borrow?"),
    "months": (
        "打算分多少期（几个月或几年）还？",
        "Over how many months or years would you repay it?",
    ),
    "age": ("请问您今年多大年龄？", "How old are you?"),
    "employment": (
        "您目前的工作情况是？（上班族、个体经营、自由职业、学生、退休、暂无工作）",
        "What is your work situation? (salaried, self-employed, freelancer, student, retired, not working)",
    ),
    "employment_months": ("现在这份工作做了多久？", "How long have you been in this job?"),
    "monthly_income": (
        "您每月税后收入大约多少？",
        "Roughly what is your monthly income after tax?",
    ),
    "current_overdue": (
        "您目前有没有正在逾期未还的贷款或信用卡？",
        "Do you have any loan or credit card that is overdue right now?",
    ),
    "business_age_months": ("您的生意经营多久了？", "How long has your business been running?"),
    "annual_revenue": (
        "生意一年的营业额大约多少？",
        "What is the business's annual revenue, roughly?",
    ),
    "car_price": ("车辆价格大约多少？", "What is the price of the car?"),
    "house_price": ("房子总价大约多少？", "What is the price of the home?"),
    "first_home": ("这是您的第一套住房吗？", "Is this your first home?"),
    "owns_property": ("要装修的房子是您名下的吗？", "Is the home to be renovated in your name?"),
    "documents": ("", ""),  # composed from the candidate products' documents
}

_RULE_FACTS = {
    "min_employment_months": "employment_months",
    "max_ltv": None,  # the ltv_base names the fact
    "first_home_only": "first_home",
    "owns_property_required": "owns_property",
    "min_business_age_months": "business_age_months",
    "max_amount_to_annual_revenue": "annual_revenue",
}

_NO = re.compile(
    r"没有|没|无|不是|不|否|\bno\b|\bnope\b|\bnone\b|\bnot\b|\bnever\b|\bn/a\b|nothing|都按时|按时还"
)
_YES = re.compile(
    r"有|是|对|嗯|\byes\b|\byeah\b|\byep\b|\bsure\b|\bi do\b|\bcorrect\b|\bright\b|逾期"
)

# document id -> words a borrower uses for it
DOC_WORDS: dict[str, tuple[str, ...]] = {
    "id_card": ("身份证", "证件", "id card", "identity card", "my id", "id,", " id ", "passport"),
    "income_proof": (
        "收入证明",
        "工资流水",
        "工资条",
        "工资单",
        "在职证明",
        "payslip",
        "pay slip",
        "salary slip",
        "proof of income",
        "income proof",
        "income certificate",
        "employment letter",
    ),
    "bank_statement": ("银行流水", "流水", "对账单", "bank statement", "statements"),
    "business_license": ("营业执照", "执照", "business licen"),
    "business_statement": (
        "经营流水",
        "对公流水",
        "business statement",
        "business account statement",
        "company statement",
    ),
    "car_purchase_contract": (
        "购车合同",
        "报价单",
        "购车",
        "车辆报价",
        "car contract",
        "purchase contract",
        "dealer quote",
        "quote from the dealer",
        "car quote",
    ),
    "vehicle_appraisal": ("评估报告", "车辆评估", "appraisal", "inspection report"),
    "house_purchase_contract": (
        "购房合同",
        "买房合同",
        "房屋买卖合同",
        "home purchase contract",
        "house contract",
        "purchase agreement",
    ),
    "property_certificate": (
        "房产证",
        "不动产",
        "产权证",
        "property certificate",
        "title deed",
        "deed",
    ),
    "renovation_contract": (
        "装修合同",
        "装修报价",
        "renovation contract",
        "renovation quote",
        "contractor quote",
    ),
    "marriage_certificate": ("结婚证", "离婚证", "marriage certificate", "married certificate"),
}
_ALL = re.compile(
    r"都有|全都有|全部都有|齐全|都齐|都准备好|all of them|i have all|have everything|got everything|all ready|have them all|got all"
)
_NONE = re.compile(
    r"都没有|都没|全都没有|什么都没|一个都没|none of them|don'?t have any|nothing yet|have none"
)
_NEG_BEFORE = re.compile(
    r"(没有|没|无|缺|还差|差|不全|暂时没有?|no|not|don'?t have|without|missing|lack)\s*$"
)


def document_words(catalog: Catalog | None, doc: str) -> tuple[str, ...]:
    """Words a borrower may use for a document: ours for the shipped ids, else the lender's
    own description (split at 或/or/commas) and the id itself."""
    words = list(DOC_WORDS.get(doc, ()))
    names = [doc.replace("_", " ")]
    if catalog is not None:
        names += [catalog.documents.get(doc, ""), catalog.documents_en.get(doc, "")]
    for name in names:
        for part in re.split(r"[或、，,（）()/]|\bor\b", name.casefold()):
            part = part.strip()
            if len(part) >= 4 or (part and re.search(r"[\u4e00-\u9fff]", part) and len(part) >= 2):
                words.append(part)
            elif part:
                words.append(f" {part} ")  # short ids ("id") only as a word
    return tuple(dict.fromkeys(words))


def documents_in(
    text: str, asked: tuple[str, ...], catalog: Catalog | None = None
) -> list[str] | None:
    """Document ids the borrower says they have, among ``asked``; None if not about documents."""
    text = text.casefold()
    if _NONE.search(text):
        return []
    have: list[str] = []
    mentioned = False
    clauses = re.split(r"[，,。.;；！!]|但是|但|不过|\bbut\b|\bexcept\b", text)
    for clause in clauses:
        neg_clause = bool(
            re.search(
                r"没有|没|无|缺|还差|差|\bno\b|\bnot\b|don'?t have|missing|lack|without", clause
            )
        )
        for doc in asked:
            for word in document_words(catalog, doc):
                at = f" {clause} ".find(word)
                if at < 0:
                    continue
                mentioned = True
                before = f" {clause} "[max(0, at - 12) : at]
                if _NEG_BEFORE.search(before) or (
                    neg_clause and not re.search(r"有|have|got", before[-6:])
                ):
                    pass
                elif doc not in have:
                    have.append(doc)
                break
    if not mentioned:
        if _ALL.search(text):
            return list(asked)
        if re.fullmatch(r"\W*(没有|没|无|都不|no|none|nope|not yet|还没有?)\W*", text):
            return []
        return None
    return have


def yes_no(text: str) -> bool | None:
    if _NO.search(text):
        return False
    if _YES.search(text):
        return True
    return None


def _bare_number(folded: Folded) -> Decimal | None:
    text = _english_numbers(folded.numeric)
    m = re.search(r"(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)\s*(万|w|千|k|grand|thousand)?", text)
    if not m:
        return None
    factor = {"万": 10000, "w": 10000, "千": 1000, "k": 1000, "grand": 1000, "thousand": 1000}.get(
        m.group(2) or "", 1
    )
    return Decimal(m.group(1).replace(",", "")) * factor


_OVERDUE_YES = re.compile(
    r"有(一笔|1笔|几笔|两笔|2笔|点|的|)(信用卡|贷款|网贷)?(在)?逾期|逾期(了|中|还没|没还|未还)|正在逾期|还有逾期|currently overdue|i am overdue|i'?m overdue|behind on|one overdue|an overdue|have (an?|one|some) overdue"
)
_OVERDUE_NO = re.compile(
    r"没有逾期|没逾期|无逾期|不逾期|从不逾期|从没逾期|按时还|正常还|no overdue|nothing overdue|never late|not overdue|no late"
)
_ANSWER_YES = re.compile(r"^(有|是|对|嗯)|\b(yes|yeah|yep|i do)\b")
_ANSWER_NO = re.compile(
    r"^(没有|没|无|不)|\b(no|nope|none|never|nothing)\b|按时|on time|up to date|all paid|都还清"
)


def overdue_statement(text: str, asked: bool = False) -> bool | None:
    """Whether the borrower says something of theirs is overdue now; a bare yes or no
    counts only as the answer to that question."""
    if _OVERDUE_NO.search(text):
        return False
    if _OVERDUE_YES.search(text):
        return True
    if asked:
        if _ANSWER_NO.search(text):
            return False
        if _ANSWER_YES.search(text):
            return True
    return None


def _money_answer(folded: Folded) -> int | None:
    """A bare answer to "how much": the first amount with a money unit, else a plain number
    that is not a term ("一年100万" is 1,000,000, not 1)."""
    from loancs.core.assistant.slots import _money

    text = _english_numbers(folded.numeric)
    terms = [(s, e) for s, e, _ in _terms(text)]
    numbers = _money(text, terms)
    for number in numbers:
        if number.money_unit:
            return int(number.value)
    for number in numbers:
        if number.value >= 100:
            return int(number.value)
    return None


@dataclass
class Prescreen:
    """One pre-screening dialogue. ``absorb`` each borrower turn, ``next_question`` tells
    what to ask (None: enough to decide), ``decide`` gives the indication."""

    catalog: Catalog
    facts: dict[str, Any] = field(default_factory=dict)
    asked: str | None = None
    attempts: dict[str, int] = field(default_factory=dict)
    skipped: set[str] = field(default_factory=set)

    def needed(self) -> list[str]:
        facts = self.facts
        purpose = facts.get("purpose")
        order = ["purpose"]
        if purpose is None or purpose in self.catalog.prohibited_purposes:
            return order
        candidates = self.catalog.for_purpose(purpose)
        if not candidates:
            return order
        order += ["amount", "months", "age", "employment"]
        rule_keys = {k for p in candidates for k in p.rules}
        if "min_employment_months" in rule_keys and facts.get("employment") not in (
            "student",
            "unemployed",
            "retired",
        ):
            order.append("employment_months")
        order += ["monthly_income", "current_overdue"]
        for p in candidates:
            for key in p.rules:
                fact = _RULE_FACTS.get(key, "")
                if key == "max_ltv":
                    fact = p.rules["ltv_base"]
                if fact and fact not in order:
                    order.append(fact)
        order.append("documents")
        return order

    def next_question(self) -> str | None:
        if self.facts.get("flags"):
            return None
        purpose = self.facts.get("purpose")
        if purpose in self.catalog.prohibited_purposes:
            return None
        candidates = self.catalog.for_purpose(purpose)
        if candidates and all(FAIL in check_product(p, self.facts).values() for p in candidates):
            return None  # every product already refuses: asking more would only waste time
        for fact in self.needed():
            if fact in self.skipped:
                continue
            if fact not in self.facts:
                return fact
        return None

    def question_text(self, fact: str, lang: str) -> str:
        if fact == "documents":
            docs = self._asked_documents()
            names = ("、" if lang == "zh" else ", ").join(
                self.catalog.document_name(d, lang) for d in docs
            )
            return (
                f"以下材料您手头已经有哪些？{names}"
                if lang == "zh"
                else f"Which of these documents do you already have? {names}"
            )
        zh, en = QUESTIONS[fact]
        return zh if lang == "zh" else en

    def _asked_documents(self) -> tuple[str, ...]:
        docs: list[str] = []
        for p in self.catalog.for_purpose(self.facts.get("purpose")):
            docs += [d for d in p.required_documents if d not in docs]
        return tuple(docs)

    def absorb(self, turn: str) -> None:
        folded = fold(turn)
        text = folded.text
        flags = flags_of(text)
        if self.asked in ("employment", "monthly_income", "current_overdue"):
            # "失业了" answers the question; it is not a hardship plea here.
            flags = [f for f in flags if f != "hardship"]
        if flags:
            self.facts.setdefault("flags", [])
            self.facts["flags"] += [f for f in flags if f not in self.facts["flags"]]
        asked = self.asked
        slots = extract(folded)
        # The question just asked decides what a bare answer means.
        if asked in ("employment_months", "business_age_months"):
            terms = _terms(_english_numbers(folded.numeric))
            if terms:
                self.facts[asked] = terms[0][2]
                slots.pop("months", None)
            elif re.search(r"刚|不到1个月|just started|new job", text):
                self.facts[asked] = 0
        if asked in ("amount", "monthly_income", "car_price", "house_price", "annual_revenue"):
            value = slots.get(asked if asked != "amount" else "amount")
            if value is None:
                value = _money_answer(folded)
                if value is not None and any(
                    slots.get(key) == value
                    for key in ("monthly_income", "car_price", "house_price", "annual_revenue")
                    if key != asked
                ):
                    # "我月收入两万左右 … 能贷多少" answers "how much would you like to borrow"
                    # with the pay: the pay is kept as the pay, and the amount asked again (it
                    # was taken as a loan of 20,000 and the borrower told "below the minimum")
                    value = None
            if isinstance(value, int | Decimal):
                self.facts[asked] = int(value)
                for key in (
                    "amount",
                    "monthly_income",
                    "car_price",
                    "house_price",
                    "annual_revenue",
                ):
                    if key != asked and slots.get(key) == value:
                        slots.pop(key)
        # a sum the answer states as something else ("I earn 15,000 a month, how much can I
        # get?" to "over how many months") is no bare term or age (it was 15 months)
        said_money = any(
            k in slots for k in ("monthly_income", "car_price", "house_price", "annual_revenue")
        )
        if asked == "months" and "months" not in slots and not said_money:
            number = _bare_number(folded)
            if number is not None:
                slots["months"] = int(number * 12) if number <= 10 else int(number)
        if asked == "age" and "age" not in slots and not said_money:
            number = _bare_number(folded)
            if number is not None and 16 <= number <= 90:
                slots["age"] = int(number)
        if asked == "employment" and "employment" not in slots:
            job = employment_of(text)
            if job:
                slots["employment"] = job
        overdue = overdue_statement(text, asked == "current_overdue")
        if overdue is not None and "current_overdue" not in self.facts:
            self.facts["current_overdue"] = overdue
        if asked in ("current_overdue", "first_home", "owns_property") and asked not in self.facts:
            answer = yes_no(text)
            if answer is not None:
                self.facts[asked] = answer
        if asked == "documents":
            docs = documents_in(text, self._asked_documents(), self.catalog)
            if docs is not None:
                self.facts["documents"] = docs
        if asked == "purpose" and "purpose" not in slots:
            purpose = purpose_of(f" {text} ")
            if purpose:
                slots["purpose"] = purpose
        for key in FACTS:
            if key in slots and key not in self.facts:
                self.facts[key] = slots[key]
        if "employment_months" in slots and "employment_months" not in self.facts:
            self.facts["employment_months"] = slots["employment_months"]
        if asked and asked not in self.facts and asked != "documents":
            self.attempts[asked] = self.attempts.get(asked, 0) + 1
            if self.attempts[asked] >= 2:
                self.skipped.add(asked)  # asked twice: leave it unknown, a person will ask
        elif asked == "documents" and "documents" not in self.facts:
            self.attempts["documents"] = self.attempts.get("documents", 0) + 1
            if self.attempts["documents"] >= 2:
                self.facts["documents"] = []

    def decide(self) -> Decision:
        return decide(self.catalog, self.facts)


def facts_json(facts: dict[str, Any]) -> dict[str, Any]:
    """The facts gathered, by the issue's names (``flags`` always present, maybe empty)."""
    out: dict[str, Any] = {}
    for key in FACTS:
        if key in facts:
            value = facts[key]
            out[key] = list(value) if isinstance(value, (list, tuple, set)) else value
    out.setdefault("flags", [])
    return out
