"""Helpers that both the tests and the benchmarks use (bench/ imports nothing from tests/):

- `testkit.pg`: the local PostgreSQL (start it, fresh per-pid databases);
- `testkit.appserver`: the dashboard under its own `streamlit run asgi.py` (free port, health wait,
  stop);
- `testkit.chromium`: Chromium's path and flags and the browser steps of a sign-in.
"""
