"""Pages of public registration for the organisers: opening and closing it on a
conference's page, and the queue of confirmed registrations (for the office and the
organising unit) where each is accepted (a participant) or rejected with a reason; the
office issues a requested visa letter from the queue (`participant_views.LetterIssueView`)."""

from __future__ import annotations

from typing import Any

import django_filters
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.views import View

from waishi.conferences import queries, registrations
from waishi.conferences.enums import HAS_APPROVAL, RegistrationStatus
from waishi.conferences.models import Registration
from waishi.conferences.participant_views import conference_or_404, show_errors
from waishi.conferences.registration_forms import RejectForm
from waishi.core import redirects
from waishi.core.listing import FilteredListView
from waishi.core.mixins import RulePermissionMixin
from waishi.core.models import Letter
from waishi.core.permissions import acting_user

ALL = "all"


class RegistrationOpenView(RulePermissionMixin, View):
    """Open (`open=1`) or close public registration on the conference's page."""

    permission_required = "conferences.view_conference"

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        conference = conference_or_404(request, pk, "conferences.open_registration")
        wanted = request.POST.get("open") == "1"
        try:
            registrations.registration_open_set(conference, by=acting_user(request), open=wanted)
        except ValidationError as error:
            show_errors(request, error)
        else:
            if wanted:
                messages.success(request, _("Public registration is open."))
            else:
                messages.success(request, _("Public registration is closed."))
        return redirect(redirects.next_or(request, conference.get_absolute_url()))


class RegistrationFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=gettext_lazy("Search"))
    # Read by the view (empty: those waiting), so that the queue opens on what waits.
    status = django_filters.ChoiceFilter(
        method="as_read",
        label=gettext_lazy("Status"),
        empty_label=RegistrationStatus.WAITING.label,
        choices=[
            (RegistrationStatus.ACCEPTED.value, RegistrationStatus.ACCEPTED.label),
            (RegistrationStatus.REJECTED.value, RegistrationStatus.REJECTED.label),
            (ALL, pgettext_lazy("registrations", "All")),
        ],
    )

    class Meta:
        model = Registration
        fields = ["q", "status"]

    def search(
        self, queryset: QuerySet[Registration], name: str, value: str
    ) -> QuerySet[Registration]:
        return queries.registration_search(queryset, value)

    def as_read(
        self, queryset: QuerySet[Registration], name: str, value: str
    ) -> QuerySet[Registration]:
        return queryset


class RegistrationListView(RulePermissionMixin, FilteredListView[Registration]):
    """Registrations whose e-mail address is confirmed, those waiting first: for the office,
    every conference's; for a unit, its own conferences'."""

    permission_required = "conferences.review_registrations"
    template_name = "conferences/registration/list.html"
    partial_template_name = "conferences/registration/_results.html"
    filterset_class = RegistrationFilter
    sort_options = {
        "oldest": (gettext_lazy("Oldest first"), ["verified_at", "pk"]),
        "newest": (gettext_lazy("Newest first"), ["-verified_at", "-pk"]),
    }

    def get_base_queryset(self) -> QuerySet[Registration]:
        found = queries.registrations_for_user(self.request.user).select_related(
            "conference__current_version", "country", "participant"
        )
        status = self.request.GET.get("status", "")
        if status == ALL:
            return found
        if status in (RegistrationStatus.ACCEPTED, RegistrationStatus.REJECTED):
            return found.filter(status=status)
        return found.filter(status=RegistrationStatus.WAITING)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user = self.request.user
        shown = list(context["object_list"])
        letters: dict[int, list[Letter]] = {}
        participant_ids = [r.participant_id for r in shown if r.participant_id]
        for letter in Letter.objects.filter(
            kind="conferences.invitation",
            content_type__app_label="conferences",
            content_type__model="participant",
            object_id__in=participant_ids,
        ).order_by("-year", "-sequence"):
            letters.setdefault(letter.object_id, []).append(letter)
        for registration in shown:
            conference = registration.conference
            registration.may_review = user.has_perm("conferences.review_registration", conference)
            registration.may_issue = (
                registration.participant_id is not None
                and registration.needs_visa_letter
                and registration.participant is not None
                and registration.participant.is_foreign
                and conference.status in HAS_APPROVAL
                and user.has_perm("conferences.issue_letter", conference)
            )
            registration.letters = letters.get(registration.participant_id or 0, [])
        context.update(object_list=shown, reject_form=RejectForm())
        return context


def _registration(request: HttpRequest, pk: int) -> Registration:
    registration = get_object_or_404(
        queries.registrations_for_user(request.user).select_related("conference"), pk=pk
    )
    if not request.user.has_perm("conferences.review_registration", registration.conference):
        raise PermissionDenied
    return registration


def _back(request: HttpRequest) -> HttpResponse:
    return redirect(redirects.next_or(request, reverse("conferences:registration.list")))


class RegistrationAcceptView(RulePermissionMixin, View):
    """Accept: the registration becomes a participant of its conference."""

    permission_required = "conferences.review_registrations"

    def post(self, request: HttpRequest, registration_pk: int) -> HttpResponse:
        registration = _registration(request, registration_pk)
        try:
            participant = registrations.registration_accept(registration, by=acting_user(request))
        except ValidationError as error:
            show_errors(request, error)
        else:
            messages.success(
                request,
                _("%(name)s is now a participant of the conference.")
                % {"name": participant.person},
            )
        return _back(request)


class RegistrationRejectView(RulePermissionMixin, View):
    """Reject, with the reason."""

    permission_required = "conferences.review_registrations"

    def post(self, request: HttpRequest, registration_pk: int) -> HttpResponse:
        registration = _registration(request, registration_pk)
        try:
            registrations.registration_reject(
                registration, by=acting_user(request), reason=request.POST.get("reason", "")
            )
        except ValidationError as error:
            show_errors(request, error)
        else:
            messages.success(request, _("The registration has been rejected."))
        return _back(request)
