import datetime
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from waishi.partners.tests.factories import InstitutionFactory
from waishi.programs.enums import ProgramStatus
from waishi.programs.models import Program
from waishi.programs.tests.factories import CohortFactory, ProgramFactory

pytestmark = pytest.mark.django_db

LIST = "/staff/programs/"


@pytest.fixture(autouse=True)
def _only_our_sections(monkeypatch):
    monkeypatch.setattr("waishi.partners.hooks._sections", [])


def _names(response):
    return [p.name_en for p in response.context["object_list"]]


def test_list_shows_a_liaison_only_the_programs_of_their_college(client, personas):
    ProgramFactory(name_en="Maths 2+2", home_unit=personas.college)
    ProgramFactory(name_en="Chemistry 3+1", home_unit=personas.other_college)
    client.force_login(personas.liaison)
    assert _names(client.get(LIST)) == ["Maths 2+2"]
    client.force_login(personas.auditor)
    assert sorted(_names(client.get(LIST))) == ["Chemistry 3+1", "Maths 2+2"]


def test_detail_of_another_college_is_404_for_a_head(client, personas):
    program = ProgramFactory(name_en="Chemistry 3+1", home_unit=personas.other_college)
    client.force_login(personas.head)
    response = client.get(program.get_absolute_url())
    assert response.status_code == 404
    assert "Chemistry 3+1" not in response.content.decode()


def test_list_search_and_filters(client, personas):
    ProgramFactory(name_en="Mechanical 2+2", discipline="Mechanical Engineering")
    ProgramFactory(
        name_en="Law master", discipline="Law", level="master", status=ProgramStatus.PLANNED
    )
    client.force_login(personas.office_staff)
    assert _names(client.get(LIST, {"q": "mechanical"})) == ["Mechanical 2+2"]
    assert _names(client.get(LIST, {"level": "master"})) == ["Law master"]
    assert _names(client.get(LIST, {"status": "running"})) == ["Mechanical 2+2"]


@pytest.mark.parametrize("rows", [1, 3])
def test_list_query_count_does_not_grow_with_rows(
    client, personas, rows, django_assert_num_queries
):
    for _ in range(rows):
        ProgramFactory(partners=[InstitutionFactory(), InstitutionFactory()])
    client.force_login(personas.office_staff)
    client.get(LIST)  # warm the session and the permission caches
    with django_assert_num_queries(9):
        response = client.get(LIST)
    assert len(response.context["object_list"]) == rows


def test_htmx_list_answers_with_the_results_only(client, personas):
    ProgramFactory(name_en="Maths 2+2")
    client.force_login(personas.office_staff)
    response = client.get(LIST, {"q": "maths"}, HTTP_HX_REQUEST="true")
    assert "programs/program/_results.html" in [t.name for t in response.templates]


def test_detail_shows_cohort_table_and_chart(client, personas):
    program = ProgramFactory(annual_quota=60)
    CohortFactory(program=program, intake_year=2020, enrolled=58)
    CohortFactory(program=program, intake_year=2021, enrolled=66)
    client.force_login(personas.auditor)
    page = client.get(program.get_absolute_url()).content.decode()
    assert reverse("programs:program.chart", args=[program.pk]) in page
    assert "97%" in page and "110%" in page
    chart = client.get(reverse("programs:program.chart", args=[program.pk]))
    assert chart["Content-Type"] == "image/svg+xml; charset=utf-8"
    svg = chart.content.decode()
    assert "<style" not in svg and "<script" not in svg
    assert [">2020<" in svg, ">2021<" in svg, ">66<" in svg] == [True, True, True]


def test_create_program_through_the_form(client, personas):
    partner = InstitutionFactory()
    client.force_login(personas.office_staff)
    response = client.post(
        reverse("programs:program.create"),
        {
            "name_zh": "机械工程",
            "name_en": "Mechanical Engineering",
            "partners": [partner.pk],
            "home_unit": personas.college.pk,
            "level": "bachelor",
            "mode": "2+2",
            "approval_number": "MOE43FR2A20121234N",
            "approval_date": "2012-06-01",
            "valid_until": "2030-06-01",
            "annual_quota": "60",
            "tuition": "30000",
            "status": "running",
            "responsible": personas.office_staff.pk,
        },
    )
    program = Program.objects.get()
    assert response.status_code == 302
    assert response["Location"] == program.get_absolute_url()
    assert (program.name_en, list(program.partners.all()), program.valid_until) == (
        "Mechanical Engineering",
        [partner],
        datetime.date(2030, 6, 1),
    )


