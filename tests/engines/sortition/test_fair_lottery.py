"""The lottery as drawn keeps every person's chance within 0.001 of their LEXIMIN chance."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from polyvox.engines.sortition import (
    Distribution,
    Lottery,
    Pool,
    Quota,
    find_distribution,
    panel_violations,
    round_to_lottery,
)
from polyvox.engines.sortition import lottery as lottery_module
from polyvox.engines.sortition.lottery import GROWTH, PROGRAM
from polyvox.engines.sortition.lottery_program import (
    ProgramResult,
    TicketProgram,
    improve_tickets,
    solve_tickets,
)
from tests.engines.sortition.conftest import make_pool, make_quotas

# ../shared/data/sortition beside the checkout (worktrees sit one level deeper).
SHARED = next(
    (
        parent / "shared" / "data" / "sortition"
        for parent in Path(__file__).resolve().parents
        if (parent / "shared" / "data" / "sortition").is_dir()
    ),
    Path("missing"),
)


def lottery_chances(lottery: Lottery, pool_size: int) -> np.ndarray:
    """Each person's share of tickets, counted from the panels themselves."""
    tickets = np.zeros(pool_size)
    for panel in lottery.panels:
        tickets[list(panel)] += 1
    chances: np.ndarray = tickets / lottery.size
    return chances


def assert_fair(lottery: Lottery, distribution: Distribution) -> None:
    exact = np.array(distribution.probabilities)
    moved = np.abs(lottery_chances(lottery, len(exact)) - exact)
    assert moved.max() <= 0.001 + 1e-12
    assert lottery.max_deviation == pytest.approx(moved.max(), abs=1e-12)
    assert min(lottery.probabilities) >= distribution.minimum_probability - 0.001


def shared_instance(name: str) -> tuple[Pool, list[Quota], int]:
    folder = SHARED / name / "sa_format"
    if not folder.is_dir():
        pytest.skip(f"shared instance {name} not present next to the checkout")
    with (folder / "features.csv").open(newline="") as handle:
        quotas = [
            Quota(r["feature"], r["value"], int(r["min"]), int(r["max"]))
            for r in csv.DictReader(handle)
        ]
    with (folder / "people.csv").open(newline="") as handle:
        rows = list(csv.DictReader(handle))
    categories = list(dict.fromkeys(q.category for q in quotas))
    pool = Pool(
        ids=tuple(r["id"] for r in rows),
        features={c: tuple(r[c] for r in rows) for c in categories},
    )
    return pool, quotas, int(name.rsplit("_", 1)[-1])


