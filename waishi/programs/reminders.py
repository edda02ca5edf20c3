"""The programs' reminder job (run by `manage.py remind`).

A program's Ministry of Education approval lapses on `valid_until`; the office must apply
for renewal in time. On the office's reminder days for agreements (the office rule
`agreements_reminder_days`, by default 180, 90 and 30 days before), the responsible person
(or, with none named, the office staff) and the liaisons and heads of the home college are
told, each once. A run that missed days sends only the nearest reminder."""

from __future__ import annotations

import datetime
from collections.abc import Callable

from django.db.models import Q

from waishi.agreements import policy as agreement_policy
from waishi.core.enums import Role
from waishi.core.models import User
from waishi.core.notifications import notify, reminder_once
from waishi.programs.enums import ProgramStatus
from waishi.programs.models import Program


def people_to_remind(program: Program) -> list[User]:
    """The responsible person (else the office staff) and the home college's liaisons and
    heads."""
    office = (
        Q(pk=program.responsible_id)
        if program.responsible_id
        else Q(groups__name=Role.OFFICE_STAFF)
    )
    unit = Q(units=program.home_unit_id) & Q(groups__name__in=[Role.UNIT_LIAISON, Role.UNIT_HEAD])
    return list(User.objects.filter(is_active=True).filter(office | unit).distinct())


def run(today: datetime.date, say: Callable[[str], None]) -> int:
    lead_days = agreement_policy.REMINDER_DAYS.value()
    if not lead_days:
        return 0
    horizon = today + datetime.timedelta(days=max(lead_days))
    due = Program.objects.filter(
        status__in=[ProgramStatus.RUNNING, ProgramStatus.SUSPENDED],
        valid_until__gte=today,
        valid_until__lte=horizon,
    ).select_related("home_unit")
    sent = 0
    for program in due:
        valid_until = program.valid_until
        if valid_until is None:  # not asked for (`valid_until__gte`), but typed so
            continue
        left = (valid_until - today).days
        nearest = min(d for d in lead_days if d >= left)
        if not reminder_once(f"programs:approval:{program.pk}:{program.valid_until}:{nearest}"):
            continue
        notify(
            people_to_remind(program),
            "programs/notice/approval_lapsing",
            {"program": program, "days": left, "valid_until": program.valid_until},
            url=program.get_absolute_url(),
            kind="programs.approval_lapsing",
        )
        say(f"program {program.pk}: approval lapses in {left} days ({nearest}-day reminder)")
        sent += 1
    return sent
