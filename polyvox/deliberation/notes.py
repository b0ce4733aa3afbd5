"""Table notes (issue 15 item 2): what a table said in a session, and its translations.

A note is written in the table's language by whoever takes the table's notes; people (not
a machine) add its translation into each of the dialogue's working languages, and the note
"needs translation" until every one is there. Hosts and organisers read every note of their
site; a quote from a note reaches a public page only if the note is marked public.
"""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from polyvox.accounts.models import AnyUser, User
from polyvox.audit.services import audit_record
from polyvox.deliberation.ballots import BallotError
from polyvox.deliberation.models import Table, TableNote
from polyvox.dialogues.models import Dialogue, Session


def working_languages(dialogue: Dialogue) -> list[str]:
    """The languages notes are read in: the dialogue's own, then the interface's default
    (the organisers' working language and the global report's). Not every interface
    language: with ten of them, every note would wait for nine translations."""
    return list(dict.fromkeys([dialogue.source_language, settings.LANGUAGE_CODE]))


def _audit(actor: AnyUser, action: str, note: TableNote, language: str) -> None:
    audit_record(
        actor=actor,
        action=action,
        site=note.table.site,
        target=f"note {note.id}",
        details={
            "note": note.id,
            "table": note.table_id,
            "session": note.session_id,
            "language": language,
            "public": note.public,
        },
    )


@transaction.atomic
def table_note_write(
    *,
    table: Table,
    session: Session,
    language: str,
    text: str,
    public: bool,
    actor: AnyUser,
) -> TableNote:
    """A new note of `table` in `session`, audited. `table` must come from
    access.access_table_for_notes (who may write at which table)."""
    if session.dialogue_id != table.site.dialogue_id:
        raise BallotError("invalid", _("Choose a session of this dialogue."))
    note = TableNote.objects.create(
        table=table,
        session=session,
        language=language,
        text={language: text},
        public=public,
        written_by=actor if isinstance(actor, User) else None,
    )
    _audit(actor, "deliberation.note_write", note, language)
    return note


@transaction.atomic
def table_note_translate(*, note: TableNote, language: str, text: str, actor: AnyUser) -> TableNote:
    """A person's translation of a note; the note's own language is never overwritten."""
    if language == note.language:
        raise BallotError("invalid", _("This is the note's own language."))
    locked = TableNote.objects.select_for_update().get(id=note.id)
    locked.text = {**locked.text, language: text}
    locked.save(update_fields=["text", "updated_at"])
    _audit(actor, "deliberation.note_translate", locked, language)
    return locked
