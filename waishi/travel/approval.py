"""The trip's approval chain, declared to the workflow engine (`waishi.workflow`).

applicant's unit head → research office (unit code RES, when research funds pay) →
confidentiality review (office director, when marked) → international office (unit code
IECO when that unit exists, else any office staff) → office director → university leader
(when a leader leads the delegation or the trip is longer than the policy's days).

The engine stores the steps, locks the request so two approvers acting at once make one
decision, and notifies approvers and the applicant. Its callbacks move the trip's own state.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.utils.translation import gettext_lazy as _

from waishi.core import clock
from waishi.core.enums import Role
from waishi.core.models import Unit
from waishi.travel import policy
from waishi.travel.enums import FundingSource, StepKind, TripStatus

KIND = "travel.trip"


UNIT_CODES = {"OFFICE_UNIT_CODE": "IECO", "RESEARCH_UNIT_CODE": "RES"}


def _unit(code_setting: str) -> Unit | None:
    return Unit.objects.filter(code=UNIT_CODES[code_setting]).first()


def pays_from_research(trip: Any) -> bool:
    return (
        trip.budget.filter(source=FundingSource.RESEARCH).exists()
        and _unit("RESEARCH_UNIT_CODE") is not None
    )


def needs_leader(trip: Any) -> bool:
    return bool(trip.led_by_leader or trip.days > policy.LEADER_APPROVAL_DAYS.value())


def _set_status(trip: Any, status: str, **fields: Any) -> None:
    trip.status = status
    for name, value in fields.items():
        setattr(trip, name, value)
    trip.save()


def _approved(trip: Any, request: Any) -> None:
    _set_status(
        trip,
        TripStatus.APPROVED,
        approved_on=clock.today(),
        is_change=False,
        report_due=trip.return_date + datetime.timedelta(days=policy.REPORT_DUE_DAYS.value()),
    )


def register() -> None:
    from waishi.workflow import chains

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
                    lambda trip, request: _unit("RESEARCH_UNIT_CODE"),
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
                    lambda trip, request: _unit("OFFICE_UNIT_CODE"),
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
            on_submitted=lambda trip, request: _set_status(trip, TripStatus.IN_APPROVAL),
            on_approved=_approved,
            on_returned=lambda trip, request: _set_status(trip, TripStatus.RETURNED),
            on_rejected=lambda trip, request: _set_status(trip, TripStatus.REJECTED),
            on_withdrawn=lambda trip, request: _set_status(trip, TripStatus.CANCELLED),
        )
    )


def request_of(trip: Any) -> Any:
    from waishi.workflow.queries import approval_for

    return approval_for(trip, KIND)


def requests_of(trip: Any) -> list[Any]:
    """Every approval request of the trip, first to last (a change makes a new one)."""
    from django.contrib.contenttypes.models import ContentType

    from waishi.workflow.models import ApprovalRequest

    return list(
        ApprovalRequest.objects.filter(
            kind=KIND,
            content_type=ContentType.objects.get_for_model(trip),
            object_id=trip.pk,
        ).order_by("pk")
    )


def current_step(trip: Any) -> Any:
    from waishi.workflow.enums import RequestState

    request = request_of(trip)
    if request is None or request.state != RequestState.PENDING:
        return None
    return request.current_step


def may_decide(trip: Any, user: Any) -> bool:
    from waishi.workflow.queries import deciding_for

    step = current_step(trip)
    return bool(step is not None and deciding_for(user, step)[0])
