"""Writes of units and accounts."""

from __future__ import annotations

import json
import secrets
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from django.contrib.auth.models import Group
from django.db import transaction

from waishi.core import policy
from waishi.core.enums import Role, UnitKind
from waishi.core.history import history_by
from waishi.core.models import PolicyValue, Unit, User

STARTING_UNITS = Path(__file__).parent / "data" / "units.json"


def role_groups_ensure() -> None:
    """Create the group of every role (idempotent)."""
    for role in Role:
        Group.objects.get_or_create(name=role.value)


@transaction.atomic
def user_set_roles_and_units(
    user: User, roles: Iterable[Role | str], units: Iterable[Unit], *, notify_user: bool = False
) -> User:
    """Replace a user's roles and units. With `notify_user`, tell the person when either
    changed (bell and e-mail, in their language)."""
    role_groups_ensure()
    wanted_roles = {Role(r).value for r in roles}
    wanted_units = list(units)
    before = (set(user.groups.values_list("name", flat=True)), set(user.units.all()))
    user.groups.set(Group.objects.filter(name__in=wanted_roles))
    user.units.set(wanted_units)
    user.__dict__.pop("role_names", None)
    if notify_user and before != (wanted_roles, set(wanted_units)):
        from waishi.core.notifications import notify

        notify(
            [user],
            "core/notice/roles_changed",
            {
                "roles": [str(role.label) for role in user.roles],
                "units": [str(unit) for unit in wanted_units],
            },
            url="/profile/",
            kind="roles_changed",
        )
    return user


@transaction.atomic
def user_create(
    *,
    username: str,
    password: str | None = None,
    email: str = "",
    full_name: str = "",
    roles: Iterable[Role | str] = (),
    units: Iterable[Unit] = (),
    **extra: Any,
) -> User:
    user = User(username=username, email=email, full_name=full_name, **extra)
    if password:
        user.set_password(password)
    else:
        # The person sets their own password through "forgot password".
        user.set_unusable_password()
    user.save()
    return user_set_roles_and_units(user, roles, units)


@transaction.atomic
def administrator_ensure(username: str = "admin", password: str | None = None) -> str | None:
    """Create the first administrator when there is none; return the new password, or None
    when an administrator already exists (nothing is changed then)."""
    role_groups_ensure()
    if User.objects.filter(is_superuser=True).exists():
        return None
    password = password or secrets.token_urlsafe(12)
    user_create(
        username=username,
        password=password,
        full_name="Administrator",
        roles=[Role.ADMINISTRATOR, Role.OFFICE_STAFF],
        is_staff=True,
        is_superuser=True,
    )
    return password


@transaction.atomic
def units_load_starting(path: Path = STARTING_UNITS) -> tuple[int, int]:
    """Load the home university's units from the starting data file. Units that exist (by
    code) are left as users edited them, but that a unit gets the duty the file gives it when
    no unit holds that duty yet (one loaded before units had duties). Returns (created, kept)."""
    data = json.loads(path.read_text(encoding="utf-8"))
    created = kept = 0

    def load(items: list[dict[str, Any]], parent: Unit | None) -> None:
        nonlocal created, kept
        for item in items:
            duty = item.get("duty", "")
            if duty and Unit.objects.filter(duty=duty).exists():
                duty = ""  # another unit holds it: users chose so
            unit, was_created = Unit.objects.get_or_create(
                code=item["code"],
                defaults={
                    "name_zh": item["name_zh"],
                    "name_en": item.get("name_en", ""),
                    "kind": item.get("kind", UnitKind.COLLEGE),
                    "parent": parent,
                    "duty": duty,
                },
            )
            if duty and not was_created and not unit.duty:
                unit.duty = duty
                unit.save(update_fields=["duty"])
            created += was_created
            kept += not was_created
            load(item.get("children", []), unit)

    load(data, None)
    return created, kept


def unit_deactivate(unit: Unit) -> Unit:
    """Units are never deleted: records keep pointing at them."""
    unit.is_active = False
    unit.save(update_fields=["is_active"])
    return unit


@transaction.atomic
def policy_set(key: str, raw: str, *, by: User | None) -> str:
    """Change one office rule: `raw` is checked against the rule's type and bounds
    (ValidationError naming the rule when it does not fit) and stored in its plain form; the
    history keeps who changed it from what. Returns the value as shown."""
    rule = policy.rule_of(key)
    value = rule.parse(raw)
    stored = rule.dump(value)  # type: ignore[arg-type]  # parse and dump of one rule agree
    row = PolicyValue.objects.select_for_update().filter(key=key).first() or PolicyValue(key=key)
    if row.pk is None or row.value != stored:
        row.value = stored
        history_by(row, by)
        row.save()
    return stored
