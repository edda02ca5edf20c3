from waishi.core.testing import OFFICE, READERS, AccessCase

# Plans are university-wide: readers and every unit liaison and head read them.
PLAN_READERS = READERS | {"unit_liaison", "unit_head"}


def _plan(p):
    from waishi.plans.tests.factories import PlanFactory

    return {"pk": PlanFactory().pk}


def _member(p):
    from waishi.plans.tests.factories import MemberFactory

    member = MemberFactory()
    return {"pk": member.plan.pk, "member_pk": member.pk}


def _activity(p):
    from waishi.plans.tests.factories import ActivityFactory

    activity = ActivityFactory()
    return {"pk": activity.plan.pk, "activity_pk": activity.pk}


CASES = [
    AccessCase("plans:plan.list", PLAN_READERS),
    AccessCase("plans:plan.create", OFFICE),
    AccessCase("plans:plan.detail", PLAN_READERS, kwargs=_plan),
    AccessCase("plans:plan.update", OFFICE, kwargs=_plan),
    AccessCase("plans:plan.end", OFFICE, kwargs=_plan),
    AccessCase("plans:member.create", OFFICE, kwargs=_plan),
    AccessCase("plans:member.update", OFFICE, kwargs=_member),
    AccessCase("plans:member.remove", OFFICE, kwargs=_member),
    AccessCase("plans:activity.create", OFFICE, kwargs=_plan),
    AccessCase("plans:activity.update", OFFICE, kwargs=_activity),
    AccessCase("plan-list", PLAN_READERS),
    AccessCase("plan-detail", PLAN_READERS, kwargs=_plan),
]
