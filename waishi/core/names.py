"""Names kept in two languages as plain `<field>_zh` / `<field>_en` columns."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable
from functools import lru_cache
from typing import Any, TypeVar

from django.utils.translation import get_language

T = TypeVar("T")


def fold(text: str) -> str:
    """Lower-case `text` and strip accents (Chinese is left as it is), so "orleans" finds
    "Orléans" and a spreadsheet's "UNIVERSITY" reads as "university"."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.casefold().split())


def is_chinese(language: str | None = None) -> bool:
    return (language or get_language() or "zh-hans").lower().startswith("zh")


def localized(obj: Any, field: str = "name", language: str | None = None) -> str:
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


def by_shown_name(items: Iterable[T], label: Callable[[T], str] = str) -> list[T]:
    """`items` in the order of the names shown now (`label`, by default `str`): pinyin
    order on Chinese pages, A to Z on English ones."""
    return sorted(items, key=lambda item: name_sort_key(label(item)))


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
