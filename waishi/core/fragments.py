"""Rendered page fragments, cached under a version token that any change to the data replaces.

A `Fragments` scope holds one token in the shared cache. Saving or deleting a watched row
(signals connected in the apps' `ready()`) replaces the token, so every fragment cached under
the old one is never read again. Fragments also expire after `TIMEOUT`, for writes outside a
request that send no signal (bulk loads).

The tokens live in the shared cache; with several server processes it must be shared
(REDIS_URL), or a change made in one process would not replace the token of another. The
fragments themselves are kept in each process's memory (no round trip): under a key that holds
the token they never change.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, TypeVar

from asgiref.local import Local
from django.core.cache import cache, caches
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.utils.translation import get_language

from waishi.core import clock

T = TypeVar("T")

if TYPE_CHECKING:
    from django.views import View as _View  # the mixins come before a view class
else:
    _View = object

TIMEOUT = 600  # seconds
# Where fragments are kept: each process's memory (settings.CACHES). Only the version tokens
# live in the shared cache; a fragment's key holds the token, so it never goes stale.
STORE = "fragments"

# Rows whose changes no cached page shows: sessions, lockout records, API tokens, the admin
# log. History rows are skipped because the row they record sends its own signal.
UNWATCHED_MODELS = frozenset(
    {
        "sessions.session",
        "axes.accessattempt",
        "axes.accesslog",
        "axes.accessfailurelog",
        "authtoken.token",
        "admin.logentry",
    }
)


class Fragments:
    """One scope of cached fragments and its version token."""

    def __init__(self, name: str, watched_apps: Iterable[str] | None = None) -> None:
        self.name = name
        self.version_key = f"{name}:version"
        # None: every app's rows (but UNWATCHED_MODELS).
        self.watched_apps = frozenset(watched_apps) if watched_apps is not None else None
        self._pinned = Local()

    def version(self) -> str:
        """The current token; a random one, so that a lost token never revives old fragments.
        Read once a request (see `pinned`)."""
        token: str | None = getattr(self._pinned, "token", None)
        if token is not None:
            return token
        token = cache.get(self.version_key)
        if token is None:
            cache.add(self.version_key, uuid.uuid4().hex, None)
            token = cache.get(self.version_key) or ""
        if getattr(self._pinned, "active", False):
            self._pinned.token = token
        return token

    def bump(self) -> None:
        """Forget every fragment of this scope."""
        token = uuid.uuid4().hex
        cache.set(self.version_key, token, None)
        if getattr(self._pinned, "active", False):
            self._pinned.token = token

    @contextmanager
    def pinned(self) -> Iterator[None]:
        """Within a request: read the token from the shared cache once, not at every use."""
        self._pinned.active, self._pinned.token = True, None
        try:
            yield
        finally:
            self._pinned.active, self._pinned.token = False, None

    def remembered(self, name: str, build: Callable[[], T]) -> T:
        """`build()` kept until the next change (for what every request asks, such as a
        user's roles)."""
        return self.get_or_build(f"{self.name}:{name}:{self.version()}", build)

    def get_or_build(self, key: str, build: Callable[[], T]) -> T:
        store = caches[STORE]
        found: T | None = store.get(key)
        if found is None:
            found = build()
            store.set(key, found, TIMEOUT)
        return found

    def fragment(self, name: str, build: Callable[[], str]) -> str:
        """`build()` cached per version, language and day (for pages the same for everyone;
        figures such as agreements in force follow the calendar)."""
        return self.get_or_build(f"{self.name}:{name}:{self.common_key()}", build)

    def common_key(self) -> str:
        return f"{self.version()}:{get_language()}:{clock.today().isoformat()}"

    def watches(self, sender: Any) -> bool:
        meta = getattr(sender, "_meta", None)
        if meta is None or meta.model_name.startswith("historical"):
            return False
        if self.watched_apps is not None:
            return meta.app_label in self.watched_apps
        return meta.label_lower not in UNWATCHED_MODELS

    def on_change(self, sender: Any, **kwargs: Any) -> None:
        """Signal receiver for post_save, post_delete and m2m_changed."""
        if not self.watches(sender):
            return
        self.bump()
        if transaction.get_connection().in_atomic_block:
            # Again once the change is committed: a page another process rendered meanwhile,
            # from the data before it, must not stay under the new token.
            transaction.on_commit(self.bump)

    def connect(self) -> None:
        from django.db.models.signals import m2m_changed, post_delete, post_save

        for signal in (post_save, post_delete, m2m_changed):
            signal.connect(self.on_change, dispatch_uid=f"fragments-{self.name}-{id(signal)}")
        if self not in CONNECTED:
            CONNECTED.append(self)


# Every scope that follows the data, so that a change made past Django's signals (a restored
# backup) can replace all their tokens at once.
CONNECTED: list[Fragments] = []


def bump_all() -> None:
    for scope in CONNECTED:
        scope.bump()


class WholePageMixin(_View):
    """A GET page answered whole from the fragments store when it was rendered before under
    the same key (`page_key`; None: not cached). Not while a message waits to be shown, and
    an answer that sets a cookie is not kept."""

    def page_key(self, request: HttpRequest) -> str | None:
        raise NotImplementedError

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        from django.contrib.messages import get_messages

        key = None
        if request.method == "GET" and not len(get_messages(request)):
            key = self.page_key(request)
        if key is None:
            return super().dispatch(request, *args, **kwargs)
        store = caches[STORE]
        found = store.get(key)
        if found is not None:
            content, content_type = found
            return HttpResponse(content, content_type=content_type)
        response = super().dispatch(request, *args, **kwargs)
        if hasattr(response, "render"):
            response.render()
        # Not a streamed answer (no HttpResponse), nor one with a cookie or a message.
        if (
            isinstance(response, HttpResponse)
            and response.status_code == 200
            and not response.cookies
            and not len(get_messages(request))
        ):
            store.set(key, (response.content, response["Content-Type"]), TIMEOUT)
        return response


class WholePageForVisitorsMixin(WholePageMixin):
    """A public page, the same for every visitor who is not logged in (it carries no CSRF
    token, see `core.views.language_choose`); only with the query parameters in
    `cached_params`."""

    page_fragments: Fragments
    cached_params: tuple[str, ...] = ()

    def page_key(self, request: HttpRequest) -> str | None:
        if request.user.is_authenticated or any(
            name not in self.cached_params for name in request.GET
        ):
            return None
        scope = self.page_fragments
        return f"{scope.name}:page:{scope.common_key()}:{request.get_full_path()}"
