"""In a real browser: the office adds a person and a passport with its scan; the detail page
flags the passport that expires soon."""

import datetime

import pytest

from waishi.conftest import screenshot
from waishi.people.models import IdentityDocument, Person
from waishi.people.tests.factories import PDF_BYTES, DocumentFactory, PersonFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def login(page, url, username):
    page.goto(f"{url}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "a-long-test-password")
    page.click("main button[type=submit]")
    page.wait_for_url(f"{url}/staff/")


def test_office_adds_person_and_passport(live_server, personas, browser_context, tmp_path):
    soon = datetime.date.today() + datetime.timedelta(days=60)
    colleague = PersonFactory(unit=personas.college, name_zh="周敏", family_name="Zhou")
    DocumentFactory(person=colleague, number="E55554444", expires_on=soon)
    scan = tmp_path / "passport.pdf"
    scan.write_bytes(PDF_BYTES)

    page = browser_context.new_page()
    login(page, live_server.url, "officer")
    page.goto(f"{live_server.url}/staff/people/")
    assert page.locator("#results tbody tr").count() == 1
    assert "即将到期" in page.locator("#results tbody tr").inner_text()
    screenshot(page, "people-list-zh")

    page.click("text=新增人员")
    page.fill("#id_name_zh", "李华")
    page.fill("#id_family_name", "Li")
    page.fill("#id_given_name", "Hua")
    page.fill("#id_passport_name", "li hua")
    page.select_option("#id_unit", str(personas.college.pk))
    page.click("main button[type=submit]")
    person = Person.objects.get(name_zh="李华")
    page.wait_for_url(f"{live_server.url}{person.get_absolute_url()}")
    assert page.locator("h1").inner_text() == "李华 (Hua Li)"

    page.click("text=添加证件")
    page.select_option("#id_kind", "official_passport")
    page.fill("#id_number", "se1234567")
    page.fill("#id_issued_on", "2022-03-01")
    page.fill("#id_expires_on", soon.isoformat())
    page.set_input_files("#id_scan", str(scan))
    page.click("main button[type=submit]")
    page.wait_for_url(f"{live_server.url}{person.get_absolute_url()}")
    document = IdentityDocument.objects.get(person=person)
    assert document.number == "SE1234567"
    row = page.locator("main table tbody tr").first.inner_text()
    assert "SE1234567" in row and "即将到期" in row
    screenshot(page, "people-detail-zh")

    page.click(".language-switch [lang=en]")
    page.locator("main table >> text=Expiring soon").wait_for()
    page.wait_for_load_state("networkidle")
    assert "Expiring soon" in page.locator("main table tbody tr").first.inner_text()
    screenshot(page, "people-detail-en")


def test_liaison_sees_masked_number(live_server, personas, browser_context):
    person = PersonFactory(unit=personas.college, name_zh="王芳")
    DocumentFactory(person=person, number="E12345678")
    page = browser_context.new_page()
    login(page, live_server.url, "liaison")
    page.goto(f"{live_server.url}{person.get_absolute_url()}")
    row = page.locator("main table tbody tr").first.inner_text()
    assert "E1234****" in row and "E12345678" not in page.content()
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot(page, "people-detail-phone-zh")
    page.close()
