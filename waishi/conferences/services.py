"""Every write of the conferences app: forecasts, the declaration and its versions,
submission, changes after approval and the external filing; and the checks of the office's
rules they share with the declaration form (`assess`).

Each function is atomic, names the acting user `by`, writes history (who changed what) and
says in its docstring whom it notifies. Refusals raise `ValidationError` (bad state or input,
a message for the user; a rule broken is named, see `Breach`) or `PermissionDenied` (not theirs
to do); nothing changes then.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, TypedDict, Unpack

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from waishi.conferences import approval, policy, queries
from waishi.conferences.enums import (
    EDITABLE,
    ConferenceStatus,
    Discipline,
    Format,
    SizeClass,
    VersionStatus,
)
from waishi.conferences.models import (
    Conference,
    ConferenceVersion,
    ExternalFiling,
    Forecast,
    Organiser,
)
from waishi.conferences.search import search_text_refresh
from waishi.core import changes, clock
from waishi.core.forms import stripped_values
from waishi.core.geography import place_count_of
from waishi.core.history import history_by
from waishi.core.models import Country, Unit, User
from waishi.core.permissions import require
from waishi.core.policy import Text
from waishi.partners.models import Institution
from waishi.people.models import Person

CONFERENCE_FIELDS = ("unit", "responsible", "forecast")
VERSION_FIELDS = (
    "name_zh",
    "name_en",
    "discipline",
    "format",
    "starts_on",
    "ends_on",
    "venue",
    "city",
    "outside_home_city",
    "expected_total",
    "expected_foreign",
    "expected_countries",
    "un_body",
    "minister_attends",
    "state_leaders_invited",
    "sensitive_topic",
    "budget",
    "funding_source",
    "late_reason",
    "change_reason",
)
# What a change copies from the version before (everything declared).
COPIED_FIELDS = tuple(name for name in VERSION_FIELDS if name not in ("late_reason",))
ORGANISER_FIELDS = ("institution", "name", "role", "overseas_ngo")
FORECAST_FIELDS = (
    "unit",
    "name",
    "expected_month",
    "expected_start",
    "expected_end",
    "size_class",
    "notes",
)


class ConferenceValues(TypedDict, total=False):
    """What a declaration is given (what is given is set): the conference's own fields and
    those of its version."""

    unit: Unit
    responsible: Person
    forecast: Forecast | None
    name_zh: str
    name_en: str
    discipline: str
    format: str
    starts_on: datetime.date
    ends_on: datetime.date
    venue: str
    city: str
    outside_home_city: bool
    expected_total: int
    expected_foreign: int
    expected_countries: int
    un_body: bool
    minister_attends: bool
    state_leaders_invited: bool
    sensitive_topic: bool
    budget: Decimal | None
    funding_source: str
    late_reason: str
    change_reason: str


class OrganiserRow(TypedDict, total=False):
    """An organiser as the services take it: a partner of the register or a name."""

    institution: Institution | None
    name: str
    role: str
    overseas_ngo: bool


class ForecastValues(TypedDict, total=False):
    unit: Unit
    name: str
    expected_month: int | None
    expected_start: datetime.date | None
    expected_end: datetime.date | None
    size_class: str
    notes: str


# The office's rules, checked ------------------------------------------------------------


@dataclass(frozen=True)
class Breach:
    """A rule a declaration breaks: the rule (its key in the store, when it is one) and its
    name as the office reads it, with what breaks it."""

    rule: str
    label: Text
    message: str

    def __str__(self) -> str:
        return _("%(rule)s: %(message)s") % {"rule": self.label, "message": self.message}


@dataclass(frozen=True)
class Sizing:
    """A conference's size class and why."""

    size_class: str
    reasons: tuple[str, ...]

    @property
    def is_major(self) -> bool:
        return self.size_class == SizeClass.MAJOR


