"""The audit trail page: sentences that name people and their roles, filters by who,
what and when, pages of 50, and the raw record one click away."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from polyvox.audit.models import AuditEvent
from polyvox.audit.services import audit_record
from polyvox.dialogues.staff_views import AUDIT_PAGE_SIZE
from tests.conftest import World
from tests.hostile import HOSTILE, nasty_text

pytestmark = pytest.mark.django_db


def url(world: World) -> str:
    return reverse("audit:dialogue", args=[world.own.id])


def sentences(world: World, role: str = "organiser", **query: str) -> list[str]:
    response = world.client_for(role).get(url(world), query)
    assert response.status_code == 200
    return [line.sentence for line in response.context["lines"]]


def record_on(day: datetime.date, monkeypatch: pytest.MonkeyPatch, **fields: object) -> None:
    """An event recorded on `day` (its time is set on creation, and never changed after)."""
    moment = datetime.datetime.combine(day, datetime.time(12), tzinfo=datetime.UTC)
    with monkeypatch.context() as patch:
        patch.setattr(timezone, "now", lambda: moment)
        audit_record(**fields)  # type: ignore[arg-type]


@pytest.fixture
def trail(world: World) -> World:
    organiser = world.users["organiser"]
    organiser.first_name, organiser.last_name = "Ana", "Lima"
    organiser.save()
    audit_record(
        actor=organiser,
        action="results.themes_merge",
        dialogue=world.own,
        target="12",
        details={"merged": [12, 14]},
    )
    audit_record(
        actor=world.users["host"],
        action="invitations.send",
        site=world.own_site,
        details={"sent": 30},
    )
    audit_record(actor=None, action="replacements.draw", site=world.own_site, details={})
    return world


def test_each_event_reads_as_a_sentence_naming_the_person_and_their_role(trail: World) -> None:
    assert sentences(trail) == [
        "Polyvox (automatically) drew replacements (…) for those who declined (…).",
        "host (national host) sent invitations (30).",
        "Ana Lima (organiser) merged themes (2).",
    ]


def test_the_raw_record_is_one_click_away(trail: World) -> None:
    page = trail.client_for("organiser").get(url(trail)).content.decode()
    assert "<dd><code>results.themes_merge</code></dd>" in page
    assert page.count("<details>") == 3


def test_a_role_given_names_the_person_not_their_id(world: World) -> None:
    host = world.users["host"]
    audit_record(
        actor=world.users["organiser"],
        action="role.grant",
        site=world.own_site,
        details={"user": host.id, "role": "host"},
    )
    assert sentences(world) == [
        "organiser (organiser) gave host (national host) the role “National host”."
    ]


def test_who_filters_by_person_or_by_nobody(trail: World) -> None:
    host = str(trail.users["host"].id)
    assert sentences(trail, actor=host) == ["host (national host) sent invitations (30)."]
    assert len(sentences(trail, actor="automatic")) == 1


def test_what_filters_by_area(trail: World) -> None:
    assert sentences(trail, area="results") == ["Ana Lima (organiser) merged themes (2)."]
    assert len(sentences(trail, area="recruitment")) == 2


def test_one_kind_of_action_is_shown_from_an_events_record(trail: World) -> None:
    client = trail.client_for("organiser")
    page = client.get(url(trail)).content.decode()
    assert 'href="?action=invitations.send"' in page
    only = client.get(url(trail), {"action": "invitations.send", "area": "recruitment"})
    assert [line.sentence for line in only.context["lines"]] == [
        "host (national host) sent invitations (30)."
    ]
    html = only.content.decode()
    assert "Only actions like this one are shown: “Someone sent invitations (…).”" in html
    assert 'href="?area=recruitment">Show every kind of action' in html


def test_when_filters_by_days(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    for day in (datetime.date(2026, 11, 1), datetime.date(2026, 11, 15)):
        record_on(
            day,
            monkeypatch,
            actor=world.users["organiser"],
            action="results.publish",
            dialogue=world.own,
        )
    assert len(sentences(world, since="2026-11-10")) == 1
    assert len(sentences(world, until="2026-11-10")) == 1
    assert len(sentences(world, since="2026-11-01", until="2026-11-15")) == 2


def test_a_reversed_date_range_is_explained_and_filters_nothing(trail: World) -> None:
    response = trail.client_for("organiser").get(
        url(trail), {"since": "2026-01-10", "until": "2026-01-01"}
    )
    assert "Choose a day on or after the first one." in response.content.decode()
    assert len(response.context["lines"]) == 3


def test_pages_hold_fifty_events_and_keep_the_filters(world: World) -> None:
    for _ in range(AUDIT_PAGE_SIZE + 1):
        audit_record(actor=world.users["organiser"], action="quotas.change", site=world.own_site)
    client = world.client_for("organiser")
    first = client.get(url(world), {"area": "recruitment"})
    assert len(first.context["lines"]) == AUDIT_PAGE_SIZE
    assert 'href="?area=recruitment&amp;page=2"' in first.content.decode()
    second = client.get(url(world), {"area": "recruitment", "page": "2"})
    assert len(second.context["lines"]) == 1


def test_the_trail_page_costs_the_same_queries_however_many_people_acted(
    trail: World, django_assert_max_num_queries: object
) -> None:
    for role in ("organiser", "host", "facilitator", "observer") * 5:
        audit_record(actor=trail.users[role], action="quotas.change", site=trail.own_site)
    client = trail.client_for("organiser")
    with django_assert_max_num_queries(16):  # type: ignore[operator]
        client.get(url(trail))


def test_observers_read_no_staff_names_and_cannot_filter_by_person(trail: World) -> None:
    response = trail.client_for("observer").get(url(trail), {"actor": "1"})
    page = response.content.decode()
    assert "Ana Lima" not in page
    assert "host (national host)" not in page
    assert "A member of staff merged themes (2)." in page
    assert "actor" not in response.context["form"].fields


class TestHostileFilters:
    @HOSTILE
    @given(
        actor=nasty_text,
        area=st.sampled_from(["results", "day", ""]) | nasty_text,
        since=nasty_text,
        until=nasty_text,
        action=st.sampled_from(["results.publish", ""]) | nasty_text,
        page=nasty_text,
    )
    def test_any_query_shows_the_page(
        self,
        world: World,
        actor: str,
        area: str,
        since: str,
        until: str,
        action: str,
        page: str,
    ) -> None:
        query = {"actor": actor, "area": area, "since": since, "until": until, "page": page}
        query["action"] = action
        count = AuditEvent.objects.count()
        response = world.client_for("organiser").get(url(world), query)
        assert response.status_code == 200
        assert AuditEvent.objects.count() == count  # reading changes nothing
