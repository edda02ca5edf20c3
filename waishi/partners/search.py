"""Search text for institutions: lower case, accents removed, so "orleans" finds "Orléans"."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable


def fold(text: str) -> str:
    """Lower-case `text` and strip accents (Chinese is left as it is)."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.casefold().split())


def search_text(names: Iterable[str]) -> str:
    """One folded string of every name, separated so a search never spans two names."""
    return " | ".join(fold(name) for name in names if name)
