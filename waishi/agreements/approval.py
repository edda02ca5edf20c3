"""Approval of agreements through the one workflow engine: the head of the agreement's home
unit, then the international office (the unit holding that duty in the units register), then
the office director. A new kind of request starts as a copy of this file.

The engine's callbacks move `Agreement.approval` inside its transaction: submitted → under
approval; approved → approved; returned, rejected or withdrawn → back to draft, so the office
can change it and submit again."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from waishi.agreements.enums import AgreementStatus, Approval
from waishi.agreements.models import Agreement
from waishi.agreements.services import agreement_set_approval
from waishi.core.enums import Role, UnitDuty
from waishi.core.models import Unit, User
from waishi.workflow import chains

if TYPE_CHECKING:
    from waishi.workflow.models import ApprovalRequest

REQUEST_TYPE = "agreements.agreement"


def _to(approval: str) -> Callable[[Agreement, ApprovalRequest], None]:
    def callback(agreement: Agreement, request: ApprovalRequest) -> None:
        agreement_set_approval(agreement, approval)

    return callback


def home_unit(agreement: Agreement) -> Unit | None:
    """The unit whose head decides first: the first of the agreement's units."""
    return agreement.units.order_by("pk").first()


def register() -> None:
    """Declare the agreement's request type to the engine (AppConfig.ready())."""
    chains.register(
        chains.RequestType(
            name=REQUEST_TYPE,
            label=gettext_lazy("Cooperation agreement"),
            steps=(
                chains.Step(
                    "unit_head",
                    gettext_lazy("Head of the home unit"),
                    Role.UNIT_HEAD,
                    chains.APPLICANT_UNIT,
                    # An agreement of the whole university has no home unit to ask.
                    condition=lambda agreement: agreement.units.exists(),
                ),
                chains.Step(
                    "office",
                    gettext_lazy("International office"),
                    Role.OFFICE_STAFF,
                    chains.unit_with_duty(UnitDuty.INTERNATIONAL_OFFICE),
                ),
                chains.Step(
                    "director",
                    gettext_lazy("Office director"),
                    Role.OFFICE_DIRECTOR,
                    chains.ANY_UNIT,
                ),
            ),
            subject=chains.SubjectAdapter(unit=home_unit),
            on_submitted=_to(Approval.UNDER_APPROVAL),
            on_approved=_to(Approval.APPROVED),
            on_returned=_to(Approval.DRAFT),
            on_rejected=_to(Approval.DRAFT),
            on_withdrawn=_to(Approval.DRAFT),
        )
    )


@transaction.atomic
def agreement_submit(agreement: Agreement, *, by: User) -> ApprovalRequest:
    """Send a draft agreement through approval (a returned one starts a new round). Refused
    (ValidationError) when it is not a draft or has no partner. Side effects: the engine
    notifies the first step's approvers."""
    from waishi.workflow import services as workflow

    agreement = Agreement.objects.select_for_update().get(pk=agreement.pk)
    if agreement.approval != Approval.DRAFT or agreement.current_status == (
        AgreementStatus.TERMINATED
    ):
        raise ValidationError(_("Only a draft agreement can be sent for approval."))
    if not agreement.parties.exists():
        raise ValidationError(_("Choose at least one partner institution."))
    return workflow.approval_submit(agreement, kind=REQUEST_TYPE, by=by)
