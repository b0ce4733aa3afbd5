from polyvox.engines.tally import all_countries, builtin_populations, country_info


class TestCountryInfo:
    def test_it_knows_region_subregion_income_group_and_population(self) -> None:
        kenya = country_info("KE")
        assert kenya is not None
        assert (kenya.region, kenya.subregion, kenya.intermediate_region) == (
            "Africa",
            "Sub-Saharan Africa",
            "Eastern Africa",
        )
        assert kenya.income_group == "Lower middle income"
        assert 40_000_000 < kenya.population < 70_000_000

    def test_it_reads_any_case_and_returns_none_for_unknown_codes(self) -> None:
        france = country_info("fr")
        assert france is not None
        assert france.name == "France"
        assert country_info("XX") is None

    def test_it_covers_every_iso_alpha2_code_once(self) -> None:
        countries = all_countries()
        assert len(countries) == 249
        assert all(len(code) == 2 and code.isupper() for code in countries)

    def test_every_inhabited_country_has_an_m49_region(self) -> None:
        regions = {info.region for info in all_countries().values() if info.population > 0}
        assert regions == {"Africa", "Americas", "Asia", "Europe", "Oceania"}

    def test_income_groups_are_the_world_bank_four_or_unclassified(self) -> None:
        groups = {info.income_group for info in all_countries().values()}
        assert groups == {
            "Low income",
            "Lower middle income",
            "Upper middle income",
            "High income",
            "",
        }

    def test_the_world_adds_up_to_about_eight_billion(self) -> None:
        assert 7.8e9 < sum(builtin_populations().values()) < 8.3e9
