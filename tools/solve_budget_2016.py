"""Solve the won amounts behind the report's 2016 budget tables; writes the demo CSVs.

The report ("2016년 예산편성 세부내역", 2016-08-10) prints every row in 백만원, rounded, and each
집행률 to two decimals. Sums of printed figures do not always add up (11,741 + 458 vs 12,198), so
the demo cannot just store printed figures times a million. This script finds integer won amounts
for the leaves (unit programmes and 기본경비 rows) such that for EVERY printed row

    round_half_up(SUM(budget) / 1e6)        == printed 예산액
    round_half_up(SUM(current) / 1e6)       == printed 예산현액
    round_half_up(SUM(executed) / 1e6)      == printed 집행액
    round_half_up(100 * SUM(executed) / SUM(current), 2) == printed 집행률

Each condition is a window that is linear in the amounts (a rate window after multiplying by
SUM(current)), so this is a linear feasibility problem. The same holds for the other budget figures
of the report, which are imposed too: the 부서별 비율 (one decimal; 신속행정담당관 at its computed
0.46%, the report's 4.5% being a slip), the 주요 사업별 비중, and the 구성별 table (2015 totals by
category, 비중, 증감 and 증감률; the report's 증감 4,644 / 4,616 are slips for 4,646 / 4,618).

It is solved as one LP that maximises the smallest normalised distance of every figure from the
edges of its window (so rounding to whole won cannot break a window), with a small dense simplex
(numpy only, deterministic). A second pass fixes the budgets, the carry-over and the 2015 totals
to whole 천원 and re-solves the executed amounts. The integer result is then verified exactly
(Decimal, half-up) against every figure before the CSVs are written.

Variables per leaf: budget b (million won) and executed e; current = b, except 시민청 운영 및 확산
whose current = b + carry-over (동남권역 시민청 조성비, printed 1,341백만원, a variable too).
Fully executed rows (100.00%) get executed == current; no leaf executes more than its current budget.

Two printed rates are infeasible together with the rest (see RATE_SLIPS) and are left free.

Run:  PYTHONPATH=. .venv/bin/python tools/solve_budget_2016.py
"""
from __future__ import annotations

import csv
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import numpy as np

from loading.demo import budget as demo

MILLION = 1_000_000

# --- the report's table, (예산액, 예산현액, 집행액, 집행률) in 백만원 / percent ----------------------------

