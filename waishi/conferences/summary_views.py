"""The conference's summary page (/staff/conferences/<id>/summary/): the review, the
participants who came, the proceedings and the photos, written by the unit or the office and
filed, which closes the conference."""

from __future__ import annotations

import os

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View

from waishi.conferences import queries, summary_forms
from waishi.conferences import summary as summaries
from waishi.conferences.models import Conference, Summary, SummaryPhoto
from waishi.core.forms import apply_service_errors
from waishi.core.history import history_entries
from waishi.core.mixins import RulePermissionMixin
from waishi.core.permissions import acting_user
from waishi.core.uploads import file_response


def _conference(request: HttpRequest, pk: int) -> Conference:
    return get_object_or_404(
        queries.conferences_for_user(request.user).select_related("current_version"), pk=pk
    )


def _page(pk: int) -> str:
    return reverse("conferences:summary", args=[pk])


class SummaryView(RulePermissionMixin, View):
    """The summary as it stands; the unit and the office write it (POST) until it is filed."""

    permission_required = "conferences.view_conference"

    def _render(
        self,
        request: HttpRequest,
        conference: Conference,
        form: summary_forms.SummaryForm | None = None,
        photo_form: summary_forms.PhotoForm | None = None,
    ) -> HttpResponse:
        summary = Summary.objects.filter(conference=conference).select_related("written_by").first()
        photos = list(summary.photos.all()) if summary else []
        return render(
            request,
            "conferences/summary/page.html",
            {
                "conference": conference,
                "version": conference.current_version,
                "summary": summary,
                "photos": photos,
                "form": form or summary_forms.SummaryForm(instance=summary),
                "photo_form": photo_form or summary_forms.PhotoForm(),
                "may_write": summaries.may_write(conference, acting_user(request)),
                "due": summaries.due_on(conference),
                "problems": summaries.filing_problems(summary)
                if summary and summary.filed_at is None
                else [],
                "review_length": summaries.review_length(summary.review) if summary else 0,
                "history": history_entries(summary) if summary else [],
            },
        )

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        return self._render(request, _conference(request, pk))

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        conference = _conference(request, pk)
        if not request.user.has_perm("conferences.change_conference", conference):
            raise PermissionDenied
        current = Summary.objects.filter(conference=conference).first()
        form = summary_forms.SummaryForm(request.POST, request.FILES, instance=current)
        if form.is_valid():
            data = form.cleaned_data
            try:
                summaries.summary_save(
                    conference,
                    by=acting_user(request),
                    review=data["review"],
                    actual_total=data["actual_total"],
                    actual_foreign=data["actual_foreign"],
                    actual_countries=data["actual_countries"],
                    proceedings=data["proceedings"] if "proceedings" in request.FILES else None,
                )
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                messages.success(request, _("The summary has been saved."))
                return redirect(_page(conference.pk))
        messages.error(request, _("Please correct the errors below; nothing has been saved."))
        return self._render(request, conference, form=form)


class SummaryFileView(RulePermissionMixin, View):
    """File the summary: checked against the office's rules, it closes the conference."""

    permission_required = "conferences.view_conference"

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        conference = _conference(request, pk)
        if not request.user.has_perm("conferences.change_conference", conference):
            raise PermissionDenied
        try:
            summaries.summary_file(conference, by=acting_user(request))
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("The summary has been filed; the conference is closed."))
        return redirect(_page(conference.pk))


class PhotoAddView(SummaryView):
    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        return redirect(_page(pk))

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        conference = _conference(request, pk)
        if not request.user.has_perm("conferences.change_conference", conference):
            raise PermissionDenied
        form = summary_forms.PhotoForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                summaries.photo_add(
                    conference,
                    by=acting_user(request),
                    image=form.cleaned_data["image"],
                    caption=form.cleaned_data["caption"],
                )
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                messages.success(request, _("The photo has been added."))
                return redirect(_page(conference.pk))
        messages.error(request, _("Please correct the errors below; nothing has been saved."))
        return self._render(request, conference, photo_form=form)


class PhotoFileView(RulePermissionMixin, View):
    permission_required = "conferences.view_conference"

    def get(self, request: HttpRequest, pk: int, photo_pk: int) -> FileResponse:
        conference = _conference(request, pk)
        photo = get_object_or_404(SummaryPhoto, summary__conference=conference, pk=photo_pk)
        suffix = os.path.splitext(photo.image.name)[1]
        return file_response(photo.image, f"{conference.reference}-{photo.pk}{suffix}")


class PhotoRemoveView(RulePermissionMixin, View):
    permission_required = "conferences.view_conference"

    def post(self, request: HttpRequest, pk: int, photo_pk: int) -> HttpResponse:
        conference = _conference(request, pk)
        if not request.user.has_perm("conferences.change_conference", conference):
            raise PermissionDenied
        photo = SummaryPhoto.objects.filter(summary__conference=conference, pk=photo_pk).first()
        if photo is None:
            messages.info(request, _("This photo has already been taken off."))
        else:
            try:
                summaries.photo_remove(photo, by=acting_user(request))
            except ValidationError as error:
                for message in error.messages:
                    messages.error(request, message)
            else:
                messages.success(request, _("The photo has been taken off."))
        return redirect(_page(conference.pk))


class ProceedingsFileView(RulePermissionMixin, View):
    permission_required = "conferences.view_conference"

    def get(self, request: HttpRequest, pk: int) -> FileResponse:
        conference = _conference(request, pk)
        summary = Summary.objects.filter(conference=conference).first()
        if summary is None or not summary.proceedings:
            raise Http404
        suffix = os.path.splitext(summary.proceedings.name)[1]
        return file_response(summary.proceedings, f"{conference.reference}-proceedings{suffix}")
