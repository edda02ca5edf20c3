"""The office's rules for trips abroad (core's store of office rules, `waishi.core.policy`;
the director changes them at /staff/policy/)."""

from django.utils.translation import gettext_lazy as _

from waishi.core.policy import Number, YesNo

MAX_DAYS_PER_COUNTRY = Number(
    "travel_max_days_per_country",
    30,
    _("Trips: maximum days in one country"),
    _("An application staying longer in one country is refused."),
    minimum=1,
    maximum=365,
)
MAX_COUNTRIES_PER_TRIP = Number(
    "travel_max_countries_per_trip",
    3,
    _("Trips: maximum countries per trip"),
    _("An application visiting more countries is refused."),
    minimum=1,
    maximum=50,
)
LEADER_APPROVAL_DAYS = Number(
    "travel_leader_approval_days",
    14,
    _("Trips: longer than this many days go to a university leader"),
    _("A trip led by a university leader always goes to one."),
    minimum=1,
    maximum=365,
)
PASSPORT_DUE_DAYS = Number(
    "travel_passport_due_days",
    7,
    _("Trips: passport due back this many days after the return"),
    _("Then the passport is overdue and its holder is reminded."),
    minimum=0,
    maximum=365,
)
REPORT_DUE_DAYS = Number(
    "travel_report_due_days",
    15,
    _("Trips: report due this many days after the return"),
    _("Then the report is overdue and the applicant is reminded."),
    minimum=1,
    maximum=365,
)
GATE_ENABLED = YesNo(
    "travel_gate_enabled",
    False,
    _("Trips: hold a unit's new applications while it has overdue passports or reports"),
    _("The unit may apply again once what is overdue has come back."),
)
GATE_REMINDER_THRESHOLD = Number(
    "travel_gate_reminder_threshold",
    2,
    _("Trips: the hold starts after this many reminders of an overdue item"),
    _("Only while the hold above is on."),
    minimum=1,
    maximum=100,
)
PASSPORT_VALID_MONTHS_AFTER = Number(
    "travel_passport_valid_months_after",
    6,
    _("Trips: passport valid this many months after the return"),
    _("A traveller whose passport expires sooner cannot be sent for approval."),
    minimum=0,
    maximum=120,
)

RULES = (
    MAX_DAYS_PER_COUNTRY,
    MAX_COUNTRIES_PER_TRIP,
    LEADER_APPROVAL_DAYS,
    PASSPORT_DUE_DAYS,
    REPORT_DUE_DAYS,
    GATE_ENABLED,
    GATE_REMINDER_THRESHOLD,
    PASSPORT_VALID_MONTHS_AFTER,
)
