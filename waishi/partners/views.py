"""Staff pages of the partner registry. Each view parses, calls one query or service, and
answers; rows come from `queries.institutions_for_user` so an out-of-scope record is 404."""

from __future__ import annotations

from typing import IO, Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import FileResponse, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, pgettext_lazy
from django.views import View
from django.views.generic import DetailView, FormView
from django.views.generic.base import ContextMixin

from waishi.core import imports
from waishi.core.clock import today
from waishi.core.excel import spool, workbook_response
from waishi.core.forms import apply_service_errors
from waishi.core.history import history_entries
from waishi.core.listing import FilteredListView
from waishi.core.mixins import RulePermissionMixin, ServiceFormView
from waishi.core.permissions import acting_user
from waishi.partners import excel, hooks, queries, services
from waishi.partners.forms import (
    ContactForm,
    InstitutionEndForm,
    InstitutionForm,
    MergeChooseForm,
    OtherNameForm,
)
from waishi.partners.models import Contact, Institution, InstitutionName


class InstitutionListView(RulePermissionMixin, FilteredListView[Institution]):
    permission_required = "partners.view_institution"
    template_name = "partners/institution/list.html"
    partial_template_name = "partners/institution/_results.html"
    filterset_class = queries.InstitutionFilter
    sort_options = {
        "name": (_("Name"), ["shown_name", "pk"]),
        "country": (_("Country"), ["shown_country", "shown_name", "pk"]),
        "status": (pgettext_lazy("partner", "Status"), ["status", "shown_name", "pk"]),
        "since": (_("Partner since (newest)"), ["-partner_since", "shown_name", "pk"]),
        "updated": (_("Recently changed"), ["-updated_at", "pk"]),
    }

    def get_base_queryset(self) -> QuerySet[Institution]:
        return queries.with_shown_names(queries.institutions_for_user(self.request.user))

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["export_query"] = self.request.GET.urlencode()
        return context


class InstitutionExportView(InstitutionListView):
    """The list as filtered and sorted, as .xlsx (with the contacts in a second sheet)."""

    # The export answers with the file, not the page.
    def get(  # type: ignore[override]
        self, request: HttpRequest, *args: Any, **kwargs: Any
    ) -> FileResponse:
        buffer = spool()
        excel.export_workbook(self.get_queryset(), buffer)
        buffer.seek(0)
        return workbook_response(buffer, f"partners-{today().isoformat()}.xlsx")


class InstitutionDetailView(RulePermissionMixin, DetailView[Institution]):
    permission_required = "partners.view_institution"
    template_name = "partners/institution/detail.html"
    context_object_name = "institution"

    def get_queryset(self) -> QuerySet[Institution]:
        return queries.institutions_for_user(self.request.user)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        institution, user = self.object, self.request.user
        context["contacts"] = queries.contacts_of(institution)
        context["other_names"] = institution.other_names.all()
        context["sections"] = hooks.sections_for(institution, user)
        context["history"] = history_entries(institution)
        return context


class _InstitutionFormView(ServiceFormView[InstitutionForm]):
    def show_refusal(self, form: InstitutionForm, error: ValidationError) -> None:
        if isinstance(error, services.DuplicateInstitution):
            form.duplicate = error.existing  # the form links to the first record
            form.add_error(None, error.messages)
        else:
            super().show_refusal(form, error)


class InstitutionCreateView(RulePermissionMixin, _InstitutionFormView):
    permission_required = "partners.add_institution"
    template_name = "partners/institution/form.html"
    form_class = InstitutionForm
    success_message = _("The partner has been added.")

    def get_initial(self) -> dict[str, Any]:
        return {"responsible": self.request.user.pk}

    def perform(self, form: InstitutionForm) -> Institution:
        return services.institution_create(by=acting_user(self.request), **form.cleaned_data)


