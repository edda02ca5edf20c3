"""Reads of the visits app, scoped to the user asking: the only door to visits."""

from __future__ import annotations

import django_filters
from django.db.models import Prefetch, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from waishi.core.models import AnyUser, Unit
from waishi.core.names import shown_name_order
from waishi.core.permissions import is_office, reads_everything, unit_ids_of
from waishi.core.queries import ShownNameChoiceFilter, of_visible
from waishi.people.models import Person
from waishi.people.queries import person_search
from waishi.visits.enums import VisitKind, VisitStatus
from waishi.visits.models import Cost, Gift, Guest, ItineraryItem, Visit


def visits_for_user(user: AnyUser | None) -> QuerySet[Visit]:
    """Visits a user may see: all for the office and those who read every register; the
    visits of their units (and the units beneath) for everyone else, and those they filed.
    Other units see nothing of them."""
    visits = Visit.objects.select_related("unit", "partner", "applicant")
    if not (user and user.is_authenticated):
        return visits.none()
    if reads_everything(user):
        return visits
    return visits.filter(Q(applicant=user) | Q(unit_id__in=unit_ids_of(user)))


def with_guests(visits: QuerySet[Visit]) -> QuerySet[Visit]:
    """The visits as their list shows them: the host unit and partner, and the guests' names
    (only those columns) as the list `shown_guests` (no queryset made per visit)."""
    guests = (
        Guest.objects.select_related("person")
        .only(
            "visit_id",
            "role",
            "person__family_name",
            "person__given_name",
            "person__name_zh",
            "person__passport_name",
        )
        .order_by("role", "pk")
    )
    return (
        visits.select_related(None)
        .select_related("unit", "partner")
        .prefetch_related(Prefetch("guests", queryset=guests, to_attr="shown_guests"))
    )


def visit_units_for_user(user: AnyUser) -> QuerySet[Unit]:
    """Units a user may file a visit for: every active unit for the office, their own."""
    if is_office(user):
        return Unit.objects.filter(is_active=True)
    return Unit.objects.filter(pk__in=unit_ids_of(user), is_active=True)


def default_unit_for_user(user: AnyUser) -> Unit | None:
    """The host unit a new visit starts with: the filer's own unit (the first by the name
    shown, where they have several), else the first unit they may file for."""
    units = visit_units_for_user(user)
    if user.is_authenticated:
        own = units.filter(pk__in=user.units.values("pk")).order_by(*shown_name_order()).first()
        if own is not None:
            return own
    return units.order_by(*shown_name_order()).first()


def responsibles_for_user(user: AnyUser | None) -> QuerySet[Person]:
    """Who may answer for a visit (the form and its picker ask this): the university's own
    staff (people with a unit) for the office; the people of their units, and themselves,
    for everyone else."""
    people = Person.objects.select_related("unit")
    if not (user and user.is_authenticated):
        return people.none()
    if is_office(user):
        return people.filter(unit__isnull=False)
    return people.filter(Q(user=user) | Q(unit_id__in=unit_ids_of(user)))


def participants_for_user(user: AnyUser | None) -> QuerySet[Person]:
    """Who may take part in an itinerary item (present, escort, interpreter): the
    university's own people (with a unit or an account), for those who may file visits."""
    people = Person.objects.select_related("unit")
    if not (user and user.is_authenticated and user.has_perm("visits.add_visit")):
        return people.none()
    return people.filter(Q(unit__isnull=False) | Q(user__isnull=False))


def items_for_user(user: AnyUser | None) -> QuerySet[ItineraryItem]:
    """Itinerary items of the visits the user may see."""
    return of_visible(ItineraryItem.objects.all(), "visit", visits_for_user(user))


def costs_for_user(user: AnyUser | None) -> QuerySet[Cost]:
    """Actual costs of the visits the user may see."""
    return of_visible(Cost.objects.all(), "visit", visits_for_user(user))


def gifts_for_user(user: AnyUser | None) -> QuerySet[Gift]:
    """Gifts of the visits the user may see."""
    return of_visible(Gift.objects.all(), "visit", visits_for_user(user))


def items_of_person_calendar(user: AnyUser | None) -> QuerySet[ItineraryItem]:
    """The itinerary items the user's own Person takes part in (present, escort or
    interpreter), of visits not rejected or withdrawn: their calendar feed."""
    from waishi.visits.enums import LIVE

    mine = (
        Q(present__user=user) | Q(escorts__user=user) | Q(interpreters__user=user)
        if user and user.is_authenticated
        else Q(pk__in=[])
    )
    ids = ItineraryItem.objects.filter(mine, visit__status__in=LIVE).values("pk")
    return ItineraryItem.objects.filter(pk__in=ids).select_related("visit")


def responsible_search(queryset: QuerySet[Person], text: str) -> QuerySet[Person]:
    return person_search(queryset, text, email=False)


def responsible_label(person: Person) -> str:
    unit = person.unit.name if person.unit is not None else ""
    return f"{person.display_name} ({unit})" if unit else person.display_name


class VisitFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Search"))
    status = django_filters.ChoiceFilter(
        choices=VisitStatus.choices, label=_("Status"), empty_label=_("All")
    )
    kind = django_filters.ChoiceFilter(
        choices=VisitKind.choices, label=_("Kind"), empty_label=_("All")
    )
    unit = ShownNameChoiceFilter(
        queryset=Unit.objects.all(), label=_("Host unit"), empty_label=_("All")
    )
    year = django_filters.NumberFilter(field_name="arrival__year", label=_("Year"))
    late = django_filters.BooleanFilter(field_name="filed_late", label=_("Filed late"))

    class Meta:
        model = Visit
        fields = ["q", "status", "kind", "unit", "year", "late"]

    def search(self, queryset: QuerySet[Visit], name: str, value: str) -> QuerySet[Visit]:
        """By title, reference, partner, place, or a guest's name or organisation."""
        condition = Q()
        for word in value.split():
            guests = Guest.objects.filter(
                Q(person__name_zh__icontains=word)
                | Q(person__family_name__icontains=word)
                | Q(person__given_name__icontains=word)
                | Q(person__passport_name__icontains=word)
                | Q(organisation__icontains=word)
            ).values("visit_id")
            condition &= (
                Q(title__icontains=word)
                | Q(reference__icontains=word)
                | Q(places__icontains=word)
                | Q(partner__name_zh__icontains=word)
                | Q(partner__name_en__icontains=word)
                | Q(pk__in=guests)
            )
        return queryset.filter(condition)


class ItemFilter(django_filters.FilterSet):
    visit = django_filters.NumberFilter(field_name="visit_id", label=_("Visit"))

    class Meta:
        model = ItineraryItem
        fields = ["visit"]


class CostFilter(django_filters.FilterSet):
    visit = django_filters.NumberFilter(field_name="visit_id", label=_("Visit"))

    class Meta:
        model = Cost
        fields = ["visit"]


class GiftFilter(django_filters.FilterSet):
    visit = django_filters.NumberFilter(field_name="visit_id", label=_("Visit"))

    class Meta:
        model = Gift
        fields = ["visit"]
