"""Polis conversations in and out: import a folder, export the openData zip, round-trip."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from polyvox.consultation import services
from polyvox.consultation.models import Consultation, Statement, Vote, VoteEvent
from polyvox.engines.opinion.formats import read_open_data
from tests.conftest import World
from tests.consultation.helpers import write_open_data

pytestmark = pytest.mark.django_db


def import_folder(world: World, folder: Path, slug: str = "camps") -> Consultation:
    call_command(
        "consultation_import",
        str(folder),
        "--dialogue",
        world.own.slug,
        "--title",
        "Two camps",
        "--slug",
        slug,
        "--status",
        "open",
        stdout=io.StringIO(),
    )
    return Consultation.objects.get(slug=slug)


def export(world: World, consultation: Consultation, into: Path) -> Path:
    response = world.client_for("organiser").get(
        reverse("consultation:export", args=[consultation.slug])
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        archive.extractall(into)
    return into / consultation.slug


class TestImport:
    def test_it_imports_statements_participants_and_every_vote(
        self, world: World, tmp_path: Path
    ) -> None:
        consultation = import_folder(world, write_open_data(tmp_path / "in"))
        assert consultation.dialogue == world.own
        assert consultation.topic == {"en": "Two camps"}
        assert consultation.statements.count() == 8
        assert consultation.statements.get(number=7).status == Statement.Status.REJECTED
        assert consultation.participants.count() == 20
        assert VoteEvent.objects.filter(statement__consultation=consultation).count() == 161
        assert Vote.objects.filter(statement__consultation=consultation).count() == 160
        revoted = Vote.objects.get(statement__number=0, participant__key="polis:0")
        assert revoted.value == -1

    def test_a_bad_row_names_the_file_and_line_and_imports_nothing(
        self, world: World, tmp_path: Path
    ) -> None:
        folder = write_open_data(tmp_path / "bad")
        lines = (folder / "votes.csv").read_text().splitlines()
        lines[5] = lines[5].rsplit(",", 1)[0] + ",yes"
        (folder / "votes.csv").write_text("\n".join(lines) + "\n")
        with pytest.raises(CommandError) as error:
            import_folder(world, folder)
        assert "votes.csv" in str(error.value)
        assert "line 6" in str(error.value)
        assert "vote 'yes' is not a number" in str(error.value)
        assert not Consultation.objects.exists()

    def test_a_taken_address_is_refused(self, world: World, tmp_path: Path) -> None:
        folder = write_open_data(tmp_path / "in")
        import_folder(world, folder)
        with pytest.raises(CommandError, match="already exists"):
            import_folder(world, folder)
        assert Consultation.objects.count() == 1

    def test_an_unknown_dialogue_is_refused(self, world: World, tmp_path: Path) -> None:
        with pytest.raises(CommandError, match="--dialogue"):
            call_command("consultation_import", str(tmp_path), "--dialogue", "nope", "--title", "T")


class TestExport:
    def test_an_import_exports_back_to_the_same_conversation(
        self, world: World, tmp_path: Path
    ) -> None:
        source = write_open_data(tmp_path / "in")
        consultation = import_folder(world, source)
        services.consultation_recompute(consultation_id=consultation.id)
        exported = export(world, consultation, tmp_path / "out")
        assert sorted(p.name for p in exported.iterdir()) == [
            "comments.csv",
            "participants-votes.csv",
            "summary.csv",
            "votes.csv",
        ]
        before, after = read_open_data(source), read_open_data(exported)
        assert after.topic == "Two camps"
        assert [(s.id, s.text, s.author_id, s.moderated) for s in after.statements] == [
            (s.id, s.text, s.author_id, s.moderated) for s in before.statements
        ]
        assert after.votes.participant_ids.tolist() == before.votes.participant_ids.tolist()
        assert after.votes.statement_ids.tolist() == before.votes.statement_ids.tolist()
        assert after.votes.values.tolist() == before.votes.values.tolist()
        assert after.votes.timestamps.tolist() == before.votes.timestamps.tolist()  # type: ignore[union-attr]
        with (exported / "participants-votes.csv").open() as handle:
            groups = {row["group-id"] for row in csv.DictReader(handle)}
        assert len(groups - {""}) == 2

    def test_the_export_reimports_as_a_new_consultation(self, world: World, tmp_path: Path) -> None:
        consultation = import_folder(world, write_open_data(tmp_path / "in"))
        exported = export(world, consultation, tmp_path / "out")
        again = import_folder(world, exported, slug="camps-again")
        assert again.statements.count() == consultation.statements.count()
        assert VoteEvent.objects.filter(statement__consultation=again).count() == 161

    def test_new_participants_get_numbers_after_the_imported_ones(
        self, world: World, tmp_path: Path
    ) -> None:
        consultation = import_folder(world, write_open_data(tmp_path / "in"))
        services.vote_cast(consultation=consultation, key="newcomer", statement_number=1, value=1)
        exported = export(world, consultation, tmp_path / "out")
        votes = read_open_data(exported).votes
        assert votes.participant_ids.tolist()[-1] == 20


class TestPolisApiDump:
    def test_it_imports_a_polis_api_dump(self, world: World, tmp_path: Path) -> None:
        folder = tmp_path / "dump"
        folder.mkdir()
        comments = [
            {"tid": 0, "txt": "Buses should be free", "pid": 0, "mod": 1},
            {"tid": 1, "txt": "Cars should pay", "pid": 1, "mod": 0},
        ]
        votes = [
            {
                "pid": voter,
                "tid": tid,
                "vote": 1 if (voter + tid) % 2 else -1,
                "modified": 1000 * voter + tid,
            }
            for voter in range(4)
            for tid in (0, 1)
        ]
        (folder / "comments.json").write_text(json.dumps(comments))
        (folder / "votes.json").write_text(json.dumps(votes))
        consultation = import_folder(world, folder, slug="dump")
        assert consultation.statements.get(number=0).text == {"en": "Buses should be free"}
        assert consultation.statements.get(number=1).status == Statement.Status.PENDING
        assert Vote.objects.filter(statement__consultation=consultation).count() == 8

    def test_a_bad_entry_names_the_file_and_entry(self, world: World, tmp_path: Path) -> None:
        folder = tmp_path / "dump"
        folder.mkdir()
        (folder / "comments.json").write_text(json.dumps([{"tid": 0, "txt": "A"}]))
        (folder / "votes.json").write_text(
            json.dumps([{"pid": 0, "tid": 9, "vote": 1, "modified": 1}])
        )
        with pytest.raises(CommandError, match=r"votes\.json: entry 0: unknown statement id 9"):
            import_folder(world, folder, slug="dump")
        assert not Consultation.objects.exists()
