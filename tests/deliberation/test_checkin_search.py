"""Check-in at the door (issue 18 item 8): a search by check-in number, or by name for the
staff who may read the vault; one action per row according to the citizen's status; after
a mark, back to the same search at the citizen's row with a message saying what was done.
"""

from __future__ import annotations

import logging
from urllib.parse import urlencode

import pytest
from django.test import Client
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st
from pytest_django import DjangoAssertNumQueries

from polyvox.audit.models import AuditEvent
from polyvox.deliberation.models import Participant, Table
from polyvox.people.digests import participant_digest_for
from polyvox.people.models import Person
from polyvox.recruitment.models import Volunteer
from tests.client import Response
from tests.conftest import World
from tests.deliberation.helpers import check_in_row, make_participants
from tests.hostile import HOSTILE, nasty_text, rolled_back

pytestmark = pytest.mark.django_db

# Session, user, site, memberships, the list, the names: never one per citizen.
QUERIES_FOR_THE_DAY = 10

SELECTED = Participant.Status.SELECTED


def named(world: World, name: str, *, status: str = SELECTED) -> Participant:
    """A citizen whose name is in the vault, linked as the lottery links it: by a keyed
    digest of the pseudonym on their volunteer row."""
    (citizen,) = make_participants(world.own_site, 1, status=status)
    person = Person.objects.create(full_name=name, preferred_language="fr")
    Volunteer.objects.create(
        site=world.own_site,
        person=person,
        status=Volunteer.Status.SELECTED,
        email_digest=f"digest-{citizen.id}",
        participant_digest=participant_digest_for(citizen.pseudonym),
    )
    return citizen


def day_page(world: World, role: str, query: str | None = None) -> str:
    url = reverse("deliberation:day", args=[world.own_site.id])
    data = {} if query is None else {"q": query}
    response = world.client_for(role).get(url, data)
    assert response.status_code == 200
    return response.content.decode()


def mark(
    world: World, role: str | Client, citizen: Participant, status: str, **data: str
) -> Response:
    """A mark at the door, by a role (a fresh session) or through a client (its session)."""
    client = world.client_for(role) if isinstance(role, str) else role
    url = reverse("deliberation:check-in", args=[world.own_site.id, citizen.id])
    return client.post(url, {"status": status, **data})


def listed(page: str) -> set[int]:
    return {
        citizen.id for citizen in Participant.objects.all() if f'<li id="p-{citizen.id}"' in page
    }


class TestSearch:
    def test_a_check_in_number_finds_that_citizen(self, world: World) -> None:
        citizens = make_participants(world.own_site, 12, status=SELECTED)
        wanted = citizens[5]
        page = day_page(world, "facilitator", str(wanted.id))
        assert wanted.id in listed(page)
        # A number matches numbers that start with it: never an unrelated one.
        assert all(str(number).startswith(str(wanted.id)) for number in listed(page))
        assert listed(day_page(world, "facilitator")) == {c.id for c in citizens}

    @pytest.mark.parametrize("role", ["host", "organiser"])
    @pytest.mark.parametrize("query", ["helene", "HÉLÈNE", "  dupre ", "dupré hél"])
    def test_staff_who_may_see_names_find_by_name_ignoring_case_and_accents(
        self, world: World, role: str, query: str
    ) -> None:
        helene = named(world, "Hélène Dupré")
        other = named(world, "Jean Martin")
        page = day_page(world, role, query)
        assert listed(page) == {helene.id}
        assert "Hélène Dupré" in check_in_row(page, helene)
        assert other.id not in listed(page)
        assert "name or check-in number" in page

    def test_a_facilitator_finds_nobody_by_name_and_reads_no_name(self, world: World) -> None:
        helene = named(world, "Hélène Dupré")
        page = day_page(world, "facilitator", "Hélène")
        assert listed(page) == set()
        assert "Nobody has this check-in number." in page
        everyone = day_page(world, "facilitator")
        assert helene.id in listed(everyone)
        assert "Hélène" not in everyone
        assert "Find a citizen by check-in number" in everyone

    def test_an_erased_person_is_found_by_number_only(self, world: World) -> None:
        citizen = named(world, "Hélène Dupré")
        Person.objects.update(full_name="", erased_at="2026-01-01T00:00:00Z")
        assert listed(day_page(world, "host", "Hélène")) == set()
        assert listed(day_page(world, "host", str(citizen.id))) == {citizen.id}

    def test_the_box_filters_as_the_host_types_with_the_list_only(self, world: World) -> None:
        helene = named(world, "Hélène Dupré")
        named(world, "Jean Martin")
        url = reverse("deliberation:day", args=[world.own_site.id])
        response = world.client_for("host").get(
            url, {"q": "hel"}, headers={"HX-Request": "true", "HX-Target": "checkin-results"}
        )
        page = response.content.decode()
        assert "<html" not in page
        assert listed(page) == {helene.id}
        assert "1 of 2 citizens match." in page
        assert "HX-Target" in response["Vary"]

    def test_the_form_works_without_javascript(self, world: World) -> None:
        page = day_page(world, "host")
        form = page[
            page.index('role="search"') - 200 : page.index("</form>", page.index('role="search"'))
        ]
        assert 'method="get"' in form
        assert 'type="search"' in form
        assert 'hx-trigger="input changed delay:300ms' in form
        assert "<script" not in page.split("</head>")[1]


