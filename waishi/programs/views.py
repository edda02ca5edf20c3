"""Pages of cooperative programs: staff pages under /staff/programs/ and the public list at
/programs/. Rows come from `queries.programs_for_user`, so a program out of scope is 404."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django.views import View
from django.views.generic import DetailView, ListView
from django.views.generic.base import ContextMixin

from waishi.core.clock import today
from waishi.core.excel import workbook_response
from waishi.core.history import history_entries
from waishi.core.listing import FilteredListView
from waishi.core.mixins import RulePermissionMixin, ServiceFormView
from waishi.core.names import name_order
from waishi.core.permissions import acting_user
from waishi.programs import charts, excel, queries, services
from waishi.programs.forms import CohortForm, ProgramEndForm, ProgramForm
from waishi.programs.models import Cohort, Program


class ProgramListView(RulePermissionMixin, FilteredListView[Program]):
    permission_required = "programs.view_program"
    template_name = "programs/program/list.html"
    partial_template_name = "programs/program/_results.html"
    filterset_class = queries.ProgramFilter
    sort_options = {
        "name": (_("Name"), ["name_zh", "pk"]),
        "status": (pgettext_lazy("program", "Status"), ["status", "name_zh", "pk"]),
        "college": (_("Home college"), ["home_unit__name_zh", "name_zh", "pk"]),
        "valid_until": (_("Approval ends first"), ["valid_until", "name_zh", "pk"]),
        "updated": (_("Recently changed"), ["-updated_at", "pk"]),
    }

    def get_base_queryset(self) -> QuerySet[Program]:
        return queries.programs_for_user(self.request.user)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["export_query"] = self.request.GET.urlencode()
        return context


class ProgramExportView(ProgramListView):
    """The list as filtered and sorted, as .xlsx (cohorts in a second sheet)."""

    permission_required = "programs.export_program"

    # The export answers with the file, not the page.
    def get(  # type: ignore[override]
        self, request: HttpRequest, *args: Any, **kwargs: Any
    ) -> FileResponse:
        buffer = excel.export_workbook(self.get_queryset())
        return workbook_response(buffer, f"programs-{today().isoformat()}.xlsx")


class ProgramDetailView(RulePermissionMixin, DetailView[Program]):
    permission_required = "programs.view_program"
    template_name = "programs/program/detail.html"
    context_object_name = "program"

    def get_queryset(self) -> QuerySet[Program]:
        return queries.programs_for_user(self.request.user)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["figures"] = queries.cohort_figures(self.object)
        context["history"] = history_entries(self.object)
        return context


class _ProgramMixin(RulePermissionMixin, ContextMixin, View):
    """A view about one program the user may see (404 otherwise)."""

    @cached_property
    def program(self) -> Program:
        # Looked up after the permission check, so a refusal stays a 403.
        return get_object_or_404(queries.programs_for_user(self.request.user), pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["program"] = self.program
        return context


class ProgramChartView(_ProgramMixin, View):
    """Quota against enrolment per year as an SVG image (see charts.py)."""

    permission_required = "programs.view_program"

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        svg = charts.cohort_chart(queries.cohort_figures(self.program))
        response = HttpResponse(svg, content_type="image/svg+xml; charset=utf-8")
        response["Cache-Control"] = "private, max-age=60"
        return response


class ProgramCreateView(RulePermissionMixin, ServiceFormView[ProgramForm]):
    permission_required = "programs.add_program"
    template_name = "programs/program/form.html"
    form_class = ProgramForm
    success_message = _("The program has been recorded.")

    def get_initial(self) -> dict[str, Any]:
        return {"responsible": self.request.user.pk}

    def perform(self, form: ProgramForm) -> Program:
        return services.program_create(by=acting_user(self.request), **form.cleaned_data)


class ProgramUpdateView(_ProgramMixin, ServiceFormView[ProgramForm]):
    permission_required = "programs.change_program"
    template_name = "programs/program/form.html"
    form_class = ProgramForm
    success_message = _("The program has been saved.")

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = self.program
        return kwargs

    def perform(self, form: ProgramForm) -> Program:
        fresh = Program.objects.get(pk=self.program.pk)
        services.program_update(fresh, by=acting_user(self.request), **form.cleaned_data)
        return fresh


class ProgramEndView(_ProgramMixin, ServiceFormView[ProgramEndForm]):
    permission_required = "programs.end_program"
    template_name = "programs/program/end.html"
    form_class = ProgramEndForm
    success_message = _("The program has been ended.")

    def perform(self, form: ProgramEndForm) -> Program:
        services.program_end(self.program, by=acting_user(self.request), **form.cleaned_data)
        return self.program


class CohortEditView(_ProgramMixin, ServiceFormView[CohortForm]):
    permission_required = "programs.change_cohort"
    template_name = "programs/cohort/form.html"
    form_class = CohortForm
    success_message = _("The cohort has been saved.")

    def get_cohort(self) -> Cohort | None:
        if "cohort_pk" not in self.kwargs:
            return None
        return get_object_or_404(self.program.cohorts, pk=self.kwargs["cohort_pk"])

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = self.get_cohort()
        if kwargs["instance"] is None:
            kwargs["initial"] = {"intake_year": today().year, "quota": self.program.annual_quota}
        return kwargs

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["cohort"] = self.get_cohort()
        return context

    def perform(self, form: CohortForm) -> str:
        cohort = self.get_cohort()
        if cohort is not None:
            cohort = Cohort.objects.get(pk=cohort.pk)
        services.cohort_save(
            self.program, by=acting_user(self.request), cohort=cohort, **form.cleaned_data
        )
        return self.program.get_absolute_url() + "#cohorts"


class PublicProgramListView(ListView[Program]):
    """The public page: the programs running today, in the visitor's language, a page of
    cards at a time (counted and cut by the database, however many programs run)."""

    template_name = "programs/public/list.html"
    context_object_name = "programs"
    paginate_by = 24

    def get_queryset(self) -> QuerySet[Program]:
        return queries.programs_public().order_by("level", *name_order(), "pk")
