"""In a real browser, in Chinese and in English, the first week of a new office, with no shell
and no admin site: the administrator creates an account and the invitation goes out; the
office records the new colleague's official passport; she chooses a password from the
e-mail's link, logs in and applies for a trip alone (offered as its first traveller, and its
leader); her unit head, the office and the director approve it from their inboxes; the office
checks the passport out and, after the trip, back in; she files the report, which the office
accepts. The browser asks for its language (Accept-Language) as a real one does; axe-core
checks every page opened (waishi/conftest.py)."""

import datetime
import re

import pytest
from django.core import mail

from waishi.conftest import screenshot
from waishi.core import clock
from waishi.travel.tests.factories import country

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "a-long-test-password"

# What each person sees, in the page's language.
TEXT = {
    "zh-hans": {
        "name": "王芳",
        "invited": "邀请邮件已发送至 wang@example.edu",
        "mail_subject": "湘潭大学",
        "mail_body": "用户名为“wangfang”",
        "choose": "设置您的密码",
        "saved_password": "新密码已保存。",
        "welcome": "欢迎，王芳",
        "add_document": "添加证件",
        "document_saved": "证件已保存",
        "leader": "团长",
        "submitted": "申请已提交审批。",
        "in_approval": "审批中",
        "unit_head_step": "单位负责人",
        "inbox_empty": "暂无待您审批的申请。",
        "approved": "已批准",
        "report_later": "出访报告在出访结束后填写",
        "checked_out": "护照已借给 王芳",
        "out": "借出",
        "checked_in": "护照已归还入库。",
        "write_report": "填写出访报告",
        "report_sent": "报告已提交国际处。",
        "reported": "报告已提交",
        "closed": "已关闭",
    },
    "en": {
        "name": "Fang Wang",
        "invited": "An invitation with a link to choose a password has been sent to "
        "wang@example.edu",
        "mail_subject": "Xiangtan University",
        "mail_body": "Your user name is “wangfang”",
        "choose": "Choose your password",
        "saved_password": "Your new password is saved.",
        "welcome": "Welcome, Fang Wang",
        "add_document": "Add document",
        "document_saved": "The document has been saved.",
        "leader": "Leader",
        "submitted": "The application has been submitted for approval.",
        "in_approval": "In approval",
        "unit_head_step": "Unit head",
        "inbox_empty": "Nothing waits for your decision.",
        "approved": "Approved",
        "report_later": "The report is written after the trip",
        "checked_out": "Passport checked out to Fang Wang",
        "out": "Out",
        "checked_in": "The passport is back in custody.",
        "write_report": "Write the report",
        "report_sent": "The report has been submitted to the office.",
        "reported": "Report submitted",
        "closed": "Closed",
    },
}


