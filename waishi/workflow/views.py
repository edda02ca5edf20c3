from __future__ import annotations

from typing import Any

import django_filters
from django.contrib import messages
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import CreateView, DetailView

from waishi.core import clock, redirects
from waishi.core.listing import FilteredListView
from waishi.core.mixins import RulePermissionMixin
from waishi.core.permissions import acting_user
from waishi.workflow import queries, services
from waishi.workflow.forms import DecisionForm, DelegationForm
from waishi.workflow.models import ApprovalRequest, Delegation


class TitleFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        field_name="request__title", lookup_expr="icontains", label=_("Search")
    )


class InboxView(RulePermissionMixin, FilteredListView[Any]):  # steps; decisions below
    """What waits for my decision."""

    permission_required = "workflow.view_inbox"
    template_name = "workflow/inbox/list.html"
    partial_template_name = "workflow/inbox/_results.html"
    filterset_class = TitleFilter
    sort_options = {
        "oldest": (_("Waiting longest"), ["opened_at", "pk"]),
        "newest": (_("Newest"), ["-opened_at", "-pk"]),
    }
    tab = "waiting"

    def get_base_queryset(self) -> QuerySet[Any]:
        return queries.steps_waiting_for_user(self.request.user)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["tab"] = self.tab
        return context

    def prepare_rows(self, rows: list[Any]) -> list[Any]:
        today = clock.today()
        for step in rows:
            step.subject_url = queries.subject_url(step.request)
            step.days_waiting = (today - step.opened_at.date()).days if step.opened_at else 0
        return rows


class DecidedView(InboxView):
    """The "decided by me" tab."""

    template_name = "workflow/inbox/decided.html"
    partial_template_name = "workflow/inbox/_decided.html"
    sort_options = {
        "newest": (_("Newest"), ["-created_at", "-pk"]),
        "oldest": (_("Oldest"), ["created_at", "pk"]),
    }
    tab = "decided"

    def get_base_queryset(self) -> QuerySet[Any]:
        return queries.decisions_by_user(self.request.user)

    def prepare_rows(self, rows: list[Any]) -> list[Any]:
        for decision in rows:
            decision.subject_url = queries.subject_url(decision.request)
        return rows


class RequestDetailView(RulePermissionMixin, DetailView[ApprovalRequest]):
    permission_required = "workflow.view_approvalrequest"
    template_name = "workflow/request/detail.html"
    context_object_name = "approval"

    def get_queryset(self) -> QuerySet[ApprovalRequest]:
        return queries.approval_requests_for_user(self.request.user)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        url = queries.subject_url(self.object)
        context["subject_url"] = "" if url == self.object.get_absolute_url() else url
        return context


class DecideView(RulePermissionMixin, View):
    """POST a decision on the current step, then go back to the page it came from."""

    permission_required = "workflow.decide"

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        approval = get_object_or_404(queries.approval_requests_for_user(request.user), pk=pk)
        back = redirects.next_or(request, approval.get_absolute_url())
        form = DecisionForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Choose approve, return or reject."))
            return redirect(back)
        try:
            services.approval_decide(
                approval,
                by=acting_user(request),
                action=form.cleaned_data["action"],
                comment=form.cleaned_data["comment"],
                step=form.cleaned_data["step"],
            )
        except services.ApprovalRefused as refused:
            messages.error(request, refused.messages[0])
        else:
            messages.success(request, _("Your decision has been recorded."))
        return redirect(back)


class DelegationListView(RulePermissionMixin, CreateView[Delegation, DelegationForm]):
    """My delegations (given and received), and a form to add one."""

    permission_required = "workflow.delegate"
    template_name = "workflow/delegation/list.html"
    form_class = DelegationForm

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user = acting_user(self.request)
        context["given"] = Delegation.objects.filter(delegator=user).select_related("delegate")
        context["received"] = Delegation.objects.filter(delegate=user).select_related("delegator")
        context["today"] = clock.today()
        return context

    def form_valid(self, form: DelegationForm) -> HttpResponse:
        form.save()
        messages.success(self.request, _("The delegation has been saved."))
        return redirect("workflow:delegation.list")


class DelegationEndView(RulePermissionMixin, View):
    permission_required = "workflow.delegate"

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        delegation = get_object_or_404(Delegation, pk=pk, delegator=request.user)
        # Ended, not deleted: the decisions taken under it keep their meaning.
        delegation.is_active = False
        delegation.save(update_fields=["is_active"])
        messages.success(request, _("The delegation has ended."))
        return redirect("workflow:delegation.list")
