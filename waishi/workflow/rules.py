"""Permissions of the approval engine. Whether a user may decide a given step is the
engine's own question (`queries.deciding_for`), asked again inside the locked transaction."""

import rules

from waishi.core.permissions import has_any_role, is_logged_in

rules.add_perm("workflow.view_inbox", is_logged_in)
rules.add_perm("workflow.view_approvalrequest", is_logged_in)
rules.add_perm("workflow.decide", is_logged_in)
# Anyone with a role may let a colleague decide for them while away.
rules.add_perm("workflow.delegate", has_any_role)
