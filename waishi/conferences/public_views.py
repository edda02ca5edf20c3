"""The public list of upcoming international conferences (/conferences/), as approved, in
the visitor's language, and its iCalendar feed (/conferences.ics); each approved conference's
own page (/conferences/<id>/: names, dates, venue, organisers and programme) and, when its
organisers open it, its registration form (/conferences/<id>/register/) with the link that
confirms the e-mail address."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Prefetch, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import ListView, TemplateView
from icalendar import Calendar, Event

from waishi.conferences import policy, queries, registrations
from waishi.conferences.models import Conference, ConferenceVersion, Session, Talk
from waishi.conferences.registration_forms import RegistrationForm
from waishi.core import clock, rate_limits
from waishi.core.client_ip import client_address
from waishi.core.page_cache import CachedPage

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


# One conference's page ---------------------------------------------------------------------


def _shown(chinese: str, english: str) -> str:
    """The text in the page's language, else in the other."""
    if (get_language() or "").startswith("zh"):
        return chinese or english
    return english or chinese


@dataclass
class ShownTalk:
    starts: datetime.time
    minutes: int
    title: str
    speakers: list[str]
    language: str


@dataclass
class ShownSession:
    starts: datetime.time
    ends: datetime.time
    room: str
    title: str
    chair: str
    talks: list[ShownTalk] = field(default_factory=list)


def _speakers(talk: Talk) -> list[str]:
    named = [str(p.person) for p in talk.speakers.all()]
    others = [name.strip() for name in talk.speaker_names.split(";") if name.strip()]
    return named + others


def programme_days(conference: Conference) -> list[tuple[datetime.date, list[ShownSession]]]:
    """The programme by day, each title in the page's language (else the other)."""
    sessions = conference.sessions.prefetch_related(
        Prefetch(
            "talks",
            queryset=Talk.objects.prefetch_related("speakers__person").order_by("starts", "pk"),
        )
    ).order_by("day", "starts", "room", "pk")
    days: dict[datetime.date, list[ShownSession]] = {}
    for session in sessions:
        shown = ShownSession(
            session.starts,
            session.ends,
            session.room,
            _shown(session.title_zh, session.title_en),
            session.chair,
        )
        for talk in session.talks.all():
            shown.talks.append(
                ShownTalk(
                    talk.starts,
                    talk.minutes,
                    _shown(talk.title_zh, talk.title_en),
                    _speakers(talk),
                    talk.language,
                )
            )
        days.setdefault(session.day, []).append(shown)
    return sorted(days.items())


def public_version_or_404(pk: int) -> ConferenceVersion:
    version = queries.public_version(pk)
    if version is None:
        raise Http404
    return version


class PublicConferenceView(CachedPage, TemplateView):
    """An approved conference as the public may see it: its names (the page's language
    first), dates, venue, format, organisers and programme; nothing of its budget or its
    participants but the speakers' names. Anything not approved (or withdrawn) is not
    found."""

    template_name = "conferences/public/detail.html"
    shows = (
        Conference,
        ConferenceVersion,
        "conferences.Organiser",
        Session,
        Talk,
        "conferences.Participant",
        "people.Person",
        "partners.Institution",
        "core.Unit",
    )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        version = public_version_or_404(self.kwargs["pk"])
        conference = version.conference
        context.update(
            version=version,
            conference=conference,
            name=_shown(version.name_zh, version.name_en),
            other_name=version.name_en
            if (get_language() or "").startswith("zh")
            else version.name_zh,
            organisers=list(version.organisers.select_related("institution")),
            days=programme_days(conference),
            registration_open=registrations.accepts_registrations(conference),
        )
        return context


# Registration ------------------------------------------------------------------------------

IP_SCOPE = "conferences.registration.address"
EMAIL_SCOPE = "conferences.registration.email"
HOUR = 3600
DAY = 24 * HOUR


def _too_many(request: HttpRequest, version: ConferenceVersion) -> HttpResponse:
    return render(
        request,
        "conferences/public/register_limited.html",
        {"version": version, "name": _shown(version.name_zh, version.name_en)},
        status=429,
    )


