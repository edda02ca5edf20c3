"""An agreement's status as a pure function of the record and a date. `queries.with_status()`
computes the same in the database; a test checks that they agree on every boundary date."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from waishi.agreements.enums import AgreementStatus, Approval

if TYPE_CHECKING:
    from waishi.agreements.models import Agreement


def agreement_status(agreement: Agreement, today: datetime.date, window_days: int) -> str:
    """draft → under approval → approved → signed → in force → expiring → expired, or
    terminated. A self-renewing agreement past its expiry date stays in force (it renewed
    itself) until it is terminated."""
    if agreement.terminated_on and agreement.terminated_on <= today:
        return AgreementStatus.TERMINATED
    if agreement.approval == Approval.DRAFT:
        return AgreementStatus.DRAFT
    if agreement.approval == Approval.UNDER_APPROVAL:
        return AgreementStatus.UNDER_APPROVAL
    if agreement.signed_on is None or agreement.signed_on > today:
        return AgreementStatus.APPROVED
    effective = agreement.in_force_from or agreement.signed_on
    if effective > today:
        return AgreementStatus.SIGNED
    expires = agreement.expires_on
    if expires is None:
        return AgreementStatus.IN_FORCE
    if expires < today:
        if agreement.renews_automatically:
            return AgreementStatus.IN_FORCE
        return AgreementStatus.EXPIRED
    if expires - datetime.timedelta(days=window_days) <= today:
        return AgreementStatus.EXPIRING
    return AgreementStatus.IN_FORCE
