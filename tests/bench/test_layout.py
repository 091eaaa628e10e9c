"""`make bench` still finds what it runs after the bench/ folders moved: every figure's module and
function, the apps it serves, the results file, the tools figures call; and `--help` runs."""
from __future__ import annotations

import importlib
import os
import subprocess
import sys

from bench import common, run
from bench.figures import data


def test_every_figure_resolves_to_a_function():
    for name, (module, function, _label) in run.FIGURES.items():
        assert callable(getattr(importlib.import_module(module), function)), name
        assert module.startswith("bench.figures."), name


def test_apps_results_and_tools_are_where_the_bench_looks():
    assert common.BARE_APP.is_file() and common.BARE_APP.parent == common.APPS_DIR
    assert {p.name for p in common.APPS_DIR.glob("*.py")} >= {"bare_app.py", "chart_plain.py", "chart_signed.py"}
    assert run.RESULTS == common.RESULTS_DIR / "RESULTS.md" and run.RESULTS.is_file()
    # figures/data.py skips a figure when its tool is missing: the tools must be where it looks
    assert (data.BENCH_DIR / "scale_queries.py").is_file() and (data.BENCH_DIR / "make_complaints_csv.py").is_file()


def test_run_help_works_from_the_project_root():
    out = subprocess.run([sys.executable, "-m", "bench.run", "--help"], cwd=common.ROOT, capture_output=True,
                         text=True, timeout=60, check=True).stdout
    assert "bench/results/RESULTS.md" in out


def test_chart_floor_finds_its_app_and_its_help_runs():
    from bench import chart_floor

    assert chart_floor.FLOOR_APP.is_file() and chart_floor.FLOOR_APP.parent == common.APPS_DIR
    out = subprocess.run([sys.executable, "-m", "bench.chart_floor", "--help"], cwd=common.ROOT, capture_output=True,
                         text=True, timeout=60, check=True).stdout
    assert "--counts" in out


def test_ab_help_runs():
    out = subprocess.run([sys.executable, "-m", "bench.ab", "--help"], cwd=common.ROOT, capture_output=True,
                         text=True, timeout=60, check=True).stdout
    assert "--pages" in out and "DIR[@ENV=VALUE,...]" in out


def test_page_floor_help_runs_and_its_switch_replaces_the_pages_chart_call():
    """bench.page_floor's servers find its sitecustomize ahead of the project: with BENCH_CHARTS the pages'
    `ui.widgets.chart` is the floor's (a page importing it after start-up gets that one); without it,
    the app's own; any other value stops the server instead of measuring the app unchanged."""
    from bench import page_floor

    out = subprocess.run([sys.executable, "-m", "bench.page_floor", "--help"], cwd=common.ROOT, capture_output=True,
                         text=True, timeout=60, check=True).stdout
    assert "--pages" in out and "--reps" in out
    probe = "import ui.widgets as w; print(w.chart.__module__)"

    def chart_module(mode: str | None) -> subprocess.CompletedProcess:
        env = {k: v for k, v in os.environ.items() if k != "BENCH_CHARTS"}
        env["PYTHONPATH"] = f"{page_floor.FLOOR_SITE}{os.pathsep}{common.ROOT}"
        if mode is not None:
            env["BENCH_CHARTS"] = mode
        return subprocess.run([sys.executable, "-c", probe], cwd=common.ROOT, env=env, capture_output=True,
                              text=True, timeout=120)

    assert chart_module("trivial").stdout.strip() == "sitecustomize"
    assert chart_module("none").stdout.strip() == "sitecustomize"
    assert chart_module(None).stdout.strip() == "ui.widgets"
    refused = chart_module("fancy")
    assert refused.returncode != 0 and "BENCH_CHARTS='fancy'" in refused.stderr
