import pytest
from django.core import mail
from django.utils import translation

from waishi.core.enums import Role, UnitDuty, UnitKind
from waishi.core.models import Notification
from waishi.core.tests.factories import UnitFactory, UserFactory
from waishi.workflow import queries, services
from waishi.workflow.enums import Action, RequestState, StepState
from waishi.workflow.models import Decision
from waishi.workflow.tests.conftest import CALLS, TEST_KIND


@pytest.fixture(autouse=True)
def _english():
    # Messages are asserted in English; the recipient-language test sets its own.
    with translation.override("en"):
        yield


def submit(personas, subject=None):
    """The teacher asks about `subject`, a unit (the college unless given)."""
    return services.approval_submit(
        subject or personas.college, kind=TEST_KIND, by=personas.teacher
    )


def chain(approval):
    return [(s.key, s.state) for s in approval.steps.filter(round=approval.round)]


def test_submit_builds_chain_without_false_conditions(personas, request_type):
    approval = submit(personas)
    assert approval.state == RequestState.PENDING
    assert chain(approval) == [
        ("unit_head", StepState.OPEN),
        ("office", StepState.WAITING),
        ("director", StepState.WAITING),
    ]
    assert approval.current_step.unit == personas.college
    assert approval.current_step.label_en == "Unit head"


def test_submit_includes_conditional_steps_when_true(personas, request_type):
    research = UnitFactory(
        name_en="Research office", kind=UnitKind.OFFICE, duty=UnitDuty.RESEARCH_OFFICE
    )
    subject = UnitFactory(
        name_en="Research Institute of Fluids", kind=UnitKind.INSTITUTE, parent=personas.college
    )
    approval = submit(personas, subject=subject)
    assert [s.key for s in approval.steps.all()] == [
        "unit_head",
        "research",
        "office",
        "director",
        "leader",
    ]
    assert approval.steps.get(key="research").unit == research
    assert approval.steps.get(key="office").unit is None


def test_submit_refused_when_fixed_unit_missing(personas, request_type):
    subject = UnitFactory(name_en="Research centre")
    with pytest.raises(services.ApprovalRefused):
        submit(personas, subject=subject)
    assert not subject.pk or not queries.approval_for(subject)


def test_submit_twice_refused(personas, request_type):
    submit(personas)
    with pytest.raises(services.ApprovalRefused):
        submit(personas)


def test_full_approval_runs_callback_and_notifies(personas, request_type):
    approval = submit(personas)
    services.approval_decide(approval, by=personas.head, action=Action.APPROVE)
    assert approval.current_step.key == "office"
    services.approval_decide(approval, by=personas.office_staff, action=Action.APPROVE)
    services.approval_decide(approval, by=personas.director, action=Action.APPROVE, comment="OK")
    assert approval.state == RequestState.APPROVED
    assert approval.current_step is None
    assert [("approved", personas.college.pk)] == CALLS
    assert [s.state for s in approval.steps.all()] == [StepState.APPROVED] * 3
    assert list(approval.decisions.values_list("action", "user__username")) == [
        ("submit", "teacher"),
        ("approve", "head"),
        ("approve", "officer"),
        ("approve", "director"),
    ]
    assert (
        Notification.objects.filter(recipient=personas.teacher, kind="workflow.decided").count()
        == 3
    )
    assert (
        Notification.objects.filter(kind="workflow.step_opened")
        .values_list("recipient__username", flat=True)
        .order_by("recipient__username")
        .distinct()
        .count()
        == 3
    )


def test_step_opened_notifies_unit_head_only(personas, request_type):
    UserFactory(username="otherhead", roles_and_units=([Role.UNIT_HEAD], [personas.other_college]))
    submit(personas)
    assert sorted(
        Notification.objects.filter(kind="workflow.step_opened").values_list(
            "recipient__username", flat=True
        )
    ) == ["head"]


