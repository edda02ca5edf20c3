"""Every URL, opened as the anonymous visitor and as each role (the README's "Roles"). A page
that is not public must never answer 200 to someone who may not see it, and every page that
answers must hold no inline script or style (strict CSP)."""

from __future__ import annotations

import importlib
import re

import pytest
from django.apps import apps
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from waishi.core.testing import ALL_ROLES, AccessCase

# Django's own admin has its own staff check; it is tested separately below.
IGNORED_NAMESPACES = {"admin"}
IGNORED_NAMES: set[str] = set()


def _named_patterns(resolver=None, namespace: str = "") -> set[str]:
    resolver = resolver or get_resolver()
    names: set[str] = set()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = pattern.namespace or ""
            if inner in IGNORED_NAMESPACES:
                continue
            prefix = f"{namespace}{inner}:" if inner else namespace
            names |= _named_patterns(pattern, prefix)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.add(f"{namespace}{pattern.name}")
    return names


def _all_cases() -> list[AccessCase]:
    cases: list[AccessCase] = []
    for config in apps.get_app_configs():
        if not config.name.startswith("waishi."):
            continue
        try:
            module = importlib.import_module(f"{config.name}.tests.access")
        except ModuleNotFoundError:
            continue
        cases.extend(module.CASES)
    return cases


CASES = _all_cases()
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
INLINE_STYLE = re.compile(r"<style\b|\sstyle=\"", re.IGNORECASE)


def test_every_named_url_has_an_access_case():
    covered = {case.url_name for case in CASES}
    missing = _named_patterns() - covered - IGNORED_NAMES
    assert missing == set(), f"URLs with no case in their app's tests/access.py: {missing}"


def _open(client, case: AccessCase, kwargs):
    url = reverse(case.url_name, kwargs=kwargs) + (f"?{case.query}" if case.query else "")
    if case.method == "post":
        return client.post(url, {"language": "en", "next": "/"})
    return client.get(url)


def _assert_no_inline_code(response):
    if "text/html" not in response.get("Content-Type", ""):
        return
    html = response.content.decode()
    assert not INLINE_SCRIPT.search(html), "inline <script> breaks the CSP"
    assert not INLINE_STYLE.search(html), "inline style breaks the CSP"


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.url_name)
def test_url_answers_each_role_as_allowed(case: AccessCase, client, personas):
    kwargs = case.kwargs(personas) if case.kwargs else {}
    # Anonymous first.
    response = _open(client, case, kwargs)
    if case.may(None):
        assert response.status_code in case.ok_status, ("anonymous", response.status_code)
        _assert_no_inline_code(response)
    else:
        assert response.status_code in (302, 401, 403), ("anonymous", response.status_code)
        if response.status_code == 302:
            assert response["Location"].startswith(reverse("core:login"))
    for role, user in personas.by_role().items():
        assert role in ALL_ROLES
        client.force_login(user)
        response = _open(client, case, kwargs)
        if case.may(role):
            assert response.status_code in case.ok_status, (role, response.status_code)
            _assert_no_inline_code(response)
        else:
            assert response.status_code in (403, 404), (role, response.status_code)
        client.logout()


def test_django_admin_only_for_superusers(client, personas):
    for role, user in personas.by_role().items():
        client.force_login(user)
        response = client.get("/admin/")
        assert response["Location"] == "/admin/login/?next=/admin/", role
        client.logout()
    personas.admin.is_staff = personas.admin.is_superuser = True
    personas.admin.save()
    client.force_login(personas.admin)
    html = client.get("/admin/").content.decode()
    assert 'href="/admin/partners/institution/"' in html
