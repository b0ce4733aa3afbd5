"""Issue 12, item 7: site staff cannot change citizens' votes without a trace.

The attack, as reproduced: a facilitator with no table saw every voting code (voting
cards, check-in), closed a question, reopened it, voted with a citizen's code through the
API (201 changed) and closed it again; the audit trail recorded none of it. Now staff
pages name citizens by check-in number, the voting cards (the only page with codes) are
the hosts' and each printing is audited, the site-wide switches (a question's vote, double
entry, the recommendation vote and its method, the site's paper counts) are the hosts',
and every change of the day is on the audit trail.
"""

from __future__ import annotations

import html
import re

import pytest
from django.test import Client
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from polyvox.audit.models import AuditEvent
from polyvox.deliberation.models import (
    Answer,
    Participant,
    QuestionWindow,
    Recommendation,
    SiteDay,
    Table,
)
from polyvox.deliberation.windows import window_close, window_open
from tests.client import Response
from tests.conftest import World
from tests.deliberation.helpers import check_in_row, make_agenda, make_participants
from tests.hostile import HOSTILE, nasty_text, rolled_back

pytestmark = pytest.mark.django_db

# Everything on a page that has the shape of a voting code (8 characters of its alphabet).
CODE_SHAPED = re.compile(r"(?<![A-Za-z0-9])[A-HJ-NP-Z2-9]{8}(?![A-Za-z0-9])")
STAFF_PAGES = ("day", "tables", "run-sheet", "dashboard", "counts", "recommendations")


def run_sheet(world: World, role: str, question: int, action: str) -> Response:
    client: Client = world.client_for(role)
    url = reverse("deliberation:run-sheet", args=[world.own_site.id])
    return client.post(url, {"question": question, "action": action, "confirm": "yes"})


def events(world: World) -> list[tuple[str, str]]:
    return list(
        AuditEvent.objects.filter(site_id=world.own_site.id)
        .order_by("id")
        .values_list("action", "actor__username")
    )


