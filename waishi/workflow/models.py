"""The approval engine's data: a request about some subject, its chain of steps (stored as
rows when submitted, one set per round), every act on it, and delegations.

Writes go through `services.py`; nothing here has side effects."""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from waishi.core.enums import Role
from waishi.core.models import Unit
from waishi.workflow.enums import Action, RequestState, StepState


class ApprovalRequest(models.Model):
    """One request for approval of one subject (a trip, an agreement ...) of one kind."""

    kind = models.CharField(
        _("request type"), max_length=60, help_text=_("The registered request type.")
    )
    content_type = models.ForeignKey(
        ContentType, verbose_name=_("subject type"), on_delete=models.PROTECT
    )
    object_id = models.PositiveBigIntegerField(_("subject id"))
    subject = GenericForeignKey("content_type", "object_id")
    title = models.CharField(_("title"), max_length=300)
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("applicant"),
        on_delete=models.PROTECT,
        related_name="approval_requests",
    )
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("applicant's unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="approval_requests",
    )
    state = models.CharField(
        _("state"),
        max_length=20,
        choices=RequestState.choices,
        default=RequestState.DRAFT,
        db_index=True,
    )
    round = models.PositiveSmallIntegerField(_("round"), default=0)
    current_step = models.ForeignKey(
        "ApprovalStep",
        verbose_name=_("current step"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("approval request")
        verbose_name_plural = _("approval requests")
        ordering = ["-submitted_at", "-pk"]
        indexes = [models.Index(fields=["content_type", "object_id"])]
        constraints = [
            # One open request of a kind per subject; closed ones stay as history.
            models.UniqueConstraint(
                fields=["kind", "content_type", "object_id"],
                condition=Q(state__in=["draft", "pending", "returned"]),
                name="approval_one_open_request_per_subject",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("workflow:request.detail", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.state in RequestState.open_states()


class ApprovalStep(models.Model):
    """One step of one round of a request's chain: who decides (a role in a unit, or a role
    anywhere when `unit` is empty) and what they decided."""

    request = models.ForeignKey(
        ApprovalRequest, verbose_name=_("request"), on_delete=models.CASCADE, related_name="steps"
    )
    round = models.PositiveSmallIntegerField(_("round"))
    order = models.PositiveSmallIntegerField(_("order"))
    key = models.CharField(_("step"), max_length=60)
    label_zh = models.CharField(_("name (Chinese)"), max_length=200)
    label_en = models.CharField(_("name (English)"), max_length=200)
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    state = models.CharField(
        _("state"), max_length=20, choices=StepState.choices, default=StepState.WAITING
    )
    opened_at = models.DateTimeField(_("opened"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    comment = models.TextField(_("comment"), blank=True)
    # Nobody decides their own request: a step that only the applicant could decide goes up to
    # the university's leaders (services._open_step).
    passed_up = models.BooleanField(_("passed up (the applicant holds this step)"), default=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("approval step")
        verbose_name_plural = _("approval steps")
        ordering = ["request", "round", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["request", "round", "order"], name="approval_step_unique_order"
            ),
        ]
        indexes = [models.Index(fields=["state", "role"])]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        from django.utils.translation import get_language

        if (get_language() or "").startswith("zh"):
            return self.label_zh or self.label_en
        return self.label_en or self.label_zh

    @property
    def role_label(self) -> str:
        return str(Role(self.role).label)


class Decision(models.Model):
    """Every act on a request, in order: submit, resubmit, approve, return, reject, withdraw.
    `on_behalf_of` is set when a delegate decided for an absent approver."""

    request = models.ForeignKey(
        ApprovalRequest,
        verbose_name=_("request"),
        on_delete=models.CASCADE,
        related_name="decisions",
    )
    step = models.ForeignKey(
        ApprovalStep,
        verbose_name=_("step"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="decisions",
    )
    round = models.PositiveSmallIntegerField(_("round"))
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.PROTECT,
        related_name="approval_decisions",
    )
    on_behalf_of = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("on behalf of"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    comment = models.TextField(_("comment"), blank=True)
    created_at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["created_at", "pk"]
        constraints = [
            # The database itself refuses a second decision on one step.
            models.UniqueConstraint(
                fields=["step"],
                condition=Q(action__in=["approve", "return", "reject"]),
                name="approval_one_decision_per_step",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_action_display()} · {self.user}"


class Delegation(models.Model):
    """While away, an approver lets a colleague decide their steps for a date range."""

    delegator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approver"),
        on_delete=models.CASCADE,
        related_name="delegations_given",
    )
    delegate = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("delegate"),
        on_delete=models.CASCADE,
        related_name="delegations_received",
    )
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"))
    note = models.CharField(_("note"), max_length=300, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("delegation")
        verbose_name_plural = _("delegations")
        ordering = ["-starts_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")),
                name="delegation_ends_after_start",
            ),
            models.CheckConstraint(
                condition=~Q(delegator=models.F("delegate")), name="delegation_not_to_self"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.delegator} → {self.delegate} ({self.starts_on}–{self.ends_on})"
