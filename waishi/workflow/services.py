"""The one approval engine: every write on an approval request.

Declaring a kind of request (in the owning app's `approval.py`, registered from its
`AppConfig.ready()`; copy `waishi/agreements/approval.py`)::

    from waishi.core.enums import Role, UnitDuty
    from waishi.workflow import chains

    chains.register(chains.RequestType(
        name="travel.trip",                      # stored on each request as `kind`
        label=_("Trip abroad"),
        steps=(
            chains.Step("unit_head", _("Unit head"), Role.UNIT_HEAD, chains.APPLICANT_UNIT),
            chains.Step("research", _("Research office"), Role.UNIT_HEAD,
                        chains.unit_with_duty(UnitDuty.RESEARCH_OFFICE),
                        condition=lambda trip: trip.research_funds),
            chains.Step("office", _("International office"), Role.OFFICE_STAFF,
                        chains.unit_with_duty(UnitDuty.INTERNATIONAL_OFFICE)),
            chains.Step("director", _("Office director"), Role.OFFICE_DIRECTOR, chains.ANY_UNIT),
        ),
        subject=chains.SubjectAdapter(unit=lambda trip: trip.unit),  # title, unit, url ...
        on_approved=lambda trip, approval: trip_mark_approved(trip),   # (subject, request)
        on_returned=..., on_rejected=..., on_withdrawn=..., on_submitted=...,
    ))

A step names a role and how its unit is found: `APPLICANT_UNIT` (the subject's unit from
the adapter; holders of the role in that unit or any unit above it decide), `ANY_UNIT` (any
holder of the role, e.g. the office director), `unit_with_duty(...)` (the unit that holds
that duty in the units register; submission is refused with a clear message when no unit
holds it), or a function (subject, request) -> Unit. `condition(subject)` keeps a step only
when true. The chain is computed at each submission and stored as `ApprovalStep` rows of that
round, so later rule changes never rewrite history. Callbacks run inside the engine's
transaction: raise to refuse (everything rolls back).

Using it from the owning app (each function is atomic; each raises `ApprovalRefused`, a
ValidationError with a translated message, and changes nothing when refused)::

    approval = services.approval_submit(trip, kind="travel.trip", by=user)
    services.approval_decide(approval, by=head, action=Action.RETURN, comment="Fix dates")
    services.approval_resubmit(approval, by=applicant)   # new round, from the first step
    services.approval_decide(approval, by=officer, action=Action.APPROVE, step=step)
    services.approval_withdraw(approval, by=applicant)

Reading (waishi.workflow.queries): `approval_for(subject, kind)` the latest request of a
subject; `steps_waiting_for_user(user)` the inbox; `deciding_for(user, step)`;
`approvers_of(step)`; `rounds_of(request)`, `decisions_of(request)`.

Deciding it: only on the subject's page, through the engine's panel
(`{% load workflow %}{% approval_panel subject %}`: the chain of every round, earlier
requests, the decision history, and for whoever may decide the current step approve /
return / reject with a comment, posted to `workflow:request.decide`), and in the inbox
(`/staff/inbox/`), which links to that page. No app has a decision form of its own.

States: draft → pending → approved | rejected | returned (→ pending again on resubmit) |
withdrawn. Side effects: when a step opens its approvers (and their delegates) are notified;
the applicant is notified of every decision.
"""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Model
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_stubs_ext import StrOrPromise

from waishi.core import changes
from waishi.core.enums import Role
from waishi.core.models import Unit, User
from waishi.core.notifications import notify
from waishi.workflow import chains, queries
from waishi.workflow.enums import (
    UNIT_ANY,
    UNIT_APPLICANT,
    Action,
    RequestState,
    StepState,
)
from waishi.workflow.models import ApprovalRequest, ApprovalStep, Decision


class ApprovalRefused(ValidationError):
    """Raised when an act on a request is not allowed; nothing has changed."""


