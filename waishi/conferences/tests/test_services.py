"""The office's rules on a declaration: size class, countries, lead times and limits, each
refusal naming its rule; forecasts in their window; the external filing."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from waishi.conferences import policy, services
from waishi.conferences.enums import ConferenceStatus, Discipline, Format, Half, SizeClass
from waishi.conferences.models import Conference, Forecast
from waishi.conferences.tests.factories import (
    approved_conference,
    days,
    draft_conference,
    staff_person,
    version_values,
)
from waishi.core.models import Country

pytestmark = pytest.mark.django_db


def messages(error: ValidationError) -> str:
    return " ".join(error.messages)


@pytest.mark.parametrize(
    ("discipline", "total", "foreign", "expected"),
    [
        (Discipline.SOCIAL, 399, 99, SizeClass.GENERAL),
        (Discipline.SOCIAL, 400, 10, SizeClass.MAJOR),
        (Discipline.SOCIAL, 150, 100, SizeClass.MAJOR),
        (Discipline.NATURAL, 799, 299, SizeClass.GENERAL),
        (Discipline.NATURAL, 800, 10, SizeClass.MAJOR),
        (Discipline.NATURAL, 400, 300, SizeClass.MAJOR),
    ],
)
def test_size_class_by_discipline(discipline, total, foreign, expected):
    assert services.size_class(discipline, total, foreign).size_class == expected


def test_a_flag_makes_a_small_conference_major():
    sizing = services.size_class(Discipline.NATURAL, 30, 5, minister_attends=True)
    assert sizing.is_major
    assert "minister" in sizing.reasons[0]


def test_the_thresholds_are_office_rules(office_rule):
    office_rule("conferences_major_social_foreign", 50)
    assert services.size_class(Discipline.SOCIAL, 60, 50).is_major


def test_hong_kong_macao_and_taiwan_are_not_counted_as_countries():
    places = list(Country.objects.filter(code__in=["CN", "FR", "HK", "MO", "TW"]))
    assert services.countries_counted(places, 99) == 2
    places.append(Country.objects.get(code="DE"))
    assert services.countries_counted(places, None) == 3


def test_a_declaration_counts_its_countries_without_hong_kong(personas):
    places = Country.objects.filter(code__in=["CN", "FR", "DE", "HK"])
    version = draft_conference(personas.teacher, countries=places)
    assert version.expected_countries == 3
    assert version.countries.count() == 4


def test_one_country_is_not_an_international_conference(personas):
    with pytest.raises(ValidationError) as refused:
        draft_conference(personas.teacher, countries=Country.objects.filter(code__in=["CN"]))
    assert "Conferences: countries taking part, at least" in messages(refused.value)


def test_a_declaration_three_months_ahead_is_refused_with_the_rule_named(personas):
    with pytest.raises(ValidationError) as refused:
        draft_conference(personas.teacher, start=91)
    text = messages(refused.value)
    assert "Conferences: apply this many months before an on-site conference" in text
    assert policy.months_before(days(91), 4).isoformat() in text
    assert not Conference.objects.exists()


def test_online_three_months_ahead_is_in_time(personas):
    version = draft_conference(personas.teacher, start=91, format=Format.ONLINE)
    assert not version.filed_late


def test_the_office_may_file_late_with_a_reason(personas):
    person = staff_person(personas.teacher)
    conference = services.conference_create(
        by=personas.office_staff,
        unit=personas.college,
        responsible=person,
        late_reason="The ministry asked for it last week.",
        **version_values(start=91),
    )
    assert conference.current_version is not None
    assert conference.current_version.filed_late


def test_a_major_conference_not_forecast_is_refused(personas):
    with pytest.raises(ValidationError) as refused:
        draft_conference(personas.teacher, start=250, sensitive_topic=True)
    text = messages(refused.value)
    assert "Forecast: a major conference" in text
    assert "the topic is sensitive" in text


def test_a_major_conference_forecast_may_be_declared(personas):
    forecast = Forecast.objects.create(
        unit=personas.college, year=days(250).year, name="大会", entered_by=personas.teacher
    )
    version = draft_conference(personas.teacher, start=250, sensitive_topic=True, forecast=forecast)
    assert version.size_class == SizeClass.MAJOR
    assert version.conference.forecast == forecast


def test_a_major_conference_needs_six_months(personas):
    forecast = Forecast.objects.create(
        unit=personas.college, year=days(160).year, name="大会", entered_by=personas.teacher
    )
    with pytest.raises(ValidationError) as refused:
        draft_conference(personas.teacher, start=160, un_body=True, forecast=forecast)
    assert "Conferences: apply this many months before a major conference" in messages(
        refused.value
    )


def test_too_long_and_forbidden_words_are_named(personas):
    with pytest.raises(ValidationError) as refused:
        draft_conference(personas.teacher, length=7, name_zh="首届计算数学高峰论坛")
    text = messages(refused.value)
    assert "Conferences: days at most" in text
    assert "Conferences: words a conference's name may not use" in text
    assert "首届" in text and "高峰论坛" in text


def test_an_overseas_ngo_needs_its_filing_in_time(personas):
    draft_conference(personas.teacher, organisers=[{"name": "Some NGO", "overseas_ngo": True}])
    # The police filing is due a month before; a conference in three weeks (online, so the
    # application itself is in time) is refused by that rule.
    with pytest.raises(ValidationError) as refused:
        draft_conference(
            personas.teacher,
            start=21,
            format=Format.ONLINE,
            organisers=[{"name": "Some NGO", "overseas_ngo": True}],
        )
    assert "an overseas NGO as co-organiser is filed with the police" in messages(refused.value)


def test_an_overdue_summary_blocks_the_unit(personas, office_rule, settings):
    version = approved_conference(personas, start=130)
    # Five months later the conference ended three months ago: its summary is overdue.
    settings.WAISHI_FROZEN_TODAY = version.ends_on + datetime.timedelta(days=92)
    with pytest.raises(ValidationError) as refused:
        draft_conference(personas.teacher)
    text = messages(refused.value)
    assert "cannot declare a new conference" in text
    assert version.conference.reference in text
    office_rule("conferences_block_overdue_summary", False)
    assert draft_conference(personas.teacher).conference.status == ConferenceStatus.DRAFT


def test_a_unit_declares_only_for_itself(personas):
    with pytest.raises(ValidationError):
        draft_conference(personas.teacher, unit=personas.other_college)
    with pytest.raises(PermissionDenied):
        draft_conference(personas.outsider)


def test_a_change_too_close_to_the_start_is_refused(personas, settings):
    version = approved_conference(personas)
    settings.WAISHI_FROZEN_TODAY = version.starts_on - datetime.timedelta(days=20)
    with pytest.raises(ValidationError) as refused:
        services.conference_change(
            version.conference, by=personas.teacher, change_reason="Another hall."
        )
    assert "ask for a change this many months before the start" in messages(refused.value)


def test_forecasts_only_in_their_window(personas, settings):
    settings.WAISHI_FROZEN_TODAY = datetime.date(2026, 8, 31)
    with pytest.raises(ValidationError) as refused:
        services.forecast_create(by=personas.teacher, unit=personas.college, name="研讨会")
    assert "2026-09-01" in messages(refused.value)
    settings.WAISHI_FROZEN_TODAY = datetime.date(2026, 9, 1)
    forecast = services.forecast_create(
        by=personas.teacher, unit=personas.college, name="研讨会", expected_month=5
    )
    assert (forecast.year, forecast.half) == (2027, Half.YEAR)
    settings.WAISHI_FROZEN_TODAY = datetime.date(2027, 3, 15)
    forecast = services.forecast_create(by=personas.liaison, unit=personas.college, name="补报")
    assert (forecast.year, forecast.half) == (2027, Half.SECOND_HALF)
    settings.WAISHI_FROZEN_TODAY = datetime.date(2026, 12, 1)
    with pytest.raises(ValidationError):
        services.forecast_create(by=personas.teacher, unit=personas.college, name="晚了")


def test_the_filing_is_recorded_after_approval_by_the_office(personas):
    draft = draft_conference(personas.teacher)
    with pytest.raises(ValidationError):
        services.filing_record(
            draft, by=personas.office_staff, authority="省教育厅", filed_on=days(0)
        )
    version = approved_conference(personas)
    with pytest.raises(PermissionDenied):
        services.filing_record(version, by=personas.teacher, authority="省教育厅", filed_on=days(0))
    filing = services.filing_record(
        version,
        by=personas.office_staff,
        authority="省教育厅",
        number="湘教外 12 号",
        filed_on=days(0),
    )
    assert version.filings.get() == filing


def test_history_keeps_who_declared(personas):
    version = draft_conference(personas.teacher)
    assert version.history.first().history_user == personas.teacher
    assert version.conference.history.first().history_user == personas.teacher


def test_the_forbidden_words_are_an_office_rule(personas, office_rule):
    assert policy.FORBIDDEN_WORDS.parse("峰会，Summit、 世界大会,峰会") == (
        "峰会",
        "Summit",
        "世界大会",
    )
    office_rule("conferences_forbidden_words", "论坛")
    with pytest.raises(ValidationError) as refused:
        draft_conference(personas.teacher, name_zh="计算数学论坛")
    assert "论坛" in messages(refused.value)
    assert draft_conference(personas.teacher, name_zh="计算数学峰会").name_zh == "计算数学峰会"
