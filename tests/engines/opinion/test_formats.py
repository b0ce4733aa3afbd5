import csv
import json
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

from polyvox.engines.opinion import Votes, compute
from polyvox.engines.opinion.formats import (
    Conversation,
    OpinionInputError,
    Statement,
    read_conversation,
    read_polis_groups,
    write_open_data,
)


def conversation_of(votes: Votes) -> Conversation:
    ids = sorted(set(votes.statement_ids.tolist()))
    statements = tuple(
        Statement(id=i, text=f"Statement {i}, with a comma", author_id=0, moderated=1) for i in ids
    )
    return Conversation(votes=votes, statements=statements, topic="Test")


def write_csv(path: Path, header: list[str], rows: list[list[object]]) -> None:
    with path.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)


def open_data_folder(tmp_path: Path, votes: list[list[object]]) -> Path:
    write_csv(
        tmp_path / "comments.csv",
        ["timestamp", "datetime", "comment-id", "author-id", "agrees", "disagrees", "moderated",
         "comment-body"],
        [[1, "", 1, 0, "", "", 1, "one"], [2, "", 2, 0, "", "", 1, "two"]],
    )  # fmt: skip
    write_csv(
        tmp_path / "votes.csv", ["timestamp", "datetime", "comment-id", "voter-id", "vote"], votes
    )
    return tmp_path


class TestOpenDataRoundTrip:
    def test_it_reads_back_the_votes_it_wrote(
        self, tmp_path: Path, make_votes: Callable[..., Votes]
    ) -> None:
        base = make_votes(n_participants=30, n_statements=12)
        assert base.timestamps is not None
        # A re-vote, so the export must keep every event, not only final votes.
        votes = Votes.from_lists(
            [*base.participant_ids.tolist(), 0],
            [*base.statement_ids.tolist(), int(base.statement_ids[0])],
            [*base.values.tolist(), -1 if base.values[0] == 1 else 1],
            [*base.timestamps.tolist(), float(base.timestamps.max()) + 1],
        )
        conversation = conversation_of(votes)
        write_open_data(tmp_path, conversation, compute(votes))
        again = read_conversation(tmp_path)
        assert again.votes.participant_ids.tolist() == votes.participant_ids.tolist()
        assert again.votes.statement_ids.tolist() == votes.statement_ids.tolist()
        assert again.votes.values.tolist() == votes.values.tolist()
        assert again.votes.timestamps is not None
        assert votes.timestamps is not None
        assert np.array_equal(again.votes.timestamps, votes.timestamps)
        assert again.statements == conversation.statements
        assert again.topic == "Test"

    def test_it_writes_groups_in_participants_votes(
        self, tmp_path: Path, make_votes: Callable[..., Votes]
    ) -> None:
        votes = make_votes()
        result = compute(votes)
        write_open_data(tmp_path, conversation_of(votes), result)
        assert read_polis_groups(tmp_path) == {p.id: p.group for p in result.participants}

    def test_it_reads_polis_open_data(self, shared_data: Path) -> None:
        folder = shared_data / "polis" / "brexit-consensus"
        conversation = read_conversation(folder)
        assert len(conversation.statements) == 50
        assert set(conversation.votes.values.tolist()) == {-1, 0, 1}
        groups = read_polis_groups(folder)
        assert {g for g in groups.values() if g is not None} == {0, 1}


class TestPolisApiDump:
    def test_it_reads_votes_json_with_agree_plus_one(self, shared_data: Path) -> None:
        folder = shared_data / "polis" / "same-tick-fixtures" / "below-100-ptpts"
        conversation = read_conversation(folder)
        assert len(conversation.votes) == 504
        assert conversation.moderated_out == [11, 33]
        assert conversation.topic == "Improving the Polis Software"

    def test_it_refuses_mixed_sign_conventions(self, tmp_path: Path) -> None:
        comments = [
            {"statement_id": s, "moderated": 1, "is_meta": False, "agree_count": 3,
             "disagree_count": 1}
            for s in (1, 2)
        ]  # fmt: skip
        votes = [
            {"participant_id": p, "statement_id": s, "vote": v, "modified": 1000 + i}
            for i, (p, s, v) in enumerate(
                [(1, 1, 1), (2, 1, 1), (3, 1, 1), (4, 1, -1),
                 (1, 2, -1), (2, 2, -1), (3, 2, -1), (4, 2, 1)]
            )
        ]  # fmt: skip
        (tmp_path / "comments.json").write_text(json.dumps(comments))
        (tmp_path / "votes.json").write_text(json.dumps(votes))
        with pytest.raises(
            OpinionInputError, match=r"votes\.json: entry 4: mixed sign conventions"
        ):
            read_conversation(tmp_path)


class TestBadInput:
    def test_it_names_the_row_of_an_unknown_statement(self, tmp_path: Path) -> None:
        folder = open_data_folder(tmp_path, [[1, "", 1, 7, 1], [2, "", 9, 7, 1]])
        with pytest.raises(OpinionInputError, match=r"votes\.csv: line 3: unknown comment-id 9"):
            read_conversation(folder)

    def test_it_names_the_row_of_a_malformed_vote(self, tmp_path: Path) -> None:
        folder = open_data_folder(tmp_path, [[1, "", 1, 7, 1], [2, "", 2, 7, "yes"]])
        with pytest.raises(
            OpinionInputError, match=r"votes\.csv: line 3: vote 'yes' is not a number"
        ):
            read_conversation(folder)

    def test_it_names_the_row_of_an_out_of_range_vote(self, tmp_path: Path) -> None:
        folder = open_data_folder(tmp_path, [[1, "", 1, 7, 2]])
        with pytest.raises(
            OpinionInputError, match=r"votes\.csv: line 2: vote 2 is not -1, 0 or 1"
        ):
            read_conversation(folder)

    def test_it_names_the_entry_of_a_malformed_json_vote(self, tmp_path: Path) -> None:
        (tmp_path / "comments.json").write_text(json.dumps([{"tid": 1, "mod": 1}]))
        (tmp_path / "votes.json").write_text(
            json.dumps([{"pid": 1, "tid": 1, "vote": 1, "modified": 1}, {"pid": 2, "tid": 1}])
        )
        with pytest.raises(
            OpinionInputError, match=r"votes\.json: entry 1: missing or non-integer vote"
        ):
            read_conversation(tmp_path)

    def test_it_says_which_files_it_looked_for(self, tmp_path: Path) -> None:
        with pytest.raises(OpinionInputError, match=r"no votes\.csv"):
            read_conversation(tmp_path)
