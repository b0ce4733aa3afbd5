from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any, NoReturn

import pytest
from django.core.management import call_command
from django.urls import reverse
from pytest_django import DjangoCaptureOnCommitCallbacks, Settings

from polyvox.demo import dialogue as demo
from polyvox.dialogues.tasks import TRANSLATION_CHECK
from polyvox.jobs import registry, services
from polyvox.jobs.models import Job
from polyvox.jobs.registry import HANDLERS, ProgressReporter, job_handler
from tests.conftest import World

pytestmark = pytest.mark.django_db


@pytest.fixture
def failing_kind() -> Iterator[str]:
    @job_handler("tests.fails")
    def fails(params: dict[str, Any], report: ProgressReporter) -> NoReturn:
        report(0.5, "half way")
        raise RuntimeError("the solver gave up")

    yield "tests.fails"
    HANDLERS.pop("tests.fails")


def test_organiser_checks_translations_and_sees_the_result(
    world: World, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
) -> None:
    dialogue = demo.load()
    world.users["organiser"].memberships.create(role="organiser", dialogue=dialogue)
    client = world.client_for("organiser")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("dialogues:translation-check", args=[dialogue.id]))
    job = Job.objects.get()
    assert response["Location"] == reverse("jobs:detail", args=[job.id])
    assert (job.status, job.progress, job.created_by) == (
        Job.Status.SUCCEEDED,
        1.0,
        world.users["organiser"],
    )
    missing = {row["code"]: row["missing"] for row in job.result["languages"]}
    assert missing["en"] == 0
    assert missing["fr"] == 0
    assert missing["ja"] > 0  # the demo agenda is not translated into Japanese
    page = client.get(response["Location"]).content.decode()
    assert "Participant texts still missing" in page
    # Each example names its text as people read it, with a link to edit it; no keys.
    examples = [text for row in job.result["languages"] for text in row["examples"]]
    assert examples
    assert all(text["url"].startswith("/en/admin/") for text in examples)
    assert not re.search(r"q\d+-\d+/", page)
    assert examples[0]["url"] in page
    assert reverse("dialogues:translations", args=[dialogue.id]) in page


def test_a_job_runs_once_even_if_delivered_twice(world: World) -> None:
    job = Job.objects.create(kind=TRANSLATION_CHECK, params={"dialogue_id": world.own.id})
    first = services.job_run(job_id=job.id)
    assert first is not None
    assert first.status == Job.Status.SUCCEEDED
    assert services.job_run(job_id=job.id) is None


def test_a_failing_job_is_recorded_as_failed(world: World, failing_kind: str) -> None:
    job = Job.objects.create(kind=failing_kind)
    finished = services.job_run(job_id=job.id)
    assert finished is not None
    assert finished.status == Job.Status.FAILED
    assert finished.error == "RuntimeError: the solver gave up"
    assert finished.progress == 0.5
    assert finished.message == "half way"


def test_progress_fragment_polls_until_the_job_ends(world: World) -> None:
    job = Job.objects.create(
        kind=TRANSLATION_CHECK,
        params={"dialogue_id": world.own.id},
        dialogue=world.own,
        created_by=world.users["organiser"],
    )
    client = world.client_for("organiser")
    running = client.get(reverse("jobs:progress", args=[job.id])).content.decode()
    assert 'hx-trigger="every 1s"' in running
    services.job_run(job_id=job.id)
    done = client.get(reverse("jobs:progress", args=[job.id])).content.decode()
    assert "hx-trigger" not in done
    assert 'value="100"' in done


def test_the_last_poll_reloads_the_page_to_show_the_outcome(world: World) -> None:
    job = Job.objects.create(
        kind=TRANSLATION_CHECK,
        params={"dialogue_id": world.own.id},
        dialogue=world.own,
        created_by=world.users["organiser"],
    )
    client = world.client_for("organiser")
    url = reverse("jobs:progress", args=[job.id])
    assert "HX-Refresh" not in client.get(url, headers={"HX-Request": "true"})
    services.job_run(job_id=job.id)
    assert client.get(url, headers={"HX-Request": "true"})["HX-Refresh"] == "true"
    # A page that includes the finished bar itself is not reloaded again.
    assert "HX-Refresh" not in client.get(url)


def test_unknown_job_kind_is_refused() -> None:
    with pytest.raises(ValueError, match="Unknown job kind"):
        services.job_enqueue(kind="no.such.kind", params={})


# The worker closes stale connections between tasks, as a long-running process must,
# so this test cannot run inside the usual rolled-back transaction.
@pytest.mark.django_db(transaction=True)
def test_worker_runs_jobs_queued_in_the_database(
    world: World,
    settings: Settings,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    with django_capture_on_commit_callbacks(execute=True):
        job = services.job_enqueue(kind=TRANSLATION_CHECK, params={"dialogue_id": world.own.id})
    assert Job.objects.get(id=job.id).status == Job.Status.QUEUED
    call_command("worker", batch=True, verbosity=0)
    assert Job.objects.get(id=job.id).status == Job.Status.SUCCEEDED


def test_a_failing_periodic_task_does_not_stop_the_others(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    ran: list[str] = []

    def broken() -> None:
        raise RuntimeError("the database went away")

    monkeypatch.setattr(registry, "PERIODIC", {})
    monkeypatch.setattr(services, "PERIODIC", registry.PERIODIC)
    registry.periodic("a.broken")(broken)
    registry.periodic("b.working")(lambda: ran.append("b"))
    assert services.periodic_run() == 1
    assert ran == ["b"]
    with pytest.raises(ValueError, match="Two periodic tasks"):
        registry.periodic("b.working")(broken)
