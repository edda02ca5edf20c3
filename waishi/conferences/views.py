"""The conferences app's pages (under /staff/conferences/)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views import View

from waishi.conferences import queries
from waishi.conferences.models import Conference
from waishi.core.history import history_entries
from waishi.core.mixins import RulePermissionMixin


def conference_or_404(request: HttpRequest, pk: int) -> Conference:
    return get_object_or_404(queries.conferences_for_user(request.user), pk=pk)


class ConferenceDetailView(RulePermissionMixin, View):
    permission_required = "conferences.view_conference"

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        conference = conference_or_404(request, pk)
        versions = list(conference.versions.order_by("-number"))
        context = {
            "conference": conference,
            "version": conference.current_version,
            "versions": versions,
            "history": history_entries(conference),
        }
        return render(request, "conferences/conference/detail.html", context)
