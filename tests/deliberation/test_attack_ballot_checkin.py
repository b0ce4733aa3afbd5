"""The citizen's ballot and the check-in desk, attacked: marks through another site's or
another table's row, names reaching those who may not read them, redirects leaving the
site, forged posts, a finished ballot seen again on a shared phone, a vote counted twice,
headers and pages built from what a visitor typed. Each test pins what stops the attack.
"""

from __future__ import annotations

import logging
import re
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from polyvox.audit.models import AuditEvent
from polyvox.deliberation.models import Answer, Participant, Recommendation, Table
from tests.client import Response
from tests.conftest import World
from tests.deliberation.ballot_helpers import BALLOT, signed_in
from tests.deliberation.helpers import (
    Agenda,
    first_option,
    make_agenda,
    make_participants,
    open_all,
)
from tests.deliberation.test_checkin_search import named

pytestmark = pytest.mark.django_db

PRESENT = Participant.Status.PRESENT
HTMX = {"HX-Request": "true"}
SCRIPT = '"><script>alert(1)</script>'


def check_in_url(site_id: int, participant_id: int) -> str:
    return reverse("deliberation:check-in", args=[site_id, participant_id])


def day_url(world: World) -> str:
    return reverse("deliberation:day", args=[world.own_site.id])


def stays_on_this_site(response: Response) -> str:
    """The redirect's address, asserted to be a path of ours (no scheme, no host)."""
    assert response.status_code == 302
    location = response["Location"]
    parts = urlsplit(location)
    assert (parts.scheme, parts.netloc) == ("", "")
    assert location.startswith("/")
    assert not location.startswith("//")
    return location


# --- Check-in: whose row may be marked ---------------------------------------------------------


class TestCheckInRows:
    def test_a_citizen_of_another_site_cannot_be_marked_through_this_sites_row(
        self, world: World
    ) -> None:
        (lyon,) = make_participants(world.own_other_site, 1, status=PRESENT)
        (berlin,) = make_participants(world.other_site, 1, status=PRESENT)
        client = world.client_for("host")  # hosts Paris only
        for citizen in (lyon, berlin):
            for headers in ({}, HTMX):
                url = check_in_url(world.own_site.id, citizen.id)
                response = client.post(url, {"status": "absent", "confirm": "yes"}, headers=headers)
                assert response.status_code == 404
        # Nor through the other site's own address, which this host does not run.
        response = client.post(check_in_url(world.other_site.id, berlin.id), {"status": "undo"})
        assert response.status_code == 404
        assert set(Participant.objects.values_list("status", flat=True)) == {PRESENT}
        assert not AuditEvent.objects.filter(action="deliberation.check_in").exists()

    def test_a_facilitator_cannot_undo_a_check_in_at_a_colleagues_table(self, world: World) -> None:
        colleague = Table.objects.create(site=world.own_site, number=2)
        citizen, seatless = make_participants(world.own_site, 2, status=PRESENT)
        citizen.table = colleague
        citizen.save()
        for headers in ({}, HTMX):
            response = world.client_for("facilitator").post(
                check_in_url(world.own_site.id, citizen.id), {"status": "undo"}, headers=headers
            )
            assert response.status_code == 404
        citizen.refresh_from_db()
        assert (citizen.status, citizen.table_id) == (PRESENT, colleague.id)
        # The row offers them nothing they would be refused, and says who can.
        page = world.client_for("facilitator").get(day_url(world)).content.decode()
        row = page[page.index(f'id="p-{citizen.id}"') :]
        row = row[: row.index("</li>")]
        assert 'value="undo"' not in row
        assert "only the host can undo this check-in" in row
        # A mistake at the door, before seating, they still undo; the host undoes any.
        undo = {"status": "undo"}
        facilitator = world.client_for("facilitator")
        assert (
            facilitator.post(check_in_url(world.own_site.id, seatless.id), undo).status_code == 302
        )
        host = world.client_for("host")
        assert host.post(check_in_url(world.own_site.id, citizen.id), undo).status_code == 302
        assert set(Participant.objects.values_list("status", flat=True)) == {"confirmed"}


# --- Check-in: names -----------------------------------------------------------------------------


