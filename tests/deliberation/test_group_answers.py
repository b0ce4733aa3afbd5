"""Group answers of the tables (issue 15 items 1 and 4): entered by a table's own
facilitator or note-taker while the question is open, imported by hosts all or nothing,
never from a citizen's ballot; every entry audited."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from polyvox.accounts.models import Membership, Role, User
from polyvox.audit.models import AuditEvent
from polyvox.deliberation.ballots import BallotError, ballot_cast
from polyvox.deliberation.group_answers import TableAnswerError, table_answers_import
from polyvox.deliberation.models import Answer, Table, TableAnswer
from polyvox.deliberation.windows import window_close, window_open
from polyvox.dialogues import services as dialogue_services
from polyvox.dialogues.models import Question
from tests.conftest import World, make_user
from tests.deliberation.helpers import make_participants, option_list
from tests.hostile import (
    HOSTILE,
    assert_storable,
    broken_file,
    csv_bytes,
    nasty_text,
    rolled_back,
    sheet_text,
    xlsx_bytes,
)

pytestmark = pytest.mark.django_db

HEADER = ("table", "question", "answer")


def table_question(world: World, *, kind: str = "ranking", answered_by: str = "table") -> Question:
    session = dialogue_services.session_upsert(
        dialogue=world.own, key="tables", title={"en": "Tables"}, questions=[]
    )
    return dialogue_services.question_upsert(
        session=session,
        key=f"group-{kind}",
        position=1,
        kind=kind,
        answered_by=answered_by,
        text={"en": f"As a table ({kind})"},
        options=[] if kind == "open" else option_list("a", "b", "c"),
    )


@pytest.fixture
def note_taker(world: World) -> User:
    user = make_user("notes")
    Membership.objects.create(
        user=user, role=Role.NOTE_TAKER, dialogue=world.own, site=world.own_site
    )
    return user


@pytest.fixture
def tables(world: World, note_taker: User) -> tuple[Table, Table]:
    mine = Table.objects.create(
        site=world.own_site,
        number=1,
        facilitator=world.users["facilitator"],
        note_taker=note_taker,
    )
    return mine, Table.objects.create(site=world.own_site, number=2)


def client_for(world: World, user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def post_ranking(client: Client, world: World, question: Question, table: Table) -> int:
    options = list(question.options.all())
    data: dict[str, int | str] = {"question": question.id, "table": table.id}
    data |= {f"rank-{option.id}": str(rank) for rank, option in enumerate(options, start=1)}
    url = reverse("deliberation:table-answers", args=[world.own_site.id])
    return client.post(url, data).status_code


@pytest.mark.parametrize("who", ["facilitator", "note_taker"])
def test_staff_enter_their_own_tables_answer_and_no_other(
    world: World, tables: tuple[Table, Table], note_taker: User, who: str
) -> None:
    mine, other = tables
    question = table_question(world)
    window_open(site=world.own_site, question=question)
    user = world.users["facilitator"] if who == "facilitator" else note_taker
    client = client_for(world, user)
    post_ranking(client, world, question, other)
    assert not TableAnswer.objects.filter(table=other).exists()
    assert post_ranking(client, world, question, mine) == 302
    answer = TableAnswer.objects.get(table=mine)
    assert answer.choices == [option.id for option in question.options.all()]
    assert answer.entered_by == user
    event = AuditEvent.objects.get(action="deliberation.table_answer")
    assert event.actor == user
    assert event.details == {"table": mine.id, "question": question.id, "changed": False}


def test_a_note_taker_sees_and_works_at_their_own_tables_only(
    world: World, tables: tuple[Table, Table], note_taker: User
) -> None:
    client = client_for(world, note_taker)
    page = client.get(reverse("deliberation:tables", args=[world.own_site.id])).content.decode()
    assert "Table 1" in page
    assert "Table 2" not in page
    make_participants(world.own_site, 12)
    reseat = client.post(
        reverse("deliberation:seat", args=[world.own_site.id]), {"mode": "all", "table_size": 6}
    )
    assert reseat.status_code == 404
    run_sheet = reverse("deliberation:run-sheet", args=[world.own_site.id])
    question = table_question(world)
    assert client.post(run_sheet, {"question": question.id, "action": "open"}).status_code == 404
    assert (
        client.get(reverse("deliberation:local-topic", args=[world.own_site.id])).status_code == 404
    )


def test_a_host_puts_a_note_taker_at_a_table_audited(
    world: World, tables: tuple[Table, Table], note_taker: User
) -> None:
    mine, other = tables
    url = reverse("deliberation:tables", args=[world.own_site.id])
    response = world.client_for("host").post(
        url,
        {
            f"table-{mine.id}": world.users["facilitator"].id,
            f"note-taker-{mine.id}": note_taker.id,
            f"note-taker-{other.id}": note_taker.id,
        },
    )
    assert response.status_code == 302
    other.refresh_from_db()
    assert other.note_taker == note_taker
    event = AuditEvent.objects.get(action="deliberation.table_facilitators")
    assert event.details["note_takers"] == {str(other.id): note_taker.id}
    # A facilitator is not a note-taker: the form refuses them in that column.
    refused = world.client_for("host").post(
        url, {f"note-taker-{other.id}": world.users["facilitator"].id}
    )
    assert refused.status_code == 400


def test_an_answer_waits_for_the_question_to_open_and_stops_when_it_closes(
    world: World, tables: tuple[Table, Table]
) -> None:
    mine, _other = tables
    question = table_question(world)
    client = world.client_for("facilitator")
    post_ranking(client, world, question, mine)
    assert not TableAnswer.objects.exists()
    window_open(site=world.own_site, question=question)
    window_close(site=world.own_site, question=question)
    post_ranking(client, world, question, mine)
    assert not TableAnswer.objects.exists()


def test_citizens_cannot_answer_a_table_question_on_their_ballot(
    world: World, tables: tuple[Table, Table]
) -> None:
    question = table_question(world, kind="single")
    window_open(site=world.own_site, question=question)
    citizen = make_participants(world.own_site, 1)[0]
    with pytest.raises(BallotError):
        ballot_cast(
            code=citizen.code,
            question_id=question.id,
            choice=question.options.first().id,  # type: ignore[union-attr]
        )
    assert not Answer.objects.exists()


def test_both_a_tables_and_each_citizens_answer(world: World, tables: tuple[Table, Table]) -> None:
    mine, _other = tables
    question = table_question(world, kind="single", answered_by="both")
    window_open(site=world.own_site, question=question)
    citizen = make_participants(world.own_site, 1)[0]
    first = question.options.first()
    assert first is not None
    ballot_cast(code=citizen.code, question_id=question.id, choice=first.id)
    url = reverse("deliberation:table-answers", args=[world.own_site.id])
    world.client_for("facilitator").post(
        url, {"question": question.id, "table": mine.id, "choice": first.id}
    )
    assert Answer.objects.count() == TableAnswer.objects.count() == 1


# --- the paper table sheets --------------------------------------------------------------


def import_sheet(world: World, name: str, content: bytes) -> int:
    return table_answers_import(
        site=world.own_site, name=name, content=content, actor=world.users["host"]
    )


@pytest.fixture
def sheet_questions(world: World, tables: tuple[Table, Table]) -> dict[str, Question]:
    questions = {kind: table_question(world, kind=kind) for kind in ("ranking", "single", "open")}
    for question in questions.values():
        window_open(site=world.own_site, question=question)
    return questions


def test_a_right_sheet_is_stored_whole_and_audited(
    world: World, sheet_questions: dict[str, Question]
) -> None:
    rows = [
        ["table", "question", "answer"],
        ["1", "group-ranking", "b; a > c"],
        ["2", "group-ranking", "c"],
        ["1", "group-single", "a"],
        ["2", "group-open", "Nous voulons des écoles connectées."],
    ]
    assert import_sheet(world, "sheets.csv", csv_bytes(rows)) == 4
    ranking = sheet_questions["ranking"]
    by_key = {option.key: option.id for option in ranking.options.all()}
    first = TableAnswer.objects.get(table__number=1, question=ranking)
    assert first.choices == [by_key["b"], by_key["a"], by_key["c"]]
    assert first.origin == "import"
    event = AuditEvent.objects.get(action="deliberation.table_answers_import")
    assert event.details["rows"] == 4


def test_one_wrong_row_stores_nothing_and_names_file_row_and_column(
    world: World, sheet_questions: dict[str, Question]
) -> None:
    rows = [
        ["table", "question", "answer"],
        ["1", "group-ranking", "a;b"],
        ["9", "group-ranking", "a"],
        ["2", "group-single", "a;b"],
        ["2", "group-ranking", "a;a"],
        ["1", "group-ranking", "c"],
    ]
    with pytest.raises(TableAnswerError) as refused:
        import_sheet(world, "sheets.csv", csv_bytes(rows))
    assert not TableAnswer.objects.exists()
    errors = refused.value.errors
    assert "sheets.csv, row 3, column table" in errors[0]
    assert "sheets.csv, row 4, column answer" in errors[1]
    assert "sheets.csv, row 5, column answer" in errors[2]
    assert "sheets.csv, row 6, column table" in errors[3]


def test_a_facilitator_cannot_import_sheets(
    world: World, sheet_questions: dict[str, Question]
) -> None:
    url = reverse("deliberation:table-answers-import", args=[world.own_site.id])
    upload = SimpleUploadedFile("s.csv", csv_bytes([list(HEADER), ["2", "group-single", "a"]]))
    response = world.client_for("facilitator").post(url, {"file": upload})
    assert response.status_code == 404
    assert not TableAnswer.objects.exists()


answer_cell = st.one_of(nasty_text, st.sampled_from(["a", "b", "c", "a;b", "a > c", "b,a,c"]))
xlsx_cell = st.one_of(
    sheet_text,
    st.sampled_from(["1", "2", "group-single", "group-ranking", "group-open", "a", "=A1"]),
    st.integers(-5, 2**40),
    st.floats(allow_nan=False),
    st.booleans(),
    st.none(),
)


@st.composite
def xlsx_sheet(draw: st.DrawFn) -> bytes:
    rows: list[list[object]] = [list(draw(st.permutations(HEADER)))]
    for _ in range(draw(st.integers(0, 4))):
        rows.append([draw(xlsx_cell) for _ in range(draw(st.integers(0, len(HEADER) + 1)))])
    return xlsx_bytes(rows, merge="A2:B3" if len(rows) > 3 else None)


def check_refusal(error: TableAnswerError, name: str, kept: TableAnswer) -> None:
    """Refused: every message names the file, and the earlier answer is as it was."""
    assert error.errors
    assert all(message.startswith(name) for message in error.errors), error.errors
    assert list(TableAnswer.objects.values_list("id", "text")) == [(kept.id, "Déjà saisi")]
    assert not AuditEvent.objects.filter(action="deliberation.table_answers_import").exists()


class TestHostileSheets:
    @HOSTILE
    @given(
        file=st.one_of(
            st.tuples(st.just("sheets.csv"), broken_file(HEADER, answer_cell)),
            st.tuples(st.just("sheets.xlsx"), xlsx_sheet()),
            st.tuples(st.just("sheets.xlsx"), st.binary(max_size=60)),
        )
    )
    def test_a_hostile_sheet_changes_nothing_or_is_stored_whole(
        self, world: World, sheet_questions: dict[str, Question], file: tuple[str, bytes]
    ) -> None:
        name, content = file
        with rolled_back():
            # A table's earlier answer, which a refused file must leave as it was.
            kept = TableAnswer.objects.create(
                table=Table.objects.get(site=world.own_site, number=2),
                question=sheet_questions["open"],
                text="Déjà saisi",
                entered_by=world.users["facilitator"],
            )
            try:
                stored = import_sheet(world, name, content)
            except TableAnswerError as error:
                check_refusal(error, name, kept)
            else:
                assert stored > 0
                for answer in TableAnswer.objects.all():
                    assert_storable(answer)

    def test_a_hostile_upload_is_never_a_server_error(
        self, world: World, sheet_questions: dict[str, Question]
    ) -> None:
        url = reverse("deliberation:table-answers-import", args=[world.own_site.id])
        for name, content in [
            ("sheets.csv", b"\x00\xff" * 50),
            ("sheets.xlsx", b"PK\x03\x04broken"),
            ("sheets.csv", csv_bytes([list(HEADER), ["1", "group-open", "=cmd|' /C calc'!A0"]])),
        ]:
            upload = SimpleUploadedFile(name, content)
            response = world.client_for("host").post(url, {"file": upload})
            assert response.status_code in (200, 302)


# --- a host's local topic ---------------------------------------------------------------


def local_post(world: World, **fields: str) -> dict[str, str]:
    session = dialogue_services.session_upsert(
        dialogue=world.own, key="local", title={"en": "Local"}, questions=[]
    )
    data = {
        "session": str(session.id),
        "key": "energie",
        "kind": "single",
        "answered_by": "citizen",
        "language": "fr",
        "text": "Faut-il une sobriété numérique ?",
        "options": "Oui\nNon\n",
    }
    return data | fields


def test_a_host_adds_a_local_question_for_their_site_audited(world: World) -> None:
    url = reverse("deliberation:local-topic", args=[world.own_site.id])
    response = world.client_for("host").post(url, local_post(world))
    assert response.status_code == 302
    question = Question.objects.get(site=world.own_site)
    assert question.key == "paris-energie"
    assert [o.text for o in question.options.all()] == [{"fr": "Oui"}, {"fr": "Non"}]
    event = AuditEvent.objects.get(action="question.local_add")
    assert event.site_id == world.own_site.id
    assert event.details == {"question": question.id, "session": question.session_id, "options": 2}
    # The same key again is refused, not a server error.
    again = world.client_for("host").post(url, local_post(world))
    assert again.status_code == 200
    assert Question.objects.filter(site=world.own_site).count() == 1
    # Lyon, the same dialogue's other site, never sees Paris's topic.
    lyon_sheet = reverse("deliberation:run-sheet", args=[world.own_other_site.id])
    assert "sobriété" not in world.client_for("organiser").get(lyon_sheet).content.decode()


@HOSTILE
@given(
    fields=st.fixed_dictionaries(
        {},
        optional=dict.fromkeys(
            ("session", "key", "kind", "answered_by", "language", "text", "options"), nasty_text
        ),
    )
)
def test_hostile_local_questions_are_refused_or_stored_cleanly(
    world: World, fields: dict[str, str]
) -> None:
    url = reverse("deliberation:local-topic", args=[world.own_site.id])
    with rolled_back():
        response = world.client_for("host").post(url, local_post(world, **fields))
        assert response.status_code in (200, 302)
        for question in Question.objects.filter(site=world.own_site):
            assert_storable(question)
            assert question.key.startswith("paris-")
            for option in question.options.all():
                assert_storable(option)


def test_the_printed_sheets_give_tables_their_own_sheet_with_the_keys_to_import(
    world: World, sheet_questions: dict[str, Question]
) -> None:
    url = reverse("deliberation:ballot-sheets", args=[world.own_site.id])
    page = world.client_for("facilitator").get(url, {"language": "en"}).content.decode()
    assert page.count("Table sheet: one answer for the whole table") == 3
    assert "Question key: group-ranking" in page
    assert "(key: b)" in page


def test_a_tables_short_text_is_shown_to_its_staff_escaped(
    world: World, sheet_questions: dict[str, Question]
) -> None:
    url = reverse("deliberation:table-answers", args=[world.own_site.id])
    mine = Table.objects.get(site=world.own_site, number=1)
    world.client_for("facilitator").post(
        url,
        {"question": sheet_questions["open"].id, "table": mine.id, "text": "<b>Écoles</b> d'abord"},
    )
    assert TableAnswer.objects.get(table=mine).text == "<b>Écoles</b> d'abord"
    page = world.client_for("host").get(url).content.decode()
    assert "&lt;b&gt;Écoles&lt;/b&gt; d&#x27;abord" in page
    other = world.client_for("facilitator").get(url).content.decode()
    assert "Table 2" not in other


@HOSTILE
@given(
    fields=st.fixed_dictionaries(
        {},
        optional=dict.fromkeys(
            ("question", "table", "choice", "text", "rank-1", "rank-2"), nasty_text
        ),
    )
)
def test_hostile_entries_never_fail_nor_reach_another_table(
    world: World, sheet_questions: dict[str, Question], fields: dict[str, str]
) -> None:
    url = reverse("deliberation:table-answers", args=[world.own_site.id])
    with rolled_back():
        response = world.client_for("facilitator").post(url, fields)
        assert response.status_code in (200, 302, 400, 404)
        for answer in TableAnswer.objects.select_related("table"):
            assert answer.table.number == 1
            assert_storable(answer)
