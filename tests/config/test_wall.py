"""The wall's playlist and rotation."""
from config.wall import PLAYLIST, WallPanel, advance, schedule


def test_schedule_uses_rotation_default_and_panel_override():
    """A panel without its own seconds gets the rotation default; one with seconds keeps them."""
    plan = schedule((WallPanel("overview"), WallPanel("budget", seconds=45)), rotate_seconds=30)
    assert plan == [("overview", 30), ("budget", 45)]


def test_default_playlist_covers_every_panel_once():
    """The default playlist shows overview, budget, complaints, Citizen Hall, brand and SNS."""
    assert [p.key for p in PLAYLIST] == ["overview", "budget", "complaints", "citizen_hall", "brand", "sns", "alerts"]


def test_advance_keeps_panel_until_its_time_is_up_then_wraps():
    """The same panel stays until its seconds are up; after the last panel comes the first."""
    plan = [("a", 10), ("b", 20)]
    assert advance(None, None, 100.0, plan) == (0, 100.0)
    assert advance(0, 100.0, 109.9, plan) == (0, 100.0)
    assert advance(0, 100.0, 110.0, plan) == (1, 110.0)
    assert advance(1, 110.0, 129.0, plan) == (1, 110.0)
    assert advance(1, 110.0, 130.5, plan) == (0, 130.5)


def test_advance_with_slack_changes_panel_on_a_tick_that_comes_a_little_early():
    """The browser's timer is not exact: a run up to `slack` seconds early still moves on."""
    plan = [("a", 30), ("b", 30)]
    assert advance(0, 100.0, 129.9, plan) == (0, 100.0)
    assert advance(0, 100.0, 129.9, plan, slack=15) == (1, 129.9)
    assert advance(0, 100.0, 114.9, plan, slack=15) == (0, 100.0)


def test_tick_lands_on_every_panel_change_unless_configured():
    """Unset, the panel fragment runs at the greatest common divisor of the panels' seconds,
    never longer than the cache TTL; a configured tick wins (still capped by the TTL)."""
    from config.wall import tick_seconds

    assert tick_seconds([("a", 30), ("b", 30)], refresh_seconds=300) == 30
    assert tick_seconds([("a", 30), ("b", 45)], refresh_seconds=300) == 15
    assert tick_seconds([("a", 30)], refresh_seconds=10) == 10
    assert tick_seconds([("a", 30)], refresh_seconds=300, configured=0.2) == 0.2
    assert tick_seconds([("a", 30)], refresh_seconds=5, configured=20) == 5