class TestAFacilitatorWithNoTable:
    """The attacker of item 7: a facilitator of the site, in charge of no table."""

    def test_it_sees_no_voting_code_on_any_staff_page(self, world: World) -> None:
        make_agenda(world.own)
        citizens = make_participants(world.own_site, 6, status=Participant.Status.SELECTED)
        citizens += make_participants(world.own_site, 2, status=Participant.Status.RESERVE)
        facilitator = world.client_for("facilitator")
        for name in (*STAFF_PAGES, "ballot-sheets"):
            page = facilitator.get(reverse(f"deliberation:{name}", args=[world.own_site.id]))
            assert page.status_code == 200, name
            text = page.content.decode()
            assert not [c.code for c in citizens if c.code in text], name
        cards = reverse("deliberation:cards", args=[world.own_site.id])
        assert facilitator.get(cards).status_code == 404
        for action in ("print", "reissue"):
            sent = facilitator.post(cards, {"action": action, "format": "html"})
            assert sent.status_code == 404
        assert not Participant.objects.filter(card_printed_at__isnull=False).exists()
        assert not AuditEvent.objects.filter(action="deliberation.cards_print").exists()

    def test_it_cannot_open_close_or_reopen_a_question(self, world: World) -> None:
        agenda = make_agenda(world.own)
        question = agenda.single.id
        assert run_sheet(world, "facilitator", question, "open").status_code == 404
        assert not QuestionWindow.objects.exists()
        window_open(site=world.own_site, question=agenda.single)
        assert run_sheet(world, "facilitator", question, "close").status_code == 404
        assert QuestionWindow.objects.get(question_id=question).is_open
        window_close(site=world.own_site, question=agenda.single)
        assert run_sheet(world, "facilitator", question, "open").status_code == 404
        assert not QuestionWindow.objects.get(question_id=question).is_open
        page = world.client_for("facilitator").get(
            reverse("deliberation:run-sheet", args=[world.own_site.id])
        )
        assert b"Reopen voting" not in page.content
        assert b"Close voting" not in page.content
        assert events(world) == []

    def test_it_cannot_change_a_citizens_vote_through_the_api(self, world: World) -> None:
        """The whole attack: with the question closed, nothing the facilitator can read
        lets them vote, and they cannot reopen the question to try."""
        agenda = make_agenda(world.own)
        citizens = make_participants(world.own_site, 5, status=Participant.Status.SELECTED)
        window_open(site=world.own_site, question=agenda.single)
        yes, no = list(agenda.single.options.all())
        for citizen in citizens:
            Client().post(
                reverse("api-1:cast_ballot"),
                {"code": citizen.code, "question": agenda.single.id, "choice": yes.id},
                content_type="application/json",
            )
        window_close(site=world.own_site, question=agenda.single)
        facilitator = world.client_for("facilitator")
        seen = set()
        for name in (*STAFF_PAGES, "ballot-sheets"):
            page = facilitator.get(reverse(f"deliberation:{name}", args=[world.own_site.id]))
            seen |= set(CODE_SHAPED.findall(page.content.decode()))
        assert run_sheet(world, "facilitator", agenda.single.id, "open").status_code == 404
        for candidate in sorted(seen):
            answer = facilitator.post(
                reverse("api-1:cast_ballot"),
                {"code": candidate, "question": agenda.single.id, "choice": no.id},
                content_type="application/json",
            )
            assert answer.status_code in (404, 409), candidate
        assert set(Answer.objects.values_list("option_id", flat=True)) == {yes.id}

    def test_it_cannot_flip_the_site_wide_switches(self, world: World) -> None:
        make_agenda(world.own)
        facilitator = world.client_for("facilitator")
        counts = reverse("deliberation:counts", args=[world.own_site.id])
        recommendations = reverse("deliberation:recommendations", args=[world.own_site.id])
        assert (
            facilitator.post(counts, {"action": "double-entry", "double_entry": "on"}).status_code
            == 404
        )
        for data in (
            {"action": "ranking", "open": "on", "confirm": "yes"},
            {"action": "method", "method": "approval"},
            {"action": "paper", "ballots": "3"},
        ):
            assert facilitator.post(recommendations, data).status_code == 404, data
        day = SiteDay.objects.filter(site=world.own_site).first()
        assert day is None or (not day.double_entry and not day.ranking_open)
        assert day is None or day.recommendation_method == SiteDay.Method.RANKING
        assert b"Turn double entry on" not in facilitator.get(counts).content
        assert b"Open the vote" not in facilitator.get(recommendations).content
        assert events(world) == []

    def test_it_marks_arrivals_present_and_nothing_else(self, world: World) -> None:
        (arriving,) = make_participants(world.own_site, 1, status=Participant.Status.SELECTED)
        (reserve,) = make_participants(world.own_site, 1, status=Participant.Status.RESERVE)
        facilitator = world.client_for("facilitator")

        def mark(citizen: Participant, status: str) -> int:
            url = reverse("deliberation:check-in", args=[world.own_site.id, citizen.id])
            return facilitator.post(url, {"status": status}).status_code

        assert mark(arriving, "present") == 302
        # Taking a vote away (absent, which also calls a reserve) or giving one (a reserve
        # marked present) is the host's.
        assert mark(arriving, "absent") == 404
        assert mark(reserve, "present") == 404
        arriving.refresh_from_db()
        reserve.refresh_from_db()
        assert (arriving.status, reserve.status) == ("present", "reserve")
        event = AuditEvent.objects.get(action="deliberation.check_in")
        assert event.actor == world.users["facilitator"]
        assert event.details == {
            "participant": arriving.id,
            "from": "selected",
            "to": "present",
            "reserve_promoted": None,
        }
        day = facilitator.get(reverse("deliberation:day", args=[world.own_site.id]))
        page = day.content.decode()
        # Each row offers what the facilitator may do, by status: undo for the arrival,
        # nothing for the reserve, never "Mark absent".
        assert 'value="undo"' in check_in_row(page, arriving)
        assert "<button" not in check_in_row(page, reserve)
        assert 'value="absent"' not in page


def test_a_facilitator_cannot_reopen_a_closed_question(world: World) -> None:
    agenda = make_agenda(world.own)
    window_open(site=world.own_site, question=agenda.single)
    window_close(site=world.own_site, question=agenda.single)
    assert run_sheet(world, "facilitator", agenda.single.id, "open").status_code == 404
    assert QuestionWindow.objects.get(question_id=agenda.single.id).closed_at is not None


@pytest.mark.parametrize("role", ["host", "organiser"])
def test_hosts_and_organisers_reopen_and_every_step_is_audited(world: World, role: str) -> None:
    agenda = make_agenda(world.own)
    question = agenda.single.id
    for action in ("open", "close", "open", "close"):
        assert run_sheet(world, role, question, action).status_code == 302
    recorded = list(
        AuditEvent.objects.filter(site_id=world.own_site.id)
        .order_by("id")
        .values_list("action", "actor__username", "details")
    )
    assert recorded == [
        ("deliberation.window_open", role, {"question": question}),
        ("deliberation.window_close", role, {"question": question}),
        ("deliberation.window_reopen", role, {"question": question}),
        ("deliberation.window_close", role, {"question": question}),
    ]


