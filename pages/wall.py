"""상황판 (/wall): a kiosk that rotates panels all day and refreshes its data without a full reload.

Two fragments: a clock (every second: time, as-of date, progress to the next panel) and the panel
(every WALL_TICK_SECONDS: advances the rotation when the panel's time is up and redraws from the
shared cache, whose TTL is DASHBOARD_REFRESH_SECONDS, so the data refreshes without a page reload). When the database cannot be reached, the last good data
stays on screen under a warning that says since when it is stale; it clears by itself on recovery.
"""
import datetime as dt
import time

import streamlit as st

from config.i18n import t
from config.settings import get_settings
from config.wall import WALL_TICK_SECONDS, advance, schedule
from data_access.db import SEOUL
from ui import wall_panels
from ui.context import signed_in_user
from ui.data import DataUnavailable, current_as_of
from ui.formats import fmt_date
from ui.lang import current_lang

user = signed_in_user()
lang = current_lang()
plan = schedule()
state = st.session_state


def now_seoul() -> dt.datetime:
    return dt.datetime.now(SEOUL)


@st.fragment(run_every=1)
def clock() -> None:
    index = state.get("wall_index", 0)
    seconds = plan[index][1]
    elapsed = time.time() - state.get("wall_shown_at", time.time())
    next_key = plan[(index + 1) % len(plan)][0]
    left, middle, right = st.columns([3, 3, 4])
    left.markdown(f"## {now_seoul():%H:%M:%S}")
    middle.markdown(f"### {t('common.as_of', lang, date=fmt_date(state.get('wall_as_of'), lang))}")
    right.progress(min(max(elapsed / seconds, 0.0), 1.0),
                   text=t("wall.next", lang, panel=t(f"wall.panel.{next_key}", lang),
                          seconds=max(int(seconds - elapsed), 0)))


@st.fragment(run_every=min(WALL_TICK_SECONDS, get_settings().dashboard_refresh_seconds))
def panel() -> None:
    state["wall_index"], state["wall_shown_at"] = advance(state.get("wall_index"), state.get("wall_shown_at"),
                                                          time.time(), plan)
    key = plan[state["wall_index"]][0]
    try:
        as_of = current_as_of()
        data = wall_panels.load(key, user.scope, as_of)
        state["wall_as_of"], state[f"wall_data_{key}"], state["wall_last_key"] = as_of, data, key
        state["wall_ok_at"] = now_seoul()
        state.pop("wall_down_since", None)
    except DataUnavailable:
        if f"wall_data_{key}" not in state:  # never loaded: keep the last panel that has data on screen
            key = state.get("wall_last_key", key)
        data = state.get(f"wall_data_{key}")
        state.setdefault("wall_down_since", now_seoul())
        since = state.get("wall_ok_at", state["wall_down_since"])
        st.warning(t("wall.stale", lang, since=f"{since:%H:%M:%S}"), icon="⚠️")
    if data is not None:
        wall_panels.render(key, data, lang)


clock()
panel()
