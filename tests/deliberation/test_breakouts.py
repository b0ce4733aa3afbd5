"""Breakout rooms re-drawn between sessions (#14 item 8): everyone present gets a new mixed
room for one session, meeting as few people again as the seatings allow, one language per
room online; other sessions keep their tables. Hosts only; asked first; audited."""

from __future__ import annotations

from itertools import combinations

import pytest
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from polyvox.audit.models import AuditEvent
from polyvox.deliberation import selectors
from polyvox.deliberation.breakouts import breakouts_redraw
from polyvox.deliberation.checkin import tables_seat
from polyvox.deliberation.models import Participant, SessionSeat
from polyvox.dialogues.models import Session, Site
from tests.conftest import World
from tests.deliberation.helpers import make_participants
from tests.deliberation.test_confirmations import hidden_fields
from tests.hostile import HOSTILE, nasty_text, rolled_back

pytestmark = pytest.mark.django_db


def two_sessions(site: Site) -> tuple[Session, Session]:
    first = Session.objects.create(
        dialogue=site.dialogue, key="first", position=1, title={"en": "First"}
    )
    second = Session.objects.create(
        dialogue=site.dialogue, key="second", position=2, title={"en": "Second"}
    )
    return first, second


def pairs_at_tables(groups: dict[int, list[int]]) -> set[frozenset[int]]:
    return {frozenset(pair) for members in groups.values() for pair in combinations(members, 2)}


def breakout_groups(session: Session) -> dict[int, list[int]]:
    groups: dict[int, list[int]] = {}
    for table_id, participant_id in SessionSeat.objects.filter(session=session).values_list(
        "table_id", "participant_id"
    ):
        groups.setdefault(table_id, []).append(participant_id)
    return groups


def day_groups(site: Site) -> dict[int, list[int]]:
    groups: dict[int, list[int]] = {}
    for table_id, participant_id in Participant.objects.filter(site=site).values_list(
        "table_id", "id"
    ):
        groups.setdefault(table_id, []).append(participant_id)
    return groups


def test_everyone_present_gets_a_new_room_for_that_session_only(world: World) -> None:
    site = world.own_site
    make_participants(site, 24)
    tables_seat(site=site, table_size=6)
    first, second = two_sessions(site)
    day_pairs = pairs_at_tables(day_groups(site))

    outcome = breakouts_redraw(site=site, session=second, table_size=6, actor=None)

    assert (outcome.citizens, outcome.tables) == (24, 4)
    groups = breakout_groups(second)
    assert sorted(len(members) for members in groups.values()) == [6, 6, 6, 6]
    met_again = pairs_at_tables(groups) & day_pairs
    assert outcome.repeated_pairs == len(met_again)
    # The day's tables hold 60 pairs; a fresh draw keeps well under half of them together.
    assert len(met_again) < len(day_pairs) // 2
    someone = Participant.objects.filter(site=site).first()
    assert someone is not None
    assert selectors.table_for_session(participant=someone, session_id=first.id) == someone.table
    breakout = SessionSeat.objects.get(participant=someone, session=second).table
    assert selectors.table_for_session(participant=someone, session_id=second.id) == breakout


def test_online_rooms_keep_one_language_each(world: World) -> None:
    site = world.own_site
    site.mode = Site.Mode.ONLINE
    site.save()
    make_participants(site, 10, language="fr")
    make_participants(site, 10, language="en")
    _first, second = two_sessions(site)
    breakouts_redraw(site=site, session=second, table_size=5, actor=None)
    for seat in SessionSeat.objects.filter(session=second).select_related("table", "participant"):
        assert seat.participant.language == seat.table.language


def test_drawing_again_replaces_the_rooms_and_never_doubles_a_seat(world: World) -> None:
    site = world.own_site
    make_participants(site, 12)
    _first, second = two_sessions(site)
    breakouts_redraw(site=site, session=second, table_size=6, actor=None)
    breakouts_redraw(site=site, session=second, table_size=4, actor=None)
    assert SessionSeat.objects.filter(session=second).count() == 12
    assert len(breakout_groups(second)) == 3
    assert selectors.breakout_tables_by_session(site=site) == {second.id: 3}


class TestThePage:
    def url(self, world: World, session: Session) -> str:
        return reverse("deliberation:breakouts-redraw", args=[world.own_site.id, session.id])

    def test_a_host_is_asked_first_then_told_and_it_is_audited(self, world: World) -> None:
        make_participants(world.own_site, 10)
        _first, second = two_sessions(world.own_site)
        client = world.client_for("host")
        asked = client.post(self.url(world, second), {"table_size": 5}).content.decode()
        assert "Move all 10 citizens present to new rooms for “Second”?" in asked
        assert not SessionSeat.objects.exists()
        response = client.post(self.url(world, second), hidden_fields(asked), follow=True)
        assert "10 citizens seated in 2 rooms for “Second”." in response.content.decode()
        assert "Re-drawn: 2 rooms." in response.content.decode()
        event = AuditEvent.objects.get(action="deliberation.breakouts_redraw")
        assert event.details["session"] == second.id
        assert event.details["citizens"] == 10
        assert event.actor == world.users["host"]

    def test_a_facilitator_reads_the_page_but_cannot_redraw(self, world: World) -> None:
        _first, second = two_sessions(world.own_site)
        client = world.client_for("facilitator")
        page = client.get(reverse("deliberation:breakouts", args=[world.own_site.id]))
        assert "The site's hosts re-draw the rooms." in page.content.decode()
        refused = client.post(self.url(world, second), {"table_size": 5, "confirm": "yes"})
        assert refused.status_code == 404
        assert not SessionSeat.objects.exists()

    def test_another_dialogues_session_is_not_found(self, world: World) -> None:
        foreign = Session.objects.create(dialogue=world.other, key="x", title={"en": "X"})
        response = world.client_for("host").post(
            self.url(world, foreign), {"table_size": 5, "confirm": "yes"}
        )
        assert response.status_code == 404

    @HOSTILE
    @given(size=nasty_text | st.integers().map(str), confirm=nasty_text)
    def test_hostile_input_seats_nobody_unless_valid_and_confirmed(
        self, world: World, size: str, confirm: str
    ) -> None:
        client = world.client_for("host")
        with rolled_back():
            make_participants(world.own_site, 4)
            _first, second = two_sessions(world.own_site)
            response = client.post(
                self.url(world, second), {"table_size": size, "confirm": confirm}
            )
            assert response.status_code in (200, 302, 400)
            confirmed_and_valid = (
                confirm == "yes" and size.strip().isdigit() and 2 <= int(size) <= 12
            )
            assert SessionSeat.objects.exists() == confirmed_and_valid
