"""The executive briefing on the demo data (SQLite and PostgreSQL): summary, laggards, off-target figures."""
from __future__ import annotations

import dataclasses
import datetime as dt
import pickle
import re

import pandas as pd
import pytest

from briefing.model import Briefing, _change_clause, _sentence, _target_clause_of, build_briefing
from config.i18n import t
from config.targets import TargetRow
from data_access import budget
from data_access import targets as kpi_targets
from data_access.scope import Scope
from metrics.values import MetricValue, Period

AS_OF = dt.date(2016, 8, 10)
OFFICE = Scope.office()
HANGUL = re.compile(r"[\uac00-\ud7a3]")
OTHER_DIVISIONS = ("시민소통담당관", "도시브랜드담당관", "시민봉사담당관", "뉴미디어담당관")

# What the demo's targets say on 2016-08-10: (division, metric, status) of every figure not on track.
OFF_TARGET = [
    ("civic", "budget_execution_rate", "off_track"),   # 45.31% against 55.00%
    ("brand", "complaint_delay_rate", "off_track"),    # 8.31% against 6.00%
    ("rapid", "budget_execution_rate", "off_track"),   # 25.85% against 55.00%
    ("rapid", "complaint_delay_rate", "off_track"),    # 9.86% against 6.00%
    ("service", "budget_execution_rate", "watch"),     # 51.79% against 55.00% (tolerance 5)
    ("newmedia", "complaint_delay_rate", "watch"),     # 6.14% against 6.00% (tolerance 0.5)
    ("newmedia", "sns_total_followers", "watch"),      # 1,290,516 against 1,300,000 (tolerance 50,000)
]


@pytest.fixture(scope="module")
def ko(demo_engine) -> Briefing:
    return build_briefing(engine=demo_engine, scope=OFFICE, as_of=AS_OF, lang="ko")


@pytest.fixture(scope="module")
def en(demo_engine) -> Briefing:
    return build_briefing(engine=demo_engine, scope=OFFICE, as_of=AS_OF, lang="en")


def texts(b: Briefing) -> list[str]:
    """Every text of a briefing a reader sees."""
    out = [b.title, b.unit_name, *b.summary]
    for k in b.kpis:
        out += [k.label, k.value, k.delta or "", k.delta_description or "", k.help or "", k.target or ""]
    for p in b.lagging:
        out += [p.name, p.division_name, p.rate_text]
    for o in b.off_target:
        out += [o.division_name, o.metric_name, o.value_text, o.target_text]
    return out


def test_korean_summary_gives_report_figures(ko):
    """The Korean summary states 53.07% execution and the delay rate 5.85% against last year's 6.07%."""
    summary = " ".join(ko.summary)
    for figure in ("53.07%", "5.85%", "6.07%", "6,276,585명", "5,315명", "423.6억원", "224.8억원"):
        assert figure in summary, figure
    assert summary.startswith("2016. 8. 10. 기준 예산 집행률은 53.07%")


def test_summary_has_three_to_five_sentences(ko, en):
    """The office summary is 3-5 sentences, one per topic, in both languages."""
    assert 3 <= len(ko.summary) <= 5
    assert len(en.summary) == len(ko.summary)
    assert all(s.endswith(".") for s in ko.summary + en.summary)


def test_korean_summary_compares_with_targets(ko):
    """Each figure is set against its target with the status word the KPI cards use."""
    execution, delay, hall, sns, lagging = ko.summary
    assert "목표(55.00%)에 1.93%p 못 미칩니다(주의)" in execution
    assert "전년(6.07%)보다 0.22%p 낮아졌고" in delay and "목표(6.00%) 이내입니다(정상)" in delay
    assert "목표(5,200명)를 달성했습니다(정상)" in hall
    assert "1,290,516명" in sns and "목표(1,300,000명)에 9,484명 못 미칩니다(주의)" in sns
    assert "시민참여프로그램을 통한 시정공감대 확산" in lagging and "7개 지표" in lagging


def test_english_briefing_has_no_hangul(en):
    """In English every text, data names included (name_en), is free of Hangul."""
    offenders = [text for text in texts(en) if HANGUL.search(text)]
    assert offenders == []
    assert "53.07%" in en.summary[0] and "5.85%" in en.summary[1] and "6.07%" in en.summary[1]


def test_lagging_are_the_three_lowest_programmes(demo_engine, ko):
    """The laggards are the three programmes with the lowest execution rate, lowest first."""
    table = budget.budget_table(engine=demo_engine, scope=OFFICE, as_of=AS_OF)
    programmes = table[table["level"] == "programme"].sort_values("execution_rate")
    assert [p.code for p in ko.lagging] == list(programmes["row_key"][:3])
    assert [p.rate_text for p in ko.lagging] == ["5.93%", "14.66%", "23.94%"]
    assert all(p.execution_rate < ko.lagging_target for p in ko.lagging)
    assert round(ko.lagging_target, 2) == 52.94  # the target curve on 10 August


def test_off_target_list_is_what_the_targets_say(ko):
    """Every division figure below its target is listed, off track before watch, with value and target."""
    assert [(o.division_code, o.metric, o.status) for o in ko.off_target] == OFF_TARGET
    civic = ko.off_target[0]
    assert (civic.division_name, civic.metric_name, civic.value_text, civic.target_text) == \
        ("시민소통담당관", "예산 집행률", "45.31%", "55.00%")


