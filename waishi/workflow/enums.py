"""Choices of the approval engine, shared by every layer."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class RequestState(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("approval state", "Draft")
    PENDING = "pending", pgettext_lazy("approval state", "Pending")
    RETURNED = "returned", pgettext_lazy("approval state", "Returned for changes")
    APPROVED = "approved", pgettext_lazy("approval state", "Approved")
    REJECTED = "rejected", pgettext_lazy("approval state", "Rejected")
    WITHDRAWN = "withdrawn", pgettext_lazy("approval state", "Withdrawn")

    @classmethod
    def open_states(cls) -> list[str]:
        """A request in these states still belongs to its round of work."""
        return [cls.DRAFT, cls.PENDING, cls.RETURNED]


class StepState(models.TextChoices):
    WAITING = "waiting", pgettext_lazy("step state", "Waiting")
    OPEN = "open", pgettext_lazy("step state", "Awaiting decision")
    APPROVED = "approved", pgettext_lazy("step state", "Approved")
    RETURNED = "returned", pgettext_lazy("step state", "Returned")
    REJECTED = "rejected", pgettext_lazy("step state", "Rejected")
    CANCELLED = "cancelled", pgettext_lazy("step state", "Not reached")


class Action(models.TextChoices):
    """What happened to a request: the applicant's acts and the approvers' decisions."""

    SUBMIT = "submit", pgettext_lazy("approval action", "Submitted")
    RESUBMIT = "resubmit", pgettext_lazy("approval action", "Resubmitted")
    APPROVE = "approve", pgettext_lazy("approval action", "Approved")
    RETURN = "return", pgettext_lazy("approval action", "Returned for changes")
    REJECT = "reject", pgettext_lazy("approval action", "Rejected")
    WITHDRAW = "withdraw", pgettext_lazy("approval action", "Withdrawn")

    @classmethod
    def decisions(cls) -> list[str]:
        return [cls.APPROVE, cls.RETURN, cls.REJECT]


UNIT_APPLICANT = "applicant"
UNIT_ANY = "any"
UNIT_DUTY_PREFIX = "duty:"

DECISION_LABELS = {
    Action.APPROVE: _("Approve"),
    Action.RETURN: _("Return for changes"),
    Action.REJECT: _("Reject"),
}
