"""Permissions of the conferences app: the one place that says who may do what to which
conference.

Rows come from `queries.conferences_for_user`; step decisions are checked by the workflow
engine. Views, services, the API and templates ask these permissions by name
(`user.has_perm("conferences.edit_conference", conference)`), never the roles themselves."""

from __future__ import annotations

from typing import TYPE_CHECKING

import rules

from waishi.core.permissions import (
    has_any_role,
    is_office,
    reads_everything,
    unit_ids_of,
)

if TYPE_CHECKING:
    from waishi.conferences.models import Conference
    from waishi.core.models import AnyUser


@rules.predicate
def is_applicant(user: AnyUser, conference: Conference | None) -> bool:
    return bool(
        conference is not None and user.is_authenticated and conference.applicant_id == user.pk
    )


@rules.predicate
def in_organising_unit(user: AnyUser, conference: Conference | None) -> bool:
    """The user belongs to the organising unit (or a unit above it)."""
    return conference is not None and conference.unit_id in unit_ids_of(user)


# The organising unit's people act on its conferences; the office runs them all.
unit_or_office = is_applicant | in_organising_unit | is_office

rules.add_perm("conferences.view_conference", has_any_role)
rules.add_perm("conferences.change_conference", unit_or_office)
# The office's desk: external filings, letters, every conference.
rules.add_perm("conferences.manage_conference", is_office)
rules.add_perm("conferences.export_conference", reads_everything)
