"""Permissions of people and documents. Which people a user sees comes from
`queries.people_for_user`; these name what a role may do."""

import rules

from waishi.core.permissions import (
    acts_for_unit,
    is_logged_in,
    is_office,
    reads_everything,
)

rules.add_perm("people.view_person_list", reads_everything | acts_for_unit)
# Anyone may open a person page; the query limits which (their own Person at least).
rules.add_perm("people.view_person", is_logged_in)
rules.add_perm("people.add_person", is_office | acts_for_unit)
rules.add_perm("people.change_person", is_office | acts_for_unit)
# Documents carry numbers only the office sees in full, so only the office edits them.
rules.add_perm("people.change_document", is_office)
