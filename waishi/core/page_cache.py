"""Public pages served whole from the cache, per language, until what they show changes.

A page that is the same for every visitor who is not logged in subclasses `CachedPage` and
declares the models it shows (`shows`: model classes or "app_label.Model" labels; one that
names no installed model fails `manage.py check` and the first change). Any change to their
rows (`waishi.core.changes.rows_changed`: saves, deletions, bulk updates) gives the page a new
version, so no copy from before is read again; once more when the change is committed, for a
copy another process rendered meanwhile from the data before it.

Copies and versions live in the default cache: one for every server process with REDIS_URL;
without it each process keeps its own, which `manage.py check --deploy` warns of. A cache that
does not answer is a miss (`waishi.core.cache_backend`). Staff pages and the API are never
cached: they read the data, the user and their roles on every request.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Sequence
from functools import cache as once
from importlib import import_module
from typing import TYPE_CHECKING, Any, ClassVar

from django.apps import AppConfig, apps
from django.conf import settings
from django.contrib.messages import get_messages
from django.core import checks
from django.core.cache import cache
from django.db import models, transaction
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.utils.translation import get_language

from waishi.core import clock

if TYPE_CHECKING:
    from django.views import View as _View  # the mixin comes before a view class
else:
    _View = object

TIMEOUT = 600  # seconds; for writes that tell nobody (a data migration)
_pages: dict[str, type[CachedPage]] = {}


class CachedPage(_View):
    """A GET page for visitors who are not logged in (it carries no CSRF token, see
    `core.views.language_choose`), kept whole per address, language and day (figures follow
    the calendar); only with the query parameters in `cached_params`. Not while a message
    waits to be shown, and an answer that sets a cookie is not kept."""

    shows: ClassVar[tuple[type[models.Model] | str, ...]] = ()
    cached_params: ClassVar[tuple[str, ...]] = ()

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        _pages[_name(cls)] = cls

    def cache_key(self, request: HttpRequest) -> str | None:
        """The key of this request's copy; None: answered afresh."""
        if (
            request.method != "GET"
            or request.user.is_authenticated
            or any(name not in self.cached_params for name in request.GET)
            or len(get_messages(request))
        ):
            return None
        address = hashlib.sha256(request.get_full_path().encode()).hexdigest()[:32]
        return f"page:{_name(type(self))}:{get_language()}:{clock.today().isoformat()}:{address}"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        key = self.cache_key(request)
        if key is None:
            return super().dispatch(request, *args, **kwargs)
        version_key = _version_key(_name(type(self)))
        found = cache.get_many([version_key, key])
        version = found.get(version_key)
        if version is None:
            version = uuid.uuid4().hex
            cache.add(version_key, version, None)
        kept = found.get(key)
        if kept is not None and kept[0] == version:
            return HttpResponse(kept[1], content_type=kept[2])
        response = super().dispatch(request, *args, **kwargs)
        if hasattr(response, "render"):
            response.render()
        if (
            isinstance(response, HttpResponse)
            and response.status_code == 200
            and not response.cookies
            and not len(get_messages(request))
        ):
            cache.set(key, (version, response.content, response["Content-Type"]), TIMEOUT)
        return response


def _name(page: type[CachedPage]) -> str:
    return f"{page.__module__}.{page.__qualname__}"


def _version_key(name: str) -> str:
    return f"page-version:{name}"


def _model(shown: type[models.Model] | str) -> type[models.Model]:
    return apps.get_model(shown) if isinstance(shown, str) else shown


@once
def _watchers() -> dict[str, frozenset[str]]:
    """Model label -> the cached pages that show it."""
    import_module(settings.ROOT_URLCONF)  # imports every page
    found: dict[str, set[str]] = {}
    for name, page in _pages.items():
        for shown in page.shows:
            found.setdefault(_model(shown)._meta.label_lower, set()).add(name)
    return {label: frozenset(names) for label, names in found.items()}


def on_change(sender: type[models.Model], **_signal: Any) -> None:
    """Receiver of `rows_changed`: the pages that show `sender` get a new version."""
    if sender.__module__ == "__fake__":
        return  # a migration's model, before the pages can be imported: they expire instead
    names = _watchers().get(sender._meta.label_lower)
    if not names:
        return

    def renew() -> None:
        cache.set_many({_version_key(name): uuid.uuid4().hex for name in names}, None)

    renew()
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(renew)


@checks.register()
def check_declared_models(
    app_configs: Sequence[AppConfig] | None, **_kwargs: Any
) -> list[checks.CheckMessage]:
    import_module(settings.ROOT_URLCONF)
    errors: list[checks.CheckMessage] = []
    for name, page in _pages.items():
        if not page.shows:
            errors.append(checks.Error(f"{name} declares no model it shows", id="waishi.E001"))
        for shown in page.shows:
            try:
                _model(shown)
            except (LookupError, ValueError):
                errors.append(
                    checks.Error(
                        f"{name} declares that it shows {shown!r}, which is no installed model",
                        hint="Name a model class or an 'app_label.Model' label.",
                        id="waishi.E001",
                    )
                )
    return errors


@checks.register(checks.Tags.caches, deploy=True)
def check_nothing_stale(
    app_configs: Sequence[AppConfig] | None, **_kwargs: Any
) -> list[checks.CheckMessage]:
    """Users, roles, sessions, office rules and staff pages are read afresh on every request;
    what could still be stale is a public page cached in one process's memory."""
    found: list[checks.CheckMessage] = []
    local = str(settings.CACHES["default"]["BACKEND"]).endswith(".LocMemCache")
    if local and not settings.DEBUG and _pages:
        found.append(
            checks.Warning(
                "Public pages are cached in each server process's memory: with several "
                "processes, a change made through one is shown stale by the others for up to "
                f"{TIMEOUT // 60} minutes.",
                hint="Set REDIS_URL (a cache all processes share), or run one process.",
                id="waishi.W001",
            )
        )
    if "cache" in settings.SESSION_ENGINE:
        found.append(
            checks.Warning(
                "Sessions are kept in the cache: a restart of the cache logs everyone out.",
                hint="Keep the database sessions of waishi/settings.py.",
                id="waishi.W002",
            )
        )
    return found
