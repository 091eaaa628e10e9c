"""Year-end execution forecast (연말 집행 전망): pure functions over the monthly execution history.

Method (one sentence, shown wherever a projection is): the year-end 집행액 is this year's cumulative
집행액 divided by the share of the year's execution that past years had reached by the same day
(their seasonal shape); the range uses the past years with the highest and the lowest share; the
office's is the sum of its divisions' (see `combine`).

Definitions (money in won, rates in percent of 예산현액):
- A key's series is the SUM over its leaves of `data_access.budget.execution_history` (the office,
  one division, or one unit programme). A past year counts when it has all 12 months and a
  December 집행액 above zero; its share at month m is 집행액(m) / 집행액(12).
- The share on a day is interpolated linearly within its month (share(0) = 0).
- projected 집행액 F = min(예산현액, 집행액 now / mean share), never below 집행액 now; projected rate =
  F / 예산현액 × 100; 예상 불용액 = 예산현액 - F. Low/high: with the largest/smallest past share.
- The monthly amount needed: (target × 예산현액 - 집행액 now) / months left (the current month counts
  when the as-of date is not its last day), for the year-end target and, before the end of June,
  the half-year (상반기 신속집행) target, both from the target curve in config/targets.py.
- No forecast, with the reason, when: no 예산현액 ('no_budget'); no past year at all for a unit
  programme ('new_programme'); fewer than MIN_YEARS usable past years ('too_few_years'); past years
  had reached under MIN_SHARE of their year by this day ('too_early').
- Naive comparison (backtest only): the rate now × days in the year / days elapsed, capped at 100.
"""
from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass, field, replace

import pandas as pd

from config.targets import EXECUTION_TARGET_CURVE

MIN_YEARS = 2
MIN_SHARE = 0.05
OFFICE_KEY = "office"
GRAINS = ("office", "division", "programme")
YEAR_END_TARGET = EXECUTION_TARGET_CURVE[11]
HALF_YEAR_TARGET = EXECUTION_TARGET_CURVE[5]
BACKTEST_MONTHS = (4, 6, 8, 10)

METHOD = {
    "ko": "전망: 올해 누적 집행액을 과거 연도들이 같은 날까지 집행한 비율(연간 집행액 대비)의 평균으로 나누어 "
          "연말 집행액을 추정하고, 범위는 그 비율이 가장 높았던 해와 가장 낮았던 해로 계산합니다"
          "(기획관 전체는 5개 부서 전망의 합).",
    "en": "Projection: this year's cumulative spending divided by the average share of their year's "
          "spending that past years had reached by the same day; the range uses the past years with "
          "the highest and the lowest share (the office's is the sum of its five divisions').",
}
REASONS = ("no_budget", "new_programme", "too_few_years", "too_early")
COLUMNS = ["grain", "key", "division_code", "as_of", "current_budget_won", "executed_won", "rate_now",
           "projected_rate", "rate_low", "rate_high", "projected_executed_won", "unspent_won",
           "unspent_low_won", "unspent_high_won", "needed_monthly_year_end_won", "needed_monthly_half_won",
           "months_left", "years", "reason"]


@dataclass(frozen=True)
class Forecast:
    """One key's projection; `reason` is set (and every projected figure None) when there is none."""

    grain: str
    key: str
    division_code: str | None
    as_of: dt.date
    current_budget_won: int
    executed_won: int
    rate_now: float | None
    years: tuple[int, ...] = ()
    projected_rate: float | None = None
    rate_low: float | None = None
    rate_high: float | None = None
    projected_executed_won: int | None = None
    unspent_won: int | None = None
    unspent_low_won: int | None = None  # with the highest projected rate
    unspent_high_won: int | None = None
    needed_monthly_year_end_won: int | None = None
    needed_monthly_half_won: int | None = None
    months_left: int = 0
    reason: str | None = None
    # (month end, projected cumulative rate, low, high) from the as-of date to 31 December
    path: tuple[tuple[dt.date, float, float, float], ...] = field(default=(), repr=False)

    @property
    def ok(self) -> bool:
        return self.reason is None


