"""The staff navigation: each app adds its entries in `AppConfig.ready()`, so the base layout
shows a module without importing it (imports run one way, see ARCHITECTURE.md)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.urls import reverse
from django_stubs_ext import StrOrPromise

if TYPE_CHECKING:
    from waishi.core.models import AnyUser


@dataclass(frozen=True)
class NavEntry:
    label: StrOrPromise
    url_name: str
    icon: str  # a heroicons outline name
    permission: str | None = None
    order: int = 100
    section: str = "work"  # "work" or "admin"

    @property
    def url(self) -> str:
        return reverse(self.url_name)


_entries: list[NavEntry] = []


def register(entry: NavEntry) -> None:
    if all(e.url_name != entry.url_name for e in _entries):
        _entries.append(entry)
        _entries.sort(key=lambda e: (e.order, e.url_name))


def entries_for(user: AnyUser) -> list[NavEntry]:
    return [e for e in _entries if e.permission is None or user.has_perm(e.permission)]
