import csv
import subprocess
import sys
from pathlib import Path

import pytest

from polyvox.engines.tally.cli import main

HEADER = "participant,site,country,region,question,option,gender"
ROWS = [
    "p1,lyon,FR,Europe,q1,yes,f",
    "p2,lyon,FR,Europe,q1,no,m",
    "p3,paris,FR,Europe,q1,yes,f",
    "p4,nairobi,KE,Africa,q1,yes,m",
    "p1,lyon,FR,Europe,q2,4,f",
    "p4,nairobi,KE,Africa,q2,2,m",
]


def write(path: Path, lines: list[str], newline: str = "\n", prefix: str = "") -> Path:
    path.write_text(prefix + newline.join(lines) + newline, encoding="utf-8")
    return path


def read_rows(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as file:
        return list(csv.DictReader(file))


def shares_by_key(out: Path) -> dict[tuple[str, ...], dict[str, str]]:
    rows = read_rows(out / "shares.csv")
    return {(r["level"], r["group"], r["question"], r["option"], r["weighting"]): r for r in rows}


class TestShares:
    def test_it_writes_every_level_and_weighting(self, tmp_path: Path) -> None:
        answers = write(tmp_path / "answers.csv", [HEADER, *ROWS])
        assert main(["--answers", str(answers), "--out", str(tmp_path / "out")]) == 0
        header = (tmp_path / "out" / "shares.csv").read_text().splitlines()[0]
        assert header == "level,group,question,option,weighting,count,n,share"
        shares = shares_by_key(tmp_path / "out")
        assert shares[("global", "all", "q1", "yes", "pooled")] | {} == {
            "level": "global",
            "group": "all",
            "question": "q1",
            "option": "yes",
            "weighting": "pooled",
            "count": "3",
            "n": "4",
            "share": "0.75",
        }
        assert shares[("global", "all", "q1", "yes", "country_equal")]["share"] == str(
            (2 / 3 + 1) / 2
        )
        assert shares[("global", "all", "q1", "yes", "country_equal")]["count"] == ""
        assert shares[("region", "Africa", "q1", "yes", "country_equal")]["share"] == "1.0"
        assert shares[("country", "FR", "q1", "no", "pooled")]["share"] == str(1 / 3)
        assert shares[("site", "paris", "q1", "yes", "pooled")]["n"] == "1"
        levels = {(key[0], key[4]) for key in shares}
        assert levels == {
            ("global", "pooled"),
            ("global", "country_equal"),
            ("region", "pooled"),
            ("region", "country_equal"),
            ("country", "pooled"),
            ("site", "pooled"),
        }

    def test_every_option_appears_in_every_group(self, tmp_path: Path) -> None:
        answers = write(tmp_path / "answers.csv", [HEADER, *ROWS])
        main(["--answers", str(answers), "--out", str(tmp_path / "out")])
        shares = shares_by_key(tmp_path / "out")
        nairobi_no = shares[("site", "nairobi", "q1", "no", "pooled")]
        assert (nairobi_no["count"], nairobi_no["n"], nairobi_no["share"]) == ("0", "1", "0.0")
        paris_q2 = shares[("site", "paris", "q2", "4", "pooled")]
        assert (paris_q2["n"], paris_q2["share"]) == ("0", "")
        per_group: dict[tuple[str, str, str, str], set[str]] = {}
        for level, group, question, option, weighting in shares:
            per_group.setdefault((level, group, question, weighting), set()).add(option)
        for (_, _, question, _), options in per_group.items():
            assert options == ({"yes", "no"} if question == "q1" else {"2", "4"})

    def test_paper_counts_weigh_their_rows(self, tmp_path: Path) -> None:
        lines = [
            HEADER + ",count",
            "p1,lyon,FR,Europe,q1,yes,f,1",
            "paper:dakar:yes,dakar,SN,Africa,q1,yes,all,30",
            "paper:dakar:no,dakar,SN,Africa,q1,no,all,10",
        ]
        answers = write(tmp_path / "answers.csv", lines)
        assert main(["--answers", str(answers), "--out", str(tmp_path / "out")]) == 0
        shares = shares_by_key(tmp_path / "out")
        world = shares[("global", "all", "q1", "yes", "pooled")]
        assert (world["count"], world["n"]) == ("31", "41")
        assert shares[("global", "all", "q1", "yes", "country_equal")]["share"] == str(
            (1 + 0.75) / 2
        )

    def test_quoted_crlf_and_bom_files_read_the_same(self, tmp_path: Path) -> None:
        plain = write(tmp_path / "plain.csv", [HEADER, *ROWS])
        quoted_rows = [",".join(f'"{cell}"' for cell in row.split(",")) for row in ROWS]
        quoted = write(
            tmp_path / "quoted.csv", [HEADER, *quoted_rows], newline="\r\n", prefix="\ufeff"
        )
        main(["--answers", str(plain), "--out", str(tmp_path / "a")])
        main(["--answers", str(quoted), "--out", str(tmp_path / "b")])
        assert (tmp_path / "a" / "shares.csv").read_text() == (
            tmp_path / "b" / "shares.csv"
        ).read_text()

    def test_an_options_file_adds_unchosen_options_in_ballot_order(self, tmp_path: Path) -> None:
        answers = write(tmp_path / "answers.csv", [HEADER, *ROWS])
        options = write(
            tmp_path / "options.csv", ["question,option", "q1,yes", "q1,maybe", "q1,no"]
        )
        main(
            [
                "--answers",
                str(answers),
                "--out",
                str(tmp_path / "out"),
                "--options",
                str(options),
                "--levels",
                "global",
            ]
        )
        rows = [r for r in read_rows(tmp_path / "out" / "shares.csv") if r["weighting"] == "pooled"]
        assert [r["option"] for r in rows if r["question"] == "q1"] == ["yes", "maybe", "no"]

    def test_populations_add_a_population_weighted_mean(self, tmp_path: Path) -> None:
        answers = write(tmp_path / "answers.csv", [HEADER, *ROWS])
        populations = write(tmp_path / "pop.csv", ["country,population", "FR,3", "KE,1"])
        main(
            [
                "--answers",
                str(answers),
                "--out",
                str(tmp_path / "out"),
                "--populations",
                str(populations),
            ]
        )
        shares = shares_by_key(tmp_path / "out")
        weighted = shares[("global", "all", "q1", "yes", "population_weighted")]
        assert float(weighted["share"]) == pytest.approx((3 * 2 / 3 + 1) / 4)

    def test_levels_from_the_country_table_can_be_asked_for(self, tmp_path: Path) -> None:
        answers = write(tmp_path / "answers.csv", [HEADER, *ROWS])
        levels = "global,subregion,income_group"
        arguments = ["--levels", levels, "--populations", "builtin"]
        assert main(["--answers", str(answers), "--out", str(tmp_path / "out"), *arguments]) == 0
        shares = shares_by_key(tmp_path / "out")
        groups = {(key[0], key[1]) for key in shares}
        assert groups == {
            ("global", "all"),
            ("subregion", "Western Europe"),
            ("subregion", "Sub-Saharan Africa"),
            ("income_group", "High income"),
            ("income_group", "Lower middle income"),
        }
        assert ("income_group", "High income", "q1", "yes", "population_weighted") in shares


class TestOtherFiles:
    def test_it_writes_intervals_comparisons_breakdowns_and_scale_means(
        self, tmp_path: Path
    ) -> None:
        answers = write(tmp_path / "answers.csv", [HEADER, *ROWS])
        out = tmp_path / "out"
        arguments = ["--intervals", "--comparisons", "--breakdowns", "gender", "--scales"]
        assert main(["--answers", str(answers), "--out", str(out), *arguments]) == 0
        intervals = read_rows(out / "intervals.csv")
        world_yes = next(r for r in intervals if r["level"] == "global" and r["option"] == "yes")
        assert float(world_yes["low"]) < 0.75 < float(world_yes["high"])
        comparisons = read_rows(out / "comparisons.csv")
        assert {r["level"] for r in comparisons} == {"region", "country", "site"}
        breakdowns = read_rows(out / "breakdowns.csv")
        assert breakdowns
        assert all(r["count"] == "" for r in breakdowns)  # every cell here is under 10
        means = {(r["level"], r["group"]): r for r in read_rows(out / "scale_means.csv")}
        assert (means[("global", "all")]["n"], means[("global", "all")]["mean"]) == ("2", "3.0")


class TestBadInput:
    def run_expecting_error(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str], lines: list[str]
    ) -> tuple[str, str]:
        answers = write(tmp_path / "answers.csv", lines)
        assert main(["--answers", str(answers), "--out", str(tmp_path / "out")]) == 2
        error = capsys.readouterr().err
        assert "Traceback" not in error
        return error.strip(), str(answers)

    def test_a_missing_column_is_named(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        header = "participant,site,country,region,question,gender"
        error, path = self.run_expecting_error(tmp_path, capsys, [header, "p1,lyon,FR,Europe,q1,f"])
        assert (
            error
            == f"polyvox tally: error: {path}, row 1, column 'option': missing column in the header"
        )

    @pytest.mark.parametrize("quote", ["", '"'])
    def test_a_blank_cell_names_row_and_column(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str], quote: str
    ) -> None:
        bad = f"{quote}p3{quote},paris,FR,Europe,q1,,f"
        error, path = self.run_expecting_error(tmp_path, capsys, [HEADER, *ROWS[:2], bad])
        assert error == f"polyvox tally: error: {path}, row 4, column 'option': blank cell"

    @pytest.mark.parametrize("quote", ["", '"'])
    def test_a_count_that_is_not_a_whole_number_names_row_and_column(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str], quote: str
    ) -> None:
        lines = [
            HEADER + ",count",
            "p1,lyon,FR,Europe,q1,yes,f,2",
            f"p2,lyon,FR,Europe,q1,no,m,{quote}2.5{quote}",
        ]
        error, path = self.run_expecting_error(tmp_path, capsys, lines)
        assert (
            error
            == f"polyvox tally: error: {path}, row 3, column 'count': '2.5' is not a whole number of people"
        )

    def test_a_short_row_is_named(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        error, path = self.run_expecting_error(
            tmp_path, capsys, [HEADER, ROWS[0], "p2,lyon,FR,Europe,q1"]
        )
        assert (
            error
            == f"polyvox tally: error: {path}, row 3: 5 fields where the header has 7 (no 6th field)"
        )

    @pytest.mark.parametrize("quote", ["", '"'])
    def test_an_empty_row_is_named(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str], quote: str
    ) -> None:
        first = ROWS[0].replace("p1", f"{quote}p1{quote}")
        error, path = self.run_expecting_error(tmp_path, capsys, [HEADER, first, "", ROWS[1]])
        assert error == f"polyvox tally: error: {path}, row 3: empty row"

    def test_a_site_in_two_countries_names_the_row(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        error, path = self.run_expecting_error(
            tmp_path, capsys, [HEADER, ROWS[0], "p9,lyon,KE,Africa,q1,yes,f"]
        )
        assert (
            error
            == f"polyvox tally: error: {path}, row 3, column 'country': 'lyon' appears with more than one country"
        )

    def test_a_header_without_answers_is_refused(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        error, path = self.run_expecting_error(tmp_path, capsys, [HEADER])
        assert error == f"polyvox tally: error: {path}, row 2: no answers after the header"

    def test_an_unknown_level_is_refused(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        answers = write(tmp_path / "answers.csv", [HEADER, *ROWS])
        assert main(["--answers", str(answers), "--out", str(tmp_path), "--levels", "planet"]) == 2
        assert "unknown level 'planet'" in capsys.readouterr().err

    def test_a_missing_file_is_named(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        assert main(["--answers", str(tmp_path / "nope.csv"), "--out", str(tmp_path)]) == 2
        assert "nope.csv: cannot read the file" in capsys.readouterr().err

    def test_the_installed_command_exits_2_without_a_traceback(self, tmp_path: Path) -> None:
        answers = write(tmp_path / "answers.csv", [HEADER, "p1,lyon,FR,Europe,q1,,f"])
        polyvox = Path(sys.executable).with_name("polyvox")
        result = subprocess.run(
            [str(polyvox), "tally", "--answers", str(answers), "--out", str(tmp_path / "out")],
            capture_output=True,
            text=True,
            check=False,
        )
        assert result.returncode == 2
        assert (
            result.stderr
            == f"polyvox tally: error: {answers}, row 2, column 'option': blank cell\n"
        )
