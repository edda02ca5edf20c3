"""Rules on what an agreement may hold, shared by forms, the API and the import so all three
refuse the same input with the same message."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# What the office keeps: PDF scans and Word drafts. Checked by extension and by the file's
# first bytes, so a renamed file is refused too.
DOCUMENT_TYPES = {
    "pdf": ("application/pdf", (b"%PDF-",)),
    "docx": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        (b"PK\x03\x04",),
    ),
    "doc": ("application/msword", (b"\xd0\xcf\x11\xe0",)),
}


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


def document_check(upload: Any) -> tuple[str, str]:
    """Refuse a file that is not PDF or Word, or too large. Returns (extension, content type)."""
    name = getattr(upload, "name", "") or ""
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in DOCUMENT_TYPES:
        raise ValidationError(
            _("Only PDF and Word files (.pdf, .docx, .doc) can be kept here."),
            code="type",
        )
    limit = settings.UPLOAD_MAX_MB * 1024 * 1024
    if upload.size > limit:
        raise ValidationError(
            _("The file is larger than %(limit)d MB.") % {"limit": settings.UPLOAD_MAX_MB},
            code="size",
        )
    if upload.size == 0:
        raise ValidationError(_("The file is empty."), code="empty")
    content_type, signatures = DOCUMENT_TYPES[extension]
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if not any(head.startswith(signature) for signature in signatures):
        raise ValidationError(
            _("The file's content is not a %(kind)s file; it may be damaged or renamed.")
            % {"kind": extension.upper()},
            code="content",
        )
    return extension, content_type
