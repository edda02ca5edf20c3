"""The document-expiry reminder (run by `manage.py remind`)."""

from __future__ import annotations

import datetime
from collections.abc import Callable

from django.db import transaction

from waishi.core.enums import Role
from waishi.core.models import User
from waishi.core.notifications import notify, reminder_once
from waishi.people import queries
from waishi.people.models import IdentityDocument

# Besides the office's warning time, a last reminder a month before and one on expiry.
LAST_THRESHOLDS = (30, 0)


def _threshold(days_left: int, warning: int) -> int | None:
    """The reminder threshold a document has crossed: the smallest of (warning, 30, 0) that
    is at least `days_left`; None when not yet within the warning time."""
    crossed = [t for t in {warning, *LAST_THRESHOLDS} if t <= warning and days_left <= t]
    return min(crossed) if crossed else None


def documents_remind_expiring(today: datetime.date, say: Callable[[str], None]) -> int:
    """Tell the person (when they have an account) and the office about each document that
    has entered its warning time, once per document, expiry date and threshold. Documents
    that expired more than a month ago are not reminded again."""
    office = list(User.objects.filter(is_active=True, groups__name=Role.OFFICE_STAFF).distinct())
    documents = (
        IdentityDocument.objects.filter(queries.expiring_condition(today))
        .filter(expires_on__gte=today - datetime.timedelta(days=30))
        .select_related("person__user")
    )
    sent = 0
    for document in documents:
        if document.expires_on is None:  # not found by the query: only dated documents expire
            continue
        days_left = (document.expires_on - today).days
        threshold = _threshold(days_left, queries.warning_days(document.kind))
        if threshold is None:
            continue
        key = f"people.document_expiry:{document.pk}:{document.expires_on}:{threshold}"
        if not reminder_once(key):
            continue
        recipients = list(office)
        if document.person.user is not None:
            recipients.append(document.person.user)
        with transaction.atomic():
            notify(
                recipients,
                "people/notice/document_expiring",
                {"document": document, "person": document.person, "days_left": days_left},
                url=document.person.get_absolute_url(),
                kind="people.document_expiring",
            )
        sent += 1
    say(f"documents expiring: {sent} reminder(s)")
    return sent
