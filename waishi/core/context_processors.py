from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import NoReverseMatch

from waishi.core import fragments, navigation
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
    The staff parts are computed only when read: the staff layout caches them
    (`fragment_key`, see `waishi.core.fragments`)."""
    chinese = is_chinese()
    user = getattr(request, "user", None)
    context: dict[str, Any] = {
        "institution_name": settings.HOME_INSTITUTION_NAME_ZH
        if chinese
        else settings.HOME_INSTITUTION_NAME_EN,
        "office_name": settings.OFFICE_NAME_ZH if chinese else settings.OFFICE_NAME_EN,
        "fragment_timeout": fragments.TIMEOUT,
        "fragment_key": fragments.lazy_staff_key(request),
    }
    if user is not None and user.is_authenticated:
        nav = fragments.deferred(lambda: _navigation(request))
        context["nav"] = nav
        context["user_roles"] = fragments.deferred(lambda: roles_display(user))
        context["unread_notifications"] = fragments.deferred(lambda: unread_count(user))
    return context
