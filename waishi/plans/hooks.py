"""What later apps (travel, visits, conferences) offer to plan activities, without this app
importing them (imports run one way, ARCHITECTURE.md).

A later app registers a `Linkable`: its model and a function giving the records a user may
link (its own for_user query). An activity form then offers those records, and the activity
page shows the linked record with its link. A later app may also link from its own side with
`services.activity_link(activity, obj)`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Model, QuerySet
from django_stubs_ext import StrOrPromise

if TYPE_CHECKING:
    from waishi.core.models import AnyUser


@dataclass(frozen=True)
class Linkable:
    label: StrOrPromise  # a lazy translation: "Trip", "Visit", "Conference"
    model: type[Model]
    records_for_user: Callable[[AnyUser | None], QuerySet[Model]]


_linkables: list[Linkable] = []


def register_linkable(linkable: Linkable) -> None:
    if all(existing.model is not linkable.model for existing in _linkables):
        _linkables.append(linkable)


def linkables() -> list[Linkable]:
    return list(_linkables)


def linkable_for(model: type[Model]) -> Linkable | None:
    return next((item for item in _linkables if item.model is model), None)
