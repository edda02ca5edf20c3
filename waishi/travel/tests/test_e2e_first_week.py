"""In a real browser, in Chinese and in English, the first steps of a new office without a
shell or the admin site: the administrator creates an account and the invitation goes out; the
new user chooses a password from the e-mail's link, logs in and finds themselves offered as the
first traveller (and leader) of a new trip."""

import pytest
from django.core import mail

from waishi.conftest import screenshot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SAVED = {"zh-hans": "邀请邮件已发送至 wang@example.edu", "en": "An invitation with a link"}
CHOOSE = {"zh-hans": "设置您的密码", "en": "Choose your password"}


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_new_account_sets_its_password_and_starts_a_trip_alone(
    live_server, personas, browser_context, language
):
    base = live_server.url
    browser_context.add_cookies([{"name": "django_language", "value": language, "url": base}])
    page = browser_context.new_page()
    page.goto(f"{base}/login/")
    page.fill("#id_username", personas.admin.username)
    page.fill("#id_password", "a-long-test-password")
    page.click("main button[type=submit]")
    page.wait_for_url(f"{base}/staff/")

    # 1. The administrator creates the account; the invitation goes out.
    page.goto(f"{base}/staff/accounts/new/")
    page.fill("#id_username", "wangfang")
    page.fill("#id_full_name", "王芳")
    page.fill("#id_email", "wang@example.edu")
    page.check("input[name=roles][value=staff]")
    page.check(f"input[name=units][value='{personas.college.pk}']")
    page.click("main button[type=submit]")
    page.wait_for_url(f"{base}/staff/accounts/*/")
    assert SAVED[language] in page.locator("main").inner_text()
    assert [m.to for m in mail.outbox] == [["wang@example.edu"]]
    link = next(line for line in mail.outbox[0].body.splitlines() if "/password/reset/" in line)

    # 2. The new user opens the link, chooses a password and logs in.
    browser_context.clear_cookies()
    browser_context.add_cookies([{"name": "django_language", "value": language, "url": base}])
    page.goto(base + "/" + link.split("://", 1)[1].split("/", 1)[1])
    assert CHOOSE[language] in page.locator("h1").inner_text()
    page.fill("#id_new_password1", "Wang-chooses-42")
    page.fill("#id_new_password2", "Wang-chooses-42")
    page.click("main button[type=submit]")
    page.wait_for_url(f"{base}/password/reset/done/")
    page.goto(f"{base}/login/")
    page.fill("#id_username", "wangfang")
    page.fill("#id_password", "Wang-chooses-42")
    page.click("main button[type=submit]")
    page.wait_for_url(f"{base}/staff/")

    # ... and applies for a trip alone: she is its first traveller, as leader.
    page.goto(f"{base}/staff/travel/trips/new/")
    chosen = page.locator("select[name='travellers-0-person'] option:checked").inner_text()
    role = page.locator("select[name='travellers-0-role']").input_value()
    assert (chosen, role) == ("王芳", "leader")
    screenshot(page, f"first-week-new-trip-{language}")