def size_class(
    discipline: str,
    total: int | None,
    foreign: int | None,
    *,
    un_body: bool = False,
    minister_attends: bool = False,
    state_leaders_invited: bool = False,
    sensitive_topic: bool = False,
) -> Sizing:
    """Major when the participants reach the office's numbers for its discipline (social
    sciences: `MAJOR_SOCIAL_*`, natural sciences: `MAJOR_NATURAL_*`) or when one of the
    flags is set; general otherwise."""
    if discipline == Discipline.SOCIAL:
        foreign_rule, total_rule = policy.MAJOR_SOCIAL_FOREIGN, policy.MAJOR_SOCIAL_TOTAL
    else:
        foreign_rule, total_rule = policy.MAJOR_NATURAL_FOREIGN, policy.MAJOR_NATURAL_TOTAL
    reasons: list[str] = []
    if foreign is not None and foreign >= foreign_rule.value():
        reasons.append(
            _("%(count)d foreign participants (major from %(limit)d)")
            % {"count": foreign, "limit": foreign_rule.value()}
        )
    if total is not None and total >= total_rule.value():
        reasons.append(
            _("%(count)d participants in all (major from %(limit)d)")
            % {"count": total, "limit": total_rule.value()}
        )
    flags = (
        (un_body, _("a UN or intergovernmental body takes part")),
        (minister_attends, _("a minister or a former head of state attends")),
        (state_leaders_invited, _("state leaders are invited")),
        (sensitive_topic, _("the topic is sensitive")),
    )
    reasons += [str(label) for flagged, label in flags if flagged]
    return Sizing(SizeClass.MAJOR if reasons else SizeClass.GENERAL, tuple(reasons))


def version_sizing(version: ConferenceVersion) -> Sizing:
    return size_class(
        version.discipline,
        version.expected_total,
        version.expected_foreign,
        un_body=version.un_body,
        minister_attends=version.minister_attends,
        state_leaders_invited=version.state_leaders_invited,
        sensitive_topic=version.sensitive_topic,
    )


def countries_counted(countries: Iterable[Country] | None, typed: int | None) -> int:
    """Countries taking part as the office counts them: from the list when there is one
    (Hong Kong, Macao and Taiwan not counted), else the number typed."""
    places = list(countries or [])
    if places:
        return place_count_of(places).countries
    return typed or 0


@dataclass(frozen=True)
class Deadline:
    """A date a conference must meet, and the rule that sets it."""

    date: datetime.date
    rule: Text
    key: str


@dataclass(frozen=True)
class Deadlines:
    """Every date the office's rules set for one version."""

    application: Deadline
    participants_list: Deadline
    change: Deadline
    summary: Deadline
    ngo_filing: Deadline | None


def application_rule(version_format: str, major: bool) -> policy.Number:
    """The lead time that applies: the major one, else the online one, else on site (also
    for a hybrid conference)."""
    if major:
        return policy.LEAD_MONTHS_MAJOR
    if version_format == Format.ONLINE:
        return policy.LEAD_MONTHS_ONLINE
    return policy.LEAD_MONTHS_ONSITE


def deadlines(
    starts_on: datetime.date,
    ends_on: datetime.date,
    *,
    version_format: str,
    major: bool,
    overseas_ngo: bool = False,
) -> Deadlines:
    lead = application_rule(version_format, major)

    def before(rule: policy.Number) -> Deadline:
        return Deadline(policy.months_before(starts_on, rule.value()), rule.label, rule.key)

    return Deadlines(
        application=before(lead),
        participants_list=before(policy.PARTICIPANTS_MONTHS),
        change=before(policy.CHANGE_MONTHS),
        summary=Deadline(
            policy.months_after(ends_on, policy.SUMMARY_MONTHS.value()),
            policy.SUMMARY_MONTHS.label,
            policy.SUMMARY_MONTHS.key,
        ),
        ngo_filing=before(policy.NGO_FILING_MONTHS) if overseas_ngo else None,
    )


def version_deadlines(version: ConferenceVersion) -> Deadlines:
    ngo = version.pk is not None and version.organisers.filter(overseas_ngo=True).exists()
    return deadlines(
        version.starts_on,
        version.ends_on,
        version_format=version.format,
        major=version.is_major,
        overseas_ngo=ngo,
    )


