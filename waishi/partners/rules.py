"""Permissions of the partner registry. Which rows a user sees comes from `queries.py`;
these name what a role may do: the office edits, every member of staff with a role reads
(the auditor too, and only reads)."""

import rules

from waishi.core.permissions import has_any_role, is_logged_in, is_office

rules.add_perm("partners.view_institution", has_any_role)
rules.add_perm("partners.add_institution", is_office)
rules.add_perm("partners.change_institution", is_office)
rules.add_perm("partners.end_institution", is_office)
rules.add_perm("partners.merge_institution", is_office)
rules.add_perm("partners.import_institution", is_office)
rules.add_perm("partners.change_contact", is_office)
rules.add_perm("partners.view_country", is_logged_in)
