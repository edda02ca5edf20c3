"""In a real browser, the journey of issue 16: a unit forecasts and declares a general on-site
conference five months ahead; it is approved and the external approval recorded; its dates
change and the change is approved, both versions kept; 40 participants from six countries and
regions (Hong Kong among them, not counted as a country) are imported; a visitor asks for a
visa letter on the public page and the office issues it; the programme comes from a pretalx
export; a certificate prints; the summary is filed, and a unit with a late summary cannot
declare the next one."""

from __future__ import annotations

import datetime
import io
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.core import mail
from openpyxl import Workbook

from waishi.conferences.enums import ConferenceStatus, VersionStatus
from waishi.conferences.excel import PARTICIPANTS
from waishi.conferences.models import Conference, ConferenceVersion, Participant
from waishi.conferences.tests.factories import ended_conference, staff_person
from waishi.conftest import pick, screenshot
from waishi.core.models import Country, Letter

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

FIXTURES = Path(__file__).parent / "fixtures"
# Autumn: next year's forecast window is open.
TODAY = datetime.date(2026, 10, 12)
START = datetime.date(2027, 3, 15)  # five months ahead
# Six countries and regions: Hong Kong is counted apart, never as a country.
PLACES = ["FR", "DE", "JP", "US", "GB", "HK"]
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00"
    b"\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\xa7"
    b"\x9a\xa0\xa0\x00\x00\x00\x00IEND\xaeB`\x82"
)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _participants_xlsx() -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = PARTICIPANTS.title
    sheet.append([column.header for column in PARTICIPANTS.imported])
    for n in range(40):
        row = {
            "family_name": f"Guest{n:02d}",
            "given_name": "Alex",
            "sex": "F" if n % 2 else "M",
            "birth_date": datetime.date(1970 + n % 20, 1 + n % 12, 1 + n % 28),
            "country": PLACES[n % len(PLACES)],
            "organisation": f"University {n}",
            "role": "speaker" if n < 4 else "participant",
            "email": f"guest{n}@example.org",
        }
        sheet.append([row.get(column.key) for column in PARTICIPANTS.imported])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _login(context, page, base: str, username: str) -> None:
    context.clear_cookies()
    page.goto(f"{base}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "a-long-test-password")
    page.click("main button[type=submit]")
    page.wait_for_url(f"{base}/staff/")


def _approve(context, page, base: str, conference: Conference, *usernames: str) -> None:
    for username in usernames:
        _login(context, page, base, username)
        page.goto(f"{base}{conference.get_absolute_url()}")
        page.click(".decision-form button[name=action][value=approve]")
        page.wait_for_url(f"{base}{conference.get_absolute_url()}")


def _upload(page, selector: str, name: str, mime: str, content: bytes) -> None:
    page.set_input_files(selector, {"name": name, "mimeType": mime, "buffer": content})


def test_conference_journey_in_the_browser(
    live_server, personas, browser_context, settings, office_rule
):
    settings.WAISHI_FROZEN_TODAY = TODAY
    settings.OFFICE_PHONE = "+86 731 5829 2000"
    # A person fills the form in far less than a second here.
    office_rule("conferences_registration_min_seconds", 0)
    base = live_server.url
    responsible = staff_person(personas.teacher)
    staff_person(personas.head)
    page = browser_context.new_page()

    # 1. The teacher forecasts next year's conference, then declares it five months ahead.
    _login(browser_context, page, base, "teacher")
    page.goto(f"{base}/staff/conferences/forecasts/new/")
    page.select_option("#id_unit", str(personas.college.pk))
    page.fill("#id_name", "计算材料学国际会议")
    page.fill("#id_expected_month", "3")
    page.click("main form button[type=submit]")
    page.wait_for_url(f"{base}/staff/conferences/forecasts/")
    assert "计算材料学国际会议" in page.content()

    page.goto(f"{base}/staff/conferences/new/")
    page.select_option("#id_unit", str(personas.college.pk))
    pick(page, "#id_responsible", "李", responsible.pk)
    page.select_option("#id_forecast", index=1)
    page.fill("#id_name_zh", "计算材料学国际会议")
    page.fill("#id_name_en", "International Conference on Computational Materials")
    page.select_option("#id_discipline", "natural")
    page.select_option("#id_format", "onsite")
    page.fill("#id_starts_on", START.isoformat())
    page.fill("#id_ends_on", (START + datetime.timedelta(days=2)).isoformat())
    page.fill("#id_venue", "学术交流中心")
    page.fill("#id_city", "湘潭")
    page.fill("#id_expected_total", "120")
    page.fill("#id_expected_foreign", "40")
    page.fill("#id_expected_countries", "6")
    page.click("main form button[type=submit]:not([name])")
    page.wait_for_url(re.compile(r"/staff/conferences/\d+/$"))
    conference = Conference.objects.get()
    assert conference.forecast is not None
    page.click("form[action$='submit/'] button[type=submit]")
    page.wait_for_url(f"{base}{conference.get_absolute_url()}")
    conference.refresh_from_db()
    assert conference.status == ConferenceStatus.IN_APPROVAL

    # 2. The unit head and the office approve it (general: no leader); the office records
    # the province's approval.
    _approve(browser_context, page, base, conference, "head", "officer")
    conference.refresh_from_db()
    assert conference.status == ConferenceStatus.APPROVED
    page.goto(f"{base}/staff/conferences/{conference.pk}/filings/new/")
    page.fill("#id_authority", "湖南省教育厅")
    page.fill("#id_number", "湘教外〔2026〕12号")
    page.fill("#id_filed_on", TODAY.isoformat())
    page.click("main form button[type=submit]")
    page.wait_for_url(re.compile(rf"/staff/conferences/{conference.pk}/"))
    assert "湘教外〔2026〕12号" in page.content()

    # 3. The dates change: a new version, approved again; both are kept.
    _login(browser_context, page, base, "teacher")
    page.goto(f"{base}/staff/conferences/{conference.pk}/change/")
    page.fill("#id_starts_on", (START + datetime.timedelta(days=7)).isoformat())
    page.fill("#id_ends_on", (START + datetime.timedelta(days=9)).isoformat())
    page.fill("#id_change_reason", "会场档期调整")
    page.click("main form button[type=submit]:not([name])")
    page.wait_for_url(re.compile(rf"/staff/conferences/{conference.pk}/$"))
    page.click("form[action$='submit/'] button[type=submit]")
    page.wait_for_url(f"{base}{conference.get_absolute_url()}")
    _approve(browser_context, page, base, conference, "head", "officer")
    versions = list(ConferenceVersion.objects.filter(conference=conference).order_by("number"))
    assert len(versions) == 2 and versions[1].status == VersionStatus.APPROVED
    assert versions[1].starts_on == START + datetime.timedelta(days=7)
    assert page.locator("#version-1").count() == 1 and page.locator("#version-2").count() == 1
    screenshot(page, "conferences-versions")

    # 4. Forty participants from six places are imported; Hong Kong is not a country.
    _login(browser_context, page, base, "teacher")
    page.goto(f"{base}/staff/conferences/{conference.pk}/participants/import/")
    _upload(page, "#id_file", "participants.xlsx", XLSX, _participants_xlsx())
    page.click("main form button[type=submit]")
    page.wait_for_url(re.compile(r"/participants/import/\w+/$"))
    page.click("main form.form-actions button[type=submit]")
    page.wait_for_url(re.compile(rf"/staff/conferences/{conference.pk}/participants/"))
    assert Participant.objects.filter(conference=conference).count() == 40
    counts = page.locator("main").inner_text()
    assert re.search(r"5\s*(个国家|countries)", counts), counts

    # 5. The unit opens public registration; a visitor asks for a visa letter, confirms the
    # address from the mail, the unit accepts and the office issues the letter.
    page.goto(f"{base}{conference.get_absolute_url()}")
    page.click("form[action$='registration/'] button[type=submit]")
    page.wait_for_url(f"{base}{conference.get_absolute_url()}")
    browser_context.clear_cookies()
    page.goto(f"{base}/conferences/{conference.pk}/")
    assert "International Conference on Computational Materials" in page.content() or (
        "计算材料学国际会议" in page.content()
    )
    page.goto(f"{base}/conferences/{conference.pk}/register/")
    page.fill("#id_family_name", "Tanaka")
    page.fill("#id_given_name", "Yuki")
    page.fill("#id_email", "yuki.tanaka@example.jp")
    page.select_option("#id_country", str(Country.objects.get(code="JP").pk))
    page.fill("#id_organisation", "Kyoto University")
    page.check("#id_needs_visa_letter")
    page.fill("#id_passport_number", "TK1234567")
    page.fill("#id_passport_expires_on", "2033-05-01")
    page.fill("#id_birth_date", "1980-02-03")
    page.select_option("#id_sex", "F")
    page.click("main form button[type=submit]")
    page.wait_for_selector("text=yuki.tanaka@example.jp")
    sent = next(m for m in mail.outbox if m.to == ["yuki.tanaka@example.jp"])
    link = re.search(r"https?://\S+/conferences/register/confirm/\S+/", str(sent.body))
    assert link is not None
    page.goto(base + urlsplit(link.group(0)).path)
    _login(browser_context, page, base, "teacher")
    page.goto(f"{base}/staff/conferences/registrations/")
    assert "Tanaka" in page.content()
    page.click("form[action$='accept/'] button[type=submit]")
    page.wait_for_load_state()
    visitor = Participant.objects.get(conference=conference, person__family_name="Tanaka")
    _login(browser_context, page, base, "officer")
    page.goto(f"{base}/staff/conferences/registrations/?status=accepted")
    page.click("form[action$='letters/'] button[type=submit]")
    page.wait_for_load_state()
    letter = Letter.objects.get()
    assert letter.number in page.content()
    screenshot(page, "conferences-registrations")

    # 6. The programme comes from a pretalx schedule export.
    page.goto(f"{base}/staff/conferences/{conference.pk}/programme/import/")
    page.set_input_files("#id_file", str(FIXTURES / "pretalx_schedule.json"))
    page.click("main form button[type=submit]")
    page.wait_for_url(re.compile(rf"/staff/conferences/{conference.pk}/programme/$"))
    assert conference.sessions.exists()
    screenshot(page, "conferences-programme")

    # 7. A certificate prints.
    certificate = page.request.get(
        f"{base}/staff/conferences/{conference.pk}/participants/{visitor.pk}/certificate.pdf"
    )
    assert certificate.ok and certificate.body()[:4] == b"%PDF"

    # 8. After the conference, the teacher files the summary: it closes the conference.
    settings.WAISHI_FROZEN_TODAY = versions[1].ends_on + datetime.timedelta(days=10)
    _login(browser_context, page, base, "teacher")
    page.goto(f"{base}/staff/conferences/{conference.pk}/summary/")
    page.fill("#id_review", "本次会议围绕计算材料学的前沿问题展开深入研讨。" * 140)
    page.fill("#id_actual_total", "118")
    page.fill("#id_actual_foreign", "41")
    page.fill("#id_actual_countries", "6")
    page.click("main form[enctype]:not([action]) button[type=submit]")
    page.wait_for_url(re.compile(rf"/staff/conferences/{conference.pk}/summary/"))
    for n in range(3):
        _upload(page, "#id_image", f"photo-{n}.png", "image/png", PNG)
        page.fill("#id_caption", f"会议现场 {n + 1}")
        page.click("form[action$='photos/'] button[type=submit]")
        page.wait_for_url(re.compile(rf"/staff/conferences/{conference.pk}/summary/"))
    page.click("form[action$='summary/file/'] button[type=submit]")
    page.wait_for_url(re.compile(rf"/staff/conferences/{conference.pk}/summary/"))
    conference.refresh_from_db()
    assert conference.status == ConferenceStatus.CLOSED
    screenshot(page, "conferences-summary")

    # A late summary: another conference of the unit ended three months ago and has none.
    late = ended_conference(personas).conference
    ConferenceVersion.objects.filter(conference=late).update(
        starts_on=TODAY - datetime.timedelta(days=95),
        ends_on=TODAY - datetime.timedelta(days=94),
    )
    settings.WAISHI_FROZEN_TODAY = TODAY
    page.goto(f"{base}/staff/conferences/new/")
    page.fill("#id_name_zh", "第二届计算材料学研讨会")
    page.fill("#id_starts_on", (START + datetime.timedelta(days=30)).isoformat())
    page.fill("#id_ends_on", (START + datetime.timedelta(days=31)).isoformat())
    page.wait_for_selector(f"text={late.reference}")
    assert late.reference in page.locator("main").inner_text()