def overdue_summaries(unit: Unit, today: datetime.date | None = None) -> QuerySet[Conference]:
    """The unit's approved conferences whose summary is overdue: ended more than the office
    rule's months ago and not closed (a conference is closed when its summary is filed)."""
    today = today or clock.today()
    ended_before = policy.months_before(today, policy.SUMMARY_MONTHS.value())
    return Conference.objects.filter(
        unit=unit,
        status__in=[ConferenceStatus.APPROVED, ConferenceStatus.CHANGING],
        current_version__ends_on__lt=ended_before,
    ).order_by("pk")


@dataclass
class Assessment:
    """What the office's rules say of a declaration as it stands: its size class, the
    countries counted, the dates it must meet and every rule it breaks."""

    sizing: Sizing
    countries: int
    deadlines: Deadlines | None
    breaches: list[Breach] = field(default_factory=list)
    late: bool = False

    @property
    def bilateral(self) -> bool:
        return self.countries == 2 and policy.MIN_COUNTRIES.value() > 2

    @property
    def messages(self) -> list[str]:
        return [str(breach) for breach in self.breaches]


def _breach(rule: policy.Number | policy.WordList | policy.YesNo, message: str) -> Breach:
    return Breach(rule.key, rule.label, message)


def assess(
    values: ConferenceValues,
    *,
    organisers: Sequence[OrganiserRow] = (),
    countries: Iterable[Country] | None = None,
    today: datetime.date | None = None,
    change: bool = False,
    late_allowed: bool = False,
) -> Assessment:
    """Check a declaration (or a change, `change=True`) against the office's rules on
    `today`: every rule it breaks is named. Lateness is not a breach when `late_allowed`
    (the office files it late with a reason; it is marked late)."""
    today = today or clock.today()
    sizing = size_class(
        values.get("discipline") or Discipline.SOCIAL,
        values.get("expected_total"),
        values.get("expected_foreign"),
        un_body=bool(values.get("un_body")),
        minister_attends=bool(values.get("minister_attends")),
        state_leaders_invited=bool(values.get("state_leaders_invited")),
        sensitive_topic=bool(values.get("sensitive_topic")),
    )
    counted = countries_counted(countries, values.get("expected_countries"))
    result = Assessment(sizing, counted, None)
    breaches = result.breaches
    # Names.
    words = policy.FORBIDDEN_WORDS.value()
    names = " ".join(str(values.get(name) or "") for name in ("name_zh", "name_en")).casefold()
    used = [word for word in words if word.casefold() in names]
    if used:
        breaches.append(
            _breach(
                policy.FORBIDDEN_WORDS,
                _("the name uses %(words)s.") % {"words": "、".join(used)},
            )
        )
    # Countries.
    if counted and counted < 2:
        breaches.append(
            _breach(
                policy.MIN_COUNTRIES,
                _(
                    "participants from one country only are expected: an international "
                    "conference has at least %(min)d countries (two make it bilateral)."
                )
                % {"min": policy.MIN_COUNTRIES.value()},
            )
        )
    starts_on, ends_on = values.get("starts_on"), values.get("ends_on")
    if not (starts_on and ends_on) or ends_on < starts_on:
        return result
    days = (ends_on - starts_on).days + 1
    if days > policy.MAX_DAYS.value():
        breaches.append(
            _breach(
                policy.MAX_DAYS,
                _("it lasts %(days)d days; at most %(max)d, arrival and departure included.")
                % {"days": days, "max": policy.MAX_DAYS.value()},
            )
        )
    ngo = any(row.get("overseas_ngo") for row in organisers)
    found = deadlines(
        starts_on,
        ends_on,
        version_format=values.get("format") or Format.ONSITE,
        major=sizing.is_major,
        overseas_ngo=ngo,
    )
    result.deadlines = found
    if change:
        if today > found.change.date:
            breaches.append(
                _breach(
                    policy.CHANGE_MONTHS,
                    _("a change had to be asked for by %(date)s.")
                    % {"date": found.change.date.isoformat()},
                )
            )
    elif today > found.application.date:
        result.late = True
        if not late_allowed:
            breaches.append(
                _breach(
                    application_rule(values.get("format") or Format.ONSITE, sizing.is_major),
                    _(
                        "a %(class)s conference starting on %(start)s had to be declared by "
                        "%(date)s."
                    )
                    % {
                        "class": SizeClass(sizing.size_class).label,
                        "start": starts_on.isoformat(),
                        "date": found.application.date.isoformat(),
                    },
                )
            )
    if found.ngo_filing is not None and today > found.ngo_filing.date:
        breaches.append(
            _breach(
                policy.NGO_FILING_MONTHS,
                _("an overseas NGO co-organises: its police filing was due by %(date)s.")
                % {"date": found.ngo_filing.date.isoformat()},
            )
        )
    return result


