"""First start: the embedded demo database is created, migrated and loaded once per process; and
the warm-up asgi.py runs before the server opens its port."""
from __future__ import annotations

import ast
import ctypes
import gc
import importlib
import logging
from pathlib import Path

import streamlit as st
from sqlalchemy import Engine

from config.settings import get_settings
from data_access.db import get_engine

logger = logging.getLogger(__name__)


@st.cache_resource(show_spinner=False)
def ensure_database() -> Engine:
    """The process engine; in demo mode the demo database is brought to head and loaded if empty."""
    engine = get_engine()
    if get_settings().demo_mode:
        from loading.bootstrap import prepare_demo

        prepare_demo(engine)
    return engine


def route_by_navigation() -> None:
    """Leave Streamlit's legacy pages-directory mode before this run creates any widget.

    A `pages/` folder next to the main script puts a fresh process in Streamlit's old
    multipage mode until the first `st.navigation` call. In that mode the first run of app.py is
    wrapped as a page of its own (and a deep link such as /budget runs pages/budget.py directly),
    so its widgets get other ids than in every later run: the login form typed in that first run
    arrives empty at its submit, and the first sign-in after `streamlit run app.py` failed. This
    switches the process to st.navigation routing and reruns the session, so even the first run
    builds its widgets in the mode all later runs use. A no-op once any run has called
    st.navigation (and after warm_up). Uses Streamlit's PagesManager.uses_pages_directory flag.
    """
    from streamlit.runtime.pages_manager import PagesManager

    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        st.rerun()


ROOT = Path(__file__).resolve().parents[1]
# Packages that declare Streamlit components: a component is registered only when its module is
# imported during a script run, so these must not be imported early (the login's cookie
# component would answer 404).
WARM_SKIP = ("extra_streamlit_components", "streamlit_authenticator")


def _imported_modules(paths: list[Path]) -> list[str]:
    names: set[str] = set()
    for path in paths:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
            if isinstance(node, ast.Import):
                names.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0 and node.module != "__future__":
                names.add(node.module)
    return sorted(names)


def warm_up() -> list[str]:
    """Make the first page load after a (re)start as quick as the next ones, before the port opens.

    `asgi.py` (the st.App lifespan hook) calls this before Streamlit starts serving: it imports
    every module the router, the pages and their helpers import (pandas, Altair, SQLAlchemy:
    seconds on a cold start, otherwise paid by the first visitor; not the packages in WARM_SKIP),
    loads Altair's Vega-Lite schema
    (the first chart validation), opens the first database connection, and tells Streamlit the app
    routes with st.navigation (so a first request for /complaints does not run
    pages/complaints.py directly in the old pages-directory mode). It loads no data: the data cache
    stays cold. Returns the modules it could not import (logged, never fatal).
    """
    import altair as alt
    import pandas as pd
    from streamlit.runtime.pages_manager import PagesManager

    # the router, every page and the helpers they call (also imports inside functions, e.g. the PDF builder)
    sources = [ROOT / "app.py", *sorted((ROOT / "pages").glob("*.py")),
               *sorted((ROOT / "ui").glob("*.py")), *sorted((ROOT / "auth").glob("*.py"))]
    failed = []
    for name in _imported_modules(sources):
        if name.split(".")[0] in WARM_SKIP:
            continue
        try:
            importlib.import_module(name)
        except Exception:  # noqa: BLE001 - a warm-up problem must never stop the server
            logger.warning("warm-up: could not import %s", name, exc_info=True)
            failed.append(name)
    import charts  # noqa: F401  (registers the theme)

    alt.Chart(pd.DataFrame({"x": [1]})).mark_bar().encode(x="x:Q").to_dict()  # loads the schema validator
    PagesManager.uses_pages_directory = False
    try:
        with get_engine().connect():
            pass
    except Exception as exc:  # noqa: BLE001 - the app shows its own warning when the database is down
        logger.warning("warm-up: database not reachable yet: %s", exc)
    gc.collect()
    gc.freeze()  # what the warm-up made lives as long as the process: later collections skip it
    return failed


def release_memory() -> None:
    """Collect cyclic garbage (closed sessions) and hand freed heap pages back to the OS.

    Streamlit's own full collection after every script run is turned off (runner.postScriptGC,
    ~100 ms a run); this runs instead every JANITOR_SECONDS from asgi.py. The freed memory is reused
    by the next sessions; malloc_trim (glibc's; elsewhere only the collection runs) returns the free
    pages it can, while Python's small-object arenas keep most of theirs (README "Deploying").
    """
    gc.collect()
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):
        pass


JANITOR_SECONDS = 30


def evict_expired_sessions() -> None:
    """Drop closed sessions whose reconnect window (server.disconnectedSessionTTL) has passed.

    Streamlit keeps a closed session in a TTL cache for reconnects, and that cache evicts expired
    entries only when another session is stored: until the next disconnect, the last closed
    sessions (state, data, messages) stay in memory. Reaches into Streamlit's session storage, so
    every step is guarded: with another storage or version this does nothing. Call it on the
    server's event loop (where Streamlit itself touches the storage).
    """
    from streamlit import runtime

    if not runtime.exists():
        return
    manager = getattr(runtime.get_instance(), "_session_mgr", None)
    cache = getattr(getattr(manager, "_session_storage", None), "_cache", None)
    expire = getattr(cache, "expire", None)
    if callable(expire):
        expire()
