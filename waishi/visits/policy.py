"""The office's rules for receiving foreign visitors (core's store of office rules,
`waishi.core.policy`; the director changes them at /staff/policy/)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from waishi.core import clock
from waishi.core.policy import Number, Text
from waishi.visits.enums import GuestRank

if TYPE_CHECKING:
    from waishi.visits.models import Visit

LEAD_DAYS = Number(
    "visits_lead_days",
    14,
    _("Visits: file this many days before arrival"),
    _("A request filed later needs a reason, and its approvers see it flagged."),
    minimum=0,
    maximum=365,
)
VISA_LEAD_DAYS = Number(
    "visits_visa_lead_days",
    30,
    _("Visits: file this many days before arrival when a guest needs a visa"),
    _("The invitation letter must reach the guests in time for their visa."),
    minimum=0,
    maximum=365,
)
LEADER_LEAD_WORKING_DAYS = Number(
    "visits_leader_lead_working_days",
    10,
    _(
        "Visits: file this many working days before arrival when a university leader meets "
        "the guests"
    ),
    _("Working days are Monday to Friday."),
    minimum=0,
    maximum=120,
)
LEADER_RANK = Number(
    "visits_leader_rank",
    2,
    _("Visits: a university leader meets guests of this rank level or higher"),
    _(
        "1: minister or above; 2: bureau level (a university president); 3: division level "
        "(a dean); 4: every guest. Such a visit also goes to the university leader in charge "
        "for approval (rank parity)."
    ),
    minimum=1,
    maximum=4,
)

SUMMARY_DUE_WORKING_DAYS = Number(
    "visits_summary_due_working_days",
    5,
    _("Visits: the summary is due this many working days after departure"),
    _("The host unit is reminded once when it is overdue. Working days are Monday to Friday."),
    minimum=0,
    maximum=60,
)

AUTHORISED_LETTER_WORKING_DAYS = Number(
    "visits_authorised_letter_working_days",
    5,
    _("Visits: an authorised unit's letter is due this many working days after the request"),
    _("The office is reminded once when it is late."),
    minimum=0,
    maximum=60,
)
DEPARTURE_REGISTRATION_DAYS = Number(
    "visits_departure_registration_days",
    30,
    _("Visits: the guests' departure registration is due this many days after departure"),
    _("For visits with an authorised unit's letter; the office is reminded once when it is late."),
    minimum=0,
    maximum=365,
)


# Reception standards, with the central rules' defaults (财行〔2013〕533号).


def _yuan(key: str, default: int, label: Text, help_text: Text) -> Number:
    return Number(key, default, label, help_text, minimum=0, maximum=100000)


HOSTED_DAYS = Number(
    "visits_max_hosted_days",
    5,
    _("Reception standard: days hosted at most, without reciprocity"),
    _("A hosted visit longer than this is flagged and needs a reason before it is closed."),
    minimum=1,
    maximum=60,
)
MEALS_MINISTER = _yuan(
    "visits_meals_minister",
    600,
    _("Reception standard: meals per guest and day, minister or above (CNY)"),
    _("Meals are measured against the rate of the delegation's highest rank."),
)
MEALS_BUREAU = _yuan(
    "visits_meals_bureau",
    550,
    _("Reception standard: meals per guest and day, bureau level (CNY)"),
    _("Meals are measured against the rate of the delegation's highest rank."),
)
MEALS_DIVISION = _yuan(
    "visits_meals_division",
    500,
    _("Reception standard: meals per guest and day, division level (CNY)"),
    _("Meals are measured against the rate of the delegation's highest rank."),
)
MEALS_OTHER = _yuan(
    "visits_meals_other",
    300,
    _("Reception standard: meals per guest and day, other guests (CNY)"),
    _("Meals are measured against the rate of the delegation's highest rank."),
)
BANQUET_HIGH = _yuan(
    "visits_banquet_high",
    400,
    _("Reception standard: banquet per person, guests of bureau level or above (CNY)"),
    _("Guests and escorts at the table count."),
)
BANQUET_OTHER = _yuan(
    "visits_banquet_other",
    300,
    _("Reception standard: banquet per person, other guests (CNY)"),
    _("Guests and escorts at the table count."),
)
BANQUETS_MAX = Number(
    "visits_banquets_max",
    2,
    _("Reception standard: banquets per visit at most"),
    _("A further banquet is flagged and needs a reason before the visit is closed."),
    minimum=0,
    maximum=20,
)
GIFT_HEAD = _yuan(
    "visits_gift_head",
    400,
    _("Reception standard: gift to the head of the delegation (CNY)"),
    _("Each guest receives one gift at most."),
)
GIFT_OTHER = _yuan(
    "visits_gift_other",
    200,
    _("Reception standard: gift to any other guest (CNY)"),
    _("Each guest receives one gift at most."),
)
ESCORTS_EACH_UP_TO = Number(
    "visits_escorts_each_up_to",
    5,
    _("Reception standard: one escort per guest up to this many guests"),
    _("Beyond that, one more escort for every two more guests."),
    minimum=0,
    maximum=100,
)

STANDARDS = (
    HOSTED_DAYS,
    MEALS_MINISTER,
    MEALS_BUREAU,
    MEALS_DIVISION,
    MEALS_OTHER,
    BANQUET_HIGH,
    BANQUET_OTHER,
    BANQUETS_MAX,
    GIFT_HEAD,
    GIFT_OTHER,
    ESCORTS_EACH_UP_TO,
)
RULES = (
    LEAD_DAYS,
    VISA_LEAD_DAYS,
    LEADER_LEAD_WORKING_DAYS,
    LEADER_RANK,
    SUMMARY_DUE_WORKING_DAYS,
    AUTHORISED_LETTER_WORKING_DAYS,
    DEPARTURE_REGISTRATION_DAYS,
    *STANDARDS,
)


def meals_rate(rank: str) -> int:
    """Meals per guest and day for a guest of `rank`."""
    return {
        GuestRank.MINISTER: MEALS_MINISTER,
        GuestRank.BUREAU: MEALS_BUREAU,
        GuestRank.DIVISION: MEALS_DIVISION,
    }.get(GuestRank(rank) if rank in GuestRank.values else GuestRank.OTHER, MEALS_OTHER).value()


def banquet_rate(rank: str) -> int:
    """A banquet per person, by the delegation's highest rank."""
    high = GuestRank.level(rank) <= GuestRank.level(GuestRank.BUREAU)
    return BANQUET_HIGH.value() if high else BANQUET_OTHER.value()


