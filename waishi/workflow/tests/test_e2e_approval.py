"""In a real browser: the unit head finds a request in the inbox, returns it with a comment
on the decision panel; after the applicant resubmits, the head approves."""

import pytest

from waishi.conftest import screenshot
from waishi.workflow import services
from waishi.workflow.enums import RequestState
from waishi.workflow.tests.conftest import TEST_KIND

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def login(page, url, username):
    page.goto(f"{url}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "a-long-test-password")
    page.click("main button[type=submit]")
    page.wait_for_url(f"{url}/staff/")


def test_head_returns_then_approves(live_server, personas, browser_context, request_type):
    approval = services.approval_submit(
        personas.college,
        kind=TEST_KIND,
        by=personas.teacher,
    )
    page = browser_context.new_page()
    login(page, live_server.url, "head")
    page.goto(f"{live_server.url}/staff/inbox/")
    assert page.locator("#results tbody tr").count() == 1
    assert "数学学院" in page.locator("#results tbody tr").inner_text()
    screenshot(page, "workflow-inbox-zh")

    page.goto(f"{live_server.url}{approval.get_absolute_url()}")
    # Returning without a comment is refused with a message; nothing changes.
    page.click("button[name=action][value=return]")
    page.wait_for_load_state()
    assert "退回申请时请说明需要修改的内容" in page.locator("main").inner_text()
    page.fill("textarea[name=comment]", "请补充经费预算")
    page.click("button[name=action][value=return]")
    page.wait_for_load_state()
    assert "您的审批意见已记录" in page.locator("main").inner_text()
    approval.refresh_from_db()
    assert approval.state == RequestState.RETURNED
    screenshot(page, "workflow-panel-returned-zh")

    services.approval_resubmit(approval, by=personas.teacher)
    page.reload()
    page.click("button[name=action][value=approve]")
    page.wait_for_load_state()
    approval.refresh_from_db()
    assert approval.current_step is not None
    assert approval.current_step.key == "office"
    assert page.locator("button[name=action]").count() == 0
    screenshot(page, "workflow-panel-round2-zh")

    page.click(".language-switch [lang=en]")
    page.wait_for_load_state()
    page.goto(f"{live_server.url}/staff/inbox/decided/")
    assert page.locator("#results tbody tr").count() == 2
    screenshot(page, "workflow-decided-en")
    page.goto(f"{live_server.url}{approval.get_absolute_url()}")
    assert "Round 2" in page.locator("main").inner_text()
    screenshot(page, "workflow-panel-en")
    # Let the last requests finish before the live server's database goes away.
    page.wait_for_load_state("networkidle")
    page.close()