def test_the_hosts_switches_and_check_ins_are_audited(world: World) -> None:
    make_agenda(world.own)
    (absent,) = make_participants(world.own_site, 1, status=Participant.Status.SELECTED)
    (reserve,) = make_participants(world.own_site, 1, status=Participant.Status.RESERVE)
    host = world.client_for("host")
    site = world.own_site.id
    assert (
        host.post(
            reverse("deliberation:counts", args=[site]),
            {"action": "double-entry", "double_entry": "on"},
        ).status_code
        == 302
    )
    recommendations = reverse("deliberation:recommendations", args=[site])
    assert host.post(recommendations, {"action": "method", "method": "approval"}).status_code == 302
    assert (
        host.post(
            recommendations, {"action": "ranking", "open": "on", "confirm": "yes"}
        ).status_code
        == 302
    )
    check_in = reverse("deliberation:check-in", args=[site, absent.id])
    assert host.post(check_in, {"status": "absent", "confirm": "yes"}).status_code == 302
    recorded = list(
        AuditEvent.objects.filter(site_id=site).order_by("id").values_list("action", "details")
    )
    assert recorded == [
        ("deliberation.double_entry", {"double_entry": True}),
        ("deliberation.recommendation_method", {"method": "approval"}),
        (
            "deliberation.recommendation_vote",
            {"open": True, "session": SiteDay.objects.get(site_id=site).vote_session_id},
        ),
        (
            "deliberation.check_in",
            {
                "participant": absent.id,
                "from": "selected",
                "to": "absent",
                "reserve_promoted": reserve.id,
            },
        ),
    ]
    assert set(AuditEvent.objects.values_list("actor__username", flat=True)) == {"host"}


def print_cards(world: World, role: str = "host", **data: str) -> Response:
    url = reverse("deliberation:cards", args=[world.own_site.id])
    return world.client_for(role).post(url, {"action": "print", "format": "html", **data})


def test_staff_pages_show_check_in_numbers_and_printing_cards_is_audited(world: World) -> None:
    citizens = make_participants(world.own_site, 4, status=Participant.Status.SELECTED)
    day = world.client_for("facilitator").get(reverse("deliberation:day", args=[world.own_site.id]))
    assert b"Citizens by check-in number" in day.content
    assert b"voting code" not in day.content.lower()
    cards_page = world.client_for("host").get(
        reverse("deliberation:cards", args=[world.own_site.id])
    )
    assert b"4 cards to print, 0 printed." in cards_page.content
    assert not [c.code for c in citizens if c.code in cards_page.content.decode()]
    assert not AuditEvent.objects.exists()  # looking at the page prints nothing
    printed = print_cards(world)
    assert printed["Cache-Control"] == "no-store"
    text = printed.content.decode()
    assert all(citizen.code in text for citizen in citizens)
    # Each card speaks its citizen's language (French here).
    assert all(f"Numéro d'accueil {citizen.id}" in html.unescape(text) for citizen in citizens)
    event = AuditEvent.objects.get(action="deliberation.cards_print")
    assert event.actor == world.users["host"]
    assert event.details == {"cards": 4, "participants": sorted(c.id for c in citizens)}


def test_a_card_is_printed_once_so_no_host_reads_a_code_in_use_again(world: World) -> None:
    citizens = make_participants(world.own_site, 3, status=Participant.Status.SELECTED)
    first = print_cards(world).content.decode()
    assert all(citizen.code in first for citizen in citizens)
    # Printing again prints only the cards not printed yet: none, and shows no code.
    again = print_cards(world, role="organiser")
    assert again.status_code == 200
    assert b"There is no card to print." in again.content
    assert not [c.code for c in citizens if c.code in again.content.decode()]
    (late,) = make_participants(world.own_site, 1, status=Participant.Status.SELECTED)
    third = print_cards(world).content.decode()
    assert late.code in third
    assert not [c.code for c in citizens if c.code in third]
    assert AuditEvent.objects.filter(action="deliberation.cards_print").count() == 2


def test_a_lost_card_is_printed_again_under_a_new_code(world: World) -> None:
    lost, kept = make_participants(world.own_site, 2, status=Participant.Status.SELECTED)
    print_cards(world)
    phone = Client()
    assert phone.post(reverse("deliberation:vote-login"), {"code": lost.code}).status_code == 302
    assert phone.get(reverse("deliberation:ballot")).status_code == 200
    old_code = lost.code
    reprint = print_cards(world, action="reissue", participant=str(lost.id)).content.decode()
    lost.refresh_from_db()
    kept_code = kept.code
    kept.refresh_from_db()
    assert lost.code != old_code
    assert lost.code in reprint
    assert old_code not in reprint
    assert kept.code == kept_code
    assert kept_code not in reprint
    # The old card, and the session it opened, no longer vote.
    assert phone.get(reverse("deliberation:ballot")).status_code == 302
    assert Client().post(reverse("deliberation:vote-login"), {"code": old_code}).status_code == 400
    assert Client().post(reverse("deliberation:vote-login"), {"code": lost.code}).status_code == 302
    event = AuditEvent.objects.get(action="deliberation.cards_reissue")
    assert event.details == {"cards": 1, "participants": [lost.id]}


