from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from waishi.agreements.models import Agreement
from waishi.core.models import Unit
from waishi.core.names import BilingualName
from waishi.core.validators import at_least_one, positive_amount
from waishi.partners.models import Institution
from waishi.programs.enums import ProgramLevel, ProgramMode, ProgramStatus


class Program(BilingualName, models.Model):
    """A Sino-foreign cooperative educational program (中外合作办学项目), approved by the
    Ministry of Education and run by a college of the university with one or more partners."""

    name_zh = models.CharField(_("name (Chinese)"), max_length=300)
    name_en = models.CharField(_("name (English)"), max_length=300, blank=True)
    partners = models.ManyToManyField(
        Institution, verbose_name=_("partner institutions"), related_name="programs"
    )
    agreement = models.ForeignKey(
        Agreement,
        verbose_name=_("agreement"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="programs",
        help_text=_("The cooperation agreement the program rests on."),
    )
    home_unit = models.ForeignKey(
        Unit,
        verbose_name=_("home college"),
        on_delete=models.PROTECT,
        related_name="programs",
    )
    level = models.CharField(
        _("level"), max_length=20, choices=ProgramLevel.choices, default=ProgramLevel.BACHELOR
    )
    mode = models.CharField(
        _("mode"), max_length=20, choices=ProgramMode.choices, default=ProgramMode.TWO_PLUS_TWO
    )
    discipline = models.CharField(_("discipline"), max_length=200, blank=True)
    approval_number = models.CharField(
        _("Ministry of Education approval number"),
        max_length=100,
        blank=True,
        help_text=_("As on the approval letter, e.g. MOE43US2A20121234N."),
    )
    approval_date = models.DateField(_("approved on"), null=True, blank=True)
    valid_until = models.DateField(_("approval valid until"), null=True, blank=True)
    annual_quota = models.PositiveIntegerField(
        _("yearly enrolment quota"), null=True, blank=True, validators=[at_least_one]
    )
    tuition = models.DecimalField(
        _("tuition per year (CNY)"),
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[positive_amount],
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ProgramStatus.choices,
        default=ProgramStatus.PLANNED,
        db_index=True,
    )
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    end_reason = models.CharField(_("reason for ending"), max_length=500, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("responsible in the office"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated_at"], m2m_fields=[partners])

    class Meta:
        verbose_name = _("cooperative program")
        verbose_name_plural = _("cooperative programs")
        ordering = ["name_zh", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="ended") | Q(ended_on__isnull=True),
                name="program_ended_on_only_when_ended",
            ),
        ]
        indexes = [
            # The staff list's order and the public page's: a page is read from the index,
            # not sorted from every program.
            models.Index(fields=["name_zh", "id"], name="program_by_name"),
            models.Index(fields=["level", "name_zh", "name_en", "id"], name="program_public_order"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("programs:program.detail", args=[self.pk])


class Cohort(models.Model):
    """One year's intake of a program: how many enrolled, went abroad, graduated."""

    program = models.ForeignKey(
        Program, verbose_name=_("program"), on_delete=models.CASCADE, related_name="cohorts"
    )
    intake_year = models.PositiveSmallIntegerField(_("intake year"))
    quota = models.PositiveIntegerField(
        _("quota"),
        null=True,
        blank=True,
        validators=[at_least_one],
        help_text=_("The enrolment quota of this year; empty takes the program's yearly quota."),
    )
    enrolled = models.PositiveIntegerField(_("enrolled"), default=0)
    transferred_abroad = models.PositiveIntegerField(_("transferred abroad"), default=0)
    graduated = models.PositiveIntegerField(_("graduated"), default=0)
    notes = models.CharField(_("notes"), max_length=500, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("cohort")
        verbose_name_plural = _("cohorts")
        ordering = ["program", "-intake_year"]
        constraints = [
            models.UniqueConstraint(
                fields=["program", "intake_year"], name="cohort_one_per_program_and_year"
            ),
            models.CheckConstraint(
                condition=Q(transferred_abroad__lte=F("enrolled")),
                name="cohort_transferred_within_enrolled",
            ),
            models.CheckConstraint(
                condition=Q(graduated__lte=F("enrolled")), name="cohort_graduated_within_enrolled"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.program} {self.intake_year}"

    @property
    def effective_quota(self) -> int | None:
        return self.quota if self.quota is not None else self.program.annual_quota
