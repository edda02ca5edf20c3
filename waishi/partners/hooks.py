"""What later apps show on a partner's page and do when two partners merge, without this app
importing them (imports run one way, ARCHITECTURE.md).

- `register_section(fn)`: fn(institution, user) -> PartnerSection | None, shown on the
  partner's detail page (agreements, programs, trips, visits ...), scoped by the later app's
  own for_user query.
- `register_merge(fn)`: fn(source, target) -> int, moves the later app's rows that point at
  `source` to `target` and returns how many moved; called inside the merge's transaction.
- `register_renamed(fn)`: fn(institution), called once its names (any language, other
  names) have changed, so a later app can refresh what it keeps of them (a search text).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django_stubs_ext import StrOrPromise

from waishi.core.models import AnyUser

if TYPE_CHECKING:
    from waishi.partners.models import Institution

# fn(institution, user): the later app's section of the partner's page, or None.
SectionHook = Callable[["Institution", AnyUser], "PartnerSection | None"]
# fn(source, target): how many of the later app's rows moved from source to target.
MergeHook = Callable[["Institution", "Institution"], int]
# fn(institution): after its names changed.
RenamedHook = Callable[["Institution"], None]


@dataclass
class PartnerSection:
    title: StrOrPromise
    template: str
    context: dict[str, Any] = field(default_factory=dict)
    order: int = 100


_sections: list[SectionHook] = []
_mergers: list[MergeHook] = []
_renamed: list[RenamedHook] = []


def register_section(fn: SectionHook) -> None:
    if fn not in _sections:
        _sections.append(fn)


def register_merge(fn: MergeHook) -> None:
    if fn not in _mergers:
        _mergers.append(fn)


def register_renamed(fn: RenamedHook) -> None:
    if fn not in _renamed:
        _renamed.append(fn)


def sections_for(institution: Institution, user: AnyUser) -> list[PartnerSection]:
    found = [s for fn in _sections if (s := fn(institution, user)) is not None]
    return sorted(found, key=lambda s: s.order)


def merge_all(source: Institution, target: Institution) -> int:
    return sum(fn(source, target) for fn in _mergers)


def renamed_all(institution: Institution) -> None:
    for fn in _renamed:
        fn(institution)
