"""What later apps do when an account is made, and what they know of its holder, without core
importing them (imports run one way, ARCHITECTURE.md).

- `register_account_created(fn)`: fn(user) -> None, called inside `user_create`'s transaction
  (people links the account to its `Person`, or makes one).
- `register_account_name(fn)`: fn(user) -> str, the account holder's name in the active
  language, or "" (people: the name of the account's `Person`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from waishi.core.models import User

_account_created: list[Callable[[User], object]] = []
_account_name: list[Callable[[User], str]] = []


def register_account_created(fn: Callable[[User], object]) -> None:
    if fn not in _account_created:
        _account_created.append(fn)


def account_created(user: User) -> None:
    for fn in _account_created:
        fn(user)


def register_account_name(fn: Callable[[User], str]) -> None:
    if fn not in _account_name:
        _account_name.append(fn)


def account_name(user: User) -> str:
    """How to address the account's holder on a page in the active language: the first name a
    later app knows in it, else the account's full name; "" when no name is known (a user
    name is not a name)."""
    for fn in _account_name:
        if name := fn(user):
            return name
    return user.full_name
