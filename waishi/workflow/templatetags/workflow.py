"""`{% load workflow %}{% approval_panel subject %}`: the decision panel for a subject's page."""

from __future__ import annotations

from typing import Any

from django import template
from django.db.models import Model
from django.template import Context

from waishi.workflow import queries
from waishi.workflow.enums import DECISION_LABELS, Action
from waishi.workflow.models import ApprovalRequest, ApprovalStep

register = template.Library()


@register.inclusion_tag("workflow/_panel.html", takes_context=True)
def approval_panel(context: Context, subject: Model, kind: str | None = None) -> dict[str, Any]:
    """The chain of every round with each step's state, the decision history, and for whoever
    may decide the current step the approve / return / reject form. `subject` is the
    subject (its latest request of `kind` is shown, and its earlier requests below) or an
    ApprovalRequest."""
    request = context["request"]
    earlier: list[tuple[ApprovalRequest, list[tuple[int, list[ApprovalStep]]]]] = []
    approval: ApprovalRequest | None
    if isinstance(subject, ApprovalRequest):
        approval = subject
    else:
        requests = queries.approvals_about(subject, kind)
        approval = requests[0] if requests else None
        earlier = [(older, queries.rounds_of(older)) for older in requests[1:]]
    result: dict[str, Any] = {
        "approval": approval,
        "earlier": earlier,
        "csrf_token": context.get("csrf_token"),
    }
    if approval is None:
        return result
    current = approval.current_step
    may_decide, on_behalf_of = (
        queries.deciding_for(request.user, current) if current else (False, None)
    )
    result.update(
        rounds=queries.rounds_of(approval),
        decisions=queries.decisions_of(approval),
        current=current,
        may_decide=may_decide,
        on_behalf_of=on_behalf_of,
        choices=[(a.value, DECISION_LABELS[a]) for a in Action if a in DECISION_LABELS],
        next=request.get_full_path(),
    )
    return result
