import numpy as np
import pytest

from polyvox.engines.tally import Answers, compare_units, two_proportion_z_test, wilson_interval


class TestWilsonInterval:
    @pytest.mark.parametrize(
        ("count", "n", "low", "high"),
        [
            # Reference values (Newcombe 1998, Table I; R's prop.test without correction).
            (81, 263, 0.2553, 0.3662),
            (15, 148, 0.0624, 0.1605),
            (0, 20, 0.0, 0.1611),
            (1, 29, 0.0061, 0.1718),
            (5, 10, 0.2366, 0.7634),
        ],
    )
    def test_it_matches_published_values(self, count: int, n: int, low: float, high: float) -> None:
        lows, highs = wilson_interval(np.array([count]), np.array([n]))
        assert lows[0] == pytest.approx(low, abs=5e-5)
        assert highs[0] == pytest.approx(high, abs=5e-5)

    def test_it_stays_inside_zero_and_one_and_is_empty_without_answers(self) -> None:
        low, high = wilson_interval(np.array([0, 10, 0]), np.array([10, 10, 0]))
        assert low[0] == 0.0
        assert high[1] == pytest.approx(1.0)
        assert np.isnan(low[2])
        assert np.isnan(high[2])


class TestTwoProportionZTest:
    def test_it_matches_a_worked_example(self) -> None:
        # 30/100 against 20/100: pooled p 0.25, se = sqrt(0.25 * 0.75 * 0.02).
        z, p_value = two_proportion_z_test(
            np.array([30]), np.array([100]), np.array([20]), np.array([100])
        )
        assert z[0] == pytest.approx(0.1 / np.sqrt(0.25 * 0.75 * 0.02))
        assert p_value[0] == pytest.approx(0.1025, abs=5e-4)

    def test_it_gives_no_result_without_variation_or_without_people(self) -> None:
        z, p_value = two_proportion_z_test(
            np.array([10, 1]), np.array([10, 0]), np.array([5, 1]), np.array([5, 3])
        )
        assert np.isnan(z).all()
        assert np.isnan(p_value).all()


class TestUnitAgainstTheRest:
    def test_a_country_is_compared_with_everyone_outside_it(self) -> None:
        # FR: 8 of 10 yes; KE and BR together: 4 of 20 yes.
        participants = [f"p{i}" for i in range(30)]
        countries = ["FR"] * 10 + ["KE"] * 10 + ["BR"] * 10
        options = ["yes"] * 8 + ["no"] * 2 + ["yes"] * 2 + ["no"] * 8 + ["yes"] * 2 + ["no"] * 8
        answers = Answers.from_columns(
            participant=participants,
            site=[f"s-{c}" for c in countries],
            country=countries,
            question=["q"] * 30,
            option=options,
        )
        table = compare_units(answers, level="country")
        france, yes = table.groups.index("FR"), table.options.index("yes")
        assert table.share[france, yes] == 0.8
        assert table.rest_share[france, yes] == 0.2
        assert table.difference[france, yes] == pytest.approx(0.6)
        expected_z, expected_p = two_proportion_z_test(
            np.array([8]), np.array([10]), np.array([4]), np.array([20])
        )
        assert table.z[france, yes] == pytest.approx(expected_z[0])
        assert table.p_value[france, yes] == pytest.approx(expected_p[0])
        assert table.p_value[france, yes] < 0.01
