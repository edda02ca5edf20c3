"""Reads of the approval engine: who may decide a step, what waits for a user, the requests a
user may see. Views, the API, services and the reminder job all ask these."""

from __future__ import annotations

import datetime

from django.contrib.contenttypes.models import ContentType
from django.db.models import Model, Q, QuerySet

from waishi.core import clock
from waishi.core.enums import Role
from waishi.core.models import AnyUser, Unit, User
from waishi.core.permissions import (
    acts_for_unit,
    has_role,
    reads_everything,
    roles_of,
    unit_ids_of,
)
from waishi.workflow.enums import RequestState, StepState
from waishi.workflow.models import ApprovalRequest, ApprovalStep, Decision, Delegation


def unit_and_ancestor_ids(unit_id: int | None) -> list[int]:
    """The unit and the units above it: a head of a college also decides for its departments."""
    found: list[int] = []
    while unit_id is not None and unit_id not in found:
        found.append(unit_id)
        unit_id = Unit.objects.filter(pk=unit_id).values_list("parent_id", flat=True).first()
    return found


def holds_step(user: AnyUser, step: ApprovalStep) -> bool:
    """True when `user` holds the step's role in the step's unit (or above it)."""
    if not has_role(user, Role(step.role)):
        return False
    return step.unit_id is None or step.unit_id in unit_ids_of(user)


def delegations_active(today: datetime.date | None = None) -> QuerySet[Delegation]:
    today = today or clock.today()
    return Delegation.objects.filter(
        is_active=True, starts_on__lte=today, ends_on__gte=today
    ).select_related("delegator", "delegate")


def deciding_for(user: AnyUser, step: ApprovalStep) -> tuple[bool, User | None]:
    """May `user` decide `step`? Returns (allowed, the absent approver when by delegation).
    Never on their own request."""
    if user is None or not user.is_authenticated or user.pk == step.request.applicant_id:
        return False, None
    return deciding_by_role(user, step)


def deciding_by_role(user: AnyUser, step: ApprovalStep) -> tuple[bool, User | None]:
    """As `deciding_for`, whoever applied."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False, None
    if holds_step(user, step):
        return True, None
    for delegation in delegations_active().filter(delegate=user):
        if holds_step(delegation.delegator, step):
            return True, delegation.delegator
    return False, None


def step_holders(step: ApprovalStep) -> QuerySet[User]:
    """Active users holding the step's role in its unit or a unit above it."""
    users = User.objects.filter(is_active=True, groups__name=step.role)
    if step.unit_id is not None:
        users = users.filter(units__in=unit_and_ancestor_ids(step.unit_id))
    return users.distinct()


def approvers_of(step: ApprovalStep) -> list[User]:
    """Who may decide the step today: its holders and their active delegates, but not the
    applicant (nobody decides their own request)."""
    applicant_id = step.request.applicant_id
    return [u for u in holders_and_delegates(step) if u.pk != applicant_id]


def holders_and_delegates(step: ApprovalStep) -> list[User]:
    """Who holds the step's role in its unit (or above), and their active delegates."""
    holders = list(step_holders(step))
    holder_ids = {u.pk for u in holders}
    delegates = [
        d.delegate
        for d in delegations_active().filter(delegator_id__in=holder_ids)
        if d.delegate.is_active
    ]
    seen: set[int] = set()
    result: list[User] = []
    for user in holders + delegates:
        if user.pk not in seen:
            seen.add(user.pk)
            result.append(user)
    return result


def _step_scope(user: AnyUser) -> Q:
    """Steps that `user` holds by role and unit (not counting delegation)."""
    roles = roles_of(user)
    if not roles:
        return Q(pk__in=[])
    return Q(role__in=roles) & (Q(unit__isnull=True) | Q(unit_id__in=unit_ids_of(user)))