class TestNames:
    def test_searching_a_name_as_facilitator_answers_as_for_nobody(self, world: World) -> None:
        """No count, list or wording tells a facilitator whether a name is on the panel."""
        named(world, "Marie Curie")
        make_participants(world.own_site, 3)
        client = world.client_for("facilitator")

        def results(query: str) -> str:
            response = client.get(
                day_url(world), {"q": query}, headers={**HTMX, "HX-Target": "checkin-results"}
            )
            return response.content.decode().replace(query, "QUERY")

        assert results("Curie") == results("Zzyzx")
        assert "0 of 4 citizens match" in results("Curie")
        # The host, who may read names, finds her (the search does work).
        page = world.client_for("host").get(day_url(world), {"q": "Curie"}).content.decode()
        assert "1 of 4 citizens match" in page

    def test_a_facilitators_mark_names_nobody_in_the_row_message_audit_or_log(
        self, world: World, caplog: pytest.LogCaptureFixture
    ) -> None:
        citizen = named(world, "Marie Curie")
        caplog.set_level(logging.DEBUG)
        response = world.client_for("facilitator").post(
            check_in_url(world.own_site.id, citizen.id), {"status": "present"}, headers=HTMX
        )
        assert response.status_code == 200
        fragment = response.content.decode()
        assert f'id="p-{citizen.id}"' in fragment
        assert f"Check-in number {citizen.id} checked in." in fragment
        event = AuditEvent.objects.get(action="deliberation.check_in")
        for text in (fragment, str(event.details), event.target, caplog.text):
            assert "Curie" not in text
        # The host's row does name her: the rule above is about who reads, not a lost name.
        response = world.client_for("host").post(
            check_in_url(world.own_site.id, citizen.id), {"status": "undo"}, headers=HTMX
        )
        assert "Marie Curie" in response.content.decode()
        assert "Curie" not in caplog.text

    def test_the_check_in_list_is_kept_by_no_cache_and_no_htmx_history(self, world: World) -> None:
        named(world, "Marie Curie")
        response = world.client_for("host").get(day_url(world), {"q": "Curie"})
        assert "no-store" in response["Cache-Control"]
        assert "private" in response["Cache-Control"]
        # htmx would otherwise copy the page, names and all, into localStorage on search.
        assert 'hx-history="false"' in response.content.decode()


# --- Check-in: what comes back from the search --------------------------------------------------


class TestSearchEchoed:
    @pytest.mark.parametrize(
        "query",
        ["//evil.example/x", "https://evil.example", "\\\\evil.example", "a\r\nLocation: /x"],
    )
    def test_the_search_goes_back_into_our_own_address_only(self, world: World, query: str) -> None:
        (citizen,) = make_participants(world.own_site, 1, status="confirmed")
        response = world.client_for("host").post(
            check_in_url(world.own_site.id, citizen.id), {"status": "present", "q": query}
        )
        location = stays_on_this_site(response)
        assert location.startswith(day_url(world))
        assert location.endswith(f"#p-{citizen.id}")
        assert "\n" not in location
        assert "\r" not in location

    def test_a_search_with_markup_is_shown_as_text(self, world: World) -> None:
        (citizen,) = make_participants(world.own_site, 1, status="confirmed")
        client = world.client_for("host")
        page = client.get(day_url(world), {"q": SCRIPT}).content.decode()
        mark = client.post(
            check_in_url(world.own_site.id, citizen.id),
            {"status": "present", "q": SCRIPT},
            headers=HTMX,
        ).content.decode()
        for html in (page, mark):
            assert "<script>alert(1)" not in html
        assert 'value="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"' in page
        assert "&lt;script&gt;" in mark  # kept in the row's forms, as text


# --- Forged posts ----------------------------------------------------------------------------------


class TestCsrf:
    def test_htmx_posts_without_the_token_are_refused(
        self, world: World, day: tuple[Agenda, Participant]
    ) -> None:
        agenda, citizen = day
        (door,) = make_participants(world.own_site, 1, status="confirmed")
        host = Client(enforce_csrf_checks=True)
        host.force_login(world.users["host"])
        refused = host.post(
            check_in_url(world.own_site.id, door.id), {"status": "present"}, headers=HTMX
        )
        assert refused.status_code == 403
        voter = signed_in(citizen)
        voter.handler.enforce_csrf_checks = True  # from now on, a page that forgets the token
        vote = voter.post(BALLOT, single_vote(agenda), headers=HTMX)
        assert vote.status_code == 403
        door.refresh_from_db()
        assert door.status == "confirmed"
        assert not Answer.objects.exists()

    def test_the_swapped_row_carries_the_token_for_the_next_htmx_post(self, world: World) -> None:
        (door,) = make_participants(world.own_site, 1, status="confirmed")
        host = Client(enforce_csrf_checks=True)
        host.force_login(world.users["host"])
        page = host.get(day_url(world)).content.decode()
        token = token_in(page)
        url = check_in_url(world.own_site.id, door.id)
        row = host.post(url, {"status": "present", "csrfmiddlewaretoken": token}, headers=HTMX)
        assert row.status_code == 200
        again = {"status": "undo", "csrfmiddlewaretoken": token_in(row.content.decode())}
        assert host.post(url, again, headers=HTMX).status_code == 200
        door.refresh_from_db()
        assert door.status == "confirmed"


