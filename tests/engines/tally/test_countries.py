import hashlib
import re
from importlib import resources
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from polyvox.engines.tally import (
    Answers,
    TallyInputError,
    all_countries,
    builtin_populations,
    compute_share_tables,
    country_info,
)
from polyvox.engines.tally.cli import main as tally_main
from polyvox.engines.tally.countries import ATTRIBUTION, parse_table, reference_table

SHIPPED_SHA256 = "8953d78049a7a40a7b686fbd427436d27ac48eee895ba241c3c1701953bc6160"


def shipped_bytes() -> bytes:
    return resources.files("polyvox.engines.tally.data").joinpath("countries.csv").read_bytes()


class TestTheShippedFile:
    def test_it_is_the_shared_file_byte_for_byte(self, shared_data: Path) -> None:
        assert shipped_bytes() == (shared_data / "countries" / "countries.csv").read_bytes()

    def test_its_sha256_is_the_one_the_shared_readme_gives(self, shared_data: Path) -> None:
        readme = (shared_data / "countries" / "README.md").read_text(encoding="utf-8")
        # The README abbreviates it as "8953d780…6160".
        head, tail = re.search(r"sha256 `([0-9a-f]{8})…([0-9a-f]{4})`", readme).groups()  # type: ignore[union-attr]
        digest = hashlib.sha256(shipped_bytes()).hexdigest()
        assert digest.startswith(head)
        assert digest.endswith(tail)
        assert digest == SHIPPED_SHA256 == reference_table().sha256

    def test_the_attribution_is_the_shared_readmes(self, shared_data: Path) -> None:
        readme = (shared_data / "countries" / "README.md").read_text(encoding="utf-8")
        block = readme.split("### Attribution to show with any use", 1)[1].split("\n## ", 1)[0]
        quoted = " ".join(
            line.removeprefix(">").strip() for line in block.splitlines() if line.startswith(">")
        )
        assert quoted.replace("*", "") == ATTRIBUTION

    def test_the_source_note_ships_beside_it_with_the_mit_licence(self) -> None:
        data = resources.files("polyvox.engines.tally.data")
        note = data.joinpath("SOURCE.md").read_text(encoding="utf-8")
        assert SHIPPED_SHA256 in note
        assert "caa72d1e0e5af8876c170bb36a9e4d64a01bba88" in note
        assert "425fc447a53a26c767a15a7de60c4cc2478a0595" in note
        assert "fbcc9b73f853ca4e21412c2cb875c35b038e6880" in note
        assert "Mafizul Islam" in data.joinpath("countries_master.LICENSE").read_text()

    def test_pyproject_ships_the_data_folder(self) -> None:
        pyproject = (Path(__file__).resolve().parents[3] / "pyproject.toml").read_text()
        assert '"polyvox.engines.tally" = ["data/*.csv", "data/*.md", "data/*.LICENSE"]' in (
            pyproject
        )


class TestCountryInfo:
    def test_it_gives_the_world_bank_2024_population_of_france(self) -> None:
        france = country_info("FR")
        assert france is not None
        assert (france.population, france.population_year) == (68_551_653, 2024)
        assert (france.alpha3, france.m49, france.name) == ("FRA", "250", "France")

    def test_it_knows_region_subregion_and_the_fy2027_income_group(self) -> None:
        kenya = country_info("KE")
        assert kenya is not None
        assert (kenya.region, kenya.subregion, kenya.intermediate_region) == (
            "Africa",
            "Sub-Saharan Africa",
            "Eastern Africa",
        )
        assert (kenya.income_group, kenya.income_group_fy) == ("Lower middle income", "FY2027")

    def test_reclassified_countries_carry_their_fy2027_group(self) -> None:
        # Reclassified at the World Bank's July 2026 update (the old table had FY2025).
        groups = {code: country_info(code).income_group for code in ("VN", "CR", "VE")}  # type: ignore[union-attr]
        assert groups == {
            "VN": "Upper middle income",
            "CR": "High income",
            "VE": "Lower middle income",
        }

    def test_taiwan_has_a_region_but_no_population_and_no_income_group(self) -> None:
        taiwan = country_info("TW")
        assert taiwan is not None
        assert taiwan.region == "Asia"
        assert taiwan.subregion == "Eastern Asia"
        assert taiwan.population is None
        assert taiwan.population_year is None
        assert taiwan.income_group == "" == taiwan.income_group_fy
        assert "TW" not in builtin_populations()

    def test_it_reads_any_case_and_returns_none_for_unknown_codes(self) -> None:
        france = country_info(" fr ")
        assert france is not None
        assert france.alpha2 == "FR"
        assert country_info("XX") is None
        assert country_info("XK") is None  # Kosovo: no ISO code, no row

    def test_it_covers_every_iso_alpha2_code_once(self) -> None:
        countries = all_countries()
        assert len(countries) == 249
        assert all(len(code) == 2 and code.isupper() for code in countries)

    def test_215_rows_have_a_population_and_an_income_group_34_neither(self) -> None:
        countries = all_countries().values()
        with_population = {c.alpha2 for c in countries if c.population is not None}
        with_group = {c.alpha2 for c in countries if c.income_group}
        assert len(with_population) == 215
        assert with_group == with_population
        assert {c.population_year for c in countries if c.population} == {2024}
        assert reference_table().population_years == [2024]
        assert reference_table().income_group_years == ["FY2027"]

    def test_every_country_with_a_population_has_an_m49_region(self) -> None:
        regions = {info.region for info in all_countries().values() if info.population}
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
        assert 7.9e9 < sum(builtin_populations().values()) < 8.3e9


class TestWeightingWithoutAFigure:
    def test_population_weighting_refuses_a_country_without_a_figure(self) -> None:
        answers = Answers.from_columns(
            participant=["p1", "p2"],
            site=["paris", "taipei"],
            country=["FR", "TW"],
            question=["q", "q"],
            option=["yes", "no"],
        )
        with pytest.raises(TallyInputError, match="TW"):
            compute_share_tables(answers, populations=builtin_populations())


class TestParseTable:
    @given(st.binary(max_size=300))
    def test_hostile_bytes_give_a_table_or_a_clean_error(self, raw: bytes) -> None:
        try:
            table = parse_table(raw)
        except (UnicodeDecodeError, KeyError, ValueError):
            return
        assert table.sha256 == hashlib.sha256(raw).hexdigest()


class TestTheCommandNamesItsSources:
    def test_it_writes_the_reference_note_when_it_uses_the_table(self, tmp_path: Path) -> None:
        answers = tmp_path / "answers.csv"
        answers.write_text(
            "participant,site,country,region,question,option\np1,paris,FR,Europe,q1,yes\n"
        )
        arguments = ["--answers", str(answers), "--populations", "builtin"]
        assert tally_main([*arguments, "--out", str(tmp_path / "out")]) == 0
        note = (tmp_path / "out" / "reference_data.txt").read_text()
        assert SHIPPED_SHA256 in note
        assert "Population: World Bank, 2024. Income groups: World Bank, FY2027." in note
        assert ATTRIBUTION in note

    def test_it_writes_none_when_the_data_gave_everything(self, tmp_path: Path) -> None:
        answers = tmp_path / "answers.csv"
        answers.write_text(
            "participant,site,country,region,question,option\np1,paris,FR,Europe,q1,yes\n"
        )
        arguments = ["--answers", str(answers), "--levels", "global,region,country"]
        assert tally_main([*arguments, "--out", str(tmp_path / "out")]) == 0
        assert not (tmp_path / "out" / "reference_data.txt").exists()
