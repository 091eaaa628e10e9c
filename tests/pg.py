"""Moved to testkit/pg.py (bench/ uses it too, and bench imports nothing from tests/). This alias
keeps `from tests import pg` (tests written before the move) working on the same module, so a
monkeypatch through either name reaches both; new code imports `testkit.pg`."""
import sys

from testkit import pg as _pg

sys.modules[__name__] = _pg