def test_create_refused_keeps_the_input_and_says_why(client, personas):
    partner = InstitutionFactory()
    client.force_login(personas.office_staff)
    response = client.post(
        reverse("programs:program.create"),
        {
            "name_zh": "机械工程",
            "partners": [partner.pk],
            "home_unit": personas.college.pk,
            "level": "bachelor",
            "mode": "2+2",
            "status": "running",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "approval_number": ["A running program needs its Ministry of Education approval number."]
    }
    assert 'value="机械工程"' in response.content.decode()
    assert Program.objects.count() == 0


def test_create_refuses_a_tuition_or_quota_of_zero_or_less(client, personas):
    partner = InstitutionFactory()
    client.force_login(personas.office_staff)
    response = client.post(
        reverse("programs:program.create"),
        {
            "name_zh": "机械工程",
            "partners": [partner.pk],
            "home_unit": personas.college.pk,
            "level": "bachelor",
            "mode": "2+2",
            "status": "planned",
            "annual_quota": "0",
            "tuition": "-30000",
        },
    )
    errors = response.context["form"].errors
    assert (errors["tuition"], errors["annual_quota"]) == (
        ["Enter an amount greater than zero."],
        ["Enter a number of 1 or more."],
    )
    assert Program.objects.count() == 0


def test_end_program_through_the_form(client, personas):
    program = ProgramFactory()
    client.force_login(personas.director)
    response = client.post(
        reverse("programs:program.end", args=[program.pk]),
        {"ended_on": "2025-07-01", "reason": "The partner withdrew"},
    )
    assert response.status_code == 302
    program.refresh_from_db()
    assert (program.status, program.end_reason) == (ProgramStatus.ENDED, "The partner withdrew")


def test_cohort_form_refuses_impossible_figures(client, personas):
    program = ProgramFactory()
    client.force_login(personas.office_staff)
    response = client.post(
        reverse("programs:cohort.create", args=[program.pk]),
        {"intake_year": "2022", "enrolled": "10", "transferred_abroad": "0", "graduated": "12"},
    )
    assert response.context["form"].errors == {
        "graduated": ["More students graduated than were enrolled."]
    }
    response = client.post(
        reverse("programs:cohort.create", args=[program.pk]),
        {"intake_year": "2022", "enrolled": "10", "transferred_abroad": "4", "graduated": "0"},
    )
    assert response.status_code == 302
    assert list(program.cohorts.values_list("intake_year", "enrolled")) == [(2022, 10)]


def test_export_holds_the_programs_the_user_may_see_and_their_cohorts(client, personas):
    mine = ProgramFactory(name_zh="数学项目", home_unit=personas.college)
    CohortFactory(program=mine, intake_year=2020, enrolled=40)
    ProgramFactory(name_zh="化学项目", home_unit=personas.other_college)
    client.force_login(personas.head)
    response = client.get(reverse("programs:program.export"))
    book = load_workbook(BytesIO(b"".join(response.streaming_content)))
    programs, cohorts = book.worksheets
    assert [row[1] for row in programs.iter_rows(min_row=2, values_only=True)] == ["数学项目"]
    assert [row[2:5] for row in cohorts.iter_rows(min_row=2, values_only=True)] == [(2020, 60, 40)]


def test_public_page_shows_only_running_programs_in_english(client, personas):
    partner = InstitutionFactory(name_en="University of Lyon", name_zh="里昂大学")
    ProgramFactory(name_en="Mechanical Engineering", name_zh="机械工程", partners=[partner])
    ProgramFactory(name_en="Planned Law", status=ProgramStatus.PLANNED)
    ProgramFactory(name_en="Suspended Art", status=ProgramStatus.SUSPENDED)
    response = client.get("/programs/")
    page = response.content.decode()
    assert [p.name_en for p in response.context["programs"]] == ["Mechanical Engineering"]
    assert "Mechanical Engineering" in page and "University of Lyon" in page
    assert "Planned Law" not in page and "Suspended Art" not in page
    assert "Sino-foreign cooperative programs" in page


def test_public_page_in_chinese_names_things_in_chinese(client, personas):
    partner = InstitutionFactory(name_en="University of Lyon", name_zh="里昂大学")
    ProgramFactory(name_en="Mechanical Engineering", name_zh="机械工程", partners=[partner])
    client.cookies["django_language"] = "zh-hans"
    page = client.get("/programs/").content.decode()
    assert '<html lang="zh-Hans">' in page
    assert '<h2 class="h5 card-title">机械工程</h2>' in page
    assert "里昂大学" in page
    assert "中外合作办学项目" in page


def test_partner_page_shows_its_programs_section(client, personas, monkeypatch):
    from waishi.programs import hooks

    monkeypatch.setattr("waishi.partners.hooks._sections", [hooks.partner_section])
    partner = InstitutionFactory()
    program = ProgramFactory(name_en="Maths 2+2", partners=[partner])
    ProgramFactory(name_en="Chemistry 3+1", partners=[InstitutionFactory()])
    client.cookies["django_language"] = "en"
    client.force_login(personas.auditor)
    html = client.get(partner.get_absolute_url()).content.decode()
    assert f'<a href="{program.get_absolute_url()}">Maths 2+2</a>' in html
    assert "Bachelor · 2+2 · Running" in html
    assert "Chemistry 3+1" not in html


def test_program_names_its_agreement(client, personas):
    from waishi.agreements.tests.factories import AgreementFactory

    agreement = AgreementFactory(name_en="Lyon joint program agreement")
    program = ProgramFactory(agreement=agreement)
    client.force_login(personas.auditor)
    page = client.get(program.get_absolute_url()).content.decode()
    assert agreement.get_absolute_url() in page and "Lyon joint program agreement" in page


def test_list_filters_programs_whose_approval_lapses_soon(client, personas, settings):
    settings.WAISHI_FROZEN_TODAY = datetime.date(2026, 3, 1)
    ProgramFactory(name_en="Lapsed", valid_until=datetime.date(2026, 2, 1))
    ProgramFactory(name_en="Soon", valid_until=datetime.date(2026, 5, 1))
    ProgramFactory(name_en="Later", valid_until=datetime.date(2026, 12, 1))
    ProgramFactory(name_en="Open-ended", valid_until=None)
    ProgramFactory(name_en="Planned", valid_until=datetime.date(2026, 4, 1), status="planned")
    client.force_login(personas.office_staff)
    found = _names(client.get(LIST, {"lapses_within": "90", "sort": "valid_until"}))
    assert found == ["Lapsed", "Soon"]
    found = _names(client.get(LIST, {"lapses_within": "365", "sort": "valid_until"}))
    assert found == ["Lapsed", "Soon", "Later"]


def test_export_writes_text_that_looks_like_a_formula_as_text(client, personas):
    from waishi.core.testing import FORMULAS, assert_written_as_text

    partner = InstitutionFactory(name_en=FORMULAS[2], name_zh="")
    program = ProgramFactory(
        name_zh=FORMULAS[0], discipline=FORMULAS[1], home_unit=personas.college, partners=[partner]
    )
    CohortFactory(program=program, intake_year=2020)
    client.force_login(personas.office_staff)
    response = client.get(reverse("programs:program.export"))
    assert_written_as_text(response, FORMULAS[0], FORMULAS[1], FORMULAS[2])


@pytest.mark.parametrize("rows", [1, 30])
def test_public_page_counts_all_lists_a_page_and_its_queries_do_not_grow(
    client, personas, rows, django_assert_num_queries
):
    partners = [InstitutionFactory(), InstitutionFactory()]
    for _ in range(rows):
        ProgramFactory(partners=partners)
    # The count, a page of programs, their partners (with countries).
    with django_assert_num_queries(3):
        response = client.get("/programs/")
    page = response.content.decode()
    assert len(response.context["programs"]) == min(rows, 24)
    assert f"{rows} program" in page
    if rows > 24:
        assert "1 of 2" in page
