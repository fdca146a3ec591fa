"""Chinese and English UI text. Each module keeps its own catalogue of
``key: (zh, en)`` pairs and asks ``tr`` for the current language."""

from __future__ import annotations

import locale
import os

LANGS = ("zh", "en")


def detect_lang(explicit: str | None = None) -> str:
    """``--lang`` wins, then LOANCS_LANG, then the locale (zh_* -> zh), else en."""
    for candidate in (explicit, os.environ.get("LOANCS_LANG")):
        if candidate:
            code = candidate.lower()[:2]
            if code in LANGS:
                return code
            raise ValueError(f"unknown language {candidate!r}: use zh or en")
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var)
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    loc = locale.getlocale()[0] or ""
    return "zh" if loc.lower().startswith("zh") else "en"


def tr(catalogue: dict[str, tuple[str, str]], key: str, lang: str, **fmt: object) -> str:
    zh, en = catalogue[key]
    text = zh if lang == "zh" else en
    return text.format(**fmt) if fmt else text
