"""Access cases for the deliberation day.

Staff pages are for the site's facilitators, hosts and the dialogue's organisers. Citizen
pages (vote/…) do not use accounts at all: a citizen authenticates with their personal
code, so without a code-backed session every role, logged in or not, is sent to the code
form (302); tests/deliberation/test_ballot_page.py covers the signed-in citizen. The ballot
API authenticates by code in a JSON body (an empty form body is refused with 415, before any
look-up; tests/deliberation/test_code_guessing.py); the results API
needs an organiser's Bearer token (401 without; tests/deliberation/test_api.py).
"""

from __future__ import annotations

from django.urls import reverse

from polyvox.deliberation.models import Participant
from polyvox.dialogues.models import Session
from tests.access import (
    OBSERVER_READS,
    REFUSED_TO_OBSERVER,
    Case,
    UrlOf,
    everyone,
    members_only,
    site_of,
)
from tests.conftest import World

STAFF_PAGE = members_only(anonymous=302)
# An empty POST from a member reaches the form, which shows the page again with its errors.
STAFF_POST = members_only(anonymous=302, member=200, observer=REFUSED_TO_OBSERVER)


def site_page(name: str) -> UrlOf:
    return lambda w, which: reverse(f"deliberation:{name}", args=[site_of(w, which).id])


def check_in_url(world: World, which: str) -> str:
    site = site_of(world, which)
    participant = Participant.objects.create(site=site, language="fr")
    return reverse("deliberation:check-in", args=[site.id, participant.id])


def breakouts_url(world: World, which: str) -> str:
    site = site_of(world, which)
    session = Session.objects.create(dialogue=site.dialogue, key=f"s-{which}", title={"en": "S"})
    return reverse("deliberation:breakouts-redraw", args=[site.id, session.id])


CASES: dict[str, Case] = {
    **{
        f"deliberation:{name}": Case(site_page(name), STAFF_PAGE)
        for name in (
            "day",
            "tables",
            "ballot-sheets",
            "run-sheet",
            "counts",
            "recommendations",
            "breakouts",
            "notes",  # table notes: their own tables for a facilitator (issue 15 item 2)
        )
    },
    # The stakeholders' panel: names from the vault and codes, organisers only (item 6).
    "deliberation:stakeholders": Case(
        site_page("stakeholders"), members_only(anonymous=302, staff_roles=("organiser",))
    ),
    # Observers read the dashboard (counts per table, no names, no codes) and nothing else
    # of the day (tests/deliberation/test_observers.py).
    "deliberation:dashboard": Case(
        site_page("dashboard"), members_only(anonymous=302, observer=OBSERVER_READS)
    ),
    # Voting cards: hosts and organisers only; the page shows no code, a POST prints the
    # cards once, audited (issue 12 item 7; tests/deliberation/test_staff_traces.py).
    "deliberation:cards": Case(
        site_page("cards"), members_only(anonymous=302, staff_roles=("organiser", "host"))
    ),
    # The facilitator's kit: every member of the site's staff; a facilitator sees their own
    # tables' rooms only (tests/deliberation/test_online.py).
    "deliberation:kit": Case(site_page("kit"), STAFF_PAGE),
    # Venue, contact and rooms: hosts and organisers only, audited.
    "deliberation:rooms": Case(
        site_page("rooms"), members_only(anonymous=302, staff_roles=("organiser", "host"))
    ),
    "deliberation:check-in": Case(check_in_url, STAFF_POST, method="post"),
    # Seating moves people between tables: hosts and organisers only (issue 12 item 7).
    "deliberation:seat": Case(
        site_page("seat"),
        members_only(
            anonymous=302,
            member=200,
            staff_roles=("organiser", "host"),
            observer=REFUSED_TO_OBSERVER,
        ),
        method="post",
    ),
    # Re-drawing a session's breakout rooms moves everyone present: hosts and organisers.
    "deliberation:breakouts-redraw": Case(
        breakouts_url,
        members_only(
            anonymous=302,
            member=400,
            staff_roles=("organiser", "host"),
            observer=REFUSED_TO_OBSERVER,
        ),
        method="post",
    ),
    "deliberation:counts-import": Case(site_page("counts-import"), STAFF_POST, method="post"),
    # Group answers (issue 15): every member of the site's staff reads the page and enters
    # their own tables' answers; importing the
    # paper table sheets and adding a local topic are the hosts' and organisers'.
    "deliberation:table-answers": Case(site_page("table-answers"), STAFF_PAGE),
    "deliberation:table-answers-import": Case(
        site_page("table-answers-import"),
        members_only(
            anonymous=302, staff_roles=("organiser", "host"), observer=REFUSED_TO_OBSERVER
        ),
        method="post",
    ),
    "deliberation:local-topic": Case(
        site_page("local-topic"), members_only(anonymous=302, staff_roles=("organiser", "host"))
    ),
    "deliberation:vote-login": Case(
        lambda w, which: reverse("deliberation:vote-login"), everyone(200, 200)
    ),
    "deliberation:ballot": Case(
        lambda w, which: reverse("deliberation:ballot"), everyone(302, 302)
    ),
    "deliberation:ballot-language": Case(
        lambda w, which: reverse("deliberation:ballot-language"),
        everyone(302, 302, observer=REFUSED_TO_OBSERVER),
        method="post",
    ),
    "deliberation:rank": Case(lambda w, which: reverse("deliberation:rank"), everyone(302, 302)),
    # "My day" and the room it opens: a citizen's code-backed session only; everyone else
    # is sent to the code form (tests/deliberation/test_online.py covers the citizen).
    "deliberation:my-day": Case(
        lambda w, which: reverse("deliberation:my-day"), everyone(302, 302)
    ),
    "deliberation:my-day-room": Case(
        lambda w, which: reverse("deliberation:my-day-room", args=[1]),
        everyone(302, 302, observer=REFUSED_TO_OBSERVER),
        method="post",
    ),
    "deliberation:vote-logout": Case(
        lambda w, which: reverse("deliberation:vote-logout"),
        everyone(302, 302, observer=REFUSED_TO_OBSERVER),
        method="post",
    ),
    # The thank-you after "I have finished": it shows no one's answers, so anyone may see it.
    "deliberation:vote-done": Case(
        lambda w, which: reverse("deliberation:vote-done"), everyone(200, 200)
    ),
    "api-1:cast_ballot": Case(
        lambda w, which: reverse("api-1:cast_ballot"),
        everyone(415, 415, observer=REFUSED_TO_OBSERVER),
        method="post",
    ),
    "api-1:cast_recommendation_ballot": Case(
        lambda w, which: reverse("api-1:cast_recommendation_ballot"),
        everyone(415, 415, observer=REFUSED_TO_OBSERVER),
        method="post",
    ),
    "api-1:question_results": Case(
        lambda w, which: reverse("api-1:question_results", args=[1]), everyone(401, 401)
    ),
}
