"""Reads of the travel app, scoped to the user asking: the only door to trips and plans."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, TypedDict

import django_filters
from django.db import models
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from waishi.core import clock
from waishi.core.models import AnyUser, Country, Unit, User
from waishi.core.permissions import (
    acts_for_unit,
    is_office,
    is_staff_member,
    reads_everything,
    unit_ids_of,
)
from waishi.core.queries import ShownNameChoiceFilter
from waishi.people.enums import DocumentKind
from waishi.people.models import IdentityDocument, Person
from waishi.people.queries import person_search
from waishi.travel.approval import KIND
from waishi.travel.enums import Purpose, TravellerRole, TripStatus
from waishi.travel.models import PassportLoan, PlannedTrip, Traveller, Trip

if TYPE_CHECKING:
    from waishi.workflow.models import ApprovalStep


class PlanRow(TypedDict):
    """A unit's line of the plan against actual report."""

    unit: Unit
    planned: int
    in_plan: int
    outside: int


class PassportRow(TypedDict):
    """A passport of the custody register's page."""

    doc: IdentityDocument
    loan: PassportLoan | None
    overdue: bool
    trips: list[Trip]


class MemberChange(TypedDict):
    """A traveller or destination of a trip added, changed or removed."""

    when: datetime.datetime
    who: User | None
    kind: StrOrPromise
    what: StrOrPromise
    label: str


def trips_for_user(user: AnyUser) -> QuerySet[Trip]:
    """Trips a user may see: all for the office and readers; a unit's for its liaison and
    head; otherwise those the user applied for or travels on; and the trips whose approval
    step sits in a unit the user acts for (the research office)."""
    trips = Trip.objects.select_related("unit", "applicant")
    if not user.is_authenticated:
        return trips.none()
    if reads_everything(user):
        return trips
    scope = Q(applicant=user) | Q(travellers__person__user=user)
    if acts_for_unit(user):
        units = unit_ids_of(user)
        scope |= Q(unit__in=units) | Q(pk__in=_trips_with_step_in(units))
    return trips.filter(pk__in=Trip.objects.filter(scope).values("pk"))


def _trips_with_step_in(units: frozenset[int]) -> QuerySet[ApprovalStep, int]:
    from waishi.workflow.models import ApprovalStep

    return ApprovalStep.objects.filter(request__kind=KIND, unit__in=units).values_list(
        "request__object_id", flat=True
    )


def trip_units_for_user(user: AnyUser) -> QuerySet[Unit]:
    """Units a user may apply for: every active unit for the office, their own otherwise."""
    if is_office(user):
        return Unit.objects.filter(is_active=True)
    return Unit.objects.filter(pk__in=unit_ids_of(user))


def trip_plans_for_user(user: AnyUser) -> QuerySet[PlannedTrip]:
    """Plan lines an application may carry out: every one for the office, their units'."""
    if is_office(user):
        return PlannedTrip.objects.all()
    return PlannedTrip.objects.filter(unit__in=unit_ids_of(user))


def travellers_for_user(user: AnyUser | None) -> QuerySet[Person]:
    """Who a user may put on a trip (the rule `travel.add_traveller`, the travellers picker
    and the application form all ask this). The office: everyone in the people register. A
    unit's liaison or head: the people of their units. A member of staff: colleagues, the
    university's own staff (people with a unit). Anyone: themselves."""
    people = Person.objects.select_related("unit")
    if not (user and user.is_authenticated):
        return people.none()
    if is_office(user):
        return people
    scope = Q(user=user)
    if acts_for_unit(user):
        scope |= Q(unit_id__in=unit_ids_of(user))
    if is_staff_member(user):
        scope |= Q(unit__isnull=False)
    return people.filter(scope)


def traveller_search(queryset: QuerySet[Person], text: str) -> QuerySet[Person]:
    """Travellers by name only (either language, the passport's): colleagues are found by
    name, never by e-mail or document number."""
    return person_search(queryset, text, email=False)


def traveller_label(person: Person) -> str:
    """A traveller as the picker shows them: name and unit, nothing more."""
    unit = person.unit.name if person.unit is not None else ""
    return f"{person.display_name} ({unit})" if unit else person.display_name


def plans_for_user(user: AnyUser) -> QuerySet[PlannedTrip]:
    """Annual plan lines: all for readers, a unit's for anyone of that unit."""
    plans = PlannedTrip.objects.select_related("unit")
    if not user.is_authenticated:
        return plans.none()
    if reads_everything(user):
        return plans
    return plans.filter(unit__in=unit_ids_of(user))


def plan_units_for_user(user: AnyUser) -> QuerySet[Unit]:
    """Units whose plan the user may file: every unit for the office, own ones otherwise."""
    if reads_everything(user):
        return Unit.objects.filter(is_active=True)
    return Unit.objects.filter(pk__in=unit_ids_of(user), is_active=True)


