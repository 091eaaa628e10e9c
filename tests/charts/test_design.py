"""The design rules every chart keeps: month-start date axes whose labels never repeat, series colours
that follow the series (not the translated label), 7-day averages on daily series, and a description."""
from __future__ import annotations

import re
from html import unescape

import pandas as pd
import pytest
import vl_convert as vlc

from charts import brand, budget, citizen_hall, complaints, sns
from config.i18n import t
from tests.charts.spec import LANGS, build, units

# Every chart with a date axis, built from the demo's frames the way its page builds it.
TEMPORAL = {
    "complaints.daily_volume": lambda f, lang: complaints.daily_volume(f.volume, lang),
    "hall.daily_visitors": lambda f, lang: citizen_hall.daily_visitors(f.hall_daily, lang),
    "hall.monthly_visitors": lambda f, lang: citizen_hall.monthly_visitors(f.hall_monthly, lang),
    "hall.cumulative_visitors": lambda f, lang: citizen_hall.cumulative_visitors(f.hall_cumulative, lang),
    "budget.execution_trend": lambda f, lang: budget.execution_trend(f.trend, f.target_curve, lang),
    "brand.campaign_time": lambda f, lang: brand.reach_over_time(f.campaign_time, lang, "participants",
                                                                 "brand.chart.campaign_time", stacked=True),
    "sns.followers": lambda f, lang: sns.followers_over_time(f.sns_history, lang),
    "budget.execution_forecast": lambda f, lang: budget.execution_forecast(f.trend, f.target_curve, FORECAST_PATH, lang),
}
# A projection as metrics.forecast gives it (as-of date's actual rate first, then month ends to 31 Dec).
FORECAST_PATH = pd.DataFrame({"as_of": pd.to_datetime(["2016-08-10", "2016-08-31", "2016-12-31"]).date,
                              "rate": [53.07, 57.0, 84.0], "low": [53.07, 56.0, 82.7], "high": [53.07, 58.0, 85.3]})
KO_LABEL = re.compile(r"^(\d{4}\. \d{1,2}\.|\d{1,2}월)$")
EN_LABEL = re.compile(r"^(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)( \d{4})?$")


def x_axis_labels(spec: dict) -> list[str]:
    """The x axis's labels as Vega draws them (SVG text of the bottom axis's label group)."""
    svg = vlc.vegalite_to_svg(spec)
    axes = re.findall(r'<g class="mark-group role-axis"[^>]*aria-label="([^"]*)"[^>]*>(.*?)</g></g></g>', svg, flags=re.S)
    x_axes = [body for label, body in axes if label.lower().startswith(("x-axis", "x axis"))]
    assert x_axes, "no x axis in the drawing"
    group = re.search(r'role-axis-label[^>]*>(.*?)</g>', x_axes[0], flags=re.S).group(1)
    return [unescape(s) for s in re.findall(r"<text[^>]*>([^<]*)</text>", group)]


def x_axis(unit: dict) -> dict:
    return unit["encoding"]["x"].get("axis") or {}


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("name", TEMPORAL)
def test_date_axes_tick_on_month_starts_and_never_repeat(frames, name, lang):
    spec = build(TEMPORAL[name](frames, lang))
    for unit in units(spec):
        if unit["encoding"].get("x", {}).get("type") == "temporal":
            assert x_axis(unit)["tickCount"]["interval"] == "month"
    labels = x_axis_labels(spec)
    assert len(labels) >= 2, labels
    assert len(labels) == len(set(labels)), f"{name}: repeated date labels {labels}"
    pattern = KO_LABEL if lang == "ko" else EN_LABEL
    assert [label for label in labels if not pattern.match(label)] == [], labels
    assert pattern is KO_LABEL or not any("-" in label for label in labels)


