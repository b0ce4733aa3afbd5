from __future__ import annotations

import pytest

from polyvox.results.computation import results_compute
from polyvox.results.snapshot import ShareRow, Snapshot
from tests.conftest import World
from tests.results.conftest import Results, five_of_each_age


def share(
    data: Snapshot,
    level: str,
    group: str,
    question: str,
    option: str,
    weighting: str = "pooled",
) -> ShareRow:
    for row in data.shares:
        if (row.level, row.group, row.question, row.option, row.weighting) == (
            level,
            group,
            question,
            option,
            weighting,
        ):
            return row
    raise AssertionError(f"no share for {level} {group} {question} {option} {weighting}")


def counted(row: ShareRow) -> tuple[int | None, int | None, float | None]:
    return row.option_count, row.n, row.share


@pytest.mark.django_db
class TestAggregation:
    def test_it_pools_ballots_and_checked_paper_counts(self, results: Results) -> None:
        data = results_compute(dialogue=results.dialogue)
        row = share(data, "global", "all", "agree", "yes")
        assert (row.option_count, row.n, row.share) == (6, 10, 0.6)
        assert counted(share(data, "global", "all", "agree", "no")) == (4, 10, 0.4)
        assert counted(share(data, "country", "FR", "agree", "yes")) == (6, 8, 0.75)
        assert counted(share(data, "site", "lyon", "agree", "yes")) == (4, 5, 0.8)

    def test_it_lists_every_option_with_zero(self, results: Results) -> None:
        data = results_compute(dialogue=results.dialogue)
        assert counted(share(data, "global", "all", "agree", "unsure")) == (0, 10, 0.0)
        assert counted(share(data, "country", "DE", "agree", "yes")) == (0, 2, 0.0)

    def test_it_leaves_out_paper_counts_whose_entries_disagree(self, results: Results) -> None:
        data = results_compute(dialogue=results.dialogue)
        assert data.totals["unchecked_counts"] == 1
        assert data.totals == {
            "ballots": 5,
            "paper": 5,
            "participants": 10,
            "unchecked_counts": 1,
        }

    def test_it_weights_every_country_equally_when_asked(self, results: Results) -> None:
        data = results_compute(dialogue=results.dialogue)
        row = share(data, "global", "all", "agree", "yes", "country_equal")
        assert row.share == pytest.approx((0.75 + 0.0) / 2)
        assert share(data, "global", "all", "agree", "yes", "population_weighted").share is not None

    def test_it_gives_wilson_intervals(self, results: Results) -> None:
        data = results_compute(dialogue=results.dialogue)
        row = share(data, "global", "all", "agree", "yes")
        low, high = row.low, row.high
        assert low == pytest.approx(0.3127, abs=1e-3)
        assert high == pytest.approx(0.8318, abs=1e-3)

    def test_multiple_choice_counts_people_not_ticks(self, results: Results) -> None:
        data = results_compute(dialogue=results.dialogue)
        assert counted(share(data, "global", "all", "topics", "privacy")) == (1, 1, 1.0)
        assert counted(share(data, "global", "all", "topics", "access")) == (1, 1, 1.0)

    def test_open_questions_are_not_tallied(self, results: Results) -> None:
        data = results_compute(dialogue=results.dialogue)
        assert "why" not in {question["key"] for question in data.questions}
        assert all(row.question != "why" for row in data.shares)

    def test_a_site_of_fewer_than_k_people_shows_no_demographic_breakdown(
        self, results: Results
    ) -> None:
        data = results_compute(dialogue=results.dialogue)
        # Paris has three people with an age: fewer than k = 5, so their ages are not published.
        assert not [row for row in data.breakdowns if row.option is not None]

    def test_breakdowns_count_the_published_groups_of_k_people(
        self, results: Results, world: World
    ) -> None:
        five_of_each_age(results, world)
        data = results_compute(dialogue=results.dialogue)
        cells = {
            (row.value, row.option): (row.option_count, row.n)
            for row in data.breakdowns
            if (row.level, row.group, row.question) == ("country", "FR", "agree")
        }
        # Five aged 18-24 (all yes) and five aged 25+ (one yes, four no); small cells are
        # shown: anyone can recount them from the published answers.
        assert cells[("18-24", "yes")] == (5, 5)
        assert cells[("25+", "yes")] == (1, 5)
        assert cells[("25+", "no")] == (4, 5)
