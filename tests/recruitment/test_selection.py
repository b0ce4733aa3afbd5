from __future__ import annotations

import json
import re
from collections.abc import Sequence
from pathlib import Path

import pytest
from django.core import mail
from django.core.exceptions import ImproperlyConfigured
from django.db import DatabaseError
from django.test import Client
from django.urls import reverse
from pytest_django import DjangoCaptureOnCommitCallbacks

from polyvox.audit.models import AuditEvent
from polyvox.deliberation import panel
from polyvox.deliberation.models import Participant
from polyvox.dialogues.models import Site
from polyvox.engines import sortition
from polyvox.jobs.models import Job
from polyvox.jobs.registry import HANDLERS
from polyvox.recruitment import invitations, panel_seam, selection, selectors, verification
from polyvox.recruitment.models import Invitation, Quota, SelectionRun, Volunteer
from polyvox.recruitment.panel_seam import Seat
from polyvox.recruitment.quotas import quotas_save
from polyvox.recruitment.records import frozen_pool_load
from tests.conftest import World
from tests.recruitment.helpers import make_pool

pytestmark = pytest.mark.django_db

K = 10


def ignore_progress(fraction: float, message: str = "") -> None:
    pass


def set_quotas(site: Site) -> None:
    bounds: dict[int, tuple[int, int]] = {}
    for category in selectors.site_categories(site=site):
        for value in category.values.all():
            bounds[value.id] = (4, 6) if category.key == "gender" else (3, 7)
    quotas_save(site=site, bounds=bounds)


def prepare(world: World, capture: DjangoCaptureOnCommitCallbacks) -> SelectionRun:
    site = world.own_site
    make_pool(site)
    set_quotas(site)
    client = world.client_for("host")
    url = reverse("recruitment:selection-prepare", args=[site.id])
    with capture(execute=True):
        response = client.post(url, {"panel_size": K, "reserves": 5, "algorithm": "leximin"})
    job = Job.objects.get()
    assert response["Location"] == reverse("jobs:detail", args=[job.id])
    assert job.status == Job.Status.SUCCEEDED, job.error
    assert "Go to the draw" in client.get(response["Location"]).content.decode()
    return SelectionRun.objects.get()


def draw(world: World, run: SelectionRun, value: str = "drand round 4242") -> SelectionRun:
    client = world.client_for("host")
    response = client.post(reverse("recruitment:run", args=[run.id]), {"public_random": value})
    assert response.status_code == 302
    run.refresh_from_db()
    return run


def violations(run: SelectionRun, members: list[str]) -> list[str]:
    pool, quotas = frozen_pool_load(run.frozen).engine_input()
    index = {person_id: n for n, person_id in enumerate(pool.ids)}
    return sortition.panel_violations(pool, quotas, K, [index[i] for i in members])


