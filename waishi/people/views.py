"""Pages of people and their identity documents. Views parse, call one service or query,
respond."""

from __future__ import annotations

import os
from typing import Any

from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django.views import View
from django.views.generic import DetailView

from waishi.core import clock
from waishi.core.excel import workbook_response
from waishi.core.history import HistoryEntry, history_entries, history_entries_of_each
from waishi.core.listing import FilteredListView
from waishi.core.mixins import RulePermissionMixin, ServiceFormView
from waishi.core.models import AnyUser
from waishi.core.permissions import acting_user
from waishi.core.uploads import file_response
from waishi.people import queries, services
from waishi.people.forms import DocumentForm, PersonForm
from waishi.people.models import IdentityDocument, Person


def _documents_shown(person: Person, user: AnyUser) -> list[dict[str, Any]]:
    today = clock.today()
    days = queries.warning_days_by_kind()
    return [
        {
            "document": d,
            "number": queries.shown_number(d, user),
            "flag": queries.expiry_flag(d, today, days),
            "may_see_scan": bool(d.scan) and queries.may_see_scan(user, d),
        }
        for d in person.documents.all()
    ]


def person_history(person: Person) -> list[HistoryEntry]:
    """The person's history and that of their documents, newest first (numbers masked by the
    history component)."""
    entries = history_entries(person)
    documents = list(person.documents.all())
    for document, history in zip(
        documents, history_entries_of_each(documents, limit=20), strict=True
    ):
        for entry in history:
            entry.reason = entry.reason or str(document.get_kind_display())
            entries.append(entry)
    return sorted(entries, key=lambda e: e.when, reverse=True)[:100]


class PersonListView(RulePermissionMixin, FilteredListView[Person]):
    permission_required = "people.view_person_list"
    template_name = "people/person/list.html"
    partial_template_name = "people/person/_results.html"
    filterset_class = queries.PersonFilter
    sort_options = {
        "name": (pgettext_lazy("person", "Name"), ["family_name", "given_name", "name_zh", "pk"]),
        "name_zh": (_("Chinese name"), ["name_zh", "family_name", "pk"]),
        "unit": (_("Unit"), ["unit__name_zh", "family_name", "pk"]),
        "new": (_("Newest"), ["-created_at", "-pk"]),
    }

    def get_base_queryset(self) -> QuerySet[Person]:
        return queries.with_documents(queries.people_for_user(self.request.user))

    def get_queryset(self) -> QuerySet[Person]:
        people = super().get_queryset()
        if self.request.GET.get("q", "").strip():
            # A search finds its rows through the trigram indexes; the database then sorts
            # those few, rather than walking the whole name index looking for them.
            people = queries.sorted_not_walked(people)
        return people

    def prepare_rows(self, rows: list[Any]) -> list[Any]:  # people, with what the table adds
        today = clock.today()
        kinds = queries.warning_days_by_kind()
        for person in rows:
            flags = [queries.expiry_flag(d, today, kinds) for d in person.documents.all()]
            person.flag = (
                "expired" if "expired" in flags else "expiring" if "expiring" in flags else ""
            )
            person.document_count = len(flags)
        return rows


class PersonExportView(PersonListView):
    """The list as .xlsx, with the same scope, filters and sorting."""

    # The export answers with the file, not the page.
    def get(  # type: ignore[override]
        self, request: HttpRequest, *args: Any, **kwargs: Any
    ) -> FileResponse:
        from waishi.people.excel import people_export

        buffer = people_export(self.get_queryset(), request.user)
        return workbook_response(buffer, f"people-{clock.today().isoformat()}.xlsx")


class PersonDetailView(RulePermissionMixin, DetailView[Person]):
    permission_required = "people.view_person"
    template_name = "people/person/detail.html"
    context_object_name = "person"

    def get_queryset(self) -> QuerySet[Person]:
        people = queries.people_for_user(self.request.user)
        return queries.with_documents(people, countries=True)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["documents"] = _documents_shown(self.object, self.request.user)
        context["history"] = person_history(self.object)
        context["may_edit"] = self.request.user.has_perm("people.change_person")
        context["may_edit_documents"] = self.request.user.has_perm("people.change_document")
        return context


class PersonCreateView(RulePermissionMixin, ServiceFormView[PersonForm]):
    permission_required = "people.add_person"
    template_name = "people/person/form.html"
    form_class = PersonForm
    success_message = _("The person has been added.")

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "user": self.request.user}

    def perform(self, form: PersonForm) -> Person:
        return services.person_create(by=acting_user(self.request), **form.cleaned_data)


class PersonUpdateView(RulePermissionMixin, ServiceFormView[PersonForm]):
    permission_required = "people.change_person"
    template_name = "people/person/form.html"
    form_class = PersonForm
    success_message = _("The changes have been saved.")

    @cached_property
    def object(self) -> Person:
        return get_object_or_404(queries.people_for_user(self.request.user), pk=self.kwargs["pk"])

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "user": self.request.user, "instance": self.object}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {**super().get_context_data(**kwargs), "object": self.object, "person": self.object}

    def perform(self, form: PersonForm) -> Person:
        return services.person_update(
            self.object, by=acting_user(self.request), **form.cleaned_data
        )


class DocumentFormMixin(RulePermissionMixin, ServiceFormView[DocumentForm]):
    """Add or change a document of a person the user sees."""

    permission_required = "people.change_document"
    template_name = "people/document/form.html"
    form_class = DocumentForm
    success_message = _("The document has been saved.")

    @cached_property
    def person(self) -> Person:
        return get_object_or_404(
            queries.people_for_user(self.request.user), pk=self.kwargs["person_pk"]
        )

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "person": self.person}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {**super().get_context_data(**kwargs), "person": self.person}


class DocumentCreateView(DocumentFormMixin):
    def perform(self, form: DocumentForm) -> Person:
        services.document_create(self.person, by=acting_user(self.request), **form.cleaned_data)
        return self.person


class DocumentUpdateView(DocumentFormMixin):
    @cached_property
    def object(self) -> IdentityDocument:
        return get_object_or_404(IdentityDocument, person=self.person, pk=self.kwargs["pk"])

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "instance": self.object}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {**super().get_context_data(**kwargs), "object": self.object}

    def perform(self, form: DocumentForm) -> Person:
        services.document_update(self.object, by=acting_user(self.request), **form.cleaned_data)
        return self.person


class DocumentScanView(RulePermissionMixin, View):
    """The scan, to the office and the person themselves; 404 for everyone else."""

    permission_required = "people.view_person"

    def get(self, request: HttpRequest, pk: int) -> FileResponse:
        document = get_object_or_404(queries.documents_for_user(request.user), pk=pk)
        if not document.scan or not queries.may_see_scan(request.user, document):
            raise Http404
        suffix = os.path.splitext(document.scan.name)[1]
        return file_response(document.scan, f"document-{document.pk}{suffix}")
