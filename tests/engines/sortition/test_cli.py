from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import pytest

from polyvox.cli import main as polyvox_main
from tests.engines.sortition.conftest import make_pool, make_quotas, write_csv

K = 8


def write_sa_files(folder: Path, households: bool = False) -> tuple[Path, Path]:
    pool = make_pool(40, seed=3, households=households)
    header = ["id", *pool.categories] + (["address"] if households else [])
    homes = pool.households if households else None
    rows = [
        [pid, *(pool.features[c][i] for c in pool.categories)]
        # csv writes None as an empty cell
        + ([homes[i] or ""] if homes is not None else [])
        for i, pid in enumerate(pool.ids)
    ]
    people = write_csv(folder / "people.csv", header, rows)
    features = write_csv(
        folder / "features.csv",
        ["feature", "value", "min", "max"],
        [[q.category, q.value, str(q.min), str(q.max)] for q in make_quotas(K)],
    )
    return people, features


def write_paper_files(folder: Path) -> tuple[Path, Path]:
    pool = make_pool(40, seed=3)
    respondents = write_csv(
        folder / "respondents.csv",
        pool.categories,
        [[pool.features[c][i].upper() for c in pool.categories] for i in range(pool.size)],
    )
    categories = write_csv(
        folder / "categories.csv",
        ["category", "feature", "min", "max"],
        [[q.category, q.value, str(q.min), str(q.max)] for q in make_quotas(K)],
    )
    return respondents, categories


def run(*args: str | Path | int) -> int:
    return polyvox_main(["select", *map(str, args)])


def read(path: Path) -> list[dict[str, str]]:
    with path.open(newline="") as handle:
        return list(csv.DictReader(handle))


