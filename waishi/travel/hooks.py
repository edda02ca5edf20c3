"""What the travel app shows on a partner's page and does when two partners merge; and the
hook by which later apps add events to a user's calendar feed (`register_calendar`)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.utils.translation import gettext_lazy as _

from waishi.core import changes
from waishi.core.models import AnyUser, User
from waishi.partners.hooks import PartnerSection
from waishi.partners.models import Institution


def partner_section(institution: Institution, user: AnyUser) -> PartnerSection | None:
    """Trips to the institution that the user may see (none: no section)."""
    from waishi.travel.queries import trips_for_user

    if not user.has_perm("travel.view_trip"):
        return None
    trips = list(
        trips_for_user(user)
        .filter(destinations__institution=institution)
        .distinct()
        .order_by("-departure")[:20]
    )
    if not trips:
        return None
    return PartnerSection(
        _("Trips abroad"), "travel/trip/_partner_section.html", {"trips": trips}, order=60
    )


def partner_merge(source: Institution, target: Institution) -> int:
    """Move destinations that name the duplicate to the surviving institution."""
    from waishi.travel.models import Destination

    return changes.update(Destination.objects.filter(institution=source), institution=target)


# fn(user, base_url) -> iCalendar events of the user (a later app's, e.g. the itinerary of a
# visit they take part in), added to the user's one feed at /travel/calendar/<token>.ics.
# The events are icalendar's `Event`s.
_calendar_sources: list[Callable[[User, str], list[Any]]] = []


def register_calendar(fn: Callable[[User, str], list[Any]]) -> None:
    if fn not in _calendar_sources:
        _calendar_sources.append(fn)


def calendar_events(user: User, base_url: str) -> list[Any]:
    return [event for fn in _calendar_sources for event in fn(user, base_url)]
