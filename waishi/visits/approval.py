"""The visit's approval chain, declared to the workflow engine (`waishi.workflow`):

head of the host unit → international office (the unit with that duty) → the university
leader in charge, when a leader meets the guests or their rank calls for one (rank parity,
the office rule `visits_leader_rank`).

The engine stores the steps, notifies approvers and the applicant and keeps the decisions; a
visit is decided only in its approval panel (the visit's page) and the inbox. Its callbacks
move the visit's own state.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

from waishi.core import clock
from waishi.core.enums import Role, UnitDuty
from waishi.visits import policy
from waishi.visits.enums import StepKind, VisitStatus
from waishi.visits.models import Visit
from waishi.workflow import chains

if TYPE_CHECKING:
    from waishi.workflow.models import ApprovalRequest

KIND = "visits.visit"


def _set_status(visit: Visit, status: str, approved_on: datetime.date | None = None) -> None:
    visit.status = status
    if approved_on is not None:
        visit.approved_on = approved_on
    visit.save()


def register() -> None:
    """Declare the visit's request type to the engine (AppConfig.ready())."""
    chains.register(
        chains.RequestType(
            name=KIND,
            label=_("Foreign visit"),
            steps=(
                chains.Step(
                    StepKind.UNIT_HEAD,
                    StepKind.UNIT_HEAD.label,
                    Role.UNIT_HEAD,
                    chains.APPLICANT_UNIT,
                ),
                chains.Step(
                    StepKind.OFFICE,
                    StepKind.OFFICE.label,
                    Role.OFFICE_STAFF,
                    chains.unit_with_duty(UnitDuty.INTERNATIONAL_OFFICE),
                ),
                chains.Step(
                    StepKind.LEADER,
                    StepKind.LEADER.label,
                    Role.UNIVERSITY_LEADER,
                    chains.ANY_UNIT,
                    condition=policy.needs_leader,
                ),
            ),
            # The request stays the filer's, whoever of the unit or the office sends it.
            subject=chains.SubjectAdapter(
                unit=lambda visit: visit.unit, applicant=lambda visit: visit.applicant
            ),
            on_submitted=lambda visit, request: _set_status(visit, VisitStatus.IN_APPROVAL),
            on_approved=lambda visit, request: _set_status(
                visit, VisitStatus.APPROVED, approved_on=clock.today()
            ),
            on_returned=lambda visit, request: _set_status(visit, VisitStatus.RETURNED),
            on_rejected=lambda visit, request: _set_status(visit, VisitStatus.REJECTED),
            on_withdrawn=lambda visit, request: _set_status(visit, VisitStatus.CANCELLED),
        )
    )


def request_of(visit: Visit) -> ApprovalRequest | None:
    """The visit's latest approval request, or None."""
    from waishi.workflow.queries import approval_for

    return approval_for(visit, KIND)
