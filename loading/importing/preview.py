"""Review items of an import: what a valid file would change that a person should look at first.

An import is always run to the end inside its transaction - so its counts and as-of date are the
real ones - and then rolled back when it is a preview (`dry_run`) or when it has review items
that were not accepted (`accept_warnings`). Review items:

- a date far beyond the file's other dates (validate.py: `import.date_outlier`);
- the dataset's as-of date jumping more than AS_OF_JUMP_DAYS ahead (`import.as_of_jump`);
- codes the load would create (budget items and policy goals: `import.new_code`) - a typo in a
  code otherwise becomes a new programme;
- an amount JUMP_RATIO times the previous value of its series, or a tenth of it
  (`import.amount_jump`): visitors, followers, reach, participants, 예산액 and 예산현액.
"""
from __future__ import annotations

import datetime as dt

from sqlalchemy import Connection, select

from data_access.models import BrandCampaign, BudgetItem, ForeignChannel, SnsChannel
from loading.importing.validate import Problem
from loading.importing.versions import TABLES, Changes

AS_OF_JUMP_DAYS = 45
JUMP_RATIO = 10

# table -> (columns naming the series, date column, watched amounts, reference table for the series' code)
SERIES = {
    "citizen_hall_day": ((), "day", ("visitors",), None),
    "sns_snapshot": (("channel_id",), "day", ("followers",), SnsChannel),
    "brand_campaign_reach": (("campaign_id",), "day", ("participants",), BrandCampaign),
    "foreign_channel_daily": (("channel_id",), "day", ("reach",), ForeignChannel),
    "budget_snapshot": (("item_id",), "as_of", ("budget_won", "current_budget_won"), BudgetItem),
}


def as_of_jump(previous: dt.date | None, after: dt.date) -> list[Problem]:
    if previous is None or (after - previous).days <= AS_OF_JUMP_DAYS:
        return []
    return [Problem(None, None, "import.as_of_jump", {"before": previous.isoformat(), "after": after.isoformat(),
                                                       "days": f"{(after - previous).days:,}"}, "review")]


def new_codes(created: list[tuple[str, int, str, str]], known_years: set[int]) -> list[Problem]:
    """Budget items and policy goals the load creates in a fiscal year the database already holds
    (a first load of a year creates every code, which is no news)."""
    return [Problem(None, "parent_code" if kind == "goal" else "item_code", f"import.new_{kind}",
                    {"year": year, "code": code, "name": name}, "review")
            for kind, year, code, name in created if year in known_years]


def amount_jumps(conn: Connection, after: dict[str, dict[tuple, tuple]], changes: Changes) -> list[Problem]:
    """Amounts of added or changed rows that are JUMP_RATIO times (or a JUMP_RATIO-th of) the previous
    value of the same series (the same channel, campaign or budget item, by date)."""
    problems: list[Problem] = []
    for name, rows in after.items():
        if name not in SERIES:
            continue
        touched = set(changes.inserts.get(name, [])) | {pk for pk, _ in changes.updates.get(name, [])}
        if not touched:
            continue
        table = TABLES[name]
        keys, day_col, amounts, ref = SERIES[name]
        columns = list(table.c.keys())
        pk_pos = [columns.index(c.name) for c in table.primary_key.columns]
        key_pos = [columns.index(k) for k in keys]
        day_pos = columns.index(day_col)
        codes = dict(conn.execute(select(ref.id, ref.code)).all()) if ref is not None else {}
        series: dict[tuple, list[tuple]] = {}
        for row in rows.values():
            series.setdefault(tuple(row[p] for p in key_pos), []).append(row)
        for key, items in series.items():
            items.sort(key=lambda r: r[day_pos])
            for previous, row in zip(items, items[1:]):
                if tuple(row[p] for p in pk_pos) not in touched:
                    continue
                for amount in amounts:
                    value, before = row[columns.index(amount)] or 0, previous[columns.index(amount)] or 0
                    if value > 0 and before > 0 and (value >= JUMP_RATIO * before or before >= JUMP_RATIO * value):
                        problems.append(Problem(None, amount, "import.amount_jump", {
                            "what": str(codes.get(key[0], key[0])) if key else amount, "day": row[day_pos].isoformat(),
                            "value": f"{value:,}", "previous": f"{before:,}",
                            "previous_day": previous[day_pos].isoformat()}, "review"))
    return problems