OFFICE = (41_018, 42_360, 22_481, "53.07")
OFFICE_PROGRAMME = (40_350, 41_692, 22_089, "52.98")
OFFICE_BASIC = (668, 668, 392, "58.68")
DIVISIONS = {
    "civic": (12_198, 13_540, 6_135, "45.31"),
    "brand": (2_960, 2_960, 2_610, "88.16"),
    "service": (21_341, 21_341, 11_053, "51.79"),
    "newmedia": (4_331, 4_331, 2_635, "60.84"),
    "rapid": (188, 188, 49, "25.77"),
}
POLICIES = {
    "civic": (11_741, 13_082, 5_840, "44.64"),
    "brand": (2_930, 2_930, 2_592, "88.47"),
    "service": (21_234, 21_234, 11_012, "51.86"),
    "newmedia": (4_294, 4_294, 2_611, "60.80"),
    "rapid": (152, 152, 34, "22.32"),
}
LEAVES = {
    "civic.goal.01": (2_917, 2_917, 962, "32.99"),
    "civic.goal.02": (2_607, 2_607, 1_125, "43.15"),
    "civic.goal.03": (355, 355, 126, "35.39"),
    "civic.goal.04": (15, 15, 6, "40.00"),
    "civic.goal.05": (3_123, 4_464, 1_476, "33.07"),
    "civic.goal.06": (87, 87, 23, "25.90"),
    "civic.goal.07": (750, 750, 750, "100.00"),
    "civic.goal.08": (159, 159, 98, "61.53"),
    "civic.goal.09": (381, 381, 128, "33.63"),
    "civic.goal.10": (944, 944, 793, "84.01"),
    "civic.goal.11": (343, 343, 320, "93.37"),
    "civic.goal.12": (60, 60, 33, "54.31"),
    "civic.basic": (458, 458, 295, "64.49"),
    "brand.goal.01": (656, 656, 348, "53.09"),
    "brand.goal.02": (2_274, 2_274, 2_244, "98.68"),
    "brand.basic": (30, 30, 17, "57.52"),
    "service.goal.01": (787, 787, 787, "100.00"),
    "service.goal.02": (265, 265, 63, "23.94"),
    "service.goal.03": (75, 75, 30, "39.71"),
    "service.goal.04": (16_866, 16_866, 7_446, "44.15"),
    "service.goal.05": (2_808, 2_808, 2_272, "80.90"),
    "service.goal.06": (432, 432, 413, "95.75"),
    "service.basic": (107, 107, 41, "37.81"),
    "newmedia.goal.01": (418, 418, 303, "72.39"),
    "newmedia.goal.02": (90, 90, 5, "5.93"),
    "newmedia.goal.03": (417, 417, 191, "45.83"),
    "newmedia.goal.04": (152, 152, 78, "51.07"),
    "newmedia.goal.05": (1_447, 1_447, 1_148, "79.31"),
    "newmedia.goal.06": (756, 756, 388, "51.38"),
    "newmedia.goal.07": (333, 333, 167, "50.29"),
    "newmedia.goal.08": (450, 450, 177, "39.40"),
    "newmedia.goal.09": (231, 231, 154, "66.46"),
    "newmedia.basic": (38, 38, 24, "65.05"),
    "rapid.goal.01": (122, 122, 30, "24.24"),
    "rapid.goal.02": (31, 31, 4, "14.66"),
    "rapid.basic": (35, 35, 15, "40.55"),
}
# Two printed rates cannot be met together with the rest of the table: with 49/188 (rapid division),
# 34/152 at 22.32% (its policy goal), 30/122 at 24.24% and 4/31 at 14.66% (its programmes) and 15/35
# (its 기본경비), no won amounts give both 25.77% and 40.55% (15/35 alone is 40.8%-44.9% at most
# and 25.77% of 188 rounds to 48, not 49). Every other printed figure is met; these two are left
# free and come out as computed from the amounts (tests pin the computed values).
RATE_SLIPS = {"rapid": "25.77", "rapid.basic": "40.55"}
HALL = "civic.goal.05"  # 시민청 운영 및 확산: 예산현액 includes the carry-over
CARRY_OVER = 1_341  # 백만원
# 구성별 table
PRIOR = {"programme": 35_732, "basic": 639, "total": 36_372}
# 증감 as computed from the data (the report prints 4,616 and 4,644: 40,350 - 35,732 = 4,618, 41,018 - 36,372 = 4,646)
CHANGE = {"programme": 4_618, "basic": 29, "total": 4_646}
CHANGE_RATE = {"programme": "12.9", "basic": "4.5", "total": "12.8"}
PRIOR_SHARE = {"programme": "98.2", "basic": "1.8"}
SHARE_2016 = {"programme": "98.4", "basic": "1.6"}
# 부서별 비율; 신속행정담당관 is printed as 4.5% but 188 / 41,018 = 0.46% (a slip): the computed value is used.
DIVISION_SHARES = {"civic": "29.7", "brand": "7.2", "service": "52.0", "newmedia": "10.6", "rapid": "0.46"}
# 주요 사업별 비중 of the office budget
PROGRAMME_SHARES = {"service.goal.04": "41.1", "civic.goal.05": "7.6", "civic.goal.01": "7.1",
                    "civic.goal.02": "6.4", "brand.goal.02": "5.5"}


def printed_rows() -> list[tuple[str, list[str], tuple]]:
    """(row name, leaf codes summed, printed figures) for every row of the table."""
    codes = [leaf["code"] for leaf in demo.leaves()]
    assert set(codes) == set(LEAVES), "hierarchy and printed table disagree"
    rows = [("office", codes, OFFICE),
            ("office.programme", [c for c in codes if not c.endswith(".basic")], OFFICE_PROGRAMME),
            ("office.basic", [c for c in codes if c.endswith(".basic")], OFFICE_BASIC)]
    for division, figures in DIVISIONS.items():
        rows.append((division, [c for c in codes if c.startswith(division + ".")], figures))
        rows.append((demo.policy_code(division),
                     [c for c in codes if c.startswith(demo.policy_code(division) + ".")], POLICIES[division]))
    rows += [(code, [code], figures) for code, figures in LEAVES.items()]
    return rows


