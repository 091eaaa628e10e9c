"""Two replicas behind nginx, as deployed (README "Deploying"): deploy/nginx.conf itself, on loopback.

One PostgreSQL database loaded once, two `streamlit run app.py` replicas on free ports with one shared
DASHBOARD_COOKIE_KEY (and one server.cookieSecret), and nginx on free ports running deploy/nginx.conf
with only its ports and certificate paths rewritten (a throwaway self-signed certificate made with
openssl): everything goes over TLS, plain HTTP only redirects, every response carries the security
headers and `dash_route` is Secure. Through nginx an executive signs in and opens every page they may;
nginx's access log (which names the replica that served each request) shows that each browser stays
on one replica, websocket included, and that both replicas serve signed-in pages; a cookie issued
through one replica signs the browser in on the other.
"""
from __future__ import annotations

import os
import re
import secrets
import shutil
import ssl
import subprocess
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import expect

from config.auth import EXECUTIVE, allowed_pages, start_page
from config.pages import PAGES
from tests import pg
from tests.e2e.conftest import (
    CHROMIUM,
    CHROMIUM_ARGS,
    ROOT,
    AppServer,
    free_port,
    screenshot,
    sign_in,
    stop_process,
    wait_for_app,
)

pytestmark = pytest.mark.e2e

SITE_CONF = ROOT / "deploy" / "nginx.conf"
ROUTE_COOKIE = "dash_route"
FIRST_RUN_MS = 120_000  # the first script run of a fresh replica imports everything

# One figure of the 2016 report per page (by URL path), to know the page really rendered.
FIGURES = {
    "overview": "53.07%",
    "budget": "41,018",
    "complaints": "72,168",
    "citizen-hall": "6,276,585",
    "brand": "1,788,628",
    "sns": "158천명",
    "divisions": "12,198",
    "data-status": "2016. 8. 10.",
}
EXEC_PAGES = [p for p in PAGES if p.key in allowed_pages(EXECUTIVE)]


def page_url_path(page) -> str:
    """The URL path of a page for the executive: their start page is the app's root."""
    return "" if page.key == start_page(EXECUTIVE) else page.url_path


# --- nginx ---------------------------------------------------------------------------------------

def render_site(conf: str, listen_port: int, upstream_ports: list[int], *, http_port: int, cert: Path,
                key: Path) -> str:
    """deploy/nginx.conf with its listen ports, its replicas' ports and the certificate paths replaced
    (a throwaway self-signed certificate instead of the city's); nothing else changes."""
    servers = re.findall(r"^[ \t]*server 127\.0\.0\.1:\d+[^;\n]*;[ \t]*\n", conf, flags=re.M)
    assert len(servers) >= 2, "deploy/nginx.conf should list at least two replicas"
    options = re.match(r"\s*server 127\.0\.0\.1:\d+([^;]*);", servers[0]).group(1)
    rendered = "".join(f"    server 127.0.0.1:{port}{options};\n" for port in upstream_ports)
    conf = conf.replace("".join(servers), rendered, 1)
    assert rendered in conf, "the replicas' server lines in deploy/nginx.conf should stand together"
    conf, listens = re.subn(r"^(\s*)listen 80;", rf"\1listen 127.0.0.1:{http_port};", conf, flags=re.M)
    assert listens == 1, "deploy/nginx.conf should have one `listen 80;` (the redirect to HTTPS)"
    conf, listens = re.subn(r"^(\s*)listen 443 ssl;", rf"\1listen 127.0.0.1:{listen_port} ssl;", conf, flags=re.M)
    assert listens == 1, "deploy/nginx.conf should have one `listen 443 ssl;`"
    conf, certs = re.subn(r"^(\s*)ssl_certificate\s+\S+;", rf"\1ssl_certificate {cert};", conf, flags=re.M)
    conf, keys = re.subn(r"^(\s*)ssl_certificate_key\s+\S+;", rf"\1ssl_certificate_key {key};", conf, flags=re.M)
    assert certs == keys == 1
    return conf


def self_signed_certificate(workdir: Path) -> tuple[Path, Path]:
    """A throwaway certificate for 127.0.0.1 (openssl), valid one day."""
    cert, key = workdir / "test.crt", workdir / "test.key"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1",
                    "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", str(key), "-out", str(cert)],
                   check=True, capture_output=True)
    return cert, key


