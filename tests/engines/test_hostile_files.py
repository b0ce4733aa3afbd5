"""The engines' CSV readers, fed hostile files: each either reads the file right or raises
its own input error naming the file (and the row when one is to blame); no other exception."""

from __future__ import annotations

import csv
import io
import tempfile
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from polyvox.engines.grouping import cli as grouping_cli
from polyvox.engines.sortition.csv_input import InputFileError, read_pool, read_quotas
from polyvox.engines.tally.csv_input import AnswersFileError, read_answers_csv
from tests.hostile import HOSTILE, broken_file, csv_bytes, nasty_text

ANSWER_COLUMNS = ("participant", "site", "country", "region", "question", "option", "count")
QUOTA_COLUMNS = ("feature", "value", "min", "max", "min_flex", "max_flex")
cell = st.one_of(
    nasty_text, st.sampled_from(["gender", "f", "m", "1", "0", "3", "²", "-1", "1e3", "99999"])
)


def check_names(error: Exception, *files: str) -> None:
    assert str(error).startswith(files), str(error)


def in_file(content: bytes, name: str = "input.csv") -> Path:
    path = Path(tempfile.mkdtemp()) / name
    path.write_bytes(content)
    return path


class TestTallyAnswers:
    @HOSTILE
    @given(content=broken_file(ANSWER_COLUMNS, cell))
    def test_a_hostile_file_is_read_or_refused_naming_the_file(self, content: bytes) -> None:
        path = in_file(content, "answers.csv")
        try:
            answers = read_answers_csv(path)
        except AnswersFileError as error:
            check_names(error, str(path))
        else:
            assert len(answers.participant) == len(answers.count) > 0

    @HOSTILE
    @given(
        rows=st.lists(
            st.tuples(
                *[
                    st.text(
                        alphabet=st.characters(
                            blacklist_categories=["Cs"], blacklist_characters=',"\r\n'
                        ),
                        min_size=1,
                        max_size=10,
                    )
                    for _ in ANSWER_COLUMNS[:-1]
                ],
                st.integers(0, 10**12),
            ),
            min_size=1,
            max_size=12,
        ),
        quoted=st.booleans(),
    )
    def test_valid_answers_round_trip(
        self, rows: list[tuple[str, str, str, str, str, str, int]], quoted: bool
    ) -> None:
        lines = [[*row[:-1], str(row[-1])] for row in rows]
        if quoted:
            content = csv_bytes([list(ANSWER_COLUMNS), *lines])
        else:
            content = "\n".join(",".join(line) for line in [ANSWER_COLUMNS, *lines]).encode()
        answers = read_answers_csv(in_file(content))
        assert answers.region is not None
        for index, line in enumerate(lines):
            columns = (
                answers.participant,
                answers.site,
                answers.country,
                answers.region,
                answers.question,
                answers.option,
            )
            read = [column.labels[column.codes[index]] for column in columns]
            assert [*read, str(answers.count[index])] == line

    def test_labels_told_apart_only_by_a_nul_stay_apart(self) -> None:
        content = b"participant,site,country,region,question,option\n"
        content += b"1,a,FR,r,q,o\n2,a\x00,FR,r,q,o\n3,a,FR,r,q,o\n"
        answers = read_answers_csv(in_file(content))
        assert [answers.site.labels[code] for code in answers.site.codes] == ["a", "a\x00", "a"]

    def test_a_file_with_old_mac_line_ends_is_refused(self) -> None:
        content = b"participant,site,country,region,question,option\r1,a,FR,r,q,o\r"
        with pytest.raises(AnswersFileError, match=r"answers\.csv, row 1: not a readable"):
            read_answers_csv(in_file(content, "answers.csv"))


class TestSortitionFiles:
    @HOSTILE
    @given(
        quotas=broken_file(QUOTA_COLUMNS, cell),
        people=broken_file(("id", "gender"), cell),
        panel_size=st.integers(1, 5),
    )
    def test_hostile_files_are_read_or_refused_naming_the_file(
        self, quotas: bytes, people: bytes, panel_size: int
    ) -> None:
        quota_path, people_path = in_file(quotas, "quotas.csv"), in_file(people, "people.csv")
        try:
            pool = read_pool(
                people_path,
                read_quotas(quota_path, panel_size),
                id_column=None,
                household_columns=(),
            ).pool
        except InputFileError as error:
            check_names(error, "quotas.csv", "people.csv")
        else:
            assert len(pool.ids) == len(set(pool.ids)) > 0

    @HOSTILE
    @given(
        people=st.lists(
            st.tuples(
                st.text(
                    alphabet=st.characters(blacklist_categories=("Cs", "Zs", "Cc")), min_size=1
                ),
                st.sampled_from(["f", "m", " F", "M "]),
            ),
            min_size=1,
            max_size=10,
            unique_by=lambda person: person[0],
        )
    )
    def test_a_valid_pool_round_trips(self, people: list[tuple[str, str]]) -> None:
        quotas = in_file(
            csv_bytes(
                [
                    ["feature", "value", "min", "max"],
                    ["gender", "f", "0", "10"],
                    ["gender", "m", "0", "10"],
                ]
            )
        )
        rows = [["id", "Gender"], *([person_id, gender] for person_id, gender in people)]
        pool = read_pool(
            in_file(csv_bytes(rows, bom=True)),
            read_quotas(quotas, 1),
            id_column=None,
            household_columns=(),
        ).pool
        assert list(pool.ids) == [person_id for person_id, _ in people]
        assert list(pool.features["Gender"]) == [gender.strip().lower() for _, gender in people]


class TestGroupingFiles:
    @HOSTILE
    @given(
        people=broken_file(("id", "gender", "language"), cell),
        seated=st.one_of(st.none(), broken_file(("id", "table"), cell)),
    )
    def test_hostile_files_give_a_seating_or_a_one_line_error(
        self, people: bytes, seated: bytes | None, capsys: pytest.CaptureFixture[str]
    ) -> None:
        folder = Path(tempfile.mkdtemp())
        (folder / "people.csv").write_bytes(people)
        argv = ["--people", str(folder / "people.csv"), "--size", "3", "--balance", "gender"]
        argv += ["--language-column", "language", "--out", str(folder / "tables.csv")]
        if seated is not None:
            (folder / "seated.csv").write_bytes(seated)
            argv += ["--seated", str(folder / "seated.csv")]
        status = grouping_cli.main(argv)
        error = capsys.readouterr().err
        if status:
            assert status == grouping_cli.USAGE_ERROR
            assert error.startswith("error: "), error
            assert error.count("\n") == 1, error
            assert "people.csv" in error or "seated.csv" in error or "table" in error, error
        else:
            with (folder / "tables.csv").open(newline="", encoding="utf-8") as file:
                written = list(csv.DictReader(file))
            read = list(csv.DictReader(io.StringIO(people.decode("utf-8-sig"))))
            assert [row["id"] for row in written] == [row["id"].strip() for row in read]

    def test_a_table_number_in_superscript_is_refused(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        (tmp_path / "people.csv").write_text("id,gender\na,f\nb,m\n")
        (tmp_path / "seated.csv").write_text("id,table\na,²\n")
        argv = ["--people", str(tmp_path / "people.csv"), "--size", "3", "--balance", "gender"]
        argv += ["--seated", str(tmp_path / "seated.csv"), "--out", str(tmp_path / "out.csv")]
        assert grouping_cli.main(argv) == grouping_cli.USAGE_ERROR
        assert "row 2, column 'table': '²' is not a table number" in capsys.readouterr().err
