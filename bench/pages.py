"""The pages `make bench` measures: the one place a new app adds its own.

Each entry is a `Page`: a name, the path (or a function that finds it in the generated data,
for a detail page), who asks for it, and its kind, which sets its budget. bench/probe.py reads
this list inside the app (Django set up, the benchmark's database); bench/run.py loads the same
paths under gunicorn.

- `floor`: /healthz, what the framework costs; every p50 is given as a ratio to it.
- `staff`: a staff list, detail page or API list. Budget at scale 100: rendered afresh within
  1.5x its time at scale 1 and within 60 ms.
- `public`: a public page (cached whole). Budget at scale 100: rendered afresh within 60 ms,
  the partner directory within 150 ms (no ratio: a page of the directory holds more partners
  as there are more).
- `export`: an Excel export: time and the worker's peak memory.

A detail page shows the record with the most kinds of related rows (`richest`), so the page does
the same work at every scale.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Exists, IntegerField, Model, OuterRef, Value
from django.db.models.functions import Cast
from django.urls import reverse

# Budgets of issue 12 at scale 100 (rendered afresh, no cache).
AFRESH_MS = 60.0
AFRESH_RATIO = 1.5
PUBLIC_DIRECTORY_MS = 150.0
# While one record is saved a second, a page's p50 stays within this multiple of its read-only p50.
UNDER_WRITES_RATIO = 1.5


@dataclass(frozen=True)
class Page:
    name: str
    path: str | Callable[[], str | None]
    kind: str = "staff"  # floor | staff | public | export
    # Afresh budget in ms at the largest scale (None: none).
    budget_ms: float | None = AFRESH_MS

    @property
    def staff(self) -> bool:
        return self.kind in ("staff", "export")

    def resolve(self) -> str | None:
        return self.path if isinstance(self.path, str) else self.path()


def richest(model: type[Model], *relations: str) -> Model | None:
    """The record with rows in the most of `relations` (query names), lowest pk first."""
    manager = model._default_manager
    has = {
        f"has_{n}": Exists(manager.filter(pk=OuterRef("pk"), **{f"{name}__isnull": False}))
        for n, name in enumerate(relations)
    }
    kinds = sum((Cast(name, IntegerField()) for name in has), Value(0))
    return manager.annotate(**has).annotate(kinds=kinds).order_by("-kinds", "pk").first()


def detail(model_path: str, *relations: str, url: str | None = None) -> Callable[[], str | None]:
    """The detail page of the richest record of `app.Model` (its get_absolute_url, or `url`)."""

    def find() -> str | None:
        from django.apps import apps

        record = richest(apps.get_model(model_path), *relations)
        if record is None:
            return None
        return reverse(url, args=[record.pk]) if url else record.get_absolute_url()

    return find


def search_term() -> str:
    """A word of a partner's city, found at every scale."""
    from waishi.partners.models import Institution

    city = (
        Institution.objects.exclude(city="").order_by("pk").values_list("city", flat=True).first()
    )
    return (city or "university").split()[0]


PAGES: list[Page] = [
    Page("healthz", "/healthz", "floor", None),
    # Public pages
    Page("overview", "/", "public"),
    Page("public partners", "/partners/", "public", PUBLIC_DIRECTORY_MS),
    Page("public programs", "/programs/", "public"),
    Page("public confucius", "/confucius-institutes/", "public"),
    # Staff pages shared by every app
    Page("staff home", "/staff/"),
    Page("inbox", "/staff/inbox/"),
    Page("inbox decided", "/staff/inbox/decided/"),
    Page("notifications", "/staff/notifications/"),
    Page("approval detail", detail("workflow.ApprovalRequest", "steps")),
    Page("units", "/staff/units/"),
    Page("unit detail", detail("core.Unit", "people", "agreements", "programs")),
    Page("accounts", "/staff/accounts/"),
    Page("account detail", detail("core.User", "units", "groups")),
    # Partners
    Page("partners", "/staff/partners/"),
    Page("partners search", lambda: f"/staff/partners/?q={search_term()}"),
    Page(
        "partner detail",
        detail("partners.Institution", "contacts", "other_names", "agreements", "programs"),
    ),
    # Agreements
    Page("agreements", "/staff/agreements/"),
    Page("agreement detail", detail("agreements.Agreement", "documents", "parties", "units")),
    # Programs
    Page("programs", "/staff/programs/"),
    Page("program detail", detail("programs.Program", "cohorts", "partners")),
    # Plans
    Page("plans", "/staff/plans/"),
    Page("plan detail", detail("plans.Plan", "members", "activities")),
    # Confucius institutes
    Page("confucius", "/staff/confucius-institutes/"),
    Page("confucius abroad", "/staff/confucius-institutes/abroad/"),
    Page("confucius detail", detail("confucius.Institute", "dispatches", "figures")),
    # Travel
    Page("trips", "/staff/travel/trips/"),
    Page(
        "trip detail",
        detail("travel.Trip", "travellers", "destinations", "itinerary", "budget", "loans"),
    ),
    Page("passports", "/staff/travel/passports/"),
    Page("travel plans", "/staff/travel/plans/"),
    Page("travel plan report", "/staff/travel/plans/report/"),
    # Visits
    Page("visits", "/staff/visits/"),
    Page("visit figures", "/staff/visits/figures/"),
    # Every section a visit may have, so both scales show a visit that has them all (and, as
    # it happens, not one filed by the benchmark's user, whose rules read less).
    Page(
        "visit detail",
        detail(
            "visits.Visit",
            "guests",
            "budget",
            "items",
            "costs",
            "gifts",
            "summary",
            "authorised_letter",
        ),
    ),
    # Conferences
    Page("conferences", "/staff/conferences/"),
    Page("conferences search", "/staff/conferences/?q=Mathematics"),
    Page("conference detail", detail("conferences.Conference", "versions", "forecast")),
    Page("conference forecasts", "/staff/conferences/forecasts/"),
    Page(
        "conference participants",
        detail("conferences.Conference", "participants", url="conferences:participant.list"),
    ),
    Page("conference registrations", "/staff/conferences/registrations/"),
    Page("conference figures", "/staff/conferences/figures/"),
    # People
    Page("people", "/staff/people/"),
    Page("people search", "/staff/people/?q=wang"),
    Page("person detail", detail("people.Person", "documents")),
    # API lists
    Page("api partners", "/api/partners/?page_size=100"),
    Page("api agreements", "/api/agreements/"),
    Page("api programs", "/api/programs/"),
    Page("api plans", "/api/plans/"),
    Page("api confucius", "/api/confucius-institutes/"),
    Page("api trips", "/api/trips/"),
    Page("api passport loans", "/api/passport-loans/"),
    Page("api people", "/api/people/"),
    Page("api visits", "/api/visits/"),
    Page("api visit itinerary", "/api/visit-itinerary/"),
    Page("api visit costs", "/api/visit-costs/"),
    Page("api visit gifts", "/api/visit-gifts/"),
    Page("api conferences", "/api/conferences/"),
    Page("api conference versions", "/api/conference-versions/"),
    Page("api conference participants", "/api/conference-participants/"),
    Page("api conference registrations", "/api/conference-registrations/"),
    Page("api conference summaries", "/api/conference-summaries/"),
    Page("api conference sessions", "/api/conference-sessions/"),
    Page("api conference talks", "/api/conference-talks/"),
    Page("api units", "/api/units/"),
    Page("api users", "/api/users/"),
    Page("api inbox", "/api/inbox/"),
    Page("api approvals", "/api/approvals/"),
    # Exports
    Page("partner export", "/staff/partners/export.xlsx", "export", None),
]
