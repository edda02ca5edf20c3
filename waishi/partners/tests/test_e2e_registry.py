"""In a real browser: an office user searches the registry, opens a partner, adds a contact."""

import pytest
from django.db import connections

from waishi.conftest import screenshot
from waishi.partners import services
from waishi.partners.models import Contact
from waishi.partners.tests.factories import country

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_office_searches_opens_partner_and_adds_contact(live_server, personas, browser_context):
    orleans = services.institution_create(
        name_en="University of Orléans",
        name_zh="奥尔良大学",
        country=country("FR"),
        city="Orléans",
        responsible=personas.office_staff,
    )
    services.other_name_add(orleans, name="Université d'Orléans")
    for name, code in [("Kyoto University", "JP"), ("Charles University", "CZ")]:
        services.institution_create(name_en=name, country=country(code))

    page = browser_context.new_page()
    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", "officer")
    page.fill("#id_password", "a-long-test-password")
    page.click("main button[type=submit]")
    page.wait_for_url(f"{live_server.url}/staff/")

    page.goto(f"{live_server.url}/staff/partners/")
    assert page.locator("#results tbody tr").count() == 3
    screenshot(page, "partners-list-zh")
    # Typing filters the table through htmx, accent-blind.
    page.fill("input[name=q]", "orleans")
    page.locator("#results tbody tr").nth(1).wait_for(state="detached")
    assert page.locator("#results tbody tr").inner_text().startswith("奥尔良大学")
    screenshot(page, "partners-list-search-zh")

    page.click("#results tbody tr a")
    page.wait_for_url(f"{live_server.url}{orleans.get_absolute_url()}")
    assert page.locator("h1").inner_text() == "奥尔良大学"
    page.click("text=添加联系人")
    page.fill("#id_name", "Marie Dupont")
    page.fill("#id_position", "International Relations Officer")
    page.fill("#id_email", "marie.dupont@univ-orleans.fr")
    page.click("main button[type=submit]")
    page.wait_for_url(f"{live_server.url}{orleans.get_absolute_url()}#contacts")
    contacts = page.locator("#contacts").inner_text()
    assert "Marie Dupont" in contacts
    assert "主要" in contacts
    screenshot(page, "partners-detail-zh")
    assert list(Contact.objects.values_list("name", "is_primary")) == [("Marie Dupont", True)]

    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    screenshot(page, "partners-detail-phone-zh")

    # A second record with the same name in the same country is refused, with a link.
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{live_server.url}/staff/partners/new/")
    page.fill("#id_name_en", "UNIVERSITY OF ORLEANS")
    page.select_option("#id_country", label="法国 (FR)")
    page.click("main button[type=submit]")
    alert = page.locator(".alert-warning")
    assert alert.locator("a").get_attribute("href") == orleans.get_absolute_url()
    screenshot(page, "partners-create-duplicate-zh")
    # Database work in this body ran beside Playwright's event loop on its own connection;
    # close it, or PostgreSQL refuses to drop the test database.
    connections.close_all()


def test_office_imports_a_file_with_problems_then_merges(
    live_server, personas, browser_context, tmp_path
):
    from openpyxl import Workbook

    from waishi.partners import excel

    survivor = services.institution_create(
        name_en="University of Orléans", name_zh="奥尔良大学", country=country("FR")
    )
    services.institution_create(name_en="Univ. d'Orleans", country=country("FR"))
    book = Workbook()
    sheet = book.active
    sheet.title = excel.INSTITUTION_SHEET
    sheet.append([c.header for c in excel.INSTITUTIONS.columns])
    sheet.append([None, "Atlantis University", "", "", "XX"] + [""] * 8)
    sheet.append([None, "", "无名大学", "", "FR"] + [""] * 8)
    path = tmp_path / "partners.xlsx"
    book.save(path)

    page = browser_context.new_page()
    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", "officer")
    page.fill("#id_password", "a-long-test-password")
    page.click("main button[type=submit]")
    page.wait_for_url(f"{live_server.url}/staff/")
    page.goto(f"{live_server.url}/staff/partners/import/")
    page.set_input_files("#id_file", str(path))
    page.click("main button[type=submit]")
    page.locator(".import-problems").wait_for()
    assert page.locator(".import-problems tbody tr").count() == 2
    screenshot(page, "partners-import-problems-zh")

    page.goto(f"{live_server.url}/staff/partners/{survivor.pk}/merge/")
    page.click("text=查看将移动的内容")
    page.locator("#plan-heading").wait_for()
    screenshot(page, "partners-merge-preview-zh")
    page.click("main form[method=post] button[type=submit]")
    page.locator("#names").wait_for()
    assert page.url.split("#")[0] == f"{live_server.url}{survivor.get_absolute_url()}"
    screenshot(page, "partners-merge-done-zh")
    assert "Univ. d'Orleans" in page.locator("#names").inner_text()
    connections.close_all()
