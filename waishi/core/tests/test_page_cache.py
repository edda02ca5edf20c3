"""The public pages' cache (waishi.core.page_cache) and a cache that does not answer
(waishi.core.cache_backend): what a page declares is checked, staff pages are never stale,
and a stopped Redis is a miss with one warning, not an error per request."""

from __future__ import annotations

import logging
import socket

from django.core.checks import run_checks
from django.views.generic import TemplateView

from waishi.core import cache_backend, page_cache
from waishi.partners.models import Institution
from waishi.partners.tests.factories import InstitutionFactory


def test_a_page_that_declares_an_unknown_model_fails_the_check():
    class GuessedPage(page_cache.CachedPage, TemplateView):
        shows = ("lectures.Lecture", Institution)

    try:
        found = [e for e in run_checks() if e.id == "waishi.E001"]
    finally:
        page_cache._pages.pop(page_cache._name(GuessedPage))
    assert [e.msg for e in found] == [
        "waishi.core.tests.test_page_cache.test_a_page_that_declares_an_unknown_model_fails_"
        "the_check.<locals>.GuessedPage declares that it shows 'lectures.Lecture', "
        "which is no installed model"
    ]
    assert not [e for e in run_checks() if e.id == "waishi.E001"]


def test_the_deploy_check_warns_of_pages_cached_in_each_process(settings):
    settings.DEBUG = False
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    assert [m.id for m in page_cache.check_nothing_stale(None)] == ["waishi.W001"]
    settings.CACHES = {
        "default": {
            "BACKEND": "waishi.core.cache_backend.TolerantRedisCache",
            "LOCATION": "redis://127.0.0.1:6379/0",
        }
    }
    assert page_cache.check_nothing_stale(None) == []
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    assert [m.id for m in page_cache.check_nothing_stale(None)] == ["waishi.W002"]


def test_a_staff_page_shows_even_a_change_that_told_nobody(client, personas):
    partner = InstitutionFactory(name_en="Ghent University")
    client.force_login(personas.office_staff)
    assert "Ghent University" in client.get("/staff/partners/").content.decode()
    Institution.objects.filter(pk=partner.pk).update(name_en="Universiteit Gent")
    html = client.get("/staff/partners/").content.decode()
    assert "Universiteit Gent" in html and "Ghent University" not in html


def test_a_stopped_redis_is_a_miss_with_one_warning(caplog, monkeypatch):
    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    cache = cache_backend.TolerantRedisCache(
        f"redis://127.0.0.1:{port}/0",
        {"OPTIONS": {"socket_connect_timeout": 0.25, "socket_timeout": 0.25}},
    )
    monkeypatch.setattr(cache_backend, "_state", {"paused_until": 0.0, "warned_at": -60.0})
    with caplog.at_level(logging.WARNING, logger="waishi.core.cache_backend"):
        for _ in range(3):
            assert cache.get("page", "missed") == "missed"
            assert cache.get_many(["a", "b"]) == {}
            cache.set("page", "kept")
            assert cache.add("page", "kept") is False
            cache_backend._state["paused_until"] = 0.0  # asked again every time
    assert len(caplog.records) == 1
    assert cache.answers() is False
