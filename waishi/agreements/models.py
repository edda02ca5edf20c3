"""Cooperation agreements and their documents.

An agreement's status is never stored: it follows from the record and today's date
(`status.py` for one record, `queries.with_status()` for the database), so every filter is
right on every boundary date without a nightly job."""

from __future__ import annotations

import datetime
import secrets

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from waishi.agreements.enums import AgreementKind, AgreementStatus, Approval, DocumentKind
from waishi.core import uploads
from waishi.core.models import Unit
from waishi.core.names import BilingualName
from waishi.core.uploads import UploadValidator
from waishi.partners.models import Institution


class Agreement(BilingualName, models.Model):
    """A cooperation agreement with one or more partner institutions."""

    name_zh = models.CharField(_("title (Chinese)"), max_length=300)
    name_en = models.CharField(_("title (English)"), max_length=300, blank=True)
    kind = models.CharField(
        _("kind"), max_length=30, choices=AgreementKind.choices, default=AgreementKind.MOU
    )
    reference = models.CharField(
        _("reference number"),
        max_length=60,
        blank=True,
        help_text=_("The office's file number, if any."),
    )
    parties = models.ManyToManyField(
        Institution,
        verbose_name=_("partner institutions"),
        related_name="agreements",
    )
    units = models.ManyToManyField(
        Unit,
        verbose_name=_("home units involved"),
        related_name="agreements",
        blank=True,
    )
    home_signatory = models.CharField(
        _("signatory (our side)"),
        max_length=200,
        blank=True,
        help_text=_("Name and title, e.g. 张三, President."),
    )
    partner_signatories = models.CharField(
        _("signatories (partner side)"),
        max_length=500,
        blank=True,
        help_text=_("Name and title of each, separated by semicolons."),
    )
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    in_force_from = models.DateField(
        _("in force from"),
        null=True,
        blank=True,
        help_text=_("Leave empty when it takes effect on the day it is signed."),
    )
    expires_on = models.DateField(
        _("expires on"),
        null=True,
        blank=True,
        db_index=True,
        help_text=_("The last day it is valid. Leave empty when it is indefinite."),
    )
    renews_automatically = models.BooleanField(
        _("renews itself"),
        default=False,
        help_text=_("It continues unless one side gives notice before it expires."),
    )
    notice_days = models.PositiveSmallIntegerField(
        _("notice period (days)"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(3650)],
        help_text=_("How many days before expiry notice must be given to end it."),
    )
    places_outgoing = models.PositiveSmallIntegerField(
        _("places per year, outgoing"), null=True, blank=True
    )
    places_incoming = models.PositiveSmallIntegerField(
        _("places per year, incoming"), null=True, blank=True
    )
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("responsible in the office"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    renews = models.ForeignKey(
        "self",
        verbose_name=_("renews or replaces"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="renewals",
    )
    approval = models.CharField(
        _("approval"),
        max_length=20,
        choices=Approval.choices,
        default=Approval.DRAFT,
        db_index=True,
    )
    terminated_on = models.DateField(_("terminated on"), null=True, blank=True)
    termination_reason = models.TextField(_("reason for termination"), blank=True)
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")
        ordering = ["-signed_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(expires_on__isnull=True)
                | models.Q(signed_on__isnull=True)
                | models.Q(expires_on__gte=models.F("signed_on")),
                name="agreement_expires_after_signed",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("agreements:agreement.detail", args=[self.pk])

    @property
    def effective_from(self) -> datetime.date | None:
        return self.in_force_from or self.signed_on

    @property
    def current_status(self) -> str:
        """The status the list query annotated, or derived now for a lone object."""
        annotated = self.__dict__.get("status")
        if annotated:
            return annotated
        from waishi.agreements.policy import EXPIRING_WINDOW_DAYS
        from waishi.agreements.status import agreement_status
        from waishi.core.clock import today

        return agreement_status(self, today(), EXPIRING_WINDOW_DAYS.value())

    @property
    def status_label(self) -> str:
        return str(AgreementStatus(self.current_status).label)

    @property
    def notice_date(self) -> datetime.date | None:
        """The last day notice can be given on a self-renewing agreement."""
        if not self.renews_automatically or not self.expires_on:
            return None
        return self.expires_on - datetime.timedelta(days=self.notice_days or 0)


def _document_path(instance: AgreementDocument, filename: str) -> str:
    suffix = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"agreements/{instance.agreement_id}/{secrets.token_hex(12)}.{suffix}"


class AgreementDocument(models.Model):
    """A draft or a signed scan of an agreement. Each upload is a new version; older ones
    stay for the record."""

    agreement = models.ForeignKey(
        Agreement,
        verbose_name=_("agreement"),
        on_delete=models.CASCADE,
        related_name="documents",
    )
    kind = models.CharField(
        _("kind"), max_length=20, choices=DocumentKind.choices, default=DocumentKind.SIGNED
    )
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    file = models.FileField(
        _("file"),
        upload_to=_document_path,
        max_length=300,
        validators=[UploadValidator(*uploads.DOCUMENTS)],
    )
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("content type"), max_length=120)
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    note = models.CharField(_("note"), max_length=300, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("agreement document")
        verbose_name_plural = _("agreement documents")
        ordering = ["kind", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "kind", "version"], name="agreement_document_version"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.original_name} (v{self.version})"

    def get_absolute_url(self) -> str:
        return reverse("agreements:document.download", args=[self.agreement_id, self.pk])


def _new_token() -> str:
    return secrets.token_urlsafe(24)


class CalendarToken(models.Model):
    """A user's secret address of the expiry calendar feed (calendar apps cannot log in)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="agreement_calendar_token",
    )
    token = models.CharField(_("token"), max_length=64, unique=True, default=_new_token)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("calendar token")
        verbose_name_plural = _("calendar tokens")

    def __str__(self) -> str:
        return str(self.user)
