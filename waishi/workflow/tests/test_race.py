"""Two approvers acting at once on one step: one decision, never two (PostgreSQL only:
SQLite has one writer at a time, so there is no race to test)."""

import threading

import pytest
from django.db import connection, connections

from waishi.workflow import services
from waishi.workflow.enums import Action, RequestState
from waishi.workflow.models import Decision
from waishi.workflow.tests.conftest import TEST_KIND

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="row locks (select_for_update) need PostgreSQL; SQLite serialises all writes",
)


@pytest.mark.django_db(transaction=True)
def test_two_approvers_at_once_produce_one_decision(personas, request_type):
    from waishi.core.enums import Role
    from waishi.core.tests.factories import UserFactory

    second_officer = UserFactory(
        username="officer2", roles_and_units=([Role.OFFICE_STAFF], [personas.office])
    )
    approval = services.approval_submit(personas.college, kind=TEST_KIND, by=personas.teacher)
    services.approval_decide(approval, by=personas.head, action=Action.APPROVE)
    step = approval.current_step
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def act(user, action):
        try:
            barrier.wait()
            services.approval_decide(approval, by=user, action=action, step=step, comment="at once")
            outcomes.append("decided")
        except services.ApprovalRefused:
            outcomes.append("refused")
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=act, args=(personas.office_staff, Action.APPROVE)),
        threading.Thread(target=act, args=(second_officer, Action.RETURN)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["decided", "refused"]
    assert Decision.objects.filter(step=step).count() == 1
    approval.refresh_from_db()
    assert approval.state in (RequestState.PENDING, RequestState.RETURNED)
    if approval.state == RequestState.PENDING:
        assert approval.current_step is not None
        assert approval.current_step.key == "director"
