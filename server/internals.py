"""The one door to private internals of Streamlit 1.67 and streamlit-authenticator 0.4.2.

Each private access the dashboard makes is listed in PROBES (what it reaches, who uses it, what
happens when it is gone) and goes through a guarded function here: when the internal is missing,
the function does nothing (or answers the safe default) and the probe says so. At start-up
`report_inactive()` (server.lifespan) logs one warning per inactive probe; tests/server fails
when any probe is inactive, so an upgrade shows up as a red test instead of a silent leak.

- `session_storage`: Runtime._session_mgr._session_storage._cache (a cachetools TTLCache):
  `expire_closed_sessions()` drops closed sessions past their reconnect window (the janitor).
  Inactive: closed sessions stay in memory until the next disconnect (memory grows).
- `pages_directory`: PagesManager.uses_pages_directory (a class attribute): `route_by_navigation()`
  (warm-up) and `in_pages_directory_mode()` (ui.context). Inactive: the first deep link after a
  restart may run a page script without the router and show nothing until reloaded.
- `authenticator`: the streamlit-authenticator 0.4.2 classes auth.gate subclasses (`_library()`:
  Authenticate, AuthenticationController, CookieController, AuthenticationModel, CookieModel,
  Encryptor) with the methods and constructor it relies on. Checked on the package's source,
  without importing it (importing it early would register its components outside a script run).
  Inactive: the login form fails or bypasses the database check.
- `use_warning`: streamlit.delta_generator._use_warning_has_been_displayed (a module flag):
  `skip_use_warning()` (warm-up) sets it, as Streamlit itself does on the first element of the
  process after checking, through inspect.stack() (every frame's source file looked up across
  sys.modules), whether it runs in a REPL: ~100-150 ms of CPU that the first page after a restart
  paid. Inactive: that first page pays it again.
- `frontend_base_url`: the frontend's start-up settings object `window.__streamlit` (its
  `BACKEND_BASE_URL`), read by the 1.67 bundle in static/js/index.*.js. `page_index_routes()`
  serves Streamlit's own index.html at every page URL (/complaints, /budget ...) with that base
  set to the page's parent, so a deep link connects at once. Without it the frontend first
  probes `/complaints/_stcore/health` and host-config (two 404s), waits its 100 ms retry and only
  then tries `/_stcore/health`: about 80-90 ms more on every page opened by its URL (the bench,
  a bookmark, a reload, the wall). Inactive: no routes; pages load the old, slower way.
- `config_options`: every option .streamlit/config.toml sets is still an option of this
  Streamlit (e.g. runner.postScriptGC, server.disconnectedSessionTTL). Inactive: Streamlit
  ignores it (memory and CPU figures change silently).
"""
from __future__ import annotations

import ast
import importlib.util
import logging
import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

logger = logging.getLogger(__name__)
ROOT = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class Probe:
    name: str
    reaches: str
    used_by: str
    if_inactive: str
    check: Callable[[], str | None]  # None when active, else why not


_LOGGED: set[str] = set()


def _warn_once(name: str, reason: str) -> None:
    if name not in _LOGGED:
        _LOGGED.add(name)
        probe = _BY_NAME.get(name)
        consequence = f" ({probe.if_inactive})" if probe else ""
        logger.warning("Streamlit internal %r inactive: %s%s", name, reason, consequence)


# --- session storage (the janitor) -------------------------------------------------------------

def _live_session_cache() -> object | None:
    """The running server's TTL cache of closed sessions, or None (no runtime, or not there)."""
    from streamlit import runtime

    if not runtime.exists():
        return None
    manager = getattr(runtime.get_instance(), "_session_mgr", None)
    return getattr(getattr(manager, "_session_storage", None), "_cache", None)


