"""Reads of partner institutions and countries, scoped to the user asking."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import Exists, F, OuterRef, Q, QuerySet, Value
from django.db.models.functions import Coalesce, NullIf
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from waishi.core.enums import Continent
from waishi.core.forms import choice_labels
from waishi.core.models import AnyUser, Country, User
from waishi.core.names import is_chinese
from waishi.core.permissions import has_any_role, is_logged_in
from waishi.core.queries import ShownNameChoiceFilter, model_filter, office_people
from waishi.core.text_search import containing
from waishi.partners.enums import InstitutionKind, PartnerStatus
from waishi.partners.models import Contact, Institution
from waishi.partners.search import fold


def institutions_for_user(user: AnyUser) -> QuerySet[Institution]:
    """Every member of staff with a role reads the whole registry (partners are not private
    inside the university); a user without a role, and the public, read none here (the
    public directory has its own query)."""
    if not has_any_role(user):
        return Institution.objects.none()
    return Institution.objects.select_related("country", "responsible")


def countries_for_user(user: AnyUser) -> QuerySet[Country]:
    """Countries are public knowledge: every logged-in user may read them."""
    if not is_logged_in(user):
        return Country.objects.none()
    return Country.objects.all()


def contacts_of(institution: Institution) -> QuerySet[Contact]:
    return institution.contacts.order_by("-is_primary", "name", "pk")


def with_shown_names(queryset: QuerySet[Institution]) -> QuerySet[Institution]:
    """Annotate the names shown in the active language (`shown_name`, `shown_country`), so
    a list sorts the way it reads: Chinese names in Chinese, falling back to English."""
    if not is_chinese():
        return queryset.annotate(shown_name=F("name_en"), shown_country=F("country__name_en"))
    return queryset.annotate(
        shown_name=Coalesce(NullIf("name_zh", Value("")), "name_en"),
        shown_country=Coalesce(NullIf("country__name_zh", Value("")), "country__name_en"),
    )


def institution_search(queryset: QuerySet[Institution], text: str) -> QuerySet[Institution]:
    """Institutions any of whose names (either language, other names) contain `text`,
    ignoring case and accents; each word must match."""
    for word in fold(text).split():
        queryset = queryset.filter(
            containing("partners_institution", ("search_text",), word, lookup="contains")
        )
    return queryset


def countries_with_partners() -> QuerySet[Country]:
    # A semi-join on the (country, status) index: no count over every partner per request.
    has_partner = Institution.objects.filter(country=OuterRef("pk"))
    return Country.objects.filter(Exists(has_partner)).order_by("name_en")


class InstitutionFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Search"))
    continent = django_filters.ChoiceFilter(
        field_name="country__continent",
        choices=[c for c in Continent.choices if c[0] != Continent.ANTARCTICA],
        label=_("Continent"),
    )
    country = ShownNameChoiceFilter(
        queryset=Country.objects.all(),
        to_field_name="code",
        label=_("Country"),
    )
    kind = django_filters.ChoiceFilter(choices=InstitutionKind.choices, label=_("Kind"))
    status = django_filters.ChoiceFilter(
        choices=PartnerStatus.choices, label=pgettext_lazy("partner", "Status")
    )
    responsible = django_filters.ModelChoiceFilter(
        queryset=User.objects.none(), label=_("Responsible")
    )

    class Meta:
        model = Institution
        fields = ["q", "continent", "country", "kind", "status", "responsible"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Evaluated per request: only countries that have partners, only office people.
        model_filter(self, "country").queryset = countries_with_partners()
        model_filter(self, "responsible").queryset = office_people()
        choice_labels(self.filters["country"].field, lambda c: c.name)
        choice_labels(self.filters["responsible"].field, lambda u: u.full_name or u.username)

    def search(
        self, queryset: QuerySet[Institution], name: str, value: str
    ) -> QuerySet[Institution]:
        return institution_search(queryset, value)


class CountryFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Search"))
    continent = django_filters.ChoiceFilter(choices=Continent.choices, label=_("Continent"))

    class Meta:
        model = Country
        fields = ["q", "continent", "code"]

    def search(self, queryset: QuerySet[Country], name: str, value: str) -> QuerySet[Country]:
        return queryset.filter(
            Q(name_en__icontains=value) | Q(name_zh__icontains=value) | Q(code__iexact=value)
        )