def _refuse(message: str) -> ApprovalRefused:
    return ApprovalRefused(message, code="refused")


def _resolve_unit(step: chains.Step, approval: ApprovalRequest, subject: Any) -> Unit | None:
    rule = step.unit
    if callable(rule):
        unit: Unit | None = rule(subject, approval)
        return unit
    if rule == UNIT_ANY:
        return None
    if rule == UNIT_APPLICANT:
        if approval.unit is None:
            raise _refuse(
                _("The step “%(step)s” needs the applicant's unit, and none was given.")
                % {"step": step.label}
            )
        return approval.unit
    duty = chains.duty_of(rule)
    if duty is not None:
        unit = Unit.objects.filter(duty=duty, is_active=True).first()
        if unit is None:
            raise _refuse(
                _(
                    "The step “%(step)s” is decided by the %(duty)s, and no unit of the "
                    "register has that duty: an administrator sets it on the unit's page."
                )
                % {"step": step.label, "duty": duty.label}
            )
        return unit
    raise _refuse(_("The step “%(step)s” has an unknown unit rule.") % {"step": step.label})


def _label_in(label: StrOrPromise, language: str) -> str:
    with translation.override(language):
        return str(label)


def _build_round(approval: ApprovalRequest, subject: Any) -> list[ApprovalStep]:
    request_type = chains.get_type(approval.kind)
    made: list[ApprovalStep] = []
    for step in request_type.steps:
        if step.condition is not None and not step.condition(subject):
            continue
        made.append(
            ApprovalStep.objects.create(
                request=approval,
                round=approval.round,
                order=len(made) + 1,
                key=step.key,
                label_zh=_label_in(step.label, "zh-hans"),
                label_en=_label_in(step.label, "en"),
                role=step.role.value,
                unit=_resolve_unit(step, approval, subject),
            )
        )
    return made


# Who decides a step in place of its role when only the applicant holds it.
PASSED_UP_TO = {
    Role.STAFF: Role.UNIT_HEAD,
    Role.UNIT_LIAISON: Role.UNIT_HEAD,
    Role.UNIT_HEAD: Role.UNIVERSITY_LEADER,
    Role.OFFICE_STAFF: Role.OFFICE_DIRECTOR,
    Role.OFFICE_DIRECTOR: Role.UNIVERSITY_LEADER,
}


def _open_step(approval: ApprovalRequest, step: ApprovalStep, subject: Any) -> None:
    step.state = StepState.OPEN
    step.opened_at = timezone.now()
    # Only the applicant could decide (a unit head's own trip): the step goes up, to the
    # office director for the office's staff, else to the university's leaders.
    deciders = queries.holders_and_delegates(step)
    while deciders and all(u.pk == approval.applicant_id for u in deciders):
        above = PASSED_UP_TO.get(Role(step.role))
        if above is None:
            break
        if above != Role.UNIT_HEAD:  # the head of the same unit; else the office or leaders
            step.unit = None
        step.role, step.passed_up = above.value, True
        deciders = queries.holders_and_delegates(step)
    step.save(update_fields=["state", "opened_at", "role", "unit", "passed_up"])
    approval.current_step = step
    approval.save(update_fields=["current_step"])
    notify(
        queries.approvers_of(step),
        "workflow/notice/step_opened",
        {"approval": approval, "step": step},
        url=queries.subject_url(approval, subject),
        kind="workflow.step_opened",
    )


def _callback(approval: ApprovalRequest, name: str, subject: Any) -> None:
    hook = getattr(chains.get_type(approval.kind), name)
    if hook is not None:
        hook(subject, approval)


def _finish(approval: ApprovalRequest, state: str) -> None:
    approval.state = state
    approval.current_step = None
    approval.closed_at = timezone.now() if state not in RequestState.open_states() else None
    approval.save(update_fields=["state", "current_step", "closed_at"])


