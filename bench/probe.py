"""Run inside the benchmark's environment (its database, DEBUG off, no shared cache): resolve the
paths of bench/pages.py, give the benchmark user a throwaway password, and for each page count
the SQL queries of one request rendered afresh and time such requests in-process (Django's test
client, no HTTP). Prints one JSON object on stdout.

"Afresh" means with every cache of this process emptied first (the benchmark runs it with the
local memory cache, never the shared one), as a page is after a change.

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

from django.core.cache import caches  # noqa: E402
from django.core.cache.backends.locmem import LocMemCache  # noqa: E402
from django.db import connection, reset_queries  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import NoReverseMatch  # noqa: E402

from bench.pages import PAGES  # noqa: E402
from waishi.core.models import User  # noqa: E402
from waishi.partners.models import Institution  # noqa: E402

BENCH_USER = "demo-officer-1"
# Requests rendered afresh per page; the median is reported.
TIMES = int(os.environ.get("BENCH_AFRESH_TIMES", 5))


def forget_cached() -> None:
    """Empty this process's caches (local memory only: a shared cache is never cleared here)."""
    for cache in caches.all():
        if isinstance(cache, LocMemCache):
            cache.clear()


def _get(client: Client, path: str) -> tuple[int, bytes, str]:
    response = client.get(path)
    body = (
        b"".join(response.streaming_content)
        if getattr(response, "streaming", False)
        else response.content
    )
    return response.status_code, body, response.get("Content-Type", "")


def measure(page_kind: str, client: Client, path: str) -> dict[str, Any]:
    # A first request loads what a worker loads once (templates, content types, translations).
    _get(client, path)
    forget_cached()
    # The test client's request empties the query log (request_started); emptied first, the
    # capture counts from 0 rather than from what the last page left there.
    reset_queries()
    with CaptureQueriesContext(connection) as queries:
        status, body, content_type = _get(client, path)
    item: dict[str, Any] = {
        "status": status,
        "queries": len(queries),
        "bytes": len(body),
        "content_type": content_type,
    }
    if status == 200 and page_kind != "export":
        took = []
        for _ in range(TIMES):
            forget_cached()
            started = time.perf_counter()
            _get(client, path)
            took.append((time.perf_counter() - started) * 1000)
        item["afresh_ms"] = round(statistics.median(took), 1)
    return item


def main() -> None:
    user = User.objects.get(username=BENCH_USER)
    password = secrets.token_urlsafe(16)
    user.set_password(password)
    user.save(update_fields=["password"])
    # A page that fails (a module half built) is reported by its status, not raised.
    anonymous = Client(raise_request_exception=False)
    staff = Client(raise_request_exception=False)
    staff.force_login(user)
    only = {n.strip() for n in os.environ.get("BENCH_PAGES", "").split(",") if n.strip()}
    items = []
    for page in PAGES:
        if only and page.name not in only and page.kind != "floor":
            continue
        item: dict[str, Any] = {
            "name": page.name,
            "kind": page.kind,
            "staff": page.staff,
            "budget_ms": page.budget_ms,
        }
        try:
            item["path"] = page.resolve()
        except NoReverseMatch:
            item["path"] = None
        if item["path"]:
            item.update(measure(page.kind, staff if page.staff else anonymous, item["path"]))
        else:
            item["status"] = 404
        items.append(item)
    # The record the writer of bench/run.py saves once a second, through the API.
    written = Institution.objects.order_by("pk").values_list("pk", flat=True).last()
    print(
        json.dumps(
            {
                "username": user.username,
                "password": password,
                "institutions": Institution.objects.count(),
                "write_path": f"/api/partners/{written}/" if written else None,
                "pages": items,
            }
        )
    )


if __name__ == "__main__":
    main()
