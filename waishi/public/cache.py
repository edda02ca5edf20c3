"""The public pages' cache: rendered fragments per language under a version token that any
change to what they show replaces (signals connected in `apps.py`; cache only, no business
side effects). Fragments also expire after `TIMEOUT`, for writes that send no signal (bulk
loads)."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from django.core.cache import cache
from django.utils.translation import get_language

VERSION_KEY = "public:version"
TIMEOUT = 600  # seconds
# Apps whose rows the public pages show or count.
WATCHED_APPS = frozenset(
    {"partners", "agreements", "programs", "confucius", "conferences", "public"}
)


def version() -> str:
    """The current token; a random one, so that a lost token never revives old fragments."""
    token = cache.get(VERSION_KEY)
    if token is None:
        cache.add(VERSION_KEY, uuid.uuid4().hex, None)
        token = cache.get(VERSION_KEY) or ""
    return token


def bump() -> None:
    """Forget every cached public fragment."""
    cache.set(VERSION_KEY, uuid.uuid4().hex, None)


def fragment(name: str, build: Callable[[], str]) -> str:
    """`build()` cached per version and language."""
    key = f"public:{name}:{version()}:{get_language()}"
    found = cache.get(key)
    if found is None:
        found = build()
        cache.set(key, found, TIMEOUT)
    return found


def on_change(sender: Any, **kwargs: Any) -> None:
    """Signal receiver: a row of a watched app was saved or deleted."""
    meta = getattr(sender, "_meta", None)
    if meta is None or meta.app_label not in WATCHED_APPS:
        return
    if meta.model_name.startswith("historical"):
        return  # the row itself sends its own signal
    bump()
