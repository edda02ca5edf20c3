"""Staff pages of agreements. Each view parses, calls one query or service, and answers; rows
come from `queries.agreements_for_user`, so an agreement out of scope is 404."""

from __future__ import annotations

from typing import IO, Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, pgettext_lazy
from django.views import View
from django.views.generic import DetailView, FormView
from django.views.generic.base import ContextMixin

from waishi.agreements import approval, calendar, excel, queries, services
from waishi.agreements.forms import (
    AgreementForm,
    AgreementRenewForm,
    AgreementTerminateForm,
    DocumentForm,
)
from waishi.agreements.models import Agreement, CalendarToken
from waishi.core import imports
from waishi.core.clock import today
from waishi.core.excel import spool, workbook_response
from waishi.core.forms import apply_service_errors
from waishi.core.history import history_entries
from waishi.core.listing import FilteredListView
from waishi.core.mixins import RulePermissionMixin, ServiceFormView
from waishi.core.permissions import acting_user
from waishi.core.uploads import file_response


class AgreementListView(RulePermissionMixin, FilteredListView[Agreement]):
    permission_required = "agreements.view_agreement"
    template_name = "agreements/agreement/list.html"
    partial_template_name = "agreements/agreement/_results.html"
    filterset_class = queries.AgreementFilter
    sort_options = {
        "expires": (_("Expiry (soonest first)"), ["expires_on", "pk"]),
        "signed": (_("Signed (newest first)"), ["-signed_on", "-pk"]),
        "title": (_("Title"), ["name_zh", "pk"]),
        "status": (pgettext_lazy("agreement", "Status"), ["status", "expires_on", "pk"]),
        "updated": (_("Recently changed"), ["-updated_at", "-pk"]),
    }

    def get_base_queryset(self) -> QuerySet[Agreement]:
        return queries.agreements_for_user(self.request.user).prefetch_related("parties__country")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["export_query"] = self.request.GET.urlencode()
        return context


class AgreementExportView(AgreementListView):
    """The list as filtered and sorted, as .xlsx."""

    # The export answers with the file, not the page.
    def get(  # type: ignore[override]
        self, request: HttpRequest, *args: Any, **kwargs: Any
    ) -> FileResponse:
        buffer = spool()
        excel.export_workbook(self.get_queryset().prefetch_related("units"), buffer)
        buffer.seek(0)
        return workbook_response(buffer, f"agreements-{today().isoformat()}.xlsx")


class AgreementDetailView(RulePermissionMixin, DetailView[Agreement]):
    permission_required = "agreements.view_agreement"
    template_name = "agreements/agreement/detail.html"
    context_object_name = "agreement"

    def get_queryset(self) -> QuerySet[Agreement]:
        return queries.agreement_detail_for_user(self.request.user)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        agreement = self.object
        context["documents"] = agreement.documents.select_related("uploaded_by").order_by(
            "kind", "-version"
        )
        context["renewals"] = queries.agreements_for_user(self.request.user).filter(
            renews=agreement
        )
        context["history"] = history_entries(agreement)
        context["document_form"] = DocumentForm()
        return context


class AgreementCreateView(RulePermissionMixin, ServiceFormView[AgreementForm]):
    permission_required = "agreements.add_agreement"
    template_name = "agreements/agreement/form.html"
    form_class = AgreementForm
    success_message = _("The agreement has been recorded.")

    def get_initial(self) -> dict[str, Any]:
        initial: dict[str, Any] = {"responsible": self.request.user.pk}
        partner = self.request.GET.get("partner", "")
        if partner.isdigit():
            initial["parties"] = [int(partner)]
        return initial

    def perform(self, form: AgreementForm) -> Agreement:
        data = dict(form.cleaned_data)
        return services.agreement_create(
            by=acting_user(self.request),
            parties=data.pop("parties"),
            units=data.pop("units"),
            **data,
        )


class _AgreementMixin(RulePermissionMixin, ContextMixin, View):
    """A view about one agreement the user may see (404 otherwise)."""

    @cached_property
    def agreement(self) -> Agreement:
        # Looked up after the permission check of dispatch(), so a refusal stays a 403.
        return get_object_or_404(
            queries.agreements_for_user(self.request.user), pk=self.kwargs["pk"]
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["agreement"] = self.agreement
        return context


class AgreementUpdateView(_AgreementMixin, ServiceFormView[AgreementForm]):
    permission_required = "agreements.change_agreement"
    template_name = "agreements/agreement/form.html"
    form_class = AgreementForm
    success_message = _("The agreement has been saved.")

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = Agreement.objects.get(pk=self.agreement.pk)
        return kwargs

    def perform(self, form: AgreementForm) -> Agreement:
        data = dict(form.cleaned_data)
        services.agreement_update(
            self.agreement,
            by=acting_user(self.request),
            parties=data.pop("parties"),
            units=data.pop("units"),
            **data,
        )
        return self.agreement


class AgreementTerminateView(_AgreementMixin, ServiceFormView[AgreementTerminateForm]):
    permission_required = "agreements.terminate_agreement"
    template_name = "agreements/agreement/terminate.html"
    form_class = AgreementTerminateForm
    success_message = _("The agreement has been terminated.")

    def perform(self, form: AgreementTerminateForm) -> Agreement:
        services.agreement_terminate(
            self.agreement, by=acting_user(self.request), **form.cleaned_data
        )
        return self.agreement


class AgreementRenewView(_AgreementMixin, FormView[AgreementRenewForm]):
    permission_required = "agreements.renew_agreement"
    template_name = "agreements/agreement/renew.html"
    form_class = AgreementRenewForm

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs["old"] = self.agreement
        return kwargs

    def form_valid(self, form: AgreementRenewForm) -> HttpResponse:
        try:
            new = services.agreement_renew(
                self.agreement, by=acting_user(self.request), **form.cleaned_data
            )
        except ValidationError as error:
            apply_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("The renewal has been recorded as a draft. Check it, add the scan, and submit it."),
        )
        return HttpResponseRedirect(new.get_absolute_url())