def main_conf(workdir: Path, site: Path) -> str:
    """A top-level nginx.conf that keeps everything (pid, logs, temp files) in `workdir`."""
    user = "user root;\n" if os.geteuid() == 0 else ""  # workers must write the temp dirs in workdir
    temp = "".join(f"    {name}_temp_path {workdir / name};\n"
                   for name in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    return f"""{user}daemon off;
worker_processes 1;
pid {workdir / 'nginx.pid'};
error_log {workdir / 'error.log'} info;
events {{ worker_connections 512; }}
http {{
    # Which replica served each request, and for which route cookie (the websocket's line is
    # written when it closes).
    log_format routed '$dashboard_route|$upstream_addr|$status|$request_method|$uri';
    access_log {workdir / 'access.log'} routed;
{temp}    include {site};
}}
"""


@dataclass
class LogLine:
    route: str
    upstream: str
    status: int
    method: str
    uri: str


class Nginx:
    def __init__(self, binary: str, workdir: Path, upstream_ports: list[int]):
        self.binary = binary
        self.workdir = workdir
        self.port, self.http_port = free_port(), free_port()
        self.url = f"https://127.0.0.1:{self.port}"
        self.http_url = f"http://127.0.0.1:{self.http_port}"
        self.cert, key = self_signed_certificate(workdir)
        self.tls = ssl.create_default_context(cafile=str(self.cert))
        site = workdir / "site.conf"
        site.write_text(render_site(SITE_CONF.read_text(), self.port, upstream_ports, http_port=self.http_port,
                                    cert=self.cert, key=key))
        self.conf = workdir / "nginx.conf"
        self.conf.write_text(main_conf(workdir, site))
        self.access_log = workdir / "access.log"
        self.proc: subprocess.Popen | None = None

    def _args(self) -> list[str]:
        return [self.binary, "-p", str(self.workdir), "-c", str(self.conf), "-e", str(self.workdir / "error.log")]

    def start(self) -> None:
        check = subprocess.run([*self._args(), "-t"], capture_output=True, text=True)
        assert check.returncode == 0, f"nginx -t refused the rendered config:\n{check.stderr}"
        self.proc = subprocess.Popen(self._args(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"nginx exited with {self.proc.returncode}:\n{self.error_log()}")
            try:
                with urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=2, context=self.tls) as response:
                    if response.status == 200:
                        return
            except OSError:
                pass
            time.sleep(0.2)
        raise TimeoutError(f"nginx did not answer on {self.url}:\n{self.error_log()}")

    def stop(self) -> None:
        stop_process(self.proc)

    def error_log(self) -> str:
        path = self.workdir / "error.log"
        return path.read_text()[-3000:] if path.exists() else ""

    def log(self) -> list[LogLine]:
        lines = []
        for raw in self.access_log.read_text().splitlines():
            route, upstream, status, method, uri = raw.split("|", 4)
            lines.append(LogLine(route, upstream, int(status), method, uri))
        return lines

    def get(self, path: str, route: str | None = None):
        status, headers = self.head(path, route)
        return status, headers.get_all("Set-Cookie") or []

    def head(self, path: str, route: str | None = None):
        """(status, headers) of a GET over TLS, the certificate checked against the test's own."""
        request = urllib.request.Request(f"{self.url}{path}")
        if route:
            request.add_header("Cookie", f"{ROUTE_COOKIE}={route}")
        with urllib.request.urlopen(request, timeout=10, context=self.tls) as response:
            return response.status, response.headers


@dataclass
class Cluster:
    nginx: Nginx
    replicas: list[AppServer]

    def replica_at(self, upstream: str) -> AppServer:
        return next(r for r in self.replicas if upstream == f"127.0.0.1:{r.port}")

    def upstreams_of(self, route: str) -> set[str]:
        return {line.upstream for line in self.nginx.log() if line.route == route}


# --- fixtures ------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def nginx_binary() -> str:
    binary = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
    if binary is None:
        pytest.fail("nginx is not installed: run `make system-deps`")
    return binary


@pytest.fixture(scope="module")
def database_url():
    url = pg.database_or_skip("dash_deploy", "the two-replica test")
    yield url
    pg.drop_database(url.rsplit("/", 1)[1])


@pytest.fixture(scope="module")
def cluster(database_url, nginx_binary, tmp_path_factory):
    # One sign-in key and one Streamlit cookie secret for every replica, as in production.
    shared = {"DASHBOARD_COOKIE_KEY": secrets.token_urlsafe(32),
              "STREAMLIT_SERVER_COOKIE_SECRET": secrets.token_urlsafe(32)}
    replicas = [AppServer(database_url, shared), AppServer(database_url, shared)]
    nginx = None
    try:
        replicas[0].prepare()  # the demo data, loaded once into the one database
        with ThreadPoolExecutor(len(replicas)) as pool:  # start side by side: each warms up for seconds
            list(pool.map(AppServer.start, replicas))
        nginx = Nginx(nginx_binary, tmp_path_factory.mktemp("nginx"), [r.port for r in replicas])
        nginx.start()
        yield Cluster(nginx, replicas)
    finally:
        if nginx:
            nginx.stop()
        for replica in replicas:
            replica.stop()


@pytest.fixture(scope="module")
def browser():
    """Module-scoped (the browser tests' fixture is session-scoped: two Playwright instances at once fail)."""
    if not Path(CHROMIUM).exists() and not shutil.which("chromium"):
        pytest.fail("Chromium is not installed: run `make system-deps`")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def exec_context(cluster, browser):
    """A browser signed in as `exec` through nginx (module-wide, so the pages share one sign-in)."""
    context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="ko-KR", ignore_https_errors=True)
    page = context.new_page()
    sign_in(page, cluster.nginx.url, "exec")
    yield context, page
    context.close()


