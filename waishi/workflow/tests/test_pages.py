import datetime

import pytest
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone, translation

from waishi.core.models import Notification
from waishi.core.tests.factories import UnitFactory
from waishi.workflow import reminders, services
from waishi.workflow.enums import Action, RequestState
from waishi.workflow.models import ApprovalStep, Decision, Delegation
from waishi.workflow.tests.conftest import TEST_KIND


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def submit(personas, subject=None):
    return services.approval_submit(
        subject or personas.college,
        kind=TEST_KIND,
        by=personas.teacher,
    )


def test_decide_post_records_and_redirects_back(client, personas, request_type):
    approval = submit(personas)
    client.force_login(personas.head)
    response = client.post(
        reverse("workflow:request.decide", args=[approval.pk]),
        {"action": "approve", "step": approval.current_step.pk, "next": "/staff/inbox/"},
    )
    assert response.status_code == 302
    assert response["Location"] == "/staff/inbox/"
    approval.refresh_from_db()
    assert approval.current_step.key == "office"


def test_decide_post_by_wrong_user_changes_nothing(client, personas, request_type):
    approval = submit(personas)
    client.force_login(personas.teacher)
    response = client.post(
        reverse("workflow:request.decide", args=[approval.pk]),
        {"action": "approve", "next": "https://evil.example/"},
        follow=True,
    )
    assert response.redirect_chain[0][0] == approval.get_absolute_url()
    assert [str(m) for m in response.context["messages"]] == [
        # The page speaks the default language, Chinese.
        "此环节应由数学学院的单位负责人审批，您无权审批。"
    ]
    assert Decision.objects.filter(action=Action.APPROVE).count() == 0


def test_decide_post_outside_scope_is_404(client, personas, request_type):
    approval = submit(personas)
    client.force_login(personas.other_teacher)
    response = client.post(
        reverse("workflow:request.decide", args=[approval.pk]), {"action": "approve"}
    )
    assert response.status_code == 404


def test_panel_shows_buttons_only_to_approver(personas, request_type):
    approval = submit(personas)
    template = Template("{% load workflow %}{% approval_panel subject %}")
    for user, expected in [(personas.head, True), (personas.teacher, False)]:
        request = RequestFactory().get("/x/")
        request.user = user
        html = template.render(Context({"request": request, "subject": personas.college}))
        assert ('value="approve"' in html) is expected
        assert "Unit head" in html and "Round 1" in html
    assert approval.pk


def test_panel_without_request(personas, request_type, rf):
    request = rf.get("/x/")
    request.user = personas.head
    html = Template("{% load workflow %}{% approval_panel subject %}").render(
        Context({"request": request, "subject": personas.other_college})
    )
    assert "Not submitted for approval yet." in html


@pytest.mark.parametrize("rows", [1, 3])
def test_inbox_query_count_is_flat(client, personas, request_type, rows, django_assert_num_queries):
    for _ in range(rows):
        submit(personas, subject=UnitFactory(parent=personas.college))
    client.force_login(personas.head)
    client.get(reverse("workflow:inbox"))
    with django_assert_num_queries(INBOX_QUERIES):
        response = client.get(reverse("workflow:inbox"))
    assert len(response.context["object_list"]) == rows


@pytest.mark.parametrize("rows", [1, 3])
def test_decided_query_count_is_flat(
    client, personas, request_type, rows, django_assert_num_queries
):
    # The departments first: a user's units are read once and kept on the user.
    for department in [UnitFactory(parent=personas.college) for _ in range(rows)]:
        approval = submit(personas, subject=department)
        services.approval_decide(approval, by=personas.head, action=Action.APPROVE)
    client.force_login(personas.head)
    client.get(reverse("workflow:inbox.decided"))
    with django_assert_num_queries(DECIDED_QUERIES):
        response = client.get(reverse("workflow:inbox.decided"))
    assert len(response.context["object_list"]) == rows


@pytest.mark.parametrize("rows", [1, 3])
def test_inbox_api_query_count_is_flat(
    client, personas, request_type, rows, django_assert_num_queries
):
    for _ in range(rows):
        submit(personas, subject=UnitFactory(parent=personas.college))
    client.force_login(personas.head)
    client.get(reverse("inbox-list"))
    with django_assert_num_queries(INBOX_API_QUERIES):
        response = client.get(reverse("inbox-list"))
    assert response.json()["count"] == rows


@pytest.mark.parametrize("rows", [1, 3])
def test_approvals_api_query_count_is_flat(
    client, personas, request_type, rows, django_assert_num_queries
):
    departments = [UnitFactory(parent=personas.college) for _ in range(rows)]
    for department in departments:
        submit(personas, subject=department)
    client.force_login(personas.head)
    client.get(reverse("approval-list"))
    # Each row's subject page is read with the others' (one query for the subjects).
    with django_assert_num_queries(APPROVALS_API_QUERIES):
        body = client.get(reverse("approval-list")).json()
    assert body["count"] == rows
    assert {r["subject_url"] for r in body["results"]} == {
        d.get_absolute_url() for d in departments
    }