def _declaration_breaches(
    conference: Conference | None, values: ConferenceValues, sizing: Sizing, today: datetime.date
) -> list[Breach]:
    """The rules only a first declaration meets: a major conference was forecast, and the
    unit has no overdue summary (while the office keeps that block on)."""
    found: list[Breach] = []
    forecast = values.get("forecast", conference.forecast if conference else None)
    if sizing.is_major and forecast is None:
        found.append(
            Breach(
                "forecast",
                _("Forecast"),
                _(
                    "a major conference (%(why)s) is declared only when it was forecast; "
                    "choose its forecast."
                )
                % {"why": "; ".join(sizing.reasons)},
            )
        )
    unit = values.get("unit", conference.unit if conference else None)
    if unit is not None and policy.BLOCK_OVERDUE_SUMMARY.value():
        others = overdue_summaries(unit, today)
        if conference is not None:
            others = others.exclude(pk=conference.pk)
        # Unordered, so the database reads the unit's index (ordered by pk, it read them all).
        overdue = sorted(others.order_by().values_list("reference", flat=True)[:50])[:5]
        if overdue:
            found.append(
                Breach(
                    policy.BLOCK_OVERDUE_SUMMARY.key,
                    policy.BLOCK_OVERDUE_SUMMARY.label,
                    _("the unit's summary of %(refs)s is overdue; file it first.")
                    % {"refs": ", ".join(overdue)},
                )
            )
    return found


def _refuse(breaches: list[Breach]) -> None:
    if breaches:
        raise ValidationError({NON_FIELD_ERRORS: [str(breach) for breach in breaches]})


# The declaration -----------------------------------------------------------------------------


def conference_check(values: ConferenceValues, *, by: User) -> None:
    """Raise ValidationError (by field) unless the declaration can be kept: end after start,
    a unit the user may declare for, a responsible person from it, a forecast of the unit not
    already declared."""
    errors: dict[str, list[str]] = {}
    starts_on, ends_on = values.get("starts_on"), values.get("ends_on")
    if starts_on and ends_on and ends_on < starts_on:
        errors.setdefault("ends_on", []).append(_("The end must not be before the start."))
    total, foreign = values.get("expected_total"), values.get("expected_foreign")
    if total is not None and foreign is not None and foreign > total:
        errors.setdefault("expected_foreign", []).append(
            _("Foreign participants cannot be more than all participants.")
        )
    unit = values.get("unit")
    if unit is not None and not queries.units_for_user(by).filter(pk=unit.pk).exists():
        errors.setdefault("unit", []).append(
            _("You may declare conferences only for your own units.")
        )
    responsible = values.get("responsible")
    if (
        responsible is not None
        and not queries.responsibles_for_user(by).filter(pk=responsible.pk).exists()
    ):
        errors.setdefault("responsible", []).append(
            _("Choose a member of staff of the organising unit.")
        )
    forecast = values.get("forecast")
    if forecast is not None and unit is not None and forecast.unit_id != unit.pk:
        errors.setdefault("forecast", []).append(_("Choose a forecast of the organising unit."))
    if errors:
        raise ValidationError(errors)


def _assign_reference(conference: Conference) -> None:
    # Numbered from its row, once it has one; one act, one line of history.
    if not conference.reference:
        conference.reference = f"HY{conference.created_at:%Y}-{conference.pk:05d}"
        changes.update(Conference.objects.filter(pk=conference.pk), reference=conference.reference)


