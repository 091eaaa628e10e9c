"""Changed data, through the import path: after importing changed budget, complaint, 시민청, brand and
SNS files, every screen (pages, overview/briefing and so the PDF, division cards, wall) shows the new
figures and none of the old ones. Nothing is written to the reporting tables but by import_file.

Expected figures are the report's plus the change made in the files (or the query layer's inputs
read before the import), never metrics.value's.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import os
import shutil

import pytest
import streamlit as st

from briefing.model import build_briefing
from config import settings as settings_module
from config.formats import fmt_money_headline, fmt_rate
from data_access import budget, complaints, db
from data_access.scope import Scope
from loading.importing import export_dataset, import_file
from tests.pages.conftest import demo_app_env, make_user  # noqa: F401  (fixture)
from tests.pages.helpers import page_text, run_page, shows
from ui import wall_panels
from ui.division_figures import division_figures

AS_OF = dt.date(2016, 8, 10)
OFFICE = Scope.office()
EXTRA_EXECUTED = 1_000_000_000  # 10억원 more spent by one programme on the as-of date
EXTRA_VISITORS = 10_000
EXTRA_FOLLOWERS = 100_000
EXTRA_PARTICIPANTS = 1_000
NEW_DELAYED = 500  # complaints due and closed late in August


def _csv(header: list[str], rows: list[dict]) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=header)
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def _rows(engine, dataset: str, tmp_path) -> tuple[list[str], list[dict]]:
    path = tmp_path / f"{dataset}.csv"
    export_dataset(engine, dataset, path)
    with open(path, encoding="utf-8-sig") as f:
        reader = csv.DictReader(f)
        return list(reader.fieldnames or []), list(reader)


@pytest.fixture(scope="module")
def changed(demo_app_env, tmp_path_factory):  # noqa: F811
    """A copy of the demo database with changed files imported; the app's settings point at it."""
    tmp = tmp_path_factory.mktemp("changed")
    path = tmp / "changed.sqlite3"
    shutil.copy(demo_app_env, path)
    saved = os.environ["DATABASE_URL"]
    os.environ["DATABASE_URL"] = f"sqlite:///{path}"
    settings_module.get_settings.cache_clear()
    db.get_engine.cache_clear()
    st.cache_data.clear()
    engine = db.get_engine()
    before = {
        "budget": budget.office_execution(engine=engine, scope=OFFICE, as_of=AS_OF),
        "delay": complaints.delay_rate(engine=engine, scope=OFFICE, start=dt.date(2016, 1, 1), end=AS_OF),
    }
    header, rows = _rows(engine, "budget", tmp)
    row = max((r for r in rows if r["as_of"] == AS_OF.isoformat() and r["level"] == "programme"),
              key=lambda r: int(r["current_budget_won"]) - int(r["executed_won"]))  # room to spend 10억원 more
    row["executed_won"] = str(int(row["executed_won"]) + EXTRA_EXECUTED)
    import_file(engine, "budget", _csv(header, [row]), "budget.csv", user="test")
    header, rows = _rows(engine, "hall_visits", tmp)
    row = next(r for r in rows if r["day"] == AS_OF.isoformat())
    row["visitors"] = str(int(row["visitors"]) + EXTRA_VISITORS)
    import_file(engine, "hall_visits", _csv(header, [row]), "hall.csv", user="test")
    header, rows = _rows(engine, "sns_followers", tmp)
    row = next(r for r in rows if r["day"] == AS_OF.isoformat() and r["channel_code"] == "facebook")
    row["followers"] = str(int(row["followers"]) + EXTRA_FOLLOWERS)
    import_file(engine, "sns_followers", _csv(header, [row]), "sns.csv", user="test")
    header, rows = _rows(engine, "brand_reach", tmp)
    festivals = {r["code"] for r in rows if r["target_type"] == "campaign" and r["code"].startswith("fest")}
    row = next(r for r in rows if r["code"] in festivals and r["day"].startswith("2016-"))
    row["reach"] = str(int(row["reach"]) + EXTRA_PARTICIPANTS)
    import_file(engine, "brand_reach", _csv(header, [row]), "brand.csv", user="test")
    new = [{"external_id": f"TEST-LATE-{i:04d}", "received_at": "2016-08-01T09:00:00+09:00",
            "due_at": "2016-08-03T09:00:00+09:00", "closed_at": "2016-08-05T09:00:00+09:00",
            "channel_code": "eungdapso", "department_code": "service_eungdap"} for i in range(NEW_DELAYED)]
    import_file(engine, "complaints", _csv(list(new[0]), new), "complaints.csv", user="test")
    st.cache_data.clear()  # as the TTL would
    yield before
    os.environ["DATABASE_URL"] = saved
    engine.dispose()
    settings_module.get_settings.cache_clear()
    db.get_engine.cache_clear()
    st.cache_data.clear()


