"""gen-scale: synthetic history that leaves the report's figures alone, and page queries that use indexes.

On PostgreSQL: a fresh database with the full demo, then `generate_scale` with 200,000 complaints.
The report's figures are pinned after the run and every current-period frame is compared with the
one read before it. The complaint page's queries are EXPLAINed: none may scan the raw complaint
table sequentially; nor may the SNS page's queries scan the snapshot table (50 channels, ten years
of daily snapshots). The numpy generator itself is checked without a database.
"""
from __future__ import annotations

import datetime as dt
import json
from decimal import ROUND_HALF_UP, Decimal

import numpy as np
import pandas as pd
import pytest
from sqlalchemy import event, func, select

from data_access import budget, citizen_hall, complaints, migrate, sns
from data_access.db import make_engine, seoul_day_start_utc
from loading.demo import DEMO_AS_OF, load_demo
from loading import scale
from loading.demo.complaints import DEPARTMENT_WEIGHT
from data_access.models import (
    BudgetAnnualTotal,
    BudgetItem,
    BudgetSnapshot,
    CitizenHallDay,
    Complaint,
    ComplaintDaily,
    SnsChannel,
)
from data_access.scope import Scope
from tests import pg

OFFICE = Scope.office()
D = dt.date
AS_OF = DEMO_AS_OF
N = 200_000
HISTORY_END = D(2014, 12, 31)
DIVISIONS = ["civic", "brand", "service", "newmedia", "rapid"]
SNS_REPORT = {"kakaostory": 158_214, "facebook": 284_391, "twitter": 85_127, "instagram": 80_436, "pola": 1_046,
              "blog_seoul_outing": 681_302, "kakaotalk_plusfriend": 290_415}
REPORT_KINDS = ("sns", "blog", "messenger")


def million(won: int) -> int:
    return int((Decimal(won) / 1_000_000).quantize(Decimal("1"), rounding=ROUND_HALF_UP))


def current_frames(engine) -> dict[str, object]:
    """Every figure of the current period (2015-01-01 .. the as-of date) the pages show."""
    y15, y16 = (D(2015, 1, 1), D(2015, 12, 31)), (D(2016, 1, 1), AS_OF)
    out: dict[str, object] = {
        "rate_2015": complaints.delay_rate(engine=engine, scope=OFFICE, start=y15[0], end=y15[1]),
        "rate_2016": complaints.delay_rate(engine=engine, scope=OFFICE, start=y16[0], end=y16[1]),
        "by_month": complaints.delay_rate_by_month(engine=engine, scope=OFFICE, start=y15[0], end=AS_OF),
        "eungdapso": complaints.channel_volume(engine=engine, scope=OFFICE, channel="eungdapso",
                                               start=D(2016, 1, 1), end=D(2016, 7, 31)),
        "signal": complaints.open_traffic_light(engine=engine, scope=OFFICE, as_of=AS_OF),
        "open_teams": complaints.open_by_department(engine=engine, scope=OFFICE, as_of=AS_OF),
        "hall": citizen_hall.hall_summary(engine=engine, scope=OFFICE, as_of=AS_OF),
        "hall_monthly": citizen_hall.hall_monthly(engine=engine, scope=OFFICE, start=D(2013, 1, 1), end=AS_OF),
        "sns": sns.sns_latest(engine=engine, scope=OFFICE, as_of=AS_OF, kinds=REPORT_KINDS),
        "sns_growth": sns.sns_growth(engine=engine, scope=OFFICE, as_of=AS_OF, days=365, kinds=REPORT_KINDS),
        "budget_total": budget.office_execution(engine=engine, scope=OFFICE, as_of=AS_OF),
        "budget_table": budget.budget_table(engine=engine, scope=OFFICE, as_of=AS_OF),
        "composition": budget.composition(engine=engine, scope=OFFICE, as_of=AS_OF),
    }
    for start, end in (y15, y16):
        for name in ("delay_by_division", "delay_by_department", "delay_by_channel", "daily_volume"):
            out[f"{name}_{start.year}"] = getattr(complaints, name)(engine=engine, scope=OFFICE, start=start, end=end)
    return out


