"""The address a request came from, as far as the proxies in front of the portal can be trusted.

Behind a reverse proxy every connection comes from the proxy, so REMOTE_ADDR names the proxy. Each proxy
appends the address it was connected from to X-Forwarded-For; everything to the left of what our own proxies
wrote is whatever the client sent, and can be forged. With TRUSTED_PROXY_HOPS = n (the number of proxies in
front of gunicorn, set by the environment), the client is the n-th address from the right. With 0 (the
default: no proxy, or one that should not be trusted), the header is ignored.
"""

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def _address(value: str) -> str | None:
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        return None


def client_address(request: HttpRequest) -> str:
    remote = request.META.get("REMOTE_ADDR", "")
    hops = settings.TRUSTED_PROXY_HOPS
    if hops <= 0:
        return remote
    forwarded = [part for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if len(forwarded) < hops:
        # Fewer entries than proxies: the request did not come through all of them; nothing in it is ours.
        return remote
    return _address(forwarded[-hops]) or remote
