"""The server process around the Streamlit script: what `streamlit run asgi.py` adds to app.py.

- `server.internals`: the one door to Streamlit's (and streamlit-authenticator's) private
  internals. Every private access the dashboard makes is here, guarded, with a probe that logs once
  at start-up when it is inactive; tests/server fails when any probe is inactive on the pinned
  versions (README "Upgrading Streamlit").
- `server.lifespan`: the st.App lifespan asgi.py hands to Streamlit: the warm-up before the port
  opens and the janitor that frees closed sessions.

A package, not a module: the lifespan and the door are separate concerns (the door is also used by
`ui.context` on every page run; the lifespan only at start-up), and the layering test
(tests/test_layering.py) keeps both out of the pure packages.
"""