# --- a small dense LP solver ---------------------------------------------------------------------


def simplex_max(c: np.ndarray, a_ub: np.ndarray, b_ub: np.ndarray, tol: float = 1e-9) -> np.ndarray:
    """Maximise c·y subject to a_ub y <= b_ub, y >= 0, where b_ub >= 0 (y = 0 is feasible).

    Dense tableau simplex starting from the slack basis: Dantzig's rule (largest reduced cost),
    switching to Bland's rule after a run of degenerate pivots so it cannot cycle; the ratio test
    prefers the largest pivot among near-ties for numerical stability.
    """
    m, n = a_ub.shape
    assert (b_ub >= 0).all(), "start point must be feasible"
    scale = np.abs(a_ub).max(axis=1)
    scale[scale == 0] = 1.0
    tab = np.zeros((m + 1, n + m + 1))
    tab[:m, :n] = a_ub / scale[:, None]
    tab[np.arange(m), n + np.arange(m)] = 1.0
    tab[:m, -1] = b_ub / scale
    tab[m, :n] = -c  # objective row: reduced costs are -tab[m]
    basis = n + np.arange(m)
    degenerate_run = 0
    for _ in range(100_000):
        reduced = -tab[m, :-1]
        candidates = np.flatnonzero(reduced > tol)
        if candidates.size == 0:
            break
        j = int(candidates[0]) if degenerate_run > 50 else int(candidates[np.argmax(reduced[candidates])])
        col = tab[:m, j]
        pos = np.flatnonzero(col > tol)
        if pos.size == 0:
            raise RuntimeError("LP is unbounded")
        ratios = tab[pos, -1] / col[pos]
        best = ratios.min()
        ties = pos[ratios <= best + 1e-12 * max(1.0, abs(best))]
        if degenerate_run > 50:
            i = int(ties[np.argmin(basis[ties])])
        else:
            i = int(ties[np.argmax(col[ties])])
        degenerate_run = degenerate_run + 1 if best <= 1e-12 else 0
        tab[i] /= tab[i, j]
        factor = tab[:, j].copy()
        factor[i] = 0.0
        tab -= np.outer(factor, tab[i])
        basis[i] = j
    else:
        raise RuntimeError("simplex did not converge")
    y = np.zeros(n + m)
    y[basis] = tab[:m, -1]
    return y[:n]


# --- the figures to reproduce --------------------------------------------------------------------

Form = dict  # a linear form: variable -> coefficient; variables ("b", code), ("e", code), "carry", "p15", "b15"


def _budget(codes: list[str]) -> Form:
    return {("b", c): 1.0 for c in codes}


def _current(codes: list[str]) -> Form:
    form = _budget(codes)
    if HALL in codes:
        form["carry"] = 1.0
    return form


def _executed(codes: list[str]) -> Form:
    return {("e", c): 1.0 for c in codes}


def _minus(a: Form, b: Form) -> Form:
    out = dict(a)
    for k, v in b.items():
        out[k] = out.get(k, 0.0) - v
    return out


class Figure:
    """A printed figure as a window on the won amounts.

    amount: round_half_up(form / 1e6) == printed; ratio: round_half_up(100 * form / per, decimals) == printed.
    """

    def __init__(self, name: str, form: Form, printed: str | int, per: Form | None = None, decimals: int = 0):
        self.name, self.form, self.per, self.printed, self.decimals = name, form, per, Decimal(printed), decimals

    def value(self, amounts: dict) -> Decimal:
        num = sum(Decimal(amounts[k]) * Decimal(v) for k, v in self.form.items())
        if self.per is None:
            return num / MILLION
        return num * 100 / sum(Decimal(amounts[k]) * Decimal(v) for k, v in self.per.items())

    def holds(self, amounts: dict) -> bool:
        return half_up(self.value(amounts), Decimal(1).scaleb(-self.decimals)) == self.printed


def half_up(value: Decimal, quantum: Decimal | str = "1") -> Decimal:
    return value.quantize(Decimal(quantum), rounding=ROUND_HALF_UP)


