"""Reads of Confucius Institutes, scoped to the user asking.

Who sees which institutes (pages, exports and the API all ask here):
- the office, university leaders, the auditor and the administrator: every institute;
- a unit liaison or head: the institutes whose college in charge is their unit (or beneath);
- anybody else: none (the public page `/confucius-institutes/` lists those operating).
"""

from __future__ import annotations

import datetime
from typing import Any

import django_filters
from django.db.models import Count, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from waishi.confucius.enums import DispatchRole, InstituteStatus
from waishi.confucius.models import Dispatch, Institute, YearlyFigures
from waishi.core.clock import today
from waishi.core.models import AnyUser, Country
from waishi.core.permissions import acts_for_unit, reads_everything, unit_ids_of
from waishi.core.queries import ShownNameChoiceFilter, of_visible
from waishi.core.widgets import search_by_typing
from waishi.partners.models import Institution


def _with_related(institutes: QuerySet[Institute]) -> QuerySet[Institute]:
    return institutes.select_related(
        "host", "country", "home_unit", "chinese_director", "foreign_director"
    )


def institutes_for_user(user: AnyUser) -> QuerySet[Institute]:
    """The institutes `user` may see (see the module's docstring)."""
    institutes = _with_related(Institute.objects.all())
    if not user.is_authenticated:
        return institutes.none()
    if reads_everything(user):
        return institutes
    if acts_for_unit(user):
        return institutes.filter(home_unit__in=unit_ids_of(user))
    return institutes.none()


def with_abroad_count(institutes: QuerySet[Institute]) -> QuerySet[Institute]:
    """Each institute with `abroad_count`: its people abroad today (see `abroad_now`).

    Counted per institute by a subquery rather than by grouping the institutes joined to all
    their postings: the list's count stays a plain count, and only the page's rows are asked."""
    abroad = (
        abroad_now(Dispatch.objects.filter(institute=OuterRef("pk")))
        .order_by()
        .values("institute")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return institutes.annotate(
        abroad_count=Coalesce(Subquery(abroad, output_field=IntegerField()), 0)
    )


def institutes_listed(user: AnyUser) -> QuerySet[Institute]:
    """The staff list's rows: the institutes `user` may see, with what its table shows (the
    host and country, the people abroad) and no more, so the database joins a page's rows to
    them rather than every institute to its directors."""
    shown = institutes_for_user(user).select_related(None).select_related("host", "country")
    return with_abroad_count(shown)


def institutes_public() -> QuerySet[Institute]:
    """The institutes the public page shows: those operating, each with its latest figures
    alone (`latest_figures`, a list of at most one: the database picks it per institute)."""
    latest = YearlyFigures.objects.order_by("-year")[:1]
    # Only the host and country its cards show: a page is read from the founding-order index
    # and joined to those alone.
    return (
        Institute.objects.filter(status=InstituteStatus.OPERATING)
        .select_related("host", "country")
        .prefetch_related(Prefetch("figures", queryset=latest, to_attr="latest_figures"))
    )


def institutes_count() -> int:
    """For the public overview: how many institutes operate (closed ones and those still in
    preparation are not counted)."""
    return Institute.objects.filter(status=InstituteStatus.OPERATING).count()


def institute_search(institutes: QuerySet[Institute], text: str) -> QuerySet[Institute]:
    """Institutes whose name (either language), city or host's name holds `text`."""
    return institutes.filter(
        Q(name_zh__icontains=text)
        | Q(name_en__icontains=text)
        | Q(city__icontains=text)
        | Q(host__name_en__icontains=text)
        | Q(host__name_zh__icontains=text)
    )


def institutes_of_institution(institution: Institution, user: AnyUser) -> QuerySet[Institute]:
    return institutes_for_user(user).filter(host=institution)


def abroad_now(
    dispatches: QuerySet[Dispatch], on: datetime.date | None = None
) -> QuerySet[Dispatch]:
    """Postings whose person is abroad on `on` (today): the term has started and the person
    has not come back yet. A term past its end without a return date still counts, so the
    office sees who is overdue."""
    on = on or today()
    return dispatches.filter(starts_on__lte=on).filter(
        Q(returned_on__isnull=True) | Q(returned_on__gt=on)
    )


def dispatches_for_user(user: AnyUser) -> QuerySet[Dispatch]:
    """Postings of the institutes `user` may see."""
    return of_visible(
        Dispatch.objects.all(), "institute", institutes_for_user(user)
    ).select_related("person", "institute", "institute__country")


class InstituteFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Search"))
    status = django_filters.ChoiceFilter(
        choices=InstituteStatus.choices,
        label=pgettext_lazy("institute", "Status"),
        empty_label=_("All"),
    )
    country = ShownNameChoiceFilter(
        queryset=Country.objects.filter(pk__in=Institute.objects.values("country")),
        label=_("Country"),
        empty_label=_("All"),
    )

    class Meta:
        model = Institute
        fields = ["q", "status", "country"]

    def search(self, queryset: QuerySet[Institute], name: str, value: str) -> QuerySet[Institute]:
        return institute_search(queryset, value)


class DispatchFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Search"))
    role = django_filters.ChoiceFilter(
        choices=DispatchRole.choices, label=_("Role"), empty_label=_("All")
    )
    institute = django_filters.ModelChoiceFilter(
        queryset=Institute.objects.all(), label=_("Institute"), empty_label=_("All")
    )

    class Meta:
        model = Dispatch
        fields = ["q", "role", "institute"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Hundreds of institutes at a large university: the filter searches as one types
        # instead of listing them all on every page.
        search_by_typing(self.filters["institute"].field, "confucius_institutes")

    def search(self, queryset: QuerySet[Dispatch], name: str, value: str) -> QuerySet[Dispatch]:
        return queryset.filter(
            Q(person__name_zh__icontains=value)
            | Q(person__family_name__icontains=value)
            | Q(person__given_name__icontains=value)
            | Q(person__passport_name__icontains=value)
        )
