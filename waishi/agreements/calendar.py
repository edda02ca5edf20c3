"""The expiry calendar: one all-day event per agreement's expiry date (and, for a
self-renewing one, its notice date)."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.conf import settings
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from waishi.agreements.enums import AgreementStatus

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from waishi.agreements.queries import AgreementWithStatus


def feed(agreements: QuerySet[AgreementWithStatus]) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//Waishi//agreements//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", _("Agreement expiry dates"))
    stamp = timezone.now()
    host = getattr(settings, "SITE_URL", "").rstrip("/")
    # django-stubs takes an annotation's __in for one value.
    rows = agreements.filter(expires_on__isnull=False).exclude(  # type: ignore[misc]
        status__in=[AgreementStatus.TERMINATED, AgreementStatus.DRAFT]
    )
    for agreement in rows.order_by("expires_on", "pk")[:5000]:
        expires_on = agreement.expires_on
        if expires_on is None:  # not asked for (`expires_on__isnull=False`), but typed so
            continue
        event = Event()
        event.add("uid", f"agreement-{agreement.pk}-expiry@waishi")
        event.add("dtstamp", stamp)
        event.add("dtstart", expires_on)
        event.add("dtend", expires_on + datetime.timedelta(days=1))
        event.add("summary", _("Agreement expires: %(title)s") % {"title": agreement.name})
        event.add("url", host + agreement.get_absolute_url())
        calendar.add_component(event)
        notice = agreement.notice_date
        if notice:
            event = Event()
            event.add("uid", f"agreement-{agreement.pk}-notice@waishi")
            event.add("dtstamp", stamp)
            event.add("dtstart", notice)
            event.add("dtend", notice + datetime.timedelta(days=1))
            event.add(
                "summary", _("Last day to give notice: %(title)s") % {"title": agreement.name}
            )
            calendar.add_component(event)
    return calendar.to_ical()


def response(agreements: QuerySet[AgreementWithStatus]) -> HttpResponse:
    answer = HttpResponse(feed(agreements), content_type="text/calendar; charset=utf-8")
    answer["Content-Disposition"] = 'inline; filename="agreements.ics"'
    return answer
