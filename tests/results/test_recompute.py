from __future__ import annotations

import datetime
from typing import NoReturn

import pytest
from django.test import Client
from django.urls import reverse
from pytest_django import DjangoCaptureOnCommitCallbacks

from polyvox.dialogues.models import Dialogue
from polyvox.jobs.models import Job
from polyvox.results.models import ResultsSnapshot
from polyvox.results.services import RECOMPUTE, results_snapshot_refresh
from tests.client import redirect_url
from tests.conftest import World
from tests.results.conftest import Results, add_ballot
from tests.results.test_pages import publish


@pytest.mark.django_db
class TestRecompute:
    def test_an_organiser_recomputes_and_the_page_shows_new_answers(
        self,
        world: World,
        results: Results,
        django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
    ) -> None:
        results_snapshot_refresh(dialogue=results.dialogue)
        add_ballot(world.own_site, results.agree, results.option["unsure"])
        with django_capture_on_commit_callbacks(execute=True):
            world.client_for("organiser").post(reverse("results:recompute", args=["own"]))
        job = Job.objects.get(kind=RECOMPUTE)
        assert job.status == Job.Status.SUCCEEDED
        assert job.result["participants"] == 11
        assert ResultsSnapshot.objects.get().data["totals"]["participants"] == 11

    def test_a_second_request_while_one_waits_is_not_queued_again(
        self, world: World, results: Results
    ) -> None:
        client = world.client_for("organiser")
        # Without executing on-commit callbacks the first job stays queued.
        first = client.post(reverse("results:recompute", args=["own"]))
        second = client.post(reverse("results:recompute", args=["own"]))
        assert redirect_url(first) == redirect_url(second)
        assert Job.objects.filter(kind=RECOMPUTE).count() == 1

    def test_polling_live_results_asks_for_a_recompute_when_stale(
        self,
        client: Client,
        results: Results,
        django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
    ) -> None:
        publish(results, Dialogue.Status.DELIBERATING)
        snapshot = results_snapshot_refresh(dialogue=results.dialogue)
        ResultsSnapshot.objects.filter(id=snapshot.id).update(
            computed_at=snapshot.computed_at - datetime.timedelta(minutes=1)
        )
        with django_capture_on_commit_callbacks(execute=True):
            response = client.get(reverse("results:live", args=["own"]))
        assert response.status_code == 200
        assert 'id="figures"' in response.content.decode()
        assert Job.objects.get(kind=RECOMPUTE).status == Job.Status.SUCCEEDED

    def test_fresh_live_results_ask_for_nothing(self, client: Client, results: Results) -> None:
        publish(results, Dialogue.Status.DELIBERATING)
        results_snapshot_refresh(dialogue=results.dialogue)
        client.get(reverse("results:live", args=["own"]))
        assert not Job.objects.filter(kind=RECOMPUTE).exists()


@pytest.mark.django_db
def test_after_a_recompute_pages_show_the_stored_charts_without_drawing(
    world: World,
    results: Results,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from django.core.cache import cache

    with django_capture_on_commit_callbacks(execute=True):
        world.client_for("organiser").post(reverse("results:recompute", args=["own"]))
    assert ResultsSnapshot.objects.get().charts
    cache.clear()  # another web process: nothing drawn in its memory

    def refuse(spec: object) -> NoReturn:
        raise AssertionError("the chart was drawn again")

    monkeypatch.setattr("polyvox.results.charts.vl_convert.vegalite_to_svg", refuse)
    for language in ("en", "fr"):
        page = world.client_for("organiser").get(f"/{language}/results/own/")
        assert 'role="img"' in page.content.decode()


@pytest.mark.django_db(transaction=True)
def test_a_request_outside_any_transaction_takes_its_own(world: World) -> None:
    # Views run without ATOMIC_REQUESTS: the row lock needs the service's own transaction.
    from polyvox.results.services import results_recompute_request

    job = results_recompute_request(dialogue=world.own)
    assert Job.objects.get(kind=RECOMPUTE) == job