@pytest.fixture(scope="module")
def scaled():
    """(engine, frames before gen-scale, frames after, rows written) on a fresh PostgreSQL database."""
    url = pg.database_or_skip("dash_test_scale")
    engine = make_engine(url)
    migrate.upgrade(engine)
    load_demo(engine)
    before = current_frames(engine)
    written = scale.generate_scale(engine, complaints=N, years=10, seed=7)
    after = current_frames(engine)
    yield engine, before, after, written
    engine.dispose()
    pg.drop_database(engine.url.database)


def _same(a, b) -> None:
    if isinstance(a, pd.DataFrame):
        pd.testing.assert_frame_equal(a.reset_index(drop=True), b.reset_index(drop=True))
    else:
        assert a == b


# --- the report's figures ------------------------------------------------------------------------


def test_every_current_period_figure_is_unchanged(scaled):
    """Every figure of 2015 to the as-of date reads the same before and after gen-scale."""
    _, before, after, _ = scaled
    assert before.keys() == after.keys()
    for name in before:
        try:
            _same(before[name], after[name])
        except AssertionError as exc:
            raise AssertionError(f"{name} changed: {exc}") from exc


def test_delay_rates_stay_the_reports(scaled):
    """민원처리지연율 is still 6.07% for 2015 and 5.85% for 2016 (to the as-of date)."""
    _, _, after, _ = scaled
    assert (after["rate_2015"].delay_rate, after["rate_2016"].delay_rate) == (6.07, 5.85)


def test_eungdapso_volume_stays_the_reports(scaled):
    """응답소 is still 72,168 cases, 508.2 a working day, from January to July 2016."""
    _, _, after, _ = scaled
    assert (after["eungdapso"].cases, after["eungdapso"].per_day) == (72_168, 508.2)


def test_citizen_hall_stays_the_reports(scaled):
    """시민청: 6,276,585 visitors since the opening on 2013-01-12 and 5,315 a day in 2016."""
    _, _, after, _ = scaled
    hall = after["hall"]
    assert (hall.cumulative_visitors, round(hall.daily_average), hall.first_day) == (6_276_585, 5_315, D(2013, 1, 12))


def test_sns_table_stays_the_reports(scaled):
    """The report's seven SNS channels keep their followers; no added channel enters the table."""
    _, _, after, _ = scaled
    assert dict(zip(after["sns"]["code"], after["sns"]["followers"], strict=True)) == SNS_REPORT


def test_budget_total_stays_the_reports(scaled):
    """The office's 2016 budget is still 41,018 / 42,360 / 22,481 백만원, 53.07% executed."""
    _, _, after, _ = scaled
    total = after["budget_total"]
    assert (million(total.budget_won), million(total.current_budget_won), million(total.executed_won)) == \
        (41_018, 42_360, 22_481)
    assert round(total.execution_rate, 2) == 53.07


# --- what gen-scale adds ---------------------------------------------------------------------------


def test_complaints_stay_inside_the_history(scaled):
    """All synthetic complaints are received, due and closed from 2007 to the end of 2014 (Seoul)."""
    engine, _, _, written = scaled
    end = seoul_day_start_utc(HISTORY_END + dt.timedelta(days=1))
    with engine.connect() as conn:
        row = conn.execute(select(func.count(), func.min(Complaint.received_at), func.max(Complaint.due_at),
                                  func.max(Complaint.closed_at), func.count(Complaint.closed_at))
                           .where(Complaint.external_id.like("SYN-%"))).one()
    assert written["complaints"] == N
    assert row[0] == N and row[4] == N
    assert row[1] >= seoul_day_start_utc(D(2007, 1, 1))
    assert row[2] < end and row[3] < end


def test_rollup_covers_the_history(scaled):
    """complaint_daily for 2007-2014 counts every synthetic complaint as received, due and closed."""
    engine, _, _, _ = scaled
    with engine.connect() as conn:
        sums = conn.execute(select(func.sum(ComplaintDaily.received), func.sum(ComplaintDaily.due),
                                   func.sum(ComplaintDaily.closed))
                            .where(ComplaintDaily.day <= HISTORY_END)).one()
    assert tuple(int(s) for s in sums) == (N, N, N)
    rate = complaints.delay_rate(engine=engine, scope=OFFICE, start=D(2007, 1, 1), end=HISTORY_END).delay_rate
    assert 5.0 < rate < 12.0