class TestSelection:
    def test_it_draws_a_panel_meeting_every_quota_and_household_rule(
        self, world: World, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
    ) -> None:
        run = prepare(world, django_capture_on_commit_callbacks)
        assert run.status == SelectionRun.Status.PREPARED
        assert len(run.commitment) == 64
        assert run.minimum_probability is not None
        assert run.minimum_probability > 0
        run = draw(world, run)
        assert run.status == SelectionRun.Status.DRAWN
        assert len(run.selected_ids) == K
        assert len(run.reserve_ids) == 5
        assert violations(run, run.selected_ids) == []
        assert Participant.objects.filter(site=world.own_site, status="selected").count() == K
        assert Participant.objects.filter(site=world.own_site, status="reserve").count() == 5
        selected = Volunteer.objects.filter(status=Volunteer.Status.SELECTED)
        assert sorted(str(v.id) for v in selected) == sorted(run.selected_ids)
        assert all(len(v.participant_digest) == 64 for v in selected)

    def test_a_draw_happens_once(
        self, world: World, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
    ) -> None:
        run = draw(world, prepare(world, django_capture_on_commit_callbacks))
        response = world.client_for("host").post(
            reverse("recruitment:run", args=[run.id]), {"public_random": "other"}
        )
        assert response.status_code == 400
        assert Participant.objects.count() == K + 5

    def test_anyone_can_verify_the_draw(
        self,
        world: World,
        django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
        tmp_path: Path,
    ) -> None:
        run = draw(world, prepare(world, django_capture_on_commit_callbacks))
        pool, quotas = frozen_pool_load(run.frozen).engine_input()
        check = sortition.verify_draw(
            pool,
            quotas,
            K,
            commitment=run.commitment,
            public_random=run.public_random,
            selected_ids=run.selected_ids,
        )
        assert check.ok, check.problems
        # The published files pass the command line's verification too.
        files = verification.bundle_files(run=run)
        for name, text in files.items():
            (tmp_path / name).write_text(text, encoding="utf-8")
        from polyvox.engines.sortition.cli import main

        people, features = str(tmp_path / "people.csv"), str(tmp_path / "features.csv")
        assert main(["--verify", str(tmp_path), "--people", people, "--features", features]) == 0
        # The lottery may hold more tickets than the 1,000 asked for; the draw used them all.
        report = json.loads(files["report.json"])
        assert report["panels"] == len(files["panels.csv"].splitlines()) - 1
        assert run.ticket is not None
        assert run.ticket < report["panels"]
        assert report["max_deviation"] <= 0.001
        # A changed exact distribution is caught.
        support = files["distribution.csv"].splitlines()
        first = support[1].split(",")
        first[1] = f"{float(first[1]) / 2:.12f}"
        support[1] = ",".join(first)
        (tmp_path / "distribution.csv").write_text("\n".join(support) + "\n")
        assert main(["--verify", str(tmp_path), "--people", people, "--features", features]) == 1
        (tmp_path / "distribution.csv").write_text(files["distribution.csv"])
        # ...reserves included, in the order they will be asked.
        lines = (tmp_path / "reserves.csv").read_text().splitlines()[1:]
        assert [line.split(",")[1] for line in lines] == run.reserve_ids
        reordered = ["rank,id", *(f"{n},{i}" for n, i in enumerate(run.reserve_ids[::-1], 1))]
        (tmp_path / "reserves.csv").write_text("\n".join(reordered) + "\n")
        assert main(["--verify", str(tmp_path), "--people", people, "--features", features]) == 1

    def test_a_tampered_public_value_fails_verification(
        self, world: World, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
    ) -> None:
        run = draw(world, prepare(world, django_capture_on_commit_callbacks))
        pool, quotas = frozen_pool_load(run.frozen).engine_input()
        # A different value may by chance draw a ticket holding the same people (this
        # small lottery has a few dozen distinct panels); then nothing was tampered with.
        checks = [
            sortition.verify_draw(
                pool,
                quotas,
                K,
                commitment=run.commitment,
                public_random=f"another value {attempt}",
                selected_ids=run.selected_ids,
            )
            for attempt in range(3)
        ]
        assert not all(check.ok for check in checks)

    def test_infeasible_quotas_are_refused_before_any_job_with_the_relaxation(
        self, world: World, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
    ) -> None:
        site = world.own_site
        make_pool(site)
        set_quotas(site)
        # Ten young people with at most five women need five young men; the pool has none.
        Quota.objects.filter(value__key="young").update(min=10, max=10)
        Quota.objects.filter(value__key="old").update(min=0, max=10)
        Volunteer.objects.filter(values__age="young", values__gender="m").update(
            status=Volunteer.Status.WITHDRAWN
        )
        Quota.objects.filter(value__key="f").update(min=4, max=5)
        with django_capture_on_commit_callbacks(execute=True):
            response = world.client_for("host").post(
                reverse("recruitment:selection-prepare", args=[site.id]),
                {"panel_size": K, "reserves": 0, "algorithm": "maximin"},
            )
        page = response.content.decode()
        assert response.status_code == 400
        assert "No panel meets every quota." in page
        assert "The smallest change that makes a panel possible:" in page
        assert not SelectionRun.objects.exists()
        assert not Job.objects.exists()

    def test_a_lottery_that_cannot_be_computed_fails_with_the_reason(
        self, world: World, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
    ) -> None:
        site = world.own_site
        make_pool(site)
        set_quotas(site)
        run = selection.selection_prepare(
            site=site, panel_size=K, reserves=0, algorithm="maximin", created_by=None
        )
        # The frozen quotas are what the job computes from; make them contradict.
        run.frozen["quotas"] = [
            [category, value, K if value == "f" else low, K if value == "f" else high, None, None]
            for category, value, low, high, *_flex in run.frozen["quotas"]
        ]
        run.save()
        with pytest.raises(selection.SelectionError, match="No panel meets every quota"):
            selection.selection_compute(run=run, on_progress=ignore_progress)
        run.refresh_from_db()
        assert run.status == SelectionRun.Status.FAILED
        assert "Gender = Woman: from 10–10 to" in run.error


