"""Rules on what an agreement may hold, shared by forms, the API and the import so all three
refuse the same input with the same message."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from waishi.core import uploads
from waishi.core.uploads import Upload, upload_check


def agreement_check(values: dict[str, Any]) -> None:
    """Raise ValidationError (by field) when the dates or terms do not fit together."""
    errors: dict[str, list[str]] = {}
    name_zh = (values.get("name_zh") or "").strip()
    name_en = (values.get("name_en") or "").strip()
    has_title = "name_zh" in values or "name_en" in values
    if has_title and not name_zh and not name_en:
        errors.setdefault("name_zh", []).append(_("Give the title in Chinese or English."))
    if "parties" in values and not values.get("parties"):
        errors.setdefault("parties", []).append(_("Choose at least one partner institution."))
    signed = values.get("signed_on")
    start = values.get("in_force_from") or signed
    expires = values.get("expires_on")
    if expires and start and expires < start:
        errors.setdefault("expires_on", []).append(
            _("The expiry date cannot be before the agreement takes effect.")
        )
    if expires and signed and expires < signed:
        errors.setdefault("expires_on", []).append(
            _("The expiry date cannot be before the signing date.")
        )
    if values.get("renews_automatically") and not expires:
        errors.setdefault("expires_on", []).append(
            _("A self-renewing agreement needs the date its current term ends.")
        )
    if values.get("notice_days") and not values.get("renews_automatically"):
        errors.setdefault("notice_days", []).append(
            _("A notice period only applies to an agreement that renews itself.")
        )
    if errors:
        raise ValidationError(errors)


def document_check(upload: Upload) -> tuple[str, str]:
    """Refuse a file that is not PDF or Word by its content, or too large. Returns (extension,
    content type)."""
    kind = upload_check(upload, uploads.DOCUMENTS)
    return kind.code, kind.content_type
