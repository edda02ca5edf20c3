"""Actions on a trip: each POST calls one service and returns to the trip's page."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django_stubs_ext import StrOrPromise

from waishi.core.mixins import RulePermissionMixin
from waishi.core.permissions import acting_user
from waishi.travel import forms, services
from waishi.travel.enums import TripStatus
from waishi.travel.models import (
    Traveller,
    Trip,
)
from waishi.travel.views.common import show_errors, trip_or_404


class TripActionView(RulePermissionMixin, View):
    """A POST that calls one service on a trip and returns to its page with a message."""

    permission_required = "travel.view_trip"
    # Asked with the trip (a rule of `travel/rules.py`), on top of the page's permission.
    trip_permission = "travel.view_trip"
    success_message: StrOrPromise = ""

    def allowed(self, request: HttpRequest, trip: Trip) -> bool:
        return request.user.has_perm(self.trip_permission, trip)

    def act(self, request: HttpRequest, trip: Trip) -> None:
        raise NotImplementedError

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        trip = trip_or_404(request, pk)
        if not self.allowed(request, trip):
            raise PermissionDenied
        try:
            self.act(request, trip)
        except ValidationError as error:
            show_errors(request, error)
        else:
            if self.success_message:
                messages.success(request, self.success_message)
        return redirect(self.next_url(trip))

    def next_url(self, trip: Trip) -> str:
        return trip.get_absolute_url()


class TripSubmitView(TripActionView):
    success_message: StrOrPromise = gettext_lazy("The application has been submitted for approval.")

    trip_permission = "travel.change_trip"

    def act(self, request: HttpRequest, trip: Trip) -> None:
        trip = services.trip_submit(trip, acting_user(request))
        if trip.status == TripStatus.HELD:
            self.success_message = _(
                "Your unit has overdue passports or reports: the application is held."
            )


class TripCancelView(TripActionView):
    success_message = gettext_lazy("The application has been withdrawn.")

    trip_permission = "travel.change_trip"

    def act(self, request: HttpRequest, trip: Trip) -> None:
        services.trip_cancel(trip, acting_user(request))


class TripChangeView(TripActionView):
    success_message = gettext_lazy(
        "The trip is open for changes; edit it and submit it for approval again."
    )

    trip_permission = "travel.change_trip"

    def act(self, request: HttpRequest, trip: Trip) -> None:
        services.trip_change_start(trip, acting_user(request), request.POST.get("reason", ""))


class TripApprovalNumberView(TripActionView):
    permission_required = "travel.manage_trip"
    success_message = gettext_lazy("The approval number has been recorded.")

    def act(self, request: HttpRequest, trip: Trip) -> None:
        services.trip_record_approval_number(
            trip, acting_user(request), request.POST.get("approval_number", "")
        )


class TripLiftHoldView(TripActionView):
    permission_required = "travel.manage_trip"
    success_message = gettext_lazy("The hold has been lifted; the application is in approval.")

    def act(self, request: HttpRequest, trip: Trip) -> None:
        services.trip_lift_hold(trip, acting_user(request))


class TripRecordAfterView(TripActionView):
    permission_required = "travel.manage_trip"
    success_message = gettext_lazy(
        "The trip has been recorded after it began; the register flags it with the reason."
    )

    def act(self, request: HttpRequest, trip: Trip) -> None:
        services.trip_record_after(trip, acting_user(request), request.POST.get("reason", ""))


class TripVisaView(TripActionView):
    success_message = gettext_lazy("The visa status has been saved.")

    trip_permission = "travel.change_trip"

    def act(self, request: HttpRequest, trip: Trip) -> None:
        from waishi.travel.enums import VisaState

        state = request.POST.get("state", "")
        if state not in VisaState.values:
            raise ValidationError(_("Choose a visa status."))
        try:
            services.visa_set(
                trip,
                acting_user(request),
                int(request.POST.get("traveller", 0)),
                int(request.POST.get("destination", 0)),
                state,
            )
        except (ValueError, Traveller.DoesNotExist, trip.destinations.model.DoesNotExist):
            raise ValidationError(_("Choose a traveller and a destination.")) from None


class TripReturnView(TripActionView):
    success_message = gettext_lazy("The return has been registered; the report is now due.")

    trip_permission = "travel.report_trip"

    def act(self, request: HttpRequest, trip: Trip) -> None:
        form = forms.ReturnForm(request.POST)
        if not form.is_valid():
            raise ValidationError(_("Enter the actual return date."))
        services.trip_register_return(
            trip, acting_user(request), form.cleaned_data["actual_return"]
        )


class TripReportAcceptView(TripActionView):
    permission_required = "travel.manage_trip"
    success_message = gettext_lazy("The report has been accepted and the trip is closed.")

    def act(self, request: HttpRequest, trip: Trip) -> None:
        services.trip_report_accept(trip, acting_user(request))


class TripReportSendBackView(TripActionView):
    permission_required = "travel.manage_trip"
    success_message = gettext_lazy("The report has been sent back to the applicant.")

    def act(self, request: HttpRequest, trip: Trip) -> None:
        services.trip_report_send_back(trip, acting_user(request), request.POST.get("comment", ""))
