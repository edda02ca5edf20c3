"""The public pages' cache: fragments per language under the public scope's version token
(`waishi.core.fragments`), replaced when a row the public pages show or count changes."""

from __future__ import annotations

from waishi.core.fragments import Fragments

# Apps whose rows the public pages show or count.
WATCHED_APPS = frozenset(
    {"partners", "agreements", "programs", "confucius", "conferences", "public"}
)

public = Fragments("public", WATCHED_APPS)
fragment = public.fragment