def route_of(context) -> str:
    return next(c["value"] for c in context.cookies() if c["name"] == ROUTE_COOKIE)


def route_to(cluster: Cluster, upstream: str) -> str:
    """A dash_route value that nginx hashes to `upstream` (found by asking nginx and reading its log)."""
    for n in range(200):
        route = f"probe-{n}"
        cluster.nginx.get("/_stcore/health", route)
        if cluster.upstreams_of(route) == {upstream}:
            return route
    raise AssertionError(f"no route hashes to {upstream}")


def expect_signed_in_page(page, path: str, timeout: float = 30_000) -> None:
    """The page at `path` rendered for a signed-in user: its content, no login form, no exception."""
    main = page.get_by_test_id("stMain")
    if path == "wall":
        expect(page.get_by_test_id("stMetric").first).to_be_visible(timeout=timeout)
    elif path in FIGURES:
        expect(main).to_contain_text(FIGURES[path], timeout=timeout)
    else:  # a page added later: at least a heading
        expect(main.get_by_test_id("stHeading").first).to_be_visible(timeout=timeout)
    expect(page.locator("input[type=password]")).to_have_count(0)
    expect(page.get_by_test_id("stException")).to_have_count(0)


# --- tests ---------------------------------------------------------------------------------------

def test_nginx_pins_each_browser_to_one_replica_with_its_own_cookie(cluster):
    """A request without dash_route gets one; with it, every request goes to the same replica; and
    the routes spread over both replicas."""
    status, cookies = cluster.nginx.get("/_stcore/health")
    assert status == 200
    route_cookies = [c for c in cookies if c.startswith(f"{ROUTE_COOKIE}=")]
    assert len(route_cookies) == 1, cookies
    route = route_cookies[0].split(";")[0].split("=", 1)[1]
    assert "HttpOnly" in route_cookies[0] and "Path=/" in route_cookies[0] and "Secure" in route_cookies[0]

    for _ in range(5):
        status, cookies = cluster.nginx.get("/_stcore/health", route)
        assert status == 200
        assert not any(c.startswith(f"{ROUTE_COOKIE}=") for c in cookies), "the cookie is set once"
    # The first request (no cookie yet) was routed by the very value the cookie then carries.
    assert len(cluster.upstreams_of(route)) == 1

    upstreams = {f"127.0.0.1:{r.port}" for r in cluster.replicas}
    for upstream in upstreams:
        assert cluster.upstreams_of(route_to(cluster, upstream)) == {upstream}


