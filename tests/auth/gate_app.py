"""A minimal app behind the sign-in gate, for AppTest (tests/auth/test_gate.py)."""
import streamlit as st

from auth.gate import AuthUnavailable, CookieKeyError, current_scope, logout_button, page_allowed, require_user
from tests.auth import harness

try:
    user = require_user(harness.engine, lang=harness.lang, settings=harness.settings, clock=harness.clock)
except AuthUnavailable:
    st.warning("AUTH UNAVAILABLE")
    st.stop()
except CookieKeyError as exc:  # a deployment error: its text names the fix and holds no secret
    st.error(f"COOKIE KEY: {exc}")
    st.stop()
if user is None:
    st.stop()

scope = current_scope()
st.markdown(f"SIGNED IN AS {user.username} ({user.role}) scope={scope.division_code or 'office'}")
st.markdown(f"wall allowed: {page_allowed(user, 'wall')}")
st.markdown("SECRET DATA")
logout_button(user, "Sign out")
