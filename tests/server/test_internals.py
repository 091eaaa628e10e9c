"""server.internals: every private Streamlit / streamlit-authenticator access is active on the
pinned versions (an upgrade that breaks one turns this red), and each guard degrades to doing
nothing with one warning when its internal is gone."""
from __future__ import annotations

import importlib.machinery
import logging
import shutil
from pathlib import Path

import pytest

from server import internals

ROOT = Path(__file__).resolve().parents[2]


def _pinned(name: str) -> str:
    for line in (ROOT / "requirements.txt").read_text().splitlines():
        if line.lower().startswith(f"{name}=="):
            return line.split("==", 1)[1].strip()
    raise AssertionError(f"{name} is not pinned")


def test_every_probe_is_active_on_the_pinned_versions():
    """The red test of an upgrade: README "Upgrading Streamlit" says what to check for each name."""
    from importlib.metadata import version

    assert version("streamlit") == _pinned("streamlit")
    assert version("streamlit-authenticator") == _pinned("streamlit-authenticator")
    assert {probe.name for probe in internals.PROBES} == {
        "session_storage", "pages_directory", "authenticator", "use_warning", "frontend_base_url",
        "config_options"}
    assert internals.inactive() == {}


@pytest.fixture(autouse=True)
def fresh_log_state(monkeypatch):
    monkeypatch.setattr(internals, "_LOGGED", set())


def _warnings(caplog) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name == "server.internals" and r.levelno == logging.WARNING]


def test_pages_directory_gone_makes_the_guards_do_nothing_and_warn_once(monkeypatch, caplog):
    from streamlit.runtime.pages_manager import PagesManager

    monkeypatch.delattr(PagesManager, "uses_pages_directory")
    assert "pages_directory" in internals.inactive()
    with caplog.at_level(logging.WARNING, logger="server.internals"):
        assert internals.route_by_navigation() is False
        assert internals.route_by_navigation() is False
        assert internals.in_pages_directory_mode() is False
    assert len(_warnings(caplog)) == 1 and "'pages_directory'" in _warnings(caplog)[0]


def test_route_by_navigation_leaves_pages_directory_mode(monkeypatch):
    from streamlit.runtime.pages_manager import PagesManager

    monkeypatch.setattr(PagesManager, "uses_pages_directory", True)
    assert internals.in_pages_directory_mode() is True
    assert internals.route_by_navigation() is True
    assert PagesManager.uses_pages_directory is False and internals.in_pages_directory_mode() is False


class _Cache:
    def __init__(self) -> None:
        self.expired = 0

    def expire(self) -> None:
        self.expired += 1


def _fake_runtime(monkeypatch, instance) -> None:
    from streamlit import runtime

    monkeypatch.setattr(runtime, "exists", lambda: True)
    monkeypatch.setattr(runtime, "get_instance", lambda: instance)


def test_expire_closed_sessions_reaches_the_session_cache(monkeypatch):
    cache = _Cache()
    storage = type("Storage", (), {"_cache": cache})()
    manager = type("Manager", (), {"_session_storage": storage})()
    _fake_runtime(monkeypatch, type("Runtime", (), {"_session_mgr": manager})())
    assert internals.expire_closed_sessions() is True and cache.expired == 1
    assert internals.inactive().get("session_storage") is None


def test_expire_closed_sessions_without_the_cache_does_nothing_and_warns_once(monkeypatch, caplog):
    _fake_runtime(monkeypatch, object())
    with caplog.at_level(logging.WARNING, logger="server.internals"):
        assert internals.expire_closed_sessions() is False
        assert internals.expire_closed_sessions() is False
    assert len(_warnings(caplog)) == 1 and "'session_storage'" in _warnings(caplog)[0]
    assert "session_storage" in internals.inactive()


def test_expire_closed_sessions_without_a_server_does_nothing_quietly(caplog):
    with caplog.at_level(logging.WARNING, logger="server.internals"):
        assert internals.expire_closed_sessions() is False
    assert _warnings(caplog) == []


def test_session_storage_probe_fails_when_streamlit_renames_the_manager_attribute(monkeypatch):
    from streamlit.runtime.runtime import Runtime

    def renamed(self, config):  # a Runtime whose __init__ no longer sets _session_mgr
        self._session_manager = config

    monkeypatch.setattr(Runtime, "__init__", renamed)
    assert "_session_mgr" in internals.inactive()["session_storage"]


@pytest.fixture
def library_copy(tmp_path, monkeypatch):
    """A copy of the installed streamlit-authenticator that the probe reads instead."""
    spec = importlib.util.find_spec("streamlit_authenticator")
    copy = tmp_path / "streamlit_authenticator"
    shutil.copytree(next(iter(spec.submodule_search_locations)), copy)
    fake = importlib.machinery.ModuleSpec("streamlit_authenticator", None, is_package=True)
    fake.submodule_search_locations = [str(copy)]
    monkeypatch.setattr(internals.importlib.util, "find_spec", lambda name: fake)
    assert internals.inactive().get("authenticator") is None
    return copy


def test_authenticator_probe_fails_when_a_hooked_method_is_renamed(library_copy):
    path = library_copy / "models" / "cookie_model.py"
    path.write_text(path.read_text().replace("def get_cookie(", "def read_cookie("))
    assert internals.inactive()["authenticator"] == "CookieModel has no get_cookie"