def _check_session_storage() -> str | None:
    try:
        from streamlit import runtime
        from streamlit.runtime.memory_session_storage import MemorySessionStorage
        from streamlit.runtime.runtime import Runtime
        from streamlit.runtime.websocket_session_manager import WebsocketSessionManager
    except ImportError as exc:
        return f"import failed: {exc}"
    if runtime.exists():
        cache = _live_session_cache()
        return None if callable(getattr(cache, "expire", None)) else "no _session_mgr._session_storage._cache.expire"
    if "_session_mgr" not in Runtime.__init__.__code__.co_names:
        return "Runtime no longer sets _session_mgr"
    if "_session_storage" not in WebsocketSessionManager.__init__.__code__.co_names:
        return "WebsocketSessionManager no longer sets _session_storage"
    if not callable(getattr(getattr(MemorySessionStorage(), "_cache", None), "expire", None)):
        return "MemorySessionStorage._cache has no expire()"
    return None


def expire_closed_sessions() -> bool:
    """Drop closed sessions whose reconnect window (server.disconnectedSessionTTL) has passed.

    Streamlit keeps a closed session in a TTL cache for reconnects, and that cache evicts expired
    entries only when another session is stored. Call on the server's event loop (where Streamlit
    touches the storage). False (and one warning) when the cache is not where 1.67 keeps it;
    False without a warning when no server runs.
    """
    from streamlit import runtime

    if not runtime.exists():
        return False
    expire = getattr(_live_session_cache(), "expire", None)
    if not callable(expire):
        _warn_once("session_storage", "no _session_mgr._session_storage._cache.expire on the runtime")
        return False
    expire()
    return True


# --- pages-directory mode (warm-up, ui.context) ------------------------------------------------

def _pages_manager() -> type | None:
    try:
        from streamlit.runtime.pages_manager import PagesManager
    except ImportError:
        return None
    return PagesManager if hasattr(PagesManager, "uses_pages_directory") else None


def _check_pages_directory() -> str | None:
    if _pages_manager() is None:
        return "streamlit.runtime.pages_manager.PagesManager.uses_pages_directory is gone"
    # the flag must still decide how a page script runs, or setting it changes nothing
    from streamlit.runtime.scriptrunner import script_runner

    if "uses_pages_directory" not in Path(script_runner.__file__).read_text(encoding="utf-8"):
        return "the script runner no longer reads PagesManager.uses_pages_directory"
    return None


def route_by_navigation() -> bool:
    """Tell Streamlit the app routes with st.navigation (not the old pages/ directory mode), as
    app.py's first st.navigation call would. False (and one warning) when the flag is gone."""
    manager = _pages_manager()
    if manager is None:
        _warn_once("pages_directory", _check_pages_directory() or "")
        return False
    manager.uses_pages_directory = False
    return True


def in_pages_directory_mode() -> bool:
    """Whether Streamlit still runs page scripts in pages-directory mode (False when unknown)."""
    manager = _pages_manager()
    return bool(manager.uses_pages_directory) if manager is not None else False


# --- streamlit-authenticator (auth.gate._library) ---------------------------------------------

# What auth.gate imports, and relies on, from streamlit-authenticator 0.4.2.
AUTHENTICATOR_IMPORTS = {
    "streamlit_authenticator": ("Authenticate",),
    "streamlit_authenticator.controllers": ("AuthenticationController", "CookieController"),
    "streamlit_authenticator.models": ("AuthenticationModel", "CookieModel"),
    "streamlit_authenticator.utilities": ("Encryptor",),
}
AUTHENTICATOR_METHODS = {
    "Authenticate": ("__init__", "login"),
    "AuthenticationModel": ("__init__", "check_credentials"),
    "CookieModel": ("get_cookie", "set_cookie", "delete_cookie"),
}
# GateAuthenticate.__init__ sets exactly these (what Authenticate.__init__ sets in 0.4.2).
AUTHENTICATE_ATTRIBUTES = frozenset({"api_key", "attrs", "secret_key", "path", "cookie_controller",
                                     "authentication_controller", "encryptor"})
# DbAuthenticationModel and GateAuthenticate call these constructors with 7 positional arguments.
POSITIONAL_ARGS = {"AuthenticationModel": 7, "AuthenticationController": 7}


def _module_file(base: Path, module: str) -> Path:
    parts = module.split(".")[1:]
    package = base.joinpath(*parts)
    return package / "__init__.py" if package.is_dir() else package.with_suffix(".py")