def steps_waiting_for_user(user: AnyUser) -> QuerySet[ApprovalStep]:
    """The inbox: open steps of pending requests that `user` may decide now, by their own
    role or as a delegate."""
    if not isinstance(user, User):
        return ApprovalStep.objects.none()
    scope = _step_scope(user)
    for delegation in delegations_active().filter(delegate=user):
        scope |= _step_scope(delegation.delegator)
    return (
        ApprovalStep.objects.filter(
            scope, state=StepState.OPEN, request__state=RequestState.PENDING
        )
        .exclude(request__applicant=user)  # nobody decides their own request
        .select_related("request__applicant", "request__unit", "request__content_type", "unit")
        .prefetch_related("request__subject")
        .order_by("opened_at", "pk")
    )


def decisions_by_user(user: AnyUser) -> QuerySet[Decision]:
    """The "decided by me" tab: the user's decisions (not their own submissions)."""
    from waishi.workflow.enums import Action

    if not isinstance(user, User):
        return Decision.objects.none()
    return (
        Decision.objects.filter(user=user, action__in=Action.decisions())
        .select_related("request__applicant", "request__content_type", "step", "on_behalf_of")
        .prefetch_related("request__subject")
        .order_by("-created_at", "-pk")
    )


def approval_requests_for_user(user: AnyUser) -> QuerySet[ApprovalRequest]:
    """Requests a user may look at: readers see all; a unit's liaison and head those of their
    units; everyone their own, those they decided, and those with a step they hold now."""
    requests = ApprovalRequest.objects.select_related("applicant", "unit", "current_step")
    if not (user and user.is_authenticated):
        return requests.none()
    if reads_everything(user):
        return requests
    waiting = steps_waiting_for_user(user).values("request_id")
    decided = Decision.objects.filter(user=user).values("request_id")
    visible = Q(applicant=user) | Q(pk__in=waiting) | Q(pk__in=decided)
    if acts_for_unit(user):
        # A unit's liaison and head follow their units' requests.
        visible |= Q(unit_id__in=unit_ids_of(user))
    return requests.filter(visible).distinct()


def subject_url(approval: ApprovalRequest, subject: Model | None = None) -> str:
    """The page of the request's subject (`subject`, when the caller has it at hand), where it
    is decided; the request's own page when the subject is gone."""
    from waishi.workflow import chains

    if subject is None:
        subject = approval.subject
    url = chains.get_type(approval.kind).url_of(subject)
    return url or approval.get_absolute_url()


def approval_for(subject: Model, kind: str | None = None) -> ApprovalRequest | None:
    """The latest request about `subject` (of `kind`, when given), or None."""
    requests = ApprovalRequest.objects.filter(
        content_type=ContentType.objects.get_for_model(subject), object_id=subject.pk
    )
    if kind:
        requests = requests.filter(kind=kind)
    return requests.select_related("current_step", "applicant").order_by("-pk").first()


def approvals_about(subject: Model, kind: str | None = None) -> list[ApprovalRequest]:
    """Every request about `subject` (of `kind`, when given), the latest first: a subject
    approved, then changed, is asked about again in a new request."""
    requests = ApprovalRequest.objects.filter(
        content_type=ContentType.objects.get_for_model(subject), object_id=subject.pk
    )
    if kind:
        requests = requests.filter(kind=kind)
    return list(requests.select_related("current_step", "applicant").order_by("-pk"))


def steps_of(request: ApprovalRequest) -> list[ApprovalStep]:
    return list(request.steps.select_related("unit", "decided_by").order_by("round", "order"))


def rounds_of(request: ApprovalRequest) -> list[tuple[int, list[ApprovalStep]]]:
    """Steps grouped by round, the latest round first."""
    rounds: dict[int, list[ApprovalStep]] = {}
    for step in steps_of(request):
        rounds.setdefault(step.round, []).append(step)
    return sorted(rounds.items(), reverse=True)


def decisions_of(request: ApprovalRequest) -> list[Decision]:
    return list(
        request.decisions.select_related("user", "on_behalf_of", "step").order_by(
            "created_at", "pk"
        )
    )
