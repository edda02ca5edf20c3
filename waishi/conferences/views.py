"""The conferences app's pages (under /staff/conferences/): the list, a conference with every
version, its approval and filings, the declaration and change forms (the office's rules shown
as the user types), and the forecasts."""

from __future__ import annotations

import os
from typing import IO, TYPE_CHECKING, Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch, Q, QuerySet
from django.http import FileResponse, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django_stubs_ext import StrOrPromise

from waishi.conferences import approval, figures, forms, queries, services
from waishi.conferences.enums import EDITABLE, VersionStatus
from waishi.conferences.models import (
    Conference,
    ConferenceVersion,
    ExternalFiling,
    Forecast,
    Organiser,
)
from waishi.core import clock
from waishi.core.forms import apply_service_errors
from waishi.core.history import history_entries
from waishi.core.listing import FilteredListView, YearFiguresView
from waishi.core.mixins import RulePermissionMixin, ServiceFormView
from waishi.core.models import Unit, User
from waishi.core.pagination import CountingPaginator
from waishi.core.permissions import acting_user
from waishi.core.uploads import file_response

if TYPE_CHECKING:
    from django.core.paginator import _SupportsPagination

SAVE_FAILED = gettext_lazy("Please correct the errors below; nothing has been saved.")


def conference_or_404(request: HttpRequest, pk: int) -> Conference:
    return get_object_or_404(queries.conferences_for_user(request.user), pk=pk)


