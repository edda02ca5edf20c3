"""Permissions of the core app (units and accounts). Which rows a user sees comes from
`queries.py`; these name what a role may do."""

import rules

from waishi.core.permissions import (
    acts_for_unit,
    is_administrator,
    is_logged_in,
    is_office_director,
    reads_everything,
)

rules.add_perm("core.view_unit", is_logged_in)
rules.add_perm("core.manage_units", is_administrator)
rules.add_perm("core.view_user_list", reads_everything | acts_for_unit)
# Everyone may open an account page; `users_for_user` limits which (their own at least).
rules.add_perm("core.view_user", is_logged_in)
rules.add_perm("core.manage_accounts", is_administrator)
# The office's rules: every reader sees them; the director and administrators change them.
rules.add_perm("core.view_policy", reads_everything)
rules.add_perm("core.change_policy", is_office_director | is_administrator)
