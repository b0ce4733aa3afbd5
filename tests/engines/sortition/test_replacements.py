from __future__ import annotations

import pytest

from polyvox.engines.sortition import (
    InvalidInputError,
    Pool,
    Quota,
    draw,
    find_distribution,
    find_replacements,
    panel_violations,
    round_to_lottery,
)
from tests.engines.sortition.conftest import make_quotas

K = 8


def drawn_panel(pool: Pool, quotas: list[Quota]) -> list[str]:
    lottery = round_to_lottery(find_distribution(pool, quotas, K), panels=100)
    return [pool.ids[p] for p in draw(lottery, commitment="c", public_random="r").panel]


class TestReplacements:
    def test_they_keep_quotas_households_and_the_people_who_accepted(
        self, household_pool: Pool
    ) -> None:
        quotas = make_quotas(K)
        selected = drawn_panel(household_pool, quotas)
        declined = selected[:3]
        added = find_replacements(
            household_pool, quotas, selected_ids=selected, declined_ids=declined, seed=1
        )
        final = [i for i in selected if i not in declined] + added
        assert len(added) == 3
        assert not set(added) & set(selected)
        index = {person_id: i for i, person_id in enumerate(household_pool.ids)}
        assert panel_violations(household_pool, quotas, K, [index[i] for i in final]) == []

    def test_nobody_declining_needs_nobody_new(self, small_pool: Pool) -> None:
        quotas = make_quotas(K)
        selected = drawn_panel(small_pool, quotas)
        assert find_replacements(small_pool, quotas, selected_ids=selected, declined_ids=[]) == []

    def test_unknown_ids_are_refused(self, small_pool: Pool) -> None:
        with pytest.raises(InvalidInputError, match="nobody"):
            find_replacements(small_pool, make_quotas(K), selected_ids=["nobody"], declined_ids=[])
