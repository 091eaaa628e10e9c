"""The wall's playlist and rotation."""
from config.wall import PLAYLIST, WallPanel, advance, schedule


def test_schedule_uses_rotation_default_and_panel_override():
    """A panel without its own seconds gets the rotation default; one with seconds keeps them."""
    plan = schedule((WallPanel("overview"), WallPanel("budget", seconds=45)), rotate_seconds=30)
    assert plan == [("overview", 30), ("budget", 45)]


def test_default_playlist_covers_every_panel_once():
    """The default playlist shows overview, budget, complaints, Citizen Hall, brand and SNS."""
    assert [p.key for p in PLAYLIST] == ["overview", "budget", "complaints", "citizen_hall", "brand", "sns"]


def test_advance_keeps_panel_until_its_time_is_up_then_wraps():
    """The same panel stays until its seconds are up; after the last panel comes the first."""
    plan = [("a", 10), ("b", 20)]
    assert advance(None, None, 100.0, plan) == (0, 100.0)
    assert advance(0, 100.0, 109.9, plan) == (0, 100.0)
    assert advance(0, 100.0, 110.0, plan) == (1, 110.0)
    assert advance(1, 110.0, 129.0, plan) == (1, 110.0)
    assert advance(1, 110.0, 130.5, plan) == (0, 130.5)
