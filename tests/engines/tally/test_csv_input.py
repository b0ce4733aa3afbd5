from pathlib import Path

import numpy as np
import pytest

from polyvox.engines.tally import Answers, compute_shares
from polyvox.engines.tally import tallies as tallies_module
from polyvox.engines.tally.csv_input import read_answers_csv

HEADER = "participant,site,country,region,question,option,count"


def random_lines(seed: int, rows: int = 400) -> list[list[str]]:
    """Labels of many lengths sharing long prefixes, so 8-byte words often tie."""
    rng = np.random.default_rng(seed)
    long_prefix = "Latin America and the Caribbean / "
    lines = []
    for row in range(rows):
        site = int(rng.integers(0, 7))
        lines.append(
            [
                f"participant-{row:06d}",
                f"site-{'x' * site}{site}",
                ["FR", "KE", "BR"][site % 3],
                long_prefix + "é" * (site % 3),
                f"q{int(rng.integers(0, 3))}",
                rng.choice(["a", "ab", "abcdefgh", "abcdefghi", "abcdefghijklmnopq", "Ω"]),
                str(int(rng.integers(0, 40))),
            ]
        )
    return lines


def read_both_ways(tmp_path: Path, lines: list[list[str]]) -> tuple[Answers, Answers]:
    plain = tmp_path / "plain.csv"
    quoted = tmp_path / "quoted.csv"
    plain.write_text(
        "\n".join([HEADER, *(",".join(line) for line in lines)]) + "\n", encoding="utf-8"
    )
    quoted_rows = (",".join(f'"{cell}"' for cell in line) for line in lines)
    quoted.write_text("\n".join([HEADER, *quoted_rows]) + "\n", encoding="utf-8")
    return read_answers_csv(plain), read_answers_csv(quoted)


class TestFastReader:
    def test_it_reads_exactly_what_the_csv_module_reads(self, tmp_path: Path) -> None:
        lines = random_lines(seed=3)
        fast, reference = read_both_ways(tmp_path, lines)
        for name in ("participant", "site", "country", "region", "question", "option"):
            fast_column, reference_column = getattr(fast, name), getattr(reference, name)
            assert fast_column.labels == reference_column.labels, name
            assert np.array_equal(fast_column.codes, reference_column.codes), name
            decoded = [fast_column.labels[code] for code in fast_column.codes]
            assert decoded == [
                line[("participant", "site", "country", "region", "question", "option").index(name)]
                for line in lines
            ]
        assert np.array_equal(fast.count, reference.count)
        assert fast.count.tolist() == [int(line[-1]) for line in lines]


class TestSparseParticipants:
    def test_many_participants_give_the_same_shares_through_the_sorting_path(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        lines = [[*line[:-1], "1"] for line in random_lines(seed=4)]
        answers, _ = read_both_ways(tmp_path, lines)
        dense = compute_shares(answers, levels=["site"])
        # 400 participants x 3 questions exceed twice the 400 rows: the sorting path.
        monkeypatch.setattr(tallies_module, "DENSE_PAIR_LIMIT", 0)
        assert compute_shares(answers, levels=["site"]) == dense
