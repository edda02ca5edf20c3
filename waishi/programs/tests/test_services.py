import datetime

import pytest
from django.core.exceptions import ValidationError

from waishi.partners.tests.factories import InstitutionFactory
from waishi.programs import hooks, queries, services
from waishi.programs.enums import ProgramStatus
from waishi.programs.models import Program
from waishi.programs.tests.factories import CohortFactory, ProgramFactory

pytestmark = pytest.mark.django_db


def _values(personas, **overrides):
    values = {
        "name_zh": "机械工程本科合作项目",
        "name_en": "Mechanical Engineering (2+2)",
        "home_unit": personas.college,
        "level": "bachelor",
        "mode": "2+2",
        "approval_number": "MOE43FR2A20121234N",
        "status": ProgramStatus.RUNNING,
        "annual_quota": 60,
    }
    return values | overrides


def test_cohort_figures_give_quota_against_enrolled_per_year():
    program = ProgramFactory(annual_quota=60)
    CohortFactory(program=program, intake_year=2021, quota=80, enrolled=85, graduated=0)
    CohortFactory(
        program=program, intake_year=2019, enrolled=58, transferred_abroad=20, graduated=55
    )
    figures = queries.cohort_figures(program)
    rows = [(r.year, r.quota, r.enrolled, r.fill_percent, r.over_quota) for r in figures.rows]
    assert rows == [(2019, 60, 58, 97, False), (2021, 80, 85, 106, True)]
    assert (
        figures.quota_total,
        figures.enrolled_total,
        figures.transferred_total,
        figures.graduated_total,
    ) == (140, 143, 20, 55)


def test_cohort_figures_without_any_quota_have_no_share():
    program = ProgramFactory(annual_quota=None)
    CohortFactory(program=program, intake_year=2020, enrolled=30)
    row = queries.cohort_figures(program).rows[0]
    assert (row.quota, row.fill_percent, row.over_quota) == (None, None, False)


def test_program_create_records_partners_and_history(personas):
    partners = [InstitutionFactory(), InstitutionFactory()]
    program = services.program_create(
        by=personas.office_staff, partners=partners, **_values(personas)
    )
    assert set(program.partners.all()) == set(partners)
    assert program.history.first().history_user == personas.office_staff


def test_program_running_without_approval_number_is_refused(personas):
    with pytest.raises(ValidationError) as error:
        services.program_create(
            partners=[InstitutionFactory()], **_values(personas, approval_number="")
        )
    assert error.value.message_dict == {
        "approval_number": ["A running program needs its Ministry of Education approval number."]
    }
    assert Program.objects.count() == 0


def test_program_in_preparation_needs_no_approval_number(personas):
    program = services.program_create(
        partners=[InstitutionFactory()],
        **_values(personas, approval_number="", status=ProgramStatus.PLANNED),
    )
    assert program.status == ProgramStatus.PLANNED


def test_program_without_partner_is_refused(personas):
    with pytest.raises(ValidationError) as error:
        services.program_create(partners=[], **_values(personas))
    assert error.value.message_dict == {"partners": ["Choose at least one partner institution."]}


def test_program_approval_ending_before_it_was_given_is_refused(personas):
    with pytest.raises(ValidationError) as error:
        services.program_create(
            partners=[InstitutionFactory()],
            **_values(
                personas,
                approval_date=datetime.date(2020, 1, 1),
                valid_until=datetime.date(2019, 12, 31),
            ),
        )
    assert list(error.value.message_dict) == ["valid_until"]


def test_program_cannot_be_ended_by_an_edit(personas):
    program = ProgramFactory()
    with pytest.raises(ValidationError) as error:
        services.program_update(program, status=ProgramStatus.ENDED)
    assert list(error.value.message_dict) == ["status"]