# Each subject is a department of the head's college: the waiting steps are found among the
# units beneath the college, one query per level.
INBOX_QUERIES = 13
DECIDED_QUERIES = 9
INBOX_API_QUERIES = 10
APPROVALS_API_QUERIES = 10


def test_inbox_api_lists_only_mine(client, personas, request_type):
    approval = submit(personas)
    client.force_login(personas.office_staff)
    assert client.get(reverse("inbox-list")).json()["count"] == 0
    client.force_login(personas.head)
    results = client.get(reverse("inbox-list")).json()["results"]
    # The label in the language asked for (Chinese by default).
    assert [(r["request"], r["label"]) for r in results] == [(approval.pk, "单位负责人")]


def test_api_decide_calls_the_service(client, personas, request_type):
    approval = submit(personas)
    client.force_login(personas.office_staff)
    response = client.post(
        reverse("approval-decide", args=[approval.pk]), {"action": "approve"}, format="json"
    )
    # The office may see the request but its step is not theirs yet.
    assert response.status_code == 409
    client.force_login(personas.head)
    response = client.post(
        reverse("approval-decide", args=[approval.pk]),
        {"action": "return", "comment": "Add the budget"},
    )
    assert response.status_code == 201
    approval.refresh_from_db()
    assert approval.state == RequestState.RETURNED


def test_waiting_reminder_once_per_threshold(personas, request_type, office_rule):
    approval = submit(personas)
    step = approval.current_step
    opened = timezone.localdate(step.opened_at)
    assert reminders.approvals_remind_waiting(opened + datetime.timedelta(days=2), print) == 0
    assert reminders.approvals_remind_waiting(opened + datetime.timedelta(days=3), print) == 1
    assert reminders.approvals_remind_waiting(opened + datetime.timedelta(days=4), print) == 0
    assert reminders.approvals_remind_waiting(opened + datetime.timedelta(days=6), print) == 1
    assert list(
        Notification.objects.filter(kind="workflow.waiting").values_list(
            "recipient__username", flat=True
        )
    ) == ["head", "head"]
    office_rule("approval_reminder_days", 0)
    assert reminders.approvals_remind_waiting(opened + datetime.timedelta(days=30), print) == 0


def test_delegation_create_and_end(client, personas, settings):
    settings.WAISHI_FROZEN_TODAY = datetime.date(2026, 5, 1)
    client.force_login(personas.head)
    response = client.post(
        reverse("workflow:delegation.list"),
        {"delegate": personas.liaison.pk, "starts_on": "2026-05-01", "ends_on": "2026-04-01"},
    )
    assert response.status_code == 200
    assert Delegation.objects.count() == 0
    response = client.post(
        reverse("workflow:delegation.list"),
        {"delegate": personas.liaison.pk, "starts_on": "2026-05-01", "ends_on": "2026-05-20"},
    )
    assert response.status_code == 302
    delegation = Delegation.objects.get()
    assert (delegation.delegator, delegation.delegate) == (personas.head, personas.liaison)
    client.force_login(personas.liaison)
    assert client.post(reverse("workflow:delegation.end", args=[delegation.pk])).status_code == 404
    client.force_login(personas.head)
    client.post(reverse("workflow:delegation.end", args=[delegation.pk]))
    delegation.refresh_from_db()
    assert delegation.is_active is False


def test_request_detail_hidden_from_other_staff(client, personas, request_type):
    approval = submit(personas)
    client.force_login(personas.other_teacher)
    assert client.get(approval.get_absolute_url()).status_code == 404
    client.force_login(personas.teacher)
    response = client.get(approval.get_absolute_url())
    assert response.status_code == 200
    assert ApprovalStep.objects.filter(request=approval).count() == 3


def test_requests_for_user_scoping(personas, request_type):
    from waishi.core.tests.factories import UserFactory
    from waishi.workflow.queries import approval_requests_for_user

    mine = submit(personas)
    other = services.approval_submit(
        personas.other_college,
        kind=TEST_KIND,
        by=personas.other_teacher,
    )
    everyone = {mine.pk, other.pk}
    assert {a.pk for a in approval_requests_for_user(personas.auditor)} == everyone
    assert {a.pk for a in approval_requests_for_user(personas.liaison)} == {mine.pk}
    assert {a.pk for a in approval_requests_for_user(personas.teacher)} == {mine.pk}
    assert {a.pk for a in approval_requests_for_user(personas.other_teacher)} == {other.pk}
    assert {a.pk for a in approval_requests_for_user(personas.outsider)} == set()
    stranger = UserFactory()
    assert {a.pk for a in approval_requests_for_user(stranger)} == set()
