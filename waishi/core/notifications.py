"""Tell people things: in the app (the bell) and by e-mail, each in the recipient's language.

A notice is a pair of templates, `<name>_subject.txt` and `<name>_body.txt`, rendered once per
recipient under the recipient's language.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from waishi.core import changes
from waishi.core.models import Notification, ReminderSent, User

logger = logging.getLogger(__name__)


def _language_of(user: User) -> str:
    return user.language or settings.LANGUAGE_CODE


def notify(
    recipients: Iterable[User | None],
    template: str,
    context: dict[str, Any],
    *,
    url: str = "",
    kind: str = "",
    email: bool = True,
) -> list[Notification]:
    """Put a notification in each recipient's bell and send the same by e-mail.

    E-mail goes out after the surrounding transaction commits, so a rolled-back change
    tells nobody anything."""
    made: list[Notification] = []
    seen: set[int] = set()
    for user in recipients:
        if user is None or user.pk in seen or not user.is_active:
            continue
        seen.add(user.pk)
        with translation.override(_language_of(user)):
            full_context = {**context, "recipient": user, "url": url}
            title = render_to_string(f"{template}_subject.txt", full_context).strip()
            body = render_to_string(f"{template}_body.txt", full_context).strip()
        made.append(
            Notification.objects.create(
                recipient=user, kind=kind, title=title[:300], body=body, url=url
            )
        )
        if email and user.email:
            address = user.email
            base = getattr(settings, "SITE_URL", "").rstrip("/")
            text = body + (f"\n\n{base}{url}" if url else "")
            transaction.on_commit(
                functools.partial(send_mail, title, text, None, [address], fail_silently=False)
            )
    logger.info("notified %d user(s): %s", len(made), kind or template)
    return made


def notification_mark_read(user: User, notification_id: int | None = None) -> int:
    """Mark one (or every) unread notification of `user` as read; returns how many."""
    unread = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if notification_id is not None:
        unread = unread.filter(pk=notification_id)
    return changes.update(unread, read_at=timezone.now())


def reminder_once(key: str) -> bool:
    """True the first time `key` is claimed, False ever after (safe with two runs at once)."""
    try:
        with transaction.atomic():
            ReminderSent.objects.create(key=key[:200])
    except IntegrityError:
        return False
    return True
