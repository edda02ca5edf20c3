"""Permissions of the visits app: the one place that says who may do what to which visit.

Rows come from `queries.visits_for_user`; step decisions are checked by the workflow engine.
Views, services, the API and templates ask these permissions by name
(`user.has_perm("visits.edit_visit", visit)`), never the roles themselves."""

from __future__ import annotations

from typing import TYPE_CHECKING

import rules

from waishi.core.permissions import (
    acts_for_unit,
    has_any_role,
    is_office,
    is_staff_member,
    reads_everything,
    unit_ids_of,
)
from waishi.visits.enums import EDITABLE, LIVE, VisitStatus

if TYPE_CHECKING:
    from waishi.core.models import AnyUser
    from waishi.visits.models import Visit


@rules.predicate
def is_applicant(user: AnyUser, visit: Visit | None) -> bool:
    return bool(visit is not None and user.is_authenticated and visit.applicant_id == user.pk)


@rules.predicate
def in_host_unit(user: AnyUser, visit: Visit | None) -> bool:
    """The user belongs to the host unit (or a unit above it): its staff and liaison."""
    return visit is not None and visit.unit_id in unit_ids_of(user)


@rules.predicate
def is_editable(user: AnyUser, visit: Visit | None) -> bool:
    return visit is not None and visit.status in EDITABLE


@rules.predicate
def is_live(user: AnyUser, visit: Visit | None) -> bool:
    """Not rejected or withdrawn: its itinerary and the guests' stay may still change."""
    return visit is not None and visit.status in LIVE


@rules.predicate
def is_approved(user: AnyUser, visit: Visit | None) -> bool:
    return visit is not None and visit.status == VisitStatus.APPROVED


@rules.predicate
def is_closed(user: AnyUser, visit: Visit | None) -> bool:
    return visit is not None and visit.status == VisitStatus.CLOSED


@rules.predicate
def is_in_approval(user: AnyUser, visit: Visit | None) -> bool:
    return visit is not None and visit.status == VisitStatus.IN_APPROVAL


@rules.predicate
def is_withdrawn(user: AnyUser, visit: Visit | None) -> bool:
    return visit is not None and visit.status == VisitStatus.CANCELLED


# The host unit's people act on its requests; the office runs them all.
host_or_office = is_applicant | in_host_unit | is_office

rules.add_perm("visits.view_visit", has_any_role)
rules.add_perm("visits.add_visit", is_staff_member | acts_for_unit | is_office)
# Act on a request at all (the services then say what its state allows).
rules.add_perm("visits.change_visit", host_or_office)
# Edit, add guests, submit: until submitted (and again when returned for changes).
rules.add_perm("visits.edit_visit", host_or_office & is_editable)
# The itinerary and the guests' stay: the host unit and the office, before and after approval.
rules.add_perm("visits.edit_itinerary", host_or_office & is_live)
# Actual costs, reasons for going over a standard, gifts; closing: once approved.
rules.add_perm("visits.edit_costs", host_or_office & is_approved)
# The summary and its photos: once approved, until closed (the service waits for arrival).
rules.add_perm("visits.file_summary", host_or_office & is_approved)
# Withdraw: before a decision; once in approval only the filer withdraws the request.
rules.add_perm(
    "visits.withdraw_visit", (host_or_office & is_editable) | (is_applicant & is_in_approval)
)
# Take up a withdrawn request again (as a draft): nothing is lost by withdrawing.
rules.add_perm("visits.restore_visit", host_or_office & is_withdrawn)
# Reopen a closed visit (approved again, to correct its costs, gifts or summary): the office.
rules.add_perm("visits.reopen_visit", is_office & is_closed)
# The office's desk: letters, all visits.
rules.add_perm("visits.manage_visit", is_office)
rules.add_perm("visits.export_visit", reads_everything)
