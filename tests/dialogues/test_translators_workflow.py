"""The translators' workflow (#17 item 5): a dialogue's participant texts go out as XLIFF
2.0 for one language and come back all or nothing, placeholders and lengths checked; each
translation remembers its source, so editing a source marks it as needing an update."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from polyvox.audit.models import AuditEvent
from polyvox.consultation.models import Consultation
from polyvox.dialogues.models import Dialogue, Question
from polyvox.dialogues.translations import outdated_keys, translations_export
from polyvox.lib.xliff import Unit, XliffFile, xliff_read, xliff_write
from tests.conftest import World
from tests.deliberation.helpers import make_agenda, make_participants, open_all
from tests.deliberation.test_ballot_page import signed_in
from tests.hostile import HOSTILE, rolled_back

pytestmark = pytest.mark.django_db


def translated(document: XliffFile, fill: str = "FR ") -> bytes:
    """The exported file as a translator returns it: every unit with a target."""
    units = tuple(
        Unit(id=unit.id, source=unit.source, target=f"{fill}{unit.source}")
        for unit in document.units
    )
    return xliff_write(XliffFile("en", "fr", units), file_id="x")


def upload(world: World, content: bytes, role: str = "organiser") -> str:
    url = reverse("dialogues:translations", args=[world.own.id])
    response = world.client_for(role).post(
        url, {"file": SimpleUploadedFile("own-fr.xlf", content)}, follow=True
    )
    return response.content.decode()


def exported(world: World) -> XliffFile:
    response = world.client_for("organiser").get(
        reverse("dialogues:translations-export", args=[world.own.id, "fr"])
    )
    assert response["Content-Type"].startswith("application/xliff+xml")
    return xliff_read(response.content, file_name="export.xlf")


def test_a_translated_file_round_trips(world: World) -> None:
    agenda = make_agenda(world.own)
    document = exported(world)
    assert any(unit.id == f"question:{agenda.single.id}:text" for unit in document.units)
    page = upload(world, translated(document))
    assert "translations into français saved." in page
    agenda.single.refresh_from_db()
    assert agenda.single.text["fr"] == "FR Is access a right?"
    again = exported(world)
    assert all(unit.target == f"FR {unit.source}" for unit in again.units)
    assert AuditEvent.objects.get(action="translations.import").details["language"] == "fr"


def test_editing_a_source_in_the_admin_marks_its_translation_outdated(world: World) -> None:
    agenda = make_agenda(world.own)
    upload(world, translated(exported(world)))
    key = f"question:{agenda.single.id}:text"
    assert key not in outdated_keys(dialogue=world.own, language="fr")

    admin_post(
        world, agenda.single, en="Is internet access a human right?", fr="FR Is access a right?"
    )
    assert key in outdated_keys(dialogue=world.own, language="fr")
    page = world.client_for("organiser").get(reverse("dialogues:translations", args=[world.own.id]))
    assert "1 translation needs an update" in page.content.decode()
    unit = next(u for u in exported(world).units if u.id == key)
    assert unit.outdated

    admin_post(
        world, agenda.single, en="Is internet access a human right?", fr="L'accès est-il un droit ?"
    )
    assert key not in outdated_keys(dialogue=world.own, language="fr")


def admin_post(world: World, question: Question, *, en: str, fr: str) -> None:
    url = reverse("admin:dialogues_question_change", args=[question.id])
    data = {
        "session": question.session_id,
        "position": question.position,
        "key": question.key,
        "kind": question.kind,
        "answered_by": question.answered_by,
        "purpose": question.purpose,
        "text__en": en,
        "text__fr": fr,
        "options-TOTAL_FORMS": 0,
        "options-INITIAL_FORMS": 0,
        "options-MIN_NUM_FORMS": 0,
        "options-MAX_NUM_FORMS": 1000,
    }
    response = world.client_for("organiser").post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]


def test_a_translation_of_an_older_source_is_saved_but_marked_outdated(world: World) -> None:
    agenda = make_agenda(world.own)
    document = exported(world)
    Question.objects.filter(pk=agenda.single.pk).update(text={"en": "A new question?"})
    page = upload(world, translated(document))
    assert "were made from an older source text and still need an update" in page
    assert f"question:{agenda.single.id}:text" in outdated_keys(dialogue=world.own, language="fr")


def test_a_lost_placeholder_or_a_too_long_text_refuses_the_whole_file(world: World) -> None:
    agenda = make_agenda(world.own)
    Question.objects.filter(pk=agenda.single.pk).update(text={"en": "Room {table} at %(time)s?"})
    units = [
        Unit(
            id=f"question:{agenda.single.id}:text",
            source="Room {table} at %(time)s?",
            target="Salle ?",
        ),
        Unit(id=f"question:{agenda.open.id}:text", source="Your idea?", target="x" * 1001),
        Unit(id=f"question:{agenda.multiple.id}:text", source="?", target="Menaces ?"),
    ]
    page = upload(world, xliff_write(XliffFile("en", "fr", tuple(units)), file_id="x"))
    assert "Nothing was saved" in page
    assert f"unit question:{agenda.single.id}:text / target" in page
    assert "keep the placeholders %(time)s {table} exactly" in page
    assert "at most 1000 fit" in page
    assert Question.objects.get(id=agenda.multiple.id).text.get("fr") != "Menaces ?"


def test_a_host_may_import_only_their_sites_languages(world: World) -> None:
    make_agenda(world.own)
    document = exported(world)
    german = xliff_write(
        XliffFile("en", "de", tuple(Unit(u.id, u.source, "DE") for u in document.units)),
        file_id="x",
    )
    url = reverse("dialogues:site-translations", args=[world.own_site.id])
    response = world.client_for("host").post(url, {"file": SimpleUploadedFile("de.xlf", german)})
    assert response.status_code == 400
    assert "you cannot import the language de here" in response.content.decode()


def test_a_unit_of_another_dialogue_is_refused(world: World) -> None:
    make_agenda(world.own)
    foreign = make_agenda(world.other)
    unit = Unit(id=f"question:{foreign.single.id}:text", source="Is access a right?", target="X")
    page = upload(world, xliff_write(XliffFile("en", "fr", (unit,)), file_id="x"))
    assert "this text is not part of the dialogue" in page
    foreign.single.refresh_from_db()
    assert foreign.single.text.get("fr") != "X"


@HOSTILE
@given(content=st.binary(max_size=2000) | st.text(max_size=500).map(str.encode))
def test_hostile_files_change_nothing(world: World, content: bytes) -> None:
    with rolled_back():
        agenda = make_agenda(world.own)
        before = translations_export(dialogue=world.own, language="fr")
        url = reverse("dialogues:translations", args=[world.own.id])
        response = world.client_for("organiser").post(
            url, {"file": SimpleUploadedFile("x.xlf", content)}
        )
        assert response.status_code in (302, 400)
        assert translations_export(dialogue=world.own, language="fr") == before
        assert Dialogue.objects.filter(id=world.own.id).exists()
        agenda.single.refresh_from_db()


def test_entity_expansion_is_refused(world: World) -> None:
    bomb = (
        b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">'
        b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
        b'<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="en" '
        b'trgLang="fr"><file id="x"><unit id="u"><segment><source>&b;</source></segment>'
        b"</unit></file></xliff>"
    )
    page = upload(world, bomb)
    assert "not a readable XML file" in page


def test_the_ballot_says_when_a_translation_is_behind_its_source(world: World) -> None:
    agenda = make_agenda(world.own)
    open_all(world.own_site, agenda)
    (citizen,) = make_participants(world.own_site, 1)
    client = signed_in(citizen)
    first = client.get("/fr/vote/ballot/").content.decode()
    assert "Le texte original a changé" not in first
    admin_post(
        world, agenda.single, en="Is internet access a human right?", fr="L'accès est-il un droit ?"
    )
    admin_post(
        world,
        agenda.single,
        en="Is access to the internet a right?",
        fr="L'accès est-il un droit ?",
    )
    page = client.get("/fr/vote/ballot/").content.decode()
    assert "L&#x27;accès est-il un droit ?" in page or "L'accès est-il un droit ?" in page
    assert page.count("Le texte original a changé après cette traduction") == 1


def test_consultation_titles_travel_in_the_same_file(world: World) -> None:
    consultation = Consultation.objects.create(
        dialogue=world.own, slug="own-talk", title={"en": "Talk"}, topic={"en": "What now?"}
    )
    document = exported(world)
    keys = {unit.id for unit in document.units}
    assert {
        f"consultation:{consultation.id}:title",
        f"consultation:{consultation.id}:topic",
    } <= keys
    upload(world, translated(document))
    consultation.refresh_from_db()
    assert consultation.title["fr"] == "FR Talk"
