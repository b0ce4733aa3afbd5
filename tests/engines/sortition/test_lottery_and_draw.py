from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from polyvox.engines.sortition import (
    Distribution,
    Pool,
    commitment_for,
    draw,
    find_distribution,
    panel_violations,
    round_to_lottery,
    verify_draw,
)
from tests.engines.sortition.conftest import make_quotas

K = 9


@pytest.fixture
def distribution(small_pool: Pool) -> Distribution:
    return find_distribution(small_pool, make_quotas(K), K, seed=4)


class TestLottery:
    @pytest.mark.parametrize("panels", [10, 100, 1000])
    def test_the_old_rounding_moves_no_probability_by_more_than_k_over_m(
        self, distribution: Distribution, panels: int
    ) -> None:
        lottery = round_to_lottery(distribution, panels=panels, seed=1, rounding="beck-fiala")
        moved = np.abs(np.array(lottery.probabilities) - np.array(distribution.probabilities))
        assert moved.max() <= K / panels + 1e-12
        assert lottery.max_deviation == pytest.approx(moved.max())
        assert lottery.size == panels

    def test_its_panels_are_all_valid(self, small_pool: Pool, distribution: Distribution) -> None:
        lottery = round_to_lottery(distribution, panels=200, seed=2)
        assert all(panel_violations(small_pool, make_quotas(K), K, p) == [] for p in lottery.panels)

    def test_it_is_deterministic_for_a_seed(self, distribution: Distribution) -> None:
        assert round_to_lottery(distribution, seed=7) == round_to_lottery(distribution, seed=7)


class TestDraw:
    def test_it_depends_on_the_public_value_only_through_the_hash(
        self, small_pool: Pool, distribution: Distribution
    ) -> None:
        lottery = round_to_lottery(distribution, panels=1000)
        commitment = commitment_for(small_pool, make_quotas(K), K)
        first = draw(lottery, commitment=commitment, public_random="drand round 1234: ab12")
        again = draw(lottery, commitment=commitment, public_random="drand round 1234: ab12")
        other = draw(lottery, commitment=commitment, public_random="dice 3 1 4")
        assert first == again
        assert first.panel == lottery.panels[first.ticket]
        assert other.seed_hex != first.seed_hex

    def test_it_verifies_a_published_draw(
        self, small_pool: Pool, distribution: Distribution
    ) -> None:
        quotas = make_quotas(K)
        lottery = round_to_lottery(distribution, panels=1000, seed=4)
        commitment = commitment_for(small_pool, quotas, K, seed=4)
        result = draw(lottery, commitment=commitment, public_random="42")
        selected = [small_pool.ids[p] for p in result.panel]
        verdict = verify_draw(
            small_pool,
            quotas,
            K,
            commitment=commitment,
            public_random="42",
            selected_ids=selected,
            seed=4,
        )
        assert verdict.ok, verdict.problems

    def test_it_rejects_a_tampered_pool(self, small_pool: Pool, distribution: Distribution) -> None:
        quotas = make_quotas(K)
        lottery = round_to_lottery(distribution, panels=1000, seed=4)
        commitment = commitment_for(small_pool, quotas, K, seed=4)
        result = draw(lottery, commitment=commitment, public_random="42")
        selected = [small_pool.ids[p] for p in result.panel]
        genders = list(small_pool.features["gender"])
        genders[0] = "male" if genders[0] == "female" else "female"
        tampered = dataclasses.replace(
            small_pool, features={**small_pool.features, "gender": tuple(genders)}
        )
        verdict = verify_draw(
            tampered,
            quotas,
            K,
            commitment=commitment,
            public_random="42",
            selected_ids=selected,
            seed=4,
        )
        assert not verdict.ok

    def test_it_rejects_a_different_announced_panel(
        self, small_pool: Pool, distribution: Distribution
    ) -> None:
        quotas = make_quotas(K)
        commitment = commitment_for(small_pool, quotas, K, seed=4)
        verdict = verify_draw(
            small_pool,
            quotas,
            K,
            commitment=commitment,
            public_random="42",
            selected_ids=list(small_pool.ids[:K]),
            seed=4,
        )
        assert not verdict.ok