# --- small pure helpers ------------------------------------------------------------------------


def month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def is_month_end(day: dt.date) -> bool:
    return day == month_end(day.year, day.month)


def months_left(as_of: dt.date, last_month: int = 12) -> int:
    """Whole months from `as_of` to the end of `last_month`, counting as_of's month unless it ends on as_of."""
    return max(0, last_month - as_of.month + (0 if is_month_end(as_of) else 1))


def share_on(shares: list[float], day: dt.date) -> float:
    """A past year's cumulative share (12 month-end values) on the same month and day as `day`."""
    before = 0.0 if day.month == 1 else shares[day.month - 2]
    frac = day.day / calendar.monthrange(day.year, day.month)[1]
    return before + (shares[day.month - 1] - before) * frac


def naive_rate(rate_now: float, as_of: dt.date) -> float:
    """Straight line: the rate now × days in the year / days elapsed, capped at 100."""
    elapsed = (as_of - dt.date(as_of.year, 1, 1)).days + 1
    total = 366 if calendar.isleap(as_of.year) else 365
    return min(100.0, rate_now * total / elapsed)


def series(history: pd.DataFrame, grain: str) -> pd.DataFrame:
    """SUMs of the leaf history per key, year and month: key, division_code, fiscal_year, month, amounts."""
    frame = history
    if grain == "office":
        frame = frame.assign(key=OFFICE_KEY, division_code=None)
    elif grain == "division":
        frame = frame.assign(key=frame["division_code"])
    elif grain == "programme":
        frame = frame[frame["level"] == "programme"].assign(key=lambda f: f["code"])
    else:
        raise ValueError(f"unknown grain {grain!r}; expected one of {', '.join(GRAINS)}")
    out = (frame.groupby(["key", "fiscal_year", "month"], dropna=False)
           .agg(division_code=("division_code", "first"), current_budget_won=("current_budget_won", "sum"),
                executed_won=("executed_won", "sum"))
           .reset_index())
    return out


def past_shares(key_series: pd.DataFrame, before_year: int) -> dict[int, list[float]]:
    """year -> 12 month-end shares of the year's December 집행액, for complete past years only."""
    out: dict[int, list[float]] = {}
    for year, rows in key_series[key_series["fiscal_year"] < before_year].groupby("fiscal_year"):
        by_month = rows.set_index("month")["executed_won"]
        if set(by_month.index) != set(range(1, 13)) or by_month[12] <= 0:
            continue
        out[int(year)] = [float(by_month[m]) / float(by_month[12]) for m in range(1, 13)]
    return out


# --- the projection ----------------------------------------------------------------------------