def token_in(html: str) -> str:
    found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    assert found, "no CSRF token in the page"
    return found.group(1)


# --- The ballot -----------------------------------------------------------------------------------


def single_vote(agenda: Agenda) -> dict[str, object]:
    return {"question": agenda.single.id, "choice": first_option(agenda.single).id}


class TestBallot:
    def test_a_vote_sent_with_and_without_htmx_is_counted_once(
        self, day: tuple[Agenda, Participant]
    ) -> None:
        agenda, citizen = day
        client = signed_in(citizen)
        assert client.post(BALLOT, single_vote(agenda), headers=HTMX).status_code == 200
        assert client.post(BALLOT, single_vote(agenda)).status_code == 302
        assert Answer.objects.filter(participant=citizen).count() == 1
        client.post(reverse("deliberation:vote-logout"))
        done = client.get("/en/vote/done/").content.decode()
        assert "You answered 1 question." in done

    def test_htmx_is_told_to_scroll_to_one_of_our_anchors_only(
        self, day: tuple[Agenda, Participant]
    ) -> None:
        agenda, citizen = day
        client = signed_in(citizen)
        response = client.post(BALLOT, single_vote(agenda), headers=HTMX)
        assert re.fullmatch(r"outerHTML show:#(q-\d+|finish):top", response["HX-Reswap"])
        # A question id carrying a header of its own is no question: nothing is echoed.
        hostile = {"question": f"{agenda.single.id}\r\nX-Evil: 1", "choice": "1"}
        response = client.post(BALLOT, hostile, headers=HTMX)
        assert "X-Evil" not in response
        assert "HX-Reswap" not in response

    def test_a_question_of_another_dialogue_cannot_be_answered_by_its_id(
        self, world: World, day: tuple[Agenda, Participant]
    ) -> None:
        _agenda, citizen = day
        elsewhere = make_agenda(world.other)
        open_all(world.other_site, elsewhere)
        client = signed_in(citizen)
        for headers in ({}, HTMX):
            response = client.post(BALLOT, single_vote(elsewhere), headers=headers)
            assert stays_on_this_site(response) == BALLOT
        assert not Answer.objects.exists()

    @pytest.mark.parametrize(
        "next_page", ["https://evil.example/", "//evil.example", "/admin/", "rank\r\nX: y"]
    )
    def test_the_language_control_returns_only_to_a_citizen_page(
        self, day: tuple[Agenda, Participant], next_page: str
    ) -> None:
        _agenda, citizen = day
        client = signed_in(citizen)
        url = reverse("deliberation:ballot-language")
        response = client.post(url, {"language": "fr", "next": next_page})
        assert stays_on_this_site(response).endswith("/vote/ballot/")
        response = client.post(url, {"language": "fr", "next": "rank"})
        assert stays_on_this_site(response).endswith("/vote/recommendations/")

    def test_signing_in_returns_only_to_a_citizen_page(
        self, day: tuple[Agenda, Participant]
    ) -> None:
        _agenda, citizen = day
        response = Client().post("/en/vote/", {"code": citizen.code, "next": "//evil.example"})
        assert stays_on_this_site(response) == "/en/vote/ballot/"


class TestFinished:
    def test_the_done_page_tells_the_count_once_and_to_nobody_else(
        self, day: tuple[Agenda, Participant]
    ) -> None:
        agenda, citizen = day
        client = signed_in(citizen)
        client.post(BALLOT, single_vote(agenda))
        before = client.cookies[settings.SESSION_COOKIE_NAME].value
        client.post(reverse("deliberation:vote-logout"))
        # A new session key: an old copy of the cookie signs nobody in.
        assert client.cookies[settings.SESSION_COOKIE_NAME].value != before
        stolen = Client()
        stolen.cookies[settings.SESSION_COOKIE_NAME] = before
        assert stolen.get(BALLOT).status_code == 302
        assert "You answered" not in Client().get("/en/vote/done/").content.decode()
        first = client.get("/en/vote/done/")
        assert "You answered 1 question." in first.content.decode()
        assert "no-store" in first["Cache-Control"]
        assert "You answered" not in client.get("/en/vote/done/").content.decode()
        # Signed out on this phone: the ballot asks for a code again.
        assert client.get(BALLOT).status_code == 302

    def test_the_next_citizen_on_the_phone_is_never_told_the_last_ones_count(
        self, world: World, day: tuple[Agenda, Participant]
    ) -> None:
        agenda, citizen = day
        phone = signed_in(citizen)
        phone.post(BALLOT, single_vote(agenda))
        # They finish but never open the thank-you page (the connection drops)...
        assert phone.post(reverse("deliberation:vote-logout")).status_code == 302
        (next_one,) = make_participants(world.own_site, 1, language="en")
        assert phone.post("/en/vote/", {"code": next_one.code}).status_code == 302
        # ...and the next citizen, opening it, is not told how many the first one gave.
        assert "You answered" not in phone.get("/en/vote/done/").content.decode()

    def test_a_ballot_is_never_kept_for_the_back_button(
        self, day: tuple[Agenda, Participant]
    ) -> None:
        agenda, citizen = day
        client = signed_in(citizen)
        for response in (
            client.get(BALLOT),
            client.post(BALLOT, single_vote(agenda), headers=HTMX),
            client.get(reverse("deliberation:rank")),
        ):
            assert "no-store" in response["Cache-Control"]
            assert "private" in response["Cache-Control"]


