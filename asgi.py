"""The server's entry point: `streamlit run asgi.py` (make run, the tests, deploy/).

`app.py` stays the Streamlit script (router and sign-in gate). This wrapper adds what a script
cannot do: work at process start, before the port opens, and while the server runs (Streamlit's
st.App lifespan hook, `server.lifespan`): the probes of the Streamlit internals the dashboard
relies on (`server.internals`, a warning per inactive one), the warm-up (imports what the pages
need, opens the first database connection, so the first visitor after a restart does not wait
for it), and the janitor (drops closed sessions past their reconnect window and collects them
every JANITOR_SECONDS, so the next sessions reuse their memory). `streamlit run app.py` still
works, only with a slower first page.
It also mounts the route that sets the sign-in cookie HttpOnly (auth/cookie_route.py); under plain
`streamlit run app.py` the cookie is written by streamlit-authenticator's component instead.
And it serves each page URL (/complaints, /budget ...) as Streamlit's index.html telling the frontend
where the server is (`server.internals.page_index_routes`), so a page opened by its URL connects at
once instead of after two failed probes and a 100 ms retry.
"""
from pathlib import Path

import streamlit as st

from auth import cookie_route
from config.pages import PAGES
from server.internals import page_index_routes
from server.lifespan import lifespan

# The sign-in cookie is set by this server (HttpOnly, SameSite=Strict, Secure behind TLS), not by
# JavaScript: the gate hands it over through this route (auth/cookie_route.py).
cookie_route.enabled = True
routes = [*cookie_route.routes(), *page_index_routes([page.url_path for page in PAGES])]
app = st.App(str(Path(__file__).resolve().parent / "app.py"), lifespan=lifespan, routes=routes)
