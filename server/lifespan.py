"""The st.App lifespan asgi.py hands to Streamlit: work at process start, before the port opens,
and a janitor while the server runs.

- start-up: `server.internals.report_inactive()` logs each private Streamlit internal that is
  missing on the installed version; `warm_up()` imports what the pages need and opens the first
  database connection, so the first visitor after a restart does not wait for it;
- `janitor()`: every JANITOR_SECONDS drops closed sessions past their reconnect window
  (`server.internals.expire_closed_sessions`) and collects them (`release_memory`), so the next
  sessions reuse their memory.
"""
from __future__ import annotations

import ast
import asyncio
import contextlib
import ctypes
import gc
import importlib
import logging
from contextlib import asynccontextmanager
from pathlib import Path

from data_access.db import get_engine
from server import internals

logger = logging.getLogger(__name__)

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

    `lifespan` (the st.App lifespan hook in asgi.py) calls this before Streamlit starts serving: it imports
    every module the router, the pages and their helpers import (pandas, Altair, SQLAlchemy:
    seconds on a cold start, otherwise paid by the first visitor; not the packages in WARM_SKIP),
    loads Altair's Vega-Lite schema
    (the first chart validation), opens the first database connection, and tells Streamlit the app
    routes with st.navigation (so a first request for /complaints does not run
    pages/complaints.py directly in the old pages-directory mode) and spares the first element
    Streamlit's REPL check (internals.skip_use_warning). It loads no data: the data cache
    stays cold. Returns the modules it could not import (logged, never fatal).
    """
    import altair as alt
    import pandas as pd

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
    # DataFrame.style (ui.widgets.report_table's static tables) imports pandas' Styler and jinja2 on
    # first use: ~25 ms of the first page with a table after a restart, unless imported here.
    import pandas.io.formats.style  # noqa: F401

    alt.Chart(pd.DataFrame({"x": [1]})).mark_bar().encode(x="x:Q").to_dict()  # loads the schema validator
    internals.route_by_navigation()
    internals.skip_use_warning()  # the first element's REPL check: ~0.1 s of the first page
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
    ~100 ms a run); this runs instead every JANITOR_SECONDS (janitor). The freed memory is reused
    by the next sessions; malloc_trim (glibc's; elsewhere only the collection runs) returns the free
    pages it can, while Python's small-object arenas keep most of theirs (README "Deploying").
    """
    gc.collect()
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):
        pass


JANITOR_SECONDS = 30


async def janitor() -> None:
    """Every JANITOR_SECONDS: drop closed sessions past their reconnect window (on the event loop,
    where Streamlit touches its session storage), then collect and trim in a thread."""
    while True:
        await asyncio.sleep(JANITOR_SECONDS)
        internals.expire_closed_sessions()
        await asyncio.to_thread(release_memory)


@asynccontextmanager
async def lifespan(_app):
    """The st.App lifespan (asgi.py): probes, warm-up, then the janitor until shutdown."""
    internals.report_inactive()
    warm_up()
    task = asyncio.create_task(janitor())
    yield
    task.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await task
