"""상황판 (/wall): a kiosk that rotates panels all day and refreshes its data without a full reload.

Two fragments, each running only as often as something it shows can change:
- the clock (HH:MM, top right) every CLOCK_SECONDS;
- the panel, every `tick_seconds` (by default exactly at the panel changes): advances the rotation
  and draws the panel's view from the shared cache (ui.wall_panels.view: data, texts and chart
  specs built once per TTL for every screen), so a new load reaches the screen without a reload.
  The bar showing the time to the next panel is a CSS animation
  the browser runs by itself.
When the database cannot be reached, the last good data stays on screen under a warning that says
since when it is stale; it clears by itself on recovery.
"""
import datetime as dt
import time

import streamlit as st

from config.i18n import t
from config.settings import get_settings
from config.wall import CLOCK_SECONDS, CONDITIONAL_PANELS, advance, schedule, tick_seconds
from data_access.db import SEOUL
from ui import wall_panels
from ui.context import check_sign_in, require_page, signed_in_user
from ui.data import DataUnavailable, current_as_of
from config.formats import fmt_date
from ui.kiosk import next_panel_progress
from ui.lang import current_lang

user = signed_in_user()
lang = current_lang()
require_page(user, "wall", lang)  # checks the role itself, not only the router
settings = get_settings()
plan = schedule()
tick = tick_seconds(plan, settings.dashboard_refresh_seconds, settings.dashboard_wall_tick_seconds)
state = st.session_state


def now_seoul() -> dt.datetime:
    return dt.datetime.now(SEOUL)


@st.fragment(run_every=CLOCK_SECONDS)
def clock() -> None:
    check_sign_in()  # every CLOCK_SECONDS: a disabled, reset, revoked or expired sign-in ends the wall
    with st.container(key="wall_clock"):  # pinned to the top right corner by the kiosk style
        st.markdown(f"## {now_seoul():%H:%M}")


@st.fragment(run_every=tick)
def panel() -> None:
    check_sign_in()  # never draws office-wide figures for a sign-in that has ended
    state["wall_index"], state["wall_shown_at"] = advance(state.get("wall_index"), state.get("wall_shown_at"),
                                                          time.time(), plan, slack=tick / 2)
    index, shown_at = state["wall_index"], state["wall_shown_at"]
    key = plan[index][0]
    try:
        as_of = current_as_of()
        if key in CONDITIONAL_PANELS and not wall_panels.has_alerts(user.scope, as_of):  # nothing to warn of
            index = state["wall_index"] = (index + 1) % len(plan)
            key = plan[index][0]
        data = wall_panels.view(key, user.scope, as_of, lang)
        state["wall_as_of"], state[f"wall_data_{key}"], state["wall_last_key"] = as_of, data, key
        state["wall_ok_at"] = now_seoul()
        state.pop("wall_down_since", None)
        stale_since = None
    except DataUnavailable:
        if f"wall_data_{key}" not in state:  # never loaded: keep the last panel that has data on screen
            key = state.get("wall_last_key", key)
        data = state.get(f"wall_data_{key}")
        state.setdefault("wall_down_since", now_seoul())
        stale_since = state.get("wall_ok_at", state["wall_down_since"])
    seconds = plan[index][1]
    next_key = plan[(index + 1) % len(plan)][0]
    as_of_col, next_col, _under_clock = st.columns([4, 4, 2], vertical_alignment="center")
    as_of_col.markdown(f"### {t('common.as_of', lang, date=fmt_date(state.get('wall_as_of'), lang))}")
    with next_col:
        next_panel_progress(seconds=seconds, elapsed=time.time() - shown_at, shown_at=shown_at,
                            label=t("wall.next", lang, panel=t(f"wall.panel.{next_key}", lang), seconds=seconds))
    if stale_since is not None:
        st.warning(t("wall.stale", lang, since=f"{stale_since:%H:%M:%S}"), icon=":material/warning:")
    if data is not None:
        wall_panels.render(data)


clock()
panel()