def test_return_and_resubmit_starts_again(personas, request_type):
    approval = submit(personas)
    services.approval_decide(approval, by=personas.head, action=Action.APPROVE)
    services.approval_decide(
        approval, by=personas.office_staff, action=Action.RETURN, comment="Fix the dates"
    )
    assert approval.state == RequestState.RETURNED
    assert [("returned", personas.college.pk)] == CALLS
    assert chain(approval) == [
        ("unit_head", StepState.APPROVED),
        ("office", StepState.RETURNED),
        ("director", StepState.CANCELLED),
    ]
    services.approval_resubmit(approval, by=personas.teacher)
    assert approval.round == 2
    assert approval.state == RequestState.PENDING
    assert chain(approval) == [
        ("unit_head", StepState.OPEN),
        ("office", StepState.WAITING),
        ("director", StepState.WAITING),
    ]
    assert approval.steps.count() == 6
    assert [r for r, _ in queries.rounds_of(approval)] == [2, 1]


def test_return_without_comment_refused(personas, request_type):
    approval = submit(personas)
    with pytest.raises(services.ApprovalRefused):
        services.approval_decide(approval, by=personas.head, action=Action.RETURN)
    assert approval.current_step.state == StepState.OPEN
    assert Decision.objects.filter(action=Action.RETURN).count() == 0


def test_reject_ends_request(personas, request_type):
    approval = submit(personas)
    services.approval_decide(approval, by=personas.head, action=Action.REJECT, comment="No")
    assert approval.state == RequestState.REJECTED
    assert [("rejected", personas.college.pk)] == CALLS
    with pytest.raises(services.ApprovalRefused):
        services.approval_decide(approval, by=personas.office_staff, action=Action.APPROVE)
    with pytest.raises(services.ApprovalRefused):
        services.approval_resubmit(approval, by=personas.teacher)


@pytest.mark.parametrize(
    "who", ["teacher", "liaison", "office_staff", "director", "auditor", "admin", "outsider"]
)
def test_wrong_approver_refused_and_nothing_changes(personas, request_type, who):
    approval = submit(personas)
    before = list(approval.steps.values_list("state", flat=True))
    with pytest.raises(services.ApprovalRefused) as refused:
        services.approval_decide(approval, by=getattr(personas, who), action=Action.APPROVE)
    assert "you may not decide it" in refused.value.messages[0]
    approval.refresh_from_db()
    assert approval.state == RequestState.PENDING
    assert list(approval.steps.values_list("state", flat=True)) == before
    assert approval.decisions.count() == 1


def test_head_of_other_unit_refused(personas, request_type):
    other_head = UserFactory(roles_and_units=([Role.UNIT_HEAD], [personas.other_college]))
    approval = submit(personas)
    with pytest.raises(services.ApprovalRefused):
        services.approval_decide(approval, by=other_head, action=Action.APPROVE)


def test_head_of_parent_unit_may_decide(personas, request_type):
    department = UnitFactory(parent=personas.college, kind=UnitKind.DEPARTMENT)
    approval = submit(personas, subject=department)
    services.approval_decide(approval, by=personas.head, action=Action.APPROVE)
    assert approval.current_step.key == "office"


def test_stale_step_refused(personas, request_type):
    approval = submit(personas)
    first = approval.current_step
    services.approval_decide(approval, by=personas.head, action=Action.APPROVE, step=first)
    with pytest.raises(services.ApprovalRefused) as refused:
        services.approval_decide(
            approval, by=personas.office_staff, action=Action.APPROVE, step=first
        )
    assert "already been decided" in refused.value.messages[0]


def test_delegate_decides_on_behalf(personas, request_type, settings):
    import datetime

    from waishi.workflow.models import Delegation

    settings.WAISHI_FROZEN_TODAY = datetime.date(2026, 5, 10)
    Delegation.objects.create(
        delegator=personas.head,
        delegate=personas.liaison,
        starts_on=datetime.date(2026, 5, 1),
        ends_on=datetime.date(2026, 5, 31),
    )
    approval = submit(personas)
    assert list(queries.steps_waiting_for_user(personas.liaison)) == [approval.current_step]
    decision = services.approval_decide(approval, by=personas.liaison, action=Action.APPROVE)
    assert decision.on_behalf_of == personas.head
    settings.WAISHI_FROZEN_TODAY = datetime.date(2026, 6, 1)
    assert list(queries.steps_waiting_for_user(personas.liaison)) == []