def test_budget_history_has_200_programmes_with_month_ends(scaled):
    """gen-scale's 2007-2013 hold 200 unit programmes (the demo's history holds 2014-2015); every past
    leaf has 12 month-end snapshots ending on 31 December."""
    engine, _, _, _ = scaled
    with engine.connect() as conn:
        programmes = conn.execute(select(func.count()).select_from(BudgetItem)
                                  .where(BudgetItem.fiscal_year < 2014, BudgetItem.level == "programme")).scalar_one()
        per_leaf = conn.execute(select(func.count(), func.max(BudgetSnapshot.as_of))
                                .join(BudgetItem, BudgetItem.id == BudgetSnapshot.item_id)
                                .where(BudgetItem.fiscal_year < 2016).group_by(BudgetSnapshot.item_id)).all()
        years = set(conn.execute(select(BudgetItem.fiscal_year).distinct()).scalars())
    assert programmes == 200
    assert years == set(range(2007, 2017))
    assert {(n, last.month, last.day) for n, last in per_leaf} == {(12, 12, 31)}


def test_budget_2015_leaves_sum_to_the_2015_totals(scaled):
    """The 2015 leaves (the demo's synthetic history) add up to the 2015 totals by category."""
    engine, _, _, _ = scaled
    with engine.connect() as conn:
        totals = dict(conn.execute(select(BudgetAnnualTotal.category, BudgetAnnualTotal.budget_won)
                                   .where(BudgetAnnualTotal.fiscal_year == 2015)).all())
    frame = budget.composition(engine=engine, scope=OFFICE, as_of=D(2015, 12, 31))
    mine = frame[frame["fiscal_year"] == 2015].set_index("category")["budget_won"]
    assert {c: int(mine[c]) for c in ("programme", "basic")} == totals


def test_sns_has_50_channels_the_added_ones_of_kind_other(scaled):
    """50 channels in all: the report's 7 and 43 of kind 'other', all with daily snapshots."""
    engine, _, _, _ = scaled
    with engine.connect() as conn:
        kinds = conn.execute(select(SnsChannel.kind, func.count()).group_by(SnsChannel.kind)).all()
    assert sum(n for _, n in kinds) == scale.SNS_CHANNELS
    assert dict(kinds)["other"] == scale.SNS_CHANNELS - len(SNS_REPORT)
    history = sns.sns_followers_over_time(engine=engine, scope=OFFICE, start=D(2014, 12, 1), end=D(2014, 12, 31),
                                          channels=["facebook"])
    assert len(history) == 31 and history["followers"].is_monotonic_increasing


def test_no_hall_day_before_the_opening(scaled):
    """The hall gets no fabricated days: its first day is still the opening."""
    engine, _, _, written = scaled
    with engine.connect() as conn:
        first = conn.execute(select(func.min(CitizenHallDay.day))).scalar_one()
    assert (first, written["hall_visits"]) == (D(2013, 1, 12), 0)


def test_running_twice_is_refused(scaled):
    """A second gen-scale on the same database refuses and writes nothing."""
    engine, _, _, _ = scaled
    with engine.connect() as conn:
        count = conn.execute(select(func.count()).select_from(Complaint)).scalar_one()
    with pytest.raises(scale.ScaleError, match="load-demo"):
        scale.generate_scale(engine, complaints=1_000, years=10, seed=7)
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(Complaint)).scalar_one() == count


# --- query plans ----------------------------------------------------------------------------------


def _page_calls(engine):
    y16 = (D(2016, 1, 1), AS_OF)
    calls = {}
    for division in (None, "service"):
        kw = {"engine": engine, "scope": OFFICE, "division": division}
        calls.update({
            f"delay_rate/{division}": lambda kw=kw: complaints.delay_rate(start=y16[0], end=y16[1], **kw),
            f"delay_rate_by_month/{division}": lambda kw=kw: complaints.delay_rate_by_month(
                start=D(2015, 1, 1), end=AS_OF, **kw),
            f"delay_by_department/{division}": lambda kw=kw: complaints.delay_by_department(
                start=y16[0], end=y16[1], **kw),
            f"delay_by_channel/{division}": lambda kw=kw: complaints.delay_by_channel(start=y16[0], end=y16[1], **kw),
            f"daily_volume/{division}": lambda kw=kw: complaints.daily_volume(start=y16[0], end=y16[1], **kw),
            f"channel_volume/{division}": lambda kw=kw: complaints.channel_volume(
                channel="eungdapso", start=D(2016, 1, 1), end=D(2016, 7, 31), **kw),
            f"open_traffic_light/{division}": lambda kw=kw: complaints.open_traffic_light(as_of=AS_OF, **kw),
            f"open_by_department/{division}": lambda kw=kw: complaints.open_by_department(as_of=AS_OF, **kw),
        })
    calls["delay_by_division"] = lambda: complaints.delay_by_division(engine=engine, scope=OFFICE,
                                                                      start=y16[0], end=y16[1])
    return calls


