import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from polyvox.engines.opinion import Votes
from polyvox.engines.opinion.cli import main
from polyvox.engines.opinion.formats import Conversation, Statement, write_open_data


def export(tmp_path: Path, votes: Votes) -> Path:
    ids = sorted(set(votes.statement_ids.tolist()))
    conversation = Conversation(votes=votes, statements=tuple(Statement(id=i) for i in ids))
    folder = tmp_path / "conversation"
    write_open_data(folder, conversation)
    return folder


def test_it_writes_the_opinion_map(tmp_path: Path, make_votes: Callable[..., Votes]) -> None:
    folder = export(tmp_path, make_votes(n_participants=60, n_statements=20))
    out = tmp_path / "result.json"
    assert main([str(folder), "--out", str(out), "--max-groups", "4", "--seed", "3"]) == 0
    result = json.loads(out.read_text())
    assert set(result) == {"participants", "groups", "consensus", "statements", "seconds"}
    assert {p["id"] for p in result["participants"]} == set(range(60))
    assert all(set(p) == {"id", "group", "x", "y"} for p in result["participants"])
    assert 2 <= len(result["groups"]) <= 4
    assert sum(g["size"] for g in result["groups"]) == 60
    for group in result["groups"]:
        assert group["representative"]
        assert {r["direction"] for r in group["representative"]} <= {"agree", "disagree"}
    assert set(result["consensus"]) == {"agree", "disagree"}
    assert {s["id"] for s in result["statements"]} == set(range(20))
    assert result["seconds"] >= 0


def test_it_exports_and_warm_starts(tmp_path: Path, make_votes: Callable[..., Votes]) -> None:
    folder = export(tmp_path, make_votes())
    state = tmp_path / "state.json"
    args = [str(folder), "--out", str(tmp_path / "r.json"), "--state", str(state)]
    assert main([*args, "--export-polis", str(tmp_path / "polis")]) == 0
    assert (tmp_path / "polis" / "participants-votes.csv").is_file()
    assert json.loads(state.read_text())["k_smoother"]["last_k_count"] == 1
    assert main(args) == 0
    assert json.loads(state.read_text())["k_smoother"]["last_k_count"] == 2


def test_bad_input_exits_2_naming_file_and_row(
    tmp_path: Path, make_votes: Callable[..., Votes]
) -> None:
    folder = export(tmp_path, make_votes())
    votes_csv = folder / "votes.csv"
    votes_csv.write_text(votes_csv.read_text() + "5,x,999,1,1\n")
    command = [
        sys.executable,
        "-m",
        "polyvox.cli",
        "opinions",
        str(folder),
        "--out",
        str(tmp_path / "r.json"),
    ]
    run = subprocess.run(command, capture_output=True, text=True, check=False)
    assert run.returncode == 2
    assert "votes.csv: line" in run.stderr
    assert "unknown comment-id 999" in run.stderr
    assert "Traceback" not in run.stderr


def test_it_rejects_fewer_than_two_groups(
    tmp_path: Path, make_votes: Callable[..., Votes], capsys: pytest.CaptureFixture[str]
) -> None:
    folder = export(tmp_path, make_votes())
    assert main([str(folder), "--out", str(tmp_path / "r.json"), "--max-groups", "1"]) == 2
    assert "at least 2" in capsys.readouterr().err


def test_the_engine_and_its_cli_never_import_django() -> None:
    probe = (
        "import sys, polyvox.engines.opinion, polyvox.engines.opinion.cli; "
        "print(any(m == 'django' or m.startswith('django.') for m in sys.modules))"
    )
    run = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert run.stdout.strip() == "False"