def plan_against_actual(year: int, user: AnyUser) -> list[PlanRow]:
    """Per unit: trips planned, applications carrying out a plan line, outside the plan."""
    planned = dict(
        plans_for_user(user)
        .filter(year=year)
        .values("unit")
        .annotate(n=Count("pk"))
        .values_list("unit", "n")
    )
    trips = (
        trips_for_user(user)
        .filter(departure__year=year)
        .exclude(status__in=[TripStatus.CANCELLED, TripStatus.DRAFT])
        .values("unit")
        .annotate(
            in_plan=Count("pk", filter=Q(planned_trip__isnull=False)),
            outside=Count("pk", filter=Q(planned_trip__isnull=True)),
        )
    )
    actual = {row["unit"]: row for row in trips}
    units = Unit.objects.filter(pk__in=set(planned) | set(actual)).by_shown_name()
    return [
        {
            "unit": unit,
            "planned": planned.get(unit.pk, 0),
            "in_plan": actual.get(unit.pk, {}).get("in_plan", 0),
            "outside": actual.get(unit.pk, {}).get("outside", 0),
        }
        for unit in units
    ]


def loans_open() -> QuerySet[PassportLoan]:
    return PassportLoan.objects.filter(checked_in_at__isnull=True).select_related(
        "trip", "document__person", "checked_out_by"
    )


class PassportWhere(models.TextChoices):
    """The register's filter: where a passport is now."""

    IN = "in", _("In custody")
    OUT = "out", _("Checked out")
    OVERDUE = "overdue", _("Overdue")


def passport_register_rows(q: str, where: str, today: datetime.date) -> QuerySet[IdentityDocument]:
    """The official passports the office holds, searched and filtered by where each is now, in
    the database (the register pages them; `passport_register_page` completes one page)."""
    documents = IdentityDocument.objects.filter(kind=DocumentKind.OFFICIAL_PASSPORT)
    if q:
        documents = documents.filter(
            Q(holder_name_zh__icontains=q)
            | Q(holder_family_name__icontains=q)
            | Q(holder_given_name__icontains=q)
            | Q(number__icontains=q)
        )
    open_loan = PassportLoan.objects.filter(document=OuterRef("pk"), checked_in_at__isnull=True)
    if where == PassportWhere.IN:
        documents = documents.filter(~Exists(open_loan))
    elif where == PassportWhere.OUT:
        documents = documents.filter(Exists(open_loan))
    elif where == PassportWhere.OVERDUE:
        documents = documents.filter(Exists(open_loan.filter(due_back__lt=today)))
    # By the holder's name as the people list orders it (a Chinese name by its pinyin, which
    # the Latin names hold), from the copy each document keeps: a page is read from the
    # register's own index (people.0012), however many other people there are.
    return documents.order_by(
        "holder_family_name", "holder_given_name", "holder_name_zh", "person_id", "pk"
    )


def passport_register_page(
    ids: Sequence[int], today: datetime.date, with_trips: bool
) -> list[PassportRow]:
    """One page of the register (the ids of its passports, in order, cut from
    `passport_register_rows`: that walk reads the indexes alone): each passport with its
    holder, open loan, whether it is overdue and (`with_trips`) the approved trips its holder
    travels on, for which it may be checked out. Three queries, whatever the size of the
    register."""
    found = IdentityDocument.objects.select_related("person", "person__unit").in_bulk(ids)
    documents = [found[pk] for pk in ids if pk in found]
    loans = {
        loan.document_id: loan
        for loan in PassportLoan.objects.filter(
            document__in=documents, checked_in_at__isnull=True
        ).select_related("trip", "checked_out_by")
    }
    trips: dict[int, list[Trip]] = {}
    if with_trips:
        # Only what the check-out offers of each trip (its reference and title).
        travelling = (
            Traveller.objects.filter(
                person__in={doc.person_id for doc in documents}, trip__status=TripStatus.APPROVED
            )
            .select_related("trip")
            .only("person_id", "trip__reference", "trip__title", "trip__departure")
        )
        for traveller in travelling.order_by("trip__departure", "trip_id"):
            trips.setdefault(traveller.person_id, []).append(traveller.trip)
    rows: list[PassportRow] = []
    for doc in documents:
        loan = loans.get(doc.pk)
        rows.append(
            {
                "doc": doc,
                "loan": loan,
                "overdue": bool(loan and loan.is_overdue(today)),
                "trips": trips.get(doc.person_id, []),
            }
        )
    return rows


def passports_out(today: datetime.date) -> dict[str, int]:
    """How many passports are out, and how many of them overdue."""
    return PassportLoan.objects.filter(checked_in_at__isnull=True).aggregate(
        out=Count("pk"), overdue=Count("pk", filter=Q(due_back__lt=today))
    )


