"""Permissions of agreements. Which rows a user reads comes from `queries.agreements_for_user`
(everything for the office and other readers, their units' agreements for staff, liaisons and
heads); these name what a role may do: the office records and changes agreements."""

import rules

from waishi.core.permissions import has_any_role, is_office

rules.add_perm("agreements.view_agreement", has_any_role)
rules.add_perm("agreements.add_agreement", is_office)
rules.add_perm("agreements.change_agreement", is_office)
rules.add_perm("agreements.terminate_agreement", is_office)
rules.add_perm("agreements.renew_agreement", is_office)
rules.add_perm("agreements.submit_agreement", is_office)
rules.add_perm("agreements.import_agreement", is_office)
rules.add_perm("agreements.add_agreementdocument", is_office)
rules.add_perm("agreements.view_agreementdocument", has_any_role)
