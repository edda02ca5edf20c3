"""In a real browser: log in, switch the language, see the page change; a phone-sized view."""

import pytest

from waishi.conftest import screenshot

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_log_in_and_switch_language_in_the_browser(live_server, personas, browser_context):
    page = browser_context.new_page()
    page.goto(f"{live_server.url}/login/")
    assert page.locator("h1").inner_text() == "登录外事系统"
    page.fill("#id_username", "liaison")
    page.fill("#id_password", "a-long-test-password")
    page.click("main button[type=submit]")
    page.wait_for_url(f"{live_server.url}/staff/")
    assert page.locator("h1").inner_text() == "欢迎，张秘书"
    screenshot(page, "shell-home-zh")

    page.click(".language-switch [lang=en]")
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Welcome, 张秘书"
    assert page.locator("html").get_attribute("lang") == "en"
    screenshot(page, "shell-home-en")

    # The choice is remembered on the next page.
    page.goto(f"{live_server.url}/staff/units/")
    assert page.locator("h1").inner_text() == "Units"
    screenshot(page, "shell-units-en")


def test_wrong_password_then_phone_layout(live_server, personas, browser_context):
    page = browser_context.new_page()
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", "head")
    page.fill("#id_password", "wrong")
    page.click("main button[type=submit]")
    assert "用户名或密码错误" in page.locator(".alert-danger").inner_text()
    page.fill("#id_password", "a-long-test-password")
    page.click("main button[type=submit]")
    page.wait_for_url(f"{live_server.url}/staff/")
    # On a phone the modules sit behind the menu button.
    assert not page.locator("#sidebar").is_visible()
    page.click("button.navbar-toggler")
    page.locator("#sidebar.show").wait_for(state="visible")
    page.wait_for_timeout(400)  # let the slide-in finish before the picture
    screenshot(page, "shell-phone-menu-zh")


def test_axe_check_fails_on_two_landmarks_of_the_same_name(browser_context):
    from waishi.core.accessibility import findings

    page = browser_context.new_page()
    page.set_content(
        '<html lang="en"><head><title>t</title></head><body><main><h1>Trip</h1>'
        '<section aria-label="Approval"><h2>Approval</h2></section>'
        '<section aria-label="Approval"><h2>Approval</h2></section></main></body></html>'
    )
    assert [line.split(":")[0] for line in findings(page)] == ["moderate landmark-unique"]
