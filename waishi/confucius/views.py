"""Pages of Confucius Institutes: staff pages under /staff/confucius-institutes/ and the
public list at /confucius-institutes/. Rows come from `queries.institutes_for_user`."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import FileResponse, HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django.views import View
from django.views.generic import DetailView, ListView
from django.views.generic.base import ContextMixin

from waishi.confucius import excel, queries, services
from waishi.confucius.forms import DispatchForm, FiguresForm, InstituteCloseForm, InstituteForm
from waishi.confucius.models import Dispatch, Institute, YearlyFigures
from waishi.core.clock import today
from waishi.core.excel import workbook_response
from waishi.core.history import history_entries
from waishi.core.listing import FilteredListView
from waishi.core.mixins import RulePermissionMixin, ServiceFormView
from waishi.core.permissions import acting_user


class InstituteListView(RulePermissionMixin, FilteredListView[Institute]):
    permission_required = "confucius.view_institute"
    template_name = "confucius/institute/list.html"
    partial_template_name = "confucius/institute/_results.html"
    filterset_class = queries.InstituteFilter
    sort_options = {
        "name": (_("Name"), ["name_zh", "pk"]),
        "country": (_("Country"), ["country__name_en", "name_zh", "pk"]),
        "founded": (_("Founded (oldest first)"), ["founded_on", "name_zh", "pk"]),
        "status": (pgettext_lazy("institute", "Status"), ["status", "name_zh", "pk"]),
    }

    def get_base_queryset(self) -> QuerySet[Institute]:
        return queries.institutes_listed(self.request.user)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["export_query"] = self.request.GET.urlencode()
        return context


class InstituteExportView(InstituteListView):
    permission_required = "confucius.export_institute"

    def get_base_queryset(self) -> QuerySet[Institute]:
        # The workbook names the directors too.
        return queries.with_abroad_count(queries.institutes_for_user(self.request.user))

    # The export answers with the file, not the page.
    def get(  # type: ignore[override]
        self, request: HttpRequest, *args: Any, **kwargs: Any
    ) -> FileResponse:
        buffer = excel.export_workbook(self.get_queryset())
        return workbook_response(buffer, f"confucius-institutes-{today().isoformat()}.xlsx")


class AbroadListView(RulePermissionMixin, FilteredListView[Dispatch]):
    """Who is abroad now, across the institutes the user may see."""

    permission_required = "confucius.view_institute"
    template_name = "confucius/dispatch/abroad.html"
    partial_template_name = "confucius/dispatch/_abroad_results.html"
    filterset_class = queries.DispatchFilter
    sort_options = {
        "ends": (_("Term ends first"), ["ends_on", "pk"]),
        "started": (_("Left most recently"), ["-starts_on", "pk"]),
    }

    def get_base_queryset(self) -> QuerySet[Dispatch]:
        return queries.abroad_now(queries.dispatches_for_user(self.request.user))

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["today"] = today()
        return context


class InstituteDetailView(RulePermissionMixin, DetailView[Institute]):
    permission_required = "confucius.view_institute"
    template_name = "confucius/institute/detail.html"
    context_object_name = "institute"

    def get_queryset(self) -> QuerySet[Institute]:
        return queries.institutes_for_user(self.request.user)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        dispatches = self.object.dispatches.select_related("person")
        abroad = set(queries.abroad_now(dispatches).values_list("pk", flat=True))
        context["dispatches"] = [(d, d.pk in abroad) for d in dispatches]
        context["abroad_count"] = len(abroad)
        context["figures"] = self.object.figures.order_by("-year")
        context["history"] = history_entries(self.object)
        context["today"] = today()
        return context


class _InstituteMixin(RulePermissionMixin, ContextMixin, View):
    @cached_property
    def institute(self) -> Institute:
        return get_object_or_404(
            queries.institutes_for_user(self.request.user), pk=self.kwargs["pk"]
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["institute"] = self.institute
        return context


class InstituteCreateView(RulePermissionMixin, ServiceFormView[InstituteForm]):
    permission_required = "confucius.add_institute"
    template_name = "confucius/institute/form.html"
    form_class = InstituteForm
    success_message = _("The institute has been recorded.")

    def perform(self, form: InstituteForm) -> Institute:
        return services.institute_create(by=acting_user(self.request), **form.cleaned_data)


class InstituteUpdateView(_InstituteMixin, ServiceFormView[InstituteForm]):
    permission_required = "confucius.change_institute"
    template_name = "confucius/institute/form.html"
    form_class = InstituteForm
    success_message = _("The institute has been saved.")

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = self.institute
        return kwargs

    def perform(self, form: InstituteForm) -> Institute:
        fresh = Institute.objects.get(pk=self.institute.pk)
        services.institute_update(fresh, by=acting_user(self.request), **form.cleaned_data)
        return fresh


class InstituteCloseView(_InstituteMixin, ServiceFormView[InstituteCloseForm]):
    permission_required = "confucius.close_institute"
    template_name = "confucius/institute/close.html"
    form_class = InstituteCloseForm
    success_message = _("The institute has been closed.")

    def perform(self, form: InstituteCloseForm) -> Institute:
        services.institute_close(self.institute, by=acting_user(self.request), **form.cleaned_data)
        return self.institute


class DispatchEditView(_InstituteMixin, ServiceFormView[DispatchForm]):
    permission_required = "confucius.change_dispatch"
    template_name = "confucius/dispatch/form.html"
    form_class = DispatchForm
    success_message = _("The posting has been saved.")

    def get_dispatch(self) -> Dispatch | None:
        if "dispatch_pk" not in self.kwargs:
            return None
        return get_object_or_404(self.institute.dispatches, pk=self.kwargs["dispatch_pk"])

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = self.get_dispatch()
        return kwargs

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["dispatch"] = self.get_dispatch()
        return context

    def perform(self, form: DispatchForm) -> str:
        existing = self.get_dispatch()
        if existing is not None:
            existing = Dispatch.objects.get(pk=existing.pk)
        services.dispatch_save(
            self.institute, by=acting_user(self.request), dispatch=existing, **form.cleaned_data
        )
        return self.institute.get_absolute_url() + "#staff-sent"


class FiguresEditView(_InstituteMixin, ServiceFormView[FiguresForm]):
    permission_required = "confucius.change_figures"
    template_name = "confucius/figures/form.html"
    form_class = FiguresForm
    success_message = _("The figures have been saved.")

    def get_figures(self) -> YearlyFigures | None:
        if "figures_pk" not in self.kwargs:
            return None
        return get_object_or_404(self.institute.figures, pk=self.kwargs["figures_pk"])

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = self.get_figures()
        if kwargs["instance"] is None:
            kwargs["initial"] = {"year": today().year - 1}
        return kwargs

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["figures"] = self.get_figures()
        return context

    def perform(self, form: FiguresForm) -> str:
        existing = self.get_figures()
        if existing is not None:
            existing = YearlyFigures.objects.get(pk=existing.pk)
        services.figures_save(
            self.institute, by=acting_user(self.request), figures=existing, **form.cleaned_data
        )
        return self.institute.get_absolute_url() + "#figures"


class PublicInstituteListView(ListView[Institute]):
    """The public page: the institutes operating, a page of cards at a time (counted and cut
    by the database, however many there are)."""

    template_name = "confucius/public/list.html"
    context_object_name = "institutes"
    paginate_by = 24

    def get_queryset(self) -> QuerySet[Institute]:
        return queries.institutes_public().order_by("founded_on", "name_zh", "pk")
