from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class PlanStatus(models.TextChoices):
    ACTIVE = "active", pgettext_lazy("plan status", "Active")
    ENDED = "ended", pgettext_lazy("plan status", "Ended")


class MemberRole(models.TextChoices):
    PAIRED = "paired", _("Paired partner")
    MEMBER = "member", _("Member")
    COORDINATOR = "coordinator", _("Coordinator")
    OTHER = "other", pgettext_lazy("role", "Other")


class ActivityKind(models.TextChoices):
    VISIT = "visit", _("Visit or delegation")
    STAFF_EXCHANGE = "staff_exchange", _("Staff exchange")
    STUDENT_EXCHANGE = "student_exchange", _("Student exchange")
    TRAINING = "training", _("Training")
    RESEARCH = "research", _("Joint research")
    CONFERENCE = "conference", _("Conference or seminar")
    AGREEMENT = "agreement", _("Agreement signed")
    OTHER = "other", pgettext_lazy("activity", "Other")
