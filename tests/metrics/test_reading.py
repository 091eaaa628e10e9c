"""metrics.reading: every data_access read of the metric layer goes through the caller's reader
(so the dashboard's shared cache sees them all), and reading through a reader changes no figure.

The reference figures are metrics.value's own default path (straight to the engine); the reader
under test only records the calls and passes them to the same engine, so equal results mean the
reader changed nothing, and a value that reached the engine any other way would hit the sentinel.
"""
from __future__ import annotations

import datetime as dt

import pandas as pd

import metrics
from config.targets import DIVISION_CODES
from data_access.scope import Scope
from metrics import alerts as early_warnings
from metrics.reading import direct, takes_reader

AS_OF = dt.date(2016, 8, 10)


class NoEngine:
    """An engine that must never be used: the reads go through the reader."""

    def __getattr__(self, name):
        raise AssertionError(f"the metric layer used its engine directly (.{name}) instead of its reader")


def recording(engine, calls: list):
    inner = direct(engine)

    def read(fn, /, *, scope, **params):
        calls.append((f"{fn.__module__}.{fn.__qualname__}", scope, tuple(sorted(params))))
        return inner(fn, scope=scope, **params)

    return read


def assert_same(a: metrics.MetricValue, b: metrics.MetricValue) -> None:
    assert a == b  # every field but the series (compare=False)
    pd.testing.assert_frame_equal(a.series, b.series)


def _cases():
    assert {"service", "civic"} <= set(DIVISION_CODES)  # real divisions, or the division cases say nothing
    division_grain = [m.id for m in metrics.METRICS if "division" in m.filters]
    return ([(m.id, Scope.office(), {}) for m in metrics.METRICS]
            + [(m, Scope.office(), {"division": "service"}) for m in division_grain]
            + [(m, Scope("civic"), {}) for m in division_grain])


def test_every_metric_reads_only_through_its_reader_and_gives_the_same_figures(demo_engine):
    for metric_id, scope, filters in _cases():
        calls: list = []
        expected = metrics.value(engine=demo_engine, scope=scope, metric_id=metric_id, as_of=AS_OF, **filters)
        got = metrics.value(engine=NoEngine(), scope=scope, metric_id=metric_id, as_of=AS_OF,
                            read=recording(demo_engine, calls), **filters)
        assert_same(got, expected)
        assert calls, metric_id
        assert {scope_ for _fn, scope_, _p in calls} == {scope}, metric_id  # always the caller's scope
        assert all(fn.startswith("data_access.") for fn, _s, _p in calls), (metric_id, calls)


def test_current_alerts_read_their_metric_values_and_datasets_through_the_reader(demo_engine):
    for scope in (Scope.office(), Scope("newmedia")):
        calls: list = []
        expected = early_warnings.current_alerts(engine=demo_engine, scope=scope, as_of=AS_OF)
        got = early_warnings.current_alerts(engine=NoEngine(), scope=scope, as_of=AS_OF,
                                            read=recording(demo_engine, calls))
        assert got == expected
        read_fns = {fn for fn, _s, _p in calls}
        assert "metrics.values.value" in read_fns  # the metric values themselves: cache entries of their own
        assert "data_access.status.dataset_status" in read_fns
        assert ("data_access.status.dataset_status", None, ()) in calls  # office-wide metadata: no scope


def test_the_direct_reader_passes_itself_on_and_calls_without_a_scope_for_metadata():
    seen = []

    def metadata(*, engine, kind):
        seen.append((engine, kind))
        return kind

    def layered(*, engine, scope, read):
        seen.append((engine, scope, read))
        return read(metadata, scope=None, kind="divisions")

    read = direct("the engine")
    assert read(layered, scope=Scope("civic")) == "divisions"
    assert seen == [("the engine", Scope("civic"), read), ("the engine", "divisions")]


def test_takes_reader_names_the_metric_layer_functions():
    from data_access import budget, org

    assert takes_reader(metrics.value) and takes_reader(early_warnings.current_alerts)
    assert not takes_reader(budget.office_execution) and not takes_reader(org.divisions)
    assert not takes_reader(len)
