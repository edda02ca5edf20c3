"""In a real browser, in Chinese and in English, the journey of issue 15 as far as it is built:
a liaison files a late visit and imports its three guests from Excel, the unit head and the
office approve it, the office issues two numbered invitation letters, an itinerary item joins
a participant's calendar feed, costs are entered with one item over its standard and given a
reason, the summary is filed, the reception report form (呈报表) downloads and the visit
closes."""

from __future__ import annotations

import datetime
import io
import re

import pytest
from openpyxl import Workbook

from waishi.conftest import pick, screenshot
from waishi.core.models import Letter
from waishi.travel import services as travel_services
from waishi.visits.enums import Standard, VisitStatus
from waishi.visits.excel import GUESTS
from waishi.visits.models import Visit
from waishi.visits.tests.factories import days, staff_person

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

GUEST_ROWS = [
    {"family_name": "Martin", "given_name": "Claire", "sex": "F", "birth_date": "1968-04-02",
     "nationality": "FR", "passport_number": "FR1000001", "role": "head",
     "organisation": "Université de Lyon", "title": "Vice-president"},
    {"family_name": "Durand", "given_name": "Paul", "sex": "M", "birth_date": "1955-11-20",
     "nationality": "FR", "passport_number": "FR1000002", "role": "member",
     "organisation": "Université de Lyon", "title": "Dean"},
    {"family_name": "Petit", "given_name": "Luc", "sex": "M", "birth_date": "1980-01-15",
     "nationality": "FR", "passport_number": "FR1000003", "role": "member",
     "organisation": "Université de Lyon", "title": "Professor"},
]  # fmt: skip


def _guests_xlsx() -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = GUESTS.title
    sheet.append([column.header for column in GUESTS.imported])
    for row in GUEST_ROWS:
        sheet.append([row.get(column.key) for column in GUESTS.imported])
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


def _decide(page, base: str, visit: Visit) -> None:
    page.goto(f"{base}{visit.get_absolute_url()}")
    page.click(".decision-form button[name=action][value=approve]")
    page.wait_for_url(f"{base}{visit.get_absolute_url()}")


