"""In a real browser, the whole trip of issue 4: apply for a group of two, returned by the unit
head, fixed and resubmitted, approved by the head, the office and the director, passports out,
the trip ends, one passport back, the reminder run flags the other and the report, the report
is accepted and the trip closes."""

import datetime
import re

import pytest
from django.core.management import call_command

from waishi.conftest import pick, screenshot
from waishi.core.models import Notification
from waishi.travel.enums import TripStatus
from waishi.travel.models import PassportLoan, Trip
from waishi.travel.tests.factories import PassportFactory, country, days

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _login(context, page, base, username):
    context.clear_cookies()
    page.goto(f"{base}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "a-long-test-password")
    page.click("main button[type=submit]")
    page.wait_for_url(f"{base}/staff/")


def _decide(page, base, trip, value, comment=""):
    page.goto(f"{base}{trip.get_absolute_url()}")
    # The engine's panel: the one place a trip is decided.
    if comment:
        page.fill(".decision-form textarea[name=comment]", comment)
    page.click(f".decision-form button[name=action][value={value}]")
    page.wait_for_url(f"{base}{trip.get_absolute_url()}")


def _english(context, page, base, path, name):
    context.add_cookies([{"name": "django_language", "value": "en", "url": base}])
    page.goto(f"{base}{path}")
    screenshot(page, name)
    context.add_cookies([{"name": "django_language", "value": "zh-hans", "url": base}])


def test_whole_trip_in_the_browser(live_server, personas, browser_context, settings):
    base = live_server.url
    leader = PassportFactory(
        person__name_zh="李明",
        person__family_name="Li",
        person__given_name="Ming",
        person__unit=personas.college,
        number="SE1000001",
    ).person
    member = PassportFactory(
        person__name_zh="王芳",
        person__family_name="Wang",
        person__given_name="Fang",
        person__unit=personas.college,
        number="SE1000002",
    ).person
    page = browser_context.new_page()

    # The teacher applies for a group of two.
    _login(browser_context, page, base, "teacher")
    page.goto(f"{base}/staff/travel/trips/new/")
    page.fill("#id_title", "赴法国里昂大学洽谈合作")
    page.select_option("#id_purpose", "talks")
    page.fill("#id_departure", days(20).isoformat())
    page.fill("#id_return_date", days(26).isoformat())
    page.fill("#id_outside_plan_reason", "邀请在年度计划编制之后收到")
    pick(page, "#id_travellers-0-person", "李明", leader.pk)
    page.select_option("#id_travellers-0-role", "leader")
    page.fill("#id_travellers-0-position", "教授")
    page.click("button.formset-add[data-prefix=travellers]")
    pick(page, "#id_travellers-1-person", "王芳", member.pk)
    page.select_option("#id_travellers-1-role", "member")
    page.fill("#id_travellers-1-position", "副教授")
    page.select_option("#id_destinations-0-country", str(country("FR").pk))
    page.fill("#id_destinations-0-city", "里昂")
    page.fill("#id_destinations-0-host_name", "里昂第二大学")
    page.fill("#id_destinations-0-arrive", days(20).isoformat())
    page.fill("#id_destinations-0-leave", days(26).isoformat())
    page.fill("#id_itinerary-0-date", days(21).isoformat())
    page.fill("#id_itinerary-0-place", "里昂")
    page.fill("#id_itinerary-0-activity", "合作会谈")
    page.fill("#id_budget-0-item", "国际旅费")
    page.fill("#id_budget-0-amount", "24000")
    page.select_option("#id_budget-0-source", "unit")
    screenshot(page, "travel-form-zh")
    page.click("button[name=submit]")
    page.wait_for_url(re.compile(r"/staff/travel/trips/\d+/$"))
    trip = Trip.objects.get()
    assert Trip.objects.get().status == TripStatus.IN_APPROVAL
    assert trip.travellers.count() == 2

    # The unit head returns it for a change.
    _login(browser_context, page, base, "head")
    _decide(page, base, trip, "return", "请补充第二天的行程")
    assert Trip.objects.get().status == TripStatus.RETURNED

    # The applicant fixes and resubmits.
    _login(browser_context, page, base, "teacher")
    page.goto(f"{base}/staff/travel/trips/{trip.pk}/edit/")
    page.fill("#id_itinerary-1-date", days(22).isoformat())
    page.fill("#id_itinerary-1-place", "里昂")
    page.fill("#id_itinerary-1-activity", "参观实验室")
    page.click("button[name=submit]")
    page.wait_for_url(f"{base}{trip.get_absolute_url()}")
    assert Trip.objects.get().status == TripStatus.IN_APPROVAL
    assert trip.itinerary.count() == 2

    # The unit head, the office and the director approve.
    for username in ("head", "officer", "director"):
        _login(browser_context, page, base, username)
        if username == "officer":
            page.goto(f"{base}{trip.get_absolute_url()}")
            screenshot(page, "travel-decision-panel-zh")
        _decide(page, base, trip, "approve")
    assert Trip.objects.get().status == TripStatus.APPROVED

    # The office records the approval number and checks out both passports.
    _login(browser_context, page, base, "officer")
    page.goto(f"{base}{trip.get_absolute_url()}")
    page.fill("#id_approval_number", "湘大外批〔2026〕18号")
    page.click("form[action$='number/'] button")
    page.wait_for_url(f"{base}{trip.get_absolute_url()}")
    for _ in range(2):
        page.click("form[action*='check-out'] button >> nth=0")
        page.wait_for_url(f"{base}{trip.get_absolute_url()}")
    assert PassportLoan.objects.filter(checked_in_at__isnull=True).count() == 2
    screenshot(page, "travel-detail-approved-zh")
    _english(browser_context, page, base, trip.get_absolute_url(), "travel-detail-approved-en")
    pdf = page.request.get(f"{base}/staff/travel/trips/{trip.pk}/approval.pdf")
    assert pdf.body()[:4] == b"%PDF"

    # The trip ends; one passport comes back.
    trip.refresh_from_db()
    settings.WAISHI_FROZEN_TODAY = trip.return_date + datetime.timedelta(days=8)
    page.goto(f"{base}/staff/travel/passports/")
    page.click("form[action*='check-in'] button >> nth=0")
    page.wait_for_url(f"{base}/staff/travel/passports/")
    assert PassportLoan.objects.filter(checked_in_at__isnull=True).count() == 1
    screenshot(page, "travel-passports-zh")
    _english(browser_context, page, base, "/staff/travel/passports/", "travel-passports-en")

    # The reminder run flags the other passport as overdue and the report as due.
    call_command("remind", "--today", settings.WAISHI_FROZEN_TODAY.isoformat())
    overdue = Notification.objects.filter(kind="travel.passport_overdue")
    assert {n.recipient.username for n in overdue} == {"teacher", "liaison", "officer", "director"}
    assert list(
        Notification.objects.filter(kind="travel.report").values_list(
            "recipient__username", flat=True
        )
    ) == ["teacher"]
    page.goto(f"{base}/staff/travel/passports/?where=overdue")
    assert page.locator("tbody tr").count() == 1

    # The applicant writes the report; the office accepts it and the trip closes.
    _login(browser_context, page, base, "teacher")
    page.goto(f"{base}/staff/travel/trips/{trip.pk}/report/")
    page.fill("#id_text", "与里昂第二大学签署了合作备忘录，商定2027年互派学生。")
    screenshot(page, "travel-report-zh")
    page.click("button[name=submit]")
    page.wait_for_url(f"{base}{trip.get_absolute_url()}")
    assert Trip.objects.get().status == TripStatus.REPORTED
    _login(browser_context, page, base, "officer")
    page.goto(f"{base}{trip.get_absolute_url()}")
    page.click("form[action$='report/accept/'] button")
    page.wait_for_url(f"{base}{trip.get_absolute_url()}")
    assert Trip.objects.get().status == TripStatus.CLOSED
    screenshot(page, "travel-detail-closed-zh")
    page.goto(f"{base}/staff/travel/trips/")
    screenshot(page, "travel-list-zh")
    _english(browser_context, page, base, "/staff/travel/trips/", "travel-list-en")
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{base}{trip.get_absolute_url()}")
    screenshot(page, "travel-detail-phone-zh")
