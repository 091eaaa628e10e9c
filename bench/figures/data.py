"""Figures 6-8: the database at city scale, the complaints import, the briefing PDF.

6. scale - a scratch PostgreSQL database (testkit/pg.py), `manage.py load-demo`, then
   `manage.py gen-scale --complaints N` (N = BENCH_COMPLAINTS, default 10,000,000; the command's
   wall-clock time is the figure), then every page query once on a fresh engine
   (bench/scale_queries.py: no Streamlit cache; PostgreSQL's buffers as gen-scale left them):
   the slowest is the figure. The database is dropped at the end.
7. import - a scratch PostgreSQL database with the organisation only; a 1,000,000-row complaints
   CSV (bench/make_complaints_csv.py; writing it is not timed) imported with
   `loading.importing.import_file` (validation, staging, merge, rollups, load log): its time.
8. briefing - `briefing.model.build_briefing` on the demo data, then `briefing.pdf.build_pdf`: the
   first build in the process (what the PDF button waits for when no PDF was made before:
   vl-convert and font set-up included) is the figure; warm builds in the note.
"""
from __future__ import annotations

import importlib.util
import os
import re
import statistics
import subprocess
import sys
import time

from bench.common import BENCH_DIR, Bench, Row, Section, skipped
from testkit.appserver import ROOT

FULL_COMPLAINTS = 10_000_000


def _module_exists(name: str) -> bool:
    try:
        return importlib.util.find_spec(name) is not None
    except ModuleNotFoundError:
        return False


def _manage(url: str, *args: str, timeout: float) -> subprocess.CompletedProcess:
    env = {**os.environ, "DATABASE_URL": url, "DASHBOARD_DEMO": "1", "PYTHONPATH": str(ROOT)}
    env.pop("DASHBOARD_QUERY_LOG", None)
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=timeout, check=True)


def scale(bench: Bench) -> Section:
    figure_gen, figure_q = "6. Scale: gen-scale time (PostgreSQL)", "6. Scale: slowest page query, cold"
    if not (BENCH_DIR / "scale_queries.py").exists():
        return skipped("scale", figure_q, "< 50 ms", "bench/scale_queries.py is not there")
    from testkit import pg

    complaints = int(os.environ.get("BENCH_COMPLAINTS", 200_000 if bench.quick else FULL_COMPLAINTS))
    url = pg.fresh_database("dash_bench_scale")
    if url is None:
        return skipped("scale", figure_q, "< 50 ms", "PostgreSQL is not reachable")
    section = Section("scale")
    try:
        started = time.perf_counter()
        _manage(url, "load-demo", timeout=900)
        load_s = time.perf_counter() - started
        started = time.perf_counter()
        out = _manage(url, "gen-scale", "--complaints", str(complaints), timeout=1800)
        gen_s = time.perf_counter() - started
        reported = re.search(r"gen-scale done in ([\d.]+) s", out.stdout)
        from bench.scale_queries import time_page_queries

        rows = time_page_queries(url)
    finally:
        pg.drop_database(url.rsplit("/", 1)[1])
    full = complaints >= FULL_COMPLAINTS
    scale_note = "" if full else f" (goal is for {FULL_COMPLAINTS:,}; not judged)"
    section.rows.append(Row(f"{figure_gen}, {complaints:,} complaints", f"{gen_s:,.0f} s", "< 300 s",
                            gen_s < 300 if full else None,
                            f"the command's wall clock (it reports {reported.group(1) if reported else '?'} s itself); "
                            f"demo load before it {load_s:.0f} s{scale_note}"))
    name, ms = max(rows, key=lambda r: r[1])
    section.rows.append(Row(figure_q, f"{ms:,.1f} ms", "< 50 ms", ms < 50 if full else None,
                            f"{name}; {len(rows)} queries, total {sum(m for _, m in rows):,.0f} ms, median "
                            f"{statistics.median(m for _, m in rows):.1f} ms{scale_note}"))
    section.details += ["slowest page queries: " + "; ".join(
        f"{n} {m:.1f} ms" for n, m in sorted(rows, key=lambda r: -r[1])[:8])]
    return section


def import_complaints(bench: Bench) -> Section:
    figure = "7. Import: 1,000,000-row complaints CSV on PostgreSQL"
    if not _module_exists("loading.importing") or not (BENCH_DIR / "make_complaints_csv.py").exists():
        return skipped("import", figure, "< 30 s", "loading.importing or bench/make_complaints_csv.py is not there")
    from testkit import pg

    rows = 100_000 if bench.quick else 1_000_000
    url = pg.fresh_database("dash_bench_import")
    if url is None:
        return skipped("import", figure, "< 30 s", "PostgreSQL is not reachable")
    section = Section("import")
    try:
        from bench.make_complaints_csv import write
        from data_access import migrate
        from data_access.db import make_engine
        from loading.demo import load_demo
        from loading.importing import import_file

        engine = make_engine(url)
        try:
            migrate.upgrade(engine)
            load_demo(engine, only=[])  # the organisation: departments and channels
            path = bench.workdir / f"complaints_{rows}.csv"
            started = time.perf_counter()
            write(path, rows)
            write_s = time.perf_counter() - started
            started = time.perf_counter()
            result = import_file(engine, "complaints", path, user="bench")
            import_s = time.perf_counter() - started
            path.unlink(missing_ok=True)
        finally:
            engine.dispose()
    finally:
        pg.drop_database(url.rsplit("/", 1)[1])
    full = rows >= 1_000_000
    section.rows.append(Row(figure if full else f"7. Import: {rows:,}-row complaints CSV on PostgreSQL",
                            f"{import_s:.1f} s", "< 30 s", import_s < 30 if full else None,
                            f"{result.inserted:,} inserted, {rows / import_s:,.0f} rows/s (writing the CSV: "
                            f"{write_s:.0f} s, not counted)" + ("" if full else "; goal is for 1,000,000, not judged")))
    return section


def briefing(bench: Bench) -> Section:
    figure = "8. Briefing PDF build"
    if not _module_exists("briefing.pdf") or not _module_exists("briefing.model"):
        return skipped("briefing", figure, "< 5 s", "briefing/pdf.py is not there")
    from briefing.model import build_briefing
    from briefing.pdf import build_pdf, fonts_available

    if not fonts_available():
        return skipped("briefing", figure, "< 5 s", "the NanumGothic font is missing (make system-deps)")
    from data_access.db import make_engine
    from data_access.scope import Scope
    from data_access.status import latest_as_of

    section = Section("briefing")
    engine = make_engine(bench.demo_url)
    try:
        as_of = latest_as_of(engine=engine)
        started = time.perf_counter()
        model = build_briefing(engine=engine, scope=Scope.office(), as_of=as_of, lang="ko")
        model_s = time.perf_counter() - started
    finally:
        engine.dispose()
    started = time.perf_counter()
    pdf = build_pdf(model)
    first_s = time.perf_counter() - started
    warm = []
    for _ in range(2 if bench.quick else 3):
        started = time.perf_counter()
        build_pdf(model)
        warm.append(time.perf_counter() - started)
    section.rows.append(Row(figure, f"{first_s:.2f} s", "< 5 s", first_s < 5,
                            f"first build in the process ({len(pdf) / 1024:,.0f} KB); warm median "
                            f"{statistics.median(warm):.2f} s; the briefing's data (build_briefing, uncached) "
                            f"{model_s:.2f} s more"))
    return section
