"""The N+1 guard of issue 6: the pages the benchmark measures make as many SQL queries with ten
times the data as with a little, cold (cache cleared) and warm. A later change that queries per
row fails here before it slows the site down."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.core.cache import cache
from django.db import connection
from django.db.models import Case, Count, F, Value, When
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse

from waishi.core.demo_data import demo_data_generate
from waishi.partners.models import Institution

SMALL = 0.05  # 4 partners
LARGE = 0.5  # 35 more: past the first page of every list


@dataclass(frozen=True)
class Endpoint:
    name: str
    # The path, given whether the data is the large set (the detail page picks its partner).
    path: Callable[[bool], str]
    staff: bool = True


def _detail(large: bool) -> str:
    # A partner with some of everything the page lists (contacts, other names, and what later
    # modules add: programs ...): the fewest rows in the small set, the most in the large one,
    # so that a query per row shows up as a difference.
    relations = [r for r in ("contacts", "other_names", "programs") if hasattr(Institution, r)]
    counts = {f"n_{r}": Count(r, distinct=True) for r in relations}
    kinds = sum((Case(When(**{f"n_{r}__gt": 0}, then=1), default=0) for r in relations), Value(0))
    total = sum((F(f"n_{r}") for r in relations), Value(0))
    ranked = (
        Institution.objects.annotate(**counts)
        .annotate(kinds=kinds, total=total)
        .order_by("-kinds", "-total" if large else "total", "pk")
    )
    first = ranked.first()
    assert first is not None
    return reverse("partners:institution.detail", args=[first.pk])


def _static(path: str) -> Callable[[bool], str]:
    return lambda large: path


ENDPOINTS = [
    Endpoint("public partner page", _static("/partners/"), staff=False),
    Endpoint("overview", _static("/"), staff=False),
    Endpoint("staff partner list", _static("/staff/partners/")),
    Endpoint("staff partner search", _static("/staff/partners/?q=university")),
    Endpoint("partner detail", _detail),
    Endpoint("API partner list", _static("/api/partners/?page_size=100")),
    Endpoint("partner export", lambda large: reverse("partners:institution.export")),
]


def _queries(client, path: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
        if getattr(response, "streaming", False):
            b"".join(response.streaming_content)
    if response.status_code == 404:
        pytest.skip(f"{path} does not exist yet")
    assert response.status_code == 200, path
    return len(captured)


def _measure(client, endpoint: Endpoint, large: bool) -> tuple[int, int]:
    """(cold, warm) query counts of one request."""
    try:
        path = endpoint.path(large)
    except NoReverseMatch:
        pytest.skip(f"{endpoint.name} does not exist yet")
    # One request first, so that what a process loads once (content types, policies) is not
    # counted; then the shared cache is emptied for the cold count.
    client.get(path)
    cache.clear()
    cold = _queries(client, path)
    warm = _queries(client, path)
    return cold, warm


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=[e.name for e in ENDPOINTS])
def test_query_count_is_the_same_with_ten_times_the_data(client, personas, endpoint):
    if endpoint.staff:
        client.force_login(personas.office_staff)
    demo_data_generate(SMALL, force=True)
    small = _measure(client, endpoint, large=False)

    demo_data_generate(LARGE, seed=2, force=True)
    large = _measure(client, endpoint, large=True)

    assert Institution.objects.count() == 39
    assert large == small
