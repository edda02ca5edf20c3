"""Reads of cooperation plans, scoped to the user asking.

Who sees plans: a plan is a university-wide undertaking (no single college owns it), so the
office, leaders, the auditor and the administrator see every plan, and so do unit liaisons and
heads, whose colleges carry out its activities. Other users see none.
"""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from waishi.core.models import AnyUser
from waishi.core.permissions import acts_for_unit, reads_everything
from waishi.partners.models import Institution
from waishi.plans.enums import PlanStatus
from waishi.plans.models import Plan, PlanActivity, PlanMember


def _count_of(rows: QuerySet[Any]) -> Coalesce:
    """How many `rows` (filtered on an OuterRef), as an expression."""
    counted = rows.order_by().values("plan").annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def plans_for_user(user: AnyUser) -> QuerySet[Plan]:
    """The plans `user` may see (see the module's docstring)."""
    # Each count by a subquery of its own rather than by grouping every plan joined to all
    # its members and activities: a list's count stays a plain count, and only the rows of a
    # page are counted.
    plans = Plan.objects.annotate(
        member_count=_count_of(PlanMember.objects.filter(plan=OuterRef("pk"))),
        activity_count=_count_of(PlanActivity.objects.filter(plan=OuterRef("pk"))),
    )
    if not user.is_authenticated:
        return plans.none()
    if reads_everything(user) or acts_for_unit(user):
        return plans
    return plans.none()


def activities_of(plan: Plan) -> QuerySet[PlanActivity]:
    return (
        plan.activities.select_related("linked_type")
        .prefetch_related("institutions", "agreements")
        .order_by("-date", "-pk")
    )


def plans_of_institution(institution: Institution, user: AnyUser) -> QuerySet[Plan]:
    return plans_for_user(user).filter(members__institution=institution).distinct()


class PlanFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Search"))
    status = django_filters.ChoiceFilter(
        choices=PlanStatus.choices,
        label=pgettext_lazy("plan", "Status"),
        empty_label=_("All"),
    )

    class Meta:
        model = Plan
        fields = ["q", "status"]

    def search(self, queryset: QuerySet[Plan], name: str, value: str) -> QuerySet[Plan]:
        matching = Plan.objects.filter(
            Q(name_zh__icontains=value)
            | Q(name_en__icontains=value)
            | Q(sponsor_zh__icontains=value)
            | Q(sponsor_en__icontains=value)
            | Q(members__institution__name_en__icontains=value)
            | Q(members__institution__name_zh__icontains=value)
        ).values("pk")
        return queryset.filter(pk__in=matching)