def show_errors(request: HttpRequest, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


class ConferenceListView(RulePermissionMixin, FilteredListView[Conference]):
    permission_required = "conferences.view_conference"
    template_name = "conferences/conference/list.html"
    partial_template_name = "conferences/conference/_results.html"
    filterset_class = queries.ConferenceFilter
    sort_options = {
        "start": (gettext_lazy("Start, latest first"), queries.BY_START),
        "start_asc": (gettext_lazy("Start, earliest first"), queries.BY_START_ASC),
        "updated": (gettext_lazy("Recently changed"), ["-updated_at", "-pk"]),
    }

    def get_base_queryset(self) -> QuerySet[Conference]:
        return queries.conferences_for_user(self.request.user)

    def get_queryset(self) -> QuerySet[Conference]:
        # Counted without the join to the versions (every conference has its current one);
        # read, a page at a time, through it (`queries.listed`).
        self.counted = super().get_queryset()
        return queries.listed(self.counted)

    def get_paginator(
        self,
        queryset: _SupportsPagination[Conference],
        per_page: int,
        orphans: int = 0,
        allow_empty_first_page: bool = True,
        **kwargs: Any,
    ) -> CountingPaginator:
        return super().get_paginator(
            queryset, per_page, orphans, allow_empty_first_page, counted=self.counted
        )


# A conference -------------------------------------------------------------------------------


class ConferenceDetailView(RulePermissionMixin, View):
    permission_required = "conferences.view_conference"

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        conference = get_object_or_404(
            queries.conferences_for_user(request.user).select_related("forecast"), pk=pk
        )
        user = acting_user(request)
        versions = list(
            conference.versions.select_related("created_by")
            .prefetch_related(
                Prefetch("organisers", Organiser.objects.select_related("institution")),
                "countries",
                "filings",
            )
            .order_by("-number")
        )
        # The current version as read here, with its organisers and countries: the
        # assessment reads them from it rather than asking again.
        current = next((v for v in versions if v.pk == conference.current_version_id), None)
        if current is not None:
            conference.current_version = current
        version = conference.current_version
        may_edit = user.has_perm("conferences.edit_conference", conference)
        assessment = services.conference_assessment(conference) if version else None
        context = {
            "conference": conference,
            "version": current,
            "versions": versions,
            "assessment": assessment,
            "may_edit": may_edit,
            "may_withdraw": user.has_perm("conferences.withdraw_conference", conference),
            "may_change": user.has_perm("conferences.change_approved_conference", conference),
            "may_file": user.has_perm("conferences.manage_conference")
            and version is not None
            and version.status in (VersionStatus.APPROVED, VersionStatus.SUPERSEDED),
            "approval_kind": approval.KIND,
            "is_public": queries.public_version(conference.pk) is not None,
            "may_open_registration": user.has_perm("conferences.open_registration", conference),
            "may_review_registrations": user.has_perm(
                "conferences.review_registration", conference
            ),
            "has_filings": any(v.filings.all() for v in versions),
            "history": history_entries(conference),
            "today": clock.today(),
        }
        return render(request, "conferences/conference/detail.html", context)


class _DeclarationBase(RulePermissionMixin, View):
    """The declaration form and its edits: the office's rules are shown as the user types
    (htmx asks `AssessView`) and, without JavaScript, with the button “Check”."""

    permission_required = "conferences.add_conference"
    template_name = "conferences/conference/form.html"

    def conference(self, request: HttpRequest, pk: int | None) -> Conference | None:
        if pk is None:
            return None
        conference = conference_or_404(request, pk)
        if not request.user.has_perm("conferences.change_conference", conference):
            raise PermissionDenied
        return conference

    def version_form(
        self, request: HttpRequest, conference: Conference | None, data: QueryDict | None
    ) -> forms.VersionForm:
        user = acting_user(request)
        version = conference.current_version if conference is not None else None
        initial: dict[str, Any] = {}
        if conference is None:
            initial["responsible"] = queries.responsibles_for_user(user).filter(user=user).first()
            initial["unit"] = queries.units_for_user(user).first()
        else:
            initial = {
                "unit": conference.unit,
                "responsible": conference.responsible,
                "forecast": conference.forecast,
            }
        if version is not None and version.number > 1:
            return forms.ChangeForm(data, instance=version)
        units = queries.units_for_user(user)
        unit_ids = list(units.values_list("pk", flat=True))
        if conference is not None:
            unit_ids.append(conference.unit_id)
        forecasts = Forecast.objects.filter(unit_id__in=unit_ids, conference__isnull=True)
        if conference is not None and conference.forecast_id:
            forecasts = forecasts | Forecast.objects.filter(pk=conference.forecast_id)
        return forms.DeclarationForm(
            data,
            instance=version,
            initial=initial,
            units=units,
            responsibles=queries.responsibles_for_user(user),
            forecasts=forecasts.select_related("unit").order_by("-year", "name"),
            keep_responsible=conference.responsible if conference is not None else None,
        )

    def organiser_formset(self, conference: Conference | None, data: QueryDict | None) -> Any:
        initial = []
        if conference is not None and conference.current_version is not None:
            initial = [
                {
                    "institution": organiser.institution,
                    "name": organiser.name,
                    "role": organiser.role,
                    "overseas_ngo": organiser.overseas_ngo,
                }
                for organiser in conference.current_version.organisers.all()
            ]
        return forms.OrganiserFormSet(data, initial=initial, prefix="organisers")

    def render_form(
        self,
        request: HttpRequest,
        conference: Conference | None,
        form: forms.VersionForm,
        organisers: Any,
        assessment: services.Assessment | None = None,
        status: int = 200,
    ) -> HttpResponse:
        if assessment is None:
            assessment = assessment_of(request, form, organisers, conference)
        return render(
            request,
            self.template_name,
            {
                "conference": conference,
                "form": form,
                "organisers": organisers,
                "assessment": assessment,
                "is_change": isinstance(form, forms.ChangeForm),
            },
            status=status,
        )


def assessment_of(
    request: HttpRequest,
    form: forms.VersionForm,
    organisers: Any,
    conference: Conference | None,
) -> services.Assessment | None:
    """The office's rules on what the form holds so far (its valid fields)."""
    if not form.is_bound:
        if conference is None or conference.current_version is None:
            return None
        return services.conference_assessment(conference)
    form.is_valid()
    values: dict[str, Any] = {
        name: value for name, value in form.cleaned_data.items() if name != "countries"
    }
    countries = form.cleaned_data.get("countries")
    rows = forms.organiser_rows(organisers) if organisers.is_valid() else []
    return services.form_assessment(
        values,  # type: ignore[arg-type]
        by=acting_user(request),
        conference=conference,
        organisers=rows,
        countries=list(countries) if countries else None,
    )


class ConferenceFormView(_DeclarationBase):
    """Declare a conference, or edit the version being declared (until it is submitted)."""

    def closed(self, request: HttpRequest, conference: Conference | None) -> HttpResponse | None:
        version = conference.current_version if conference is not None else None
        if conference is not None and (version is None or version.status not in EDITABLE):
            messages.error(
                request,
                _("This declaration has been submitted (%(status)s) and can no longer be edited.")
                % {"status": conference.get_status_display()},
            )
            return redirect(conference)
        return None

    def get(self, request: HttpRequest, pk: int | None = None) -> HttpResponse:
        conference = self.conference(request, pk)
        if closed := self.closed(request, conference):
            return closed
        form = self.version_form(request, conference, None)
        return self.render_form(request, conference, form, self.organiser_formset(conference, None))

    def post(self, request: HttpRequest, pk: int | None = None) -> HttpResponse:
        user = acting_user(request)
        conference = self.conference(request, pk)
        if closed := self.closed(request, conference):
            return closed
        form = self.version_form(request, conference, request.POST)
        organisers = self.organiser_formset(conference, request.POST)
        if "check" in request.POST:
            return self.render_form(request, conference, form, organisers)
        valid = form.is_valid()
        valid = organisers.is_valid() and valid
        if not valid:
            messages.error(request, SAVE_FAILED)
            return self.render_form(request, conference, form, organisers)
        values = form.values()
        countries = list(form.cleaned_data.get("countries") or [])
        rows = forms.organiser_rows(organisers)
        try:
            if conference is None:
                conference = services.conference_create(
                    by=user, organisers=rows, countries=countries, **values
                )
            else:
                services.conference_update(
                    conference, by=user, organisers=rows, countries=countries, **values
                )
        except ValidationError as error:
            apply_service_errors(form, error)
            messages.error(request, SAVE_FAILED)
            return self.render_form(request, conference, form, organisers)
        messages.success(
            request, _("The declaration has been saved. Submit it for approval when it is ready.")
        )
        return redirect(conference)


class ConferenceChangeView(_DeclarationBase):
    """Ask for a change of an approved conference: a new version, approved again."""

    permission_required = "conferences.view_conference"

    def conference_to_change(self, request: HttpRequest, pk: int) -> Conference:
        conference = conference_or_404(request, pk)
        if not request.user.has_perm("conferences.change_approved_conference", conference):
            raise PermissionDenied
        return conference

    def change_form(self, conference: Conference, data: QueryDict | None) -> forms.ChangeForm:
        version = conference.current_version
        assert version is not None
        initial = {name: getattr(version, name) for name in forms.VERSION_FIELDS}
        initial["countries"] = list(version.countries.all())
        return forms.ChangeForm(data, initial=initial)

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        conference = self.conference_to_change(request, pk)
        form = self.change_form(conference, None)
        return self.render_form(request, conference, form, self.organiser_formset(conference, None))

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        user = acting_user(request)
        conference = self.conference_to_change(request, pk)
        form = self.change_form(conference, request.POST)
        organisers = self.organiser_formset(conference, request.POST)
        if "check" in request.POST:
            return self.render_form(request, conference, form, organisers)
        valid = form.is_valid()
        valid = organisers.is_valid() and valid
        if not valid:
            messages.error(request, SAVE_FAILED)
            return self.render_form(request, conference, form, organisers)
        try:
            services.conference_change(
                conference,
                by=user,
                organisers=forms.organiser_rows(organisers),
                countries=list(form.cleaned_data.get("countries") or []),
                **form.values(),
            )
        except ValidationError as error:
            apply_service_errors(form, error)
            messages.error(request, SAVE_FAILED)
            return self.render_form(request, conference, form, organisers)
        messages.success(
            request,
            _("The change is a new version, kept as a draft. Submit it to have it approved."),
        )
        return redirect(conference)


class AssessView(_DeclarationBase):
    """What the office's rules say of the form as typed so far (htmx asks as the user types;
    the form's own values, nothing saved)."""

    template_name = "conferences/conference/_assessment.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        pk = request.GET.get("conference", "")
        conference = self.conference(request, int(pk)) if pk.isdigit() else None
        data = request.GET.copy()
        version = conference.current_version if conference is not None else None
        if version is not None and version.status not in EDITABLE:
            # The change page: a new version of an approved conference.
            form: forms.VersionForm = forms.ChangeForm(data)
        else:
            form = self.version_form(request, conference, data)
        organisers = self.organiser_formset(conference, data)
        return render(
            request,
            self.template_name,
            {"assessment": assessment_of(request, form, organisers, conference)},
        )


class ConferenceActionView(RulePermissionMixin, View):
    """A POST that calls one service on a conference and returns to its page with a
    message."""

    permission_required = "conferences.view_conference"
    conference_permission = "conferences.change_conference"
    success_message: StrOrPromise = ""

    def act(self, user: User, conference: Conference) -> None:
        raise NotImplementedError

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        conference = conference_or_404(request, pk)
        if not request.user.has_perm(self.conference_permission, conference):
            raise PermissionDenied
        try:
            self.act(acting_user(request), conference)
        except ValidationError as error:
            show_errors(request, error)
        else:
            messages.success(request, self.success_message)
        return redirect(conference)


class ConferenceSubmitView(ConferenceActionView):
    success_message = gettext_lazy("The declaration has been submitted for approval.")

    def act(self, user: User, conference: Conference) -> None:
        services.conference_submit(conference, by=user)


class ConferenceWithdrawView(ConferenceActionView):
    success_message = gettext_lazy("The declaration has been withdrawn.")

    def act(self, user: User, conference: Conference) -> None:
        services.conference_withdraw(conference, by=user)


# The external filing ------------------------------------------------------------------------


class FilingAddView(RulePermissionMixin, ServiceFormView[forms.FilingForm]):
    permission_required = "conferences.manage_conference"
    template_name = "conferences/filing/form.html"
    form_class = forms.FilingForm
    success_message = gettext_lazy("The external filing has been recorded.")

    @cached_property
    def version(self) -> ConferenceVersion:
        conference = conference_or_404(self.request, self.kwargs["pk"])
        version = conference.current_version
        if version is None:
            raise PermissionDenied
        if version.status not in (VersionStatus.APPROVED, VersionStatus.SUPERSEDED):
            approved = conference.approved_version()
            if approved is None:
                raise PermissionDenied
            return approved
        return version

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["version"] = self.version
        context["conference"] = self.version.conference
        return context

    def perform(self, form: forms.FilingForm) -> str:
        data = form.cleaned_data
        services.filing_record(
            self.version,
            by=acting_user(self.request),
            authority=data["authority"],
            number=data.get("number") or "",
            filed_on=data["filed_on"],
            file=data.get("file") or None,
        )
        return self.version.conference.get_absolute_url() + "#filings"


class FilingFileView(RulePermissionMixin, View):
    permission_required = "conferences.view_conference"

    def get(self, request: HttpRequest, pk: int, filing_pk: int) -> FileResponse:
        conference = conference_or_404(request, pk)
        filing = get_object_or_404(ExternalFiling, version__conference=conference, pk=filing_pk)
        if not filing.file:
            raise PermissionDenied
        suffix = os.path.splitext(filing.file.name)[1]
        return file_response(filing.file, f"{conference.reference}-{filing.pk}{suffix}")


# Forecasts -------------------------------------------------------------------------------------


class ForecastListView(RulePermissionMixin, FilteredListView[Forecast]):
    permission_required = "conferences.view_forecast"
    template_name = "conferences/forecast/list.html"
    partial_template_name = "conferences/forecast/_results.html"
    filterset_class = queries.ForecastFilter
    sort_options = {
        "entered": (gettext_lazy("Latest entered first"), ["-pk"]),
        "year": (gettext_lazy("Year, latest first"), ["-year", "expected_month", "pk"]),
        "updated": (gettext_lazy("Recently changed"), ["-updated_at", "-pk"]),
    }

    def get_base_queryset(self) -> QuerySet[Forecast]:
        return queries.forecasts_for_user(self.request.user).select_related("conference")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        from waishi.conferences import policy

        context = super().get_context_data(**kwargs)
        today = clock.today()
        context["window"] = policy.forecast_window_on(today)
        context["next_window"] = policy.next_forecast_window(today)
        return context


class ForecastFormView(RulePermissionMixin, ServiceFormView[forms.ForecastForm]):
    permission_required = "conferences.add_forecast"
    template_name = "conferences/forecast/form.html"
    form_class = forms.ForecastForm
    success_message = gettext_lazy("The forecast has been saved.")

    @cached_property
    def forecast(self) -> Forecast | None:
        pk = self.kwargs.get("forecast_pk")
        if pk is None:
            return None
        forecast = get_object_or_404(queries.forecasts_for_user(self.request.user), pk=pk)
        if not self.request.user.has_perm("conferences.change_forecast", forecast):
            raise PermissionDenied
        return forecast

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        user = acting_user(self.request)
        units = queries.units_for_user(user)
        if self.forecast is not None:
            units = Unit.objects.filter(Q(pk__in=units.values("pk")) | Q(pk=self.forecast.unit_id))
        kwargs["units"] = units
        kwargs["instance"] = self.forecast
        if self.forecast is None:
            kwargs.setdefault("initial", {})["unit"] = units.first()
        return kwargs

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        from waishi.conferences import policy

        context = super().get_context_data(**kwargs)
        context["forecast"] = self.forecast
        context["window"] = policy.forecast_window_on(clock.today())
        context["next_window"] = policy.next_forecast_window(clock.today())
        return context

    def perform(self, form: forms.ForecastForm) -> str:
        user = acting_user(self.request)
        values: dict[str, Any] = dict(form.cleaned_data)
        if self.forecast is None:
            services.forecast_create(by=user, **values)
        else:
            services.forecast_update(self.forecast, by=user, **values)
        return reverse("conferences:forecast.list")


# Figures --------------------------------------------------------------------------------------


class FiguresView(YearFiguresView):
    """A year's conferences by size class, unit, discipline, format and country; Hong Kong,
    Macao and Taiwan apart."""

    permission_required = "conferences.export_conference"
    template_name = "conferences/figures/page.html"
    filename = "conferences-figures-{year}.xlsx"

    def count(self, request: HttpRequest, year: int) -> figures.Figures:
        return figures.figures(request.user, year)

    def workbook(self, found: figures.Figures) -> IO[bytes]:
        return figures.export_workbook(found)
