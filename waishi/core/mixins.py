from typing import Any

from django.contrib.auth.mixins import LoginRequiredMixin
from rules.contrib.views import PermissionRequiredMixin


class RulePermissionMixin(LoginRequiredMixin, PermissionRequiredMixin):
    """The door of every staff page: an anonymous visitor goes to the log-in page, a user
    without the named permission gets 403, and a record outside the user's
    `..._for_user()` rows is 404 (the views take their querysets from there)."""

    def get_permission_object(self) -> Any:
        # Row scope comes from the for_user query; the permission names a role's right.
        return None
