"""Reads of people and documents, scoped to the user asking (the only door to them)."""

from __future__ import annotations

import datetime
from typing import Any

import django_filters
from django import forms
from django.db.models import CharField, Exists, F, OuterRef, Prefetch, Q, QuerySet, Value
from django.db.models.functions import Concat
from django.utils.translation import gettext_lazy as _

from waishi.core import clock
from waishi.core.models import AnyUser, Country, Unit
from waishi.core.permissions import acts_for_unit, reads_everything, unit_ids_of
from waishi.core.queries import ShownNameChoiceFilter, model_filter, of_visible
from waishi.core.text_search import containing
from waishi.people import policy
from waishi.people.enums import DocumentKind
from waishi.people.models import IdentityDocument, Person


def people_for_user(user: AnyUser) -> QuerySet[Person]:
    """Office and readers: everyone. A unit's liaison or head: the people of their units.
    Anyone else: their own Person (linked account)."""
    people = Person.objects.select_related("unit", "nationality", "user")
    if not (user and user.is_authenticated):
        return people.none()
    if reads_everything(user):
        return people
    mine = Q(user=user)
    if acts_for_unit(user):
        mine |= Q(unit_id__in=unit_ids_of(user))
    return people.filter(mine)


def documents_for_user(user: AnyUser) -> QuerySet[IdentityDocument]:
    return of_visible(
        IdentityDocument.objects.all(), "person", people_for_user(user)
    ).select_related("person", "issuing_country")


def sees_full_numbers(user: AnyUser) -> bool:
    """Only the office sees document numbers unmasked."""
    return bool(user and user.is_authenticated and user.has_perm("people.view_document_number"))


def shown_number(document: IdentityDocument, user: AnyUser) -> str:
    return document.number if sees_full_numbers(user) else document.masked_number


def may_see_scan(user: AnyUser, document: IdentityDocument) -> bool:
    """The scan shows the full number: the office and the person themselves only."""
    return bool(
        user and user.is_authenticated and user.has_perm("people.view_document_scan", document)
    )


def warning_days(kind: str) -> int:
    if kind in DocumentKind.passports():
        return policy.PASSPORT_WARNING_DAYS.value()
    return policy.DOCUMENT_WARNING_DAYS.value()


def warning_days_by_kind() -> dict[str, int]:
    """The warning time of every document kind (two policy reads)."""
    passports = warning_days(DocumentKind.ORDINARY_PASSPORT)
    others = warning_days(DocumentKind.VISA)
    return {k: passports if k in DocumentKind.passports() else others for k in DocumentKind.values}


def expiry_flag(
    document: IdentityDocument,
    today: datetime.date | None = None,
    days: dict[str, int] | None = None,
) -> str:
    """ "expired", "expiring" (within the office's warning time) or "" for a document."""
    if document.expires_on is None:
        return ""
    today = today or clock.today()
    if document.expires_on < today:
        return "expired"
    limit = (days or {}).get(document.kind)
    if limit is None:
        limit = warning_days(document.kind)
    if document.expires_on <= today + datetime.timedelta(days=limit):
        return "expiring"
    return ""


def expiring_condition(today: datetime.date | None = None) -> Q:
    """Documents expired or expiring within the office's warning time."""
    today = today or clock.today()
    passport_until = today + datetime.timedelta(days=warning_days(DocumentKind.ORDINARY_PASSPORT))
    other_until = today + datetime.timedelta(days=warning_days(DocumentKind.VISA))
    return Q(kind__in=DocumentKind.passports(), expires_on__lte=passport_until) | (
        ~Q(kind__in=DocumentKind.passports()) & Q(expires_on__lte=other_until)
    )


def with_documents(people: QuerySet[Person], *, countries: bool = False) -> QuerySet[Person]:
    """People with their documents (and, with `countries`, each document's issuing country,
    read with it rather than one query per document)."""
    documents = IdentityDocument.objects.order_by("kind", "-expires_on")
    if countries:
        documents = documents.select_related("issuing_country")
    return people.prefetch_related(Prefetch("documents", queryset=documents))


# The columns a search looks in, the e-mail last (trigram indexes on PostgreSQL: migration
# 0010; words on SQLite: 0013).
SEARCHED_COLUMNS = ("family_name", "given_name", "name_zh", "passport_name", "email")


def person_search(queryset: QuerySet[Person], text: str, *, email: bool = True) -> QuerySet[Person]:
    """People whose names (either language, the passport's) or e-mail hold every word;
    by names alone with `email=False`."""
    columns = SEARCHED_COLUMNS if email else SEARCHED_COLUMNS[:-1]
    condition = Q()
    for word in text.split():
        condition &= containing("people_person", columns, word, lookup="icontains")
    return queryset.filter(condition)


def sorted_not_walked(people: QuerySet[Person]) -> QuerySet[Person]:
    """`people` in the same order, sorted by the database after it has found them: the first
    name of the order is read as an expression, which no index holds. For a search, whose
    matches (a name such as Wang) may all lie at one end of the name index, which the planner
    would otherwise walk almost whole to fill a page."""
    fields = list(people.query.order_by)
    if not fields or not isinstance(fields[0], str) or fields[0].startswith("-"):
        return people
    first = Concat(F(fields[0]), Value(""), output_field=CharField())
    return people.order_by(first.asc(), *fields[1:])


class PersonFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Search"))
    unit = ShownNameChoiceFilter(queryset=Unit.objects.filter(is_active=True), label=_("Unit"))
    nationality = ShownNameChoiceFilter(
        queryset=None, label=_("Nationality"), method="by_nationality"
    )
    documents = django_filters.ChoiceFilter(
        label=_("Documents"),
        method="by_documents",
        choices=[("expiring", _("Expiring or expired")), ("expired", _("Expired"))],
        widget=forms.Select,
    )

    class Meta:
        model = Person
        fields = ["q", "unit", "nationality", "documents"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_filter(self, "nationality").queryset = Country.objects.all()

    def search(self, queryset: QuerySet[Person], name: str, value: str) -> QuerySet[Person]:
        return person_search(queryset, value)

    def by_nationality(
        self, queryset: QuerySet[Person], name: str, value: Country | None
    ) -> QuerySet[Person]:
        return queryset.filter(nationality=value) if value else queryset

    def by_documents(self, queryset: QuerySet[Person], name: str, value: str) -> QuerySet:
        if value == "expired":
            docs = IdentityDocument.objects.filter(expires_on__lt=clock.today())
        elif value == "expiring":
            docs = IdentityDocument.objects.filter(expiring_condition())
        else:
            return queryset
        return queryset.filter(Exists(docs.filter(person=OuterRef("pk"))))