def loans_for_user(user: AnyUser | None) -> QuerySet[PassportLoan]:
    """The passport custody ledger: every loan, for those who read the passport register."""
    loans = PassportLoan.objects.select_related(
        "trip", "document__person", "checked_out_by", "checked_in_by"
    )
    if not (user and user.is_authenticated and user.has_perm("travel.view_passport")):
        return loans.none()
    return loans


class LoanState(models.TextChoices):
    """Where a loan stands; an overdue passport is also out."""

    OUT = "out", _("Out")
    BACK = "back", _("Back")
    OVERDUE = "overdue", _("Overdue")


class LoanFilter(django_filters.FilterSet):
    state = django_filters.ChoiceFilter(
        choices=LoanState.choices,
        method="by_state",
        label=_("State"),
        help_text=_("out: not back yet (overdue ones too); back; overdue: out past the due date"),
    )
    person = django_filters.ModelChoiceFilter(
        queryset=Person.objects.all(), field_name="document__person", label=_("Person")
    )
    trip = django_filters.ModelChoiceFilter(queryset=Trip.objects.all(), label=_("Trip"))

    class Meta:
        model = PassportLoan
        fields = ["state", "person", "trip"]

    def by_state(
        self, queryset: QuerySet[PassportLoan], name: str, value: str
    ) -> QuerySet[PassportLoan]:
        if value == LoanState.BACK:
            return queryset.filter(checked_in_at__isnull=False)
        out = queryset.filter(checked_in_at__isnull=True)
        if value == LoanState.OVERDUE:
            return out.filter(due_back__lt=clock.today())
        return out


class TripFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Search"))
    status = django_filters.ChoiceFilter(
        choices=TripStatus.choices, label=_("Status"), empty_label=_("All")
    )
    purpose = django_filters.ChoiceFilter(
        choices=Purpose.choices, label=_("Purpose"), empty_label=_("All")
    )
    country = ShownNameChoiceFilter(
        queryset=Country.objects.all(),
        field_name="destinations__country",
        label=_("Country"),
        empty_label=_("All"),
        distinct=True,
    )
    year = django_filters.NumberFilter(field_name="departure__year", label=_("Year"))

    class Meta:
        model = Trip
        fields = ["q", "status", "purpose", "country", "year"]

    def search(self, queryset: QuerySet[Trip], name: str, value: str) -> QuerySet[Trip]:
        value = value.strip()
        return queryset.filter(
            Q(title__icontains=value)
            | Q(reference__icontains=value)
            | Q(approval_number__icontains=value)
            | Q(
                pk__in=Trip.objects.filter(
                    Q(travellers__person__name_zh__icontains=value)
                    | Q(travellers__person__family_name__icontains=value)
                    | Q(travellers__person__given_name__icontains=value)
                    | Q(destinations__city__icontains=value)
                ).values("pk")
            )
        )


class PlanFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Search"))
    year = django_filters.NumberFilter(label=_("Year"))
    unit = ShownNameChoiceFilter(queryset=Unit.objects.all(), label=_("Unit"), empty_label=_("All"))

    class Meta:
        model = PlannedTrip
        fields = ["q", "year", "unit"]

    def search(
        self, queryset: QuerySet[PlannedTrip], name: str, value: str
    ) -> QuerySet[PlannedTrip]:
        return queryset.filter(Q(title__icontains=value) | Q(countries__icontains=value))


def trip_member_changes(trip: Trip, limit: int = 50) -> list[MemberChange]:
    """Who added, changed or removed a traveller or destination of the trip, and when: the
    trip's own history shows its fields, this shows its delegation and route (任务变更)."""
    from waishi.travel.models import Destination, Traveller

    kinds = {"+": _("added"), "~": _("changed"), "-": _("removed")}
    rows: list[MemberChange] = []
    for model, what in ((Traveller, _("Traveller")), (Destination, _("Destination"))):
        records = (
            model.history.filter(trip_id=trip.pk)
            .select_related("history_user")
            .order_by("-history_date")[:limit]
        )
        for record in records:
            if model is Traveller:
                label = str(record.person) if record.person_id else "?"
            else:
                label = f"{record.city} ({record.country})"
            rows.append(
                {
                    "when": record.history_date,
                    "who": record.history_user,
                    "kind": kinds.get(record.history_type, record.history_type),
                    "what": what,
                    "label": label,
                }
            )
    rows.sort(key=lambda r: r["when"], reverse=True)
    return rows[:limit]


def applicant_as_traveller(user: User) -> list[dict[str, Any]]:
    """The first row of a new application's travellers: the applicant's own Person (every
    account has one, see `people.services.person_for_account`), as leader."""
    person = Person.objects.filter(user=user).select_related("unit").first()
    if person is None:
        return []
    return [
        {
            "person": person.pk,
            "role": TravellerRole.LEADER,
            "unit": person.unit_id,
            "position": person.position,
        }
    ]
