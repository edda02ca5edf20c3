"""Permissions of the core app (units and accounts). Which rows a user sees comes from
`queries.py`; these name what a role may do."""

import rules

from waishi.core.models import AnyUser, Job
from waishi.core.permissions import (
    acts_for_unit,
    is_administrator,
    is_logged_in,
    is_office,
    is_office_director,
    reads_everything,
)


def _owns_job(user: AnyUser, job: Job | None) -> bool:
    return bool(job is not None and user.is_authenticated and job.owner_id == user.pk)


is_job_owner = rules.predicate(_owns_job, name="is_job_owner")


rules.add_perm("core.view_unit", is_logged_in)
rules.add_perm("core.manage_units", is_administrator)
rules.add_perm("core.view_user_list", reads_everything | acts_for_unit)
# Everyone may open an account page; `users_for_user` limits which (their own at least).
rules.add_perm("core.view_user", is_logged_in)
rules.add_perm("core.manage_accounts", is_administrator)
# The office's rules: every reader sees them; the director and administrators change them.
rules.add_perm("core.view_policy", reads_everything)
rules.add_perm("core.change_policy", is_office_director | is_administrator)
# Background work (a large import): its owner follows it, and the office.
rules.add_perm("core.view_job", is_job_owner | is_office)
