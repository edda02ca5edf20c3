"""Permissions of the travel app: the one place that says who may do what to which trip.

Rows come from `queries.trips_for_user`; step decisions are checked by the workflow engine
(`waishi.workflow.queries.deciding_for`). Views, services, the API and templates ask these
permissions (`user.has_perm("travel.change_trip", trip)`, `{% if perms.travel.manage_trip %}`),
never the roles or the applicant's id themselves."""

from __future__ import annotations

from typing import TYPE_CHECKING

import rules

from waishi.core.permissions import (
    acts_for_unit,
    has_any_role,
    is_office,
    is_staff_member,
    reads_everything,
)
from waishi.travel.enums import EDITABLE, TripStatus

if TYPE_CHECKING:
    from waishi.core.models import AnyUser
    from waishi.people.models import Person
    from waishi.travel.models import Trip


@rules.predicate
def is_applicant(user: AnyUser, trip: Trip | None) -> bool:
    return bool(trip is not None and user.is_authenticated and trip.applicant_id == user.pk)


@rules.predicate
def is_editable(user: AnyUser, trip: Trip | None) -> bool:
    return trip is not None and trip.status in EDITABLE


@rules.predicate
def is_withdrawable(user: AnyUser, trip: Trip | None) -> bool:
    return trip is not None and trip.status in (*EDITABLE, TripStatus.HELD, TripStatus.IN_APPROVAL)


@rules.predicate
def may_add_traveller(user: AnyUser, person: Person | None) -> bool:
    """The person is among those the user may put on a trip (`queries.travellers_for_user`)."""
    from waishi.travel.queries import travellers_for_user

    return person is not None and travellers_for_user(user).filter(pk=person.pk).exists()


# The applicant's own acts on a trip, which the office may also do for them.
applicant_or_office = is_applicant | is_office

# Any member of staff may apply; everyone with a role sees the trips their scope allows.
rules.add_perm("travel.view_trip", has_any_role)
rules.add_perm("travel.add_trip", is_staff_member | acts_for_unit | is_office)
# Submit, open for changes, record visas (with a trip: the applicant or the office).
rules.add_perm("travel.change_trip", applicant_or_office)
# The application form: only while a draft or returned.
rules.add_perm("travel.edit_trip", applicant_or_office & is_editable)
# The withdraw button: the applicant, before approval ends.
rules.add_perm("travel.withdraw_trip", is_applicant & is_withdrawable)
# Register the return and write the report.
rules.add_perm("travel.report_trip", applicant_or_office)
# Who may be put on a trip as a traveller (with a person: that person).
rules.add_perm("travel.add_traveller", may_add_traveller)
# The office's desk: approval numbers, holds, passports, accepting reports.
rules.add_perm("travel.manage_trip", is_office)
rules.add_perm("travel.view_passport", reads_everything)
rules.add_perm("travel.manage_passport", is_office)
# Annual plans: a unit files its own, readers see all.
rules.add_perm("travel.view_plan", has_any_role)
rules.add_perm("travel.change_plan", acts_for_unit | is_office)
rules.add_perm("travel.view_plan_report", reads_everything | acts_for_unit)
