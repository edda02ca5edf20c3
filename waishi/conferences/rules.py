"""Permissions of the conferences app: the one place that says who may do what to which
conference.

Rows come from `queries.conferences_for_user`; step decisions are checked by the workflow
engine. Views, services, the API and templates ask these permissions by name
(`user.has_perm("conferences.edit_conference", conference)`), never the roles themselves."""

from __future__ import annotations

from typing import TYPE_CHECKING

import rules

from waishi.conferences.enums import EDITABLE, HAS_APPROVAL, ConferenceStatus, VersionStatus
from waishi.core.permissions import (
    acts_for_unit,
    has_any_role,
    is_office,
    is_staff_member,
    reads_everything,
    unit_ids_of,
)

if TYPE_CHECKING:
    from waishi.conferences.models import Conference, Forecast
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


@rules.predicate
def is_editable(user: AnyUser, conference: Conference | None) -> bool:
    """Its current version is a draft or was returned (a declaration or a change)."""
    version = conference.current_version if conference is not None else None
    return version is not None and version.status in EDITABLE


@rules.predicate
def is_withdrawable(user: AnyUser, conference: Conference | None) -> bool:
    version = conference.current_version if conference is not None else None
    return version is not None and version.status in (*EDITABLE, VersionStatus.IN_APPROVAL)


@rules.predicate
def is_approved(user: AnyUser, conference: Conference | None) -> bool:
    """Approved, with no change under way: it may be changed."""
    return conference is not None and conference.status == ConferenceStatus.APPROVED


@rules.predicate
def forecast_in_unit(user: AnyUser, forecast: Forecast | None) -> bool:
    return forecast is not None and (
        forecast.unit_id in unit_ids_of(user) or forecast.entered_by_id == user.pk
    )


# The organising unit's people act on its conferences; the office runs them all.
unit_or_office = is_applicant | in_organising_unit | is_office

rules.add_perm("conferences.view_conference", has_any_role)
rules.add_perm("conferences.add_conference", is_staff_member | acts_for_unit | is_office)
# Act on a conference at all (the services then say what its state allows).
rules.add_perm("conferences.change_conference", unit_or_office)
# Edit and submit the version being declared (until submitted, again when returned).
rules.add_perm("conferences.edit_conference", unit_or_office & is_editable)
rules.add_perm("conferences.withdraw_conference", unit_or_office & is_withdrawable)
# Ask for a change once approved: a new version, approved again.
rules.add_perm("conferences.change_approved_conference", unit_or_office & is_approved)
# The office's desk: external filings, letters, every conference.
rules.add_perm("conferences.manage_conference", is_office)
rules.add_perm("conferences.export_conference", reads_everything)
# Forecasts: the units forecast their conferences; the office sees and helps with all.
rules.add_perm("conferences.view_forecast", has_any_role)
rules.add_perm("conferences.add_forecast", is_staff_member | acts_for_unit | is_office)
rules.add_perm("conferences.change_forecast", forecast_in_unit | is_office)


# Participants, letters and the programme ----------------------------------------------------


@rules.predicate
def has_approval(user: AnyUser, conference: Conference | None) -> bool:
    """Approved at some time (a change may be in approval, or it is closed)."""
    return conference is not None and conference.status in HAS_APPROVAL


@rules.predicate
def is_live(user: AnyUser, conference: Conference | None) -> bool:
    """Neither rejected nor withdrawn: its participants and programme may still change."""
    return conference is not None and conference.status not in {
        ConferenceStatus.REJECTED,
        ConferenceStatus.CANCELLED,
    }


# The participant list (with masked passports): who sees the conference's unit, and readers.
rules.add_perm("conferences.view_participants", unit_or_office | reads_everything)
# Add, import and remove participants; enter or import the programme.
rules.add_perm("conferences.manage_participants", unit_or_office & is_live)
rules.add_perm("conferences.edit_programme", unit_or_office & is_live)
# Visa invitation letters and whole passport numbers: the office.
rules.add_perm("conferences.issue_letter", is_office)
rules.add_perm("conferences.read_passport", is_office)
# Attendance certificates: once approved.
rules.add_perm("conferences.print_certificate", unit_or_office & has_approval)

# Public registration: the unit or the office opens it once approved, and reviews the queue.
rules.add_perm("conferences.open_registration", unit_or_office & has_approval & is_live)
rules.add_perm("conferences.review_registration", unit_or_office & is_live)
# The queue's page: those who act for a unit, its staff, and the office.
rules.add_perm("conferences.review_registrations", is_staff_member | acts_for_unit | is_office)