class AgreementSubmitView(_AgreementMixin, View):
    """Send the agreement through approval (POST)."""

    permission_required = "agreements.submit_agreement"

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        try:
            approval.agreement_submit(self.agreement, by=acting_user(request))
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("The agreement has been sent for approval."))
        return HttpResponseRedirect(self.agreement.get_absolute_url())


# Documents --------------------------------------------------------------------------------


class DocumentUploadView(_AgreementMixin, ServiceFormView[DocumentForm]):
    permission_required = "agreements.add_agreementdocument"
    template_name = "agreements/document/form.html"
    form_class = DocumentForm
    success_message = _("The document has been added.")

    def perform(self, form: DocumentForm) -> str:
        services.document_add(self.agreement, by=acting_user(self.request), **form.cleaned_data)
        return self.agreement.get_absolute_url() + "#documents"


class DocumentDownloadView(_AgreementMixin, View):
    """The file, only for those who may read the agreement (404 for anyone else)."""

    permission_required = "agreements.view_agreementdocument"

    def get(self, request: HttpRequest, pk: int, document_pk: int) -> FileResponse:
        document = get_object_or_404(self.agreement.documents, pk=document_pk)
        return file_response(document.file, document.original_name)


# Calendar ---------------------------------------------------------------------------------


class CalendarView(RulePermissionMixin, View):
    """The expiry dates the user may see, as an iCalendar file (while logged in), and the
    page's secret address for calendar apps."""

    permission_required = "agreements.view_agreement"

    def get(self, request: HttpRequest) -> HttpResponse:
        agreements = queries.agreements_for_user(request.user)
        return calendar.response(agreements)


class CalendarTokenFeedView(View):
    """The same feed for a calendar app, authenticated by the user's secret token."""

    def get(self, request: HttpRequest, token: str) -> HttpResponse:
        found = CalendarToken.objects.select_related("user").filter(token=token).first()
        if found is None or not found.user.is_active:
            raise Http404
        if not found.user.has_perm("agreements.view_agreement"):
            raise Http404
        return calendar.response(queries.agreements_for_user(found.user))


class CalendarTokenView(RulePermissionMixin, View):
    """Show (GET) or replace (POST) the user's secret calendar address."""

    permission_required = "agreements.view_agreement"

    def get(self, request: HttpRequest) -> HttpResponse:
        token = services.calendar_token_for(acting_user(request))
        url = request.build_absolute_uri(reverse("agreements:calendar.feed", args=[token.token]))
        return render(request, "agreements/agreement/calendar.html", {"feed_url": url})

    def post(self, request: HttpRequest) -> HttpResponse:
        services.calendar_token_for(acting_user(request), renew=True)
        messages.success(
            request, _("A new calendar address has been made; the old one no longer works.")
        )
        return redirect("agreements:calendar.token")


# Excel import -----------------------------------------------------------------------------


class ImportTemplateView(imports.ImportTemplateView):
    permission_required = "agreements.import_agreement"
    filename = "agreements-template.xlsx"

    def write_template(self, out: IO[bytes]) -> None:
        excel.template_workbook(out)


class ImportUploadView(imports.ImportUploadView):
    permission_required = "agreements.import_agreement"
    template_name = "agreements/import/upload.html"
    register = "agreements"


class ImportPreviewView(imports.ImportPreviewView):
    """What the stored file would record (or every problem with it); POST writes it all."""

    permission_required = "agreements.import_agreement"
    template_name = "agreements/import/preview.html"
    register = "agreements"
    done_url_name = "agreements:agreement.list"

    def plan(self, upload: IO[bytes]) -> excel.ImportPlan:
        return excel.import_plan(upload)

    def apply(self, plan: excel.ImportPlan) -> str:
        count = excel.import_apply(plan, by=acting_user(self.request))
        return ngettext(
            "Imported: %(count)d agreement recorded.",
            "Imported: %(count)d agreements recorded.",
            count,
        ) % {"count": count}
