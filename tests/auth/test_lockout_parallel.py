"""The lockout cannot be outrun: parallel wrong attempts on one username reach bcrypt at most five
times (PostgreSQL and SQLite); and the per-client throttle (auth.throttle)."""
from __future__ import annotations

import datetime as dt
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest

from auth import accounts, throttle
from config import auth as policy
from tests.auth.conftest import PASSWORD

PARALLEL = 20


def _counting_checks(monkeypatch) -> list[int]:
    calls: list[int] = []
    real = accounts._check_password
    guard = threading.Lock()

    def counted(password: str, hashed: str) -> bool:
        with guard:
            calls.append(1)
        return real(password, hashed)

    monkeypatch.setattr(accounts, "_check_password", counted)
    return calls


@pytest.mark.parametrize("username", ["kim.exec", "nobody.here"])
def test_twenty_parallel_wrong_attempts_reach_bcrypt_at_most_five_times(users, monkeypatch, username):
    """20 threads try a wrong password at once (known user and unknown name alike): at most
    MAX_FAILED_ATTEMPTS password checks happen before the lock; the rest are refused as locked,
    and afterwards even the right password is refused while the lock lasts."""
    calls = _counting_checks(monkeypatch)
    start = threading.Barrier(PARALLEL)

    def attempt(_i: int) -> str:
        start.wait()
        return accounts.authenticate(users, username=username, password="wrong-password-123",
                                     demo_mode=False).status

    with ThreadPoolExecutor(PARALLEL) as pool:
        statuses = list(pool.map(attempt, range(PARALLEL)))
    assert len(calls) == policy.MAX_FAILED_ATTEMPTS, (len(calls), statuses)
    assert statuses.count("failed") == policy.MAX_FAILED_ATTEMPTS - 1
    assert statuses.count("locked") == PARALLEL - policy.MAX_FAILED_ATTEMPTS + 1
    result = accounts.authenticate(users, username=username, password=PASSWORD, demo_mode=False)
    assert result.status == "locked"
    assert len(calls) == policy.MAX_FAILED_ATTEMPTS


def test_client_address_trusts_forwarded_headers_only_from_a_trusted_proxy():
    trusted = frozenset({"127.0.0.1", "::1"})
    headers = {"X-Forwarded-For": "6.6.6.6, 10.1.2.3", "X-Real-IP": "10.9.9.9"}
    # nginx on loopback (Streamlit reports a loopback peer as None): the last untrusted hop
    assert throttle.client_address(None, headers, trusted) == "10.1.2.3"
    assert throttle.client_address(None, {"X-Real-IP": "10.9.9.9"}, trusted) == "10.9.9.9"
    assert throttle.client_address(None, {}, trusted) == "127.0.0.1"
    # a direct client cannot choose its address by sending the headers
    assert throttle.client_address("10.5.5.5", headers, trusted) == "10.5.5.5"
    assert throttle.client_address(None, headers, frozenset()) == "127.0.0.1"


def test_client_throttle_blocks_after_the_limit_within_the_window():
    t0 = dt.datetime(2016, 8, 10, tzinfo=dt.UTC)
    gate = throttle.ClientThrottle(max_failures=3, window=dt.timedelta(minutes=15))
    for i in range(3):
        assert gate.blocked_until("10.0.0.1", t0 + dt.timedelta(minutes=i)) is None
        gate.record_failure("10.0.0.1", t0 + dt.timedelta(minutes=i))
    assert gate.blocked_until("10.0.0.1", t0 + dt.timedelta(minutes=3)) == t0 + dt.timedelta(minutes=15)
    assert gate.blocked_until("10.0.0.2", t0 + dt.timedelta(minutes=3)) is None  # another client
    assert gate.blocked_until("10.0.0.1", t0 + dt.timedelta(minutes=15)) is None  # the first left the window