def _organisers_set(version: ConferenceVersion, rows: Iterable[OrganiserRow], by: User) -> None:
    """Make the version's organisers exactly `rows`."""
    for organiser in version.organisers.all():
        history_by(organiser, by)
        organiser.delete()
    for row in rows:
        given = stripped_values(dict(row), ORGANISER_FIELDS)
        if given.get("institution") is None and not given.get("name"):
            continue
        organiser = Organiser(version=version, **given)
        organiser.full_clean(exclude=["version"])
        history_by(organiser, by)
        organiser.save()


def _version_apply(
    version: ConferenceVersion,
    given: dict[str, Any],
    countries: Iterable[Country] | None,
) -> None:
    for name, value in given.items():
        if name in VERSION_FIELDS:
            setattr(version, name, value)
    if countries is not None:
        places = list(countries)
        if places:
            version.expected_countries = countries_counted(places, None)
    version.size_class = version_sizing(version).size_class


def _late_allowed(by: User, values: ConferenceValues) -> bool:
    """The office may file a declaration after its lead time, with the reason."""
    return bool(by.has_perm("conferences.manage_conference") and values.get("late_reason"))


@transaction.atomic
def conference_create(
    *,
    by: User,
    organisers: Sequence[OrganiserRow] = (),
    countries: Iterable[Country] | None = None,
    **values: Unpack[ConferenceValues],
) -> Conference:
    """Declare a conference: the conference and its version 1 (a draft to submit), with its
    organisers and the countries expected. Refused (ValidationError) with every office rule it
    breaks named: late for its class, too long, a forbidden word, too few countries, a major
    conference not forecast, a unit with an overdue summary. Side effects: history."""
    require(by.has_perm("conferences.add_conference"))
    given: dict[str, Any] = stripped_values(dict(values), CONFERENCE_FIELDS + VERSION_FIELDS)
    conference_check(values, by=by)
    places = list(countries) if countries is not None else None
    today = clock.today()
    result = assess(
        values,
        organisers=organisers,
        countries=places,
        today=today,
        late_allowed=_late_allowed(by, values),
    )
    _refuse(result.breaches + _declaration_breaches(None, values, result.sizing, today))
    forecast = given.get("forecast")
    if forecast is not None and Conference.objects.filter(forecast=forecast).exists():
        raise ValidationError({"forecast": [_("This forecast has already been declared.")]})
    conference = Conference(
        applicant=by,
        unit=given["unit"],
        responsible=given["responsible"],
        forecast=forecast,
    )
    history_by(conference, by)
    conference.save()
    _assign_reference(conference)
    version = ConferenceVersion(conference=conference, number=1, created_by=by)
    _version_apply(version, given, places)
    version.filed_late = result.late
    version.full_clean(exclude=["conference", "created_by", "countries"])
    history_by(version, by)
    version.save()
    if places is not None:
        version.countries.set(places)
    _organisers_set(version, organisers, by)
    conference.current_version = version
    conference.save()
    search_text_refresh([conference.pk])
    return conference


def require_editable(conference: Conference, by: User) -> ConferenceVersion:
    """The version to edit (the current one): PermissionDenied unless `by` may act on the
    conference; ValidationError once it has been submitted."""
    require(by.has_perm("conferences.change_conference", conference))
    version = conference.current_version
    if version is None or version.status not in EDITABLE:
        raise ValidationError(
            _("This declaration has been submitted (%(status)s) and can no longer be edited.")
            % {"status": conference.get_status_display()}
        )
    return version


