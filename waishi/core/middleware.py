from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation

from waishi.core import fragments


class UserLanguageMiddleware:
    """A logged-in user's saved language wins over the browser's, unless this browser holds
    a language cookie (the switch on every page sets both)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and user.language
            and settings.LANGUAGE_COOKIE_NAME not in request.COOKIES
        ):
            translation.activate(user.language)
            request.LANGUAGE_CODE = user.language
        return self.get_response(request)


class StaffFragmentsMiddleware:
    """The staff fragments' version is read once a request; a request that may write (POST,
    PUT, PATCH, DELETE) replaces it after it is answered: this covers writes that send no
    signal (`QuerySet.update()`), see `waishi.core.fragments`."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        with fragments.staff.pinned():
            response = self.get_response(request)
            if request.method not in ("GET", "HEAD", "OPTIONS", "TRACE"):
                fragments.staff.bump()
        return response