def project(*, grain: str, key: str, division_code: str | None, as_of: dt.date, current_budget_won: int,
            executed_won: int, shares: dict[int, list[float]], known_years: int | None = None) -> Forecast:
    """The forecast for one key from its figures now and its past years' shares (see the module doc).

    `known_years`: how many past years the key appears in at all (complete or not); 0 for a unit
    programme means a new programme. Defaults to len(shares).
    """
    rate_now = executed_won / current_budget_won * 100 if current_budget_won > 0 else None
    base = dict(grain=grain, key=key, division_code=division_code, as_of=as_of,
                current_budget_won=int(current_budget_won), executed_won=int(executed_won), rate_now=rate_now,
                years=tuple(sorted(shares)), months_left=months_left(as_of))
    known = len(shares) if known_years is None else known_years
    if current_budget_won <= 0:
        return Forecast(**base, reason="no_budget")
    if grain == "programme" and known == 0:
        return Forecast(**base, reason="new_programme")
    if len(shares) < MIN_YEARS:
        return Forecast(**base, reason="too_few_years")
    now = [share_on(s, as_of) for s in shares.values()]
    mean_now = sum(now) / len(now)
    if mean_now < MIN_SHARE or min(now) <= 0:
        return Forecast(**base, reason="too_early")
    cap = float(current_budget_won)

    def final(share: float) -> float:
        return min(cap, max(float(executed_won), executed_won / share))

    mid, high, low = final(mean_now), final(min(now)), final(max(now))
    mean_month = [sum(s[m] for s in shares.values()) / len(shares) for m in range(12)]
    path = [(as_of, rate_now, rate_now, rate_now)]
    for month in range(as_of.month, 13):
        day = month_end(as_of.year, month)
        if day <= as_of:
            continue
        weight = 1.0 if mean_now >= 1 else min(1.0, max(0.0, (mean_month[month - 1] - mean_now) / (1 - mean_now)))
        point = [(executed_won + (f - executed_won) * weight) / cap * 100 for f in (mid, low, high)]
        path.append((day, *point))
    left = months_left(as_of)
    left_half = months_left(as_of, 6) if as_of < dt.date(as_of.year, 6, 30) else 0

    def needed(target: float, months: int) -> int | None:
        if months <= 0:
            return None
        return int(round(max(0.0, target / 100 * cap - executed_won) / months))

    return Forecast(**{**base, "months_left": left}, projected_rate=mid / cap * 100, rate_low=low / cap * 100,
                    rate_high=high / cap * 100, projected_executed_won=int(round(mid)),
                    unspent_won=int(round(cap - mid)), unspent_low_won=int(round(cap - high)),
                    unspent_high_won=int(round(cap - low)),
                    needed_monthly_year_end_won=needed(YEAR_END_TARGET, left),
                    needed_monthly_half_won=needed(HALF_YEAR_TARGET, left_half) if left_half else None,
                    path=tuple(path))


def combine(direct: Forecast, parts: list[Forecast]) -> Forecast:
    """The office's forecast as the SUM of its divisions' (projected 집행액, range and path, in won).

    Used when every division has a forecast and together they make the office's 예산현액 and 집행액;
    otherwise the office's own seasonal shares (`direct`) stand. Needs and months are the office's.
    """
    if not direct.ok or not parts or not all(p.ok for p in parts) \
            or sum(p.current_budget_won for p in parts) != direct.current_budget_won \
            or sum(p.executed_won for p in parts) != direct.executed_won:
        return direct
    cap = float(direct.current_budget_won)
    mid = sum(p.projected_executed_won for p in parts)
    low = sum(p.current_budget_won - p.unspent_high_won for p in parts)
    high = sum(p.current_budget_won - p.unspent_low_won for p in parts)
    path = []
    for i, (day, *_rest) in enumerate(direct.path):
        won = [sum(p.path[i][j] * p.current_budget_won / 100 for p in parts) for j in (1, 2, 3)]
        path.append((day, *(w / cap * 100 for w in won)))
    return replace(direct, projected_rate=mid / cap * 100, rate_low=low / cap * 100, rate_high=high / cap * 100,
                   projected_executed_won=mid, unspent_won=int(cap) - mid, unspent_low_won=int(cap) - high,
                   unspent_high_won=int(cap) - low, path=tuple(path))


def _key_forecast(grain: str, key, rows: pd.DataFrame, as_of: dt.date) -> Forecast | None:
    now = rows[(rows["fiscal_year"] == as_of.year) & (rows["month"] <= as_of.month)]
    if now.empty:
        return None
    last = now.sort_values("month").iloc[-1]
    known = rows.loc[rows["fiscal_year"] < as_of.year, "fiscal_year"].nunique()
    return project(grain=grain, key=str(key), division_code=last["division_code"], as_of=as_of,
                   current_budget_won=int(last["current_budget_won"]), executed_won=int(last["executed_won"]),
                   shares=past_shares(rows, as_of.year), known_years=int(known))