def _sns_page_calls(engine):
    """The SNS page's calls (and sns_latest of every channel) at the as-of date, every growth window."""
    kw = {"engine": engine, "scope": OFFICE}
    main = ("sns", "blog")
    codes = tuple(sns.sns_latest(as_of=AS_OF, kinds=main, **kw)["code"])
    calls = {
        "sns_latest/sns,blog": lambda: sns.sns_latest(as_of=AS_OF, kinds=main, **kw),
        "sns_latest/messenger": lambda: sns.sns_latest(as_of=AS_OF, kinds=("messenger",), **kw),
        "sns_latest/all": lambda: sns.sns_latest(as_of=AS_OF, **kw),
        "sns_followers_over_time/page channels": lambda: sns.sns_followers_over_time(
            start=D(AS_OF.year - 1, 1, 1), end=AS_OF, channels=codes, **kw),
    }
    for days in (7, 30, 90, 365):
        calls[f"sns_growth/{days}"] = lambda days=days: sns.sns_growth(as_of=AS_OF, days=days, kinds=main, **kw)
    return calls


def _seq_scanned(plan: dict) -> set[str]:
    found = {plan["Relation Name"]} if plan.get("Node Type") == "Seq Scan" else set()
    for child in plan.get("Plans", []):
        found |= _seq_scanned(child)
    return found


def _seq_scans_of(engine, calls: dict) -> dict[str, set[str]]:
    """{call name: the tables its statements' plans (EXPLAIN) scan sequentially} for every call."""
    statements: list[tuple[str, object]] = []

    def capture(conn, cursor, statement, parameters, context, executemany):
        statements.append((statement, parameters))

    scanned: dict[str, set[str]] = {}
    event.listen(engine, "before_cursor_execute", capture)
    try:
        for name, call in calls.items():
            statements.clear()
            call()
            plans = list(statements)
            raw = engine.raw_connection()
            try:
                cursor = raw.cursor()
                for statement, parameters in plans:
                    cursor.execute("EXPLAIN (FORMAT JSON) " + statement, parameters)
                    plan = cursor.fetchone()[0]
                    plan = json.loads(plan) if isinstance(plan, str) else plan
                    scanned.setdefault(name, set()).update(_seq_scanned(plan[0]["Plan"]))
            finally:
                raw.close()
    finally:
        event.remove(engine, "before_cursor_execute", capture)
    return scanned


def test_complaint_page_queries_never_seq_scan_the_raw_table(scaled):
    """EXPLAIN of every complaint page query (office and one division): no Seq Scan on complaint."""
    engine, _, _, _ = scaled
    scanned = _seq_scans_of(engine, _page_calls(engine))
    assert len(scanned) == 17
    assert {name: tables for name, tables in scanned.items() if "complaint" in tables} == {}


def test_sns_page_queries_never_seq_scan_the_snapshots(scaled):
    """EXPLAIN of the SNS page's queries: no Seq Scan on sns_snapshot (50 channels, daily for ten years).

    A channel's followers at a date are two probes of the (channel_id, day) index per channel, not a
    GROUP BY over every snapshot up to that date.
    """
    engine, _, _, _ = scaled
    scanned = _seq_scans_of(engine, _sns_page_calls(engine))
    assert len(scanned) == 8
    assert {name: tables for name, tables in scanned.items() if "sns_snapshot" in tables} == {}


# --- the generator without a database -------------------------------------------------------------


