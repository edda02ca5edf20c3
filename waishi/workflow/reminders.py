"""The reminder job of the approval engine: approvals waiting too long."""

from __future__ import annotations

import datetime
from collections.abc import Callable

from django.db import transaction
from django.utils import timezone

from waishi.core.notifications import notify, reminder_once
from waishi.workflow import policy, queries
from waishi.workflow.enums import RequestState, StepState
from waishi.workflow.models import ApprovalStep


def approvals_remind_waiting(today: datetime.date, say: Callable[[str], None]) -> int:
    """Remind the approvers of each step waiting `approval_reminder_days` (office policy) or
    more, once per step and threshold (N, 2N, 3N ... days)."""
    every = policy.REMINDER_DAYS.value()
    if every <= 0:
        say("approvals waiting: reminders are off")
        return 0
    steps = ApprovalStep.objects.filter(
        state=StepState.OPEN, request__state=RequestState.PENDING, opened_at__isnull=False
    ).select_related("request", "unit")
    sent = 0
    for step in steps:
        days = (today - timezone.localdate(step.opened_at)).days
        if days < every:
            continue
        threshold = (days // every) * every
        if not reminder_once(f"workflow.waiting:{step.pk}:{threshold}"):
            continue

        with transaction.atomic():
            notify(
                queries.approvers_of(step),
                "workflow/notice/waiting",
                {"approval": step.request, "step": step, "days": days},
                url=queries.subject_url(step.request),
                kind="workflow.waiting",
            )
        sent += 1
    say(f"approvals waiting: {sent} reminder(s)")
    return sent
