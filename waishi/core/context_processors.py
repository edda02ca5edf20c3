from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import NoReverseMatch
from django.utils.functional import SimpleLazyObject

from waishi.core import navigation
from waishi.core.names import is_chinese
from waishi.core.permissions import roles_display
from waishi.core.queries import unread_count


def _navigation(request: HttpRequest) -> dict[str, Any]:
    entries = []
    for entry in navigation.entries_for(request.user):
        try:
            entries.append((entry, entry.url))
        except NoReverseMatch:
            continue
    current = request.path
    return {
        "work": [(e, u) for e, u in entries if e.section == "work"],
        "admin": [(e, u) for e, u in entries if e.section == "admin"],
        "current": max((u for _e, u in entries if current.startswith(u)), key=len, default=""),
    }


def shell(request: HttpRequest) -> dict[str, Any]:
    """What every page's layout shows: the institution, the navigation, the user's roles.
    The staff parts are computed only when a page reads them (public pages do not)."""
    chinese = is_chinese()
    user = getattr(request, "user", None)
    context: dict[str, Any] = {
        "institution_name": settings.HOME_INSTITUTION_NAME_ZH
        if chinese
        else settings.HOME_INSTITUTION_NAME_EN,
        "office_name": settings.OFFICE_NAME_ZH if chinese else settings.OFFICE_NAME_EN,
    }
    if user is not None and user.is_authenticated:
        context["nav"] = SimpleLazyObject(lambda: _navigation(request))
        context["user_roles"] = SimpleLazyObject(lambda: roles_display(user))
        context["unread_notifications"] = SimpleLazyObject(lambda: unread_count(user))
    return context
