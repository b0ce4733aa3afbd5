from __future__ import annotations

import pytest
from django.urls import reverse

from polyvox.deliberation.models import Participant, Table
from tests.client import Response
from tests.conftest import World
from tests.deliberation.helpers import make_participants

pytestmark = pytest.mark.django_db


class TestCheckIn:
    def test_it_marks_a_citizen_present(self, world: World) -> None:
        (citizen,) = make_participants(world.own_site, 1, status=Participant.Status.SELECTED)
        client = world.client_for("facilitator")
        url = reverse("deliberation:check-in", args=[world.own_site.id, citizen.id])
        response = client.post(url, {"status": "present"})
        assert response.status_code == 302
        citizen.refresh_from_db()
        assert citizen.status == Participant.Status.PRESENT

    def test_an_absence_promotes_the_closest_reserve(self, world: World) -> None:
        absent = Participant.objects.create(
            site=world.own_site, language="fr", categories={"gender": "woman", "age": "50+"}
        )
        unlike = Participant.objects.create(
            site=world.own_site,
            language="fr",
            status=Participant.Status.RESERVE,
            categories={"gender": "man", "age": "16-29"},
        )
        alike = Participant.objects.create(
            site=world.own_site,
            language="fr",
            status=Participant.Status.RESERVE,
            categories={"gender": "woman", "age": "50+"},
        )
        client = world.client_for("host")
        url = reverse("deliberation:check-in", args=[world.own_site.id, absent.id])
        response = client.post(url, {"status": "absent", "confirm": "yes"}, follow=True)
        # Called forward by check-in number: staff pages never show a voting code.
        assert (
            f"The reserve with check-in number {alike.id} takes the seat"
            in response.content.decode()
        )
        assert alike.code not in response.content.decode()
        statuses = dict(Participant.objects.values_list("id", "status"))
        assert statuses[absent.id] == Participant.Status.ABSENT
        assert statuses[alike.id] == Participant.Status.CONFIRMED
        assert statuses[unlike.id] == Participant.Status.RESERVE

    def test_marking_the_same_person_absent_twice_promotes_one_reserve(self, world: World) -> None:
        (absent,) = make_participants(world.own_site, 1, status=Participant.Status.SELECTED)
        make_participants(world.own_site, 2, status=Participant.Status.RESERVE)
        client = world.client_for("host")
        url = reverse("deliberation:check-in", args=[world.own_site.id, absent.id])
        client.post(url, {"status": "absent", "confirm": "yes"})
        client.post(url, {"status": "absent", "confirm": "yes"})
        assert Participant.objects.filter(status=Participant.Status.CONFIRMED).count() == 1

    def test_a_facilitator_of_another_site_cannot_check_in(self, world: World) -> None:
        (citizen,) = make_participants(world.own_other_site, 1)
        client = world.client_for("facilitator")
        url = reverse("deliberation:check-in", args=[world.own_other_site.id, citizen.id])
        assert client.post(url, {"status": "absent", "confirm": "yes"}).status_code == 404
        citizen.refresh_from_db()
        assert citizen.status == Participant.Status.PRESENT


class TestSeating:
    def seat(self, world: World, mode: str, size: int = 6) -> Response:
        client = world.client_for("host")
        url = reverse("deliberation:seat", args=[world.own_site.id])
        return client.post(url, {"mode": mode, "table_size": size, "confirm": "yes"})

    def test_it_seats_everyone_present_at_mixed_tables(self, world: World) -> None:
        make_participants(world.own_site, 30)
        make_participants(world.own_site, 3, status=Participant.Status.ABSENT)
        assert self.seat(world, "all").status_code == 302
        tables = Table.objects.filter(site=world.own_site)
        assert tables.count() == 5
        for table in tables:
            people = list(table.participants.all())
            assert len(people) == 6
            assert {person.categories["gender"] for person in people} == {"woman", "man"}
        assert not Participant.objects.filter(status="absent", table__isnull=False).exists()

    def test_latecomers_join_without_moving_anyone(self, world: World) -> None:
        make_participants(world.own_site, 24)
        self.seat(world, "all")
        before = dict(Participant.objects.values_list("id", "table__number"))
        late = make_participants(world.own_site, 3)
        self.seat(world, "latecomers", size=7)
        after = dict(Participant.objects.values_list("id", "table__number"))
        assert all(after[pid] == number for pid, number in before.items())
        assert all(after[person.id] is not None for person in late)
        assert Table.objects.filter(site=world.own_site).count() == 4

    def test_online_sites_get_one_language_per_table(self, world: World) -> None:
        world.own_site.mode = "online"
        world.own_site.save()
        make_participants(world.own_site, 12, language="fr")
        make_participants(world.own_site, 6, language="ar")
        self.seat(world, "all")
        for table in Table.objects.filter(site=world.own_site):
            assert {person.language for person in table.participants.all()} == {table.language}

    def test_table_lists_print_as_html_and_pdf(self, world: World) -> None:
        make_participants(world.own_site, 12)
        self.seat(world, "all")
        client = world.client_for("host")  # a facilitator sees only their own tables
        url = reverse("deliberation:tables", args=[world.own_site.id])
        page = client.get(url)
        seated = Participant.objects.filter(table__isnull=False).first()
        assert seated is not None
        assert f">{seated.id}<" in page.content.decode()
        assert not any(
            code in page.content.decode()
            for code in Participant.objects.values_list("code", flat=True)
        )
        pdf = client.get(url, {"format": "pdf"})
        assert pdf["Content-Type"] == "application/pdf"
        assert pdf.content.startswith(b"%PDF")