def figures() -> list[Figure]:
    """Every figure of the two budget tables and the budget text, as windows on the amounts."""
    out: list[Figure] = []
    for name, codes, (p_b, p_c, p_e, rate) in printed_rows():
        out.append(Figure(f"{name} 예산액", _budget(codes), p_b))
        out.append(Figure(f"{name} 예산현액", _current(codes), p_c))
        out.append(Figure(f"{name} 집행액", _executed(codes), p_e))
        if name not in RATE_SLIPS:
            out.append(Figure(f"{name} 집행률", _executed(codes), rate, per=_current(codes), decimals=2))
    out.append(Figure("사고이월액", {"carry": 1.0}, CARRY_OVER))
    codes = [leaf["code"] for leaf in demo.leaves()]
    now = {"programme": _budget([c for c in codes if not c.endswith(".basic")]),
           "basic": _budget([c for c in codes if c.endswith(".basic")]), "total": _budget(codes)}
    prior = {"programme": {"p15": 1.0}, "basic": {"b15": 1.0}, "total": {"p15": 1.0, "b15": 1.0}}
    for cat in ("programme", "basic", "total"):
        out.append(Figure(f"2015 {cat}", prior[cat], PRIOR[cat]))
        out.append(Figure(f"증감 {cat}", _minus(now[cat], prior[cat]), CHANGE[cat]))
        out.append(Figure(f"증감률 {cat}", _minus(now[cat], prior[cat]), CHANGE_RATE[cat], per=prior[cat], decimals=1))
        if cat != "total":
            out.append(Figure(f"2015 비중 {cat}", prior[cat], PRIOR_SHARE[cat], per=prior["total"], decimals=1))
            out.append(Figure(f"2016 비중 {cat}", now[cat], SHARE_2016[cat], per=now["total"], decimals=1))
    for division, share in DIVISION_SHARES.items():
        decimals = len(share.split(".")[1])
        out.append(Figure(f"{division} 비율", _budget([c for c in codes if c.startswith(division + ".")]), share,
                          per=now["total"], decimals=decimals))
    for code, share in PROGRAMME_SHARES.items():
        out.append(Figure(f"{code} 비중", _budget([code]), share, per=now["total"], decimals=1))
    return out


# --- the budget LP ---------------------------------------------------------------------------------


def solve(fixed: dict | None = None) -> dict:
    """The amounts (won) of every variable: ('b', code), ('e', code), 'carry', 'p15', 'b15'.

    `fixed` pins some variables (won) - the second pass keeps budgets in whole 천원.
    """
    fixed = fixed or {}
    codes = [leaf["code"] for leaf in demo.leaves()]
    variables = [("b", c) for c in codes] + [("e", c) for c in codes] + ["carry", "p15", "b15"]
    col = {v: i for i, v in enumerate(variables)}
    t_col = len(variables)  # the margin to maximise
    n = t_col + 1
    rows: list[np.ndarray] = []
    rhs: list[float] = []

    def vec(form: Form) -> np.ndarray:
        out = np.zeros(n)
        for k, v in form.items():
            out[col[k]] += v
        return out

    def add(a: np.ndarray, bound: float, weight: float) -> None:
        """a·z + weight·t <= bound."""
        a = a.copy()
        a[t_col] = weight
        rows.append(a)
        rhs.append(bound)

    for fig in figures():
        half = 0.5 * 10.0 ** -fig.decimals
        p = float(fig.printed)
        if fig.per is None:  # p - half <= N/1e6 < p + half, N in million won
            add(vec(fig.form), p + half, half)
            add(-vec(fig.form), -(p - half), half)
        else:  # (p - half)·D <= 100·N < (p + half)·D, weighted by the window's half width at the printed D
            num, den = 100 * vec(fig.form), vec(fig.per)
            scale = half * abs(float(den @ start_point(col, n)))
            add(num - (p + half) * den, 0.0, scale)
            add((p - half) * den - num, 0.0, scale)
    for code in codes:  # executed never exceeds the current budget; 100% rows are fully executed
        gap = vec(_minus(_executed([code]), _current([code])))
        add(gap, 0.0, 0.0)
        if LEAVES[code][3] == "100.00":
            add(-gap, 0.0, 0.0)
    for v, won in fixed.items():
        pin = np.zeros(n)
        pin[col[v]] = 1.0
        add(pin, won / MILLION, 0.0)
        add(-pin, -won / MILLION, 0.0)
    upper = np.zeros(n)
    upper[t_col] = 1.0
    add(upper, 1.0, 0.0)

    a_ub, h = np.array(rows), np.array(rhs)
    # Start from the printed figures with a very negative margin t (feasible for every window):
    # z = z0 + y_plus - y_minus for the amounts, t = t0 + s, all of y_plus, y_minus, s >= 0.
    z0 = start_point(col, n)
    for v, won in fixed.items():
        z0[col[v]] = won / MILLION
    weights = a_ub[:, t_col]
    excess = a_ub @ z0 - h
    assert (excess[weights == 0] <= 1e-9).all(), "printed figures break an unweighted constraint"
    z0[t_col] = -float(np.max(excess[weights > 0] / weights[weights > 0])) - 1.0
    free = list(range(t_col))
    lifted = np.hstack([a_ub[:, free], -a_ub[:, free], a_ub[:, [t_col]]])
    objective = np.zeros(lifted.shape[1])
    objective[-1] = 1.0
    y = simplex_max(objective, lifted, np.maximum(h - a_ub @ z0, 0.0))
    z = z0.copy()
    z[free] += y[:len(free)] - y[len(free):2 * len(free)]
    z[t_col] += y[-1]
    print(f"LP margin t = {z[t_col]:.4f} (share of each window's half width kept free)")
    if z[t_col] <= 0:
        raise SystemExit("no amounts reproduce every figure")
    amounts = {v: fixed.get(v, int(round(z[col[v]] * MILLION))) for v in variables}
    for code in codes:
        current = amounts[("b", code)] + (amounts["carry"] if code == HALL else 0)
        if LEAVES[code][3] == "100.00":
            amounts[("e", code)] = current
        amounts[("e", code)] = min(amounts[("e", code)], current)
    return amounts


