from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from waishi.agreements.models import Agreement
from waishi.core.names import BilingualName, localized
from waishi.partners.models import Institution
from waishi.plans.enums import ActivityKind, MemberRole, PlanStatus


class Plan(BilingualName, models.Model):
    """A cooperation plan the university takes part in, such as the 20+20 Plan."""

    name_zh = models.CharField(_("name (Chinese)"), max_length=300)
    name_en = models.CharField(_("name (English)"), max_length=300, blank=True)
    sponsor_zh = models.CharField(_("sponsor (Chinese)"), max_length=300, blank=True)
    sponsor_en = models.CharField(_("sponsor (English)"), max_length=300, blank=True)
    starts_year = models.PositiveSmallIntegerField(_("from year"), null=True, blank=True)
    ends_year = models.PositiveSmallIntegerField(_("to year"), null=True, blank=True)
    description_zh = models.TextField(_("description (Chinese)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=PlanStatus.choices, default=PlanStatus.ACTIVE
    )
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("cooperation plan")
        verbose_name_plural = _("cooperation plans")
        ordering = ["name_zh", "pk"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("plans:plan.detail", args=[self.pk])

    @property
    def sponsor(self) -> str:
        return localized(self, "sponsor")

    @property
    def description(self) -> str:
        return localized(self, "description")


class PlanMember(models.Model):
    """A partner institution in a plan, with its role (e.g. the African university paired
    with ours in the 20+20 Plan)."""

    plan = models.ForeignKey(
        Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="members"
    )
    institution = models.ForeignKey(
        Institution,
        verbose_name=_("institution"),
        on_delete=models.PROTECT,
        related_name="plan_memberships",
    )
    role = models.CharField(
        _("role"), max_length=20, choices=MemberRole.choices, default=MemberRole.PAIRED
    )
    joined_on = models.DateField(_("joined on"), null=True, blank=True)
    notes = models.CharField(_("notes"), max_length=500, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("plan member")
        verbose_name_plural = _("plan members")
        ordering = ["plan", "role", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "institution"], name="plan_member_once"),
        ]

    def __str__(self) -> str:
        return f"{self.institution} · {self.get_role_display()}"


class PlanActivity(models.Model):
    """Something done under a plan, on a date. It may point at a record of a later app (a
    trip, a visit, a conference) through a generic link, since plans may not import them."""

    plan = models.ForeignKey(
        Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="activities"
    )
    date = models.DateField(_("date"))
    kind = models.CharField(
        _("kind"), max_length=30, choices=ActivityKind.choices, default=ActivityKind.VISIT
    )
    description = models.TextField(_("description"))
    institutions = models.ManyToManyField(
        Institution, verbose_name=_("institutions involved"), blank=True, related_name="+"
    )
    agreements = models.ManyToManyField(
        Agreement, verbose_name=_("agreements"), blank=True, related_name="plan_activities"
    )
    linked_type = models.ForeignKey(
        ContentType,
        verbose_name=_("linked record type"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    linked_id = models.PositiveBigIntegerField(_("linked record"), null=True, blank=True)
    linked = GenericForeignKey("linked_type", "linked_id")
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("plan activity")
        verbose_name_plural = _("plan activities")
        ordering = ["plan", "-date", "-pk"]
        indexes = [models.Index(fields=["linked_type", "linked_id"])]

    def __str__(self) -> str:
        return f"{self.date} {self.get_kind_display()}"