def test_kpis_carry_status_against_target(ko):
    """Execution is 'watch', the delay rate 'on_track' and SNS followers 'watch', each with its target."""
    by_key = {k.key: k for k in ko.kpis}
    assert (by_key["execution"].value, by_key["execution"].target, by_key["execution"].status) == \
        ("53.07%", "55.00%", "watch")
    assert (by_key["delay"].value, by_key["delay"].delta_line, by_key["delay"].status) == \
        ("5.85%", "-0.22%p (전년 6.07%)", "on_track")
    assert (by_key["sns"].value, by_key["sns"].status) == ("1,290,516명", "watch")
    assert by_key["hall"].value == "6,276,585명"


def test_division_briefing_has_only_its_own_figures(demo_engine):
    """A division head's briefing (rapid) holds rapid's figures and no other division's."""
    b = build_briefing(engine=demo_engine, scope=Scope("rapid"), as_of=AS_OF, lang="ko")
    assert b.division_code == "rapid" and b.title.startswith("신속행정담당관")
    assert {p.division_code for p in b.lagging} == {"rapid"}
    assert {o.division_code for o in b.off_target} == {"rapid"}
    assert [row[0] for row in b.execution_by_division.rows] == ["rapid"]
    assert len(b.hall_monthly) == 0
    assert {k.key for k in b.kpis} == {"execution", "delay"}
    assert b.kpis[0].value == "25.85%"
    text = " ".join(texts(b))
    for other in (*OTHER_DIVISIONS, "시민청", "SNS"):
        assert other not in text, other
    figures = set(re.findall(r"\d[\d,.]*%", text))
    assert not figures & {"53.07%", "5.85%", "6.07%"}, figures


def test_briefing_is_frozen_and_picklable(ko):
    """The Briefing survives pickling unchanged (st.cache_data) and cannot be modified."""
    assert pickle.loads(pickle.dumps(ko)) == ko
    with pytest.raises(dataclasses.FrozenInstanceError):
        ko.title = "x"  # type: ignore[misc]


def test_chart_tables_round_trip_to_frames(ko):
    """The chart data in the briefing come back as DataFrames with the chart functions' columns."""
    frame = ko.execution_by_division.frame()
    assert list(frame["division_code"]) == ["civic", "brand", "service", "newmedia", "rapid"]
    assert round(float(frame.loc[0, "execution_rate"]), 2) == 45.31
    months = ko.delay_by_month.frame()
    assert set(months["year"]) == {2015, 2016}


def test_empty_database_gives_an_empty_briefing(empty_engine):
    """Without data the briefing has no figures and no sentences, and raises nothing."""
    b = build_briefing(engine=empty_engine, scope=OFFICE, as_of=AS_OF, lang="ko")
    assert b.kpis == () and b.summary == () and b.lagging == () and b.off_target == ()


@pytest.mark.parametrize(("value", "target", "direction", "expected"), [
    (60.0, 55.0, "higher", "목표(55.00%)를 달성했습니다(정상)."),
    (52.0, 55.0, "higher", "목표(55.00%)에 3.00%p 못 미칩니다(주의)."),
    (5.5, 6.0, "lower", "목표(6.00%) 이내입니다(정상)."),
    (7.0, 6.0, "lower", "목표(6.00%)를 1.00%p 넘습니다(미흡)."),
])
def test_target_clause_wording(value, target, direction, expected):
    """The target clause says met / short by / within / over by, with the status in brackets."""
    row = TargetRow("budget_execution_rate", 2016, target, direction, 0.5 if direction == "lower" else 5.0)
    metric_id = "budget_execution_rate" if direction == "higher" else "complaint_delay_rate"
    v = MetricValue(metric_id=metric_id, value=value, previous=None, change=None, target=target,
                    status=kpi_targets.status(value, row), period=Period(AS_OF, AS_OF, "", ""),
                    comparison_period=None, as_of=AS_OF, scope_code=None, scope_label_ko="", scope_label_en="",
                    series=pd.DataFrame())
    [(key, kw)] = _target_clause_of(v, "ko")
    assert t(f"{key}.end", "ko", **kw) == expected


@pytest.mark.parametrize(("delta", "word"), [(1.734, "올랐습니다"), (-0.5, "내렸습니다"), (0.001, "같습니다")])
def test_change_clause_follows_the_shown_change(delta, word):
    """Up, down or unchanged is decided on the change as shown (two decimals)."""
    key, kw = _change_clause("briefing.s.prev", delta, "ko", date="2016. 7. 31.")
    assert t(f"{key}.end", "ko", **kw).endswith(f"{word}.")


def test_sentence_without_comparisons_ends_the_lead():
    """A figure without a previous value or target still makes a complete sentence."""
    text = _sentence("briefing.s.sns", {"followers": "1,000명"}, [], "ko")
    assert text == "SNS·블로그 친구 수는 1,000명입니다."


def test_forecast_sentence_is_labelled_and_matches_the_projection(demo_engine, ko, en):
    """The PDF's projection sentence: labelled as a projection, with the office's projected rate and
    예상 불용액 as metrics.forecast gives them (one definition), in Korean and in English."""
    from config.formats import fmt_money_headline, fmt_rate
    from metrics import forecast

    items = forecast.execution_forecast(engine=demo_engine, scope=Scope.office(), as_of=dt.date(2016, 8, 10))
    office = forecast.for_key(items, "office", "office")
    assert ko.forecast.startswith("전망치 (실적 아님): 현재 추세라면 연말 집행률은 ")
    assert fmt_rate(office.projected_rate, 1) in ko.forecast
    assert fmt_money_headline(office.unspent_won, "ko") in ko.forecast
    assert en.forecast.startswith("Projection (not an actual figure): ") and not re.search("[가-힣]", en.forecast)