class _InstitutionMixin(RulePermissionMixin, ContextMixin, View):
    """A view about one institution the user may see (404 otherwise)."""

    @cached_property
    def institution(self) -> Institution:
        # Looked up after the permission check of dispatch(), so a refusal stays a 403.
        return get_object_or_404(
            queries.institutions_for_user(self.request.user), pk=self.kwargs["pk"]
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["institution"] = self.institution
        return context


class InstitutionUpdateView(_InstitutionMixin, _InstitutionFormView):
    permission_required = "partners.change_institution"
    template_name = "partners/institution/form.html"
    form_class = InstitutionForm
    success_message = _("The partner has been saved.")

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = self.institution
        return kwargs

    def perform(self, form: InstitutionForm) -> Institution:
        # The form changed the instance in memory; the service writes from a fresh copy.
        fresh = Institution.objects.get(pk=self.institution.pk)
        services.institution_update(fresh, by=acting_user(self.request), **form.cleaned_data)
        return fresh


class InstitutionEndView(_InstitutionMixin, ServiceFormView[InstitutionEndForm]):
    permission_required = "partners.end_institution"
    template_name = "partners/institution/end.html"
    form_class = InstitutionEndForm
    success_message = _("The partnership has been ended.")

    def perform(self, form: InstitutionEndForm) -> Institution:
        services.institution_end(
            self.institution,
            by=acting_user(self.request),
            ended_on=form.cleaned_data["ended_on"],
            reason=form.cleaned_data["reason"],
        )
        return self.institution


class InstitutionMergeView(_InstitutionMixin, FormView[MergeChooseForm]):
    """Step 1: find the duplicate (search by any name; by default the partners in the same
    country); step 2: ?duplicate=ID shows what will move; step 3: POST with confirm=1
    merges."""

    permission_required = "partners.merge_institution"
    template_name = "partners/institution/merge.html"
    form_class = MergeChooseForm
    candidate_limit = 20

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs.update(survivor=self.institution, user=self.request.user)
        if self.request.method == "GET" and "duplicate" in self.request.GET:
            kwargs["data"] = self.request.GET
        return kwargs

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        form = context["form"]
        query = self.request.GET.get("q", "").strip()
        candidates = queries.institutions_for_user(self.request.user).exclude(
            pk=self.institution.pk
        )
        if query:
            candidates = queries.institution_search(candidates, query)
        else:
            candidates = candidates.filter(country=self.institution.country_id)
        context["q"] = query
        context["candidates"] = candidates.order_by("name_en", "pk")[: self.candidate_limit]
        if form.is_bound and form.is_valid():
            context["plan"] = services.institution_merge_plan(
                form.cleaned_data["duplicate"], self.institution
            )
        return context

    def form_valid(self, form: MergeChooseForm) -> HttpResponse:
        if self.request.POST.get("confirm") != "1":
            return self.render_to_response(self.get_context_data(form=form))
        duplicate = form.cleaned_data["duplicate"]
        services.institution_merge(duplicate, self.institution, by=acting_user(self.request))
        messages.success(
            self.request,
            _("“%(name)s” has been merged into this partner.") % {"name": duplicate.name_en},
        )
        return HttpResponseRedirect(self.institution.get_absolute_url())


# Contacts and other names -----------------------------------------------------------------


class ContactEditView(_InstitutionMixin, FormView[ContactForm]):
    permission_required = "partners.change_contact"
    template_name = "partners/contact/form.html"
    form_class = ContactForm

    def get_contact(self) -> Contact | None:
        if "contact_pk" not in self.kwargs:
            return None
        return get_object_or_404(self.institution.contacts, pk=self.kwargs["contact_pk"])

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = self.get_contact()
        return kwargs

    def form_valid(self, form: ContactForm) -> HttpResponse:
        contact = self.get_contact()
        try:
            if contact is None:
                services.contact_add(
                    self.institution, by=acting_user(self.request), **form.cleaned_data
                )
                messages.success(self.request, _("The contact has been added."))
            else:
                services.contact_update(contact, by=acting_user(self.request), **form.cleaned_data)
                messages.success(self.request, _("The contact has been saved."))
        except ValidationError as error:
            apply_service_errors(form, error)
            return self.form_invalid(form)
        return HttpResponseRedirect(self.institution.get_absolute_url() + "#contacts")


class ContactRemoveView(_InstitutionMixin, View):
    permission_required = "partners.change_contact"

    def get(self, request: HttpRequest, pk: int, contact_pk: int) -> HttpResponse:
        contact = get_object_or_404(self.institution.contacts, pk=contact_pk)
        return render(
            request,
            "partners/contact/remove.html",
            {"institution": self.institution, "thing": contact},
        )

    def post(self, request: HttpRequest, pk: int, contact_pk: int) -> HttpResponse:
        contact = get_object_or_404(self.institution.contacts, pk=contact_pk)
        services.contact_remove(contact, by=acting_user(request))
        messages.success(request, _("The contact has been removed."))
        return HttpResponseRedirect(self.institution.get_absolute_url() + "#contacts")


class OtherNameEditView(_InstitutionMixin, FormView[OtherNameForm]):
    permission_required = "partners.change_institution"
    template_name = "partners/other_name/form.html"
    form_class = OtherNameForm

    def get_other(self) -> InstitutionName | None:
        if "name_pk" not in self.kwargs:
            return None
        return get_object_or_404(self.institution.other_names, pk=self.kwargs["name_pk"])

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = self.get_other()
        kwargs["institution"] = self.institution
        return kwargs

    def form_valid(self, form: OtherNameForm) -> HttpResponse:
        other = self.get_other()
        data = form.cleaned_data
        if other is None:
            services.other_name_add(
                self.institution, name=data["name"], kind=data["kind"], by=acting_user(self.request)
            )
            messages.success(self.request, _("The name has been added."))
        else:
            services.other_name_update(
                other, name=data["name"], kind=data["kind"], by=acting_user(self.request)
            )
            messages.success(self.request, _("The name has been saved."))
        return HttpResponseRedirect(self.institution.get_absolute_url() + "#names")


class OtherNameRemoveView(_InstitutionMixin, View):
    permission_required = "partners.change_institution"

    def get(self, request: HttpRequest, pk: int, name_pk: int) -> HttpResponse:
        other = get_object_or_404(self.institution.other_names, pk=name_pk)
        return render(
            request,
            "partners/contact/remove.html",
            {"institution": self.institution, "thing": other, "is_name": True},
        )

    def post(self, request: HttpRequest, pk: int, name_pk: int) -> HttpResponse:
        other = get_object_or_404(self.institution.other_names, pk=name_pk)
        services.other_name_remove(other, by=acting_user(request))
        messages.success(request, _("The name has been removed."))
        return HttpResponseRedirect(self.institution.get_absolute_url() + "#names")


# Excel import -----------------------------------------------------------------------------


class ImportTemplateView(imports.ImportTemplateView):
    permission_required = "partners.import_institution"
    filename = "partners-template.xlsx"

    def write_template(self, out: IO[bytes]) -> None:
        excel.template_workbook(out)


class ImportUploadView(imports.ImportUploadView):
    permission_required = "partners.import_institution"
    template_name = "partners/import/upload.html"
    register = "partners"
    help_text = _("Fill in the template; rows with an ID update that partner.")


class ImportPreviewView(imports.ImportPreviewView):
    permission_required = "partners.import_institution"
    template_name = "partners/import/preview.html"
    register = "partners"
    done_url_name = "partners:institution.list"

    def plan(self, upload: IO[bytes]) -> excel.ImportPlan:
        return excel.import_plan(upload, self.request.user)

    def apply(self, plan: excel.ImportPlan) -> str:
        institutions, contacts = excel.import_apply(plan, by=acting_user(self.request))
        return _("Imported: %(partners)s and %(contacts)s written.") % {
            "partners": ngettext("%(count)d partner", "%(count)d partners", institutions)
            % {"count": institutions},
            "contacts": ngettext("%(count)d contact", "%(count)d contacts", contacts)
            % {"count": contacts},
        }