@pytest.mark.parametrize("browser_locale", ["zh-CN", "en"])
def test_visit_journey_in_the_browser(
    live_server, personas, browser_context, browser_locale, settings
):
    settings.OFFICE_PHONE = "+86 731 5829 2000"
    lang = "zh" if browser_locale.startswith("zh") else "en"
    base = live_server.url
    staff_person(personas.liaison)
    head = staff_person(personas.head)
    page = browser_context.new_page()

    # 1. The liaison files a visit ten days ahead: late for a visa (30 days).
    _login(browser_context, page, base, "liaison")
    page.goto(f"{base}/staff/visits/new/")
    page.fill("#id_title", "里昂大学代表团来访")
    page.select_option("#id_kind", "delegation")
    page.fill("#id_purpose", "商谈联合培养硕士项目")
    page.fill("#id_arrival", days(10).isoformat())
    page.fill("#id_departure", days(12).isoformat())
    page.fill("#id_places", "湘潭")
    page.check("#id_visa_needed")
    page.select_option("#id_budget-0-item", "meals")
    page.fill("#id_budget-0-amount", "2700")
    page.click("main form button[type=submit]")
    page.wait_for_url(re.compile(r"/staff/visits/\d+/$"))
    visit = Visit.objects.get()

    # Three guests from the partner's spreadsheet.
    page.goto(f"{base}/staff/visits/{visit.pk}/guests/import/")
    page.set_input_files(
        "#id_file",
        {
            "name": "guests.xlsx",
            "mimeType": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "buffer": _guests_xlsx(),
        },
    )
    page.click("main form button[type=submit]")
    page.wait_for_url(re.compile(r"/guests/import/\w+/$"))
    screenshot(page, f"visits-import-preview-{lang}")
    page.click("main form.form-actions button[type=submit]")
    page.wait_for_url(re.compile(rf"/staff/visits/{visit.pk}/"))
    assert visit.guests.count() == 3

    # Submitted late, with the reason.
    page.goto(f"{base}{visit.get_absolute_url()}")
    page.fill("#id_late_reason", "对方行程临时确定")
    page.click("form[action$='submit/'] button[type=submit]")
    page.wait_for_url(f"{base}{visit.get_absolute_url()}")
    visit.refresh_from_db()
    assert visit.status == VisitStatus.IN_APPROVAL and visit.filed_late

    # 2. The unit head and the office approve it.
    for username in ("head", "officer"):
        _login(browser_context, page, base, username)
        _decide(page, base, visit)
    visit.refresh_from_db()
    assert visit.status == VisitStatus.APPROVED

    # 3. The office issues two invitation letters, numbered.
    first, second = list(visit.guests.order_by("pk")[:2])
    for guest in (first, second):
        page.goto(f"{base}{visit.get_absolute_url()}")
        page.select_option("#id_letter_guest", str(guest.pk))
        page.click("form[action$='letters/'] button[type=submit]")
        page.wait_for_url(f"{base}{visit.get_absolute_url()}")
    numbers = sorted(Letter.objects.values_list("number", flat=True))
    assert len(numbers) == 2 and numbers[0] != numbers[1]
    screenshot(page, f"visits-detail-letters-{lang}")

    # 4. The liaison adds an itinerary item with the unit head present: it joins his feed.
    _login(browser_context, page, base, "liaison")
    page.goto(f"{base}/staff/visits/{visit.pk}/itinerary/new/")
    page.select_option("#id_kind", "meeting")
    page.fill("#id_title", "会见里昂大学代表团")
    page.fill("#id_starts_at", f"{visit.arrival.isoformat()}T10:00")
    page.fill("#id_ends_at", f"{visit.arrival.isoformat()}T11:30")
    page.fill("#id_place", "行政楼第一会议室")
    pick(page, "#id_present", "陈院长", head.pk)
    page.click("main form button[type=submit]")
    page.wait_for_url(f"{base}{visit.get_absolute_url()}#itinerary")
    screenshot(page, f"visits-itinerary-{lang}")
    token = travel_services.calendar_token_for(personas.head)
    feed = page.request.get(f"{base}/travel/calendar/{token}.ics").text()
    assert "会见里昂大学代表团" in feed
    pdf = page.request.get(f"{base}/staff/visits/{visit.pk}/itinerary.pdf")
    assert pdf.body()[:4] == b"%PDF"

    # 5. After departure, costs: meals over the standard (3 × 300 × 3 = 2,700), with a reason.
    settings.WAISHI_FROZEN_TODAY = visit.departure + datetime.timedelta(days=1)
    page.goto(f"{base}/staff/visits/{visit.pk}/costs/")
    page.select_option("#id_item", "meals")
    page.fill("#id_amount", "3200")
    page.click("#costs form button[type=submit]")
    page.wait_for_url(f"{base}/staff/visits/{visit.pk}/costs/")
    assert page.locator("#id_meals-reason").count() == 1
    page.fill("#id_meals-reason", "法方副校长临时加入晚餐")
    page.click("form[action$='reasons/'] button[type=submit]")
    page.wait_for_url(re.compile(r"/costs/"))
    assert visit.reasons.get().standard == Standard.MEALS
    screenshot(page, f"visits-costs-{lang}")

    # 6. The summary is filed and the 呈报表 downloads; the visit closes.
    page.goto(f"{base}/staff/visits/{visit.pk}/summary/")
    page.fill("#id_text", "双方签署联合培养硕士项目备忘录。")
    page.click("main form button[type=submit]")
    page.wait_for_url(f"{base}/staff/visits/{visit.pk}/summary/")
    screenshot(page, f"visits-summary-{lang}")
    report = page.request.get(f"{base}/staff/visits/{visit.pk}/report.pdf")
    assert report.body()[:4] == b"%PDF"
    page.goto(f"{base}/staff/visits/{visit.pk}/costs/")
    page.click("form[action$='close/'] button[type=submit]")
    page.wait_for_url(f"{base}{visit.get_absolute_url()}")
    visit.refresh_from_db()
    assert visit.status == VisitStatus.CLOSED
    screenshot(page, f"visits-detail-closed-{lang}")

    # The office's pages of the visit, and the year's figures (each checked by axe-core).
    _login(browser_context, page, base, "officer")
    page.goto(f"{base}/staff/visits/{visit.pk}/authorised-letter/")
    page.fill("#id_authority", "湖南省人民政府外事办公室")
    page.click("main form button[type=submit]")
    page.wait_for_url(f"{base}{visit.get_absolute_url()}#authorised-letter")
    page.goto(f"{base}/staff/visits/{visit.pk}/gifts/")
    page.goto(f"{base}/staff/visits/figures/?year={visit.arrival.year}")
    assert page.locator("#by-country").count() == 1
    screenshot(page, f"visits-figures-{lang}")
