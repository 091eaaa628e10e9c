"""Helpers to read a chart's Vega-Lite spec (and its compiled Vega) in the chart tests."""
from __future__ import annotations

import json
import re
from collections.abc import Iterator

import altair as alt
import vl_convert as vlc

HANGUL = re.compile(r"[\uac00-\ud7a3\u1100-\u11ff\u3130-\u318f]")
LANGS = ("ko", "en")
POSITION_CHANNELS = ("x", "y", "color", "theta")
_TOOLTIP_KEY = re.compile(r'"((?:[^"\\]|\\.)*)": ')


def build(chart: alt.TopLevelMixin) -> dict:
    """The chart's Vega-Lite spec: validated by `to_dict()`, JSON-serialisable, and compilable to Vega."""
    spec = chart.to_dict()  # validates against the Vega-Lite schema
    json.loads(chart.to_json())  # what leaves the process must be plain JSON (no date objects etc.)
    vlc.vegalite_to_vega(spec)  # and Vega-Lite itself must accept it
    return spec


def vega(chart: alt.TopLevelMixin) -> dict:
    """The compiled Vega spec, i.e. what the browser draws (axis titles after layer merging etc.)."""
    return vlc.vegalite_to_vega(chart.to_dict())


def units(spec: dict) -> list[dict]:
    """The unit specs (those with a mark) of a single or layered spec, in order."""
    if "mark" in spec:
        return [spec]
    return [u for layer in spec.get("layer", []) for u in units(layer)]


def mark_type(unit: dict) -> str:
    mark = unit["mark"]
    return mark["type"] if isinstance(mark, dict) else mark


def marks(spec: dict) -> list[str]:
    return [mark_type(u) for u in units(spec)]


def enc(unit: dict, channel: str) -> dict:
    """An encoding channel's definition (field, type, title, ...)."""
    return unit["encoding"][channel]


def field_type(unit: dict, channel: str) -> tuple[str, str]:
    """(field, type) of a channel; a timeUnit'd field reads as e.g. 'yearmonth(month_start)'."""
    d = enc(unit, channel)
    field = d["field"]
    if "timeUnit" in d:
        field = f"{d['timeUnit']}({field})"
    return field, d["type"]


def tooltips(unit: dict) -> list[dict]:
    tips = unit["encoding"].get("tooltip", [])
    return tips if isinstance(tips, list) else [tips]


def title_text(spec: dict) -> str:
    title = spec["title"]
    return title["text"] if isinstance(title, dict) else title


def dataset(spec: dict, unit: dict | None = None) -> list[dict]:
    """The rows of the dataset a unit (default: the top-level spec) draws."""
    data = (unit or spec).get("data") or spec.get("data")
    return spec["datasets"][data["name"]]


def shown_texts(vega_spec: dict) -> Iterator[str]:
    """Every piece of text the compiled chart shows as a label: titles of the chart, axes and
    legends, and the keys of tooltips (a tooltip without a title shows its field name)."""
    def walk(node, key=None):
        if isinstance(node, dict):
            if key == "title" and "text" in node:
                yield from _texts(node["text"])
            for k, v in node.items():
                if k == "title" and not isinstance(v, dict):
                    yield from _texts(v)
                elif k == "tooltip" and isinstance(v, dict) and "signal" in v:
                    yield from (json.loads(f'"{m}"') for m in _TOOLTIP_KEY.findall(v["signal"]))
                else:
                    yield from walk(v, k)
        elif isinstance(node, list):
            for item in node:
                yield from walk(item, key)
    yield from walk(vega_spec)


def _texts(value) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, list):
        yield from (v for v in value if isinstance(v, str))


def labels_in_spec(spec: dict) -> list[str]:
    """Every title the Vega-Lite spec sets: chart, axes, legends and tooltips."""
    found = [title_text(spec)]
    for unit in units(spec):
        for channel, d in unit.get("encoding", {}).items():
            for item in d if isinstance(d, list) else [d]:
                if isinstance(item, dict) and isinstance(item.get("title"), str):
                    found.append(item["title"])
    return found


def displayed_values(spec: dict) -> set[str]:
    """The category labels a chart prints: values of the nominal fields it encodes on x/y/color/text/tooltip."""
    values: set[str] = set()
    for unit in units(spec):
        if "data" not in unit and "data" not in spec:
            continue
        rows = dataset(spec, unit)
        for d in unit.get("encoding", {}).values():
            for item in d if isinstance(d, list) else [d]:
                if isinstance(item, dict) and item.get("type") == "nominal" and "field" in item:
                    values.update(str(r[item["field"]]) for r in rows if r.get(item["field"]) is not None)
    return values


def assert_english(chart: alt.TopLevelMixin) -> None:
    """No Hangul anywhere the English chart shows text: titles, axes, legends, tooltips, labels."""
    spec = chart.to_dict()
    shown = list(shown_texts(vega(chart))) + labels_in_spec(spec) + sorted(displayed_values(spec))
    assert [s for s in shown if HANGUL.search(s)] == []


def assert_tooltips_formatted(spec: dict) -> None:
    """Every tooltip is titled, and every quantitative or temporal one carries a format."""
    for unit in units(spec):
        for tip in tooltips(unit):
            assert isinstance(tip.get("title"), str) and tip["title"].strip(), tip
            if tip["type"] in ("quantitative", "temporal"):
                assert tip.get("format"), tip


def assert_language(chart: alt.TopLevelMixin, lang: str, title_key: str) -> dict:
    """The chart's title is `title_key` in `lang`: Korean text for 'ko', and for 'en' no Hangul
    anywhere the chart shows text. Returns the spec."""
    from config.i18n import t

    spec = build(chart)
    assert title_text(spec) == t(title_key, lang)
    if lang == "ko":
        # every title, axis, legend and tooltip label is Korean (no field names such as 'kind_label')
        shown = list(shown_texts(vega(chart)))
        assert shown and [s for s in shown if not HANGUL.search(s)] == []
    else:
        assert_english(chart)
    return spec


def assert_no_data(chart: alt.TopLevelMixin, lang: str, title_key: str) -> None:
    """The chart is the no-data chart: its title, and the no-data message as text, in `lang`."""
    from config.i18n import t

    spec = build(chart)
    assert title_text(spec) == t(title_key, lang)
    assert marks(spec) == ["text"]
    assert dataset(spec) == [{"message": t("common.no_data", lang)}]
