"""Search text for institutions: lower case, accents removed, so "orleans" finds "Orléans"."""

from __future__ import annotations

from collections.abc import Iterable

from waishi.core.names import fold

__all__ = ["fold", "search_text"]


def search_text(names: Iterable[str]) -> str:
    """One folded string of every name, separated so a search never spans two names."""
    return " | ".join(fold(name) for name in names if name)