def _cancel_rest(approval: ApprovalRequest) -> None:
    waiting = approval.steps.filter(
        round=approval.round, state__in=[StepState.WAITING, StepState.OPEN]
    )
    changes.update(waiting, state=StepState.CANCELLED)


def _start_round(
    approval: ApprovalRequest, subject: Any, by: User, action: str, comment: str
) -> None:
    approval.round += 1
    approval.state = RequestState.PENDING
    approval.submitted_at = timezone.now()
    approval.closed_at = None
    approval.save(update_fields=["round", "state", "submitted_at", "closed_at"])
    Decision.objects.create(
        request=approval, round=approval.round, action=action, user=by, comment=comment
    )
    steps = _build_round(approval, subject)
    _callback(approval, "on_submitted", subject)
    if steps:
        _open_step(approval, steps[0], subject)
    else:
        # Nothing to decide (every step's condition is false): approved at once.
        _finish(approval, RequestState.APPROVED)
        _callback(approval, "on_approved", subject)


@transaction.atomic
def approval_submit(
    subject: Model,
    *,
    kind: str,
    by: User,
    comment: str = "",
) -> ApprovalRequest:
    """`by` submits `subject` for approval of type `kind`, as its applicant: compute and store
    the chain, open the first step and notify its approvers. The title and the applicant's
    unit come from the kind's subject adapter (and the applicant too, when it names one). A
    returned request of the same subject and kind is resubmitted instead. Refused when one is
    already pending."""
    adapter = chains.get_type(kind).subject  # fails loudly on an unregistered type
    applicant = by if adapter.applicant is None else adapter.applicant(subject)
    title = adapter.title(subject)[:300]
    unit = adapter.unit(subject)
    content_type = ContentType.objects.get_for_model(subject)
    existing = (
        ApprovalRequest.objects.select_for_update()
        .filter(
            kind=kind,
            content_type=content_type,
            object_id=subject.pk,
            state__in=RequestState.open_states(),
        )
        .first()
    )
    if existing is not None:
        if existing.state == RequestState.PENDING:
            raise _refuse(_("This has already been submitted and is awaiting approval."))
        if existing.applicant_id != applicant.pk:
            raise _refuse(_("Only the applicant may submit this request again."))
        existing.title = title
        existing.unit = unit
        existing.save(update_fields=["title", "unit"])
        _start_round(
            existing,
            subject,
            by,
            Action.RESUBMIT if existing.round else Action.SUBMIT,
            comment,
        )
        return existing
    try:
        with transaction.atomic():
            approval = ApprovalRequest.objects.create(
                kind=kind,
                content_type=content_type,
                object_id=subject.pk,
                title=title,
                applicant=applicant,
                unit=unit,
            )
    except IntegrityError:
        raise _refuse(_("This has already been submitted and is awaiting approval.")) from None
    _start_round(approval, subject, by, Action.SUBMIT, comment)
    return approval


@transaction.atomic
def approval_resubmit(approval: ApprovalRequest, *, by: User, comment: str = "") -> ApprovalRequest:
    """After a return for changes, the applicant submits again: a new round starts from the
    first step (the chain is computed afresh from the edited subject); approvers notified."""
    locked = ApprovalRequest.objects.select_for_update().get(pk=approval.pk)
    if locked.state not in (RequestState.RETURNED, RequestState.DRAFT):
        raise _refuse(_("Only a request returned for changes can be submitted again."))
    if locked.applicant_id != by.pk:
        raise _refuse(_("Only the applicant may submit this request again."))
    _start_round(locked, locked.subject, by, Action.RESUBMIT, comment)
    approval.refresh_from_db()
    return approval


