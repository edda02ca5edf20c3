"""The office's rules about people and their documents (declared to core's store of office
rules, `waishi.core.policy`; the director changes them at /staff/policy/).

A new app copies this file: its rules as module constants, `RULES` listing them, and
`policy.register("<app>", RULES)` in its AppConfig.ready(). Code reads a rule as
`PASSPORT_WARNING_DAYS.value()`."""

from django.utils.translation import gettext_lazy as _

from waishi.core.policy import Number

PASSPORT_WARNING_DAYS = Number(
    "passport_expiry_warning_days",
    180,
    _("Passport expiry warning (days)"),
    _("A passport expiring within this many days is flagged and reminded."),
    minimum=0,
    maximum=3650,
)
DOCUMENT_WARNING_DAYS = Number(
    "document_expiry_warning_days",
    90,
    _("Visa and permit expiry warning (days)"),
    _("Other documents expiring within this many days are flagged and reminded."),
    minimum=0,
    maximum=3650,
)

RULES = (PASSPORT_WARNING_DAYS, DOCUMENT_WARNING_DAYS)
