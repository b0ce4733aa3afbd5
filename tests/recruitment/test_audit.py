"""Every host and organiser action in recruitment leaves exactly one event on the
dialogue's audit trail, which its organisers see and nobody else does."""

from __future__ import annotations

import io
from typing import Any
from unittest.mock import patch

import pytest
from django.core import mail
from django.db import DatabaseError
from django.test import Client
from django.urls import reverse
from pytest_django import DjangoCaptureOnCommitCallbacks

from polyvox.audit.models import AuditEvent
from polyvox.recruitment import registration, selection, selectors
from polyvox.recruitment.models import Invitation, Quota, SelectionRun
from tests.conftest import World
from tests.recruitment.helpers import define_categories, make_pool, pool_csv
from tests.recruitment.test_quotas import bounds
from tests.recruitment.test_selection import K, draw, prepare

pytestmark = pytest.mark.django_db


def trail(world: World, action: str) -> list[AuditEvent]:
    """The events of one action on the own dialogue's audit page, as its organiser sees it,
    after checking that neither the host nor the other dialogue's organiser sees them."""
    url = reverse("audit:dialogue", args=[world.own.id])
    assert world.client_for("outsider").get(url).status_code == 404
    assert world.client_for("host").get(url).status_code == 404
    others = reverse("audit:dialogue", args=[world.other.id])
    assert action not in world.client_for("outsider").get(others).content.decode()
    response = world.client_for("organiser").get(url)
    assert response.status_code == 200
    lines = response.context["lines"]
    events = [line.event for line in lines if line.event.action == action]
    page = response.content.decode()
    # Each event reads as its sentence, its action name one click away in its record.
    assert page.count(f"<dd><code>{action}</code></dd>") == len(events)
    return events


def upload(world: World, url_name: str, name: str, content: bytes, capture: Any) -> None:
    file = io.BytesIO(content)
    file.name = name
    with capture(execute=True):
        world.client_for("host").post(reverse(url_name, args=[world.own_site.id]), {"file": file})


class TestPoolAndQuotas:
    def test_a_categories_file(
        self, world: World, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
    ) -> None:
        content = b"category,value,share\ngender,f,0.5\ngender,m,0.5\n"
        upload(
            world,
            "recruitment:categories-upload",
            "categories.csv",
            content,
            django_capture_on_commit_callbacks,
        )
        [event] = trail(world, "categories.import")
        assert (event.actor, event.site) == (world.users["host"], world.own_site)
        assert event.details == {"file": "categories.csv", "categories": 1}

    def test_a_pool_import_names_its_file_and_rows(
        self, world: World, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
    ) -> None:
        define_categories(world.own_site)
        upload(
            world,
            "recruitment:pool-import",
            "pool.csv",
            pool_csv(7),
            django_capture_on_commit_callbacks,
        )
        [event] = trail(world, "pool.import")
        assert event.actor == world.users["host"]
        assert event.details == {"file": "pool.csv", "rows": 7}
        assert "p1@example.org" not in str(event.details)

    def test_a_refused_import_is_recorded_too(
        self, world: World, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
    ) -> None:
        define_categories(world.own_site)
        upload(
            world,
            "recruitment:pool-import",
            "pool.csv",
            b"name\nA\n",
            django_capture_on_commit_callbacks,
        )
        [event] = trail(world, "pool.import_refused")
        assert event.details["file"] == "pool.csv"
        assert event.details["problems"] > 0
        assert trail(world, "pool.import") == []

    def test_a_quota_change_records_old_and_new_values(self, world: World) -> None:
        make_pool(world.own_site)
        client = world.client_for("host")
        url = reverse("recruitment:quotas", args=[world.own_site.id])
        client.post(url, bounds(world, 10, f=(4, 6), m=(4, 6)))
        client.post(url, bounds(world, 10, f=(3, 6), m=(4, 6)))
        first, second = reversed(trail(world, "quotas.change"))
        assert first.details["gender=f"] == "— → 4–6"
        assert second.details == {"gender=f": "4–6 → 3–6"}
        assert second.actor == world.users["host"]

    def test_saving_unchanged_quotas_records_nothing(self, world: World) -> None:
        make_pool(world.own_site)
        client = world.client_for("host")
        url = reverse("recruitment:quotas", args=[world.own_site.id])
        client.post(url, bounds(world, 10, f=(4, 6), m=(4, 6)))
        client.post(url, bounds(world, 10, f=(4, 6), m=(4, 6)))
        assert len(trail(world, "quotas.change")) == 1

    def test_a_quota_changed_in_the_admin(self, world: World) -> None:
        make_pool(world.own_site)
        value = world.own_site.recruitment_categories.get(key="gender").values.get(key="f")
        quota = Quota.objects.create(site=world.own_site, value=value, min=4, max=6)
        url = reverse("admin:recruitment_quota_change", args=[quota.id])
        response = world.client_for("host").post(
            url, {"min": 4, "max": 6, "min_flex": 2, "max_flex": ""}
        )
        assert response.status_code == 302
        [event] = trail(world, "quotas.change")
        assert event.details == {"gender=f": "min_flex None → 2"}

    def test_closing_and_reopening_registration(self, world: World) -> None:
        client = world.client_for("host")
        url = reverse("recruitment:registration-switch", args=[world.own_site.id])
        client.post(url, {"open": "0", "confirm": "yes"})
        client.post(url, {"open": "0", "confirm": "yes"})  # already closed: nothing happens
        assert len(trail(world, "registration.close")) == 1
        client.post(url, {"open": "1"})
        assert len(trail(world, "registration.open")) == 1

    def test_closing_registration_asks_first_then_says_what_it_did(self, world: World) -> None:
        make_pool(world.own_site, size=12, close_registration=False)
        client = world.client_for("host")
        url = reverse("recruitment:registration-switch", args=[world.own_site.id])
        question = client.post(url, {"open": "0"})
        assert question.status_code == 200
        page = question.content.decode()
        assert "Close registration in" in page
        assert "The lottery draws from the 12 volunteers in the pool now." in page
        assert 'name="confirm" value="yes"' in page
        # Asking changed nothing and recorded nothing.
        assert selectors.registration_is_open(site=world.own_site)
        assert trail(world, "registration.close") == []
        done = client.post(url, {"open": "0", "confirm": "yes"}, follow=True)
        assert not selectors.registration_is_open(site=world.own_site)
        assert "The registration page is closed. The pool keeps its 12 volunteers" in (
            done.content.decode()
        )
        [event] = trail(world, "registration.close")
        assert event.actor == world.users["host"]

    def test_registration_stays_open_when_its_audit_entry_fails(self, world: World) -> None:
        with (
            patch("polyvox.recruitment.registration.audit_record", side_effect=DatabaseError),
            pytest.raises(DatabaseError),
        ):
            registration.registration_set(
                site=world.own_site, is_open=False, actor=world.users["host"]
            )
        assert selectors.registration_is_open(site=world.own_site)


