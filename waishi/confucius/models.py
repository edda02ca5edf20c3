from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from waishi.confucius.enums import DispatchRole, InstituteStatus
from waishi.core.models import Country, Unit
from waishi.core.names import BilingualName
from waishi.partners.models import Institution
from waishi.people.models import Person


class Institute(BilingualName, models.Model):
    """A Confucius Institute the university co-founded with a partner abroad."""

    name_zh = models.CharField(_("name (Chinese)"), max_length=300)
    name_en = models.CharField(_("name (English)"), max_length=300, blank=True)
    host = models.ForeignKey(
        Institution,
        verbose_name=_("host partner institution"),
        on_delete=models.PROTECT,
        related_name="confucius_institutes",
    )
    country = models.ForeignKey(
        Country, verbose_name=_("country"), on_delete=models.PROTECT, related_name="+"
    )
    city = models.CharField(_("city"), max_length=120, blank=True)
    founded_on = models.DateField(_("founded on"), null=True, blank=True)
    home_unit = models.ForeignKey(
        Unit,
        verbose_name=_("college in charge"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="confucius_institutes",
        help_text=_("The college of the university that runs the Chinese side, if any."),
    )
    chinese_director = models.ForeignKey(
        Person,
        verbose_name=_("Chinese director"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    foreign_director = models.ForeignKey(
        Person,
        verbose_name=_("foreign director"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    website = models.URLField(_("website"), blank=True)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=InstituteStatus.choices,
        default=InstituteStatus.OPERATING,
        db_index=True,
    )
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    close_reason = models.CharField(_("reason for closing"), max_length=500, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("Confucius Institute")
        verbose_name_plural = _("Confucius Institutes")
        ordering = ["name_zh", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="closed") | Q(closed_on__isnull=True),
                name="institute_closed_on_only_when_closed",
            ),
        ]
        # The list's default order: a page is read from the index and joined to its hosts,
        # rather than every institute joined and sorted.
        indexes = [
            models.Index(fields=["name_zh", "id"], name="institute_by_name"),
            # The public page's order (the oldest first), likewise.
            models.Index(fields=["founded_on", "name_zh", "id"], name="institute_by_founding"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("confucius:institute.detail", args=[self.pk])


class Dispatch(models.Model):
    """A teacher or volunteer the university sent to an institute, for a term."""

    institute = models.ForeignKey(
        Institute, verbose_name=_("institute"), on_delete=models.CASCADE, related_name="dispatches"
    )
    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="+"
    )
    role = models.CharField(
        _("role"), max_length=20, choices=DispatchRole.choices, default=DispatchRole.TEACHER
    )
    starts_on = models.DateField(_("term starts"))
    ends_on = models.DateField(_("term ends"), null=True, blank=True)
    returned_on = models.DateField(
        _("came back on"),
        null=True,
        blank=True,
        help_text=_("Empty while the person is still abroad."),
    )
    notes = models.CharField(_("notes"), max_length=500, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("staff sent")
        verbose_name_plural = _("staff sent")
        ordering = ["-starts_on", "pk"]
        # Who is abroad, by the end of their term (that page's default order), read a page at
        # a time from the index rather than joining every posting to its person and sorting.
        indexes = [models.Index(fields=["ends_on", "id"], name="dispatch_by_term_end")]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
                name="dispatch_term_ends_after_start",
            ),
            models.CheckConstraint(
                condition=Q(returned_on__isnull=True) | Q(returned_on__gte=F("starts_on")),
                name="dispatch_returns_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} · {self.get_role_display()}"


class YearlyFigures(models.Model):
    """What an institute did in one year, as it reports to the office."""

    institute = models.ForeignKey(
        Institute, verbose_name=_("institute"), on_delete=models.CASCADE, related_name="figures"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    students = models.PositiveIntegerField(_("students"), default=0)
    classes = models.PositiveIntegerField(_("classes"), default=0)
    events = models.PositiveIntegerField(_("cultural events"), default=0)
    hsk_takers = models.PositiveIntegerField(_("HSK test takers"), default=0)
    hskk_takers = models.PositiveIntegerField(_("HSKK test takers"), default=0)
    scholarships_recommended = models.PositiveIntegerField(
        _("Confucius Institute Scholarship recipients recommended"), default=0
    )
    notes = models.CharField(_("notes"), max_length=500, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("yearly figures")
        verbose_name_plural = _("yearly figures")
        ordering = ["institute", "-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["institute", "year"], name="figures_one_per_institute_and_year"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.institute} {self.year}"
