"""Small pools made on the spot, so the suite stays fast and ships no third-party data."""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pytest

from polyvox.engines.sortition import Pool, Quota

CATEGORIES = {
    "gender": ["female", "male"],
    "age": ["young", "middle", "old"],
    "area": ["city", "rural"],
}


def make_pool(size: int, seed: int, households: bool = False) -> Pool:
    """A biased pool: young city women volunteer more, as in real recruitment."""
    rng = np.random.default_rng(seed)
    features = {}
    for category, values in CATEGORIES.items():
        weights = np.linspace(2.0, 1.0, len(values))
        features[category] = tuple(rng.choice(values, size=size, p=weights / weights.sum()))
    keys = None
    if households:
        # Pairs of people share an address now and then.
        keys = tuple(f"street {i // 2}" if i % 5 < 2 else f"house {i}" for i in range(size))
    return Pool(ids=tuple(f"p{i}" for i in range(size)), features=features, households=keys)


def make_quotas(panel_size: int) -> list[Quota]:
    quotas = []
    for category, values in CATEGORIES.items():
        share = panel_size / len(values)
        for value in values:
            quotas.append(Quota(category, value, int(share) - 1, int(np.ceil(share)) + 1))
    return quotas


@pytest.fixture
def small_pool() -> Pool:
    return make_pool(60, seed=1)


@pytest.fixture
def household_pool() -> Pool:
    return make_pool(50, seed=2, households=True)


def write_csv(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path
