"""Staff pages are served from cached fragments (waishi.core.fragments). What a user relies
on: a cached page costs little, and it never shows anything stale, another user's view,
another language, yesterday's statuses, or a form whose CSRF token their browser cannot match."""

from __future__ import annotations

import datetime
import re

from django.test import Client
from django.urls import reverse

from waishi.agreements.tests.factories import AgreementFactory
from waishi.core import notifications
from waishi.partners import services
from waishi.partners.tests.factories import InstitutionFactory

PARTNERS = "/staff/partners/"
AGREEMENTS = "/staff/agreements/"


def _html(client: Client, url: str, **extra) -> str:
    response = client.get(url, **extra)
    assert response.status_code == 200
    return response.content.decode()


def test_a_cached_list_costs_only_the_login_queries(
    client, personas, django_assert_max_num_queries
):
    for n in range(3):
        InstitutionFactory(name_en=f"University number {n}")
    client.force_login(personas.office_staff)
    _html(client, PARTNERS)  # renders and caches
    # The session, the user and the user's roles; no count, no rows, no filter choices.
    with django_assert_max_num_queries(3):
        html = _html(client, PARTNERS)
    assert "University number 2" in html


def test_a_saved_change_shows_at_once_on_list_detail_and_api(client, personas):
    partner = InstitutionFactory(name_en="University of Orleans")
    client.force_login(personas.office_staff)
    api = "/api/partners/?page_size=100"
    for url in (PARTNERS, partner.get_absolute_url()):
        assert "University of Orleans" in _html(client, url)
    assert "University of Orleans" in _html(client, api)

    services.institution_update(partner, by=personas.office_staff, name_en="Orleans University")

    listed = _html(client, PARTNERS)
    assert "Orleans University" in listed
    assert "University of Orleans" not in listed
    assert 'lang="en">Orleans University</dd>' in _html(client, partner.get_absolute_url())
    assert '"name_en":"Orleans University"' in _html(client, api)


def test_a_write_without_a_signal_shows_after_its_request(client, personas):
    """Marking notifications read is one UPDATE, which sends no signal."""
    notifications.notify(
        [personas.office_staff],
        "core/notice/roles_changed",
        {"roles": ["Office staff"], "units": []},
        email=False,
    )
    client.force_login(personas.office_staff)
    assert "bell-count" in _html(client, "/staff/")
    response = client.post(reverse("core:notification.read_all"))
    assert response.status_code == 302
    assert "bell-count" not in _html(client, "/staff/")


def test_each_user_sees_their_own_buttons(client, personas):
    partner = InstitutionFactory()
    edit = reverse("partners:institution.update", args=[partner.pk])
    client.force_login(personas.office_staff)
    assert edit in _html(client, partner.get_absolute_url())
    auditor = Client()
    auditor.force_login(personas.auditor)
    assert edit not in _html(auditor, partner.get_absolute_url())


def test_each_language_has_its_own_page(client, personas):
    InstitutionFactory()
    client.force_login(personas.office_staff)
    assert "<h1>合作院校</h1>" in _html(client, PARTNERS, HTTP_ACCEPT_LANGUAGE="zh-hans")
    html = _html(client, PARTNERS, HTTP_ACCEPT_LANGUAGE="en")
    assert "<h1>Partners</h1>" in html
    assert "合作院校" not in html


def test_statuses_follow_the_calendar(client, personas, settings):
    AgreementFactory(name_en="Exchange with Orleans", expires_on=datetime.date(2028, 12, 31))
    client.force_login(personas.office_staff)
    settings.WAISHI_FROZEN_TODAY = datetime.date(2026, 1, 5)
    assert "agreement-status-in_force" in _html(client, AGREEMENTS)
    settings.WAISHI_FROZEN_TODAY = datetime.date(2029, 1, 5)
    assert "agreement-status-expired" in _html(client, AGREEMENTS)


def _token(html: str) -> str:
    found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    assert found, "no CSRF token in the page"
    return found.group(1)


def test_forms_in_a_cached_page_work_in_every_browser(personas):
    """The same user in two browsers (two CSRF cookies): each page's forms carry a token that
    browser's cookie matches."""
    partner = InstitutionFactory()
    browsers = [Client(enforce_csrf_checks=True) for _ in range(2)]
    for browser in browsers:
        browser.force_login(personas.office_staff)
        browser.get("/staff/")  # sets the browser's CSRF cookie
    pages = [_html(browser, partner.get_absolute_url()) for browser in browsers]
    for browser, page in zip(browsers, pages, strict=True):
        response = browser.post(
            reverse("core:language"),
            {"language": "en", "next": "/staff/", "csrfmiddlewaretoken": _token(page)},
        )
        assert response["Location"] == "/staff/"
        assert response.cookies["django_language"].value == "en"


def test_a_message_is_shown_once_and_the_change_at_once(client, personas):
    partner = InstitutionFactory()
    page = partner.get_absolute_url()
    client.force_login(personas.office_staff)
    _html(client, page, HTTP_ACCEPT_LANGUAGE="en")  # kept whole
    response = client.post(
        reverse("partners:other_name.create", args=[partner.pk]),
        {"name": "UOX", "kind": "abbreviation"},
        HTTP_ACCEPT_LANGUAGE="en",
        follow=True,
    )
    html = response.content.decode()
    assert "The name has been added." in html
    assert "UOX" in html
    again = _html(client, page, HTTP_ACCEPT_LANGUAGE="en")
    assert "UOX" in again
    assert "The name has been added." not in again


def test_a_change_in_a_transaction_replaces_the_token_again_when_committed(
    personas, django_capture_on_commit_callbacks
):
    from waishi.core import fragments

    with django_capture_on_commit_callbacks() as committed:
        InstitutionFactory()
        during = fragments.staff.version()
    for callback in committed:
        callback()
    assert fragments.staff.version() != during