def _check_authenticator() -> str | None:
    spec = importlib.util.find_spec("streamlit_authenticator")  # a top-level spec imports nothing
    if spec is None or not spec.submodule_search_locations:
        return "streamlit_authenticator is not installed"
    base = Path(next(iter(spec.submodule_search_locations)))
    for module, names in AUTHENTICATOR_IMPORTS.items():
        path = _module_file(base, module)
        if not path.exists():
            return f"{module} is gone"
        tree = ast.parse(path.read_text(encoding="utf-8"))
        defined = {alias.asname or alias.name for node in ast.walk(tree)
                   if isinstance(node, ast.ImportFrom) for alias in node.names}
        defined |= {node.name for node in ast.walk(tree) if isinstance(node, ast.ClassDef)}
        missing = [name for name in names if name not in defined]
        if missing:
            return f"{module} no longer provides {', '.join(missing)}"
    classes: dict[str, ast.ClassDef] = {}
    for path in base.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef):
                classes.setdefault(node.name, node)
    for name, methods in AUTHENTICATOR_METHODS.items():
        found = {n.name for n in classes.get(name, ast.ClassDef(name=name, body=[])).body
                 if isinstance(n, ast.FunctionDef)}
        if missing := [m for m in methods if m not in found]:
            return f"{name} has no {', '.join(missing)}"
    for name, count in POSITIONAL_ARGS.items():
        init = next((n for n in classes[name].body if isinstance(n, ast.FunctionDef) and n.name == "__init__"), None)
        if init is None or len(init.args.args) - 1 != count:
            return f"{name}.__init__ no longer takes {count} arguments"
    init = next(n for n in classes["Authenticate"].body if isinstance(n, ast.FunctionDef) and n.name == "__init__")
    assigned = {target.attr for node in ast.walk(init) if isinstance(node, (ast.Assign, ast.AnnAssign))
                for target in (node.targets if isinstance(node, ast.Assign) else [node.target])
                if isinstance(target, ast.Attribute) and isinstance(target.value, ast.Name)
                and target.value.id == "self"}
    if assigned != AUTHENTICATE_ATTRIBUTES:
        return (f"Authenticate.__init__ sets {sorted(assigned)}, auth.gate.GateAuthenticate sets "
                f"{sorted(AUTHENTICATE_ATTRIBUTES)}")
    return None


# --- the first element's "use streamlit run" check ---------------------------------------------

def _check_use_warning() -> str | None:
    import streamlit.delta_generator as dg

    if not isinstance(getattr(dg, "_use_warning_has_been_displayed", None), bool):
        return "streamlit.delta_generator._use_warning_has_been_displayed is gone"
    if "_use_warning_has_been_displayed" not in getattr(dg, "_maybe_print_use_warning").__code__.co_names:
        return "delta_generator._maybe_print_use_warning no longer reads the flag"
    return None


def skip_use_warning() -> None:
    """Spare the first element of the process Streamlit's REPL check (inspect.stack(): every frame's
    module looked up across sys.modules): under `streamlit run` the warning it guards never applies."""
    if (reason := _check_use_warning()) is not None:
        _warn_once("use_warning", reason)
        return
    import streamlit.delta_generator as dg

    dg._use_warning_has_been_displayed = True


# --- .streamlit/config.toml -------------------------------------------------------------------

def _check_config_options(path: Path = ROOT / ".streamlit" / "config.toml") -> str | None:
    from streamlit import config

    if not path.exists():
        return None
    unknown = []
    for section, values in tomllib.loads(path.read_text(encoding="utf-8")).items():
        for key in values if isinstance(values, dict) else ():
            try:
                config.get_option(f"{section}.{key}")
            except RuntimeError:  # "Config key not defined"
                unknown.append(f"{section}.{key}")
    return f"unknown options {', '.join(unknown)}" if unknown else None


# --- the frontend's backend base URL (deep links) ---------------------------------------------

# The settings object the frontend reads once at start-up (window.__streamlit), set to the page's
# parent: /complaints -> /, /dash/complaints -> /dash/ behind a proxy that strips /dash. Inline, before
# the bundle (a module script, so it runs after this one).
BASE_URL_SCRIPT = ('<script>window.__streamlit={BACKEND_BASE_URL:new URL(".",location.href).href}'
                   '</script>')


