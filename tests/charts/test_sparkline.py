"""The KPI sparkline's geometry and markup (charts/sparkline.py); expected points worked out by hand
for the 100 × 30 box with a margin of 2 (x from 2 to 98, y from 28 at the lowest to 2 at the highest)."""
import math
import xml.etree.ElementTree as ET

import pytest

from charts.sparkline import geometry, img


def test_three_points_span_the_box():
    """[1, 3, 2]: x steps of 96/2 = 48; 1 is the bottom (28), 3 the top (2), 2 half way (15)."""
    g = geometry([1, 3, 2])
    assert g.runs == (((2, 28), (50, 2), (98, 15)),)
    assert (g.first, g.last) == (1, 2)


def test_missing_values_break_the_line():
    """[1, None, 3, 5]: x steps of 96/3 = 32; 3 is half way between 1 and 5 (y 15)."""
    g = geometry([1, None, 3, 5])
    assert g.runs == (((2, 28),), ((66, 15), (98, 2)))
    assert (g.first, g.last) == (1, 5)


def test_nan_counts_as_missing_and_flat_series_sit_in_the_middle():
    g = geometry([math.nan, 4.0, 4.0, float("nan")])
    assert g.runs == (((34, 15), (66, 15)),)


def test_no_known_value_draws_nothing():
    assert geometry([None, math.nan]).runs == ()
    assert geometry([]).first is None


def _inner(markup: str) -> ET.Element:
    import base64
    import re

    return ET.fromstring(base64.b64decode(re.search(r"base64,([A-Za-z0-9+/=]+)", markup).group(1)))


def test_a_lone_point_is_a_dot():
    root = _inner(img([None, 5, None], label="x"))
    (dot,) = root.findall("{http://www.w3.org/2000/svg}circle")
    assert (dot.get("cx"), dot.get("cy")) == ("50", "15")


def test_colour_must_be_a_hex_literal():
    with pytest.raises(ValueError):
        img([1, 2], label="x", colour='red" onload="alert(1)')


def test_img_carries_the_svg_and_an_escaped_alt():
    import base64
    import html.parser

    markup = img([1, 3, 2], label='a "b" <c>', colour="#177233")
    found = {}

    class P(html.parser.HTMLParser):
        def handle_starttag(self, tag, attrs):
            found[tag] = dict(attrs)

    P().feed(markup)
    assert list(found) == ["img"]  # one tag: the label opened none
    assert found["img"]["alt"] == 'a "b" <c>'
    prefix = "data:image/svg+xml;base64,"
    assert found["img"]["src"].startswith(prefix)
    inner = ET.fromstring(base64.b64decode(found["img"]["src"][len(prefix):]))
    (line,) = inner.findall("{http://www.w3.org/2000/svg}polyline")
    assert (line.get("points"), line.get("stroke")) == ("2,28 50,2 98,15", "#177233")