@transaction.atomic
def conference_update(
    conference: Conference,
    *,
    by: User,
    organisers: Sequence[OrganiserRow] | None = None,
    countries: Iterable[Country] | None = None,
    **values: Unpack[ConferenceValues],
) -> Conference:
    """Change the version being declared (a draft or returned one: the first declaration or
    a change), and its organisers and countries when given. Refused, like a declaration, with
    every rule it breaks named. Side effects: history."""
    current = Conference.objects.select_for_update().get(pk=conference.pk)
    version = require_editable(current, by)
    given: dict[str, Any] = stripped_values(dict(values), CONFERENCE_FIELDS + VERSION_FIELDS)
    checked: ConferenceValues = {**values}
    # A unit or person kept from before stays allowed (the office may have set it).
    if checked.get("unit") is not None and checked["unit"].pk == current.unit_id:
        checked.pop("unit")
    if checked.get("responsible") is not None and checked["responsible"].pk == (
        current.responsible_id
    ):
        checked.pop("responsible")
    conference_check(checked, by=by)
    if version.number > 1:
        # The conference's unit and forecast stay as approved; a change is of the version.
        for name in CONFERENCE_FIELDS:
            given.pop(name, None)
    places = list(countries) if countries is not None else None
    _version_apply(version, given, places)
    merged = _values_of(version) | {
        "unit": given.get("unit", current.unit),
        "forecast": given.get("forecast", current.forecast),
    }
    rows = organisers if organisers is not None else _organiser_rows(version)
    today = clock.today()
    result = assess(
        merged,
        organisers=rows,
        countries=places if places is not None else list(version.countries.all()),
        today=today,
        change=version.number > 1,
        late_allowed=_late_allowed(by, merged),
    )
    breaches = result.breaches
    if version.number == 1:
        breaches += _declaration_breaches(current, merged, result.sizing, today)
    _refuse(breaches)
    version.filed_late = result.late
    for name in CONFERENCE_FIELDS:
        if name in given:
            setattr(current, name, given[name])
    version.full_clean(exclude=["conference", "created_by", "countries"])
    history_by(version, by)
    version.save()
    if places is not None:
        version.countries.set(places)
    if organisers is not None:
        _organisers_set(version, organisers, by)
    history_by(current, by)
    current.save()
    search_text_refresh([current.pk])
    conference.refresh_from_db()
    return current


def _values_of(version: ConferenceVersion) -> ConferenceValues:
    values: dict[str, Any] = {name: getattr(version, name) for name in VERSION_FIELDS}
    return ConferenceValues(**values)  # type: ignore[typeddict-item]


def _organiser_rows(version: ConferenceVersion) -> list[OrganiserRow]:
    return [
        OrganiserRow(
            institution=organiser.institution,
            name=organiser.name,
            role=organiser.role,
            overseas_ngo=organiser.overseas_ngo,
        )
        for organiser in (
            # A page that read them already (with their institutions) is not asked again.
            version.organisers.all()
            if "organisers" in getattr(version, "_prefetched_objects_cache", {})
            else version.organisers.select_related("institution")
        )
    ]


def conference_assessment(conference: Conference, today: datetime.date | None = None) -> Assessment:
    """The office's rules on the current version as it stands (for its page and submit)."""
    version = conference.current_version
    assert version is not None
    values = _values_of(version) | {"unit": conference.unit, "forecast": conference.forecast}
    today = today or clock.today()
    if version.submitted_at is not None and version.status not in EDITABLE:
        # A version sent for approval is judged as it was sent: its lead time does not run
        # out while it waits, nor after it is approved.
        today = min(today, timezone.localdate(version.submitted_at))
    result = assess(
        values,
        organisers=_organiser_rows(version),
        countries=list(version.countries.all()),
        today=today,
        change=version.number > 1,
        late_allowed=bool(version.filed_late and version.late_reason),
    )
    if version.number == 1:
        result.breaches += _declaration_breaches(conference, values, result.sizing, today)
    return result


def form_assessment(
    values: ConferenceValues,
    *,
    by: User,
    conference: Conference | None = None,
    organisers: Sequence[OrganiserRow] = (),
    countries: Iterable[Country] | None = None,
) -> Assessment:
    """The office's rules on a declaration (or a change of `conference`) as typed so far,
    for the form that shows them as the user types. Nothing is saved."""
    today = clock.today()
    change = False
    if conference is not None:
        version = conference.current_version
        change = conference.has_approval or (version is not None and version.number > 1)
        values = {"unit": conference.unit, "forecast": conference.forecast, **values}
    result = assess(
        values,
        organisers=organisers,
        countries=countries,
        today=today,
        change=change,
        late_allowed=_late_allowed(by, values),
    )
    if not change:
        result.breaches += _declaration_breaches(conference, values, result.sizing, today)
    return result


