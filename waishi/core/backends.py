"""How a request finds its logged-in user."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend


class AccountBackend(ModelBackend):
    """Django's own backend (passwords, `is_active`), but the logged-in user of a request is
    read from the database once per change, not once per request: any change to a user (a
    new password, leaving, roles) replaces the version the copy is kept under
    (`waishi.core.fragments`)."""

    def get_user(self, user_id: Any) -> Any:
        from waishi.core import fragments

        def load() -> Any:
            return super(AccountBackend, self).get_user(user_id)

        return fragments.staff.remembered(f"user:{user_id}", load)
