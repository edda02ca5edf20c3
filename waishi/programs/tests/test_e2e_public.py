"""In a real browser: the public program and Confucius Institute pages in both languages, and
a program's staff page with its cohort chart. Screenshots go to test-artifacts/."""

import datetime

import pytest
from playwright.sync_api import expect

from waishi.conftest import screenshot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def data(personas):
    from waishi.confucius.tests.factories import FiguresFactory, InstituteFactory
    from waishi.partners.tests.factories import InstitutionFactory, country
    from waishi.programs.enums import ProgramStatus
    from waishi.programs.tests.factories import CohortFactory, ProgramFactory

    lyon = InstitutionFactory(name_en="University of Lyon", name_zh="里昂大学")
    kkk = InstitutionFactory(
        name_en="Khon Kaen University", name_zh="孔敬大学", country=country("TH"), city="Khon Kaen"
    )
    program = ProgramFactory(
        name_zh="机械设计制造及其自动化专业本科教育项目",
        name_en="Mechanical Engineering (Bachelor, 2+2)",
        partners=[lyon],
        home_unit=personas.college,
        discipline="机械工程",
        annual_quota=60,
    )
    for year, enrolled in ((2021, 52), (2022, 60), (2023, 66), (2024, 58)):
        CohortFactory(program=program, intake_year=year, enrolled=enrolled)
    ProgramFactory(
        name_zh="数学与应用数学",
        name_en="Mathematics (3+1)",
        mode="3+1",
        partners=[kkk],
        home_unit=personas.college,
    )
    ProgramFactory(name_en="Planned Law", name_zh="法学（筹备）", status=ProgramStatus.PLANNED)
    institute = InstituteFactory(
        name_zh="孔敬大学孔子学院",
        name_en="Confucius Institute at Khon Kaen University",
        host=kkk,
        city="Khon Kaen",
        founded_on=datetime.date(2006, 8, 1),
        website="https://ci.example.ac.th",
    )
    FiguresFactory(institute=institute, year=2024, students=812, classes=41, events=26)
    return program


def _login(page, live_server, username):
    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "a-long-test-password")
    page.click("main button[type=submit]")
    page.wait_for_url(f"{live_server.url}/staff/")


def test_public_pages_in_both_languages(live_server, data, browser_context):
    page = browser_context.new_page()
    page.goto(f"{live_server.url}/programs/")
    assert page.locator("h1").inner_text() == "中外合作办学项目"
    assert page.locator(".program-card h2").all_inner_texts() == [
        "数学与应用数学",
        "机械设计制造及其自动化专业本科教育项目",
    ]
    screenshot(page, "programs-public-zh")
    page.click(".language-switch [lang=en]")
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Sino-foreign cooperative programs"
    assert page.locator(".program-card h2").all_inner_texts() == [
        "Mathematics (3+1)",
        "Mechanical Engineering (Bachelor, 2+2)",
    ]
    assert "Planned Law" not in page.content()
    screenshot(page, "programs-public-en")
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot(page, "programs-public-en-phone")
    page.set_viewport_size({"width": 1280, "height": 900})

    page.goto(f"{live_server.url}/confucius-institutes/")
    assert page.locator(".institute-card h2").all_inner_texts() == [
        "Confucius Institute at Khon Kaen University"
    ]
    assert (
        "812 students, 41 classes, 26 cultural events"
        in page.locator(".institute-card").inner_text()
    )
    screenshot(page, "confucius-public-en")
    page.click(".language-switch [lang=zh-Hans]")
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "孔子学院"
    assert page.locator(".institute-card h2").all_inner_texts() == ["孔敬大学孔子学院"]
    screenshot(page, "confucius-public-zh")


def test_program_page_shows_the_cohort_chart(live_server, data, browser_context):
    page = browser_context.new_page()
    _login(page, live_server, "officer")
    page.goto(f"{live_server.url}{data.get_absolute_url()}")
    screenshot(page, "programs-detail-zh")
    page.locator("img.cohort-chart").wait_for()
    assert page.evaluate("document.querySelector('img.cohort-chart').naturalWidth") == 640
    rows = page.locator("#cohorts tbody tr").all_inner_texts()
    assert [r.split("\t")[:4] for r in rows] == [
        ["2021", "60", "52", "87%"],
        ["2022", "60", "60", "100%"],
        ["2023", "60", "66", "110%"],
        ["2024", "60", "58", "97%"],
    ]
    screenshot(page, "programs-detail-zh")


@pytest.fixture
def institute(data):
    # Database work before the browser starts (its event loop makes the ORM async-unsafe).
    from waishi.confucius.models import Institute
    from waishi.plans.services import load_20_20_plan

    load_20_20_plan(lambda line: None)
    return Institute.objects.get()


def test_staff_lists_and_pages_look_right(live_server, institute, browser_context):
    page = browser_context.new_page()
    _login(page, live_server, "officer")
    page.goto(f"{live_server.url}/staff/programs/")
    assert page.locator("#results tbody tr").count() == 3
    page.fill("input[name=q]", "机械")
    expect(page.locator("#results tbody tr")).to_have_count(1)
    screenshot(page, "programs-list-zh")
    page.goto(f"{live_server.url}{institute.get_absolute_url()}")
    assert page.locator("h1").inner_text().startswith("孔敬大学孔子学院")
    screenshot(page, "confucius-detail-zh")
    page.goto(f"{live_server.url}/staff/plans/")
    page.click("#results a:has-text('中非高校20+20合作计划')")
    page.wait_for_url("**/staff/plans/*/")
    assert page.locator("h1").inner_text().startswith("中非高校20+20合作计划")
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot(page, "plans-detail-zh-phone")
