from django.conf import settings
from django.db import models
from django.db.models import Value
from django.db.models.functions import Coalesce, Lower, NullIf
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from waishi.core.models import ShownNameQuerySet, ShownNameSorted
from waishi.core.names import SORT_KEYS
from waishi.partners.enums import InstitutionKind, OtherNameKind, PartnerStatus


class InstitutionQuerySet(ShownNameQuerySet["Institution"]):
    pass


class Institution(ShownNameSorted):
    """A partner institution (or one the office is talking to). It keeps the sort key of its
    name in each language (`sort_zh`, `sort_en`: pinyin order for Chinese names), also when
    written in bulk, so the public directory is sorted and cut by the database."""

    name_en = models.CharField(_("name (English)"), max_length=300)
    name_zh = models.CharField(_("name (Chinese)"), max_length=300, blank=True)
    country = models.ForeignKey(
        "core.Country",
        verbose_name=_("country"),
        on_delete=models.PROTECT,
        related_name="institutions",
    )
    city = models.CharField(_("city"), max_length=120, blank=True)
    website = models.URLField(_("website"), blank=True)
    kind = models.CharField(
        _("kind"),
        max_length=30,
        choices=InstitutionKind.choices,
        default=InstitutionKind.UNIVERSITY,
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=PartnerStatus.choices,
        default=PartnerStatus.ACTIVE,
        db_index=True,
    )
    partner_since = models.DateField(_("partner since"), null=True, blank=True)
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("responsible in the office"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    notes = models.TextField(_("notes"), blank=True)
    # Folded names (all languages, other names) for accent- and case-blind search;
    # kept by services.institution_save.
    search_text = models.TextField(editable=False, blank=True, default="")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    history = HistoricalRecords(excluded_fields=["search_text", "updated_at", *SORT_KEYS])

    objects = InstitutionQuerySet.as_manager()

    class Meta:
        verbose_name = _("partner institution")
        verbose_name_plural = _("partner institutions")
        ordering = ["name_en"]
        constraints = [
            models.UniqueConstraint(
                Lower("name_en"), "country", name="institution_unique_name_per_country"
            ),
        ]
        indexes = [
            models.Index(fields=["country", "status"]),
            # The API's and the English list's order, so a page does not sort every row.
            models.Index(fields=["name_en", "id"], name="institution_name_en_id"),
            # The Chinese list's order (queries.with_shown_names): the same expression.
            models.Index(
                Coalesce(NullIf("name_zh", Value("")), "name_en"),
                "id",
                name="institution_shown_name_zh",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("partners:institution.detail", args=[self.pk])


class InstitutionName(models.Model):
    """Another name of an institution: a former name, an abbreviation, a spelling seen."""

    institution = models.ForeignKey(
        Institution,
        verbose_name=_("institution"),
        on_delete=models.CASCADE,
        related_name="other_names",
    )
    name = models.CharField(_("name"), max_length=300)
    kind = models.CharField(
        _("kind"), max_length=20, choices=OtherNameKind.choices, default=OtherNameKind.SPELLING
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("other name")
        verbose_name_plural = _("other names")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["institution", "name"], name="other_name_unique"),
        ]

    def __str__(self) -> str:
        return self.name


class Contact(models.Model):
    """A person at a partner institution the office writes to."""

    institution = models.ForeignKey(
        Institution,
        verbose_name=_("institution"),
        on_delete=models.CASCADE,
        related_name="contacts",
    )
    name = models.CharField(_("name"), max_length=200)
    position = models.CharField(_("position"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=60, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    is_primary = models.BooleanField(_("primary contact"), default=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        ordering = ["-is_primary", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["institution"],
                condition=models.Q(is_primary=True),
                name="one_primary_contact",
            ),
        ]

    def __str__(self) -> str:
        return self.name
