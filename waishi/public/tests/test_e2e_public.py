"""In a real browser: the Global Partners page in both languages, the search box, the map;
the overview page. Screenshots go to test-artifacts/."""

import pytest

from waishi.conftest import ARTIFACTS, screenshot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def seed_loaded(db):
    from waishi.partners.importer import SEED_PAGE, partner_page_import_file
    from waishi.public.services import page_texts_load_starting

    partner_page_import_file(SEED_PAGE)
    page_texts_load_starting()


def _headings(page):
    return [
        " ".join(text.split())
        for text in page.locator(".continent:visible .continent-heading").all_inner_texts()
    ]


def test_partners_page_in_both_languages_with_search(live_server, seed_loaded, browser_context):
    page = browser_context.new_page()
    page.goto(f"{live_server.url}/partners/")

    assert page.locator("h1").inner_text() == "全球合作伙伴"
    assert _headings(page) == ["亚洲 (15)", "欧洲 (31)", "美洲 (14)", "大洋洲 (3)", "非洲 (4)"]
    assert page.locator("#directory-status").inner_text() == "共 67 所合作院校，分布在 22 个国家。"
    assert page.locator(".country").count() == 22
    assert page.locator("svg.world-map a.map-link").count() == 22
    screenshot(page, "public-partners-zh")

    # The search box filters the table as you type.
    page.fill("#directory-q", "orleans")
    page.wait_for_function(
        "document.querySelectorAll('.institutions li:not([hidden])').length === 1"
    )
    # The Chinese page shows the official Chinese name, the English one beneath.
    assert page.locator(".institutions li:visible").all_inner_texts() == [
        "奥尔良大学\nUniversity of Orléans"
    ]
    assert _headings(page) == ["欧洲 (1)"]
    assert page.locator("#directory-status").inner_text() == "有 1 所院校符合。"
    screenshot(page, "public-partners-search-zh")
    page.fill("#directory-q", "")
    page.wait_for_function(
        "document.querySelectorAll('.institutions li:not([hidden])').length === 67"
    )
    assert _headings(page)[0] == "亚洲 (15)"

    page.click(".language-switch [lang=en]")
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Global partners"
    assert _headings(page) == [
        "Asia (15)",
        "Europe (31)",
        "Americas (14)",
        "Oceania (3)",
        "Africa (4)",
    ]
    assert page.locator("#directory-status").inner_text() == (
        "67 partner institutions in 22 countries."
    )
    page.fill("#directory-q", "university of")
    page.wait_for_function(
        "document.querySelectorAll('.institutions li:not([hidden])').length < 67"
    )
    shown = page.locator(".institutions li:visible").count()
    assert page.locator("#directory-status").inner_text() == f"{shown} institutions match."
    page.fill("#directory-q", "")
    screenshot(page, "public-partners-en")

    # A country on the map leads to its part of the table.
    page.locator('svg.world-map a[data-country="JP"]').click()
    page.wait_for_url(f"{live_server.url}/partners/#country-jp")
    assert " ".join(page.locator("#country-jp h3").inner_text().split()).startswith("Japan (5)")


def test_partners_page_on_a_phone(live_server, seed_loaded, browser_context):
    page = browser_context.new_page()
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/partners/")
    assert _headings(page)[0] == "亚洲 (15)"
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390
    screenshot(page, "public-partners-phone-zh")
    page.screenshot(path=str(ARTIFACTS / "public-partners-phone-top-zh.png"))


def test_partners_page_prints_the_table_without_controls(live_server, seed_loaded, browser_context):
    page = browser_context.new_page()
    page.emulate_media(media="print")
    page.goto(f"{live_server.url}/partners/")
    assert not page.locator("#directory-q").is_visible()
    assert not page.locator(".public-nav").is_visible()
    assert page.locator(".continent-heading").first.is_visible()
    assert page.locator("svg.world-map").is_visible()
    screenshot(page, "public-partners-print-zh")


def test_overview_page_in_both_languages(live_server, seed_loaded, browser_context):
    page = browser_context.new_page()
    page.goto(f"{live_server.url}/")

    assert page.locator("h1").inner_text() == "湘潭大学国际交流与合作"
    assert page.locator('[data-figure="partners"] .figure-value').inner_text() == "67"
    assert page.locator('[data-figure="countries"] .figure-value').inner_text() == "22"
    assert page.locator("ol.areas li").count() == 7
    assert "湘潭大学目前拥有67所国际合作伙伴" in page.locator(".page-text-partners").inner_text()
    screenshot(page, "public-overview-zh")

    page.click(".language-switch [lang=en]")
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == (
        "Xiangtan University's International Exchange and Cooperation"
    )
    assert "currently has 67 global partners" in page.locator(".page-text-partners").inner_text()
    screenshot(page, "public-overview-en")

    page.click(".public-nav >> text=Global partners")
    page.wait_for_url(f"{live_server.url}/partners/")
    assert _headings(page)[0] == "Asia (15)"
