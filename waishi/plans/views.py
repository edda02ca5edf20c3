"""Staff pages of cooperation plans under /staff/plans/. Rows come from
`queries.plans_for_user`, so a plan out of scope is 404."""

from __future__ import annotations

from typing import Any, Literal

from django.contrib import messages
from django.db.models import Model, QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django.views import View
from django.views.generic import DetailView, FormView
from django.views.generic.base import ContextMixin

from waishi.core.history import history_entries
from waishi.core.listing import FilteredListView
from waishi.core.mixins import RulePermissionMixin, ServiceFormView
from waishi.core.permissions import acting_user
from waishi.plans import queries, services
from waishi.plans.forms import ActivityForm, MemberForm, PlanEndForm, PlanForm
from waishi.plans.models import Plan, PlanActivity, PlanMember


class PlanListView(RulePermissionMixin, FilteredListView[Plan]):
    permission_required = "plans.view_plan"
    template_name = "plans/plan/list.html"
    partial_template_name = "plans/plan/_results.html"
    filterset_class = queries.PlanFilter
    sort_options = {
        "name": (_("Name"), ["name_zh", "pk"]),
        "starts": (_("Newest first"), ["-starts_year", "name_zh", "pk"]),
        "status": (pgettext_lazy("plan", "Status"), ["status", "name_zh", "pk"]),
    }

    def get_base_queryset(self) -> QuerySet[Plan]:
        return queries.plans_for_user(self.request.user)


class PlanDetailView(RulePermissionMixin, DetailView[Plan]):
    permission_required = "plans.view_plan"
    template_name = "plans/plan/detail.html"
    context_object_name = "plan"

    def get_queryset(self) -> QuerySet[Plan]:
        return queries.plans_for_user(self.request.user)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["members"] = self.object.members.select_related(
            "institution", "institution__country"
        )
        context["activities"] = queries.activities_of(self.object)
        context["history"] = history_entries(self.object)
        return context


class _PlanMixin(RulePermissionMixin, ContextMixin, View):
    @cached_property
    def plan(self) -> Plan:
        return get_object_or_404(queries.plans_for_user(self.request.user), pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["plan"] = self.plan
        return context


class PlanCreateView(RulePermissionMixin, ServiceFormView[PlanForm]):
    permission_required = "plans.add_plan"
    template_name = "plans/plan/form.html"
    form_class = PlanForm
    success_message = _("The plan has been recorded.")

    def perform(self, form: PlanForm) -> Plan:
        return services.plan_create(by=acting_user(self.request), **form.cleaned_data)


class PlanUpdateView(_PlanMixin, ServiceFormView[PlanForm]):
    permission_required = "plans.change_plan"
    template_name = "plans/plan/form.html"
    form_class = PlanForm
    success_message = _("The plan has been saved.")

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = self.plan
        return kwargs

    def perform(self, form: PlanForm) -> Plan:
        fresh = Plan.objects.get(pk=self.plan.pk)
        services.plan_update(fresh, by=acting_user(self.request), **form.cleaned_data)
        return fresh


class PlanEndView(_PlanMixin, ServiceFormView[PlanEndForm]):
    permission_required = "plans.end_plan"
    template_name = "plans/plan/end.html"
    form_class = PlanEndForm
    success_message = _("The plan has been marked as ended.")

    def perform(self, form: PlanEndForm) -> Plan:
        services.plan_end(self.plan, by=acting_user(self.request), **form.cleaned_data)
        return self.plan


class MemberEditView(_PlanMixin, ServiceFormView[MemberForm]):
    permission_required = "plans.change_member"
    template_name = "plans/member/form.html"
    form_class = MemberForm
    success_message = _("The member has been saved.")

    def get_member(self) -> PlanMember | None:
        if "member_pk" not in self.kwargs:
            return None
        return get_object_or_404(self.plan.members, pk=self.kwargs["member_pk"])

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = self.get_member()
        return kwargs

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["member"] = self.get_member()
        return context

    def perform(self, form: MemberForm) -> str:
        member = self.get_member()
        if member is not None:
            member = PlanMember.objects.get(pk=member.pk)
        services.member_save(
            self.plan, by=acting_user(self.request), member=member, **form.cleaned_data
        )
        return self.plan.get_absolute_url() + "#members"


class MemberRemoveView(_PlanMixin, View):
    permission_required = "plans.change_member"

    def get(self, request: HttpRequest, pk: int, member_pk: int) -> HttpResponse:
        member = get_object_or_404(self.plan.members, pk=member_pk)
        return render(request, "plans/member/remove.html", {"plan": self.plan, "member": member})

    def post(self, request: HttpRequest, pk: int, member_pk: int) -> HttpResponse:
        member = get_object_or_404(self.plan.members, pk=member_pk)
        services.member_remove(member, by=acting_user(request))
        messages.success(request, _("The institution has been taken out of the plan."))
        return HttpResponseRedirect(self.plan.get_absolute_url() + "#members")


class ActivityEditView(_PlanMixin, FormView[ActivityForm]):
    permission_required = "plans.change_activity"
    template_name = "plans/activity/form.html"
    form_class = ActivityForm

    def get_activity(self) -> PlanActivity | None:
        if "activity_pk" not in self.kwargs:
            return None
        return get_object_or_404(self.plan.activities, pk=self.kwargs["activity_pk"])

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = self.get_activity()
        kwargs["user"] = self.request.user
        return kwargs

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["activity"] = self.get_activity()
        return context

    def form_valid(self, form: ActivityForm) -> HttpResponse:
        activity = self.get_activity()
        if activity is not None:
            activity = PlanActivity.objects.get(pk=activity.pk)
        data = dict(form.cleaned_data)
        # The record chosen (None: no link); False leaves the link as it is.
        linked: Model | Literal[False] | None = (
            data.pop("linked", False) if "linked" in form.fields else False
        )
        services.activity_save(
            self.plan, by=acting_user(self.request), activity=activity, linked=linked, **data
        )
        messages.success(self.request, _("The activity has been saved."))
        return HttpResponseRedirect(self.plan.get_absolute_url() + "#activities")
