"""ui/context.py: a page run without a signed-in user renders nothing, and a page script Streamlit
ran in its old pages-directory mode is handed back to the router (through server.internals)."""
from __future__ import annotations

from streamlit.testing.v1 import AppTest


def _page():
    import streamlit as st
    from streamlit.runtime.pages_manager import PagesManager

    from ui.context import USER_KEY, signed_in_user

    st.session_state["runs"] = st.session_state.get("runs", 0) + 1
    if st.session_state.get("as_pages_directory") and st.session_state["runs"] == 1:
        PagesManager.uses_pages_directory = True
    if st.session_state.get("signed_in"):
        st.session_state[USER_KEY] = "kim.exec"
    st.text(f"user {signed_in_user()}")


def _run(**state) -> AppTest:
    at = AppTest.from_function(_page)
    for key, value in state.items():
        at.session_state[key] = value
    return at.run(timeout=30)


def test_signed_in_user_is_returned():
    at = _run(signed_in=True)
    assert not at.exception and [x.value for x in at.text] == ["user kim.exec"]


def test_nobody_signed_in_renders_nothing():
    at = _run()
    assert not at.exception and list(at.text) == [] and at.session_state["runs"] == 1


def test_a_pages_directory_run_is_handed_back_once_and_routed_by_navigation():
    from streamlit.runtime.pages_manager import PagesManager

    at = _run(as_pages_directory=True)
    assert not at.exception and list(at.text) == []
    assert at.session_state["runs"] == 2  # one rerun, then it stops like any run without a user
    assert PagesManager.uses_pages_directory is False
