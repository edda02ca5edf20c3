"""The public list of upcoming international conferences (/conferences/), as approved, in
the visitor's language, and its iCalendar feed (/conferences.ics)."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.generic import ListView
from icalendar import Calendar, Event

from waishi.conferences import queries
from waishi.conferences.models import ConferenceVersion
from waishi.core import clock

# A feed is read by calendar programs every few hours: the next year's conferences suffice.
FEED_LIMIT = 500


class PublicConferenceListView(ListView[ConferenceVersion]):
    """Upcoming and running conferences: names in both languages, dates, place and format, a
    page of 20 at a time (counted and cut by the database)."""

    template_name = "conferences/public/list.html"
    context_object_name = "conferences"
    paginate_by = 20

    def get_queryset(self) -> QuerySet[ConferenceVersion]:
        return queries.upcoming_public(clock.today())


def _name(version: ConferenceVersion) -> str:
    chinese = (get_language() or "").startswith("zh")
    return (version.name_zh if chinese else version.name_en) or version.name_en


def calendar_feed(request: HttpRequest) -> HttpResponse:
    """The upcoming conferences as all-day events, for a calendar program to subscribe to."""
    calendar = Calendar()
    calendar.add("prodid", "-//Waishi//conferences//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", _("International conferences"))
    stamp = timezone.now()
    host = getattr(settings, "SITE_URL", "").rstrip("/")
    for version in queries.upcoming_public(clock.today())[:FEED_LIMIT]:
        event = Event()
        event.add("uid", f"conference-{version.conference_id}@waishi")
        event.add("dtstamp", stamp)
        event.add("dtstart", version.starts_on)
        event.add("dtend", version.ends_on + datetime.timedelta(days=1))
        event.add("summary", _name(version))
        place = ", ".join(part for part in (version.venue, version.city) if part)
        if place:
            event.add("location", place)
        event.add("description", f"{version.name_zh}\n{version.name_en}")
        if host:
            event.add("url", host + request.path.replace(".ics", "/"))
        calendar.add_component(event)
    answer = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    answer["Content-Disposition"] = 'inline; filename="conferences.ics"'
    return answer
