"""Names kept in two languages as plain `<field>_zh` / `<field>_en` columns."""

from __future__ import annotations

import unicodedata
from typing import Any

from django.utils.translation import get_language


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
