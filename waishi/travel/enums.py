"""Choices of the travel app (a leaf module every layer may import)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Purpose(models.TextChoices):
    CONFERENCE = "conference", _("Conference")
    TALKS = "talks", _("Cooperation talks")
    TEACHING = "teaching", _("Teaching")
    RESEARCH = "research", _("Research")
    TRAINING = "training", _("Training")
    OTHER = "other", pgettext_lazy("purpose", "Other")


class TripStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    HELD = "held", _("Held (unit has overdue items)")
    IN_APPROVAL = "in_approval", _("In approval")
    RETURNED = "returned", _("Returned for changes")
    REJECTED = "rejected", _("Rejected")
    APPROVED = "approved", _("Approved")
    BACK = "back", _("Back, report due")
    REPORTED = "reported", _("Report submitted")
    CLOSED = "closed", _("Closed")
    CANCELLED = "cancelled", _("Cancelled")


# An application the applicant may still edit.
EDITABLE = {TripStatus.DRAFT, TripStatus.RETURNED}
# A trip that counts as going ahead (for the overlap rule and the calendar).
GOING = {TripStatus.APPROVED, TripStatus.BACK, TripStatus.REPORTED, TripStatus.CLOSED}


class TravellerRole(models.TextChoices):
    LEADER = "leader", _("Leader")
    MEMBER = "member", _("Member")


class FundingSource(models.TextChoices):
    UNIT = "unit", _("Unit funds")
    RESEARCH = "research", _("Research funds")
    UNIVERSITY = "university", _("University funds")
    HOST = "host", _("Paid by the host")
    OTHER = "other", pgettext_lazy("funding", "Other")


class StepKind(models.TextChoices):
    UNIT_HEAD = "unit_head", _("Unit head")
    OFFICE = "office", _("International office")
    RESEARCH = "research", _("Research office")
    CONFIDENTIALITY = "confidentiality", _("Confidentiality review")
    DIRECTOR = "director", _("Office director")
    LEADER = "leader", _("University leader")


class VisaState(models.TextChoices):
    NOT_NEEDED = "not_needed", _("Not needed")
    TO_APPLY = "to_apply", _("To apply")
    APPLIED = "applied", _("Applied")
    GRANTED = "granted", _("Granted")
    REFUSED = "refused", _("Refused")
