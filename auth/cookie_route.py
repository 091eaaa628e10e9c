"""The sign-in cookie set by the server: HttpOnly, SameSite=Strict, Secure behind TLS.

A Streamlit script talks to the browser over its websocket and cannot send an HTTP header, so
the gate hands the signed cookie value to this process under a one-time random id and renders a
1-pixel image whose address is that id; the browser fetches it as a normal same-origin request
and this route answers with the `Set-Cookie` header (and takes the id out: it works once, within
HANDOFF_SECONDS). Sign-out deletes the cookie the same way. No script can read the cookie.

`asgi.py` mounts ROUTES on Streamlit's st.App and turns `enabled` on; under a plain
`streamlit run app.py` (no routes) the gate falls back to writing the cookie through
streamlit-authenticator's cookie component (not HttpOnly). Secure: when the request reached the
server over https, or a trusted proxy (DASHBOARD_TRUSTED_PROXIES) says so in X-Forwarded-Proto.
"""
from __future__ import annotations

import datetime as dt
import secrets
import threading
import time
from dataclasses import dataclass
from email.utils import format_datetime

ROUTE_PREFIX = "/_dash/cookie/"
HANDOFF_SECONDS = 120
# a transparent 1x1 GIF: what an <img> expects
PIXEL = bytes.fromhex("47494638396101000100800000000000ffffff21f90401000000002c00000000010001000002024401003b")
enabled = False  # set by asgi.py when ROUTES are mounted


@dataclass
class _Handoff:
    name: str
    value: str  # "" deletes
    expires_at: dt.datetime | None
    created: float
    taken: bool = False


_handoffs: dict[str, _Handoff] = {}
_lock = threading.Lock()


def _prune(now: float) -> None:
    for key in [k for k, h in _handoffs.items() if now - h.created > HANDOFF_SECONDS]:
        del _handoffs[key]


def offer(name: str, value: str, expires_at: dt.datetime | None) -> str:
    """Queue a cookie (value "" deletes it) for the browser; returns the image address to render."""
    key = secrets.token_urlsafe(24)
    now = time.monotonic()
    with _lock:
        _prune(now)
        _handoffs[key] = _Handoff(name, value, expires_at, now)
    return ROUTE_PREFIX + key


def delivered(path: str) -> bool:
    """Whether the browser has fetched the image at `path` (so it holds the cookie)."""
    with _lock:
        handoff = _handoffs.get(path.removeprefix(ROUTE_PREFIX))
        return handoff is not None and handoff.taken


def _take(key: str) -> _Handoff | None:
    now = time.monotonic()
    with _lock:
        _prune(now)
        handoff = _handoffs.get(key)
        if handoff is None or handoff.taken:
            return None
        handoff.taken = True  # kept until pruned, so the gate can see it was delivered
        return handoff


def cookie_header(handoff: _Handoff, *, secure: bool) -> str:
    parts = [f"{handoff.name}={handoff.value}", "Path=/", "HttpOnly", "SameSite=Strict"]
    if handoff.value and handoff.expires_at is not None:
        parts.append("Expires=" + format_datetime(handoff.expires_at.astimezone(dt.UTC), usegmt=True))
    if not handoff.value:
        parts.append("Max-Age=0")
    if secure:
        parts.append("Secure")
    return "; ".join(parts)


def request_is_https(scheme: str, peer: str | None, forwarded_proto: str | None,
                     trusted_proxies: frozenset[str]) -> bool:
    if scheme == "https":
        return True
    return (peer or "") in trusted_proxies and (forwarded_proto or "").split(",")[0].strip().lower() == "https"


async def cookie_endpoint(request):
    from starlette.responses import Response

    from config.settings import get_settings

    handoff = _take(request.path_params["key"])
    if handoff is None:
        return Response(status_code=404, headers={"Cache-Control": "no-store"})
    secure = request_is_https(request.url.scheme, request.client.host if request.client else None,
                              request.headers.get("x-forwarded-proto"), get_settings().trusted_proxies)
    return Response(PIXEL, media_type="image/gif",
                    headers={"Set-Cookie": cookie_header(handoff, secure=secure), "Cache-Control": "no-store"})


def routes() -> list:
    from starlette.routing import Route

    return [Route(ROUTE_PREFIX + "{key}", cookie_endpoint, methods=["GET"])]
