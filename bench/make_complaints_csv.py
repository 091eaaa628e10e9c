"""Write a large complaints import file (default 1,000,000 rows) for the import benchmark.

    python -m bench.make_complaints_csv OUT.csv [--rows N] [--naive] [--seed S]

The file has exactly the columns of `manage.py import complaints` (docs/IMPORT.md): unique
external ids (B000000001, ...), timestamps in Seoul time with their offset (or naive Seoul time
with --naive) between 2015-01-01 and 2016-08-10, a deadline 7 or 14 days after receipt, about 4%
still open (blank closed_at), and the demo's channel and department codes (the organisation
must exist in the target database: `load_demo(engine, only=[])` loads it). Deterministic for a
seed; written in chunks, so memory stays flat.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np
import pandas as pd

from loading.demo.org import COMPLAINT_CHANNELS, DEPARTMENTS

START = np.datetime64("2015-01-01T00:00:00")  # Seoul local
END = np.datetime64("2016-08-10T18:00:00")
AS_OF_END = np.datetime64("2016-08-11T00:00:00")
CHUNK = 200_000


def _stamp(values: np.ndarray, naive: bool) -> np.ndarray:
    text = np.datetime_as_string(values, unit="s").astype(object)
    return np.char.replace(text.astype(str), "T", " ").astype(object) if naive else text + "+09:00"


def write(path: str | Path, rows: int = 1_000_000, *, naive: bool = False, seed: int = 20160810) -> int:
    """Write `rows` complaints to `path` (UTF-8 CSV); returns the rows written."""
    rng = np.random.default_rng(seed)
    channels = np.array([code for code, _, _ in COMPLAINT_CHANNELS], dtype=object)
    departments = np.array([code for teams in DEPARTMENTS.values() for code, _, _ in teams], dtype=object)
    span = int((END - START) / np.timedelta64(1, "s"))
    with Path(path).open("w", encoding="utf-8", newline="") as fh:
        fh.write("external_id,received_at,due_at,closed_at,channel_code,department_code\n")
        for offset in range(0, rows, CHUNK):
            n = min(CHUNK, rows - offset)
            ids = np.char.add("B", np.char.zfill(np.arange(offset + 1, offset + n + 1).astype(str), 9))
            received = START + rng.integers(0, span, n).astype("timedelta64[s]")
            due = received + np.where(rng.random(n) < 0.3, 14, 7).astype("timedelta64[D]")
            closed = received + (rng.gamma(2.0, 2.5, n) * 86_400 + 600).astype("int64").astype("timedelta64[s]")
            open_ = (closed >= AS_OF_END) | (rng.random(n) < 0.02)
            closed_text = _stamp(closed, naive)
            closed_text[open_] = ""
            frame = pd.DataFrame({
                "external_id": ids.astype(object),
                "received_at": _stamp(received, naive),
                "due_at": _stamp(due, naive),
                "closed_at": closed_text,
                "channel_code": channels[rng.choice(len(channels), n, p=[0.75, 0.17, 0.06, 0.02])],
                "department_code": departments[rng.integers(0, len(departments), n)],
            })
            frame.to_csv(fh, index=False, header=False, lineterminator="\n")
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out")
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--naive", action="store_true", help="naive Seoul timestamps (no offset)")
    parser.add_argument("--seed", type=int, default=20160810)
    args = parser.parse_args(argv)
    write(args.out, args.rows, naive=args.naive, seed=args.seed)
    print(f"wrote {args.rows:,} complaints to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
