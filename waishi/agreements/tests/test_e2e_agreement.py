"""In a real browser: the office records an agreement with two partners and a scan, sends it
through approval (unit head, office, director), sees it in force; the clock moves to 90 days
before expiry, the reminder run tells the office once; the office renews the agreement."""

import datetime

import pytest
from django.core.management import call_command

from waishi.agreements.models import Agreement
from waishi.conftest import pick, screenshot
from waishi.core.enums import Role
from waishi.core.models import Notification
from waishi.core.tests.factories import UserFactory
from waishi.partners.tests.factories import InstitutionFactory, country

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

TODAY = datetime.date(2026, 3, 1)
EXPIRES = datetime.date(2029, 2, 28)


def _log_in(page, base, username):
    page.context.clear_cookies()
    page.goto(f"{base}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "a-long-test-password")
    page.click("main button[type=submit]")
    page.wait_for_url(f"{base}/staff/")


def test_office_records_approves_is_reminded_and_renews(
    live_server, personas, browser_context, settings, tmp_path
):
    settings.LANGUAGE_CODE = "zh-hans"
    settings.WAISHI_FROZEN_TODAY = TODAY
    kyoto = InstitutionFactory(
        name_en="Kyoto Example University", name_zh="京都示例大学", country=country("JP")
    )
    lyon = InstitutionFactory(name_en="Université de Lyon", name_zh="里昂大学")
    scan = tmp_path / "signed-agreement.pdf"
    scan.write_bytes(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    base = live_server.url
    page = browser_context.new_page()

    # The office records the agreement.
    _log_in(page, base, "officer")
    page.goto(f"{base}/staff/agreements/new/")
    page.fill("#id_name_zh", "湘潭大学与京都示例大学、里昂大学学生交流协议")
    page.fill("#id_name_en", "Student exchange with Kyoto and Lyon")
    page.select_option("#id_kind", "student_exchange")
    # The partners are found by typing (the server answers), the units by filtering the list.
    pick(page, "#id_parties", "京都", kyoto.pk)
    assert page.eval_on_selector_all("#id_parties option", "os => os.length") == 1
    pick(page, "#id_parties", "里昂", lyon.pk)
    page.select_option("#id_units", [str(personas.college.pk)])
    page.fill("#id_signed_on", "2026-02-20")
    page.fill("#id_expires_on", EXPIRES.isoformat())
    page.fill("#id_places_outgoing", "5")
    page.fill("#id_places_incoming", "5")
    screenshot(page, "agreements-form-zh")
    page.click("main form button[type=submit]")
    agreement = Agreement.objects.get()
    page.wait_for_url(f"{base}{agreement.get_absolute_url()}")
    assert page.locator(".agreement-status").first.inner_text() == "草稿"

    page.click("text=添加文件")
    page.set_input_files("#id_file", str(scan))
    page.click("main form button[type=submit]")
    page.wait_for_url(f"{base}{agreement.get_absolute_url()}#documents")
    assert "signed-agreement.pdf" in page.locator("#documents").inner_text()

    page.click("text=提交审批")
    page.wait_for_url(f"{base}{agreement.get_absolute_url()}")
    assert page.locator(".agreement-status").first.inner_text() == "审批中"
    screenshot(page, "agreements-detail-under-approval-zh")

    # Unit head, office, director approve in turn on the agreement's page; the office's
    # step by a colleague of the officer who submitted it (nobody decides their own request).
    UserFactory(
        username="officer2",
        full_name="吴老师",
        roles_and_units=([Role.STAFF, Role.OFFICE_STAFF], [personas.office]),
    )
    for username in ("head", "officer2", "director"):
        _log_in(page, base, username)
        page.goto(f"{base}{agreement.get_absolute_url()}")
        page.click(".decision-form button[value=approve]")
        page.wait_for_load_state()
    _log_in(page, base, "officer")
    page.goto(f"{base}{agreement.get_absolute_url()}")
    assert page.locator(".agreement-status").first.inner_text() == "有效"
    parties = page.locator("#parties").inner_text()
    assert "京都示例大学" in parties and "里昂大学" in parties
    screenshot(page, "agreements-detail-in-force-zh")

    # 90 days before expiry: the reminder run, twice, tells the office once.
    settings.WAISHI_FROZEN_TODAY = EXPIRES - datetime.timedelta(days=90)
    before = Notification.objects.filter(recipient=personas.office_staff).count()
    call_command("remind")
    call_command("remind")
    reminders = Notification.objects.filter(
        recipient=personas.office_staff, kind="agreements.expiring"
    )
    assert reminders.count() == 1
    assert Notification.objects.filter(recipient=personas.office_staff).count() == before + 1
    page.goto(f"{base}/staff/agreements/")
    assert page.locator(".agreement-status").first.inner_text() == "即将到期"
    page.click("a.bell")
    page.wait_for_load_state()
    listed = page.locator("main").inner_text()
    assert listed.count("将在 90 天后到期") == 1
    screenshot(page, "agreements-reminder-bell-zh")

    # The office renews it.
    page.goto(f"{base}{agreement.get_absolute_url()}")
    page.click("text=续签")
    page.fill("#id_signed_on", (EXPIRES - datetime.timedelta(days=30)).isoformat())
    page.fill("#id_expires_on", "2034-02-28")
    page.click("main form button[type=submit]")
    renewal = Agreement.objects.exclude(pk=agreement.pk).get()
    page.wait_for_url(f"{base}{renewal.get_absolute_url()}")
    assert renewal.renews_id == agreement.pk
    assert set(renewal.parties.all()) == {kyoto, lyon}
    assert "续签或取代" in page.locator("main").inner_text()
    screenshot(page, "agreements-renewal-zh")

    # The same pages in English, and on a phone.
    page.context.add_cookies([{"name": "django_language", "value": "en", "url": base}])
    page.goto(f"{base}{agreement.get_absolute_url()}")
    assert page.locator(".agreement-status").first.inner_text() == "Expiring"
    assert "Renewed by" in page.locator("main").inner_text()
    screenshot(page, "agreements-detail-en")
    page.goto(f"{base}/staff/agreements/")
    screenshot(page, "agreements-list-en")
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{base}{agreement.get_absolute_url()}")
    screenshot(page, "agreements-detail-phone-en")