@transaction.atomic
def approval_decide(
    approval: ApprovalRequest,
    *,
    by: User,
    action: str,
    comment: str = "",
    step: ApprovalStep | int | None = None,
) -> Decision:
    """`by` approves, returns or rejects the current step. The request row is locked first,
    so of two approvers acting at once one decides and the other is refused. `step` (the
    step the user saw) guards against deciding a step that moved on meanwhile.

    Approve opens the next step (approvers notified) or, at the last step, approves the
    request (`on_approved`). Return sends it back to the applicant (`on_returned`); reject
    ends it (`on_rejected`). The applicant is notified of every decision."""
    if action not in Action.decisions():
        raise _refuse(_("Unknown decision."))
    comment = (comment or "").strip()
    if action == Action.RETURN and not comment:
        raise _refuse(_("Say what should be changed when returning a request."))
    if action == Action.REJECT and not comment:
        raise _refuse(_("Give the reason when rejecting a request."))
    locked = ApprovalRequest.objects.select_for_update().get(pk=approval.pk)
    if locked.state != RequestState.PENDING or locked.current_step_id is None:
        raise _refuse(
            _("This request is no longer awaiting a decision (it is %(state)s).")
            % {"state": locked.get_state_display()}
        )
    current = ApprovalStep.objects.select_related("unit").get(pk=locked.current_step_id)
    expected = step.pk if isinstance(step, ApprovalStep) else step
    if expected is not None and int(expected) != current.pk:
        raise _refuse(_("This step has already been decided; the request has moved on."))
    current.request = locked
    allowed, on_behalf_of = queries.deciding_for(by, current)
    if not allowed:
        if by.pk == locked.applicant_id and queries.deciding_by_role(by, current)[0]:
            raise _refuse(_("This is your own request: another approver decides it."))
        where = current.unit.name if current.unit else _("any unit")
        raise _refuse(
            _("This step waits for the %(role)s of %(unit)s; you may not decide it.")
            % {"role": current.role_label, "unit": where}
        )
    now = timezone.now()
    decision = Decision.objects.create(
        request=locked,
        step=current,
        round=locked.round,
        action=action,
        user=by,
        on_behalf_of=on_behalf_of,
        comment=comment,
    )
    current.state = {
        Action.APPROVE: StepState.APPROVED,
        Action.RETURN: StepState.RETURNED,
        Action.REJECT: StepState.REJECTED,
    }[Action(action)]
    current.decided_by = by
    current.decided_at = now
    current.comment = comment
    current.save(update_fields=["state", "decided_by", "decided_at", "comment"])
    subject = locked.subject
    if action == Action.APPROVE:
        following = (
            locked.steps.filter(round=locked.round, order__gt=current.order)
            .order_by("order")
            .first()
        )
        if following is not None:
            _open_step(locked, following, subject)
        else:
            _finish(locked, RequestState.APPROVED)
            _callback(locked, "on_approved", subject)
    elif action == Action.RETURN:
        _cancel_rest(locked)
        _finish(locked, RequestState.RETURNED)
        _callback(locked, "on_returned", subject)
    else:
        _cancel_rest(locked)
        _finish(locked, RequestState.REJECTED)
        _callback(locked, "on_rejected", subject)
    notify(
        [locked.applicant],
        "workflow/notice/decided",
        {"approval": locked, "step": current, "decision": decision},
        url=queries.subject_url(locked, subject),
        kind="workflow.decided",
    )
    approval.refresh_from_db()
    return decision


@transaction.atomic
def approval_withdraw(approval: ApprovalRequest, *, by: User, comment: str = "") -> ApprovalRequest:
    """The applicant withdraws a request that is not yet decided; its open steps close and
    `on_withdrawn` runs."""
    locked = ApprovalRequest.objects.select_for_update().get(pk=approval.pk)
    if locked.state not in RequestState.open_states():
        raise _refuse(_("This request has already been decided."))
    if locked.applicant_id != by.pk:
        raise _refuse(_("Only the applicant may withdraw this request."))
    Decision.objects.create(
        request=locked, round=locked.round, action=Action.WITHDRAW, user=by, comment=comment
    )
    _cancel_rest(locked)
    _finish(locked, RequestState.WITHDRAWN)
    _callback(locked, "on_withdrawn", locked.subject)
    approval.refresh_from_db()
    return approval
