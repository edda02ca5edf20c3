"""The office's rules about approvals (core's store of office rules, `waishi.core.policy`)."""

from django.utils.translation import gettext_lazy as _

from waishi.core.policy import Number

REMINDER_DAYS = Number(
    "approval_reminder_days",
    3,
    _("Approval reminder (days waiting)"),
    _("Approvers are reminded when a step has waited this many days (0: never)."),
    minimum=0,
    maximum=365,
)

RULES = (REMINDER_DAYS,)
