"""The passport custody register and its check-out and check-in."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from waishi.core import clock, redirects
from waishi.core.mixins import RulePermissionMixin
from waishi.core.permissions import acting_user
from waishi.people.queries import sees_full_numbers
from waishi.travel import queries, services
from waishi.travel.models import (
    PassportLoan,
    Trip,
)
from waishi.travel.views.common import show_errors


class PassportListView(RulePermissionMixin, TemplateView):
    """The custody register: every official passport and where it is now."""

    permission_required = "travel.view_passport"
    template_name = "travel/passport/list.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        today = clock.today()
        q = self.request.GET.get("q", "").strip()
        where = self.request.GET.get("where", "")
        documents = queries.passport_register_rows(q, where, today)
        page = Paginator(documents.values_list("pk", flat=True), 50).get_page(
            self.request.GET.get("page")
        )
        rows = queries.passport_register_page(
            list(page.object_list),
            today,
            with_trips=self.request.user.has_perm("travel.manage_passport"),
        )
        counts = queries.passports_out(today)
        context.update(
            {
                "page_obj": page,
                "rows": rows,
                "is_paginated": page.has_other_pages(),
                "q": q,
                "where": where,
                "show_numbers": sees_full_numbers(self.request.user),
                "out_count": counts["out"],
                "overdue_count": counts["overdue"],
            }
        )
        return context


class PassportCheckOutView(RulePermissionMixin, View):
    permission_required = "travel.manage_passport"

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        document = get_object_or_404(services.passport_register(), pk=pk)
        trip = Trip.objects.filter(pk=request.POST.get("trip") or 0).first()
        if trip is None:
            messages.error(request, _("Choose the trip the passport is checked out for."))
        else:
            try:
                loan = services.passport_check_out(document, trip, acting_user(request))
            except ValidationError as error:
                show_errors(request, error)
            else:
                messages.success(
                    request,
                    _("Passport checked out to %(person)s, due back %(date)s.")
                    % {"person": document.person, "date": loan.due_back.isoformat()},
                )
        return redirect(redirects.next_or(request, reverse("travel:passport.list")))


class PassportCheckInView(RulePermissionMixin, View):
    permission_required = "travel.manage_passport"

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        loan = get_object_or_404(PassportLoan, pk=pk)
        try:
            services.passport_check_in(loan, acting_user(request))
        except ValidationError as error:
            show_errors(request, error)
        else:
            messages.success(request, _("The passport is back in custody."))
        return redirect(redirects.next_or(request, reverse("travel:passport.list")))
