"""What every page shows for a missing value: "–", never "None", "nan" or "<NA>" (both languages)."""
from __future__ import annotations

import re

import pytest

from tests.pages.conftest import make_user
from config.pages import PAGES as PAGE_DEFS
from tests.pages.helpers import kpi_cards, run_page, tables

MISSING_WORDS = re.compile(r"(?<![A-Za-z])(None|nan|NaN|NaT|<NA>)(?![A-Za-z])")


def shown_cells(at) -> str:
    """The cells of every st.dataframe as the grid shows them: a missing value as the grid's placeholder
    ("None" when the dataframe sets none, which is Streamlit's default)."""
    parts = []
    for frame in at.dataframe:
        placeholder = frame.proto.placeholder if frame.proto.HasField("placeholder") else "None"
        parts.append(frame.value.astype(object).where(frame.value.notna(), placeholder).to_string())
    return "\n".join(parts)


# every page with figures (the wall runs its own fragments; the admin pages show no report figures)
PAGES = [p.file for p in PAGE_DEFS if p.key not in {"wall", "admin_import", "admin_audit", "admin_loads"}]


@pytest.mark.parametrize("lang", ["ko", "en"])
@pytest.mark.parametrize("path", PAGES)
def test_no_page_shows_none_or_nan(demo_app_env, path, lang):
    at = run_page(path, make_user("executive"), lang=lang)
    assert not at.exception, at.exception
    text = "\n".join(page_text_without_grids(at)) + "\n" + shown_cells(at)
    found = sorted({m.group(0) for m in MISSING_WORDS.finditer(text)})
    assert found == [], f"{path} ({lang}) shows {found}"


def page_text_without_grids(at):
    for kind in ("title", "header", "subheader", "markdown", "caption", "info", "warning", "error", "success"):
        yield from (str(el.value) for el in getattr(at, kind))
    yield from (f"{m.label} {m.value} {m.delta or ''}" for m in at.metric)
    yield from (" ".join(x for x in (c.label, c.value, c.delta, c.delta_description, c.badge, c.caption, c.help) if x)
                for c in kpi_cards(at))
    for table in tables(at):
        yield table.reset_index().to_string()
    yield from (str(el.proto.label) for el in at.get("expandable"))


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_budget_tables_level_cells_never_repeat_the_column_name(demo_app_env, lang):
    """The 구분 cell of the 사업예산/기본경비 rows says what the row is, not "구분" again."""
    from config.i18n import t

    at = run_page("pages/budget.py", make_user("executive"), lang=lang)
    column = t("budget.col.level", lang)
    found = [table for table in tables(at) if column in table.columns]
    assert found
    for frame in found:
        assert column not in set(frame[column]), frame[column].tolist()


def test_signal_lights_worst_first_with_division_and_total_for_the_office(demo_app_env):
    """신호등 table: every team, overdue first, its division named, a total per team, status in words."""
    from config.i18n import t

    at = run_page("pages/complaints.py", make_user("executive"))
    overdue = "🔴 " + t("complaints.col.overdue", "ko")
    frames = [f for f in tables(at) if overdue in f.columns]  # a static table (text as printed)
    assert frames
    lights = frames[0].reset_index()
    assert t("common.division", "ko") in lights.columns and (lights[t("common.division", "ko")] != "–").all()
    parts = ["🔴 " + t("complaints.col.overdue", "ko"), "🟠 " + t("complaints.col.imminent", "ko"),
             "🟢 " + t("complaints.col.normal", "ko")]
    total = t("complaints.signal.total", "ko")
    numbers = lights[[*parts, total]].apply(lambda col: col.map(lambda v: int(str(v).replace(",", ""))))
    assert len(lights) > 10 and list(numbers[overdue]) == sorted(numbers[overdue], reverse=True)
    assert (numbers[parts].sum(axis=1) == numbers[total]).all()
