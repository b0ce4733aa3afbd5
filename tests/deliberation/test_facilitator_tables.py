"""A facilitator sees and acts on their own tables only; hosts assign them (issue 12 item 7)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from polyvox.audit.models import AuditEvent
from polyvox.deliberation.models import Recommendation, Table, TallyCount
from tests.conftest import World
from tests.deliberation.helpers import Agenda, make_agenda, make_participants
from tests.deliberation.test_paper_counts import enter

pytestmark = pytest.mark.django_db


@pytest.fixture
def tables(world: World) -> tuple[Table, Table]:
    mine = Table.objects.create(
        site=world.own_site, number=1, facilitator=world.users["facilitator"]
    )
    other = Table.objects.create(site=world.own_site, number=2)
    return mine, other


def test_a_facilitator_sees_only_their_table(world: World, tables: tuple[Table, Table]) -> None:
    client = world.client_for("facilitator")
    page = client.get(reverse("deliberation:tables", args=[world.own_site.id])).content.decode()
    assert "Table 1" in page
    assert "Table 2" not in page
    dashboard = client.get(reverse("deliberation:dashboard", args=[world.own_site.id]))
    assert "Table 1" in dashboard.content.decode()
    assert "Table 2" not in dashboard.content.decode()


def test_a_facilitator_cannot_write_for_another_table(
    world: World, tables: tuple[Table, Table]
) -> None:
    mine, other = tables
    client = world.client_for("facilitator")
    url = reverse("deliberation:recommendations", args=[world.own_site.id])
    data = {"action": "write", "language": "fr", "text": "Forged"}
    client.post(url, {**data, "table": other.id})
    assert not Recommendation.objects.filter(table=other).exists()
    client.post(url, {**data, "table": mine.id})
    assert Recommendation.objects.filter(table=mine).exists()


def test_a_facilitator_cannot_count_for_another_table_or_the_site(
    world: World, tables: tuple[Table, Table]
) -> None:
    mine, other = tables
    agenda: Agenda = make_agenda(world.own)
    client = world.client_for("facilitator")
    enter(client, world, agenda, 4, 2, table=other)
    enter(client, world, agenda, 4, 2)
    assert not TallyCount.objects.exists()
    enter(client, world, agenda, 4, 2, table=mine)
    assert set(TallyCount.objects.values_list("table_id", flat=True)) == {mine.id}


def test_a_facilitator_cannot_reseat(world: World, tables: tuple[Table, Table]) -> None:
    make_participants(world.own_site, 12)
    url = reverse("deliberation:seat", args=[world.own_site.id])
    response = world.client_for("facilitator").post(url, {"mode": "all", "table_size": 6})
    assert response.status_code == 404
    assert not world.own_site.participants.filter(table__isnull=False).exists()


def test_the_host_assigns_and_it_is_audited(world: World, tables: tuple[Table, Table]) -> None:
    _mine, other = tables
    facilitator = world.users["facilitator"]
    url = reverse("deliberation:tables", args=[world.own_site.id])
    response = world.client_for("host").post(
        url, {f"table-{other.id}": facilitator.id, f"table-{_mine.id}": facilitator.id}
    )
    assert response.status_code == 302
    other.refresh_from_db()
    assert other.facilitator_id == facilitator.id
    event = AuditEvent.objects.get(action="deliberation.table_facilitators")
    assert event.actor_id == world.users["host"].id
    # A facilitator cannot assign tables to themselves.
    refused = world.client_for("facilitator").post(url, {f"table-{other.id}": ""})
    assert refused.status_code == 404