def _frontend_files() -> tuple[Path, Path] | None:
    """Streamlit's index.html and the main bundle it loads, or None."""
    from streamlit import file_util

    static = Path(file_util.get_static_dir())
    index = static / "index.html"
    if not index.is_file():
        return None
    found = re.search(r'<script type="module"[^>]*\bsrc="\./(static/js/index\.[^"/]+\.js)"',
                      index.read_text(encoding="utf-8"))
    bundle = static / found.group(1) if found else None
    return (index, bundle) if bundle is not None and bundle.is_file() else None


def _check_frontend_base_url() -> str | None:
    files = _frontend_files()
    if files is None:
        return "no static/index.html loading a static/js/index.*.js module"
    index, bundle = files
    html = index.read_text(encoding="utf-8")
    if "window.__streamlit" in html:
        return "index.html sets window.__streamlit itself"
    if '<script type="module"' not in html:
        return "index.html loads no module script to put the settings before"
    source = bundle.read_text(encoding="utf-8")
    if "window.__streamlit" not in source or "BACKEND_BASE_URL" not in source:
        return f"{bundle.name} no longer reads window.__streamlit.BACKEND_BASE_URL"
    return None


def page_index_html() -> str | None:
    """Streamlit's index.html with BASE_URL_SCRIPT before its first module script, or None when
    the frontend no longer reads the setting (one warning)."""
    if (reason := _check_frontend_base_url()) is not None:
        _warn_once("frontend_base_url", reason)
        return None
    index, _ = _frontend_files()
    html = index.read_text(encoding="utf-8")
    return html.replace('<script type="module"', BASE_URL_SCRIPT + '<script type="module"', 1)


def page_index_routes(url_paths: list[str]) -> list:
    """One GET route per page URL answering the index.html above (headers as Streamlit's own:
    no-cache), checked before Streamlit's static files; [] when inactive."""
    html = page_index_html()
    if html is None:
        return []
    from starlette.responses import HTMLResponse
    from starlette.routing import Route

    async def index(_request):
        return HTMLResponse(html, headers={"Cache-Control": "no-cache"})

    return [Route(f"/{path}", index, methods=["GET", "HEAD"]) for path in url_paths]


PROBES: tuple[Probe, ...] = (
    Probe("session_storage", "Runtime._session_mgr._session_storage._cache.expire()",
          "server.lifespan janitor", "closed sessions stay in memory until the next disconnect",
          _check_session_storage),
    Probe("pages_directory", "streamlit.runtime.pages_manager.PagesManager.uses_pages_directory",
          "server.lifespan.warm_up, ui.context.signed_in_user",
          "a first deep link after a restart may show an empty page", _check_pages_directory),
    Probe("authenticator", "streamlit-authenticator 0.4.2 Authenticate/controllers/models",
          "auth.gate._library", "the login form may fail or skip the database check", _check_authenticator),
    Probe("use_warning", "streamlit.delta_generator._use_warning_has_been_displayed", "server.lifespan.warm_up",
          "the first page after a restart pays Streamlit's REPL check (inspect.stack)", _check_use_warning),
    Probe("frontend_base_url", "window.__streamlit.BACKEND_BASE_URL in the 1.67 frontend bundle",
          "asgi.py (page_index_routes)", "a page opened by its URL waits for two failed probes and a retry",
          _check_frontend_base_url),
    Probe("config_options", ".streamlit/config.toml options", "Streamlit itself",
          "Streamlit ignores the option", _check_config_options),
)
_BY_NAME = {probe.name: probe for probe in PROBES}


def inactive() -> dict[str, str]:
    """The probes that are inactive on the installed versions, with the reason (empty: all fine)."""
    found = {}
    for probe in PROBES:
        try:
            reason = probe.check()
        except Exception as exc:  # noqa: BLE001 - a probe must never stop the server
            reason = f"probe failed: {type(exc).__name__}: {exc}"
        if reason:
            found[probe.name] = reason
    return found


def report_inactive() -> dict[str, str]:
    """Log one warning per inactive probe (once per process); returns them. Called at start-up."""
    found = inactive()
    for name, reason in found.items():
        _warn_once(name, reason)
    return found
