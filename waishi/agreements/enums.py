"""Choices of the agreements app, shared by every layer."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class AgreementKind(models.TextChoices):
    MOU = "mou", _("Memorandum of understanding / framework")
    STUDENT_EXCHANGE = "student_exchange", _("Student exchange")
    JOINT_DEGREE = "joint_degree", _("Joint or dual degree")
    COOPERATIVE_PROGRAM = "cooperative_program", _("Cooperative program")
    FACULTY_EXCHANGE = "faculty_exchange", _("Faculty exchange")
    RESEARCH = "research", _("Research cooperation")
    SUMMER_SCHOOL = "summer_school", _("Summer school")
    OTHER = "other", pgettext_lazy("agreement kind", "Other")


class Approval(models.TextChoices):
    """Where the agreement stands in the approval engine (stored; the status is derived)."""

    DRAFT = "draft", pgettext_lazy("agreement approval", "Not submitted")
    UNDER_APPROVAL = "under_approval", pgettext_lazy("agreement approval", "Under approval")
    APPROVED = "approved", pgettext_lazy("agreement approval", "Approved")


class AgreementStatus(models.TextChoices):
    """Derived from the facts and today's date (see `status.py`), never typed."""

    DRAFT = "draft", pgettext_lazy("agreement status", "Draft")
    UNDER_APPROVAL = "under_approval", pgettext_lazy("agreement status", "Under approval")
    APPROVED = "approved", pgettext_lazy("agreement status", "Approved, not yet signed")
    SIGNED = "signed", pgettext_lazy("agreement status", "Signed")
    IN_FORCE = "in_force", pgettext_lazy("agreement status", "In force")
    EXPIRING = "expiring", pgettext_lazy("agreement status", "Expiring")
    EXPIRED = "expired", pgettext_lazy("agreement status", "Expired")
    TERMINATED = "terminated", pgettext_lazy("agreement status", "Terminated")

    @classmethod
    def valid(cls) -> list[str]:
        """The agreement binds both sides."""
        return [cls.IN_FORCE, cls.EXPIRING]


class DocumentKind(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("document kind", "Draft")
    SIGNED = "signed", pgettext_lazy("document kind", "Signed scan")
    ANNEX = "annex", pgettext_lazy("document kind", "Annex")
    OTHER = "other", pgettext_lazy("document kind", "Other")
