"""Reads of the conferences app, scoped to the user asking: the only door to conferences."""

from __future__ import annotations

import datetime

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from waishi.conferences.enums import (
    HAS_APPROVAL,
    ConferenceStatus,
    Discipline,
    Format,
    Half,
    RegistrationStatus,
    SizeClass,
    VersionStatus,
)
from waishi.conferences.models import (
    Conference,
    ConferenceVersion,
    Forecast,
    Registration,
    Session,
    Summary,
)
from waishi.conferences.search import search_words
from waishi.core.models import AnyUser, Country, Unit
from waishi.core.permissions import is_office, reads_everything, unit_ids_of
from waishi.core.queries import ShownNameChoiceFilter, of_visible
from waishi.core.text_search import containing
from waishi.people.models import Person
from waishi.people.queries import person_search


def conferences_for_user(user: AnyUser | None) -> QuerySet[Conference]:
    """Conferences a user may see: all for the office and those who read every register (the
    university leaders who approve major ones among them); those of their units (and the
    units beneath: the unit head approves them) for everyone else, and those they filed.
    Other units see nothing of them."""
    conferences = Conference.objects.select_related(
        "unit", "applicant", "responsible", "current_version"
    )
    if not (user and user.is_authenticated):
        return conferences.none()
    if reads_everything(user):
        return conferences
    return conferences.filter(Q(applicant=user) | Q(unit_id__in=unit_ids_of(user)))


def listed(conferences: QuerySet[Conference]) -> QuerySet[Conference]:
    """Conferences as lists read them: joined to their current version (every conference has
    one), so a page ordered by its start is read from the versions' index, not sorted."""
    return conferences.filter(current_version__starts_on__isnull=False)


# The lists' order: by the current version's start, then its conference (unique per row: a
# conference's current version), from the versions' index "conference_version_list_order".
BY_START = ["-current_version__starts_on", "-current_version__conference_id"]
BY_START_ASC = ["current_version__starts_on", "current_version__conference_id"]


def versions_for_user(user: AnyUser | None) -> QuerySet[ConferenceVersion]:
    """Versions of the conferences the user may see."""
    return of_visible(ConferenceVersion.objects.all(), "conference", conferences_for_user(user))


def summaries_for_user(user: AnyUser | None) -> QuerySet[Summary]:
    """Summaries of the conferences the user may see, with what their pages show."""
    return of_visible(
        Summary.objects.all(), "conference", conferences_for_user(user)
    ).select_related("conference__current_version", "written_by")


def sessions_for_user(user: AnyUser | None) -> QuerySet[Session]:
    """Programme sessions of the conferences the user may see."""
    return of_visible(Session.objects.all(), "conference", conferences_for_user(user))


def forecasts_for_user(user: AnyUser | None) -> QuerySet[Forecast]:
    """Forecasts a user may see: all for those who read every register, their units'
    otherwise."""
    forecasts = Forecast.objects.select_related("unit", "entered_by")
    if not (user and user.is_authenticated):
        return forecasts.none()
    if reads_everything(user):
        return forecasts
    return forecasts.filter(Q(entered_by=user) | Q(unit_id__in=unit_ids_of(user)))


def units_for_user(user: AnyUser) -> QuerySet[Unit]:
    """Units a user may declare or forecast a conference for: every active unit for the
    office, their own for everyone else."""
    if is_office(user):
        return Unit.objects.filter(is_active=True)
    return Unit.objects.filter(pk__in=unit_ids_of(user), is_active=True)


def responsibles_for_user(user: AnyUser | None) -> QuerySet[Person]:
    """Who may answer for a conference: the university's own staff (people with a unit) for
    the office; the people of their units, and themselves, for everyone else."""
    people = Person.objects.select_related("unit")
    if not (user and user.is_authenticated):
        return people.none()
    if is_office(user):
        return people.filter(unit__isnull=False)
    return people.filter(Q(user=user) | Q(unit_id__in=unit_ids_of(user)))


def open_forecasts(unit: Unit | None) -> QuerySet[Forecast]:
    """The unit's forecasts not yet declared (a declaration picks its forecast from these)."""
    if unit is None:
        return Forecast.objects.none()
    return Forecast.objects.filter(unit=unit, conference__isnull=True).order_by("-year", "pk")


class ConferenceFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Search"))
    year = django_filters.NumberFilter(
        field_name="current_version__starts_on__year", label=_("Year")
    )
    unit = ShownNameChoiceFilter(
        queryset=Unit.objects.all(), label=_("Organising unit"), empty_label=_("All")
    )
    size_class = django_filters.ChoiceFilter(
        field_name="current_version__size_class",
        choices=SizeClass.choices,
        label=_("Size class"),
        empty_label=_("All"),
    )
    format = django_filters.ChoiceFilter(
        field_name="current_version__format",
        choices=Format.choices,
        label=pgettext_lazy("conference", "Format"),
        empty_label=_("All"),
    )
    discipline = django_filters.ChoiceFilter(
        field_name="current_version__discipline",
        choices=Discipline.choices,
        label=_("Discipline"),
        empty_label=_("All"),
    )
    status = django_filters.ChoiceFilter(
        choices=ConferenceStatus.choices, label=_("Status"), empty_label=_("All")
    )

    class Meta:
        model = Conference
        fields = ["q", "year", "unit", "size_class", "format", "discipline", "status"]

    def search(self, queryset: QuerySet[Conference], name: str, value: str) -> QuerySet[Conference]:
        """Each word in the reference, the current version's names, venue or city, or an
        organiser's names (the partner's in any language): the stored search text
        (`waishi.conferences.search`), read through its trigram index on PostgreSQL."""
        for word in search_words(value):
            queryset = queryset.filter(
                containing("conferences_conference", ("search_text",), word, lookup="contains")
            )
        return queryset


class ForecastFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(field_name="name", lookup_expr="icontains", label=_("Search"))
    year = django_filters.NumberFilter(field_name="year", label=_("Year"))
    unit = ShownNameChoiceFilter(
        queryset=Unit.objects.all(), label=_("Organising unit"), empty_label=_("All")
    )
    half = django_filters.ChoiceFilter(
        choices=Half.choices, label=_("Forecast round"), empty_label=_("All")
    )
    size_class = django_filters.ChoiceFilter(
        choices=SizeClass.choices, label=_("Expected class"), empty_label=_("All")
    )

    class Meta:
        model = Forecast
        fields = ["q", "year", "unit", "half", "size_class"]


def responsible_search(queryset: QuerySet[Person], text: str) -> QuerySet[Person]:
    return person_search(queryset, text, email=False)


def responsible_label(person: Person) -> str:
    unit = person.unit.name if person.unit is not None else ""
    return f"{person.display_name} ({unit})" if unit else person.display_name


def country_search(queryset: QuerySet[Country], text: str) -> QuerySet[Country]:
    condition = Q()
    for word in text.split():
        condition &= Q(name_zh__icontains=word) | Q(name_en__icontains=word) | Q(code__iexact=word)
    return queryset.filter(condition)


def upcoming_public(today: datetime.date) -> QuerySet[ConferenceVersion]:
    """What the public sees of the conferences not yet over: the version last approved (never
    a change still in approval, nothing before approval), earliest first."""
    return (
        ConferenceVersion.objects.filter(
            status=VersionStatus.APPROVED,
            conference__status__in=[ConferenceStatus.APPROVED, ConferenceStatus.CHANGING],
            ends_on__gte=today,
        )
        .select_related("conference__unit")
        .order_by("starts_on", "pk")
    )


def public_version(pk: int) -> ConferenceVersion | None:
    """What the public sees of one conference: its version last approved, while the
    conference stands approved (or is closed); None before approval, when rejected or
    withdrawn."""
    return (
        ConferenceVersion.objects.filter(
            conference_id=pk,
            conference__status__in=HAS_APPROVAL,
            status=VersionStatus.APPROVED,
        )
        .select_related("conference__unit")
        .order_by("-number")
        .first()
    )


def registrations_for_user(user: AnyUser | None) -> QuerySet[Registration]:
    """Public registrations whose e-mail address is confirmed, for the office (all) and the
    organising unit (its conferences' and those the user filed); nobody else sees any, and no
    one sees a registration not yet confirmed."""
    registrations = Registration.objects.exclude(status=RegistrationStatus.UNVERIFIED)
    if not (user and user.is_authenticated):
        return registrations.none()
    if is_office(user):
        return registrations
    return registrations.filter(
        Q(conference__applicant=user) | Q(conference__unit_id__in=unit_ids_of(user))
    )


def registration_search(queryset: QuerySet[Registration], value: str) -> QuerySet[Registration]:
    """By name, e-mail, organisation or the conference's reference."""
    condition = Q()
    for word in value.split()[:10]:
        condition &= (
            Q(name_zh__icontains=word)
            | Q(family_name__icontains=word)
            | Q(given_name__icontains=word)
            | Q(email__icontains=word)
            | Q(organisation__icontains=word)
            | Q(conference__reference__icontains=word)
        )
    return queryset.filter(condition)
