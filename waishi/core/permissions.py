"""Who may see and do what: the one place every view, API endpoint and test asks.

Roles are predicates (django-rules); each app's `rules.py` maps its permissions to them, and
each app's `queries.py` has the `..._for_user(user)` functions that pick the rows a user may
see. Views and the API only ever call these.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, Protocol

import rules
from django.core.exceptions import PermissionDenied

from waishi.core.enums import Role

if TYPE_CHECKING:
    from waishi.core.models import AnyUser, User


class HasUser(Protocol):
    """A request with its user: Django's (a view) or REST framework's (the API)."""

    @property
    def user(self) -> AnyUser: ...


def roles_of(user: AnyUser) -> frozenset[str]:
    if user is None or not user.is_authenticated:
        return frozenset()
    held: frozenset[str] = user.role_names
    return held


def has_role(user: AnyUser, *roles: Role) -> bool:
    held = roles_of(user)
    return any(role.value in held for role in roles)


def unit_ids_of(user: AnyUser) -> frozenset[int]:
    """The user's own units and every unit beneath them (a college head sees its departments)."""
    if user is None or not user.is_authenticated:
        return frozenset()
    cached: frozenset[int] | None = getattr(user, "_waishi_unit_ids", None)
    if cached is not None:
        return cached
    from waishi.core.models import Unit

    found: set[int] = set(user.units.values_list("pk", flat=True))
    frontier = set(found)
    while frontier:
        frontier = (
            set(Unit.objects.filter(parent_id__in=frontier).values_list("pk", flat=True)) - found
        )
        found |= frontier
    user._waishi_unit_ids = frozenset(found)  # type: ignore[attr-defined]  # kept for the request
    return frozenset(found)


def acting_user(request: HasUser) -> User:
    """The logged-in user acting in `request` (a view or an API call behind a login check);
    403 otherwise."""
    from waishi.core.models import User

    user = request.user
    if not isinstance(user, User) or not user.is_authenticated:
        raise PermissionDenied
    # The account itself, not the request's lazy wrapper around it (whose type is not User).
    account: User = getattr(user, "_wrapped", user)
    return account


def require(allowed: bool) -> None:
    """Refuse with 403 unless `allowed` (for services called on a user's behalf)."""
    if not allowed:
        raise PermissionDenied


# Role predicates --------------------------------------------------------------------------


def _role_predicate(*roles: Role) -> rules.Predicate:
    def check(user: AnyUser) -> bool:
        return has_role(user, *roles)

    check.__name__ = "has_role_" + "_or_".join(r.value for r in roles)
    return rules.Predicate(check)


is_staff_member = _role_predicate(Role.STAFF)
is_unit_liaison = _role_predicate(Role.UNIT_LIAISON)
is_unit_head = _role_predicate(Role.UNIT_HEAD)
is_office_staff = _role_predicate(Role.OFFICE_STAFF)
is_office_director = _role_predicate(Role.OFFICE_DIRECTOR)
is_university_leader = _role_predicate(Role.UNIVERSITY_LEADER)
is_auditor = _role_predicate(Role.AUDITOR)
is_administrator = _role_predicate(Role.ADMINISTRATOR)

# The international office: those who run the registers.
is_office = is_office_staff | is_office_director
# Those who read every register of the office (the auditor reads, never writes).
reads_everything = is_office | is_university_leader | is_auditor | is_administrator
# Those who act for a unit.
acts_for_unit = is_unit_liaison | is_unit_head
# Anyone with a role at all (a user with none sees only their profile).
has_any_role = rules.predicate(lambda user: bool(roles_of(user)), name="has_any_role")


def _logged_in(user: AnyUser) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


is_logged_in = rules.Predicate(_logged_in, name="is_logged_in")


def user_may(user: AnyUser, permission: str, obj: Any = None) -> bool:
    return bool(user.has_perm(permission, obj))


def roles_display(user: AnyUser) -> Iterable[str]:
    return [str(Role(n).label) for n in Role.values if n in roles_of(user)]