class TestOneActionPerRow:
    def test_each_status_offers_its_own_action(self, world: World) -> None:
        (waiting,) = make_participants(world.own_site, 1, status=SELECTED)
        (confirmed,) = make_participants(world.own_site, 1, status=Participant.Status.CONFIRMED)
        (arrived,) = make_participants(world.own_site, 1)
        (reserve,) = make_participants(world.own_site, 1, status=Participant.Status.RESERVE)
        (absent,) = make_participants(world.own_site, 1, status=Participant.Status.ABSENT)
        facilitator = day_page(world, "facilitator")
        for citizen in (waiting, confirmed):
            row = check_in_row(facilitator, citizen)
            assert row.count("<button") == 1
            assert 'value="present"' in row
            assert ">Check in<" in row
        row = check_in_row(facilitator, arrived)
        assert row.count("<button") == 1
        assert 'value="undo"' in row
        assert 'class="secondary"' in row
        assert "Undo check-in" in row
        assert "<button" not in check_in_row(facilitator, reserve)
        assert "<button" not in check_in_row(facilitator, absent)
        host = day_page(world, "host")
        # The host also marks no-shows absent (it asks first), and checks in the others.
        assert 'value="absent"' in check_in_row(host, waiting)
        assert 'value="present"' in check_in_row(host, absent)
        assert 'value="present"' in check_in_row(host, reserve)
        assert 'value="absent"' not in check_in_row(host, arrived)


