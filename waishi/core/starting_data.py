"""Starting data for a new installation. Each app adds its loader in `AppConfig.ready()`;
`manage.py load_starting_data` runs them in order. Every loader is idempotent and keeps what
users entered."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Loader:
    name: str
    load: Callable[[Callable[[str], None]], None]  # takes a function that prints a line
    order: int = 100


_loaders: list[Loader] = []


def register(loader: Loader) -> None:
    if all(existing.name != loader.name for existing in _loaders):
        _loaders.append(loader)
        _loaders.sort(key=lambda item: item.order)


def loaders() -> list[Loader]:
    return list(_loaders)