def start_point(col: dict, n: int) -> np.ndarray:
    """The printed figures (million won) as the LP's starting amounts."""
    z0 = np.zeros(n)
    for code, (p_b, _p_c, p_e, _rate) in LEAVES.items():
        z0[col[("b", code)]] = p_b
        z0[col[("e", code)]] = p_e
    z0[col["carry"]] = CARRY_OVER
    z0[col["p15"]] = PRIOR["programme"]
    z0[col["b15"]] = PRIOR["basic"]
    return z0


def verify(amounts: dict) -> None:
    """Raise AssertionError unless every figure is reproduced exactly; print the computed slips."""
    bad = [f"{fig.name}: {fig.value(amounts)} vs {fig.printed}" for fig in figures() if not fig.holds(amounts)]
    assert not bad, "\n".join(bad)
    for name, codes, (_b, _c, _e, rate) in printed_rows():
        if name in RATE_SLIPS:
            fig = Figure(name, _executed(codes), rate, per=_current(codes), decimals=2)
            print(f"{name}: 집행률 {half_up(fig.value(amounts), '0.01')} computed (report prints {rate})")


def main() -> None:
    first = solve()
    # second pass: budgets, the carry-over and the 2015 totals in whole 천원, executed amounts re-solved
    in_thousands = {v: int(round(won / 1000)) * 1000 for v, won in first.items() if v[0] != "e"}
    amounts = solve(in_thousands)
    verify(amounts)
    demo.DATA_DIR.mkdir(parents=True, exist_ok=True)
    with Path(demo.LEAVES_CSV).open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(["code", "budget_won", "current_budget_won", "executed_won"])
        for leaf in demo.leaves():
            code = leaf["code"]
            budget = amounts[("b", code)]
            current = budget + (amounts["carry"] if code == HALL else 0)
            writer.writerow([code, budget, current, amounts[("e", code)]])
    with Path(demo.PRIOR_CSV).open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(["fiscal_year", "category", "budget_won"])
        writer.writerow([demo.FISCAL_YEAR - 1, "programme", amounts["p15"]])
        writer.writerow([demo.FISCAL_YEAR - 1, "basic", amounts["b15"]])
    print(f"wrote {demo.LEAVES_CSV} and {demo.PRIOR_CSV}")


if __name__ == "__main__":
    main()