def test_month_labels_read_as_the_office_writes_them(frames):
    """The demo's 2016 daily complaints: the first tick carries the year, the others the month alone."""
    ko = x_axis_labels(build(complaints.daily_volume(frames.volume, "ko")))
    en = x_axis_labels(build(complaints.daily_volume(frames.volume, "en")))
    assert ko[0] == "2016. 1." and ko[1:3] == ["2월", "3월"]
    assert en[0] == "Jan 2016" and en[1:3] == ["Feb", "Mar"]


def colour_of(spec: dict, lang: str, key_labels: dict[str, str]) -> dict[str, str]:
    """Series key -> colour, read from the colour scale of the spec's first coloured unit."""
    for unit in units(spec):
        color = unit["encoding"].get("color")
        if color and "scale" in color:
            pairs = dict(zip(color["scale"]["domain"], color["scale"]["range"], strict=True))
            return {key: pairs[label] for key, label in key_labels.items()}
    raise AssertionError("no colour scale")


SERIES = {
    "budget.execution_trend": ({"actual": "budget.series.actual", "target": "budget.series.target"},
                               lambda f, lang: budget.execution_trend(f.trend, f.target_curve, lang)),
    "budget.composition": ({"programme": "budget.category.programme", "basic": "budget.category.basic"},
                           lambda f, lang: budget.composition(f.composition, lang)),
    "complaints.daily_volume": ({"received": "complaints.col.received", "closed": "complaints.col.closed"},
                                lambda f, lang: complaints.daily_volume(f.volume, lang)),
    "budget.execution_forecast": ({"actual": "budget.series.actual", "target": "budget.series.target",
                                   "projection": "budget.series.projection"},
                                  lambda f, lang: budget.execution_forecast(f.trend, f.target_curve, FORECAST_PATH, lang)),
}


@pytest.mark.parametrize("name", SERIES)
def test_a_series_keeps_its_colour_in_both_languages(frames, name):
    keys, make = SERIES[name]
    colours = {lang: colour_of(build(make(frames, lang)), lang, {k: t(v, lang) for k, v in keys.items()})
               for lang in LANGS}
    assert colours["ko"] == colours["en"]
    assert len(set(colours["ko"].values())) == len(keys)  # and the series differ from one another


@pytest.mark.parametrize("make", [lambda f, lang: sns.followers_over_time(f.sns_history, lang),
                                  lambda f, lang: sns.follower_share(f.sns_latest, lang)], ids=["followers", "share"])
def test_a_channel_keeps_its_colour_in_both_languages(frames, make):
    """Channels come from the data: each keeps its colour whatever its translated name sorts as."""
    channels = frames.sns_latest[["name_ko", "name_en"]].itertuples(index=False)
    labels = {ko: {"ko": ko, "en": en} for ko, en in channels}
    colours = {lang: colour_of(build(make(frames, lang)), lang, {k: v[lang] for k, v in labels.items()})
               for lang in LANGS}
    assert colours["ko"] == colours["en"]
    assert len(set(colours["ko"].values())) == len(labels)


def test_target_and_actual_have_the_same_colour_on_every_chart(frames):
    """실적/목표 on the execution trend and 사업비 on composition: the same series colours everywhere."""
    trend = colour_of(build(budget.execution_trend(frames.trend, frames.target_curve, "en")), "en",
                      {"actual": "Actual", "target": "Target"})
    volume = colour_of(build(complaints.daily_volume(frames.volume, "ko")), "ko", {"received": "접수"})
    assert trend["actual"] == volume["received"]  # the "main" series is the same blue on both charts
    forecast = colour_of(build(budget.execution_forecast(frames.trend, frames.target_curve, FORECAST_PATH, "ko")),
                         "ko", {"actual": "실적", "target": "목표"})
    assert forecast == trend


def test_daily_series_show_the_7_day_average(frames):
    """The average line's value on a day is the mean of that day and the six before it (computed here)."""
    spec = build(citizen_hall.daily_visitors(frames.hall_daily, "ko"))
    rows = pd.DataFrame(spec["datasets"][spec["data"]["name"]])
    rows["day"] = pd.to_datetime(rows["day"])
    rows = rows.set_index("day").sort_index()
    day = rows.index[20]
    window = rows.loc[day - pd.Timedelta(days=6):day, "visitors"]
    assert rows.loc[day, "avg7"] == pytest.approx(sum(window) / len(window))
    faint, average = units(spec)
    assert faint["mark"]["opacity"] < 0.5 and average["encoding"]["y"]["field"] == "avg7"


