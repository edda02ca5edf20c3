"""The rules a person and an identity document must keep, shared by the forms, the services
and any other door, so that each refuses the same input with the same message."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.translation import gettext as _

from waishi.people.models import IdentityDocument

NAMES = ("name_zh", "family_name", "given_name", "passport_name")


def passport_name(value: str) -> str:
    """The name as the passport's machine-readable line writes it: capitals."""
    return value.strip().upper()


def document_number(value: str) -> str:
    """A document number without spaces, in capitals (as printed, typed any way)."""
    return "".join(value.split()).upper()


def person_check(values: dict[str, Any]) -> None:
    """Raise ValidationError unless the person has at least one name."""
    if not any((values.get(name) or "").strip() for name in NAMES):
        raise ValidationError(
            {NON_FIELD_ERRORS: [_("Give at least one name: Chinese, family or given.")]}
        )


def document_check(values: dict[str, Any], instance: IdentityDocument | None = None) -> None:
    """Raise ValidationError (by field) when a document breaks a rule: a number; an expiry
    after the date of issue; no other document of its kind with its number."""
    errors: dict[str, list[str]] = {}
    number = values.get("number") or ""
    if not number:
        errors.setdefault("number", []).append(_("Enter the document number."))
    issued, expires = values.get("issued_on"), values.get("expires_on")
    if issued and expires and expires <= issued:
        errors.setdefault("expires_on", []).append(
            _("The expiry date must be after the date of issue.")
        )
    kind = values.get("kind")
    if kind and number:
        clash = IdentityDocument.objects.filter(kind=kind, number=number)
        if instance is not None and instance.pk:
            clash = clash.exclude(pk=instance.pk)
        if clash.exists():
            errors.setdefault("number", []).append(
                _("A document of this kind with this number exists.")
            )
    if errors:
        raise ValidationError(errors)