def forecasts(history: pd.DataFrame, as_of: dt.date, grains: tuple[str, ...] = GRAINS) -> list[Forecast]:
    """One Forecast per key of each grain that has figures in `as_of`'s year (office, divisions, programmes).

    The office's is the SUM of its divisions' when every division has one (see `combine`).
    """
    out: list[Forecast] = []
    divisions = [f for key, rows in series(history, "division").groupby("key", sort=False)
                 if (f := _key_forecast("division", key, rows, as_of)) is not None]
    for grain in grains:
        if grain == "division":
            out += divisions
            continue
        for key, rows in series(history, grain).groupby("key", sort=False):
            item = _key_forecast(grain, key, rows, as_of)
            if item is not None:
                out.append(combine(item, divisions) if grain == "office" else item)
    return out


def to_frame(items: list[Forecast]) -> pd.DataFrame:
    """The forecasts as a DataFrame with COLUMNS (years as a tuple; None/NaN where there is no forecast)."""
    rows = [{c: getattr(f, c) for c in COLUMNS} for f in items]
    frame = pd.DataFrame(rows, columns=COLUMNS)
    for col in ("rate_now", "projected_rate", "rate_low", "rate_high"):
        frame[col] = frame[col].astype("float64")
    return frame


def path_frame(item: Forecast) -> pd.DataFrame:
    """The projection path for a chart: as_of (date), rate, low, high (percent of 예산현액)."""
    return pd.DataFrame(list(item.path), columns=["as_of", "rate", "low", "high"])


def at_risk(items: list[Forecast], limit: int = 10) -> list[Forecast]:
    """Unit programmes with a forecast and a projected 불용액 above zero, largest 예상 불용액 first."""
    chosen = [f for f in items if f.grain == "programme" and f.ok and (f.unspent_won or 0) > 0]
    return sorted(chosen, key=lambda f: (-(f.unspent_won or 0), f.key))[:limit]


# --- backtest ----------------------------------------------------------------------------------


def backtest(history: pd.DataFrame, months: tuple[int, ...] = BACKTEST_MONTHS,
             grains: tuple[str, ...] = GRAINS) -> pd.DataFrame:
    """Project each complete past year at the end of each of `months` from the years before it only.

    Columns: grain, key, year, month, actual (the year's December rate), projected, naive. A (key,
    year) enters only when the method has a forecast (at least MIN_YEARS complete earlier years).
    """
    rows = []
    for grain in grains:
        frame = series(history, grain)
        if grain == "office":
            rows += _office_backtest(history, months)
            continue
        for key, key_rows in frame.groupby("key", sort=False):
            complete = past_shares(key_rows, 10_000)
            for year in sorted(complete):
                year_rows = key_rows[key_rows["fiscal_year"] == year].set_index("month")
                december = year_rows.loc[12]
                if december["current_budget_won"] <= 0:
                    continue
                actual = december["executed_won"] / december["current_budget_won"] * 100
                shares = {y: s for y, s in complete.items() if y < year}
                for month in months:
                    day = month_end(year, month)
                    now = year_rows.loc[month]
                    item = project(grain=grain, key=str(key), division_code=now["division_code"], as_of=day,
                                   current_budget_won=int(now["current_budget_won"]),
                                   executed_won=int(now["executed_won"]), shares=shares)
                    if not item.ok or item.rate_now is None:
                        continue
                    rows.append({"grain": grain, "key": str(key), "year": int(year), "month": month,
                                 "actual": float(actual), "projected": float(item.projected_rate),
                                 "naive": naive_rate(item.rate_now, day)})
    return pd.DataFrame(rows, columns=["grain", "key", "year", "month", "actual", "projected", "naive"])