def _visa_errors(form: RegistrationForm) -> None:
    """With other mistakes, what a wanted visa letter still lacks, so that one answer names
    every mistake."""
    found = getattr(form, "cleaned_data", {})
    if not found.get("needs_visa_letter"):
        return
    for name, message in registrations.visa_needs().items():
        if name not in form.errors and not found.get(name):
            form.add_error(name, message)


class RegistrationView(View):
    """The registration form of a conference whose organisers opened it. A sent form is
    kept unconfirmed and a link is mailed; the page then says to open it. A robot's form (the
    hidden field filled in, or sent sooner than a person could) gets the same page, and
    nothing is kept or sent. Too many registrations from one address or for one e-mail
    address are refused (HTTP 429); a cache that does not answer counts nothing."""

    template_name = "conferences/public/register.html"

    def version(self, pk: int) -> ConferenceVersion:
        version = public_version_or_404(pk)
        if not registrations.accepts_registrations(version.conference):
            raise Http404
        return version

    def _form_page(
        self,
        request: HttpRequest,
        version: ConferenceVersion,
        form: RegistrationForm,
        stamp: str = "",
    ) -> HttpResponse:
        return render(
            request,
            self.template_name,
            {
                "version": version,
                "name": _shown(version.name_zh, version.name_en),
                "form": form,
                # Sent back with errors: the time first shown stands.
                "stamp": stamp or registrations.form_stamp(),
            },
        )

    def _sent(self, request: HttpRequest, version: ConferenceVersion, email: str) -> HttpResponse:
        return render(
            request,
            "conferences/public/register_sent.html",
            {
                "version": version,
                "name": _shown(version.name_zh, version.name_en),
                "email": email,
                "hours": policy.REGISTRATION_LINK_HOURS.value(),
            },
        )

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        return self._form_page(request, self.version(pk), RegistrationForm())

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        version = self.version(pk)
        address = client_address(request) or "unknown"
        if rate_limits.over_limit(IP_SCOPE, address, policy.REGISTRATIONS_PER_ADDRESS.value()):
            return _too_many(request, version)
        form = RegistrationForm(request.POST)
        if not registrations.filled_by_a_person(
            request.POST.get("shown", ""), request.POST.get("website", "")
        ):
            rate_limits.attempt_count(IP_SCOPE, address, HOUR)
            return self._sent(request, version, request.POST.get("email", "")[:254])
        stamp = request.POST.get("shown", "")
        if not form.is_valid():
            _visa_errors(form)
            return self._form_page(request, version, form, stamp)
        email = form.cleaned_data["email"].lower()
        if rate_limits.over_limit(EMAIL_SCOPE, email, policy.REGISTRATIONS_PER_EMAIL.value()):
            return _too_many(request, version)
        values = {
            key: value
            for key, value in form.cleaned_data.items()
            if key not in ("website", "shown")
        }
        try:
            registrations.registration_submit(
                version.conference, language=get_language() or "zh-hans", **values
            )
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for name, problems in error.message_dict.items():
                    form.add_error(name if name in form.fields else None, problems)
            else:
                form.add_error(None, error.messages)
            return self._form_page(request, version, form, stamp)
        rate_limits.attempt_count(IP_SCOPE, address, HOUR)
        rate_limits.attempt_count(EMAIL_SCOPE, email, DAY)
        return self._sent(request, version, email)


def registration_confirm(request: HttpRequest, token: str) -> HttpResponse:
    """The link mailed to a visitor: their registration now waits for the organisers."""
    try:
        registration = registrations.registration_verify(token)
    except registrations.LinkError:
        return render(request, "conferences/public/register_confirmed.html", {}, status=400)
    conference = get_object_or_404(Conference, pk=registration.conference_id)
    version = conference.approved_version()
    name = _shown(version.name_zh, version.name_en) if version is not None else ""
    return render(
        request,
        "conferences/public/register_confirmed.html",
        {"registration": registration, "name": name, "conference": conference},
    )
