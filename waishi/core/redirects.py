"""Where to go after an action: the `next` a page names, only when it stays on this site.

A crafted link (`?next=https://evil.example`) must not send a user to another site after they
act, so every view that follows a `next` asks `next_or(request, fallback)`."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.http import url_has_allowed_host_and_scheme


def is_safe(request: HttpRequest, url: str) -> bool:
    """`url` is on this site (a path, or this host with the request's scheme or https)."""
    return bool(url) and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )


def next_or(request: HttpRequest, fallback: str) -> str:
    """The `next` of the form (POST) or the address (GET) when it is safe, else `fallback`."""
    wanted = request.POST.get("next") or request.GET.get("next") or ""
    return wanted if is_safe(request, wanted) else fallback