class TestSelect:
    def test_it_writes_the_four_outputs_for_the_sortition_algorithms_format(
        self, tmp_path: Path
    ) -> None:
        people, features = write_sa_files(tmp_path, households=True)
        out = tmp_path / "out"
        code = run(
            "--people",
            people,
            "--features",
            features,
            "--size",
            K,
            "--household-columns",
            "address",
            "--panels",
            50,
            "--out",
            out,
        )
        assert code == 0
        probabilities = read(out / "probabilities.csv")
        assert len(probabilities) == 40
        assert sum(float(r["probability"]) for r in probabilities) == pytest.approx(K, abs=1e-6)
        panels = read(out / "panels.csv")
        report = json.loads((out / "report.json").read_text())
        # 50 tickets cannot keep every chance within 0.001: the lottery grows to 10x at most.
        assert report["panels_requested"] == 50
        assert len(panels) == report["panels"] in (50, 100, 250, 500)
        assert all(len(r["members"].split(";")) == K for r in panels)
        support = read(out / "distribution.csv")
        assert sum(float(r["probability"]) for r in support) == pytest.approx(1.0)
        selected = read(out / "selected.csv")
        assert [r["id"] for r in selected] in [
            sorted(r["members"].split(";"), key=lambda i: int(i[1:])) for r in panels
        ]
        for key in (
            "algorithm",
            "solver",
            "seconds",
            "minimum_probability",
            "lottery_minimum_probability",
            "max_deviation",
            "panels",
            "input_hash",
            "seed",
        ):
            assert key in report

    def test_it_reads_the_paper_format_with_row_numbers_as_ids(self, tmp_path: Path) -> None:
        respondents, categories = write_paper_files(tmp_path)
        out = tmp_path / "out"
        assert (
            run("--people", respondents, "--features", categories, "--size", K, "--out", out) == 0
        )
        ids = [r["id"] for r in read(out / "probabilities.csv")]
        assert ids == [str(i) for i in range(1, 41)]

    def test_it_verifies_its_own_draw_and_catches_a_tampered_pool(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        people, features = write_sa_files(tmp_path)
        out = tmp_path / "out"
        run(
            "--people",
            people,
            "--features",
            features,
            "--size",
            K,
            "--panels",
            100,
            "--public-random",
            "dice 4 2 7",
            "--out",
            out,
        )
        assert run("--verify", out) == 0
        assert "verified" in capsys.readouterr().out
        rows = read(people)
        rows[0]["gender"] = "male" if rows[0]["gender"] == "female" else "female"
        write_csv(people, list(rows[0]), [list(r.values()) for r in rows])
        assert run("--verify", out) == 1
        assert "input_hash" in capsys.readouterr().err

    def test_it_catches_an_edited_selection(self, tmp_path: Path) -> None:
        people, features = write_sa_files(tmp_path)
        out = tmp_path / "out"
        run("--people", people, "--features", features, "--size", K, "--panels", 100, "--out", out)
        selected = read(out / "selected.csv")
        selected[0]["id"] = "p39" if selected[0]["id"] != "p39" else "p38"
        write_csv(out / "selected.csv", list(selected[0]), [list(r.values()) for r in selected])
        assert run("--verify", out) == 1

    def test_it_verifies_the_reserves_and_catches_a_tampered_order(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        people, features = write_sa_files(tmp_path)
        out = tmp_path / "out"
        args = ("--people", people, "--features", features, "--size", K, "--panels", 100)
        assert run(*args, "--reserves", 5, "--out", out) == 0
        reserves = read(out / "reserves.csv")
        assert [r["rank"] for r in reserves] == ["1", "2", "3", "4", "5"]
        selected = {r["id"] for r in read(out / "selected.csv")}
        assert not selected & {r["id"] for r in reserves}
        assert run("--verify", out) == 0
        capsys.readouterr()
        first, second = reserves[0]["id"], reserves[1]["id"]
        reserves[0]["id"], reserves[1]["id"] = second, first
        write_csv(out / "reserves.csv", ["rank", "id"], [list(r.values()) for r in reserves])
        assert run("--verify", out) == 1
        assert "reserves.csv" in capsys.readouterr().err

    def test_it_can_verify_a_copied_folder_given_the_inputs(self, tmp_path: Path) -> None:
        people, features = write_sa_files(tmp_path)
        out = tmp_path / "out"
        run("--people", people, "--features", features, "--size", K, "--panels", 100, "--out", out)
        moved = tmp_path / "moved"
        shutil.copytree(out, moved)
        assert run("--verify", moved, "--people", people, "--features", features) == 0


class TestFairLottery:
    def test_every_chance_in_the_lottery_is_within_the_reported_deviation(
        self, tmp_path: Path
    ) -> None:
        people, features = write_sa_files(tmp_path, households=True)
        out = tmp_path / "out"
        args = ("--people", people, "--features", features, "--size", K)
        assert run(*args, "--household-columns", "address", "--out", out) == 0
        report = json.loads((out / "report.json").read_text())
        exact = {r["id"]: float(r["probability"]) for r in read(out / "probabilities.csv")}
        tickets = dict.fromkeys(exact, 0)
        members = [r["members"].split(";") for r in read(out / "panels.csv")]
        for panel in members:
            for person in panel:
                tickets[person] += 1
        moved = max(abs(tickets[p] / len(members) - exact[p]) for p in exact)
        assert moved == pytest.approx(report["max_deviation"], abs=1e-9)
        assert report["max_deviation"] <= 0.001
        assert report["lottery_minimum_probability"] >= report["minimum_probability"] - 0.001

    def test_it_rejects_a_tampered_distribution(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        people, features = write_sa_files(tmp_path)
        out = tmp_path / "out"
        run("--people", people, "--features", features, "--size", K, "--out", out)
        assert run("--verify", out) == 0
        capsys.readouterr()
        rows = read(out / "distribution.csv")
        # Shift probability from one support panel to another: still sums to one.
        rows[0]["probability"], rows[1]["probability"] = (
            rows[1]["probability"],
            rows[0]["probability"],
        )
        write_csv(out / "distribution.csv", list(rows[0]), [list(r.values()) for r in rows])
        assert run("--verify", out) == 1
        assert "distribution.csv" in capsys.readouterr().err

    def test_it_rejects_a_tampered_lottery(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        people, features = write_sa_files(tmp_path)
        out = tmp_path / "out"
        run("--people", people, "--features", features, "--size", K, "--out", out)
        rows = read(out / "panels.csv")
        # One ticket now repeats another panel: a valid panel, but a different lottery.
        rows[-1]["members"] = rows[0]["members"]
        write_csv(out / "panels.csv", list(rows[0]), [list(r.values()) for r in rows])
        assert run("--verify", out) == 1
        assert "panels.csv" in capsys.readouterr().err

    def test_it_still_verifies_a_draw_rounded_the_old_way(self, tmp_path: Path) -> None:
        people, features = write_sa_files(tmp_path)
        out = tmp_path / "out"
        args = ("--people", people, "--features", features, "--size", K, "--panels", 100)
        assert run(*args, "--rounding", "beck-fiala", "--out", out) == 0
        report = json.loads((out / "report.json").read_text())
        assert report["panels"] == 100
        # As bundles published before the fair rounding: no distribution, no rounding keys.
        (out / "distribution.csv").unlink()
        for key in ("rounding", "panels_requested", "tolerance", "max_deviation"):
            del report[key]
        (out / "report.json").write_text(json.dumps(report))
        assert run("--verify", out) == 0


class TestBadInput:
    def error_for(
        self,
        capsys: pytest.CaptureFixture[str],
        people: Path,
        features: Path,
        size: int = K,
        *extra: str,
    ) -> str:
        code = run(
            "--people",
            people,
            "--features",
            features,
            "--size",
            size,
            "--out",
            people.parent / "o",
            *extra,
        )
        captured = capsys.readouterr()
        assert code == 2
        assert "Traceback" not in captured.err
        return captured.err

    def rewrite_people(self, people: Path, row: int, column: str, value: str) -> None:
        rows = read(people)
        rows[row - 2][column] = value
        write_csv(people, list(rows[0]), [list(r.values()) for r in rows])

    def test_unknown_value(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        people, features = write_sa_files(tmp_path)
        self.rewrite_people(people, 5, "gender", "other")
        err = self.error_for(capsys, people, features)
        assert "people.csv, row 5, column 'gender'" in err
        assert "'other'" in err

    def test_duplicate_id(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        people, features = write_sa_files(tmp_path)
        self.rewrite_people(people, 7, "id", "p0")
        err = self.error_for(capsys, people, features)
        assert "people.csv, row 7, column 'id'" in err
        assert "row 2" in err

    def test_blank_id(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        people, features = write_sa_files(tmp_path)
        self.rewrite_people(people, 4, "id", " ")
        assert "people.csv, row 4, column 'id': blank cell" in self.error_for(
            capsys, people, features
        )

    def test_blank_feature_cell(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        people, features = write_sa_files(tmp_path)
        self.rewrite_people(people, 9, "age", "")
        assert "people.csv, row 9, column 'age': blank cell" in self.error_for(
            capsys, people, features
        )

    def test_blank_quota_cell(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        people, features = write_sa_files(tmp_path)
        rows = read(features)
        rows[1]["max"] = ""
        write_csv(features, list(rows[0]), [list(r.values()) for r in rows])
        assert "features.csv, row 3, column 'max': blank cell" in self.error_for(
            capsys, people, features
        )

    def test_missing_category_column(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        people, features = write_sa_files(tmp_path)
        rows = read(people)
        write_csv(people, ["id", "gender", "age"], [[r["id"], r["gender"], r["age"]] for r in rows])
        assert "people.csv, row 1, column 'area'" in self.error_for(capsys, people, features)

    def test_minimums_adding_past_the_panel_size(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        people, features = write_sa_files(tmp_path)
        err = self.error_for(capsys, people, features, 4)
        assert "features.csv" in err
        assert "column 'min'" in err
        assert "more than the panel size 4" in err

    def test_maximums_short_of_the_panel_size(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        people, features = write_sa_files(tmp_path)
        err = self.error_for(capsys, people, features, 20)
        assert "column 'max'" in err
        assert "less than the panel size 20" in err

    def test_infeasible_quotas_show_a_relaxation(
        self, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        people, features = write_sa_files(tmp_path)
        rows = read(people)
        write_csv(
            people,
            list(rows[0]),
            [[*list(r.values())[:1], "female", *list(r.values())[2:]] for r in rows],
        )
        err = self.error_for(capsys, people, features)
        assert "no panel meets every quota" in err
        assert "gender=male" in err

    def test_missing_file(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        _, features = write_sa_files(tmp_path)
        assert "nowhere.csv: file not found" in self.error_for(
            capsys, tmp_path / "nowhere.csv", features
        )