class TestInvitations:
    def test_the_panel_and_reserves_get_their_check_in_numbers_by_email(
        self, world: World, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
    ) -> None:
        """Never the voting code (issue 12 item 7): whoever reads a mailbox or an outbox
        could vote in the citizen's place. The code comes on the card at check-in."""
        run = draw(world, prepare(world, django_capture_on_commit_callbacks))
        client = world.client_for("host")
        client.post(reverse("recruitment:invitations-send", args=[run.id]), {"confirm": "yes"})
        assert len(mail.outbox) == K + 5
        codes = set(Participant.objects.values_list("code", flat=True))
        numbers = set(Participant.objects.values_list("id", flat=True))
        told = set()
        for message in mail.outbox:
            body = str(message.body)
            number = re.search(r": (\d+)\n", body)
            assert number
            told.add(int(number.group(1)))
            assert not [code for code in codes if code in body]
            assert "/invitations/" in body
        assert told == numbers
        # The volunteers' preferred language is French.
        assert mail.outbox[0].subject.startswith("Votre invitation")
        client.post(reverse("recruitment:invitations-send", args=[run.id]), {"confirm": "yes"})
        assert len(mail.outbox) == K + 5  # nobody is invited twice

    @pytest.mark.parametrize("mode", [Site.Mode.IN_PERSON, Site.Mode.ONLINE, Site.Mode.HYBRID])
    def test_the_voting_code_is_on_the_citizens_own_page_only_when_they_vote_from_home(
        self,
        world: World,
        django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
        client: Client,
        mode: str,
    ) -> None:
        run = draw(world, prepare(world, django_capture_on_commit_callbacks))
        Site.objects.filter(id=run.site_id).update(mode=mode)
        invitations.invitations_send(site=run.site)
        invitation = Invitation.objects.filter(kind="panel").first()
        assert invitation is not None
        url = reverse("recruitment:invitation", args=[invitation.token])
        codes = set(Participant.objects.values_list("code", flat=True))
        before = client.get(url).content.decode()
        assert not [code for code in codes if code in before]
        after = client.post(url, {"answer": "confirmed"}, follow=True)
        shown = [code for code in codes if code in after.content.decode()]
        if mode == Site.Mode.IN_PERSON:
            assert shown == []  # the card at check-in carries it
        else:
            assert len(shown) == 1
            assert after["Cache-Control"] == "no-store"
            signed_in = Client().post(reverse("deliberation:vote-login"), {"code": shown[0]})
            assert signed_in.status_code == 302

    def test_a_confirmation_is_recorded_once(
        self,
        world: World,
        django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
        client: Client,
    ) -> None:
        run = draw(world, prepare(world, django_capture_on_commit_callbacks))
        invitations.invitations_send(site=run.site)
        invitation = Invitation.objects.filter(kind="panel").first()
        assert invitation is not None
        url = reverse("recruitment:invitation", args=[invitation.token])
        client.post(url, {"answer": "confirmed"})
        response = client.post(url, {"answer": "declined"})
        invitation.refresh_from_db()
        assert invitation.answer == "confirmed"
        assert "you have confirmed" in response.content.decode()
        assert Participant.objects.filter(status="confirmed").count() == 1
        assert Participant.objects.filter(status="declined").count() == 0

    def test_declines_are_replaced_keeping_quotas_and_households(
        self,
        world: World,
        django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
        client: Client,
    ) -> None:
        run = draw(world, prepare(world, django_capture_on_commit_callbacks))
        invitations.invitations_send(site=run.site)
        mail.outbox.clear()
        panel = list(Invitation.objects.filter(kind="panel").select_related("volunteer"))
        for invitation in panel[:3]:
            url = reverse("recruitment:invitation", args=[invitation.token])
            with django_capture_on_commit_callbacks(execute=True):
                client.post(url, {"answer": "declined"})
        assert Volunteer.objects.filter(status=Volunteer.Status.REPLACED).count() == 3
        members = [
            str(i)
            for i in Volunteer.objects.filter(status=Volunteer.Status.SELECTED).values_list(
                "id", flat=True
            )
        ]
        assert len(members) == K
        assert violations(run, members) == []
        assert Participant.objects.filter(status="declined").count() == 3
        assert Participant.objects.filter(status="selected").count() == K
        assert len(mail.outbox) == 3  # the replacements are invited