class TestSelection:
    def test_a_selection_run_records_algorithm_seed_input_hash_and_minimum(
        self, world: World, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
    ) -> None:
        run = prepare(world, django_capture_on_commit_callbacks)
        [event] = trail(world, "selection.run")
        assert event.actor == world.users["host"]
        assert event.details["algorithm"] == "leximin"
        assert event.details["seed"] == run.seed
        assert event.details["input_hash"] == run.commitment
        assert event.details["minimum_probability"] == pytest.approx(run.minimum_probability)

    def test_a_draw_records_the_public_value_and_the_panels_hash(
        self, world: World, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
    ) -> None:
        run = draw(world, prepare(world, django_capture_on_commit_callbacks), "dice 3 1 6 6 2")
        [event] = trail(world, "selection.draw")
        assert event.actor == world.users["host"]
        assert event.details["public_random"] == "dice 3 1 6 6 2"
        assert event.details["panel_hash"] == selection.panel_hash(run.selected_ids)
        assert event.details["draw_seed"] == run.draw_seed

    def test_emailing_the_invitations_asks_first_then_sends_once(
        self, world: World, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
    ) -> None:
        run = draw(world, prepare(world, django_capture_on_commit_callbacks))
        client = world.client_for("host")
        url = reverse("recruitment:invitations-send", args=[run.id])
        question = client.post(url)
        assert question.status_code == 200
        page = question.content.decode()
        assert "Email the invitations for" in page
        assert f"{K + 5} people not invited yet will get an invitation email now." in page
        assert "this cannot be undone" in page
        assert 'name="confirm" value="yes"' in page
        # Asking sent nothing and recorded nothing.
        assert mail.outbox == []
        assert not Invitation.objects.exclude(sent_at=None).exists()
        assert trail(world, "invitations.send") == []
        done = client.post(url, {"confirm": "yes"}, follow=True)
        assert len(mail.outbox) == K + 5
        assert f"{K + 5} invitations sent." in done.content.decode()
        [event] = trail(world, "invitations.send")
        assert (event.actor, event.details) == (world.users["host"], {"sent": K + 5})
        # Asked again, the page counts nobody left to invite.
        again = client.post(url).content.decode()
        assert "0 people not invited yet will get an invitation email now." in again

    def test_invitations_and_replacements(
        self,
        world: World,
        django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
        client: Client,
    ) -> None:
        run = draw(world, prepare(world, django_capture_on_commit_callbacks))
        world.client_for("organiser").post(
            reverse("recruitment:invitations-send", args=[run.id]), {"confirm": "yes"}
        )
        [sent] = trail(world, "invitations.send")
        assert (sent.actor, sent.details) == (world.users["organiser"], {"sent": K + 5})
        invitation = Invitation.objects.filter(kind="panel").first()
        assert invitation is not None
        with django_capture_on_commit_callbacks(execute=True):
            client.post(
                reverse("recruitment:invitation", args=[invitation.token]), {"answer": "declined"}
            )
        [replaced] = trail(world, "replacements.draw")
        assert replaced.actor is None  # started by the citizen's answer
        assert replaced.details["declined"] == 1
        assert replaced.details["replacements"] == 1
        run.refresh_from_db()
        assert run.status == SelectionRun.Status.DRAWN
        # The replacement's invitation is on the trail too, once.
        newest = trail(world, "invitations.send")[0]
        assert newest.details == {"sent": 1}
        assert len(mail.outbox) == K + 5 + 1