class TestAfterAMark:
    def test_it_returns_to_the_same_search_at_the_row_with_a_message(self, world: World) -> None:
        helene = named(world, "Hélène Dupré")
        host = world.client_for("host")
        response = mark(world, host, helene, "present", q="hélène")
        assert response.status_code == 302
        day = reverse("deliberation:day", args=[world.own_site.id])
        assert response["Location"] == f"{day}?{urlencode({'q': 'hélène'})}#p-{helene.id}"
        page = host.get(response["Location"]).content.decode()
        assert "Hélène Dupré checked in." in page
        assert 'value="undo"' in check_in_row(page, helene)
        helene.refresh_from_db()
        assert helene.status == Participant.Status.PRESENT

    def test_a_facilitator_reads_the_check_in_number_not_the_name(self, world: World) -> None:
        helene = named(world, "Hélène Dupré")
        facilitator = world.client_for("facilitator")
        response = mark(world, facilitator, helene, "present")
        day = reverse("deliberation:day", args=[world.own_site.id])
        assert response["Location"] == f"{day}#p-{helene.id}"
        page = facilitator.get(response["Location"]).content.decode()
        assert f"Check-in number {helene.id} checked in." in page
        assert "Hélène" not in page

    def test_no_double_check_in(self, world: World) -> None:
        (citizen,) = make_participants(world.own_site, 1, status=SELECTED)
        assert mark(world, "host", citizen, "present").status_code == 302
        again = world.client_for("host").post(
            reverse("deliberation:check-in", args=[world.own_site.id, citizen.id]),
            {"status": "present"},
            follow=True,
        )
        assert f"Check-in number {citizen.id} was already checked in." in again.content.decode()
        assert AuditEvent.objects.filter(action="deliberation.check_in").count() == 1

    def test_undo_puts_the_citizen_back_on_the_panel_without_a_seat(self, world: World) -> None:
        (citizen,) = make_participants(world.own_site, 1)
        # At the facilitator's own table (a colleague's is the host's: see
        # test_attack_ballot_checkin).
        citizen.table = Table.objects.create(
            site=world.own_site, number=1, facilitator=world.users["facilitator"]
        )
        citizen.save()
        response = mark(world, "facilitator", citizen, "undo")
        assert response.status_code == 302
        citizen.refresh_from_db()
        assert citizen.status == Participant.Status.CONFIRMED
        assert citizen.table_id is None
        event = AuditEvent.objects.get(action="deliberation.check_in")
        assert event.details == {
            "participant": citizen.id,
            "from": "present",
            "to": "confirmed",
            "reserve_promoted": None,
        }
        # Undoing again has nothing to undo, and is not recorded again.
        mark(world, "facilitator", citizen, "undo")
        assert AuditEvent.objects.filter(action="deliberation.check_in").count() == 1

    def test_marking_absent_asks_first(self, world: World) -> None:
        (citizen,) = make_participants(world.own_site, 1, status=SELECTED)
        asked = mark(world, "host", citizen, "absent", q="12")
        page = asked.content.decode()
        assert asked.status_code == 200
        assert f"Mark check-in number {citizen.id} absent?" in page
        assert f"#p-{citizen.id}" in page  # cancel goes back to the row
        citizen.refresh_from_db()
        assert citizen.status == SELECTED
        done = mark(world, "host", citizen, "absent", q="12", confirm="yes")
        assert done["Location"].endswith(f"?q=12#p-{citizen.id}")
        citizen.refresh_from_db()
        assert citizen.status == Participant.Status.ABSENT

    def test_with_htmx_only_the_row_the_counts_and_the_message_come_back(
        self, world: World
    ) -> None:
        helene = named(world, "Hélène Dupré")
        url = reverse("deliberation:check-in", args=[world.own_site.id, helene.id])
        response = world.client_for("host").post(
            url, {"status": "present"}, headers={"HX-Request": "true"}
        )
        page = response.content.decode()
        assert response.status_code == 200
        assert "<html" not in page
        assert page.lstrip().startswith(f'<li id="p-{helene.id}"')
        assert 'value="undo"' in check_in_row(page, helene)
        assert '<p id="checkin-status" hx-swap-oob="innerHTML">Hélène Dupré checked in.</p>' in page
        assert "1 present, 0 absent, 0 reserves waiting." in page

    def test_names_never_reach_the_logs(
        self, world: World, caplog: pytest.LogCaptureFixture
    ) -> None:
        helene = named(world, "Hélène Dupré")
        with caplog.at_level(logging.DEBUG):
            mark(world, "host", helene, "present", q="Hélène")
            day_page(world, "host", "Hélène")
        assert "Hélène" not in caplog.text
        assert "Hélène" not in str(list(AuditEvent.objects.values_list("target", "details")))


class TestHostileInput:
    @HOSTILE
    @given(query=nasty_text | st.just("x" * 5000))
    def test_any_search_gives_a_page_and_changes_nothing(self, world: World, query: str) -> None:
        client = world.client_for("host")
        url = reverse("deliberation:day", args=[world.own_site.id])
        with rolled_back():
            make_participants(world.own_site, 3, status=SELECTED)
            for headers in ({}, {"HX-Request": "true", "HX-Target": "checkin-results"}):
                response = client.get(url, {"q": query}, headers=headers)
                assert response.status_code == 200
                assert "<script>window.__xss" not in response.content.decode()
            assert not Participant.objects.exclude(status=SELECTED).exists()
            assert not AuditEvent.objects.exists()

    @HOSTILE
    @given(query=nasty_text, status=nasty_text)
    def test_a_hostile_mark_is_refused_or_lands_back_on_the_day(
        self, world: World, query: str, status: str
    ) -> None:
        client = world.client_for("host")
        with rolled_back():
            (citizen,) = make_participants(world.own_site, 1, status=SELECTED)
            url = reverse("deliberation:check-in", args=[world.own_site.id, citizen.id])
            response = client.post(url, {"status": status, "q": query})
            citizen.refresh_from_db()
            if status in ("present", "undo"):
                assert response.status_code == 302
                day = reverse("deliberation:day", args=[world.own_site.id])
                assert response["Location"].startswith(day)
                assert "\n" not in response["Location"]
            else:
                assert response.status_code in (200, 400)
                assert citizen.status == SELECTED


def test_a_hundred_citizens_cost_a_fixed_number_of_queries(
    world: World, django_assert_max_num_queries: DjangoAssertNumQueries
) -> None:
    for number in range(120):
        named(world, f"Citizen {number:03d}")
    client = world.client_for("host")
    url = reverse("deliberation:day", args=[world.own_site.id])
    with django_assert_max_num_queries(QUERIES_FOR_THE_DAY):
        page = client.get(url, {"q": "citizen 05"}).content.decode()
    assert len(listed(page)) == 12  # Citizens 005, 050 to 059 and 105