@pytest.mark.parametrize("lang", LANGS)
def test_titles_sit_inside_the_drawing(frames, lang):
    """The title has room above it (top padding), so it is never cut at the chart's top edge."""
    for make in (lambda: complaints.daily_volume(frames.volume, lang),
                 lambda: budget.composition(frames.composition, lang)):
        spec = build(make())
        assert spec["padding"]["top"] >= 4 and spec["description"]


@pytest.mark.parametrize("lang", LANGS)
def test_programme_status_tells_status_in_words_against_the_target(lang):
    """Each programme's bar carries its rate and a word for its status (colour is not the only cue)."""
    frame = pd.DataFrame({"level": ["division", "programme", "programme"], "name_ko": ["부서", "가", "나"],
                          "name_en": ["Division", "A", "B"], "execution_rate": [50.0, 30.0, 70.0]})
    spec = build(budget.programme_status(frame, 52.94, lang))
    rows = {r["programme"]: r for r in spec["datasets"][spec["data"]["name"]] if "programme" in r} \
        if "data" in spec else {r["programme"]: r for u in units(spec) if "data" in u
                                for r in spec["datasets"][u["data"]["name"]] if "programme" in r}
    first, second = ("가", "나") if lang == "ko" else ("A", "B")
    assert rows[first]["label"] == f"30.00 · {t('divisions.programme.behind', lang)}"
    assert rows[second]["label"] == f"70.00 · {t('divisions.programme.on_track', lang)}"
    assert len(rows) == 2  # the division's own row is not a programme


def test_this_year_is_the_main_blue_and_last_year_grey(frames):
    """The monthly delay rate, 2016 against 2015: the current year takes the main series' colour."""
    spec = build(complaints.delay_by_month(frames.by_month, "ko"))
    years = colour_of(spec, "ko", {"this": "2016", "last": "2015"})
    trend = colour_of(build(budget.execution_trend(frames.trend, frames.target_curve, "ko")), "ko", {"actual": "실적"})
    assert years["this"] == trend["actual"] and years["last"] == "#7a7a7a"


def test_lines_and_areas_are_hidden_from_screen_readers_points_and_bars_are_not(frames):
    """A line or an area is one SVG path: its per-point descriptions were computed for every point and
    never read, so the path is aria-hidden; points and bars keep their descriptions, the title and axes
    theirs (in the browser the chart's description is also the drawing's aria-label)."""
    monthly = vlc.vegalite_to_svg(build(complaints.delay_by_month(frames.by_month, "ko")))
    groups = dict(re.findall(r'<g class="mark-(line|symbol|rect|area) role-mark[^"]*"([^>]*)>', monthly))
    assert 'aria-hidden="true"' in groups["line"]
    assert 'aria-hidden' not in groups["symbol"]
    assert re.search(r'<path [^>]*aria-label="[^"]*2016[^"]*"[^>]*role="graphics-symbol"', monthly)  # a point, read aloud
    daily = vlc.vegalite_to_svg(build(complaints.daily_volume(frames.volume, "ko")))
    assert set(re.findall(r'<g class="mark-line role-mark[^"]*"([^>]*)>', daily)) == {' aria-hidden="true"'}
    assert "aria-label=\"Title text '일별 접수·처리 건수'" in daily  # the title and the axes stay readable
    assert 'aria-label="Y-axis titled' in daily
    bars = vlc.vegalite_to_svg(build(complaints.delay_by_group(frames.delay_by_division, "ko", "complaints.chart.by_division")))
    assert 'aria-hidden' not in dict(re.findall(r'<g class="mark-(rect|text) role-mark[^"]*"([^>]*)>', bars))["rect"]
