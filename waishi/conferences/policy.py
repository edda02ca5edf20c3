"""The office's rules for international conferences (core's store of office rules,
`waishi.core.policy`; the director changes them at /staff/policy/).

Every check that can refuse a declaration names its rule: `Breach` carries the rule's label
(in the reader's language) with what breaks it, so a unit reads which rule and by how much."""

from __future__ import annotations

import calendar
import datetime
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from waishi.core.policy import Number, Text, WordList, YesNo

# What makes an international conference -------------------------------------------------


MIN_COUNTRIES = Number(
    "conferences_min_countries",
    3,
    _("Conferences: countries taking part, at least (China included)"),
    _(
        "Hong Kong, Macao and Taiwan are regions of China and do not count. A conference of two "
        "countries is bilateral and follows the same procedure."
    ),
    minimum=2,
    maximum=20,
)

# Size class: a conference with this many participants or more is major.


def _count(key: str, default: int, label: Text) -> Number:
    return Number(
        key,
        default,
        label,
        _("A conference with this many participants or more is major."),
        minimum=1,
        maximum=100000,
    )


MAJOR_SOCIAL_FOREIGN = _count(
    "conferences_major_social_foreign",
    100,
    _("Conferences: major from this many foreign participants (social sciences)"),
)
MAJOR_SOCIAL_TOTAL = _count(
    "conferences_major_social_total",
    400,
    _("Conferences: major from this many participants in all (social sciences)"),
)
MAJOR_NATURAL_FOREIGN = _count(
    "conferences_major_natural_foreign",
    300,
    _("Conferences: major from this many foreign participants (natural sciences)"),
)
MAJOR_NATURAL_TOTAL = _count(
    "conferences_major_natural_total",
    800,
    _("Conferences: major from this many participants in all (natural sciences)"),
)

# Lead times before the start date, in months.


def _months(key: str, default: int, label: Text, help_text: Text) -> Number:
    return Number(key, default, label, help_text, minimum=0, maximum=24)


LEAD_MONTHS_ONSITE = _months(
    "conferences_lead_months_onsite",
    4,
    _("Conferences: apply this many months before an on-site conference"),
    _("Also for one both on site and online. A later declaration is refused."),
)
LEAD_MONTHS_MAJOR = _months(
    "conferences_lead_months_major",
    6,
    _("Conferences: apply this many months before a major conference"),
    _("A later declaration is refused."),
)
LEAD_MONTHS_ONLINE = _months(
    "conferences_lead_months_online",
    2,
    _("Conferences: apply this many months before an online conference"),
    _("A later declaration is refused."),
)
PARTICIPANTS_MONTHS = _months(
    "conferences_participants_list_months",
    1,
    _("Conferences: the foreign participants' list is due this many months before the start"),
    _("For their visas."),
)
CHANGE_MONTHS = _months(
    "conferences_change_months",
    1,
    _("Conferences: ask for a change this many months before the start at the latest"),
    _("A change of name, dates, place, size or participants is approved again."),
)
NGO_FILING_MONTHS = _months(
    "conferences_ngo_filing_months",
    1,
    _(
        "Conferences: an overseas NGO as co-organiser is filed with the police this many months "
        "before the start"
    ),
    _("The declaration is refused when that day has passed."),
)

# Limits.

MAX_DAYS = Number(
    "conferences_max_days",
    5,
    _("Conferences: days at most, arrival and departure included"),
    _("A longer conference is refused."),
    minimum=1,
    maximum=60,
)
FORBIDDEN_WORDS = WordList(
    "conferences_forbidden_words",
    ("峰会", "高峰论坛", "世界大会", "首届", "Summit", "World Congress"),
    _("Conferences: words a conference's name may not use"),
    _("Checked in the Chinese and the English name, whatever the letter case."),
)

# The forecast (预报).

FORECAST_OPENS_MONTH = Number(
    "conferences_forecast_opens_month",
    9,
    _("Conference forecast: the window opens in this month"),
    _("Units forecast next year's conferences in the window."),
    minimum=1,
    maximum=12,
)
FORECAST_OPENS_DAY = Number(
    "conferences_forecast_opens_day",
    1,
    _("Conference forecast: the window opens on this day of its month"),
    minimum=1,
    maximum=31,
)
FORECAST_CLOSES_MONTH = Number(
    "conferences_forecast_closes_month",
    11,
    _("Conference forecast: the window closes in this month"),
    minimum=1,
    maximum=12,
)
FORECAST_CLOSES_DAY = Number(
    "conferences_forecast_closes_day",
    30,
    _("Conference forecast: the window closes on this day of its month (included)"),
    minimum=1,
    maximum=31,
)
SUPPLEMENT_MONTH = Number(
    "conferences_forecast_supplement_month",
    3,
    _("Conference forecast: the supplement for the second half of the year is in this month"),
    minimum=1,
    maximum=12,
)

# After the conference.

