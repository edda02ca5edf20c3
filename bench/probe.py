"""Run inside the benchmark's environment (its database, DEBUG off): find the endpoints' URLs,
give the benchmark user a throwaway password, and count the SQL queries of one request to each
endpoint with Django's test client. Prints one JSON object on stdout.

Also times, in-process, a request of each page rendered afresh (as after a change).

Used by bench/run.py; not meant to be run by hand.
"""

from __future__ import annotations

import json
import os
import secrets
import statistics
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "waishi.settings")

import django

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import NoReverseMatch, URLResolver, get_resolver, reverse  # noqa: E402

from waishi.core import fragments  # noqa: E402
from waishi.core.models import User  # noqa: E402
from waishi.partners.models import Institution  # noqa: E402
from waishi.public import cache as public_cache  # noqa: E402

BENCH_USER = "demo-officer-1"


def _names_in(namespace: str) -> list[str]:
    for pattern in get_resolver().url_patterns:
        if isinstance(pattern, URLResolver) and pattern.namespace == namespace:
            return sorted(name for name in pattern.reverse_dict if isinstance(name, str))
    return []


def _export_path() -> str | None:
    """The Excel export of the partner list, whatever its URL name turned out to be."""
    names = [n for n in _names_in("partners") if "export" in n]
    names.sort(key=lambda n: (n != "institution.export", n))
    for name in names:
        try:
            return reverse(f"partners:{name}")
        except NoReverseMatch:
            continue
    return None


def _sample_institution() -> Institution | None:
    """A partner with some of everything its page lists (contacts, other names, programs,
    agreements, trips ...), so that the detail page does the same work at every scale."""
    from django.db.models import Exists, IntegerField, OuterRef, Value
    from django.db.models.functions import Cast

    relations = [r for r in Institution._meta.related_objects if r.one_to_many or r.many_to_many]
    has = {
        f"has_{n}": Exists(
            r.related_model._default_manager.filter(**{r.field.name: OuterRef("pk")})
        )
        for n, r in enumerate(relations)
    }
    kinds = sum((Cast(name, IntegerField()) for name in has), Value(0))
    return (
        Institution.objects.annotate(**has).annotate(kinds=kinds).order_by("-kinds", "pk").first()
    )


def endpoints() -> list[dict[str, Any]]:
    sample = _sample_institution()
    term = (sample.city.split() or ["university"])[0] if sample and sample.city else "university"
    try:
        detail = sample.get_absolute_url() if sample else None
    except NoReverseMatch:
        detail = None
    return [
        {"name": "healthz", "path": "/healthz", "staff": False, "floor": True},
        {"name": "public partners", "path": "/partners/", "staff": False, "limit": 2},
        {"name": "overview", "path": "/", "staff": False, "limit": 2},
        {"name": "staff list", "path": "/staff/partners/", "staff": True, "limit": 3},
        {"name": "staff search", "path": f"/staff/partners/?q={term}", "staff": True, "limit": 3},
        {"name": "partner detail", "path": detail, "staff": True, "limit": 3},
        {"name": "api list", "path": "/api/partners/?page_size=100", "staff": True, "limit": 3},
        {"name": "export", "path": _export_path(), "staff": True, "export": True},
    ]


def measure(items: list[dict[str, Any]], user: User) -> None:
    """Two requests each: afresh (`queries_cold`), then from the cache (`queries`)."""
    # A page that fails (another module half built) is reported by its status, not raised.
    anonymous = Client(raise_request_exception=False)
    staff = Client(raise_request_exception=False)
    staff.force_login(user)
    for item in items:
        if not item["path"]:
            item["status"] = 404
            continue
        client = staff if item["staff"] else anonymous
        for attempt in range(2):
            if attempt == 0:
                # The first request renders afresh (as after a change), the second is served
                # from the fragments cached by the first, as most requests are under load.
                fragments.staff.bump()
                public_cache.public.bump()
            with CaptureQueriesContext(connection) as queries:
                response = client.get(item["path"])
                body = (
                    b"".join(response.streaming_content)
                    if getattr(response, "streaming", False)
                    else response.content
                )
            if attempt == 0:
                item["queries_cold"] = len(queries)
        item["status"] = response.status_code
        item["queries"] = len(queries)
        item["bytes"] = len(body)
        item["content_type"] = response.get("Content-Type", "")
        if response.status_code == 200 and not item.get("export"):
            item["afresh_ms"] = _afresh_ms(client, item["path"])


def _afresh_ms(client: Client, path: str, times: int = 5) -> float:
    """The median time (in-process, no HTTP) of a request rendered afresh: the first view of
    a page after a change, which the load run (the same page again and again) does not see."""
    took = []
    for _ in range(times):
        fragments.staff.bump()
        public_cache.public.bump()
        started = time.perf_counter()
        client.get(path)
        took.append((time.perf_counter() - started) * 1000)
    return round(statistics.median(took), 1)


def main() -> None:
    user = User.objects.get(username=BENCH_USER)
    password = secrets.token_urlsafe(16)
    user.set_password(password)
    user.save(update_fields=["password"])
    items = endpoints()
    measure(items, user)
    print(
        json.dumps(
            {
                "username": user.username,
                "password": password,
                "institutions": Institution.objects.count(),
                "endpoints": items,
            }
        )
    )


if __name__ == "__main__":
    main()
