"""Defence in depth: every page file checks its own role, not only the router (app.py).

Read from the source with `ast`, so a new page that forgets the check fails here before any user
can reach it around the router (a test harness, a future router change, a direct script run).
"""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

from config.pages import PAGES

ROOT = Path(__file__).resolve().parents[2]


def _checked_keys(path: Path) -> set[str]:
    """The page keys this file hands to page_context(...) or require_page(..., key, ...)."""
    keys: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Name):
            continue
        args = [a for a in node.args if isinstance(a, ast.Constant) and isinstance(a.value, str)]
        if node.func.id in {"page_context", "require_page"} and args:
            keys.add(args[0].value)
    return keys


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.key)
def test_page_checks_its_own_role(page):
    """The page's file refuses a role the page is not for, with its own key."""
    assert page.key in _checked_keys(ROOT / page.file), f"{page.file} does not check the role for {page.key!r}"
