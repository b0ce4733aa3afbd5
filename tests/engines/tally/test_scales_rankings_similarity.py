import math

import pytest

from polyvox.engines.tally import (
    Answers,
    CountryProfiles,
    country_profiles,
    rank_recommendations,
    scale_means,
    which_country_are_you,
)


class TestScaleMeans:
    @pytest.fixture
    def answers(self) -> Answers:
        # Scale 1-5: lyon answers 1, 3, 5, 5; nairobi answers 2, 2.
        return Answers.from_columns(
            participant=["p1", "p2", "p3", "p4", "p5", "p6"],
            site=["lyon"] * 4 + ["nairobi"] * 2,
            country=["FR"] * 4 + ["KE"] * 2,
            question=["trust"] * 6,
            option=["1", "3", "5", "5", "2", "2"],
        )

    def test_it_gives_the_mean_with_n_and_a_t_interval(self, answers: Answers) -> None:
        means = {m.group: m for m in scale_means(answers, levels=["site", "global"])}
        lyon = means["lyon"]
        assert (lyon.n, lyon.mean) == (4, 3.5)
        # sd = sqrt(((1-3.5)^2 + (3-3.5)^2 + 2 * 1.5^2) / 3) = 1.9149; t(0.975, 3) = 3.1824.
        half_width = 3.182446 * 1.914854 / 2
        assert lyon.low == pytest.approx(3.5 - half_width, abs=1e-4)
        assert lyon.high == pytest.approx(3.5 + half_width, abs=1e-4)
        assert means["all"].mean == pytest.approx(18 / 6)

    def test_option_values_can_be_given_for_worded_scales(self) -> None:
        answers = Answers.from_columns(
            participant=["p1", "p2", "p3"],
            site=["s"] * 3,
            country=["FR"] * 3,
            question=["q"] * 3,
            option=["agree", "agree", "disagree"],
        )
        (mean,) = scale_means(
            answers, levels=["global"], values_by_question={"q": {"agree": 1.0, "disagree": -1.0}}
        )
        assert mean.mean == pytest.approx(1 / 3)

    def test_a_single_answer_has_a_mean_but_no_interval(self) -> None:
        answers = Answers.from_columns(
            participant=["p1"], site=["s"], country=["FR"], question=["q"], option=["4"]
        )
        (mean,) = scale_means(answers, levels=["site"])
        assert mean.mean == 4.0
        assert math.isnan(mean.low)


class TestRankings:
    def test_modified_borda_points_and_approval_shares(self) -> None:
        ballots = [["A", "B", "C"], ["B", "A", "C"], ["B", "C"], ["C"]]
        ranked = rank_recommendations(ballots, recommendations=["A", "B", "C", "D"])
        points = {r.recommendation: r.borda_points for r in ranked}
        # Full ballots give 3, 2, 1; "B, C" gives 2, 1; "C" alone gives 1.
        assert points == {"A": 5, "B": 7, "C": 4, "D": 0}
        assert [r.recommendation for r in ranked] == ["B", "A", "C", "D"]
        shares = {r.recommendation: r.approval_share for r in ranked}
        assert shares == {"A": 0.5, "B": 0.75, "C": 1.0, "D": 0.0}

    def test_a_bullet_vote_weighs_no_more_than_a_full_ranking_top(self) -> None:
        ranked = rank_recommendations([["A"], ["B", "A"]])
        points = {r.recommendation: r.borda_points for r in ranked}
        assert points == {"A": 2, "B": 2}

    def test_ties_in_points_break_on_approvals_then_share_a_rank(self) -> None:
        ranked = rank_recommendations([["A", "B"], ["B", "A"], ["C", "D"], ["D", "C"]])
        assert [r.rank for r in ranked] == [1, 1, 1, 1]
        ranked = rank_recommendations([["A", "B"], ["B"], ["A"]])
        assert [(r.recommendation, r.rank) for r in ranked] == [("A", 1), ("B", 2)]

    def test_weights_let_a_paper_ballot_stand_for_several_people(self) -> None:
        ranked = rank_recommendations([["A", "B"], ["B", "A"]], weights=[3, 1])
        assert ranked[0].recommendation == "A"
        assert ranked[0].approval_share == 1.0


class TestWhichCountryAreYou:
    @pytest.fixture
    def profiles(self) -> CountryProfiles:
        # FR: q1 all yes, q2 half a / half b. KE: q1 all no, q2 all b. BR: q1 half yes, q2 all a.
        rows = [
            ("f1", "FR", "q1", "yes"),
            ("f2", "FR", "q1", "yes"),
            ("f1", "FR", "q2", "a"),
            ("f2", "FR", "q2", "b"),
            ("k1", "KE", "q1", "no"),
            ("k2", "KE", "q1", "no"),
            ("k1", "KE", "q2", "b"),
            ("k2", "KE", "q2", "b"),
            ("b1", "BR", "q1", "yes"),
            ("b2", "BR", "q1", "no"),
            ("b1", "BR", "q2", "a"),
            ("b2", "BR", "q2", "a"),
        ]
        participant, country, question, option = (list(c) for c in zip(*rows, strict=True))
        answers = Answers.from_columns(
            participant=participant,
            site=[f"site-{c}" for c in country],
            country=country,
            question=question,
            option=option,
        )
        return country_profiles(answers)

    def test_it_ranks_countries_by_the_mean_share_of_the_visitors_choices(
        self, profiles: CountryProfiles
    ) -> None:
        matches = which_country_are_you(profiles, {"q1": "yes", "q2": "a"})
        # FR (1 + 0.5) / 2, BR (0.5 + 1) / 2, KE 0: FR and BR tie, alphabetical.
        assert [(m.country, m.score) for m in matches] == [("BR", 0.75), ("FR", 0.75), ("KE", 0.0)]
        assert matches[0].questions_compared == 2

    def test_top_limits_the_list_and_unknown_answers_are_ignored(
        self, profiles: CountryProfiles
    ) -> None:
        matches = which_country_are_you(profiles, {"q1": "no", "q2": "b", "q9": "x"}, top=1)
        assert [(m.country, m.score) for m in matches] == [("KE", 1.0)]

    def test_a_multiple_choice_answer_scores_the_mean_over_its_options(
        self, profiles: CountryProfiles
    ) -> None:
        matches = which_country_are_you(profiles, {"q2": ["a", "b"]})
        assert {m.country: m.score for m in matches} == {"BR": 0.5, "FR": 0.5, "KE": 0.5}

    def test_no_usable_answer_gives_no_match(self, profiles: CountryProfiles) -> None:
        assert which_country_are_you(profiles, {"q9": "x"}) == []