# --- The vote on the recommendations: its place after a vote ---------------------------------

RANK = "/en/vote/recommendations/"


@pytest.fixture
def recommendations(world: World) -> list[Recommendation]:
    """Three tables' recommendations, ranking chosen (the default), the vote open."""
    client = world.client_for("host")
    url = reverse("deliberation:recommendations", args=[world.own_site.id])
    for number, text in enumerate(["Free wifi", "Teach privacy", "Open data"], start=1):
        table = Table.objects.create(site=world.own_site, number=number)
        client.post(url, {"action": "write", "table": table.id, "language": "en", "text": text})
    client.post(url, {"action": "ranking", "open": "on", "confirm": "yes"})
    return list(Recommendation.objects.order_by("table__number"))


@pytest.fixture
def voter(world: World, recommendations: list[Recommendation]) -> Client:
    (citizen,) = make_participants(world.own_site, 1, language="en")
    return signed_in(citizen)


class TestRankPlace:
    def test_a_vote_returns_to_the_first_recommendation_left_unranked(
        self, voter: Client, recommendations: list[Recommendation]
    ) -> None:
        wifi, privacy, data = recommendations
        response = voter.post(RANK, {f"rank-{wifi.id}": "1", f"rank-{data.id}": "2"})
        assert stays_on_this_site(response) == f"{RANK}#r-{privacy.id}"
        page = voter.get(RANK).content.decode()
        row = page[page.index(f'id="r-{privacy.id}"') :]
        assert row.index("Your vote is recorded.") < row.index("</div>")
        assert page.count("Your vote is recorded.") == 1
        assert "Your vote is recorded." not in voter.get(RANK).content.decode()  # said once

    def test_a_full_ranking_returns_to_the_end_of_the_vote(
        self, voter: Client, recommendations: list[Recommendation]
    ) -> None:
        ranks = {f"rank-{item.id}": str(n) for n, item in enumerate(recommendations, start=1)}
        response = voter.post(RANK, ranks)
        assert stays_on_this_site(response) == f"{RANK}#rank-done"
        page = voter.get(RANK).content.decode()
        end = page[page.index('id="rank-done"') :]
        assert "Your vote is recorded." in end

    def test_with_htmx_the_vote_is_swapped_in_place_at_the_next_place(
        self, voter: Client, recommendations: list[Recommendation]
    ) -> None:
        wifi, privacy, _data = recommendations
        response = voter.post(RANK, {f"rank-{wifi.id}": "1"}, headers=HTMX)
        assert response.status_code == 200
        assert response["HX-Reswap"] == f"outerHTML show:#r-{privacy.id}:top"
        page = response.content.decode()
        assert 'id="rank"' in page
        assert "Your vote is recorded." in page
        # The form shows the ranking just saved.
        tag = re.search(rf'<input[^>]*name="rank-{wifi.id}"[^>]*>', page)
        assert tag is not None
        assert 'value="1"' in tag.group(0)

    def test_a_number_given_twice_names_recommendations_and_stays_at_the_form(
        self, voter: Client, recommendations: list[Recommendation]
    ) -> None:
        wifi, privacy, _data = recommendations
        twice = {f"rank-{wifi.id}": "1", f"rank-{privacy.id}": "1"}
        page = voter.post(RANK, twice).content.decode()
        assert "2 recommendations have rank 1. Give each recommendation a different number." in (
            page
        )
        assert "options" not in page
        response = voter.post(RANK, twice, headers=HTMX)
        assert response["HX-Reswap"] == "outerHTML show:#rank-form:top"
