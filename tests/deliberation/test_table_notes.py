"""Issue 15 item 2: table notes per session, their translations, and who reads them."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from hypothesis import given

from polyvox.audit.models import AuditEvent
from polyvox.deliberation.models import Table, TableNote
from polyvox.dialogues.models import Dialogue, Session
from polyvox.results.models import Theme
from polyvox.results.services import themes_compute
from tests.conftest import World
from tests.hostile import HOSTILE, nasty_text

pytestmark = pytest.mark.django_db


def notes_url(world: World) -> str:
    return reverse("deliberation:notes", args=[world.own_site.id])


def tables(world: World) -> tuple[Table, Table]:
    mine = Table.objects.create(
        site=world.own_site, number=1, facilitator=world.users["facilitator"]
    )
    other = Table.objects.create(site=world.own_site, number=2)
    return mine, other


def write(client: Client, world: World, table: Table, text: str, *, public: bool = False) -> int:
    session = Session.objects.filter(dialogue=world.own).first()
    assert session is not None
    data = {"action": "write", "table": table.id, "session": session.id, "language": "fr"}
    data |= {"text": text} | ({"public": "on"} if public else {})
    return client.post(notes_url(world), data).status_code


def test_a_note_needs_translation_until_every_working_language_has_one(world: World) -> None:
    mine, _other = tables(world)
    facilitator = world.client_for("facilitator")
    assert write(facilitator, world, mine, "On veut du wifi gratuit.") == 302
    note = TableNote.objects.get()
    assert note.text == {"fr": "On veut du wifi gratuit."}
    page = facilitator.get(notes_url(world)).content.decode()
    assert "Needs translation" in page
    assert "1 note needs translation." in page
    host = world.client_for("host")
    translated = host.post(
        notes_url(world),
        {"action": "translate", "note": note.id, "language": "en", "text": "We want free wifi."},
    )
    assert translated.status_code == 302
    note.refresh_from_db()
    assert note.text == {"fr": "On veut du wifi gratuit.", "en": "We want free wifi."}
    assert "Needs translation" not in host.get(notes_url(world)).content.decode()
    actions = list(AuditEvent.objects.order_by("id").values_list("action", "actor__username"))
    assert actions == [
        ("deliberation.note_write", "facilitator"),
        ("deliberation.note_translate", "host"),
    ]
    assert "wifi" not in str(AuditEvent.objects.values_list("details", flat=True))


def test_a_translation_never_overwrites_the_note_as_written(world: World) -> None:
    mine, _other = tables(world)
    host = world.client_for("host")
    write(host, world, mine, "Texte original")
    note = TableNote.objects.get()
    host.post(
        notes_url(world),
        {"action": "translate", "note": note.id, "language": "fr", "text": "Remplacé"},
    )
    note.refresh_from_db()
    assert note.text == {"fr": "Texte original"}


def test_a_facilitator_writes_and_reads_only_at_their_own_tables(world: World) -> None:
    _mine, other = tables(world)
    host, facilitator = world.client_for("host"), world.client_for("facilitator")
    assert write(host, world, other, "Note secrète de la table 2") == 302
    assert write(facilitator, world, other, "Intrusion") == 400
    assert not TableNote.objects.filter(text__fr="Intrusion").exists()
    assert "Note secrète" not in facilitator.get(notes_url(world)).content.decode()
    assert "Note secrète" in host.get(notes_url(world)).content.decode()
    assert "Note secrète" in world.client_for("organiser").get(notes_url(world)).content.decode()
    hidden = TableNote.objects.get()
    refused = facilitator.post(
        notes_url(world),
        {"action": "translate", "note": hidden.id, "language": "en", "text": "x"},
    )
    assert refused.status_code == 400
    hidden.refresh_from_db()
    assert "en" not in hidden.text


def test_a_private_notes_text_never_appears_on_public_pages(world: World) -> None:
    mine, _other = tables(world)
    write(world.client_for("host"), world, mine, "Confidentiel: le maire a promis", public=False)
    world.own.status = Dialogue.Status.RESULTS_PUBLISHED
    world.own.save(update_fields=["status"])
    anonymous = Client()
    for url in (
        reverse("dialogues:dialogue", args=["own"]),
        reverse("results:results", args=["own"]),
        "/api/v1/dialogues/own/results",
    ):
        response = anonymous.get(url)
        assert response.status_code == 200, url
        assert "maire a promis" not in response.content.decode(), url


@HOSTILE
@given(text=nasty_text)
def test_hostile_note_text_is_stored_as_written_or_refused(world: World, text: str) -> None:
    mine = Table.objects.get_or_create(site=world.own_site, number=1)[0]
    before = TableNote.objects.count()
    status = write(world.client_for("host"), world, mine, text)
    assert status in (302, 400)
    if status == 302:
        assert TableNote.objects.count() == before + 1
        assert TableNote.objects.order_by("-id").first().text["fr"].strip() == text.strip()  # type: ignore[union-attr]
    else:
        assert TableNote.objects.count() == before


def test_the_themes_job_groups_notes_and_quotes_only_public_ones(world: World) -> None:
    mine, other = tables(world)
    session = Session.objects.filter(dialogue=world.own).first()
    assert session is not None
    texts = [
        ("Public wifi in every park, said the table.", True),
        ("Free public wifi in libraries for everyone.", True),
        ("Public wifi on buses and trams.", True),
        ("Secret: public wifi deal promised by the mayor.", False),
        ("Secret: public wifi contract with a friend.", False),
        ("Secret: public wifi budget already spent.", False),
    ]
    for index, (text, public) in enumerate(texts):
        TableNote.objects.create(
            table=mine if index % 2 else other,
            session=session,
            language="en",
            text={"en": text},
            public=public,
        )
    themes = themes_compute(dialogue=world.own, site=None, question=None, notes=True)
    assert sum(theme.size for theme in themes) == 6
    quoted = [quote["id"] for theme in themes for quote in theme.quotes]
    public_ids = {f"note:{n.id}" for n in TableNote.objects.filter(public=True)}
    assert quoted
    assert set(quoted) <= public_ids
    # Recomputing the recommendations' themes leaves the notes' themes alone.
    themes_compute(dialogue=world.own, site=None, question=None)
    assert Theme.objects.filter(source="notes").count() == len(themes)
    world.own.status = Dialogue.Status.RESULTS_PUBLISHED
    world.own.save(update_fields=["status"])
    page = Client().get(reverse("results:results", args=["own"])).content.decode()
    assert "Notes of the tables" in page
    assert "Secret:" not in page
