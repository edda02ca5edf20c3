"""出访报告: the post-trip report page."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views import View

from waishi.core.mixins import RulePermissionMixin
from waishi.core.permissions import acting_user
from waishi.travel import forms, services
from waishi.travel.models import Trip
from waishi.travel.views.common import trip_or_404


class TripReportView(RulePermissionMixin, View):
    """出访报告: write, save and submit the post-trip report with attachments."""

    permission_required = "travel.view_trip"

    def _trip(self, request: HttpRequest, pk: int) -> Trip:
        trip = trip_or_404(request, pk)
        if not request.user.has_perm("travel.report_trip", trip):
            raise PermissionDenied
        return trip

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        trip = self._trip(request, pk)
        report = getattr(trip, "report", None)
        form = forms.ReportForm(initial={"text": report.text if report else ""})
        return render(
            request,
            "travel/report/form.html",
            {
                "trip": trip,
                "form": form,
                "report": report,
                "report_open": services.trip_report_open(trip),
            },
        )

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        trip = self._trip(request, pk)
        report = getattr(trip, "report", None)
        form = forms.ReportForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                services.trip_report_save(
                    trip,
                    acting_user(request),
                    form.cleaned_data["text"],
                    form.cleaned_data["attachments"],
                    submit="submit" in request.POST,
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(
                    request,
                    _("The report has been submitted to the office.")
                    if "submit" in request.POST
                    else _("The report has been saved."),
                )
                return redirect(trip)
        return render(
            request,
            "travel/report/form.html",
            {"trip": trip, "form": form, "report": report, "report_open": True},
        )