@transaction.atomic
def conference_submit(conference: Conference, *, by: User) -> Conference:
    """Send the current version (the declaration, or a change) into approval: the engine
    computes the chain (see `approval.py`) and notifies the first approvers. Refused with
    every rule it breaks on the day it is sent."""
    current = Conference.objects.select_for_update().get(pk=conference.pk)
    version = require_editable(current, by)
    result = conference_assessment(current)
    _refuse(result.breaches)
    version.filed_late = result.late
    version.submitted_at = timezone.now()
    history_by(version, by)
    version.save()
    comment = ""
    if result.late and result.deadlines is not None:
        comment = _("Filed late: the rule is %(rule)s (by %(date)s). Reason: %(reason)s") % {
            "rule": result.deadlines.application.rule,
            "date": result.deadlines.application.date.isoformat(),
            "reason": version.late_reason,
        }
    elif version.number > 1 and version.change_reason:
        comment = version.change_reason
    from waishi.workflow.services import approval_submit

    approval_submit(version, kind=approval.KIND, by=by, comment=comment)
    current.refresh_from_db()
    conference.refresh_from_db()
    return current


@transaction.atomic
def conference_withdraw(conference: Conference, *, by: User) -> Conference:
    """Withdraw the version being declared before it is decided (its open request is
    withdrawn in the engine too). A first declaration withdrawn leaves the conference
    withdrawn; a change withdrawn leaves the version approved before in force."""
    from waishi.workflow.enums import RequestState
    from waishi.workflow.services import approval_withdraw

    current = Conference.objects.select_for_update().get(pk=conference.pk)
    require(by.has_perm("conferences.change_conference", current))
    version = current.current_version
    if version is None or version.status not in (*EDITABLE, VersionStatus.IN_APPROVAL):
        raise ValidationError(_("This declaration can no longer be withdrawn."))
    request = approval.request_of(version)
    if request is not None and request.state in RequestState.open_states():
        if request.applicant_id != by.pk:
            raise ValidationError(
                _("Only the one who filed it may withdraw a declaration in approval.")
            )
        approval_withdraw(request, by=by)
    else:
        history_by(version, by)
        history_by(current, by)
        if version.number > 1:
            approval.back_to_approved(version, VersionStatus.WITHDRAWN)
        else:
            approval.set_status(version, VersionStatus.WITHDRAWN, ConferenceStatus.CANCELLED)
    current.refresh_from_db()
    conference.refresh_from_db()
    return current


# Changes after approval ----------------------------------------------------------------------


@transaction.atomic
def conference_change(
    conference: Conference,
    *,
    by: User,
    organisers: Sequence[OrganiserRow] | None = None,
    countries: Iterable[Country] | None = None,
    **values: Unpack[ConferenceValues],
) -> ConferenceVersion:
    """Ask for a change of an approved conference: a new version, copied from the current
    one with `values` applied (a draft to submit; it is approved again). The versions before
    are kept. Refused once the change lead time has passed (`CHANGE_MONTHS`), and with every
    other rule the new version breaks. Side effects: history."""
    current = Conference.objects.select_for_update().get(pk=conference.pk)
    require(by.has_perm("conferences.change_conference", current))
    if current.status != ConferenceStatus.APPROVED:
        raise ValidationError(
            _("Only an approved conference can be changed, and one change at a time.")
        )
    before = current.current_version
    assert before is not None
    if not (values.get("change_reason") or "").strip():
        raise ValidationError({"change_reason": [_("Say what changes and why.")]})
    given: dict[str, Any] = stripped_values(dict(values), VERSION_FIELDS)
    version = ConferenceVersion(
        conference=current,
        number=current.versions.count() + 1,
        created_by=by,
        **{name: getattr(before, name) for name in COPIED_FIELDS},
    )
    version.late_reason = ""
    places = list(countries) if countries is not None else list(before.countries.all())
    _version_apply(version, given, places)
    rows = organisers if organisers is not None else _organiser_rows(before)
    result = assess(_values_of(version), organisers=rows, countries=places, change=True)
    _refuse(result.breaches)
    conference_check(_values_of(version), by=by)
    version.full_clean(exclude=["conference", "created_by", "countries"])
    history_by(version, by)
    version.save()
    version.countries.set(places)
    _organisers_set(version, rows, by)
    current.current_version = version
    history_by(current, by)
    current.save()
    search_text_refresh([current.pk])
    conference.refresh_from_db()
    return version


