"""Writes of agreements and their documents.

Every write is atomic and leaves a line in the agreement's history (who, and why when the
changed fields do not say it). Approval goes through the one workflow engine (see
`approval.py`); its callbacks move `Agreement.approval`."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from waishi.agreements.enums import Approval, DocumentKind
from waishi.agreements.models import Agreement, AgreementDocument, CalendarToken
from waishi.agreements.validators import agreement_check, document_check
from waishi.core.history import history_by
from waishi.core.models import Unit, User
from waishi.partners.models import Institution

# Fields a form, the API or an import may set (parties and units are many-to-many).
AGREEMENT_FIELDS = (
    "name_zh",
    "name_en",
    "kind",
    "reference",
    "home_signatory",
    "partner_signatories",
    "signed_on",
    "in_force_from",
    "expires_on",
    "renews_automatically",
    "notice_days",
    "places_outgoing",
    "places_incoming",
    "responsible",
    "renews",
    "notes",
)


def _clean(values: dict[str, Any]) -> dict[str, Any]:
    cleaned = {k: v for k, v in values.items() if k in AGREEMENT_FIELDS}
    for key in ("name_zh", "name_en", "reference", "home_signatory", "partner_signatories"):
        if key in cleaned:
            cleaned[key] = " ".join((cleaned[key] or "").split())
    if "notes" in cleaned:
        cleaned["notes"] = (cleaned["notes"] or "").strip()
    if not cleaned.get("renews_automatically", True):
        cleaned["notice_days"] = cleaned.get("notice_days") or None
    return cleaned


@transaction.atomic
def agreement_create(
    *,
    by: User,
    parties: Iterable[Institution],
    units: Iterable[Unit] = (),
    approval: str = Approval.DRAFT,
    **values: Any,
) -> Agreement:
    """Record a new agreement (a draft unless `approval` says it was approved before it was
    recorded here, as for an import of old agreements)."""
    cleaned = _clean(values)
    agreement_check({**cleaned, "parties": list(parties)})
    agreement = Agreement(**cleaned, approval=approval)
    history_by(agreement, by)
    agreement.save()
    agreement.parties.set(parties)
    agreement.units.set(units)
    return agreement


@transaction.atomic
def agreement_update(
    agreement: Agreement,
    *,
    by: User,
    parties: Iterable[Institution] | None = None,
    units: Iterable[Unit] | None = None,
    **values: Any,
) -> Agreement:
    """Change an agreement's facts (its status follows from them). Refused while it is
    under approval, so approvers decide on what they saw."""
    agreement = Agreement.objects.select_for_update().get(pk=agreement.pk)
    if agreement.approval == Approval.UNDER_APPROVAL:
        raise ValidationError(
            _("The agreement is being approved; it can be changed once it is approved or returned.")
        )
    cleaned = _clean(values)
    merged = {f: getattr(agreement, f) for f in AGREEMENT_FIELDS} | cleaned
    if parties is not None:
        merged["parties"] = list(parties)
    if cleaned.get("renews") and cleaned["renews"].pk == agreement.pk:
        raise ValidationError({"renews": _("An agreement cannot renew itself.")})
    agreement_check(merged)
    for key, value in cleaned.items():
        setattr(agreement, key, value)
    history_by(agreement, by)
    agreement.save()
    if parties is not None:
        agreement.parties.set(parties)
    if units is not None:
        agreement.units.set(units)
    return agreement


@transaction.atomic
def agreement_terminate(
    agreement: Agreement, *, by: User, terminated_on: datetime.date, reason: str
) -> Agreement:
    """End an agreement before its term (from `terminated_on`, with the reason). Nothing is
    deleted; the history keeps who ended it."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the agreement ends.")})
    agreement = Agreement.objects.select_for_update().get(pk=agreement.pk)
    if agreement.signed_on and terminated_on < agreement.signed_on:
        raise ValidationError({"terminated_on": _("An agreement cannot end before it was signed.")})
    agreement.terminated_on = terminated_on
    agreement.termination_reason = reason
    history_by(agreement, by, reason=_("Terminated"))
    agreement.save()
    return agreement


@transaction.atomic
def agreement_renew(old: Agreement, *, by: User, **values: Any) -> Agreement:
    """Record the agreement that renews `old`: a new draft with the same parties and units,
    linked to `old` through `renews`; it then goes through approval as any agreement. The old
    one keeps its dates (it ends when it expires)."""
    old = Agreement.objects.select_for_update().get(pk=old.pk)
    defaults: dict[str, Any] = {
        "name_zh": old.name_zh,
        "name_en": old.name_en,
        "kind": old.kind,
        "home_signatory": old.home_signatory,
        "partner_signatories": old.partner_signatories,
        "renews_automatically": old.renews_automatically,
        "notice_days": old.notice_days,
        "places_outgoing": old.places_outgoing,
        "places_incoming": old.places_incoming,
        "responsible": old.responsible,
    }
    parties = values.pop("parties", None) or list(old.parties.all())
    units = values.pop("units", None)
    if units is None:
        units = list(old.units.all())
    new = agreement_create(
        by=by, parties=parties, units=units, **(defaults | values | {"renews": old})
    )
    history_by(old, by, reason=_("Renewed by agreement #%(pk)d") % {"pk": new.pk})
    old.save()
    return new


def agreement_set_approval(agreement: Agreement, approval: str, *, by: User | None = None) -> None:
    """Move the stored approval state (called by the workflow callbacks, inside the engine's
    transaction, and by the import for agreements approved before they were recorded)."""
    agreement.approval = approval
    history_by(agreement, by, reason=str(Approval(approval).label))
    agreement.save(update_fields=["approval", "updated_at"])


@transaction.atomic
def document_add(
    agreement: Agreement,
    *,
    by: User,
    file: File[bytes],
    kind: str = DocumentKind.SIGNED,
    note: str = "",
) -> AgreementDocument:
    """Keep a new version of a draft or a scan. Refuses files that are not PDF or Word or
    are too large (ValidationError on `file`)."""
    try:
        _extension, content_type = document_check(file)
    except ValidationError as error:
        raise ValidationError({"file": error.messages}) from error
    # Lock the agreement so two uploads at once do not take the same version number.
    Agreement.objects.select_for_update().filter(pk=agreement.pk).first()
    latest = AgreementDocument.objects.filter(agreement=agreement, kind=kind).aggregate(
        v=Max("version")
    )["v"]
    document = AgreementDocument(
        agreement=agreement,
        kind=kind,
        version=(latest or 0) + 1,
        original_name=(getattr(file, "name", "") or "document")[-255:],
        content_type=content_type,
        size=file.size,
        note=(note or "").strip(),
        uploaded_by=by if getattr(by, "is_authenticated", False) else None,
    )
    document.file.save(document.original_name, file, save=False)
    history_by(document, by)
    document.save()
    return document


def calendar_token_for(user: User, *, renew: bool = False) -> CalendarToken:
    """The user's secret feed address; `renew` replaces it (the old address stops working)."""
    token, created = CalendarToken.objects.get_or_create(user=user)
    if renew and not created:
        token.delete()
        token = CalendarToken.objects.create(user=user)
    return token


def institution_merge_agreements(source: Institution, target: Institution) -> int:
    """Partner merge hook: the agreements of `source` now name `target` instead."""
    through = Agreement.parties.through
    moved = 0
    for link in through.objects.filter(institution=source):
        if through.objects.filter(agreement_id=link.agreement_id, institution=target).exists():
            link.delete()
        else:
            link.institution = target
            link.save(update_fields=["institution"])
        moved += 1
    return moved