def _office_backtest(history: pd.DataFrame, months: tuple[int, ...]) -> list[dict]:
    """The office's backtest rows, projected as `forecasts` does (the SUM of its divisions')."""
    rows = []
    office = series(history, "office")
    for year in sorted(past_shares(office, 10_000)):
        past = history[history["fiscal_year"] <= year]
        december = office[(office["fiscal_year"] == year) & (office["month"] == 12)].iloc[0]
        if december["current_budget_won"] <= 0:
            continue
        actual = december["executed_won"] / december["current_budget_won"] * 100
        for month in months:
            day = month_end(year, month)
            upto = past[(past["fiscal_year"] < year) | (past["month"] <= month)]
            (item,) = forecasts(upto, day, ("office",))
            if item.ok and item.rate_now is not None:
                rows.append({"grain": "office", "key": OFFICE_KEY, "year": int(year), "month": month,
                             "actual": float(actual), "projected": float(item.projected_rate),
                             "naive": naive_rate(item.rate_now, day)})
    return rows


def backtest_summary(results: pd.DataFrame) -> pd.DataFrame:
    """MAE (percentage points) of the method and of the naive line per grain and month, with cases."""
    frame = results.assign(err=(results["projected"] - results["actual"]).abs(),
                           naive_err=(results["naive"] - results["actual"]).abs())
    return (frame.groupby(["grain", "month"], sort=False)
            .agg(cases=("err", "size"), mae=("err", "mean"), naive_mae=("naive_err", "mean"))
            .reset_index())


# --- the query a page calls through the shared cache ------------------------------------------------


def execution_forecast(*, engine, scope, as_of: dt.date, division: str | None = None) -> list[Forecast]:
    """Forecasts for the scope as of `as_of`: the office (office scope without a division only), each
    division and each unit programme, from `data_access.budget.execution_history` (ten past years)."""
    from data_access.budget import execution_history

    history = execution_history(engine=engine, scope=scope, as_of=as_of, division=division)
    grains = GRAINS if scope.is_office and division is None else ("division", "programme")
    return forecasts(history, as_of, grains)


# --- wording (pure: the pages, the overview, the PDF and /metrics share it) -----------------------------


def reason_text(item: Forecast, lang: str) -> str:
    """'전망 없음: <reason>' / 'No projection: <reason>'."""
    from config.i18n import t

    return t("forecast.none", lang, reason=t(f"forecast.reason.{item.reason}", lang))


def sentence(item: Forecast, lang: str) -> str:
    """One sentence: the projected year-end rate, its range and 예상 불용액 (or why there is none)."""
    from config.formats import fmt_money_headline, fmt_rate
    from config.i18n import t

    if not item.ok:
        return reason_text(item, lang)
    return t("forecast.sentence", lang, rate=fmt_rate(item.projected_rate, 1), low=fmt_rate(item.rate_low, 1),
             high=fmt_rate(item.rate_high, 1), unspent=fmt_money_headline(item.unspent_won, lang))


def for_key(items: list[Forecast], grain: str, key: str) -> Forecast | None:
    return next((f for f in items if f.grain == grain and f.key == key), None)


def headline(items: list[Forecast], division: str | None = None) -> Forecast | None:
    """The forecast a scope's headline shows: the office's, or the division's when one is given/only one."""
    if division is not None:
        return for_key(items, "division", division)
    office = for_key(items, "office", OFFICE_KEY)
    if office is not None:
        return office
    divisions = [f for f in items if f.grain == "division"]
    return divisions[0] if len(divisions) == 1 else None


# For the /metrics catalogue (the metrics helper's page): what the projection is, in one entry.
CATALOGUE = {
    "id": "budget_year_end_projection",
    "label_ko": "연말 집행 전망 (예상 집행률·예상 불용액)", "label_en": "Year-end execution projection (rate, unspent)",
    "definition_ko": METHOD["ko"], "definition_en": METHOD["en"],
    "query": "data_access.budget.execution_history → metrics.forecast.execution_forecast",
    "grain": ("office", "division", "programme"), "owner": "", "page": "budget",
}
