"""Small deterministic helpers shared by the demo generators (no clock, seeded randomness only)."""
from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator, Sequence


def days_between(start: dt.date, end: dt.date) -> Iterator[dt.date]:
    """Every calendar day from start to end, both included."""
    day = start
    while day <= end:
        yield day
        day += dt.timedelta(days=1)


def allocate(total: int, weights: Sequence[float]) -> list[int]:
    """Split `total` into integers proportional to `weights` that sum to `total` exactly.

    Largest-remainder rounding; ties go to the earlier position, so the result is deterministic.
    """
    if total < 0:
        raise ValueError("total must be non-negative")
    if not weights:
        if total:
            raise ValueError("cannot allocate a positive total over no weights")
        return []
    weight_sum = float(sum(weights))
    if weight_sum <= 0:
        raise ValueError("weights must have a positive sum")
    exact = [total * w / weight_sum for w in weights]
    parts = [int(x) for x in exact]
    short = total - sum(parts)
    order = sorted(range(len(weights)), key=lambda i: (-(exact[i] - parts[i]), i))
    for i in order[:short]:
        parts[i] += 1
    return parts


def scatter(rng: random.Random, total: int, weights: Sequence[float]) -> list[int]:
    """Drop `total` events on positions at random with probability proportional to `weights`.

    Unlike `allocate` the result is lumpy (a multinomial draw) yet still sums to `total`.
    """
    counts = [0] * len(weights)
    if total <= 0 or not weights:
        return counts
    for i in rng.choices(range(len(weights)), weights=weights, k=total):
        counts[i] += 1
    return counts


def sample_weighted(rng: random.Random, k: int, weights: Sequence[float]) -> list[int]:
    """k distinct positions drawn without replacement, favouring heavier weights (Efraimidis–Spirakis)."""
    keyed = sorted(((rng.random() ** (1.0 / w), i) for i, w in enumerate(weights) if w > 0), reverse=True)
    if k > len(keyed):
        raise ValueError(f"cannot pick {k} of {len(keyed)} positions")
    return sorted(i for _, i in keyed[:k])


def noise(rng: random.Random, spread: float, floor: float = 0.2) -> float:
    """A multiplicative jitter around 1 (normal with `spread` sd, never below `floor`)."""
    return max(floor, rng.gauss(1.0, spread))
