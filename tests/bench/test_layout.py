"""`make bench` still finds what it runs after the bench/ folders moved: every figure's module and
function, the apps it serves, the results file, the tools figures call; and `--help` runs."""
from __future__ import annotations

import importlib
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