class TestReport:
    def test_it_is_public_and_anonymised(
        self, world: World, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
    ) -> None:
        run = draw(world, prepare(world, django_capture_on_commit_callbacks))
        world.own.status = "recruiting"
        world.own.save()
        response = world.client_for("anonymous").get(reverse("recruitment:report", args=[run.id]))
        page = response.content.decode()
        assert response.status_code == 200
        assert run.commitment in page
        assert "drand round 4242" in page
        assert "polyvox select --verify" in page
        assert "Person " not in page
        assert "@example.org" not in page
        assert "Rue" not in page
        bundle = world.client_for("anonymous").get(
            reverse("recruitment:verification", args=[run.id])
        )
        assert b"example.org" not in bundle.content
        api = world.client_for("anonymous").get(
            reverse("api-1:get_selection_report", args=[run.id])
        )
        assert api.json()["commitment"] == run.commitment
        assert sum(v["panel"] for v in api.json()["report"]["categories"][0]["values"]) == K
        assert "example.org" not in api.content.decode()

    def test_it_is_hidden_before_the_draw(
        self, world: World, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
    ) -> None:
        run = prepare(world, django_capture_on_commit_callbacks)
        response = world.client_for("organiser").get(reverse("recruitment:report", args=[run.id]))
        assert response.status_code == 404


class TestSelectionJobRetries:
    """Issue 12 item 13: a worker that dies after the lottery was stored, before the job is
    marked done, has the job queued again; the retry changes nothing and audits nothing."""

    def runs_audited(self) -> int:
        return AuditEvent.objects.filter(action="selection.run").count()

    def test_a_retry_after_the_lottery_was_stored_audits_it_once(
        self, world: World, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
    ) -> None:
        run = prepare(world, django_capture_on_commit_callbacks)
        job = Job.objects.get(kind="recruitment.selection")
        assert self.runs_audited() == 1
        HANDLERS[job.kind](job.params, ignore_progress)
        assert self.runs_audited() == 1
        again = SelectionRun.objects.get()
        assert (again.status, again.lottery) == (SelectionRun.Status.PREPARED, run.lottery)

    def test_a_retry_after_the_draw_does_not_undo_it(
        self, world: World, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
    ) -> None:
        run = draw(world, prepare(world, django_capture_on_commit_callbacks))
        job = Job.objects.get(kind="recruitment.selection")
        HANDLERS[job.kind](job.params, ignore_progress)
        run.refresh_from_db()
        assert run.status == SelectionRun.Status.DRAWN
        assert self.runs_audited() == 1

    def test_an_attempt_running_beside_its_retry_stores_nothing_twice(
        self, world: World, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
    ) -> None:
        # The attempt the sweep gave up on loaded the run before the retry stored it.
        prepare(world, django_capture_on_commit_callbacks)
        stale = SelectionRun.objects.get()
        stale.status = SelectionRun.Status.PREPARING
        selection.selection_compute(run=stale, on_progress=ignore_progress)
        assert self.runs_audited() == 1
        assert SelectionRun.objects.get().status == SelectionRun.Status.PREPARED


class TestPanelSeam:
    """Deliberation seats the panel inside the draw's transaction: all of it or nothing."""

    def test_a_failure_in_deliberation_leaves_the_run_undrawn(
        self,
        world: World,
        django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:
        run = prepare(world, django_capture_on_commit_callbacks)
        seat = panel.participants_seat

        def seat_the_panel_then_fail(*, site: Site, seats: Sequence[Seat]) -> list[str]:
            if seats and seats[0].status == "reserve":
                raise DatabaseError("deliberation is down")
            return seat(site=site, seats=seats)

        monkeypatch.setattr(panel, "participants_seat", seat_the_panel_then_fail)
        with pytest.raises(DatabaseError):
            selection.selection_draw(run=run, public_random="drand round 1")
        run.refresh_from_db()
        assert run.status == SelectionRun.Status.PREPARED
        assert not Participant.objects.exists()
        assert not Volunteer.objects.exclude(status=Volunteer.Status.POOL).exists()
        assert not Volunteer.objects.exclude(participant_digest="").exists()

    def test_without_deliberation_connected_the_draw_says_what_to_wire(
        self,
        world: World,
        django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:
        run = prepare(world, django_capture_on_commit_callbacks)
        monkeypatch.setattr(panel_seam, "_registered", [])
        with pytest.raises(ImproperlyConfigured, match=r"DeliberationConfig\.ready"):
            selection.selection_draw(run=run, public_random="drand round 1")
        run.refresh_from_db()
        assert run.status == SelectionRun.Status.PREPARED
