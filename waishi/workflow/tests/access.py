from waishi.core.testing import LOGGED_IN, READERS, WITH_ROLE, AccessCase


def _approval(p):
    """A request by the teacher, waiting for the college's head (the test request type)."""
    from waishi.workflow import services
    from waishi.workflow.tests.conftest import TEST_KIND, register_test_type

    register_test_type()
    approval = services.approval_submit(p.college, kind=TEST_KIND, by=p.teacher)
    return {"pk": approval.pk}


def _delegation(p):
    import datetime

    from waishi.workflow.models import Delegation

    # Another user's delegation: only its giver may end it, so everyone here gets 404.
    d = Delegation.objects.create(
        delegator=p.other_teacher,
        delegate=p.teacher,
        starts_on=datetime.date(2020, 1, 1),
        ends_on=datetime.date(2099, 1, 1),
    )
    return {"pk": d.pk}


# Requests are seen by readers, the applicant (staff), the unit's liaison and head.
REQUEST_SEERS = READERS | {"staff", "unit_liaison", "unit_head"}

CASES = [
    AccessCase("workflow:inbox", LOGGED_IN),
    AccessCase("workflow:inbox.decided", LOGGED_IN),
    AccessCase("workflow:request.detail", REQUEST_SEERS, kwargs=_approval),
    # Posting without a decision is refused with a message and redirects back.
    AccessCase(
        "workflow:request.decide",
        REQUEST_SEERS,
        kwargs=_approval,
        method="post",
        ok_status=(302,),
    ),
    AccessCase("workflow:delegation.list", WITH_ROLE),
    AccessCase("workflow:delegation.end", frozenset(), kwargs=_delegation, method="post"),
    AccessCase("inbox-list", LOGGED_IN),
    AccessCase("approval-list", LOGGED_IN),
    AccessCase("approval-detail", REQUEST_SEERS, kwargs=_approval),
    # Without a decision in the body the API answers 400; others do not see the request.
    AccessCase("approval-decide", REQUEST_SEERS, kwargs=_approval, method="post", ok_status=(400,)),
]