def _figures(before) -> tuple[dict[str, str], dict[str, str]]:
    """(new, old) Korean strings per changed figure."""
    b, d = before["budget"], before["delay"]
    new = {
        "executed": fmt_money_headline(b.executed_won + EXTRA_EXECUTED, "ko"),
        "execution_rate": fmt_rate((b.executed_won + EXTRA_EXECUTED) * 100 / b.current_budget_won),
        "delay_rate": fmt_rate((d.delayed + NEW_DELAYED) * 100 / (d.due + NEW_DELAYED)),
        "hall": f"{6_276_585 + EXTRA_VISITORS:,}명",
        "sns": f"{1_290_516 + EXTRA_FOLLOWERS:,}명",
        "festival": f"{48_212 + EXTRA_PARTICIPANTS:,}명",
    }
    old = {"executed": "224.8억원", "execution_rate": "53.07%", "delay_rate": "5.85%", "hall": "6,276,585명",
           "sns": "1,290,516명", "festival": "48,212명"}
    assert all(new[k] != old[k] for k in new)
    return new, old


def _check(text: str, keys: list[str], new: dict, old: dict, where: str) -> None:
    for key in keys:
        assert shows(text, new[key]), (where, key, new[key])
        assert not shows(text, old[key]), (where, key, old[key])  # whole figures: 5.85% is not in 25.85%


def test_briefing_and_pdf_text_show_the_new_figures(changed):
    new, old = _figures(changed)
    b = build_briefing(engine=db.get_engine(), scope=OFFICE, as_of=AS_OF, lang="ko")
    text = " ".join([*b.summary, *(k.value for k in b.kpis)])
    _check(text, ["executed", "execution_rate", "delay_rate", "hall", "sns"], new, old, "briefing")


def test_wall_and_division_cards_show_the_new_figures(changed):
    new, old = _figures(changed)
    texts = []
    for key in wall_panels.PANEL_METRICS:
        view = wall_panels.build(key, wall_panels.load(key, OFFICE, AS_OF), "ko")
        texts += [m.value for row in view.metric_rows for m in row]
    _check(" ".join(texts), ["executed", "execution_rate", "delay_rate", "hall", "sns", "festival"], new, old, "wall")
    cards = [f.value for code in ("civic", "brand", "service", "newmedia")
             for f in division_figures(code, scope=OFFICE, as_of=AS_OF, lang="ko")]
    _check(" ".join(cards), ["delay_rate", "hall", "sns", "festival"], new, old, "division cards")


@pytest.mark.parametrize(("page", "keys"), [
    ("overview", ["execution_rate", "delay_rate", "hall", "sns"]),
    ("budget", ["executed", "execution_rate"]),
    ("complaints", ["delay_rate"]),
    ("citizen_hall", ["hall"]),
    ("brand", ["festival"]),
    ("sns", ["sns"]),
])
def test_pages_show_the_new_figures(changed, page, keys):
    new, old = _figures(changed)
    at = run_page(f"pages/{page}.py", make_user("executive"))
    assert not at.exception, at.exception
    _check(page_text(at), keys, new, old, page)
