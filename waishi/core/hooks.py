"""What later apps do when an account is made, without core importing them (imports run one
way, DESIGN.md).

- `register_account_created(fn)`: fn(user) -> None, called inside `user_create`'s transaction
  (people links the account to its `Person`, or makes one).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from waishi.core.models import User

_account_created: list[Callable[[User], None]] = []


def register_account_created(fn: Callable[[User], None]) -> None:
    if fn not in _account_created:
        _account_created.append(fn)


def account_created(user: User) -> None:
    for fn in _account_created:
        fn(user)
