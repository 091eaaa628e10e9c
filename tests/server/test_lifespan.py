"""The warm-up asgi.py runs before the port opens (server.lifespan), in a fresh interpreter as the
server has it: no Streamlit internal the dashboard relies on is reported inactive."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

PROBE = """
import sys
from server import internals
from server.lifespan import release_memory, warm_up
failed = warm_up()
from streamlit.runtime.pages_manager import PagesManager
release_memory()
print(internals.report_inactive())
print(failed, "altair" in sys.modules, "sqlalchemy" in sys.modules, "briefing.pdf" in sys.modules,
      "pandas.io.formats.style" in sys.modules, "extra_streamlit_components" in sys.modules,
      "streamlit_authenticator" in sys.modules,
      PagesManager.uses_pages_directory)
"""


def test_warm_up_imports_what_pages_need_but_leaves_component_packages_to_the_script(tmp_path):
    """Everything the pages import is loaded and Streamlit routes by st.navigation from the first
    request (pandas' Styler too, which DataFrame.style imports lazily); packages that declare
    components are not imported (they register only in a script run)."""
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'warm.sqlite3'}", "PYTHONPATH": str(ROOT)}
    out = subprocess.run([sys.executable, "-c", PROBE], cwd=ROOT, env=env, capture_output=True, text=True,
                         timeout=120, check=True).stdout.strip().splitlines()[-2:]
    assert out == ["{}", "[] True True True True False False False"]
