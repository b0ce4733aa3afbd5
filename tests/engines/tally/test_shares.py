import math
from collections.abc import Sequence

import numpy as np
import pytest

from polyvox.engines.tally import Answers, ShareRow, TallyInputError, compute_shares

# Two countries, three sites; every share below is worked out by hand.
#   lyon (FR):    p1 yes, p2 no, p3 yes      paris (FR): p4 no
#   nairobi (KE): p5 yes, p6 yes
ROWS = [
    ("p1", "lyon", "FR", "yes"),
    ("p2", "lyon", "FR", "no"),
    ("p3", "lyon", "FR", "yes"),
    ("p4", "paris", "FR", "no"),
    ("p5", "nairobi", "KE", "yes"),
    ("p6", "nairobi", "KE", "yes"),
]


def answers_from(
    rows: Sequence[tuple[str, str, str, str]],
    counts: Sequence[int] | None = None,
    question: str = "q1",
) -> Answers:
    participant, site, country, option = (list(column) for column in zip(*rows, strict=True))
    return Answers.from_columns(
        participant=participant,
        site=site,
        country=country,
        question=[question] * len(rows),
        option=option,
        count=counts,
    )


def by_key(rows: list[ShareRow]) -> dict[tuple[str, str, str, str], ShareRow]:
    return {(r.level, r.group, r.option, r.weighting): r for r in rows}


@pytest.fixture
def shares() -> dict[tuple[str, str, str, str], ShareRow]:
    return by_key(compute_shares(answers_from(ROWS), populations={"FR": 3.0, "KE": 1.0}))


class TestPooled:
    def test_it_counts_each_site(self, shares: dict[tuple[str, str, str, str], ShareRow]) -> None:
        lyon_yes = shares[("site", "lyon", "yes", "pooled")]
        assert (lyon_yes.count, lyon_yes.n) == (2, 3)
        assert lyon_yes.share == pytest.approx(2 / 3)
        assert shares[("site", "paris", "no", "pooled")].share == 1.0

    def test_it_sums_sites_into_countries_regions_and_the_world(
        self, shares: dict[tuple[str, str, str, str], ShareRow]
    ) -> None:
        assert shares[("country", "FR", "yes", "pooled")].share == 0.5
        assert shares[("region", "Europe", "yes", "pooled")].share == 0.5
        assert shares[("region", "Africa", "yes", "pooled")].share == 1.0
        assert shares[("subregion", "Western Europe", "no", "pooled")].share == 0.5
        assert shares[("subregion", "Sub-Saharan Africa", "yes", "pooled")].n == 2
        assert shares[("income_group", "High income", "yes", "pooled")].n == 4
        world = shares[("global", "all", "yes", "pooled")]
        # pytest.approx stands for a float only at run time (its __eq__), not for mypy.
        assert (world.count, world.n, world.share) == (4, 6, pytest.approx(4 / 6))  # type: ignore[comparison-overlap]

    def test_every_option_appears_in_every_group_with_share_zero_when_unchosen(
        self, shares: dict[tuple[str, str, str, str], ShareRow]
    ) -> None:
        nairobi_no = shares[("site", "nairobi", "no", "pooled")]
        assert (nairobi_no.count, nairobi_no.n, nairobi_no.share) == (0, 2, 0.0)
        paris_yes = shares[("site", "paris", "yes", "pooled")]
        assert (paris_yes.count, paris_yes.share) == (0, 0.0)


class TestCountryMeans:
    def test_country_equal_averages_country_shares(
        self, shares: dict[tuple[str, str, str, str], ShareRow]
    ) -> None:
        # FR 2/4 yes, KE 2/2 yes: (0.5 + 1) / 2, whatever the number of citizens.
        world = shares[("global", "all", "yes", "country_equal")]
        assert world.share == pytest.approx(0.75)
        assert (world.count, world.n) == (None, None)
        assert shares[("region", "Europe", "yes", "country_equal")].share == 0.5

    def test_population_weighted_uses_the_given_populations(
        self, shares: dict[tuple[str, str, str, str], ShareRow]
    ) -> None:
        # (3 * 0.5 + 1 * 1.0) / 4
        assert shares[("global", "all", "yes", "population_weighted")].share == pytest.approx(0.625)

    def test_country_means_are_not_given_below_the_country_level(
        self, shares: dict[tuple[str, str, str, str], ShareRow]
    ) -> None:
        assert ("country", "FR", "yes", "country_equal") not in shares
        assert ("site", "lyon", "yes", "country_equal") not in shares

    def test_a_country_without_population_is_refused(self) -> None:
        with pytest.raises(TallyInputError, match="no population given for KE"):
            compute_shares(answers_from(ROWS), populations={"FR": 3.0})