def test_withdraw_by_applicant_only(personas, request_type):
    approval = submit(personas)
    with pytest.raises(services.ApprovalRefused):
        services.approval_withdraw(approval, by=personas.head)
    services.approval_withdraw(approval, by=personas.teacher)
    assert approval.state == RequestState.WITHDRAWN
    assert [("withdrawn", personas.college.pk)] == CALLS
    # A new request may be made after a withdrawal.
    assert submit(personas).pk != approval.pk


def test_notifications_in_recipient_language(
    personas, request_type, django_capture_on_commit_callbacks
):
    personas.head.language = "en"
    personas.head.save()
    personas.teacher.language = "zh-hans"
    personas.teacher.save()
    with django_capture_on_commit_callbacks(execute=True):
        approval = submit(personas)
    assert Notification.objects.get(recipient=personas.head).title.startswith(
        "Awaiting your approval:"
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.approval_decide(approval, by=personas.head, action=Action.REJECT, comment="x")
    note = Notification.objects.get(recipient=personas.teacher)
    assert "驳回" in note.body or "拒绝" in note.body
    assert sorted(m.to[0] for m in mail.outbox) == ["head@example.edu", "teacher@example.edu"]


def test_inbox_scoping(personas, request_type):
    approval = submit(personas)
    assert list(queries.steps_waiting_for_user(personas.head)) == [approval.current_step]
    for who in ["teacher", "liaison", "office_staff", "director", "leader", "auditor"]:
        assert list(queries.steps_waiting_for_user(getattr(personas, who))) == []
    services.approval_decide(approval, by=personas.head, action=Action.APPROVE)
    assert list(queries.steps_waiting_for_user(personas.head)) == []
    assert list(queries.steps_waiting_for_user(personas.office_staff)) == [approval.current_step]
    assert [d.action for d in queries.decisions_by_user(personas.head)] == [Action.APPROVE]


def test_nobody_decides_their_own_request(personas, request_type):
    """A unit head's own request: with no other head, the step goes up to the university's
    leaders; the head neither sees it waiting nor may decide it."""
    approval = services.approval_submit(personas.college, kind=TEST_KIND, by=personas.head)
    step = approval.current_step
    assert step is not None
    assert step.passed_up
    assert (step.role, step.unit) == (Role.UNIVERSITY_LEADER, None)
    assert list(queries.steps_waiting_for_user(personas.head)) == []
    with pytest.raises(services.ApprovalRefused, match="you may not decide it"):
        services.approval_decide(approval, by=personas.head, action=Action.APPROVE)
    assert queries.approvers_of(step) == [personas.leader]
    assert list(queries.steps_waiting_for_user(personas.leader)) == [step]
    services.approval_decide(approval, by=personas.leader, action=Action.APPROVE)
    assert chain(approval)[0] == ("unit_head", StepState.APPROVED)


def test_another_head_of_the_unit_decides_the_heads_own_request(personas, request_type):
    deputy = UserFactory(roles_and_units=([Role.UNIT_HEAD], [personas.college]))
    approval = services.approval_submit(personas.college, kind=TEST_KIND, by=personas.head)
    step = approval.current_step
    assert step is not None
    assert not step.passed_up
    assert step.role == Role.UNIT_HEAD
    assert queries.approvers_of(step) == [deputy]
    assert list(queries.steps_waiting_for_user(personas.head)) == []
    with pytest.raises(services.ApprovalRefused, match="your own request"):
        services.approval_decide(approval, by=personas.head, action=Action.APPROVE)
    services.approval_decide(approval, by=deputy, action=Action.APPROVE)
    assert chain(approval)[0] == ("unit_head", StepState.APPROVED)


def test_office_staffs_own_request_goes_to_the_director(personas, request_type):
    """The office step of a request the only office staff member submitted."""
    approval = services.approval_submit(personas.college, kind=TEST_KIND, by=personas.office_staff)
    services.approval_decide(approval, by=personas.head, action=Action.APPROVE)
    approval.refresh_from_db()
    office = approval.current_step
    assert office is not None
    assert (office.key, office.role, office.passed_up) == ("office", Role.OFFICE_DIRECTOR, True)
    assert queries.approvers_of(office) == [personas.director]