def _model(seed: int, n: int = 60_000) -> scale.ComplaintModel:
    plan = scale.ScalePlan(as_of=AS_OF, history_start=D(2013, 1, 1), complaints_end=HISTORY_END, budget_years=(),
                           complaints=n, years=4, seed=seed)
    division_ids = {code: i for i, code in enumerate(DIVISIONS, start=1)}
    departments = [(i, code, division_ids[code.split("_")[0]], code.split("_")[0])
                   for i, code in enumerate(DEPARTMENT_WEIGHT, start=1)]
    channels = {"eungdapso": 1, "call120": 2, "visit": 3, "mail": 4}
    return scale.complaint_model(plan=plan, departments=departments, channels=channels,
                                 holidays=set(scale.extra_holidays(2013, 2014)))


def _chunks(model: scale.ComplaintModel, seed: int) -> list[dict[str, np.ndarray]]:
    out, number = [], 1
    for index, (start, stop) in enumerate(scale.day_chunks(model.counts, chunk_rows=25_000)):
        out.append(scale.generate_chunk(model, start, stop, seed=seed, chunk_index=index, first_number=number))
        number += len(out[-1]["received_at"])
    return out


def test_generator_is_deterministic_for_a_seed():
    """The same seed gives the same complaints; another seed gives other ones."""
    first, again, other = _chunks(_model(1), 1), _chunks(_model(1), 1), _chunks(_model(2), 2)
    assert all(np.array_equal(a[k], b[k]) for a, b in zip(first, again, strict=True) for k in a)
    assert not np.array_equal(first[0]["received_at"], other[0]["received_at"])


def test_generator_keeps_every_complaint_consistent():
    """Exactly n complaints, unique ids; received <= closed, due and closed before the history ends."""
    model = _model(3)
    chunks = _chunks(model, 3)
    column = {k: np.concatenate([c[k] for c in chunks]) for k in chunks[0]}
    assert len(column["received_at"]) == 60_000
    assert len(np.unique(column["external_id"])) == 60_000
    assert (column["closed_at"] >= column["received_at"]).all()
    assert (column["due_at"] > column["received_at"]).all()
    assert max(column["due_at"].max(), column["closed_at"].max()) < model.cutoff_us


def test_binary_copy_rows_have_fixed_width():
    """The binary COPY payload is header + 92 bytes a row + trailer (8 columns, no NULLs)."""
    model = _model(4, n=1_000)
    chunk = scale.generate_chunk(model, 0, len(model.days), seed=4, chunk_index=0, first_number=1)
    payload = scale.binary_copy_payload(chunk, first_id=1)
    assert payload[:11] == b"PGCOPY\n\xff\r\n\x00"
    assert len(payload) == 19 + 92 * 1_000 + 2


def test_sqlite_is_refused(tmp_path):
    """gen-scale on SQLite refuses with a message naming PostgreSQL, and writes nothing."""
    engine = make_engine(f"sqlite:///{tmp_path / 'scale.sqlite3'}")
    migrate.upgrade(engine)
    with pytest.raises(scale.ScaleError, match="PostgreSQL"):
        scale.generate_scale(engine, complaints=10, years=10)
    engine.dispose()


def test_extra_holidays_agree_with_the_demo_where_both_list_them():
    """For 2013-2016 the generator's holiday list is a subset of the demo's, names included."""
    from loading.demo import org

    listed = scale.extra_holidays(2013, 2016)
    assert listed and all(org.holidays().get(day, (None,))[0] == ko for day, (ko, _) in listed.items())


def test_data_status_shows_the_rows_gen_scale_left(scaled):
    """/data-status reads the counts gen-scale recorded (no count of millions of rows per view):
    they are the tables' exact counts after it."""
    from sqlalchemy import text

    from data_access.status import dataset_status

    engine, *_ = scaled
    frame = dataset_status(engine=engine).set_index("dataset")
    with engine.connect() as conn:
        for dataset, tables in (("complaints", ("complaint",)), ("budget", ("budget_snapshot",)),
                                ("sns_followers", ("sns_snapshot",))):
            expected = sum(conn.execute(text(f"SELECT count(*) FROM {t}")).scalar_one() for t in tables)
            assert int(frame.loc[dataset, "db_rows"]) == expected, dataset
        assert conn.execute(text("SELECT count(*) FROM load_log WHERE db_rows IS NULL")).scalar_one() == 0
