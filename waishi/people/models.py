from typing import Any

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from waishi.core import changes, uploads
from waishi.core.models import Unit
from waishi.core.uploads import UploadValidator
from waishi.people.enums import DocumentKind, Sex


class Person(models.Model):
    """Everyone the office deals with: staff, students, experts, visitors. One record per
    person, shared by every module."""

    family_name = models.CharField(_("family name"), max_length=100, blank=True)
    given_name = models.CharField(_("given name"), max_length=150, blank=True)
    name_zh = models.CharField(_("Chinese name"), max_length=100, blank=True)
    passport_name = models.CharField(
        _("name as in passport"),
        max_length=200,
        blank=True,
        help_text=_("Exactly as printed in the passport, e.g. ZHANG SAN."),
    )
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices, blank=True)
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    nationality = models.ForeignKey(
        "core.Country",
        verbose_name=_("nationality"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=60, blank=True)
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="people",
        help_text=_("For the university's own staff."),
    )
    position = models.CharField(_("position"), max_length=150, blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="person",
    )
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["family_name", "given_name", "name_zh"]
        # The orders of the people list and the passport register: a page of them is read
        # from the index, not sorted from the whole register.
        indexes = [
            models.Index(
                fields=["family_name", "given_name", "name_zh", "id"], name="person_by_name"
            ),
            models.Index(fields=["name_zh", "family_name", "id"], name="person_by_name_zh"),
        ]

    def __str__(self) -> str:
        return self.display_name

    def save(self, *args: Any, **kwargs: Any) -> None:
        super().save(*args, **kwargs)
        # The documents keep a copy of the holder's name for the passport register's order.
        names = holder_names(self)
        changes.update(self.documents.exclude(**names), **names)

    def get_absolute_url(self) -> str:
        return reverse("people:person.detail", args=[self.pk])

    @property
    def display_name(self) -> str:
        latin = " ".join(p for p in (self.given_name, self.family_name) if p)
        if self.name_zh and latin:
            return f"{self.name_zh} ({latin})"
        return self.name_zh or latin or self.passport_name or f"#{self.pk}"


def holder_names(person: Person) -> dict[str, str]:
    """The names a document keeps of its holder (`IdentityDocument.holder_*`)."""
    return {
        "holder_family_name": person.family_name,
        "holder_given_name": person.given_name,
        "holder_name_zh": person.name_zh,
    }


class DocumentQuerySet(models.QuerySet["IdentityDocument"]):
    def bulk_create(self, objs: Any, *args: Any, **kwargs: Any) -> list["IdentityDocument"]:
        # As `IdentityDocument.save` does: the holder's names, from the person given.
        objs = list(objs)
        for document in objs:
            for field, value in holder_names(document.person).items():
                setattr(document, field, value)
        return super().bulk_create(objs, *args, **kwargs)


def document_upload_to(document: "IdentityDocument", filename: str) -> str:
    # Never the original file name: it often holds the person's name or number.
    import uuid
    from pathlib import Path

    return f"people/documents/{uuid.uuid4().hex}{Path(filename).suffix.lower()}"


class IdentityDocument(models.Model):
    """A passport, visa, permit ... of a person. The number is personal data: shown masked
    except to the office (see `masked_number`), never logged."""

    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="documents"
    )
    kind = models.CharField(_("kind"), max_length=40, choices=DocumentKind.choices)
    number = models.CharField(_("number"), max_length=60)
    issuing_country = models.ForeignKey(
        "core.Country",
        verbose_name=_("issuing country"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    issued_on = models.DateField(_("issued on"), null=True, blank=True)
    expires_on = models.DateField(_("expires on"), null=True, blank=True, db_index=True)
    scan = models.FileField(
        _("scan"),
        upload_to=document_upload_to,
        blank=True,
        validators=[UploadValidator(*uploads.SCANS)],
    )
    notes = models.CharField(_("notes"), max_length=300, blank=True)
    # A copy of the holder's names (kept by `save`, `bulk_create` and `Person.save`), so the
    # passport register reads a page of official passports in the people's order from one
    # index, rather than walking every person (visitors too) to find those who hold one.
    holder_family_name = models.CharField(max_length=100, blank=True, editable=False)
    holder_given_name = models.CharField(max_length=150, blank=True, editable=False)
    holder_name_zh = models.CharField(max_length=100, blank=True, editable=False)
    history = HistoricalRecords(
        excluded_fields=["holder_family_name", "holder_given_name", "holder_name_zh"]
    )

    objects = DocumentQuerySet.as_manager()

    class Meta:
        verbose_name = _("identity document")
        verbose_name_plural = _("identity documents")
        ordering = ["person", "kind", "-expires_on"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "number"], name="document_unique_number"),
        ]
        indexes = [
            # The passport register: the official passports in their holders' order.
            models.Index(
                fields=[
                    "holder_family_name",
                    "holder_given_name",
                    "holder_name_zh",
                    "person",
                    "id",
                ],
                condition=models.Q(kind=DocumentKind.OFFICIAL_PASSPORT),
                name="document_passport_register",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.masked_number}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        for field, value in holder_names(self.person).items():
            setattr(self, field, value)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, *holder_names(self.person)}
        super().save(*args, **kwargs)

    @property
    def masked_number(self) -> str:
        """E1234**** : the first half (rounded up) shown, the rest hidden."""
        return masked(self.number)


def masked(number: str) -> str:
    """A document number as shown to all but the office: the first half (rounded up) shown,
    the rest hidden (E1234****)."""
    keep = max(1, (len(number) + 1) // 2)
    return number[:keep] + "*" * (len(number) - keep)
