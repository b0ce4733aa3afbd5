"""Polis folders, generated to be hostile: `polyvox consultation_import` imports them whole
or stops with a message naming the file and row; it never fails any other way."""

from __future__ import annotations

import csv
import io
import json
import shutil
import tempfile
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from polyvox.consultation.models import Consultation, Statement, Vote
from polyvox.engines.opinion.formats import read_open_data
from tests.conftest import World
from tests.hostile import HOSTILE, assert_storable, csv_bytes, nasty_text, rolled_back

pytestmark = pytest.mark.django_db

COMMENT_COLUMNS = (
    "timestamp",
    "comment-id",
    "author-id",
    "agrees",
    "disagrees",
    "moderated",
    "comment-body",
)
VOTE_COLUMNS = ("timestamp", "comment-id", "voter-id", "vote")
number_text = st.one_of(
    st.integers(-2, 5).map(str),
    st.sampled_from(["1.0", "1e300", "9" * 25, "1.5", "nan", "inf", "", " 3", "1_0", "²"]),
    st.integers(0, 2**70).map(str),
    nasty_text,
)
json_value = st.one_of(
    st.integers(-2, 5),
    st.integers(-(2**70), 2**70),
    st.floats(),
    st.just(10**400),
    nasty_text,
    st.none(),
    st.booleans(),
    st.lists(st.integers(), max_size=2),
)


@st.composite
def open_data_folder(draw: st.DrawFn) -> dict[str, bytes]:
    comments = [list(COMMENT_COLUMNS)]
    for _ in range(draw(st.integers(0, 4))):
        comments.append([draw(number_text) for _ in COMMENT_COLUMNS[:-1]] + [draw(nasty_text)])
    votes = [list(draw(st.permutations(VOTE_COLUMNS)))]
    for _ in range(draw(st.integers(0, 6))):
        votes.append([draw(number_text) for _ in VOTE_COLUMNS])
    encoding = draw(st.sampled_from(["utf-8", "latin-1"]))
    return {
        "comments.csv": csv_bytes(comments, encoding=encoding, bom=draw(st.booleans())),
        "votes.csv": csv_bytes(votes, encoding=encoding),
    }


@st.composite
def api_folder(draw: st.DrawFn) -> dict[str, bytes]:
    def entries(names: tuple[str, ...]) -> list[object]:
        return draw(
            st.lists(
                st.one_of(
                    st.fixed_dictionaries(dict.fromkeys(names, json_value)),
                    json_value,
                ),
                max_size=4,
            )
        )

    comments = entries(("tid", "txt", "pid", "mod", "is_meta", "agree_count", "disagree_count"))
    votes = entries(("tid", "pid", "vote", "modified"))
    encoders: list[Callable[[object], str]] = [json.dumps, lambda value: "[" * 3000]
    text = draw(st.sampled_from(encoders))
    return {
        "comments.json": text(comments).encode(),
        "votes.json": json.dumps(votes).encode(),
        "conversation.json": json.dumps({"topic": draw(json_value)}).encode(),
    }


def run_import(world: World, files: dict[str, bytes]) -> Consultation:
    folder = Path(tempfile.mkdtemp()) / "polis"
    folder.mkdir()
    try:
        for name, content in files.items():
            (folder / name).write_bytes(content)
        call_command(
            "consultation_import",
            str(folder),
            "--dialogue",
            world.own.slug,
            "--title",
            "Hostile",
            stdout=io.StringIO(),
        )
    finally:
        shutil.rmtree(folder.parent)
    return Consultation.objects.get(slug="polis")


def check_refusal(error: CommandError, files: dict[str, bytes]) -> None:
    assert any(name in str(error) for name in files), str(error)
    assert not Consultation.objects.exists()
    assert not Statement.objects.exists()


class TestPolisFolders:
    @HOSTILE
    @given(files=st.one_of(open_data_folder(), api_folder()))
    def test_a_hostile_folder_is_imported_whole_or_refused_naming_the_file(
        self, world: World, files: dict[str, bytes]
    ) -> None:
        with rolled_back():
            try:
                consultation = run_import(world, files)
            except CommandError as error:
                check_refusal(error, files)
            else:
                for statement in consultation.statements.all():
                    assert_storable(statement)
                    assert "\x00" not in json.dumps(statement.text)
                    assert 0 <= statement.number < 2**31
                for participant in consultation.participants.all():
                    assert_storable(participant)

    @HOSTILE
    @given(
        texts=st.lists(
            st.text(
                alphabet=st.characters(blacklist_categories=["Cs"], blacklist_characters="\x00")
            ),
            min_size=1,
            max_size=5,
        ),
        votes=st.lists(
            st.tuples(st.integers(0, 30), st.integers(0, 4), st.sampled_from([-1, 0, 1])),
            max_size=20,
        ),
    )
    def test_a_valid_open_data_folder_round_trips(
        self, world: World, texts: list[str], votes: list[tuple[int, int, int]]
    ) -> None:
        comments = [list(COMMENT_COLUMNS)] + [
            ["1700000000000", str(number), "0", "", "", "1", text]
            for number, text in enumerate(texts)
        ]
        vote_rows = [list(VOTE_COLUMNS)] + [
            [str(1700000000000 + index), str(statement % len(texts)), str(voter), str(value)]
            for index, (voter, statement, value) in enumerate(votes)
        ]
        with rolled_back():
            consultation = run_import(
                world, {"comments.csv": csv_bytes(comments), "votes.csv": csv_bytes(vote_rows)}
            )
            stored = dict(consultation.statements.values_list("number", "text"))
            assert stored == {number: {"en": text} for number, text in enumerate(texts)}
            final = {(voter, statement % len(texts)): value for voter, statement, value in votes}
            assert Vote.objects.filter(statement__consultation=consultation).count() == len(final)


class TestExport:
    def test_a_statement_written_as_a_formula_is_exported_inert_and_reimported_intact(
        self, world: World, tmp_path: Path
    ) -> None:
        payload = '=HYPERLINK("http://evil.example","win")'
        rows = [list(COMMENT_COLUMNS), ["1700000000000", "0", "1", "", "", "1", payload]]
        votes = [list(VOTE_COLUMNS), ["1700000000001", "0", "2", "1"]]
        consultation = run_import(
            world, {"comments.csv": csv_bytes(rows), "votes.csv": csv_bytes(votes)}
        )
        response = world.client_for("organiser").get(
            reverse("consultation:export", args=[consultation.slug])
        )
        with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
            comments = archive.read("polis/comments.csv").decode()
            archive.extractall(tmp_path)
        assert f"'{payload}" in next(csv.reader(io.StringIO(comments.splitlines()[1])))
        again = read_open_data(tmp_path / "polis")
        assert [statement.text for statement in again.statements] == [payload]
