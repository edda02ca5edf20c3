"""Permissions of the travel app. Rows come from `queries.trips_for_user`; step decisions
are checked by the workflow engine (`waishi.workflow.queries.deciding_for`); these name what a
role may do at all."""

import rules

from waishi.core.permissions import (
    acts_for_unit,
    has_any_role,
    is_office,
    is_staff_member,
    reads_everything,
)

# Any member of staff may apply; everyone with a role sees the trips their scope allows.
rules.add_perm("travel.view_trip", has_any_role)
rules.add_perm("travel.add_trip", is_staff_member | acts_for_unit | is_office)
# The office's desk: approval numbers, holds, passports, accepting reports.
rules.add_perm("travel.manage_trip", is_office)
rules.add_perm("travel.view_passport", reads_everything)
rules.add_perm("travel.manage_passport", is_office)
# Annual plans: a unit files its own, readers see all.
rules.add_perm("travel.view_plan", has_any_role)
rules.add_perm("travel.change_plan", acts_for_unit | is_office)
rules.add_perm("travel.view_plan_report", reads_everything | acts_for_unit)