SUMMARY_MONTHS = _months(
    "conferences_summary_due_months",
    2,
    _("Conferences: the summary is due this many months after the end"),
    _("The unit is reminded before; when it is overdue, its head as well."),
)
BLOCK_OVERDUE_SUMMARY = YesNo(
    "conferences_block_overdue_summary",
    True,
    _("Conferences: a unit with an overdue summary cannot declare a new conference"),
    _("Switch off to let such units declare."),
)
PASSPORT_DELETION_DAYS = Number(
    "conferences_passport_deletion_days",
    180,
    _("Conferences: participants' passport data is deleted this many days after the end"),
    minimum=1,
    maximum=3650,
)
SUMMARY_MIN_CHARACTERS = Number(
    "conferences_summary_min_characters",
    3000,
    _("Conferences: the summary's academic review has at least this many characters"),
    _("Spaces and line breaks are not counted."),
    minimum=0,
    maximum=100000,
)
SUMMARY_MIN_PHOTOS = Number(
    "conferences_summary_min_photos",
    3,
    _("Conferences: the summary has at least this many captioned photos"),
    minimum=0,
    maximum=50,
)
SUMMARY_MAX_PHOTOS = Number(
    "conferences_summary_max_photos",
    5,
    _("Conferences: the summary has at most this many photos"),
    minimum=1,
    maximum=50,
)
# Public registration on a conference's page.
REGISTRATIONS_PER_ADDRESS = Number(
    "conferences_registrations_per_address_hour",
    5,
    _("Conferences: public registrations from one internet address in an hour, at most"),
    _("More are refused for the rest of the hour (HTTP 429)."),
    minimum=1,
    maximum=1000,
)
REGISTRATIONS_PER_EMAIL = Number(
    "conferences_registrations_per_email_day",
    3,
    _("Conferences: public registrations with one e-mail address in a day, at most"),
    _("More are refused for the rest of the day (HTTP 429)."),
    minimum=1,
    maximum=100,
)
REGISTRATION_LINK_HOURS = Number(
    "conferences_registration_link_hours",
    48,
    _("Conferences: hours a registration's confirmation link stays valid"),
    _("An unconfirmed registration never reaches the organisers."),
    minimum=1,
    maximum=720,
)
REGISTRATION_MIN_SECONDS = Number(
    "conferences_registration_min_seconds",
    3,
    _("Conferences: seconds a person takes at least to fill in the registration form"),
    _("A form sent sooner is taken for a robot's: it is answered, but nothing is kept."),
    minimum=0,
    maximum=600,
)

RULES = (
    MIN_COUNTRIES,
    MAJOR_SOCIAL_FOREIGN,
    MAJOR_SOCIAL_TOTAL,
    MAJOR_NATURAL_FOREIGN,
    MAJOR_NATURAL_TOTAL,
    LEAD_MONTHS_ONSITE,
    LEAD_MONTHS_MAJOR,
    LEAD_MONTHS_ONLINE,
    PARTICIPANTS_MONTHS,
    CHANGE_MONTHS,
    NGO_FILING_MONTHS,
    MAX_DAYS,
    FORBIDDEN_WORDS,
    FORECAST_OPENS_MONTH,
    FORECAST_OPENS_DAY,
    FORECAST_CLOSES_MONTH,
    FORECAST_CLOSES_DAY,
    SUPPLEMENT_MONTH,
    SUMMARY_MONTHS,
    BLOCK_OVERDUE_SUMMARY,
    PASSPORT_DELETION_DAYS,
    SUMMARY_MIN_CHARACTERS,
    SUMMARY_MIN_PHOTOS,
    SUMMARY_MAX_PHOTOS,
    REGISTRATIONS_PER_ADDRESS,
    REGISTRATIONS_PER_EMAIL,
    REGISTRATION_LINK_HOURS,
    REGISTRATION_MIN_SECONDS,
)


def _day_of(year: int, month: int, day: int) -> datetime.date:
    """That day, or the last of its month (30 February is 28 or 29)."""
    return datetime.date(year, month, min(day, calendar.monthrange(year, month)[1]))


def _shift(day: datetime.date, months: int) -> datetime.date:
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    if year < datetime.MINYEAR:
        return datetime.date.min
    if year > datetime.MAXYEAR:
        return datetime.date.max
    return _day_of(year, month + 1, day.day)


def months_before(day: datetime.date, months: int) -> datetime.date:
    """`months` before `day` (the same day of the month, or its last day), or the first day
    there is (a date typed in the year 1)."""
    return _shift(day, -months)


def months_after(day: datetime.date, months: int) -> datetime.date:
    return _shift(day, months)


@dataclass(frozen=True)
class ForecastWindow:
    """A window in which units forecast, and what they forecast in it."""

    opens: datetime.date
    closes: datetime.date
    year: int  # the year forecast
    half: str  # `Half`


def forecast_windows(year: int) -> list[ForecastWindow]:
    """The windows that fall in `year`: the March supplement (this year's second half) and
    the autumn forecast (next year)."""
    from waishi.conferences.enums import Half

    supplement = SUPPLEMENT_MONTH.value()
    opens = _day_of(year, FORECAST_OPENS_MONTH.value(), FORECAST_OPENS_DAY.value())
    closes = _day_of(year, FORECAST_CLOSES_MONTH.value(), FORECAST_CLOSES_DAY.value())
    return [
        ForecastWindow(
            _day_of(year, supplement, 1),
            _day_of(year, supplement, 31),
            year,
            Half.SECOND_HALF,
        ),
        ForecastWindow(opens, closes, year + 1, Half.YEAR),
    ]


def forecast_window_on(day: datetime.date) -> ForecastWindow | None:
    """The window open on `day`, or None."""
    for window in forecast_windows(day.year):
        if window.opens <= day <= window.closes:
            return window
    return None


def next_forecast_window(day: datetime.date) -> ForecastWindow:
    """The window open on `day`, or the next one to open."""
    for year in (day.year, day.year + 1):
        for window in forecast_windows(year):
            if day <= window.closes:
                return window
    raise AssertionError("a window opens every year")
