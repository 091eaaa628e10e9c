"""적재 이력 (admin only): every load - who, when, file, sha256, counts, as-of before → after - and
reverting the latest ones (loading/importing/versions.py: exact, rollups rebuilt, who is recorded)."""
import pandas as pd
import streamlit as st

from config.formats import DATETIME_COLUMN_FORMAT, fmt_date, fmt_datetime
from config.i18n import t, t_or
from data_access.db import seoul_wall_clock
from data_access.load_log import load_history
from loading.importing import RevertRefused, revert_load
from ui.context import page_context
from ui.data import guard, uncached
from ui.text import plain
from ui.widgets import detail_table, page_header

ctx = page_context("admin_loads")  # checks the role itself, not only the router
lang = ctx.lang
page_header(t("loads.title", lang), lang, ctx.as_of)
LIMIT = 500
st.caption(t("loads.caption", lang, limit=LIMIT))

DONE = "admin_loads.done"
if (message := st.session_state.pop(DONE, None)) is not None:
    st.success(plain(message))  # it names the loaded file: text from data is text

with guard(lang):
    loads = uncached(load_history, limit=LIMIT)  # not cached: the audit trail of the figures must be live


def _day(values: pd.Series) -> pd.Series:
    return values.map(lambda d: fmt_date(d if pd.notna(d) else None, lang))


table = pd.DataFrame({
    t("loads.col.id", lang): loads["id"],
    t("loads.col.loaded_at", lang): seoul_wall_clock(loads["loaded_at"]),
    t("loads.col.loaded_by", lang): loads["loaded_by"],
    t("loads.col.dataset", lang): loads["dataset"].map(lambda d: t_or(f"dataset.{d}", lang, d)),
    t("loads.col.source", lang): loads["source"],
    t("loads.col.sha256", lang): loads["file_hash"].fillna(""),
    t("loads.col.rows", lang): loads["rows"],
    t("loads.col.inserted", lang): loads["rows_inserted"],
    t("loads.col.updated", lang): loads["rows_updated"],
    t("loads.col.as_of", lang): _day(loads["previous_as_of"]) + " → " + _day(loads["as_of"]),
    t("loads.col.reverted", lang): [f"{by} · {fmt_datetime(at, lang)}" if by else "" for by, at in
                                     zip(loads["reverted_by"].fillna(""), seoul_wall_clock(loads["reverted_at"]))],
})
detail_table(table, lang=lang, filename="load_history", key="loads_table",
             column_config={t("loads.col.loaded_at", lang): st.column_config.DatetimeColumn(
                 format=DATETIME_COLUMN_FORMAT[lang]),
                 **{t(f"loads.col.{c}", lang): st.column_config.NumberColumn(format="localized")
                    for c in ("rows", "inserted", "updated")}})

# Only the latest load still in force can be reverted (then the one before it): exact by construction.
active = loads[loads["reverted_at"].isna()]
if active.empty:
    st.stop()
latest = active.iloc[0]
if not latest["revertible"]:
    st.caption(t("loads.not_revertible", lang, id=int(latest["id"])))
    st.stop()
st.subheader(t("loads.revert_title", lang))
st.write(t("loads.revert_what", lang, id=int(latest["id"]), dataset=t_or(f"dataset.{latest['dataset']}", lang,
                                                                            latest["dataset"]),
           source=plain(latest["source"]), before=_day(pd.Series([latest["previous_as_of"]]))[0],
           after=_day(pd.Series([latest["as_of"]]))[0]))
sure = st.checkbox(t("loads.revert_confirm", lang), key="admin_loads_confirm")


def _revert(load_id: int) -> None:
    try:
        result = revert_load(_engine(), load_id, user=ctx.user.username, lang=lang)
    except RevertRefused as exc:
        st.session_state[DONE] = str(exc)
        return
    st.cache_data.clear()  # every page shows the data as it was before the load
    st.session_state[DONE] = result.summary(lang)
    st.session_state["admin_loads_confirm"] = False


def _engine():
    from data_access.db import get_admin_engine

    return get_admin_engine()  # the writer role (DASHBOARD_ADMIN_DATABASE_URL): the app's own may not write


st.button(t("loads.revert", lang, id=int(latest["id"])), type="primary", disabled=not sure,
          key="admin_loads_revert", on_click=_revert, args=(int(latest["id"]),))
