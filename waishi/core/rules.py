"""Permissions of the core app (units and accounts). Which rows a user sees comes from
`queries.py`; these name what a role may do."""

import rules

from waishi.core.permissions import acts_for_unit, is_administrator, is_logged_in, reads_everything

rules.add_perm("core.view_unit", is_logged_in)
rules.add_perm("core.manage_units", is_administrator)
rules.add_perm("core.view_user_list", reads_everything | acts_for_unit)
# Everyone may open an account page; `users_for_user` limits which (their own at least).
rules.add_perm("core.view_user", is_logged_in)
rules.add_perm("core.manage_accounts", is_administrator)
