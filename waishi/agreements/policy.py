"""The office's rules about agreements (core's store of office rules, `waishi.core.policy`;
the director changes them at /staff/policy/)."""

from django.utils.translation import gettext_lazy as _

from waishi.core.policy import DayList, Number

EXPIRING_WINDOW_DAYS = Number(
    "agreements_expiring_window_days",
    180,
    _("Agreements: expiring window (days)"),
    _("An agreement is shown as expiring this many days before it expires."),
    minimum=1,
    maximum=3650,
)
REMINDER_DAYS = DayList(
    "agreements_reminder_days",
    (180, 90, 30),
    _("Agreements: reminders (days before expiry)"),
    _(
        "Agreements, and programs whose approval lapses, are reminded this many days before; "
        "comma-separated, e.g. 180,90,30."
    ),
    minimum=1,
    maximum=3650,
)

RULES = (EXPIRING_WINDOW_DAYS, REMINDER_DAYS)