def _log_in(context, page, base, username, password=PASSWORD):
    context.clear_cookies()
    page.goto(f"{base}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("main button[type=submit]")
    page.wait_for_url(f"{base}/staff/")


def _main(page) -> str:
    return page.locator("main").inner_text()


# The browser asks for its language, as a colleague's does; nobody touches the switch.
@pytest.mark.parametrize(
    ("browser_locale", "language"), [("zh-CN", "zh-hans"), ("en-GB", "en")], ids=["zh", "en"]
)
def test_the_first_week_in_the_browser(
    live_server, personas, browser_context, settings, browser_locale, language
):
    base = live_server.url
    text = TEXT[language]
    departure = clock.today() + datetime.timedelta(days=20)
    return_date = departure + datetime.timedelta(days=6)
    france = country("FR").pk
    page = browser_context.new_page()

    # 1. The administrator creates the account, in the person's language; the invitation
    # goes out.
    _log_in(browser_context, page, base, personas.admin.username)
    page.goto(f"{base}/staff/accounts/new/")
    page.fill("#id_username", "wangfang")
    page.fill("#id_full_name", text["name"])
    page.fill("#id_email", "wang@example.edu")
    page.select_option("#id_language", language)
    page.check("input[name=roles][value=staff]")
    page.check(f"input[name=units][value='{personas.college.pk}']")
    page.click("main button[type=submit]")
    page.wait_for_url(f"{base}/staff/accounts/*/")
    assert text["invited"] in _main(page)
    assert [m.to for m in mail.outbox] == [["wang@example.edu"]]
    invitation = mail.outbox[0]
    assert text["mail_subject"] in invitation.subject
    assert text["mail_body"] in invitation.body
    link = next(line for line in invitation.body.splitlines() if "/password/reset/" in line)

    # The office records her official passport, kept in its custody.
    _log_in(browser_context, page, base, personas.office_staff.username)
    page.goto(f"{base}/staff/people/?q=wang%40example.edu")
    page.click(f"main a:text-is('{text['name']}')")
    page.click(f"main a:has-text('{text['add_document']}')")
    page.select_option("#id_kind", "official_passport")
    page.fill("#id_number", "SE2026001")
    page.fill("#id_expires_on", (return_date + datetime.timedelta(days=3 * 365)).isoformat())
    page.click("main button[type=submit]")
    page.wait_for_url(re.compile(r"/staff/people/\d+/$"))
    assert text["document_saved"] in _main(page)

    # 2. She opens the link from the e-mail, chooses a password and logs in.
    browser_context.clear_cookies()
    page.goto(base + "/" + link.split("://", 1)[1].split("/", 1)[1])
    assert text["choose"] in page.locator("h1").inner_text()
    page.fill("#id_new_password1", "Wang-chooses-42")
    page.fill("#id_new_password2", "Wang-chooses-42")
    page.click("main button[type=submit]")
    page.wait_for_url(f"{base}/password/reset/done/")
    assert text["saved_password"] in _main(page)
    _log_in(browser_context, page, base, "wangfang", "Wang-chooses-42")
    assert page.locator("h1").inner_text() == text["welcome"]

    # She applies for a trip alone: she is its first traveller, as leader.
    page.goto(f"{base}/staff/travel/trips/new/")
    chosen = page.locator("select[name='travellers-0-person'] option:checked").inner_text()
    assert chosen == text["name"]
    assert page.locator("select[name='travellers-0-role']").input_value() == "leader"
    page.fill("#id_title", "赴法国里昂大学洽谈合作" if language == "zh-hans" else "Talks in Lyon")
    page.select_option("#id_purpose", "talks")
    page.fill("#id_departure", departure.isoformat())
    page.fill("#id_return_date", return_date.isoformat())
    page.fill("#id_outside_plan_reason", "邀请在年度计划之后收到")
    page.fill("#id_travellers-0-position", "副教授")
    page.select_option("#id_destinations-0-country", str(france))
    page.fill("#id_destinations-0-city", "里昂")
    page.fill("#id_destinations-0-host_name", "里昂第二大学")
    page.fill("#id_destinations-0-arrive", departure.isoformat())
    page.fill("#id_destinations-0-leave", return_date.isoformat())
    page.fill("#id_itinerary-0-date", (departure + datetime.timedelta(days=1)).isoformat())
    page.fill("#id_itinerary-0-place", "里昂")
    page.fill("#id_itinerary-0-activity", "合作会谈")
    page.fill("#id_budget-0-item", "国际旅费")
    page.fill("#id_budget-0-amount", "12000")
    page.select_option("#id_budget-0-source", "unit")
    screenshot(page, f"first-week-application-{language}")
    page.click("button[name=submit]")
    page.wait_for_url(re.compile(r"/staff/travel/trips/\d+/$"))
    trip_url = page.url
    main = _main(page)
    assert text["submitted"] in main
    assert text["in_approval"] in page.locator(".trip-status").inner_text()
    assert text["leader"] in page.locator("main table").first.inner_text()
    assert text["unit_head_step"] in page.locator(".approval-panel").inner_text()

    # 3. Her unit head, the office and the director each find it in their inbox and approve.
    for approver in (personas.head, personas.office_staff, personas.director):
        _log_in(browser_context, page, base, approver.username)
        page.goto(f"{base}/staff/inbox/")
        page.click(f"main a[href='{trip_url.removeprefix(base)}']")
        page.wait_for_url(trip_url)
        page.click(".decision-form button[name=action][value=approve]")
        page.wait_for_url(trip_url)
        page.goto(f"{base}/staff/inbox/")
        assert text["inbox_empty"] in _main(page)
    page.goto(trip_url)
    assert text["approved"] in page.locator(".trip-status").inner_text()

    # She sees her trip approved; the report waits for the return.
    _log_in(browser_context, page, base, "wangfang", "Wang-chooses-42")
    page.goto(trip_url)
    assert text["approved"] in page.locator(".trip-status").inner_text()
    assert text["report_later"] in _main(page)
    assert page.locator(f"main a:text-is('{text['write_report']}')").count() == 0

    # The office hands her the passport before she leaves ...
    _log_in(browser_context, page, base, personas.office_staff.username)
    page.goto(trip_url)
    page.click("form[action*='check-out'] button")
    page.wait_for_url(trip_url)
    assert text["checked_out"] in _main(page)
    assert text["out"] in page.locator("main .badge.text-bg-info").inner_text()

    # ... and takes it back after the trip (the clock moves past the return date).
    settings.WAISHI_FROZEN_TODAY = return_date + datetime.timedelta(days=2)
    page.goto(trip_url)
    page.click("form[action*='check-in'] button")
    page.wait_for_url(trip_url)
    assert text["checked_in"] in _main(page)

    # 4. She files the report after the return; the office accepts it.
    _log_in(browser_context, page, base, "wangfang", "Wang-chooses-42")
    page.goto(trip_url)
    page.click(f"main a:text-is('{text['write_report']}')")
    page.fill("#id_text", "与里昂第二大学商定2027年互派学生。")
    screenshot(page, f"first-week-report-{language}")
    page.click("button[name=submit]")
    page.wait_for_url(trip_url)
    assert text["report_sent"] in _main(page)
    assert text["reported"] in page.locator(".trip-status").inner_text()
    _log_in(browser_context, page, base, personas.office_staff.username)
    page.goto(trip_url)
    page.click("form[action$='report/accept/'] button")
    page.wait_for_url(trip_url)
    assert text["closed"] in page.locator(".trip-status").inner_text()
    screenshot(page, f"first-week-closed-{language}")