def gift_standard(is_head: bool) -> int:
    return GIFT_HEAD.value() if is_head else GIFT_OTHER.value()


def escorts_standard(guests: int) -> int:
    """Escorts at most for `guests` guests: one each up to the rule's count, then one per
    two more guests."""
    each = ESCORTS_EACH_UP_TO.value()
    if guests <= each:
        return guests
    return each + (guests - each + 1) // 2


def needs_leader(visit: Visit) -> bool:
    """A university leader meets the guests: the host unit says so, or a guest's rank calls
    for it (rank parity, at the level of `LEADER_RANK`)."""
    if visit.leader_meets:
        return True
    if visit.pk is None:
        return False
    threshold = LEADER_RANK.value()
    return any(GuestRank.level(guest.rank) <= threshold for guest in visit.guests.all())


def days_before(day: datetime.date, days: int) -> datetime.date:
    """`days` before `day`, or the first day there is (a date typed in the year 1)."""
    try:
        return day - datetime.timedelta(days=days)
    except OverflowError:
        return datetime.date.min


@dataclass(frozen=True)
class LeadTime:
    """The last day to file a visit, and the rule that sets it."""

    deadline: datetime.date
    rule: str


def lead_time(visit: Visit) -> LeadTime:
    """The strictest of the lead times that apply: the default days, the days when a guest
    needs a visa, the working days when a university leader meets the guests."""
    found = [
        LeadTime(
            days_before(visit.arrival, LEAD_DAYS.value()),
            gettext("%(days)d days before arrival") % {"days": LEAD_DAYS.value()},
        )
    ]
    if visit.visa_needed:
        found.append(
            LeadTime(
                days_before(visit.arrival, VISA_LEAD_DAYS.value()),
                gettext("%(days)d days before arrival, as a guest needs a visa")
                % {"days": VISA_LEAD_DAYS.value()},
            )
        )
    if needs_leader(visit):
        days = LEADER_LEAD_WORKING_DAYS.value()
        found.append(
            LeadTime(
                clock.working_days_before(visit.arrival, days),
                gettext(
                    "%(days)d working days before arrival, as a university leader meets the guests"
                )
                % {"days": days},
            )
        )
    return min(found, key=lambda lead: lead.deadline)


def is_late(visit: Visit, day: datetime.date | None = None) -> bool:
    """Filed (on `day`, today by default) after its lead time."""
    return (day or clock.today()) > lead_time(visit).deadline


def summary_due(visit: Visit) -> datetime.date:
    """The last day to file the visit's summary: the office rule's working days after
    departure."""
    return clock.working_days_after(visit.departure, SUMMARY_DUE_WORKING_DAYS.value())


def authorised_letter_due(filed_on: datetime.date) -> datetime.date:
    return clock.working_days_after(filed_on, AUTHORISED_LETTER_WORKING_DAYS.value())


def departure_registration_due(visit: Visit) -> datetime.date:
    return visit.departure + datetime.timedelta(days=DEPARTURE_REGISTRATION_DAYS.value())