@pytest.mark.parametrize("page_def", EXEC_PAGES, ids=[p.key for p in EXEC_PAGES])
def test_exec_signs_in_and_opens_every_page_through_nginx(cluster, exec_context, page_def):
    """Every page the executive may open renders through nginx: the script runs over the websocket
    that nginx upgraded, so the figures on screen prove the websocket path works."""
    _, page = exec_context
    path = page_url_path(page_def)
    page.goto(f"{cluster.nginx.url}/{path}")
    wait_for_app(page, timeout=FIRST_RUN_MS)
    expect_signed_in_page(page, page_def.url_path)
    if path:
        assert page.url.split("?")[0].rstrip("/").endswith(path), page.url
    if page_def.key in ("budget", "wall"):
        screenshot(page, f"deploy-nginx-{page_def.url_path}")


def test_the_other_replica_accepts_the_cookie_and_serves_through_nginx(cluster, browser, exec_context):
    """The sign-in cookie issued through replica X signs the browser in on replica Y, both directly
    and through nginx; each browser's requests, websocket included, stayed on its own replica."""
    context, _ = exec_context
    route = route_of(context)
    served = cluster.upstreams_of(route)
    assert len(served) == 1, f"the signed-in browser's requests went to {served}"
    (home,) = served
    other = next(r for r in cluster.replicas if f"127.0.0.1:{r.port}" != home)
    other_upstream = f"127.0.0.1:{other.port}"

    # Straight to the other replica's port (cookies are per host, not per port): signed in from the cookie.
    direct = context.new_page()
    direct.goto(f"{other.url}/budget")
    wait_for_app(direct, timeout=FIRST_RUN_MS)
    expect_signed_in_page(direct, "budget", timeout=FIRST_RUN_MS)
    direct.close()

    # Through nginx, a second browser with the same sign-in cookie, pinned to the other replica.
    state = context.storage_state()
    other_route = route_to(cluster, other_upstream)
    state["cookies"] = [c for c in state["cookies"] if c["name"] != ROUTE_COOKIE]
    state["cookies"].append({"name": ROUTE_COOKIE, "value": other_route, "domain": "127.0.0.1", "path": "/",
                             "expires": -1, "httpOnly": True, "secure": False, "sameSite": "Lax"})
    second = browser.new_context(viewport={"width": 1366, "height": 768}, locale="ko-KR", storage_state=state,
                                 ignore_https_errors=True)
    page = second.new_page()
    page.goto(f"{cluster.nginx.url}/complaints")
    wait_for_app(page, timeout=FIRST_RUN_MS)
    expect_signed_in_page(page, "complaints", timeout=FIRST_RUN_MS)
    second.close()  # closes its websocket, so nginx writes the websocket's log line

    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        streams = [line for line in cluster.nginx.log() if line.route == other_route and line.uri == "/_stcore/stream"]
        if streams:
            break
        time.sleep(0.2)
    assert streams and all(line.status == 101 for line in streams), streams
    assert cluster.upstreams_of(other_route) == {other_upstream}
    assert cluster.upstreams_of(route) == {home}


def test_plain_http_redirects_to_https(cluster):
    """Port 80 answers every path with a permanent redirect to the same path over HTTPS, and serves nothing."""
    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    opener = urllib.request.build_opener(NoRedirect)
    with pytest.raises(urllib.error.HTTPError) as raised:
        opener.open(f"{cluster.nginx.http_url}/budget?lang=en", timeout=10)
    assert raised.value.code == 301
    assert raised.value.headers["Location"] == "https://127.0.0.1/budget?lang=en"


def test_security_headers_over_tls(cluster):
    """Every HTTPS response carries HSTS, nosniff, no framing by other sites and a referrer policy."""
    for path in ("/", "/_stcore/health", "/no-such-file.js"):
        try:
            _status, headers = cluster.nginx.head(path)
        except urllib.error.HTTPError as error:  # an error page must carry them too
            headers = error.headers
        assert headers["Strict-Transport-Security"] == "max-age=31536000"
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["X-Frame-Options"] == "SAMEORIGIN"
        assert "frame-ancestors 'self'" in headers["Content-Security-Policy"]
        assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