class TestFairLottery:
    def test_it_is_within_a_thousandth_on_a_shared_instance(self) -> None:
        pool, quotas, k = shared_instance("syn_hd_30")
        distribution = find_distribution(pool, quotas, k, seed=0)
        lottery = round_to_lottery(distribution, panels=1000, seed=0)
        assert_fair(lottery, distribution)
        assert lottery.size in [1000 * factor for factor in GROWTH]
        assert all(panel_violations(pool, quotas, k, p) == [] for p in set(lottery.panels))
        # At the same 1,000 tickets the new rounding is closer than the old one.
        old = round_to_lottery(distribution, panels=1000, seed=0, rounding="beck-fiala")
        same_size = round_to_lottery(distribution, panels=1000, seed=0, tolerance=0.5)
        assert same_size.size == old.size == 1000
        assert same_size.max_deviation < old.max_deviation

    def test_it_is_within_a_thousandth_on_a_pool_with_households(self) -> None:
        pool = make_pool(120, seed=5, households=True)
        distribution = find_distribution(pool, make_quotas(12), 12, seed=0)
        lottery = round_to_lottery(distribution, panels=1000, seed=0)
        assert_fair(lottery, distribution)
        quotas = make_quotas(12)
        assert all(panel_violations(pool, quotas, 12, p) == [] for p in set(lottery.panels))

    def test_the_program_runs_where_local_search_falls_short(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        results = spy_on_program(monkeypatch)
        pool = make_pool(60, seed=1)
        distribution = find_distribution(pool, make_quotas(9), 9, seed=4)
        # A tolerance no lottery meets, and no limit on the gap: the program gets its go.
        lottery = round_to_lottery(
            distribution, panels=100, seed=0, tolerance=1e-6, program_reach=np.inf
        )
        assert results
        assert all(result.status for result in results)
        exact = np.array(distribution.probabilities)
        assert lottery.max_deviation == pytest.approx(
            np.abs(lottery_chances(lottery, pool.size) - exact).max(), abs=1e-12
        )

    def test_it_falls_back_when_the_program_hits_its_time_limit(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        results = spy_on_program(monkeypatch)
        pool = make_pool(120, seed=5, households=True)
        distribution = find_distribution(pool, make_quotas(12), 12, seed=0)
        lottery = round_to_lottery(
            distribution,
            panels=1000,
            seed=0,
            tolerance=1e-6,
            time_limit=0.0,
            program_reach=np.inf,
        )
        assert results
        assert all(result.time_limit_hit and result.tickets is None for result in results)
        assert lottery.method != PROGRAM
        # The counts before the program stand: still every chance within 0.001.
        assert_fair(lottery, distribution)

    def test_a_program_out_of_time_returns_no_counts(self) -> None:
        program, start = random_program(np.random.default_rng(3), panels=200)
        result = solve_tickets(program, start, seed=0, time_limit=0.0)
        assert result.time_limit_hit
        assert result.tickets is None


def spy_on_program(monkeypatch: pytest.MonkeyPatch) -> list[ProgramResult]:
    """Record what every call of the integer program returns."""
    results: list[ProgramResult] = []

    def recording(*args: Any, **kwargs: Any) -> ProgramResult:
        result = solve_tickets(*args, **kwargs)
        results.append(result)
        return result

    monkeypatch.setattr(lottery_module, "solve_tickets", recording)
    return results


def random_program(rng: np.random.Generator, panels: int) -> tuple[TicketProgram, np.ndarray]:
    sizes = rng.integers(1, 4, size=6)
    counts = np.stack([rng.integers(0, sizes + 1) for _ in range(5)])
    weights = rng.dirichlet(np.ones(5))
    targets = panels * (weights @ counts) / sizes
    start = np.floor(weights * panels).astype(np.int64)
    start[0] += panels - start.sum()
    return TicketProgram(counts=counts, sizes=sizes, targets=targets, panels=panels), start


@st.composite
def distributions(draw: st.DrawFn) -> Distribution:
    """Small distributions over panels of interchangeable groups (quotas play no part)."""
    sizes = draw(st.lists(st.integers(1, 4), min_size=1, max_size=6))
    panel_size = draw(st.integers(1, sum(sizes)))
    profiles = []
    for _ in range(draw(st.integers(1, 6))):
        left, profile = panel_size, []
        for size in sizes:
            seats = draw(st.integers(0, min(size, left)))
            profile.append(seats)
            left -= seats
        if left:
            continue  # not a full panel; skip it
        profiles.append(tuple(profile))
    if not profiles:
        # Fill groups in order: always a full panel.
        left, greedy = panel_size, []
        for size in sizes:
            greedy.append(min(size, left))
            left -= greedy[-1]
        profiles = [tuple(greedy)]
    raw = draw(st.lists(st.integers(1, 1000), min_size=len(profiles), max_size=len(profiles)))
    weights = np.array(raw, dtype=float) / sum(raw)
    groups, start = [], 0
    for size in sizes:
        groups.append(tuple(range(start, start + size)))
        start += size
    matrix = np.array(profiles, dtype=float)
    group_chances = (weights @ matrix) / np.array(sizes)
    chances = [float(group_chances[g]) for g, members in enumerate(groups) for _ in members]
    return Distribution(
        algorithm="test",
        probabilities=tuple(chances),
        groups=tuple(groups),
        profiles=tuple(profiles),
        weights=tuple(float(w) for w in weights),
        panel_size=panel_size,
    )


class TestRoundingProperties:
    @settings(max_examples=40, deadline=None)
    @given(distribution=distributions(), panels=st.integers(1, 60), seed=st.integers(0, 5))
    def test_the_reported_deviation_is_the_true_one(
        self, distribution: Distribution, panels: int, seed: int
    ) -> None:
        lottery = round_to_lottery(distribution, panels=panels, seed=seed)
        assert lottery.size in [panels * factor for factor in GROWTH]
        exact = np.array(distribution.probabilities)
        true = np.abs(lottery_chances(lottery, len(exact)) - exact).max()
        assert lottery.max_deviation == pytest.approx(true, abs=1e-12)
        assert all(
            len(set(panel)) == len(panel) == distribution.panel_size for panel in lottery.panels
        )

    @settings(max_examples=40, deadline=None)
    @given(seed=st.integers(0, 10_000), panels=st.integers(1, 300))
    def test_local_search_keeps_the_count_and_only_improves(self, seed: int, panels: int) -> None:
        program, start = random_program(np.random.default_rng(seed), panels)
        improved = improve_tickets(program, start)
        assert improved.sum() == panels
        assert improved.min() >= 0
        assert program.deviation(improved) <= program.deviation(start) + 1e-12