# The external filing ---------------------------------------------------------------------------


@transaction.atomic
def filing_record(
    version: ConferenceVersion,
    *,
    by: User,
    authority: str,
    filed_on: datetime.date,
    number: str = "",
    file: UploadedFile | None = None,
) -> ExternalFiling:
    """Record the approval or filing of an approved version with an outside authority
    (authority, number, date, its document). The office's. Side effects: history."""
    require(by.has_perm("conferences.manage_conference"))
    if version.status not in (VersionStatus.APPROVED, VersionStatus.SUPERSEDED):
        raise ValidationError(
            _("The external filing is recorded once the university has approved the version.")
        )
    filing = ExternalFiling(
        version=version,
        authority=authority.strip(),
        number=number.strip(),
        filed_on=filed_on,
        recorded_by=by,
    )
    if file is not None:
        filing.file = file
    filing.full_clean(exclude=["version", "recorded_by"])
    history_by(filing, by)
    filing.save()
    return filing


# Forecasts ----------------------------------------------------------------------------------


def _forecast_window(today: datetime.date) -> policy.ForecastWindow:
    window = policy.forecast_window_on(today)
    if window is None:
        upcoming = policy.next_forecast_window(today)
        raise ValidationError(
            _("%(rule)s: forecasts are entered from %(opens)s to %(closes)s (the next window).")
            % {
                "rule": policy.FORECAST_OPENS_MONTH.label,
                "opens": upcoming.opens.isoformat(),
                "closes": upcoming.closes.isoformat(),
            }
        )
    return window


def _forecast_check(values: dict[str, Any], by: User, window: policy.ForecastWindow) -> None:
    errors: dict[str, list[str]] = {}
    unit = values.get("unit")
    if unit is not None and not queries.units_for_user(by).filter(pk=unit.pk).exists():
        errors.setdefault("unit", []).append(
            _("You may forecast conferences only for your own units.")
        )
    month = values.get("expected_month")
    if month is not None and not 1 <= month <= 12:
        errors.setdefault("expected_month", []).append(_("A month is 1 to 12."))
    for name in ("expected_start", "expected_end"):
        day = values.get(name)
        if day is not None and day.year != window.year:
            errors.setdefault(name, []).append(
                _("This forecast is for %(year)d.") % {"year": window.year}
            )
    start, end = values.get("expected_start"), values.get("expected_end")
    if start and end and end < start:
        errors.setdefault("expected_end", []).append(_("The end must not be before the start."))
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def forecast_create(*, by: User, **values: Unpack[ForecastValues]) -> Forecast:
    """Forecast a conference, in the forecast window only (1 September to 30 November for
    next year, March for the second half of this one; office rules). Side effects: history."""
    require(by.has_perm("conferences.add_forecast"))
    window = _forecast_window(clock.today())
    given = stripped_values(dict(values), FORECAST_FIELDS)
    _forecast_check(given, by, window)
    forecast = Forecast(entered_by=by, year=window.year, half=window.half, **given)
    forecast.full_clean(exclude=["entered_by", "unit"])
    history_by(forecast, by)
    forecast.save()
    return forecast


@transaction.atomic
def forecast_update(forecast: Forecast, *, by: User, **values: Unpack[ForecastValues]) -> Forecast:
    """Change a forecast, in its window, until it is declared. Side effects: history."""
    current = Forecast.objects.select_for_update().get(pk=forecast.pk)
    require(by.has_perm("conferences.change_forecast", current))
    window = _forecast_window(clock.today())
    if (window.year, window.half) != (current.year, current.half):
        raise ValidationError(_("This forecast's window has closed."))
    if Conference.objects.filter(forecast=current).exists():
        raise ValidationError(_("This forecast has been declared and can no longer change."))
    given = stripped_values(dict(values), FORECAST_FIELDS)
    if given.get("unit") is not None and given["unit"].pk == current.unit_id:
        given.pop("unit")
    _forecast_check(given, by, window)
    for name, value in given.items():
        setattr(current, name, value)
    current.full_clean(exclude=["entered_by", "unit"])
    history_by(current, by)
    current.save()
    forecast.refresh_from_db()
    return current
