"""Permissions of people and documents. Which people a user sees comes from
`queries.people_for_user`; these name what a role may do."""

import rules

from waishi.core.models import AnyUser
from waishi.core.permissions import (
    acts_for_unit,
    is_logged_in,
    is_office,
    reads_everything,
)
from waishi.people.models import IdentityDocument


@rules.predicate
def holds_document(user: AnyUser, document: IdentityDocument | None) -> bool:
    if document is None or not user.is_authenticated:
        return False
    return bool(document.person.user_id == user.pk)


rules.add_perm("people.view_person_list", reads_everything | acts_for_unit)
# Anyone may open a person page; the query limits which (their own Person at least).
rules.add_perm("people.view_person", is_logged_in)
rules.add_perm("people.add_person", is_office | acts_for_unit)
rules.add_perm("people.change_person", is_office | acts_for_unit)
# Documents carry numbers only the office sees in full, so only the office edits them.
rules.add_perm("people.change_document", is_office)
rules.add_perm("people.view_document_number", is_office)
# The scan shows the full number: the office and the holder themselves only.
rules.add_perm("people.view_document_scan", is_office | holds_document)
# Linking an account lets the person see their own record and get reminders.
rules.add_perm("people.link_account", is_office)
