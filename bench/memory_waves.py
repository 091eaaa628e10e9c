"""Server memory over waves of wall screens: is a closed session's memory reused, and returned?

    python -m bench.memory_waves [--waves 2] [--screens 30] [ENV=VALUE ...]

Serves the app as deployed (asgi.py) on a fresh demo database, with one wall screen warming the
cache, then opens `--screens` protocol sessions on the wall (bench/ws_screens.py), keeps them 40 s,
closes them and waits 55 s (15 s reconnect window + the 30 s janitor + margin); repeated `--waves`
times. Prints the server's RSS at each step. ENV=VALUE pairs go to the server's environment, e.g.
PYTHONMALLOC=malloc to compare with glibc's allocator. Figure 4c of `make bench` is the first wave; this shows
whether a second wave grows the process again (a leak) or reuses what the first left (kept memory).
"""
from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from bench.common import Bench, sample_rss
from bench.ws_screens import WsScreens


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--waves", type=int, default=2)
    parser.add_argument("--screens", type=int, default=30)
    parser.add_argument("env", nargs="*", metavar="ENV=VALUE")
    args = parser.parse_args(argv)
    env = {"DASHBOARD_WALL_ROTATE_SECONDS": "5", "DASHBOARD_REFRESH_SECONDS": "30",
           **dict(pair.split("=", 1) for pair in args.env)}
    with tempfile.TemporaryDirectory(prefix="dash-memory-") as tmp:
        bench = Bench(Path(tmp), quick=True)
        try:
            with bench.server("memory", env=env, options={"server.disconnectedSessionTTL": "15"}) as app:
                cookies = {c["name"]: c["value"] for c in bench.state("wall")["cookies"]}
                warm = WsScreens()
                warm.open(app.url, cookies)
                time.sleep(40)
                warm.close()
                time.sleep(55)
                base = sample_rss(app, 3)
                print(f"server env {args.env or '(default)'}: RSS {base:.0f} MB after one screen warmed the cache")
                for wave in range(1, args.waves + 1):
                    screens = WsScreens()
                    for _ in range(args.screens):
                        screens.open(app.url, cookies)
                        time.sleep(0.3)
                    time.sleep(40)
                    opened = sample_rss(app, 3)
                    screens.close()
                    time.sleep(55)
                    closed = sample_rss(app, 3)
                    print(f"wave {wave}: {args.screens} screens open {opened:.0f} MB ({opened - base:+.1f}), "
                          f"closed {closed:.0f} MB ({closed - base:+.1f} against the start)")
        finally:
            bench.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
