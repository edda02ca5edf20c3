"""Planned trips (出访计划) and the plan against actual report."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import CreateView, TemplateView, UpdateView
from django.views.generic.edit import ModelFormMixin

from waishi.core import clock
from waishi.core.listing import FilteredListView, year_param
from waishi.core.mixins import RulePermissionMixin
from waishi.core.permissions import acting_user
from waishi.travel import forms, queries
from waishi.travel.models import PlannedTrip


class PlanListView(RulePermissionMixin, FilteredListView[PlannedTrip]):
    permission_required = "travel.view_plan"
    template_name = "travel/plan/list.html"
    partial_template_name = "travel/plan/_results.html"
    filterset_class = queries.PlanFilter
    sort_options = {
        "year": (gettext_lazy("Year, latest first"), ["-year", "unit__name_zh", "title"]),
        "unit": (gettext_lazy("Unit"), ["unit__name_zh", "-year", "title"]),
    }

    def get_base_queryset(self) -> QuerySet[PlannedTrip]:
        return queries.plans_for_user(self.request.user)


class _PlanFormMixin(RulePermissionMixin, ModelFormMixin[PlannedTrip, forms.PlannedTripForm]):
    request: HttpRequest
    permission_required = "travel.change_plan"
    form_class = forms.PlannedTripForm
    template_name: str | None = "travel/plan/form.html"

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs["units"] = queries.plan_units_for_user(self.request.user)
        return kwargs

    def form_valid(self, form: forms.PlannedTripForm) -> HttpResponse:
        form.save()
        messages.success(self.request, _("The planned trip has been saved."))
        return redirect("travel:plan.list")


class PlanCreateView(_PlanFormMixin, CreateView[PlannedTrip, forms.PlannedTripForm]):
    def get_initial(self) -> dict[str, Any]:
        return {"year": clock.today().year + 1, "unit": acting_user(self.request).units.first()}


class PlanUpdateView(_PlanFormMixin, UpdateView[PlannedTrip, forms.PlannedTripForm]):
    def get_queryset(self) -> QuerySet[PlannedTrip]:
        return queries.plans_for_user(self.request.user).filter(
            unit__in=queries.plan_units_for_user(self.request.user)
        )


class PlanReportView(RulePermissionMixin, TemplateView):
    """Plan against actual, per unit, for a year."""

    permission_required = "travel.view_plan_report"
    template_name = "travel/plan/report.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        year = year_param(self.request, clock.today().year)
        context["year"] = year
        context["years"] = range(clock.today().year + 1, clock.today().year - 5, -1)
        context["rows"] = queries.plan_against_actual(year, self.request.user)
        return context
