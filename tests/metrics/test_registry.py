"""The metric registry: every entry complete, computed, and its query function real."""
from __future__ import annotations

import dataclasses
import importlib
import re

import pytest

from config.pages import PAGES
from config.targets import DIVISION_CODES
from config.targets import METRICS as TARGET_METRICS
from metrics.registry import METRICS, OFFICE, REGISTRY, get
from metrics.values import COMPUTE

HANGUL = re.compile(r"[\uac00-\ud7a3]")
PERIODS = {"as_of", "year_to_date", "since_opening", "last_complete_month", "latest_survey", "last_7_days", "window"}
COMPARISONS = {"previous_snapshot", "same_period_last_year", "last_year", "previous_week", "previous_survey", None}


def test_ids_are_unique():
    assert len(REGISTRY) == len(METRICS)


@pytest.mark.parametrize("metric", METRICS, ids=lambda m: m.id)
def test_entry_is_complete(metric):
    """Every field filled: labels and definitions in both languages (no Hangul in English), a known
    period rule and comparison, an owner that is a division (or the office), a real page."""
    for name in ("label_ko", "label_en", "definition_ko", "definition_en", "query", "page"):
        assert getattr(metric, name).strip(), name
    assert HANGUL.search(metric.label_ko) and HANGUL.search(metric.definition_ko)
    assert not HANGUL.search(metric.label_en) and not HANGUL.search(metric.definition_en)
    assert metric.definition_ko.endswith(".") and metric.definition_en.endswith(".")
    assert metric.period in PERIODS and metric.comparison in COMPARISONS
    assert metric.owner in (OFFICE, *DIVISION_CODES)
    assert metric.page in {p.key for p in PAGES}
    assert metric.direction in ("higher", "lower", None)
    assert metric.grain and set(metric.grain) <= {"office", "division"}
    assert ("division" in metric.filters) == ("division" in metric.grain)


@pytest.mark.parametrize("metric", METRICS, ids=lambda m: m.id)
def test_query_function_exists_and_is_computed(metric):
    module, fn = metric.query.rsplit(".", 1)
    assert module.startswith("data_access.")
    assert callable(getattr(importlib.import_module(module), fn))
    assert metric.id in COMPUTE


def test_every_target_metric_is_in_the_registry():
    """Each kpi_target metric (config/targets.py) is the target of one registry entry, same direction."""
    targeted = {m.target: m for m in METRICS if m.target}
    assert set(TARGET_METRICS) == set(targeted)
    for code, info in TARGET_METRICS.items():
        assert targeted[code].direction == info.direction, code


UNIT_WORDS = {"%": "%", "people": "명", "cases": "건"}


@pytest.mark.parametrize("code", sorted(TARGET_METRICS))
def test_target_table_names_a_metric_as_the_registry_does(code):
    """The target table, the importer's template and the explanations read config/targets.py's names:
    they are the registry's label, word for word, with the same unit (a KPI is one string everywhere)."""
    info, metric = TARGET_METRICS[code], {m.target: m for m in METRICS if m.target}[code]
    assert (info.name_ko, info.name_en) == (metric.label_ko, metric.label_en)
    assert info.unit == UNIT_WORDS[metric.unit]


def test_unknown_metric_names_the_id():
    with pytest.raises(KeyError, match="no_such_metric"):
        get("no_such_metric")


def test_entries_are_frozen():
    with pytest.raises(dataclasses.FrozenInstanceError):
        METRICS[0].unit = "%"  # type: ignore[misc]
