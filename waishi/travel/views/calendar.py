"""The travel calendar page and its iCalendar feed."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View

from waishi.core.mixins import RulePermissionMixin
from waishi.core.permissions import acting_user
from waishi.travel import documents, services


class CalendarView(RulePermissionMixin, View):
    """Shows the user's calendar address; POST makes a new one (the old stops working)."""

    permission_required = "travel.view_trip"

    def get(self, request: HttpRequest) -> HttpResponse:
        token = services.calendar_token_for(acting_user(request))
        url = request.build_absolute_uri(reverse("travel:calendar.feed", args=[token]))
        return render(request, "travel/trip/calendar.html", {"feed_url": url})

    def post(self, request: HttpRequest) -> HttpResponse:
        services.calendar_token_for(acting_user(request), renew=True)
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
