"""The trips list, a trip's page and the application form."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Prefetch, QuerySet
from django.forms import BaseInlineFormSet
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from waishi.core import clock
from waishi.core.history import history_entries
from waishi.core.listing import FilteredListView
from waishi.core.mixins import RulePermissionMixin
from waishi.core.permissions import acting_user
from waishi.people.enums import DocumentKind
from waishi.people.models import IdentityDocument
from waishi.travel import forms, queries, services
from waishi.travel.enums import EDITABLE, TripStatus
from waishi.travel.models import (
    Destination,
    Traveller,
    Trip,
    VisaRecord,
)
from waishi.travel.views.common import show_errors, trip_or_404

# One of the application's four formsets (travellers, destinations, itinerary, budget).
TripFormSet = BaseInlineFormSet[Any, Trip, Any]

# List and detail -----------------------------------------------------------------------------


# What the list of trips shows of each trip and traveller.
TRIP_LIST_COLUMNS = (
    "reference", "title", "purpose", "departure", "return_date", "status", "recorded_after",
    "unit__name_zh", "unit__name_en", "confidential", "updated_at",
)  # fmt: skip
TRAVELLER_PERSON_COLUMNS = (
    "person__name_zh",
    "person__given_name",
    "person__family_name",
    "person__passport_name",
)


class TripListView(RulePermissionMixin, FilteredListView[Trip]):
    permission_required = "travel.view_trip"
    template_name = "travel/trip/list.html"
    partial_template_name = "travel/trip/_results.html"
    filterset_class = queries.TripFilter
    sort_options = {
        "departure": (gettext_lazy("Departure, latest first"), ["-departure", "-pk"]),
        "departure_asc": (gettext_lazy("Departure, earliest first"), ["departure", "pk"]),
        "updated": (gettext_lazy("Recently changed"), ["-updated_at", "-pk"]),
    }

    def get_base_queryset(self) -> QuerySet[Trip]:
        # Only the columns the table shows: a page of 25 trips reads some 50 travellers and
        # 25 destinations.
        return (
            queries.trips_for_user(self.request.user)
            .select_related(None)
            .select_related("unit")
            .only(*TRIP_LIST_COLUMNS)
            .prefetch_related(
                Prefetch(
                    "travellers",
                    queryset=Traveller.objects.select_related("person").only(
                        "trip_id", "role", "position", *TRAVELLER_PERSON_COLUMNS
                    ),
                ),
                Prefetch(
                    "destinations",
                    queryset=Destination.objects.select_related("country").only(
                        "trip_id", "order", "city", "country__name_en", "country__name_zh"
                    ),
                ),
            )
        )


class TripDetailView(RulePermissionMixin, View):
    permission_required = "travel.view_trip"

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        trip = trip_or_404(request, pk)
        user = request.user
        travellers = list(trip.travellers.select_related("person", "unit"))
        destinations = list(trip.destinations.select_related("country", "institution"))
        visas = {
            (v.traveller_id, v.destination_id): v
            for v in VisaRecord.objects.filter(traveller__trip=trip)
        }
        visa_rows = [(t, [(d, visas.get((t.pk, d.pk))) for d in destinations]) for t in travellers]
        passports = []
        if user.has_perm("travel.manage_passport") and trip.status == TripStatus.APPROVED:
            passports = list(
                IdentityDocument.objects.filter(
                    person__in=[t.person_id for t in travellers],
                    kind=DocumentKind.OFFICIAL_PASSPORT,
                )
                .exclude(pk__in=queries.loans_open().values("document_id"))
                .select_related("person")
            )
        report = getattr(trip, "report", None)
        budget = list(trip.budget.all())
        context = {
            "trip": trip,
            "travellers": travellers,
            "destinations": destinations,
            "itinerary": trip.itinerary.all(),
            "budget": budget,
            "budget_total": sum(b.amount for b in budget),
            "may_edit": user.has_perm("travel.edit_trip", trip),
            "may_report": user.has_perm("travel.report_trip", trip),
            "may_withdraw": user.has_perm("travel.withdraw_trip", trip),
            "may_write_report": user.has_perm("travel.report_trip", trip)
            and services.trip_report_open(trip)
            and trip.status not in (TripStatus.REPORTED, TripStatus.CLOSED),
            "may_record_after": user.has_perm("travel.manage_trip")
            and trip.status == TripStatus.DRAFT
            and trip.departure <= clock.today(),
            "visa_rows": visa_rows,
            "loans": trip.loans.select_related("document__person", "checked_out_by"),
            "passports": passports,
            "report": report,
            "today": clock.today(),
            # What keeps it from being submitted (travellers' passports among it): for those
            # who may edit it.
            "problems": (
                services.validators.trip_problems(trip)
                if user.has_perm("travel.edit_trip", trip)
                else []
            ),
            "history": history_entries(trip),
            "member_changes": queries.trip_member_changes(trip),
            "number_form": forms.ApprovalNumberForm(
                initial={"approval_number": trip.approval_number}
            ),
            "change_form": forms.ChangeForm(),
            "return_form": forms.ReturnForm(
                initial={"actual_return": min(trip.return_date, clock.today())}
            ),
            "visa_states": VisaRecord._meta.get_field("state").choices,
        }
        return render(request, "travel/trip/detail.html", context)


# The application form ------------------------------------------------------------------------


class TripFormView(RulePermissionMixin, View):
    """Create or edit an application with its four formsets; nothing typed is lost when a
    rule fails (the whole page comes back with the errors)."""

    permission_required = "travel.add_trip"
    sets = (
        ("travellers", forms.TravellerFormSet),
        ("destinations", forms.DestinationFormSet),
        ("itinerary", forms.ItineraryFormSet),
        ("budget", forms.BudgetFormSet),
    )

    def _trip(self, request: HttpRequest, pk: int | None) -> Trip:
        if pk is None:
            # The applicant's own unit is the sensible default.
            user = acting_user(request)
            return Trip(applicant=user, unit=user.units.first())
        trip = trip_or_404(request, pk)
        if not request.user.has_perm("travel.change_trip", trip):
            raise PermissionDenied
        return trip

    def _forms(
        self,
        request: HttpRequest,
        trip: Trip,
        data: QueryDict | None = None,
        files: MultiValueDict[str, UploadedFile] | None = None,
    ) -> tuple[forms.TripForm, dict[str, TripFormSet]]:
        form = forms.TripForm(
            data,
            files,
            instance=trip,
            units=queries.trip_units_for_user(request.user),
            plans=queries.trip_plans_for_user(request.user),
        )
        # The travellers' choices depend on who may be added (`travel.add_traveller`).
        kwargs: dict[str, dict[str, Any]] = {"travellers": {"form_kwargs": {"user": request.user}}}
        if data is None and trip.pk is None:
            # A new application offers the applicant as its first traveller (and leader).
            kwargs["travellers"]["initial"] = queries.applicant_as_traveller(acting_user(request))
        formsets = {
            name: cls(data, files, instance=trip, prefix=name, **kwargs.get(name, {}))
            for name, cls in self.sets
        }
        return form, formsets

    def _render(
        self,
        request: HttpRequest,
        trip: Trip,
        form: forms.TripForm,
        formsets: dict[str, TripFormSet],
    ) -> HttpResponse:
        return render(
            request,
            "travel/trip/form.html",
            {"trip": trip, "form": form, "formsets": formsets},
        )

    def get(self, request: HttpRequest, pk: int | None = None) -> HttpResponse:
        trip = self._trip(request, pk)
        if trip.pk and trip.status not in EDITABLE:
            messages.error(
                request,
                _("This application has been submitted (%(status)s) and can no longer be edited.")
                % {"status": trip.get_status_display()},
            )
            return redirect(trip)
        form, formsets = self._forms(request, trip)
        return self._render(request, trip, form, formsets)

    def post(self, request: HttpRequest, pk: int | None = None) -> HttpResponse:
        trip = self._trip(request, pk)
        if trip.pk:
            try:
                services.trip_require_editable(trip, acting_user(request))
            except ValidationError as error:
                show_errors(request, error)
                return redirect(trip)
        form, formsets = self._forms(request, trip, request.POST, request.FILES)
        # The trip form first: it puts the dates on the instance the formsets check against.
        valid = form.is_valid()
        # Validate every formset (no short-circuit) so each shows its errors.
        results = [fs.is_valid() for fs in formsets.values()]
        valid = all(results) and valid
        if not valid:
            messages.error(request, _("Please correct the errors below; nothing has been saved."))
            return self._render(request, trip, form, formsets)
        with transaction.atomic():
            trip = form.save()
            for formset in formsets.values():
                formset.instance = trip
                formset.save()
            services.trip_assign_reference(trip)
        if "submit" in request.POST:
            try:
                services.trip_submit(trip, acting_user(request))
            except ValidationError as error:
                messages.warning(request, _("The application has been saved but not submitted:"))
                show_errors(request, error)
                return redirect(trip)
            trip.refresh_from_db()
            if trip.status == TripStatus.HELD:
                messages.warning(
                    request,
                    _(
                        "Your unit has overdue passports or reports: the application is held "
                        "until they are returned or the office lifts the hold."
                    ),
                )
            else:
                messages.success(request, _("The application has been submitted for approval."))
        else:
            messages.success(request, _("The application has been saved as a draft."))
        return redirect(trip)