def test_a_wrong_check_in_number_prints_nothing(world: World) -> None:
    make_participants(world.own_site, 1, status=Participant.Status.SELECTED)
    (declined,) = make_participants(world.own_site, 1, status=Participant.Status.DECLINED)
    (elsewhere,) = make_participants(world.own_other_site, 1, status=Participant.Status.SELECTED)
    for number in (str(declined.id), str(elsewhere.id), "x", "0"):
        response = print_cards(world, action="reissue", participant=number)
        assert response.status_code == 400, number
    assert print_cards(world, action="steal").status_code == 400
    assert not AuditEvent.objects.exists()
    assert elsewhere.code == Participant.objects.get(id=elsewhere.id).code


def test_another_sites_host_cannot_print_or_check_in(world: World) -> None:
    (citizen,) = make_participants(world.own_other_site, 1, status=Participant.Status.SELECTED)
    host = world.client_for("host")
    other_cards = reverse("deliberation:cards", args=[world.own_other_site.id])
    assert host.get(other_cards).status_code == 404
    assert host.post(other_cards, {"action": "print", "format": "html"}).status_code == 404
    url = reverse("deliberation:check-in", args=[world.own_other_site.id, citizen.id])
    assert host.post(url, {"status": "absent", "confirm": "yes"}).status_code == 404
    assert not AuditEvent.objects.exists()


def test_a_facilitators_counts_and_recommendations_at_their_table_are_audited(
    world: World,
) -> None:
    agenda = make_agenda(world.own)
    table = Table.objects.create(
        site=world.own_site, number=1, facilitator=world.users["facilitator"]
    )
    facilitator = world.client_for("facilitator")
    site = world.own_site.id
    yes, no = list(agenda.single.options.all())
    counted = facilitator.post(
        reverse("deliberation:counts", args=[site]),
        {
            "action": "enter",
            "question": agenda.single.id,
            "table": table.id,
            "stratum": "",
            "entry": "1",
            f"count-{yes.id}": "4",
            f"count-{no.id}": "2",
        },
    )
    assert counted.status_code == 302
    written = facilitator.post(
        reverse("deliberation:recommendations", args=[site]),
        {"action": "write", "table": table.id, "language": "fr", "text": "Wifi libre"},
    )
    assert written.status_code == 302
    recorded = list(
        AuditEvent.objects.filter(site_id=site)
        .order_by("id")
        .values_list("action", "actor__username", "details")
    )
    recommendation = Recommendation.objects.get()
    assert recorded == [
        (
            "counts.enter",
            "facilitator",
            {"lines": 2, "entry": 1, "questions": [agenda.single.id], "tables": [table.id]},
        ),
        (
            "deliberation.recommendation_write",
            "facilitator",
            {
                "recommendation": recommendation.id,
                "table": table.id,
                "session": recommendation.session_id,
                "language": "fr",
            },
        ),
    ]


def as_number(text: str) -> int | None:
    """The whole number a form's IntegerField reads in `text` (it drops a ".0" tail)."""
    try:
        return int(re.sub(r"\.0*$", "", text.strip()))
    except ValueError:
        return None


@HOSTILE
@given(
    action=st.one_of(st.sampled_from(["print", "reissue"]), nasty_text),
    number=st.one_of(st.just(""), nasty_text, st.integers(-(2**70), 2**70).map(str)),
    output=st.one_of(st.sampled_from(["html", "pdf"]), nasty_text),
)
def test_a_hostile_cards_form_prints_nothing_it_was_not_asked_for(
    world: World, action: str, number: str, output: str
) -> None:
    with rolled_back():
        (citizen,) = make_participants(world.own_site, 1, status=Participant.Status.SELECTED)
        url = reverse("deliberation:cards", args=[world.own_site.id])
        response = world.client_for("host").post(
            url, {"action": action, "participant": number, "format": output}
        )
        assert response.status_code in (200, 400)
        printed = AuditEvent.objects.filter(action__startswith="deliberation.cards_").first()
        valid = action in ("print", "reissue") and output in ("html", "pdf")
        wanted = number.strip() == "" or as_number(number) == citizen.id
        if printed is not None:
            assert valid
            assert wanted
            assert printed.details["participants"] == [citizen.id]
