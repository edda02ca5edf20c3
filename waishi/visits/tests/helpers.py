"""Helpers of the visits app's tests."""

from __future__ import annotations

from waishi.visits import approval
from waishi.visits.models import Visit
from waishi.workflow.models import ApprovalRequest


def request_of(visit: Visit) -> ApprovalRequest:
    """The visit's approval request, which the test has made by submitting it."""
    request = approval.request_of(visit)
    assert request is not None, "the visit has no approval request"
    return request
