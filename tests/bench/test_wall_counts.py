"""bench/figures/wall.py: which logged statements are the sign-in gate's (left out of figure 4a's
data statements) - read from the log's 80-character heads, as the bench reads them."""
from __future__ import annotations

import pytest

from bench.figures.wall import is_sign_in, repeat_fetches

# heads as DASHBOARD_QUERY_LOG writes them: whitespace folded, the first 80 characters
SIGN_IN = [
    "SELECT auth_session.issued_at, auth_session.expires_at, auth_session.revoked_at, ",  # revalidation
    "SELECT app_user.username, app_user.name, app_user.role FROM app_user WHERE app_u",
    "UPDATE auth_session SET last_seen_at=? WHERE auth_session.id = ?",
    "INSERT INTO audit (at, username, action) VALUES (?, ?, ?)",
]
DATA = [
    "SELECT division.code AS division_code, division.name_ko, division.name_en FROM division OR",
    "SELECT kpi_target.metric, kpi_target.year, kpi_target.target, kpi_target.direction, kpi_ta",
    "SELECT max(load_log.as_of) AS max_1 FROM load_log WHERE load_log.reverted_at IS NULL",
]


@pytest.mark.parametrize("head", SIGN_IN)
def test_sign_in_statements(head):
    assert is_sign_in(head)


@pytest.mark.parametrize("head", DATA)
def test_data_statements(head):
    assert not is_sign_in(head)


def test_repeat_fetches_counts_a_key_sent_again_within_0_9_ttl():
    rows = [(0.0, "a", ""), (10.0, "a", ""), (40.0, "a", ""), (5.0, "b", ""), (32.0, "b", "")]
    assert repeat_fetches(rows, 30) == 1  # a at 10 s (< 27 s after 0 s); b's 27 s gap is not below 0.9 TTL
