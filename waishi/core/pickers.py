"""Search-as-you-type choosers for long lists (people, partners): a form shows only what is
chosen, and the browser asks `/staff/pick/<name>/?q=` for matches as the user types, so a form
stays small and quick whatever the size of the registry.

Each app registers its pickers in `AppConfig.ready()` with its own `..._for_user` query, so a
user finds only the rows the form would have let them choose.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Generic, TypedDict, TypeVar

from django.db.models import Model, QuerySet

if TYPE_CHECKING:
    from waishi.core.models import AnyUser

LIMIT = 20

M = TypeVar("M", bound=Model)


@dataclass(frozen=True)
class Picker(Generic[M]):
    name: str
    permission: str  # who may search (the permission of the forms that use it)
    rows: Callable[[AnyUser], QuerySet[M]]  # user -> what they may choose from
    search: Callable[[QuerySet[M], str], QuerySet[M]]  # rows, typed text -> matches
    label: Callable[[M], str] = str


class Match(TypedDict):
    """One match as the browser receives it."""

    id: int  # the row's primary key
    text: str


# Each picker chooses among rows of its own model.
_pickers: dict[str, Picker[Any]] = {}


def register(picker: Picker[M]) -> None:
    _pickers[picker.name] = picker


def get(name: str) -> Picker[Any] | None:
    return _pickers.get(name)


def matches(picker: Picker[M], user: AnyUser, text: str) -> list[Match]:
    """The first matches of `text` among what `user` may choose, as {"id", "text"}."""
    rows = picker.rows(user)
    text = " ".join(text.split())[:100]
    if text:
        rows = picker.search(rows, text)
    return [{"id": row.pk, "text": picker.label(row)} for row in rows[:LIMIT]]
