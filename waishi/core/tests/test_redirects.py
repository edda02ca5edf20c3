"""Every view of core that follows a `next` stays on the site when `next` names another one
(the travel and workflow views are tested in `waishi/travel/tests/test_redirects.py`)."""

from __future__ import annotations

import pytest
from django.test import RequestFactory
from django.urls import reverse

from waishi.core import redirects

EVIL = ["https://evil.example", "//evil.example/", "https:evil.example", "\\\\evil.example"]


def stays_on_site(response) -> bool:
    location = response["Location"]
    return response.status_code == 302 and location.startswith("/") and "evil" not in location


@pytest.mark.parametrize("url", EVIL)
def test_next_or_keeps_only_this_site(url):
    request = RequestFactory().post("/x/", {"next": url})
    assert redirects.next_or(request, "/staff/") == "/staff/"
    here = RequestFactory().post("/x/", {"next": "/staff/travel/trips/?year=2026"})
    assert redirects.next_or(here, "/staff/") == "/staff/travel/trips/?year=2026"


@pytest.mark.django_db
@pytest.mark.parametrize("url", EVIL)
def test_the_language_link_stays_on_the_site(client, url):
    response = client.get(reverse("core:language.choose", args=["en"]), {"next": url})
    assert (response.status_code, response["Location"]) == (302, "/")


@pytest.mark.django_db
@pytest.mark.parametrize("url", EVIL)
def test_the_language_form_stays_on_the_site(client, personas, url):
    client.force_login(personas.teacher)
    response = client.post(reverse("core:language"), {"language": "en", "next": url})
    assert stays_on_site(response), response["Location"]
    personas.teacher.refresh_from_db()
    assert personas.teacher.language == "en"


@pytest.mark.django_db
@pytest.mark.parametrize("url", EVIL)
def test_logging_in_stays_on_the_site(client, personas, url):
    response = client.post(
        reverse("core:login"),
        {"username": "teacher", "password": "a-long-test-password", "next": url},
    )
    assert (response.status_code, response["Location"]) == (302, reverse("core:home"))
