"""Search-as-you-type choosers for long lists (people, partners): a form shows only what is
chosen, and the browser asks `/staff/pick/<name>/?q=` for matches as the user types, so a form
stays small and quick whatever the size of the registry.

Each app registers its pickers in `AppConfig.ready()` with its own `..._for_user` query, so a
user finds only the rows the form would have let them choose.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db.models import QuerySet

if TYPE_CHECKING:
    from waishi.core.models import AnyUser

LIMIT = 20


@dataclass(frozen=True)
class Picker:
    name: str
    permission: str  # who may search (the permission of the forms that use it)
    rows: Callable[[Any], QuerySet[Any]]  # user -> what they may choose from
    search: Callable[[QuerySet[Any], str], QuerySet[Any]]  # rows, typed text -> matches
    label: Callable[[Any], str] = str


_pickers: dict[str, Picker] = {}


def register(picker: Picker) -> None:
    _pickers[picker.name] = picker


def get(name: str) -> Picker | None:
    return _pickers.get(name)


def matches(picker: Picker, user: AnyUser, text: str) -> list[dict[str, Any]]:
    """The first matches of `text` among what `user` may choose, as {"id", "text"}."""
    rows = picker.rows(user)
    text = " ".join(text.split())[:100]
    if text:
        rows = picker.search(rows, text)
    return [{"id": row.pk, "text": picker.label(row)} for row in rows[:LIMIT]]
