"""Names kept in two languages as plain `<field>_zh` / `<field>_en` columns."""

from __future__ import annotations

import unicodedata
from functools import lru_cache

from django.db import connection
from django.db.models import F, OrderBy
from django.db.models.functions import Collate
from django.utils.translation import get_language


def fold(text: str) -> str:
    """Lower-case `text` and strip accents (Chinese is left as it is), so "orleans" finds
    "Orléans" and a spreadsheet's "UNIVERSITY" reads as "university"."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.casefold().split())


def is_chinese(language: str | None = None) -> bool:
    return (language or get_language() or "zh-hans").lower().startswith("zh")


def localized(obj: object, field: str = "name", language: str | None = None) -> str:
    """The value of `field` in the active language, falling back to the other one."""
    zh = getattr(obj, f"{field}_zh", "") or ""
    en = getattr(obj, f"{field}_en", "") or ""
    if is_chinese(language):
        return zh or en
    return en or zh


def name_order(language: str | None = None) -> list[str]:
    """Ordering by name in the active language (for querysets)."""
    return ["name_zh", "name_en"] if is_chinese(language) else ["name_en", "name_zh"]


@lru_cache(maxsize=8192)
def name_sort_key(text: str) -> tuple[str, ...]:
    """How a name sorts as read: Chinese by pinyin, syllable by syllable with the tone after
    the letters (阿富汗 a1 fu4 han4 before 澳大利亚 ao4 da4...); other scripts alphabetically,
    ignoring case and accents (Åland with the A's)."""
    from pypinyin import Style, lazy_pinyin

    syllables = lazy_pinyin(text.strip(), style=Style.TONE3, neutral_tone_with_five=True)
    return tuple(fold(s) for s in syllables)


# The columns that hold a record's sort keys (`sort_keys`).
SORT_KEYS = ("sort_zh", "sort_en")
# Joins the syllables of a stored key. It sorts below every character a folded name holds
# (`fold` turns it, like all whitespace, into a space), so joined keys sort as the tuples do.
KEY_JOIN = "\x1f"
# Collations that compare the stored keys character by character, as Python does (the
# database's own collation for text may skip spaces and punctuation).
_BINARY_COLLATION = {"postgresql": "C", "sqlite": "BINARY"}


def sort_key_text(text: str) -> str:
    """`name_sort_key(text)` as one string that sorts the same way, code point by code point:
    what the `sort_zh` / `sort_en` columns of countries and units hold."""
    return KEY_JOIN.join(name_sort_key(text))


def sort_keys(obj: object) -> dict[str, str]:
    """The stored sort keys of a record with `name_zh` / `name_en`: the name shown on Chinese
    pages and the one shown on English pages, each as it sorts."""
    return {
        "sort_zh": sort_key_text(localized(obj, language="zh-hans")),
        "sort_en": sort_key_text(localized(obj, language="en")),
    }


def shown_name_order(prefix: str = "", language: str | None = None) -> list[OrderBy]:
    """ORDER BY the name shown now (pinyin order on Chinese pages, A to Z on English ones), for
    a model with stored sort keys (countries, units); `prefix` reaches one through a relation
    (`"unit__"`). The primary key breaks ties, so pages of a list never overlap."""
    field = f"{prefix}sort_zh" if is_chinese(language) else f"{prefix}sort_en"
    collation = _BINARY_COLLATION[connection.vendor]
    return [Collate(F(field), collation).asc(), F(f"{prefix}pk").asc()]


class BilingualName:
    """Mixin for models with `name_zh` / `name_en`: `obj.name` is the name to show now."""

    @property
    def name(self) -> str:
        return localized(self)

    @property
    def other_name(self) -> str:
        """The name in the other language, when it differs (shown beneath the main one)."""
        other = self.name_en if is_chinese() else self.name_zh  # type: ignore[attr-defined]
        return "" if other == self.name else other

    def __str__(self) -> str:
        return self.name
