"""Django's Redis cache, for a cache that may be down or slow: the site then answers uncached.

A command that fails (Redis stopped, or slower than the socket timeouts of settings.CACHES)
is a miss, and the cache is not asked again for `PAUSE` seconds, so a dead server costs each
request nothing. A warning is logged at most once a minute per process.
"""

from __future__ import annotations

import functools
import logging
import time
from collections.abc import Callable
from typing import Any

from django.core.cache.backends.redis import RedisCache
from redis import RedisError

log = logging.getLogger(__name__)
PAUSE = 5  # seconds without asking a cache that did not answer
WARN_EVERY = 60  # seconds
_state = {"paused_until": 0.0, "warned_at": -float(WARN_EVERY)}


def _failed(error: RedisError) -> None:
    now = time.monotonic()
    _state["paused_until"] = now + PAUSE
    if now - _state["warned_at"] >= WARN_EVERY:
        _state["warned_at"] = now
        log.warning("The cache (Redis) does not answer; pages are served uncached: %s", error)


def _or(fallback: Callable[..., Any]) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """The command, or `fallback(*args)` while the cache does not answer."""

    def wrap(command: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(command)
        def tolerant(self: TolerantRedisCache, *args: Any, **kwargs: Any) -> Any:
            if time.monotonic() < _state["paused_until"]:
                return fallback(*args, **kwargs)
            try:
                return command(self, *args, **kwargs)
            except RedisError as error:
                _failed(error)
                return fallback(*args, **kwargs)

        return tolerant

    return wrap


def _default(key: Any, default: Any = None, *_args: Any, **kwargs: Any) -> Any:
    return kwargs.get("default", default)


def _nothing(*_args: Any, **_kwargs: Any) -> None:
    return None


def _no(*_args: Any, **_kwargs: Any) -> bool:
    return False


class TolerantRedisCache(RedisCache):
    get = _or(_default)(RedisCache.get)
    get_many = _or(lambda *_a, **_k: {})(RedisCache.get_many)
    set = _or(_nothing)(RedisCache.set)
    set_many = _or(lambda data, *_a, **_k: list(data))(RedisCache.set_many)
    add = _or(_no)(RedisCache.add)
    incr = _or(_nothing)(RedisCache.incr)
    touch = _or(_no)(RedisCache.touch)
    delete = _or(_no)(RedisCache.delete)
    delete_many = _or(_nothing)(RedisCache.delete_many)
    has_key = _or(_no)(RedisCache.has_key)
    clear = _or(_no)(RedisCache.clear)

    def answers(self) -> bool:
        """Whether the server answers now (for /healthz), past the pause."""
        try:
            client = self._cache.get_client(write=True)  # type: ignore[attr-defined]  # Django's
            return bool(client.ping())
        except RedisError:
            return False
