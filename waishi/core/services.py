"""Writes of units and accounts."""

from __future__ import annotations

import json
import secrets
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth.models import Group
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from waishi.core import hooks, policy
from waishi.core.enums import Role, UnitKind
from waishi.core.history import history_by
from waishi.core.models import PolicyValue, Unit, User
from waishi.core.names import is_chinese

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
                # Lazy labels and the units themselves: each recipient's notice names them
                # in the recipient's language.
                "roles": [role.label for role in user.roles],
                "units": wanted_units,
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
    invite: bool = False,
    **extra: Any,
) -> User:
    """Make an account, with its `Person` (through `hooks.account_created`). Without a
    password the person chooses one: with `invite`, an invitation with a one-time link goes
    to `email` once the account is saved."""
    user = User(username=username, email=email, full_name=full_name, **extra)
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.save()
    user_set_roles_and_units(user, roles, units)
    hooks.account_created(user)
    if invite and user.email:
        transaction.on_commit(lambda: user_password_link_send(user))
    return user


def password_link(user: User) -> str:
    """The full address of a one-time link to set `user`'s password. Django's token
    generator: the link stops working once the password is set (or the person logs in), and
    after PASSWORD_RESET_TIMEOUT."""
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    path = reverse("core:password.reset.confirm", kwargs={"uidb64": uid, "token": token})
    return f"{settings.SITE_URL.rstrip('/')}{path}"


def user_password_link_send(user: User) -> bool:
    """E-mail `user` a one-time link to set a password, in their language: an invitation
    while the account has no usable password yet, a reset otherwise. Returns False (and sends
    nothing) for an inactive account or one without an address."""
    if not user.is_active or not user.email:
        return False
    kind = "password_reset" if user.has_usable_password() else "invitation"
    days = max(1, settings.PASSWORD_RESET_TIMEOUT // (24 * 3600))
    with translation.override(user.language or settings.LANGUAGE_CODE):
        context = {
            "recipient": user,
            "link": password_link(user),
            "days": days,
            "site_url": settings.SITE_URL.rstrip("/"),
            "institution_name": (
                settings.HOME_INSTITUTION_NAME_ZH
                if is_chinese()
                else settings.HOME_INSTITUTION_NAME_EN
            ),
        }
        subject = render_to_string(f"core/mail/{kind}_subject.txt", context).strip()
        body = render_to_string(f"core/mail/{kind}_body.txt", context).strip()
    send_mail(subject, body, None, [user.email], fail_silently=False)
    return True


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
        # No name in either language: the pages greet the account without one.
        full_name="",
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
