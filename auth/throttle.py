"""A per-client throttle for sign-in: too many failed attempts from one address within a window
refuse further attempts from it for a while, before any password check.

The username lockout (auth.accounts) stops guessing one account; this stops one client trying
many accounts (or a name that does not exist). Kept in the process's memory: nginx keeps a browser
on one replica, so each replica counts the clients it serves; a restart forgets (the username
lockout, in the database, does not). No Streamlit, no database.
"""
from __future__ import annotations

import datetime as dt
import threading
from collections import deque

from config import auth as policy


class ClientThrottle:
    """Failed sign-ins per client address in a sliding window (config.auth CLIENT_MAX_FAILURES
    within CLIENT_WINDOW); `blocked_until` says until when an address is refused."""

    def __init__(self, max_failures: int = policy.CLIENT_MAX_FAILURES,
                 window: dt.timedelta = policy.CLIENT_WINDOW, max_clients: int = 10_000) -> None:
        self.max_failures = max_failures
        self.window = window
        self.max_clients = max_clients
        self._failures: dict[str, deque[dt.datetime]] = {}
        self._lock = threading.Lock()

    def _recent(self, client: str, now: dt.datetime) -> deque[dt.datetime]:
        times = self._failures.get(client, deque())
        while times and times[0] <= now - self.window:
            times.popleft()
        return times

    def blocked_until(self, client: str, now: dt.datetime) -> dt.datetime | None:
        """When `client` may try again, or None when it may try now."""
        with self._lock:
            times = self._recent(client, now)
            if len(times) < self.max_failures:
                return None
            return times[-self.max_failures] + self.window

    def record_failure(self, client: str, now: dt.datetime) -> None:
        with self._lock:
            if client not in self._failures and len(self._failures) >= self.max_clients:
                # a flood of addresses: drop the ones with nothing recent left
                for stale in [c for c in self._failures if not self._recent(c, now)]:
                    del self._failures[stale]
            times = self._recent(client, now)
            times.append(now)
            self._failures[client] = times

    def clear(self) -> None:
        with self._lock:
            self._failures.clear()


THROTTLE = ClientThrottle()  # the process's one throttle (auth.gate)


def client_address(peer: str | None, headers, trusted_proxies: frozenset[str]) -> str:
    """The client's address: the websocket peer, or, when the peer is a trusted proxy (nginx on
    loopback by default), the address the proxy forwards: the last X-Forwarded-For entry that is
    not itself a trusted proxy, else X-Real-IP. Headers from anyone else are ignored (spoofable).

    `peer` is Streamlit's st.context.ip_address, which is None for a loopback peer.
    """
    peer = peer or "127.0.0.1"
    if peer not in trusted_proxies:
        return peer
    forwarded = (headers.get("X-Forwarded-For") or "") if headers is not None else ""
    for hop in reversed([h.strip() for h in forwarded.split(",") if h.strip()]):
        if hop not in trusted_proxies:
            return hop
    real = (headers.get("X-Real-IP") or "").strip() if headers is not None else ""
    return real or peer
