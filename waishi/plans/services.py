"""Writes of cooperation plans, their members and activities. Every write is atomic and
leaves a line in the history of what it touched."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from typing import Any, Literal

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Model
from django.utils.translation import gettext as _

from waishi.agreements.models import Agreement
from waishi.core.clock import today
from waishi.core.forms import stripped_values
from waishi.core.history import history_by
from waishi.core.models import User
from waishi.partners.models import Institution
from waishi.plans.enums import PlanStatus
from waishi.plans.models import Plan, PlanActivity, PlanMember
from waishi.plans.validators import plan_check

PLAN_FIELDS = (
    "name_zh",
    "name_en",
    "sponsor_zh",
    "sponsor_en",
    "starts_year",
    "ends_year",
    "description_zh",
    "description_en",
)
MEMBER_FIELDS = ("institution", "role", "joined_on", "notes")
ACTIVITY_FIELDS = ("date", "kind", "description")

# The one plan the seed names (xtu-international-overview.txt). Members and dates are not in
# the seed, so none are invented: the office adds them.
PLAN_20_20 = {
    "name_en": "20 Plus 20 Cooperation Plan for Chinese and African Institutions of Higher "
    "Education",
    "name_zh": "中非高校20+20合作计划",
    "description_en": 'The University has been involved in the "20 Plus 20 Cooperation Plan '
    'for Chinese and African Institutions of Higher Education".',
    "description_zh": "学校参与“中非高校20+20合作计划”。",
}


@transaction.atomic
def plan_create(*, by: User | None = None, **values: Any) -> Plan:
    """Record a plan. Raises ValidationError. Side effects: history."""
    values = stripped_values(values, PLAN_FIELDS)
    plan_check(values)
    plan = Plan(**values)
    history_by(plan, by)
    plan.save()
    return plan


@transaction.atomic
def plan_update(plan: Plan, *, by: User | None = None, **values: Any) -> Plan:
    """Change a plan's facts. Raises ValidationError. Side effects: history."""
    values = stripped_values(values, PLAN_FIELDS)
    current = Plan.objects.select_for_update().get(pk=plan.pk)
    plan_check({f: getattr(current, f) for f in PLAN_FIELDS} | values)
    for key, value in values.items():
        setattr(current, key, value)
    history_by(current, by)
    current.save()
    return current


@transaction.atomic
def plan_end(
    plan: Plan, *, by: User | None = None, ended_on: datetime.date | None = None, reason: str = ""
) -> Plan:
    """Mark the university's part in a plan as ended; members and activities stay.
    Side effects: history, with the reason."""
    current = Plan.objects.select_for_update().get(pk=plan.pk)
    if current.status == PlanStatus.ENDED:
        raise ValidationError(_("This plan has already ended."))
    current.status = PlanStatus.ENDED
    current.ended_on = ended_on or today()
    history_by(current, by, reason.strip())
    current.save()
    return current


@transaction.atomic
def member_save(
    plan: Plan, *, by: User | None = None, member: PlanMember | None = None, **values: Any
) -> PlanMember:
    """Add (or change) a member institution of a plan. Raises ValidationError when the
    institution is already a member. Side effects: history."""
    values = stripped_values(values, MEMBER_FIELDS)
    institution = values.get("institution", member.institution if member else None)
    clash = PlanMember.objects.filter(plan=plan, institution=institution)
    if member is not None:
        clash = clash.exclude(pk=member.pk)
    if clash.exists():
        raise ValidationError(
            {"institution": _("This institution is already a member of the plan.")}
        )
    member = member or PlanMember(plan=plan)
    for key, value in values.items():
        setattr(member, key, value)
    history_by(member, by)
    member.save()
    return member


@transaction.atomic
def member_remove(member: PlanMember, *, by: User | None = None) -> None:
    """Take an institution out of a plan; the history keeps that it was a member."""
    history_by(member, by, _("Removed from the plan"))
    member.delete()


@transaction.atomic
def activity_save(
    plan: Plan,
    *,
    by: User | None = None,
    activity: PlanActivity | None = None,
    institutions: Iterable[Institution] | None = None,
    agreements: Iterable[Agreement] | None = None,
    linked: Model | Literal[False] | None = False,
    **values: Any,
) -> PlanActivity:
    """Record (or change) an activity of a plan, with the institutions and agreements it
    involves (None leaves them as they are). `linked` is a record of a later app (or None
    to clear the link; False leaves it as it is). Side effects: history."""
    values = stripped_values(values, ACTIVITY_FIELDS)
    activity = activity or PlanActivity(plan=plan)
    for key, value in values.items():
        setattr(activity, key, value)
    if linked is not False:
        _set_link(activity, linked)
    history_by(activity, by)
    activity.save()
    if institutions is not None:
        activity.institutions.set(institutions)
    if agreements is not None:
        activity.agreements.set(agreements)
    return activity


def _set_link(activity: PlanActivity, obj: Model | None) -> None:
    if obj is None:
        activity.linked_type, activity.linked_id = None, None
    else:
        activity.linked_type = ContentType.objects.get_for_model(obj)
        activity.linked_id = obj.pk


@transaction.atomic
def activity_link(
    activity: PlanActivity, obj: Model | None, *, by: User | None = None
) -> PlanActivity:
    """Point an activity at a trip, visit or conference (for later apps, which may import
    this one). Side effects: history."""
    _set_link(activity, obj)
    history_by(activity, by)
    activity.save()
    return activity


@transaction.atomic
def plans_merge_partner(source: Institution, target: Institution) -> int:
    """Partner merge hook: memberships and activity links of `source` move to `target`
    (a membership both had is kept once). Returns how many rows moved."""
    moved = 0
    for member in PlanMember.objects.filter(institution=source):
        if PlanMember.objects.filter(plan=member.plan, institution=target).exists():
            history_by(member, None, "partner merge: already a member")
            member.delete()
        else:
            member.institution = target
            history_by(member, None, "partner merge")
            member.save()
        moved += 1
    for activity in PlanActivity.objects.filter(institutions=source):
        activity.institutions.remove(source)
        activity.institutions.add(target)
        moved += 1
    return moved


def load_20_20_plan(say: Callable[[str], None]) -> None:
    """Starting data: the 20+20 Plan from the seed page, once; what the office changed stays."""
    if Plan.objects.filter(name_en=PLAN_20_20["name_en"]).exists():
        say("plans: the 20+20 Plan is already recorded")
        return
    plan = Plan(**PLAN_20_20)
    history_by(plan, None, "starting data (seed page)")
    plan.save()
    say("plans: recorded the 20+20 Plan (add its members and activities in the app)")
