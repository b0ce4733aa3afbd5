import csv
from collections import Counter
from pathlib import Path

import pytest

from polyvox.cli import main
from tests.engines.grouping.conftest import RoomFactory


@pytest.fixture
def people_csv(tmp_path: Path, room: RoomFactory) -> Path:
    path = tmp_path / "people.csv"
    with path.open("w", newline="") as file:
        writer = csv.writer(file)
        writer.writerow(["id", "gender", "age", "address", "language"])
        for person in room(30, households=12, languages=("en", "fr")):
            attributes = person.attributes
            writer.writerow(
                [
                    person.id,
                    attributes["gender"],
                    attributes["age"],
                    attributes["address"],
                    attributes["language"],
                ]
            )
    return path


def read_tables(path: Path) -> dict[str, int]:
    with path.open(newline="") as file:
        return {row["id"]: int(row["table"]) for row in csv.DictReader(file)}


def read_people(path: Path) -> dict[str, dict[str, str]]:
    with path.open(newline="") as file:
        return {row["id"]: row for row in csv.DictReader(file)}


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "bad.csv"
    path.write_text(text)
    return path


class TestSeating:
    def test_it_writes_one_table_per_person(
        self, people_csv: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        out = tmp_path / "tables.csv"
        code = main(
            [
                "tables",
                "--people",
                str(people_csv),
                "--size",
                "6",
                "--balance",
                "gender,age",
                "--out",
                str(out),
            ]
        )
        assert code == 0
        tables = read_tables(out)
        assert set(tables) == set(read_people(people_csv))
        assert sorted(Counter(tables.values()).values()) == [6, 6, 6, 6, 6]
        assert "30 people at 5 tables" in capsys.readouterr().out

    def test_it_keeps_households_apart_and_languages_together(
        self, people_csv: Path, tmp_path: Path
    ) -> None:
        out = tmp_path / "tables.csv"
        args = ["--household-columns", "address", "--language-column", "language"]
        code = main(
            [
                "tables",
                "--people",
                str(people_csv),
                "--size",
                "5",
                "--balance",
                "gender,age",
                *args,
                "--out",
                str(out),
            ]
        )
        assert code == 0
        people = read_people(people_csv)
        by_table: dict[int, list[dict[str, str]]] = {}
        for person_id, table in read_tables(out).items():
            by_table.setdefault(table, []).append(people[person_id])
        for members in by_table.values():
            assert len({member["language"] for member in members}) == 1
            assert len({member["address"] for member in members}) == len(members)

    def test_it_gives_the_same_file_for_the_same_seed(
        self, people_csv: Path, tmp_path: Path
    ) -> None:
        outputs = []
        for name in ("first.csv", "again.csv"):
            out = tmp_path / name
            main(
                [
                    "tables",
                    "--people",
                    str(people_csv),
                    "--size",
                    "6",
                    "--balance",
                    "gender,age",
                    "--seed",
                    "4",
                    "--out",
                    str(out),
                ]
            )
            outputs.append(out.read_text())
        assert outputs[0] == outputs[1]

    def test_it_seats_latecomers_around_an_earlier_seating(
        self, people_csv: Path, tmp_path: Path
    ) -> None:
        early = tmp_path / "early.csv"
        rows = people_csv.read_text().splitlines()
        early_people = tmp_path / "early_people.csv"
        early_people.write_text("\n".join(rows[:25]) + "\n")
        main(
            [
                "tables",
                "--people",
                str(early_people),
                "--size",
                "6",
                "--balance",
                "gender,age",
                "--out",
                str(early),
            ]
        )
        final = tmp_path / "final.csv"
        code = main(
            [
                "tables",
                "--people",
                str(people_csv),
                "--size",
                "6",
                "--balance",
                "gender,age",
                "--seated",
                str(early),
                "--out",
                str(final),
            ]
        )
        assert code == 0
        before, after = read_tables(early), read_tables(final)
        assert all(after[person_id] == table for person_id, table in before.items())
        assert len(after) == 30
        assert max(Counter(after.values()).values()) <= 6


class TestBadInput:
    def run(self, path: Path, tmp_path: Path, *extra: str) -> int:
        return main(
            [
                "tables",
                "--people",
                str(path),
                "--size",
                "3",
                "--balance",
                "gender",
                *extra,
                "--out",
                str(tmp_path / "out.csv"),
            ]
        )

    def test_it_names_a_missing_column(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        path = write(tmp_path, "id,age\n1,young\n")
        assert self.run(path, tmp_path) == 2
        error = capsys.readouterr().err
        assert f"{path}: no column 'gender'" in error
        assert "Traceback" not in error

    def test_it_names_the_row_and_column_of_a_blank_cell(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        path = write(tmp_path, "id,gender\n1,w\n2, \n")
        assert self.run(path, tmp_path) == 2
        assert f"{path}, row 3, column 'gender': blank cell" in capsys.readouterr().err

    def test_it_names_the_row_of_a_duplicate_id(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        path = write(tmp_path, "id,gender\n1,w\n2,m\n1,m\n")
        assert self.run(path, tmp_path) == 2
        assert (
            f"{path}, row 4, column 'id': duplicate id '1' (first on row 2)"
            in capsys.readouterr().err
        )

    def test_it_explains_a_household_too_large_for_the_tables(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        path = write(tmp_path, "id,gender,home\n1,w,a\n2,m,a\n3,w,a\n4,m,b\n")
        assert self.run(path, tmp_path, "--household-columns", "home") == 2
        assert "household 'a' has 3 members but there are only 2 tables" in capsys.readouterr().err

    def test_it_reports_a_missing_file(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        assert self.run(tmp_path / "absent.csv", tmp_path) == 2
        assert "absent.csv: cannot read" in capsys.readouterr().err

    def test_it_reports_a_missing_flag_without_exiting(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        assert main(["tables", "--size", "3", "--balance", "gender"]) == 2
        assert "required: --people, --out" in capsys.readouterr().err

    def test_it_refuses_a_table_size_below_one(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        path = write(tmp_path, "id,gender\n1,w\n")
        code = main(
            [
                "tables",
                "--people",
                str(path),
                "--size",
                "0",
                "--balance",
                "gender",
                "--out",
                str(tmp_path / "o.csv"),
            ]
        )
        assert code == 2
        assert "--size must be at least 1" in capsys.readouterr().err
