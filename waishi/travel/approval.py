"""The trip's approval chain, declared to the workflow engine (`waishi.workflow`).

applicant's unit head → research office (the unit with that duty, when research funds pay) →
confidentiality review (office director, when marked) → international office (the unit with
that duty) → office director → university leader (when a leader leads the delegation or the
trip is longer than the office rule's days).

The engine stores the steps, locks the request so two approvers acting at once make one
decision, and notifies approvers and the applicant; a trip is decided only through its
panel on the trip's page and the inbox. Its callbacks move the trip's own state.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

from waishi.core import clock
from waishi.core.enums import Role, UnitDuty
from waishi.travel import policy
from waishi.travel.enums import FundingSource, StepKind, TripStatus
from waishi.workflow import chains

if TYPE_CHECKING:
    from waishi.travel.models import Trip
    from waishi.workflow.models import ApprovalRequest

KIND = "travel.trip"


def pays_from_research(trip: Trip) -> bool:
    return bool(trip.budget.filter(source=FundingSource.RESEARCH).exists())


def needs_leader(trip: Trip) -> bool:
    return bool(trip.led_by_leader or trip.days > policy.LEADER_APPROVAL_DAYS.value())


def _set_status(trip: Trip, status: str, **fields: object) -> None:
    trip.status = status
    for name, value in fields.items():
        setattr(trip, name, value)
    trip.save()


def _approved(trip: Trip, request: ApprovalRequest) -> None:
    _set_status(
        trip,
        TripStatus.APPROVED,
        approved_on=clock.today(),
        is_change=False,
        report_due=trip.return_date + datetime.timedelta(days=policy.REPORT_DUE_DAYS.value()),
    )


def register() -> None:
    chains.register(
        chains.RequestType(
            name=KIND,
            label=_("Trip abroad"),
            steps=(
                chains.Step(
                    StepKind.UNIT_HEAD,
                    StepKind.UNIT_HEAD.label,
                    Role.UNIT_HEAD,
                    chains.APPLICANT_UNIT,
                ),
                chains.Step(
                    StepKind.RESEARCH,
                    StepKind.RESEARCH.label,
                    Role.UNIT_HEAD,
                    chains.unit_with_duty(UnitDuty.RESEARCH_OFFICE),
                    condition=pays_from_research,
                ),
                chains.Step(
                    StepKind.CONFIDENTIALITY,
                    StepKind.CONFIDENTIALITY.label,
                    Role.OFFICE_DIRECTOR,
                    chains.ANY_UNIT,
                    condition=lambda trip: trip.confidential,
                ),
                chains.Step(
                    StepKind.OFFICE,
                    StepKind.OFFICE.label,
                    Role.OFFICE_STAFF,
                    chains.unit_with_duty(UnitDuty.INTERNATIONAL_OFFICE),
                ),
                chains.Step(
                    StepKind.DIRECTOR,
                    StepKind.DIRECTOR.label,
                    Role.OFFICE_DIRECTOR,
                    chains.ANY_UNIT,
                ),
                chains.Step(
                    StepKind.LEADER,
                    StepKind.LEADER.label,
                    Role.UNIVERSITY_LEADER,
                    chains.ANY_UNIT,
                    condition=needs_leader,
                ),
            ),
            # The office may send a trip on (a held one, or for its applicant): the request
            # stays the applicant's.
            subject=chains.SubjectAdapter(
                unit=lambda trip: trip.unit, applicant=lambda trip: trip.applicant
            ),
            on_submitted=lambda trip, request: _set_status(trip, TripStatus.IN_APPROVAL),
            on_approved=_approved,
            on_returned=lambda trip, request: _set_status(trip, TripStatus.RETURNED),
            on_rejected=lambda trip, request: _set_status(trip, TripStatus.REJECTED),
            on_withdrawn=lambda trip, request: _set_status(trip, TripStatus.CANCELLED),
        )
    )


def request_of(trip: Trip) -> ApprovalRequest | None:
    """The trip's latest approval request, or None."""
    from waishi.workflow.queries import approval_for

    return approval_for(trip, KIND)
