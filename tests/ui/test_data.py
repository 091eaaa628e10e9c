"""ui/data.py, the one cache boundary between pages and data_access: cache keys include the scope
(an office and a division scope never share an entry), parameters are part of the key, failures
are never cached, and an outage becomes DataUnavailable and a visible warning."""
from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy.exc import OperationalError

from data_access.scope import Scope
from ui import data

CALLS: list[tuple] = []
FAIL: list[bool] = []


def counting_query(*, engine, scope: Scope, year: int, month: int | None = None) -> tuple:
    """A stand-in query: records each real call and answers with what it was asked."""
    if FAIL and FAIL.pop(0):
        raise OperationalError("SELECT 1", {}, ConnectionRefusedError("database down"))
    CALLS.append((scope, year, month))
    return (scope.division_code, year, month, len(CALLS))


def counting_metadata(*, engine, kind: str) -> tuple:
    CALLS.append(("metadata", kind))
    return ("metadata", kind)


@pytest.fixture(autouse=True)
def fresh_cache(monkeypatch):
    monkeypatch.setattr(data, "get_engine", lambda: "engine")
    data._cached.clear()
    data._as_of.clear()
    CALLS.clear()
    FAIL.clear()
    yield
    data._cached.clear()
    data._as_of.clear()


def test_the_same_call_is_computed_once():
    first = data.q(counting_query, scope=Scope.office(), year=2016)
    again = data.q(counting_query, scope=Scope.office(), year=2016)
    assert first == again == (None, 2016, None, 1)
    assert CALLS == [(Scope.office(), 2016, None)]


def test_office_and_division_scopes_never_share_an_entry():
    """Same function, same parameters: the office, a division and another division are three
    entries, each computed with its own scope, in either order."""
    civic = data.q(counting_query, scope=Scope("civic"), year=2016)
    office = data.q(counting_query, scope=Scope.office(), year=2016)
    brand = data.q(counting_query, scope=Scope("brand"), year=2016)
    assert (civic[0], office[0], brand[0]) == ("civic", None, "brand")
    assert CALLS == [(Scope("civic"), 2016, None), (Scope.office(), 2016, None), (Scope("brand"), 2016, None)]
    # each cached under its own scope: asking again computes nothing and answers per scope
    assert data.q(counting_query, scope=Scope.office(), year=2016) == office
    assert data.q(counting_query, scope=Scope("civic"), year=2016) == civic
    assert len(CALLS) == 3


def test_parameters_are_part_of_the_key_whatever_their_order():
    data.q(counting_query, scope=Scope.office(), year=2016, month=7)
    data.q(counting_query, scope=Scope.office(), month=7, year=2016)  # same key, keyword order aside
    data.q(counting_query, scope=Scope.office(), year=2016, month=8)
    data.q(counting_query, scope=Scope.office(), year=2015, month=7)
    assert CALLS == [(Scope.office(), 2016, 7), (Scope.office(), 2016, 8), (Scope.office(), 2015, 7)]


def test_scope_none_calls_the_function_without_a_scope():
    assert data.q(counting_metadata, scope=None, kind="divisions") == ("metadata", "divisions")
    assert data.q(counting_metadata, scope=None, kind="divisions") == ("metadata", "divisions")
    assert CALLS == [("metadata", "divisions")]


def layered(*, engine, scope: Scope, label: str, read) -> tuple:
    """A stand-in for the metric layer: takes a reader and reads a query through it."""
    return label, read(counting_query, scope=scope, year=2016)


def test_a_function_that_takes_a_reader_reads_through_the_same_cache():
    """Two metric-like entries that need the same read, and the page's own q of it: one call."""
    a = data.q(layered, scope=Scope("civic"), label="a")
    b = data.q(layered, scope=Scope("civic"), label="b")
    assert a == ("a", ("civic", 2016, None, 1)) and b == ("b", ("civic", 2016, None, 1))
    assert data.q(counting_query, scope=Scope("civic"), year=2016) == ("civic", 2016, None, 1)
    assert CALLS == [(Scope("civic"), 2016, None)]
    data.q(layered, scope=Scope("brand"), label="a")  # another scope: its own read
    assert CALLS == [(Scope("civic"), 2016, None), (Scope("brand"), 2016, None)]


def test_a_failing_read_inside_a_layered_entry_becomes_data_unavailable_and_is_not_cached():
    FAIL.extend([True])
    with pytest.raises(data.DataUnavailable, match="database down"):
        data.q(layered, scope=Scope("civic"), label="a")
    assert data.q(layered, scope=Scope("civic"), label="a") == ("a", ("civic", 2016, None, 1))


def test_a_failure_is_not_cached_and_becomes_data_unavailable():
    FAIL.extend([True])
    with pytest.raises(data.DataUnavailable, match="database down"):
        data.q(counting_query, scope=Scope("civic"), year=2016)
    assert CALLS == []
    # the next call asks the database again (the failure left no entry behind)
    assert data.q(counting_query, scope=Scope("civic"), year=2016) == ("civic", 2016, None, 1)


def test_current_as_of_failure_is_not_cached(monkeypatch):
    import data_access.status as status

    answers = [OperationalError("SELECT", {}, ConnectionRefusedError("down")), dt.date(2016, 8, 10)]

    def latest_as_of(*, engine):
        answer = answers.pop(0)
        if isinstance(answer, Exception):
            raise answer
        return answer

    monkeypatch.setattr(status, "latest_as_of", latest_as_of)
    with pytest.raises(data.DataUnavailable):
        data.current_as_of()
    assert data.current_as_of() == dt.date(2016, 8, 10)


def test_uncached_calls_every_time():
    data.uncached(counting_metadata, kind="audit")
    data.uncached(counting_metadata, kind="audit")
    assert CALLS == [("metadata", "audit"), ("metadata", "audit")]


def test_guard_shows_a_warning_and_retry_instead_of_a_traceback():
    from streamlit.testing.v1 import AppTest

    from config.i18n import t

    def page():
        from ui.data import DataUnavailable, guard

        with guard("ko"):
            raise DataUnavailable("connection refused")

    at = AppTest.from_function(page).run(timeout=30)
    assert not at.exception
    assert [w.value for w in at.warning] == [t("common.db_unavailable", "ko")]
    assert [b.label for b in at.button] == [t("common.retry", "ko")]


@pytest.mark.parametrize("demo_engine", ["sqlite"], indirect=True)
def test_real_query_per_scope_through_the_cache(demo_engine, monkeypatch):
    """On the demo data: the office figure and a division's figure come back separately, each as
    the query gives it for that scope."""
    from data_access.complaints import delay_rate

    monkeypatch.setattr(data, "get_engine", lambda: demo_engine)
    period = {"start": dt.date(2016, 1, 1), "end": dt.date(2016, 8, 10)}
    civic = data.q(delay_rate, scope=Scope("civic"), **period)
    office = data.q(delay_rate, scope=Scope.office(), **period)
    assert office == delay_rate(engine=demo_engine, scope=Scope.office(), **period)
    assert civic == delay_rate(engine=demo_engine, scope=Scope("civic"), **period)
    assert 0 < civic.due < office.due
