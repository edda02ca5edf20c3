"""The agreements' reminder job (run by `manage.py remind`).

- 180, 90 and 30 days before an agreement expires (office rule `agreements_reminder_days`), the
  responsible person and the liaisons and heads of the units involved are told, each once.
  A run that missed days (cron was down) sends only the nearest reminder, not all of them.
- When a self-renewing agreement passes its notice date (the last day to give notice), the
  same people are told once that it will renew itself."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import TYPE_CHECKING

from django.db.models import QuerySet

from waishi.agreements import policy
from waishi.agreements.enums import AgreementStatus
from waishi.agreements.models import Agreement
from waishi.agreements.queries import people_to_remind, with_status

if TYPE_CHECKING:
    from waishi.agreements.queries import AgreementWithStatus
from waishi.core.notifications import notify, reminder_once


def _valid_agreements(today: datetime.date, window: int) -> QuerySet[AgreementWithStatus]:
    return (
        with_status(Agreement.objects.all(), today=today, window_days=window)
        .filter(
            status__in=AgreementStatus.valid(),  # type: ignore[misc]  # as in queries.py
            expires_on__isnull=False,
        )
        .select_related("responsible")
        .prefetch_related("parties")
    )


def run(today: datetime.date, say: Callable[[str], None]) -> int:
    lead_days = policy.REMINDER_DAYS.value()
    window = policy.EXPIRING_WINDOW_DAYS.value()
    sent = 0
    if lead_days:
        horizon = today + datetime.timedelta(days=max(lead_days))
        due = _valid_agreements(today, window).filter(
            expires_on__gte=today, expires_on__lte=horizon
        )
        for agreement in due:
            expires_on = agreement.expires_on
            if expires_on is None:  # not asked for (`expires_on__isnull=False`), but typed so
                continue
            left = (expires_on - today).days
            nearest = min(d for d in lead_days if d >= left)
            key = f"agreements:expiry:{agreement.pk}:{agreement.expires_on}:{nearest}"
            if not reminder_once(key):
                continue
            notify(
                people_to_remind(agreement),
                "agreements/notice/expiring",
                {"agreement": agreement, "days": left, "expires_on": agreement.expires_on},
                url=agreement.get_absolute_url(),
                kind="agreements.expiring",
            )
            say(f"agreement {agreement.pk}: expires in {left} days ({nearest}-day reminder)")
            sent += 1
    renewing = _valid_agreements(today, window).filter(
        renews_automatically=True, expires_on__gte=today
    )
    for agreement in renewing:
        notice_date = agreement.notice_date
        if notice_date is None or today <= notice_date:
            continue
        if not reminder_once(f"agreements:notice:{agreement.pk}:{agreement.expires_on}"):
            continue
        notify(
            people_to_remind(agreement),
            "agreements/notice/notice_passed",
            {"agreement": agreement, "notice_date": notice_date},
            url=agreement.get_absolute_url(),
            kind="agreements.notice_passed",
        )
        say(f"agreement {agreement.pk}: notice date {notice_date} passed, it renews itself")
        sent += 1
    return sent
