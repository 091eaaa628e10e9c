"""The server's entry point: `streamlit run asgi.py` (make run, the tests, deploy/).

`app.py` stays the Streamlit script (router and sign-in gate). This wrapper adds what a script
cannot do: work at process start, before the port opens (Streamlit's st.App lifespan hook). The
warm-up (ui.bootstrap.warm_up) imports what the pages need and opens the first database
connection, so the first visitor after a restart does not wait for it; then a janitor task
drops closed sessions past their reconnect window and collects them every JANITOR_SECONDS
(ui.bootstrap.evict_expired_sessions, release_memory), so the next sessions reuse their memory.
It also mounts the route that sets the sign-in cookie HttpOnly (auth/cookie_route.py).
`streamlit run app.py` still works (first sign-in included), only with a slower first page and
the sign-in cookie written by streamlit-authenticator's component instead (not HttpOnly).
"""
import asyncio
import contextlib
from contextlib import asynccontextmanager
from pathlib import Path

import streamlit as st

from auth import cookie_route


async def _janitor() -> None:
    from ui.bootstrap import JANITOR_SECONDS, evict_expired_sessions, release_memory

    while True:
        await asyncio.sleep(JANITOR_SECONDS)
        evict_expired_sessions()  # on the event loop, where Streamlit touches its session storage
        await asyncio.to_thread(release_memory)


@asynccontextmanager
async def lifespan(_app):
    from ui.bootstrap import warm_up

    warm_up()
    janitor = asyncio.create_task(_janitor())
    yield
    janitor.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await janitor


# The sign-in cookie is set by this server (HttpOnly, SameSite=Strict, Secure behind TLS), not by
# JavaScript: the gate hands it over through this route (auth/cookie_route.py).
cookie_route.enabled = True
app = st.App(str(Path(__file__).resolve().parent / "app.py"), lifespan=lifespan, routes=cookie_route.routes())