def test_program_end_records_date_reason_and_keeps_cohorts(personas):
    program = ProgramFactory(approval_date=datetime.date(2012, 6, 1))
    CohortFactory(program=program)
    services.program_end(
        program, by=personas.director, ended_on=datetime.date(2025, 7, 1), reason="Approval lapsed"
    )
    program.refresh_from_db()
    assert (program.status, program.ended_on, program.end_reason) == (
        ProgramStatus.ENDED,
        datetime.date(2025, 7, 1),
        "Approval lapsed",
    )
    assert program.cohorts.count() == 1
    assert program.history.first().history_change_reason == "Approval lapsed"


def test_program_ended_cannot_be_reopened_or_ended_twice():
    program = ProgramFactory()
    services.program_end(program, ended_on=datetime.date(2025, 7, 1), reason="x")
    with pytest.raises(ValidationError) as error:
        services.program_update(program, status=ProgramStatus.RUNNING)
    assert list(error.value.message_dict) == ["status"]
    with pytest.raises(ValidationError):
        services.program_end(program, reason="again")


def test_program_cannot_end_before_its_approval():
    program = ProgramFactory(approval_date=datetime.date(2012, 6, 1))
    with pytest.raises(ValidationError) as error:
        services.program_end(program, ended_on=datetime.date(2011, 1, 1), reason="x")
    assert list(error.value.message_dict) == ["ended_on"]


def test_cohort_with_more_graduates_than_enrolled_is_refused():
    program = ProgramFactory()
    with pytest.raises(ValidationError) as error:
        services.cohort_save(
            program, intake_year=2020, enrolled=10, graduated=11, transferred_abroad=12
        )
    assert error.value.message_dict == {
        "transferred_abroad": ["More students transferred abroad than were enrolled."],
        "graduated": ["More students graduated than were enrolled."],
    }


def test_cohort_year_recorded_twice_is_refused():
    program = ProgramFactory()
    services.cohort_save(program, intake_year=2020, enrolled=10)
    with pytest.raises(ValidationError) as error:
        services.cohort_save(program, intake_year=2020, enrolled=12)
    assert error.value.message_dict == {"intake_year": ["The intake of 2020 is already recorded."]}


def test_running_programs_exclude_lapsed_planned_suspended_and_ended(settings):
    settings.WAISHI_FROZEN_TODAY = datetime.date(2026, 3, 1)
    running = ProgramFactory(valid_until=datetime.date(2026, 3, 1))
    ProgramFactory(valid_until=None, name_zh="无期限")
    ProgramFactory(valid_until=datetime.date(2026, 2, 28))  # lapsed yesterday
    ProgramFactory(status=ProgramStatus.PLANNED)
    ProgramFactory(status=ProgramStatus.SUSPENDED)
    ended = ProgramFactory()
    services.program_end(ended, ended_on=datetime.date(2025, 1, 1), reason="x")
    assert set(queries.programs_running().values_list("name_zh", flat=True)) == {
        running.name_zh,
        "无期限",
    }
    assert queries.programs_running_count() == 2


def test_partner_merge_moves_programs_to_the_survivor():
    duplicate, survivor, other = InstitutionFactory(), InstitutionFactory(), InstitutionFactory()
    moved = ProgramFactory(partners=[duplicate, other])
    ProgramFactory(partners=[other])
    assert services.programs_merge_partner(duplicate, survivor) == 1
    assert set(moved.partners.all()) == {survivor, other}


def test_partner_section_shows_only_programs_the_user_may_see(personas):
    partner = InstitutionFactory()
    mine = ProgramFactory(partners=[partner], home_unit=personas.college)
    ProgramFactory(partners=[partner], home_unit=personas.other_college)
    for_liaison = hooks.partner_section(partner, personas.liaison)
    for_auditor = hooks.partner_section(partner, personas.auditor)
    assert for_liaison is not None and for_auditor is not None
    assert for_liaison.context["programs"] == [mine]
    assert len(for_auditor.context["programs"]) == 2
    assert hooks.partner_section(partner, personas.teacher) is None
    assert hooks.partner_section(InstitutionFactory(), personas.auditor) is None
