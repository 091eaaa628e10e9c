"""The server route that sets the sign-in cookie (auth.cookie_route): HttpOnly, SameSite=Strict,
Secure only behind TLS (directly or as a trusted proxy's X-Forwarded-Proto), once per handoff."""
from __future__ import annotations

import datetime as dt

import asyncio

import pytest
from starlette.requests import Request

from auth import cookie_route
from config import settings as settings_module


class _Client:
    """GET requests to the route from peer 10.0.0.9, as Starlette hands them to the endpoint."""

    def get(self, path: str, headers: dict[str, str] | None = None):
        route = cookie_route.routes()[0]
        matched, child = route.matches({"type": "http", "path": path, "method": "GET"})
        if matched.name != "FULL":
            return type("R", (), {"status_code": 404})()
        scope = {"type": "http", "method": "GET", "path": path, "scheme": "http", "server": ("dash", 80),
                 "client": ("10.0.0.9", 5555), "query_string": b"", "root_path": "",
                 "headers": [(k.lower().encode(), v.encode()) for k, v in (headers or {}).items()], **child}
        return asyncio.run(cookie_route.cookie_endpoint(Request(scope)))


@pytest.fixture
def client(monkeypatch):
    monkeypatch.setenv("DASHBOARD_TRUSTED_PROXIES", "10.0.0.9")  # the peer above is the proxy
    settings_module.get_settings.cache_clear()
    yield _Client()
    settings_module.get_settings.cache_clear()


def test_cookie_is_httponly_strict_and_works_once(client):
    expires = dt.datetime(2016, 8, 11, 9, 0, tzinfo=dt.UTC)
    path = cookie_route.offer("seoul_comm_dash", "tok.en.value", expires)
    assert not cookie_route.delivered(path)
    response = client.get(path)
    assert response.status_code == 200 and response.media_type == "image/gif"
    header = response.headers["set-cookie"]
    assert header.startswith("seoul_comm_dash=tok.en.value; Path=/; HttpOnly; SameSite=Strict")
    assert "Expires=Thu, 11 Aug 2016 09:00:00 GMT" in header
    assert "Secure" not in header  # plain http, no forwarded https
    assert cookie_route.delivered(path)
    assert client.get(path).status_code == 404  # one time only
    assert client.get(cookie_route.ROUTE_PREFIX + "made-up").status_code == 404


def test_secure_behind_tls_proxy_only_when_trusted(client, monkeypatch):
    path = cookie_route.offer("seoul_comm_dash", "v", None)
    assert "Secure" in client.get(path, headers={"X-Forwarded-Proto": "https"}).headers["set-cookie"]
    monkeypatch.setenv("DASHBOARD_TRUSTED_PROXIES", "127.0.0.1")
    settings_module.get_settings.cache_clear()
    path = cookie_route.offer("seoul_comm_dash", "v", None)
    assert "Secure" not in client.get(path, headers={"X-Forwarded-Proto": "https"}).headers["set-cookie"]


def test_delete_expires_the_cookie(client):
    header = client.get(cookie_route.offer("seoul_comm_dash", "", None)).headers["set-cookie"]
    assert header.startswith("seoul_comm_dash=; Path=/; HttpOnly; SameSite=Strict") and "Max-Age=0" in header
