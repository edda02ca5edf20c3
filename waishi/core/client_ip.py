"""The address of the person at the other end, for the login lockout (django-axes).

Behind a reverse proxy every request comes from the proxy's address, so the lockout would
count everyone together. The proxy passes the client's address in a header
(`TRUSTED_PROXY_HEADER`, e.g. `X-Forwarded-For`), but anyone can send that header: it is read
only when the request itself comes from one of the `TRUSTED_PROXIES`, and then only the entry
that our own proxies wrote (each of the `TRUSTED_PROXY_COUNT` proxies appends the address it
saw, so the client's is that many entries from the right; what the client wrote further left is
ignored).
"""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def _address(text: str) -> str | None:
    try:
        return str(ipaddress.ip_address(text.strip()))
    except ValueError:
        return None


def _from_trusted_proxy(remote: str | None) -> bool:
    if remote is None:
        return False
    address = ipaddress.ip_address(remote)
    return any(address in network for network in settings.TRUSTED_PROXIES)


def client_address(request: HttpRequest) -> str | None:
    """The client's IP address: the proxy's header when the request came through a trusted
    proxy, the connection's own address otherwise."""
    remote = _address(request.META.get("REMOTE_ADDR", ""))
    header = settings.TRUSTED_PROXY_HEADER
    if not header or not _from_trusted_proxy(remote):
        return remote
    entries = [entry for entry in request.META.get(header, "").split(",") if entry.strip()]
    if len(entries) < settings.TRUSTED_PROXY_COUNT:
        return remote
    return _address(entries[-settings.TRUSTED_PROXY_COUNT]) or remote
