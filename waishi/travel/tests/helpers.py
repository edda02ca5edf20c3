"""Moves a trip through its approval in tests, through the engine as the trip's panel does."""

from __future__ import annotations

from waishi.travel import approval, services
from waishi.travel.enums import StepKind
from waishi.travel.models import Trip
from waishi.workflow import services as workflow
from waishi.workflow.enums import Action, RequestState
from waishi.workflow.models import ApprovalRequest, ApprovalStep


def request_of(trip: Trip) -> ApprovalRequest:
    """The trip's approval request, which the test has made by submitting it."""
    request = approval.request_of(trip)
    assert request is not None, "the trip has no approval request"
    return request


def step_of(request: ApprovalRequest) -> ApprovalStep:
    """The request's step awaiting a decision, which the test expects there to be."""
    step = request.current_step
    assert step is not None, "the request awaits no decision"
    return step


def decider(step, personas):
    return {
        StepKind.UNIT_HEAD: personas.head,
        StepKind.OFFICE: personas.office_staff,
        StepKind.DIRECTOR: personas.director,
        StepKind.CONFIDENTIALITY: personas.director,
        StepKind.LEADER: personas.leader,
    }[step.key]


def current_step(trip):
    """The step of the trip's request awaiting a decision, or None."""
    request = approval.request_of(trip)
    if request is None or request.state != RequestState.PENDING:
        return None
    return request.current_step


def decide(trip, user, action, comment=""):
    """`user` decides the trip's current step in the engine; the trip is read again."""
    made = workflow.approval_decide(request_of(trip), by=user, action=action, comment=comment)
    trip.refresh_from_db()
    return made


def approve_all(trip, personas):
    while (step := current_step(trip)) is not None:
        decide(trip, decider(step, personas), Action.APPROVE)
    return trip


def approved(trip, personas):
    services.trip_submit(trip, trip.applicant)
    trip.refresh_from_db()
    return approve_all(trip, personas)