def test_authenticator_probe_fails_when_authenticate_sets_another_attribute(library_copy):
    path = library_copy / "views" / "authentication_view.py"
    text = path.read_text()
    assert "self.path = " in text
    path.write_text(text.replace("self.path = ", "self.credentials_path = ", 1))
    assert "Authenticate.__init__ sets" in internals.inactive()["authenticator"]


def test_authenticator_probe_fails_when_an_import_moves(library_copy):
    path = library_copy / "utilities" / "__init__.py"
    path.write_text(path.read_text().replace("Encryptor", "Cipher"))
    assert "no longer provides Encryptor" in internals.inactive()["authenticator"]


def test_authenticator_probe_does_not_import_the_library():
    """Importing it at start-up would register its components outside a script run (404)."""
    import subprocess
    import sys

    out = subprocess.run([sys.executable, "-c", "import sys\nfrom server import internals\n"
                          "print(internals._check_authenticator(), 'streamlit_authenticator' in sys.modules)"],
                         cwd=ROOT, capture_output=True, text=True, timeout=60, check=True).stdout.split()
    assert out == ["None", "False"]


def test_config_probe_names_an_option_streamlit_no_longer_knows(tmp_path):
    path = tmp_path / "config.toml"
    path.write_text("[runner]\npostScriptGC = false\nfastReruns = true\nnoSuchOption = 1\n")
    assert internals._check_config_options(path) == "unknown options runner.noSuchOption"


def test_report_inactive_logs_each_inactive_probe_once(monkeypatch, caplog):
    failing = internals.Probe("gone", "x", "y", "z", lambda: "moved")
    broken = internals.Probe("broken", "x", "y", "z", lambda: 1 / 0)
    monkeypatch.setattr(internals, "PROBES", (*internals.PROBES, failing, broken))
    with caplog.at_level(logging.WARNING, logger="server.internals"):
        first = internals.report_inactive()
        internals.report_inactive()
    assert first == {"gone": "moved", "broken": "probe failed: ZeroDivisionError: division by zero"}
    assert len(_warnings(caplog)) == 2


def test_pages_directory_probe_fails_when_the_script_runner_stops_reading_the_flag(tmp_path, monkeypatch):
    from streamlit.runtime.scriptrunner import script_runner

    copy = tmp_path / "script_runner.py"
    copy.write_text(Path(script_runner.__file__).read_text().replace("uses_pages_directory", "mode"))
    monkeypatch.setattr(script_runner, "__file__", str(copy))
    assert internals.inactive()["pages_directory"] == "the script runner no longer reads PagesManager.uses_pages_directory"


def test_skip_use_warning_sets_the_flag_the_first_element_checks(monkeypatch):
    import streamlit.delta_generator as dg

    monkeypatch.setattr(dg, "_use_warning_has_been_displayed", False)
    calls = []
    monkeypatch.setattr(dg.env_util, "is_repl", lambda: calls.append(1) or False)
    internals.skip_use_warning()
    dg._maybe_print_use_warning()
    assert dg._use_warning_has_been_displayed is True and calls == []  # the check (inspect.stack) never ran


def test_page_index_html_sets_the_backend_base_before_the_bundle_runs():
    """Streamlit's own index.html, with the settings script inserted once before the module bundle."""
    from streamlit import file_util

    original = (Path(file_util.get_static_dir()) / "index.html").read_text(encoding="utf-8")
    html = internals.page_index_html()
    assert html is not None and html.count(internals.BASE_URL_SCRIPT) == 1
    assert html.index(internals.BASE_URL_SCRIPT) < html.index('<script type="module"')
    assert html.replace(internals.BASE_URL_SCRIPT, "") == original


def test_page_index_routes_answer_every_page_url_with_that_html():
    import asyncio
    from concurrent.futures import ThreadPoolExecutor

    routes = internals.page_index_routes(["complaints", "citizen-hall"])
    assert [route.path for route in routes] == ["/complaints", "/citizen-hall"]
    for route in routes:
        assert {"GET", "HEAD"} <= route.methods
        with ThreadPoolExecutor(1) as pool:  # its own event loop: the suite's browser tests may leave one running here
            response = pool.submit(asyncio.run, route.endpoint(None)).result()
        assert response.status_code == 200 and internals.BASE_URL_SCRIPT in response.body.decode()
        assert response.headers["cache-control"] == "no-cache"
        assert response.headers["content-type"].startswith("text/html")


def test_frontend_without_the_setting_leaves_the_routes_out_and_warns_once(monkeypatch, caplog, tmp_path):
    """A bundle that no longer reads window.__streamlit: no routes (Streamlit serves the pages as
    before, only slower), one warning."""
    from streamlit import file_util

    (tmp_path / "static" / "js").mkdir(parents=True)
    (tmp_path / "index.html").write_text('<script type="module" crossorigin src="./static/js/index.X1.js"></script>')
    (tmp_path / "static" / "js" / "index.X1.js").write_text("const base = window.location.href;")
    monkeypatch.setattr(file_util, "get_static_dir", lambda: str(tmp_path))
    assert "frontend_base_url" in internals.inactive()
    with caplog.at_level(logging.WARNING, logger="server.internals"):
        assert internals.page_index_routes(["complaints"]) == []
        assert internals.page_index_routes(["complaints"]) == []
    assert len(_warnings(caplog)) == 1 and "'frontend_base_url'" in _warnings(caplog)[0]