class TestPaperTallies:
    def test_a_counted_row_stands_for_that_many_people(self) -> None:
        paper = [
            ("paper:mombasa:yes", "mombasa", "KE", "yes"),
            ("paper:mombasa:no", "mombasa", "KE", "no"),
        ]
        rows = by_key(compute_shares(answers_from(ROWS + paper, counts=[1] * 6 + [30, 10])))
        kenya_yes = rows[("country", "KE", "yes", "pooled")]
        assert (kenya_yes.count, kenya_yes.n) == (32, 42)
        assert rows[("site", "mombasa", "no", "pooled")].share == 0.25
        world = rows[("global", "all", "yes", "pooled")]
        assert (world.count, world.n) == (34, 46)
        # Country-equal still gives Kenya one vote: (2/4 + 32/42) / 2.
        assert rows[("global", "all", "yes", "country_equal")].share == pytest.approx(
            (0.5 + 32 / 42) / 2
        )

    def test_one_participant_with_different_counts_on_a_question_is_refused(self) -> None:
        paper = [
            ("paper:mombasa", "mombasa", "KE", "yes"),
            ("paper:mombasa", "mombasa", "KE", "no"),
        ]
        with pytest.raises(TallyInputError, match="different counts") as raised:
            compute_shares(answers_from(ROWS + paper, counts=[1] * 6 + [30, 10]))
        assert (raised.value.row, raised.value.column) == (6, "count")


class TestMultipleChoice:
    def test_n_counts_participants_and_shares_may_sum_above_one(self) -> None:
        rows = [("p1", "lyon", "FR", "a"), ("p1", "lyon", "FR", "b"), ("p2", "lyon", "FR", "a")]
        shares = by_key(compute_shares(answers_from(rows), levels=["site"]))
        a, b = shares[("site", "lyon", "a", "pooled")], shares[("site", "lyon", "b", "pooled")]
        assert (a.count, a.n, a.share) == (2, 2, 1.0)
        assert (b.count, b.n, b.share) == (1, 2, 0.5)


class TestOptionSets:
    def test_given_options_keep_ballot_order_and_include_unchosen_ones(self) -> None:
        options = {"q1": ["yes", "maybe", "no"]}
        rows = compute_shares(answers_from(ROWS), options_by_question=options, levels=["global"])
        pooled = [r for r in rows if r.weighting == "pooled"]
        assert [r.option for r in pooled] == ["yes", "maybe", "no"]
        assert pooled[1].share == 0.0

    def test_an_option_outside_the_given_set_is_refused_with_its_row(self) -> None:
        with pytest.raises(TallyInputError, match="'no' is not one of the options") as raised:
            compute_shares(answers_from(ROWS), options_by_question={"q1": ["yes", "maybe"]})
        assert (raised.value.row, raised.value.column) == (1, "option")

    def test_a_group_that_did_not_answer_a_question_has_n_zero_and_no_share(self) -> None:
        answers = Answers.from_columns(
            participant=["p1", "p2"],
            site=["lyon", "nairobi"],
            country=["FR", "KE"],
            question=["q1", "q2"],
            option=["yes", "no"],
        )
        shares = {
            (r.group, r.question, r.option): r for r in compute_shares(answers, levels=["site"])
        }
        nairobi_q1 = shares[("nairobi", "q1", "yes")]
        assert nairobi_q1.n == 0
        assert math.isnan(nairobi_q1.share)


class TestStructure:
    def test_a_site_in_two_countries_is_refused(self) -> None:
        rows = [("p1", "lyon", "FR", "yes"), ("p2", "lyon", "KE", "yes")]
        with pytest.raises(TallyInputError, match="'lyon' appears with more than one country"):
            compute_shares(answers_from(rows))

    def test_choosing_the_same_option_twice_is_refused(self) -> None:
        rows = [("p1", "lyon", "FR", "a"), ("p1", "lyon", "FR", "b"), ("p1", "lyon", "FR", "a")]
        with pytest.raises(
            TallyInputError, match="chose option 'a' of question 'q1' twice"
        ) as raised:
            compute_shares(answers_from(rows))
        assert (raised.value.row, raised.value.column) == (2, "option")

    def test_the_region_column_of_the_data_wins_over_the_reference_table(self) -> None:
        answers = Answers.from_columns(
            participant=["p1", "p2"],
            site=["s1", "s2"],
            country=["FR", "KE"],
            question=["q", "q"],
            option=["a", "b"],
            region=["North", "South"],
        )
        groups = {r.group for r in compute_shares(answers, levels=["region"])}
        assert groups == {"North", "South"}

    def test_pooled_shares_match_a_plain_python_count_on_random_data(self) -> None:
        rng = np.random.default_rng(5)
        choices = np.unique(rng.integers(0, [60, 3, 4], size=(500, 3)), axis=0)
        participant, question, option = choices.T
        site = participant % 6
        country = np.array(["FR", "KE", "BR"])[site % 3]
        answers = Answers.from_columns(
            participant=[f"p{p}" for p in participant],
            site=[f"s{s}" for s in site],
            country=list(country),
            question=[f"q{q}" for q in question],
            option=[f"o{o}" for o in option],
        )
        shares = {
            (r.group, r.question, r.option): r
            for r in compute_shares(answers, levels=["country"])
            if r.weighting == "pooled"
        }
        for (group, q, o), row in shares.items():
            chosen = {
                (p, oo)
                for p, c, qq, oo in zip(participant, country, question, option, strict=True)
                if c == group and f"q{qq}" == q
            }
            respondents = {p for p, _ in chosen}
            count = len({p for p, oo in chosen if f"o{oo}" == o})
            assert (row.count, row.n) == (count, len(respondents))
