"""The one Altair theme: registered and enabled, Okabe-Ito palette, Korean font stack."""
from __future__ import annotations

import altair as alt
import pandas as pd

import charts  # noqa: F401  (importing the package enables the theme)
from charts import theme
from tests.charts.spec import vega

# Okabe & Ito (2008), "Color Universal Design": the eight colours, written out independently of the theme.
OKABE_ITO = {"#000000", "#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7"}


def _fonts(stack: str) -> list[str]:
    return [name.strip().strip("'\"") for name in stack.split(",")]


def _config() -> dict:
    return theme.seoul_theme()["config"]


def test_theme_is_registered():
    """The theme is registered with Altair under its name."""
    assert theme.THEME_NAME in alt.theme.names()


def test_theme_is_enabled_on_import():
    """Importing the charts package makes the theme the active one."""
    assert alt.theme.active == theme.THEME_NAME


def test_charts_carry_the_theme_config():
    """A chart's spec carries the theme's font and palette in its config."""
    spec = alt.Chart(pd.DataFrame({"a": [1]})).mark_bar().encode(x="a:Q").to_dict()
    assert spec["config"]["font"] == theme.FONT
    assert spec["config"]["range"]["category"] == theme.PALETTE


def test_palette_is_okabe_ito():
    """The categorical palette is exactly the eight Okabe-Ito colours, each once."""
    assert len(theme.PALETTE) == 8
    assert {c.upper() for c in theme.PALETTE} == OKABE_ITO


def test_category_range_is_the_palette():
    """Colour scales for categories draw from the palette."""
    assert _config()["range"]["category"] == theme.PALETTE


def test_single_series_marks_use_the_palette():
    """Bars, lines and points without a colour encoding use a palette colour."""
    config = _config()
    assert {config[m]["color"].upper() for m in ("bar", "line", "point")} <= OKABE_ITO


def test_status_colours_come_from_the_palette():
    """The signal-light colours are green, orange and vermillion of the palette."""
    assert {c.upper() for c in theme.STATUS_COLORS.values()} <= OKABE_ITO
    assert theme.STATUS_COLORS == {"normal": "#009E73", "imminent": "#E69F00", "delayed": "#D55E00"}


def test_font_stack_order():
    """The font stack starts with Noto Sans KR, has Malgun Gothic and Apple SD Gothic Neo, ends with sans-serif."""
    fonts = _fonts(theme.FONT)
    assert fonts[0] == "Noto Sans KR"
    assert "Malgun Gothic" in fonts and "Apple SD Gothic Neo" in fonts
    assert fonts[-1] == "sans-serif"


def test_font_applies_to_every_text_element():
    """Titles, axes, legends, headers and text marks all use the font stack."""
    config = _config()
    assert config["font"] == theme.FONT
    assert config["title"]["font"] == theme.FONT
    assert config["text"]["font"] == theme.FONT
    for part in ("axis", "legend", "header"):
        assert config[part]["labelFont"] == theme.FONT, part
        assert config[part]["titleFont"] == theme.FONT, part


def test_compiled_chart_uses_the_font():
    """The compiled Vega spec sets the font stack on guide labels and titles, the chart title and text marks."""
    chart = alt.Chart(pd.DataFrame({"a": [1]})).mark_bar().encode(x="a:Q").properties(title="제목")
    styles = vega(chart)["config"]["style"]
    for style in ("guide-label", "guide-title", "group-title", "text"):
        assert styles[style]["font"] == theme.FONT, style
