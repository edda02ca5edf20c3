"""Pages of the travel app. Views parse, call one service or query, respond."""

from __future__ import annotations

import mimetypes
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Prefetch, QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import CreateView, TemplateView, UpdateView

from waishi.core import clock
from waishi.core.history import history_entries
from waishi.core.listing import FilteredListView
from waishi.core.mixins import RulePermissionMixin
from waishi.core.permissions import is_office, unit_ids_of
from waishi.people.enums import DocumentKind
from waishi.people.models import IdentityDocument
from waishi.travel import approval, documents, forms, queries, services
from waishi.travel.enums import EDITABLE, TripStatus
from waishi.travel.models import (
    PassportLoan,
    PlannedTrip,
    ReportAttachment,
    Traveller,
    Trip,
    VisaRecord,
)
from waishi.workflow import queries as wf_queries


def _errors(request: HttpRequest, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


def _trip_or_404(request: HttpRequest, pk: int) -> Trip:
    return get_object_or_404(queries.trips_for_user(request.user), pk=pk)


# List and detail -----------------------------------------------------------------------------


class TripListView(RulePermissionMixin, FilteredListView):
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
        return queries.trips_for_user(self.request.user).prefetch_related(
            Prefetch("travellers", queryset=Traveller.objects.select_related("person")),
            "destinations__country",
        )


class TripDetailView(RulePermissionMixin, View):
    permission_required = "travel.view_trip"

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        trip = _trip_or_404(request, pk)
        user = request.user
        step = approval.current_step(trip)
        travellers = list(trip.travellers.select_related("person", "unit"))
        destinations = list(trip.destinations.select_related("country", "institution"))
        visas = {
            (v.traveller_id, v.destination_id): v
            for v in VisaRecord.objects.filter(traveller__trip=trip)
        }
        visa_rows = [(t, [(d, visas.get((t.pk, d.pk))) for d in destinations]) for t in travellers]
        office = bool(is_office(user))
        passports = []
        if office and trip.status == TripStatus.APPROVED:
            passports = list(
                IdentityDocument.objects.filter(
                    person__in=[t.person_id for t in travellers],
                    kind=DocumentKind.OFFICIAL_PASSPORT,
                )
                .exclude(pk__in=queries.loans_open().values("document_id"))
                .select_related("person")
            )
        report = getattr(trip, "report", None)
        context = {
            "trip": trip,
            "travellers": travellers,
            "destinations": destinations,
            "itinerary": trip.itinerary.all(),
            "budget": trip.budget.all(),
            "budget_total": sum(b.amount for b in trip.budget.all()),
            "approval_requests": [
                (request, wf_queries.rounds_of(request))
                for request in reversed(approval.requests_of(trip))
            ],
            "current_step": step,
            "may_decide": approval.may_decide(trip, user),
            "decision_form": forms.DecisionForm(),
            "may_edit": services.trip_may_edit(trip, user),
            "may_report": services.trip_may_report(trip, user),
            "is_applicant": trip.applicant_id == user.pk,
            "office": office,
            "visa_rows": visa_rows,
            "loans": trip.loans.select_related("document__person", "checked_out_by"),
            "passports": passports,
            "report": report,
            "today": clock.today(),
            "problems": (
                services.validators.trip_problems(trip) if trip.status in EDITABLE else []
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
            return Trip(applicant=request.user, unit=request.user.units.first())
        trip = _trip_or_404(request, pk)
        if trip.applicant_id != request.user.pk and not is_office(request.user):
            raise PermissionDenied
        return trip

    def _units(self, request: HttpRequest) -> Any:
        from waishi.core.models import Unit

        if is_office(request.user):
            return Unit.objects.filter(is_active=True)
        return Unit.objects.filter(pk__in=unit_ids_of(request.user))

    def _forms(self, request: HttpRequest, trip: Trip, data: Any = None, files: Any = None):
        form = forms.TripForm(
            data,
            files,
            instance=trip,
            units=self._units(request),
            plans=PlannedTrip.objects.filter(unit__in=unit_ids_of(request.user))
            if not is_office(request.user)
            else PlannedTrip.objects.all(),
        )
        formsets = {name: cls(data, files, instance=trip, prefix=name) for name, cls in self.sets}
        return form, formsets

    def _render(self, request: HttpRequest, trip: Trip, form: Any, formsets: Any) -> HttpResponse:
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
                services.trip_require_editable(trip, request.user)
            except ValidationError as error:
                _errors(request, error)
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
                services.trip_submit(trip, request.user)
            except ValidationError as error:
                messages.warning(request, _("The application has been saved but not submitted:"))
                _errors(request, error)
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


# Actions on a trip ---------------------------------------------------------------------------


class TripActionView(RulePermissionMixin, View):
    """A POST that calls one service on a trip and returns to its page with a message."""

    permission_required = "travel.view_trip"
    success_message: Any = ""

    def allowed(self, request: HttpRequest, trip: Trip) -> bool:
        return True

    def act(self, request: HttpRequest, trip: Trip) -> Any:
        raise NotImplementedError

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        trip = _trip_or_404(request, pk)
        if not self.allowed(request, trip):
            raise PermissionDenied
        try:
            self.act(request, trip)
        except ValidationError as error:
            _errors(request, error)
        else:
            if self.success_message:
                messages.success(request, self.success_message)
        return redirect(self.next_url(trip))

    def next_url(self, trip: Trip) -> str:
        return trip.get_absolute_url()


class TripSubmitView(TripActionView):
    success_message = gettext_lazy("The application has been submitted for approval.")

    def allowed(self, request: HttpRequest, trip: Trip) -> bool:
        return trip.applicant_id == request.user.pk or bool(is_office(request.user))

    def act(self, request: HttpRequest, trip: Trip) -> Any:
        trip = services.trip_submit(trip, request.user)
        if trip.status == TripStatus.HELD:
            self.success_message = _(
                "Your unit has overdue passports or reports: the application is held."
            )


class TripDecideView(TripActionView):
    success_message = gettext_lazy("Your decision has been recorded.")

    def allowed(self, request: HttpRequest, trip: Trip) -> bool:
        return approval.may_decide(trip, request.user)

    def act(self, request: HttpRequest, trip: Trip) -> Any:
        form = forms.DecisionForm(request.POST)
        if not form.is_valid():
            raise ValidationError(_("Choose approve, return or reject."))
        services.trip_decide(
            trip,
            request.user,
            form.cleaned_data["decision"],
            form.cleaned_data["comment"],
            step=request.POST.get("step") or None,
        )


class TripCancelView(TripActionView):
    success_message = gettext_lazy("The application has been withdrawn.")

    def allowed(self, request: HttpRequest, trip: Trip) -> bool:
        return trip.applicant_id == request.user.pk or bool(is_office(request.user))

    def act(self, request: HttpRequest, trip: Trip) -> Any:
        services.trip_cancel(trip, request.user)


class TripChangeView(TripActionView):
    success_message = gettext_lazy(
        "The trip is open for changes; edit it and submit it for approval again."
    )

    def allowed(self, request: HttpRequest, trip: Trip) -> bool:
        return trip.applicant_id == request.user.pk or bool(is_office(request.user))

    def act(self, request: HttpRequest, trip: Trip) -> Any:
        services.trip_change_start(trip, request.user, request.POST.get("reason", ""))


class TripApprovalNumberView(TripActionView):
    permission_required = "travel.manage_trip"
    success_message = gettext_lazy("The approval number has been recorded.")

    def act(self, request: HttpRequest, trip: Trip) -> Any:
        services.trip_record_approval_number(
            trip, request.user, request.POST.get("approval_number", "")
        )


class TripLiftHoldView(TripActionView):
    permission_required = "travel.manage_trip"
    success_message = gettext_lazy("The hold has been lifted; the application is in approval.")

    def act(self, request: HttpRequest, trip: Trip) -> Any:
        services.trip_lift_hold(trip, request.user)


class TripVisaView(TripActionView):
    success_message = gettext_lazy("The visa status has been saved.")

    def allowed(self, request: HttpRequest, trip: Trip) -> bool:
        return trip.applicant_id == request.user.pk or bool(is_office(request.user))

    def act(self, request: HttpRequest, trip: Trip) -> Any:
        from waishi.travel.enums import VisaState

        state = request.POST.get("state", "")
        if state not in VisaState.values:
            raise ValidationError(_("Choose a visa status."))
        try:
            services.visa_set(
                trip,
                request.user,
                int(request.POST.get("traveller", 0)),
                int(request.POST.get("destination", 0)),
                state,
            )
        except (ValueError, Traveller.DoesNotExist, trip.destinations.model.DoesNotExist):
            raise ValidationError(_("Choose a traveller and a destination.")) from None


class TripReturnView(TripActionView):
    success_message = gettext_lazy("The return has been registered; the report is now due.")

    def allowed(self, request: HttpRequest, trip: Trip) -> bool:
        return services.trip_may_report(trip, request.user)

    def act(self, request: HttpRequest, trip: Trip) -> Any:
        form = forms.ReturnForm(request.POST)
        if not form.is_valid():
            raise ValidationError(_("Enter the actual return date."))
        services.trip_register_return(trip, request.user, form.cleaned_data["actual_return"])


class TripReportAcceptView(TripActionView):
    permission_required = "travel.manage_trip"
    success_message = gettext_lazy("The report has been accepted and the trip is closed.")

    def act(self, request: HttpRequest, trip: Trip) -> Any:
        services.trip_report_accept(trip, request.user)


class TripReportSendBackView(TripActionView):
    permission_required = "travel.manage_trip"
    success_message = gettext_lazy("The report has been sent back to the applicant.")

    def act(self, request: HttpRequest, trip: Trip) -> Any:
        services.trip_report_send_back(trip, request.user, request.POST.get("comment", ""))


class TripReportView(RulePermissionMixin, View):
    """出访报告: write, save and submit the post-trip report with attachments."""

    permission_required = "travel.view_trip"

    def _trip(self, request: HttpRequest, pk: int) -> Trip:
        trip = _trip_or_404(request, pk)
        if not services.trip_may_report(trip, request.user):
            raise PermissionDenied
        return trip

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        trip = self._trip(request, pk)
        report = getattr(trip, "report", None)
        form = forms.ReportForm(initial={"text": report.text if report else ""})
        return render(
            request, "travel/report/form.html", {"trip": trip, "form": form, "report": report}
        )

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        trip = self._trip(request, pk)
        report = getattr(trip, "report", None)
        form = forms.ReportForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                services.trip_report_save(
                    trip,
                    request.user,
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
            request, "travel/report/form.html", {"trip": trip, "form": form, "report": report}
        )


# Files ----------------------------------------------------------------------------------------


def _serve(field_file: Any, name: str) -> FileResponse:
    if not field_file:
        raise Http404
    content_type = mimetypes.guess_type(field_file.name)[0] or "application/octet-stream"
    response = FileResponse(field_file.open("rb"), content_type=content_type)
    response["Content-Disposition"] = f'inline; filename="{name}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


class InvitationLetterView(RulePermissionMixin, View):
    permission_required = "travel.view_trip"

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        trip = _trip_or_404(request, pk)
        suffix = trip.invitation_letter.name.rsplit(".", 1)[-1] if trip.invitation_letter else ""
        return _serve(trip.invitation_letter, f"invitation-{trip.pk}.{suffix}")


class ReportAttachmentView(RulePermissionMixin, View):
    permission_required = "travel.view_trip"

    def get(self, request: HttpRequest, pk: int, attachment_pk: int) -> HttpResponse:
        trip = _trip_or_404(request, pk)
        attachment = get_object_or_404(ReportAttachment, pk=attachment_pk, report__trip=trip)
        suffix = attachment.file.name.rsplit(".", 1)[-1]
        return _serve(attachment.file, f"report-{trip.pk}-{attachment.pk}.{suffix}")


class ApprovalDocumentView(RulePermissionMixin, View):
    """批件: the approval document as a PDF in Chinese."""

    permission_required = "travel.view_trip"

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        trip = _trip_or_404(request, pk)
        if trip.status not in (
            TripStatus.APPROVED,
            TripStatus.BACK,
            TripStatus.REPORTED,
            TripStatus.CLOSED,
        ):
            messages.error(request, _("The approval document exists once the trip is approved."))
            return redirect(trip)
        pdf = documents.approval_pdf(trip)
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="approval-{trip.pk}.pdf"'
        return response


# Passports -------------------------------------------------------------------------------------


class PassportListView(RulePermissionMixin, TemplateView):
    """The custody register: every official passport and where it is now."""

    permission_required = "travel.view_passport"
    template_name = "travel/passport/list.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        today = clock.today()
        q = self.request.GET.get("q", "").strip()
        where = self.request.GET.get("where", "")
        documents_qs = services.passport_register().select_related("person", "person__unit")
        if q:
            from django.db.models import Q

            documents_qs = documents_qs.filter(
                Q(person__name_zh__icontains=q)
                | Q(person__family_name__icontains=q)
                | Q(person__given_name__icontains=q)
                | Q(number__icontains=q)
            )
        loans = {loan.document_id: loan for loan in queries.loans_open()}
        rows = []
        for doc in documents_qs.order_by("person__name_zh", "person__family_name"):
            loan = loans.get(doc.pk)
            overdue = bool(loan and loan.is_overdue(today))
            if where == "in" and loan:
                continue
            if where == "out" and not loan:
                continue
            if where == "overdue" and not overdue:
                continue
            rows.append({"doc": doc, "loan": loan, "overdue": overdue})
        from django.core.paginator import Paginator

        page = Paginator(rows, 50).get_page(self.request.GET.get("page"))
        context.update(
            {
                "page_obj": page,
                "rows": page.object_list,
                "is_paginated": page.has_other_pages(),
                "q": q,
                "where": where,
                "show_numbers": bool(is_office(self.request.user)),
                "out_count": len(loans),
                "overdue_count": sum(1 for loan in loans.values() if loan.is_overdue(today)),
                "approved_trips": Trip.objects.filter(status=TripStatus.APPROVED).order_by(
                    "departure"
                ),
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
                loan = services.passport_check_out(document, trip, request.user)
            except ValidationError as error:
                _errors(request, error)
            else:
                messages.success(
                    request,
                    _("Passport checked out to %(person)s, due back %(date)s.")
                    % {"person": document.person, "date": loan.due_back.isoformat()},
                )
        return redirect(request.POST.get("next") or reverse("travel:passport.list"))


class PassportCheckInView(RulePermissionMixin, View):
    permission_required = "travel.manage_passport"

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        loan = get_object_or_404(PassportLoan, pk=pk)
        try:
            services.passport_check_in(loan, request.user)
        except ValidationError as error:
            _errors(request, error)
        else:
            messages.success(request, _("The passport is back in custody."))
        return redirect(request.POST.get("next") or reverse("travel:passport.list"))


# Plans ----------------------------------------------------------------------------------------


class PlanListView(RulePermissionMixin, FilteredListView):
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


class _PlanFormMixin(RulePermissionMixin):
    permission_required = "travel.change_plan"
    form_class = forms.PlannedTripForm
    template_name = "travel/plan/form.html"

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs["units"] = queries.plan_units_for_user(self.request.user)
        return kwargs

    def form_valid(self, form: Any) -> HttpResponse:
        form.save()
        messages.success(self.request, _("The planned trip has been saved."))
        return redirect("travel:plan.list")


class PlanCreateView(_PlanFormMixin, CreateView):
    def get_initial(self) -> dict[str, Any]:
        return {"year": clock.today().year + 1, "unit": self.request.user.units.first()}


class PlanUpdateView(_PlanFormMixin, UpdateView):
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
        try:
            year = int(self.request.GET.get("year") or clock.today().year)
        except ValueError:
            year = clock.today().year
        context["year"] = year
        context["years"] = range(clock.today().year + 1, clock.today().year - 5, -1)
        context["rows"] = queries.plan_against_actual(year, self.request.user)
        return context


# Calendar -------------------------------------------------------------------------------------


class CalendarView(RulePermissionMixin, View):
    """Shows the user's calendar address; POST makes a new one (the old stops working)."""

    permission_required = "travel.view_trip"

    def get(self, request: HttpRequest) -> HttpResponse:
        token = services.calendar_token_for(request.user)
        url = request.build_absolute_uri(reverse("travel:calendar.feed", args=[token]))
        return render(request, "travel/trip/calendar.html", {"feed_url": url})

    def post(self, request: HttpRequest) -> HttpResponse:
        services.calendar_token_for(request.user, renew=True)
        messages.success(request, _("A new calendar address has been made."))
        return redirect("travel:calendar")


def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """The iCalendar feed; the secret token in the address is the only key."""
    from waishi.travel.models import CalendarToken

    found = CalendarToken.objects.filter(token=token).select_related("user").first()
    if found is None or not found.user.is_active:
        raise Http404
    body = documents.calendar_ics(found.user, request.build_absolute_uri("/"))
    return HttpResponse(body, content_type="text/calendar; charset=utf-8")
