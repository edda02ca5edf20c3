"""Counting a visitor's attempts in a window (public forms: so many per hour per address).

Counted in the default cache, shared by every server process with REDIS_URL. A cache that
does not answer (`waishi.core.cache_backend`) counts nothing: the attempt is allowed, since a
public form refused to everyone while Redis restarts is worse than a few extra attempts.
"""

from __future__ import annotations

import hashlib

from django.core.cache import cache


def _key(scope: str, who: str) -> str:
    # Hashed: an e-mail address or IP address is never a cache key in clear.
    return "rate:" + scope + ":" + hashlib.sha256(who.encode()).hexdigest()[:32]


def attempts(scope: str, who: str) -> int:
    """How many attempts `who` made in the current window of `scope` (0 when unknown)."""
    found = cache.get(_key(scope, who))
    return found if isinstance(found, int) else 0


def over_limit(scope: str, who: str, limit: int) -> bool:
    """Whether `who` has already made `limit` attempts in this window."""
    return attempts(scope, who) >= limit


def attempt_count(scope: str, who: str, seconds: int) -> int | None:
    """Count one attempt of `who`; the window starts at the first and lasts `seconds`.
    Returns the attempts so far, or None when the cache did not answer."""
    key = _key(scope, who)
    cache.add(key, 0, seconds)
    try:
        counted = cache.incr(key)
    except ValueError:  # gone between add and incr (expired, or evicted): a new window
        cache.set(key, 1, seconds)
        return 1
    return counted if isinstance(counted, int) else None
