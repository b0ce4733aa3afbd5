"""The draw's numbers in words a host and the public read: chances as percentages and odds,
the algorithm by what it does, and what the commitment is for."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from django.utils import translation
from pytest_django import DjangoCaptureOnCommitCallbacks

from polyvox.core.formats import chance_in_words
from polyvox.jobs.models import Job
from tests.conftest import World
from tests.recruitment.test_selection import draw, prepare

pytestmark = pytest.mark.django_db


def test_a_chance_reads_as_a_percentage_and_odds() -> None:
    with translation.override("en"):
        assert chance_in_words(0.0964) == "9.6 % (about 1 in 10)"
        assert chance_in_words(0.0004) == "0.04 % (about 1 in 2,500)"
    with translation.override("fr"):
        assert chance_in_words(0.125).startswith("12,5 %")


def test_the_prepared_run_explains_algorithm_chance_and_commitment(
    world: World, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
) -> None:
    run = prepare(world, django_capture_on_commit_callbacks)
    client = world.client_for("host")
    job_page = client.get(reverse("jobs:detail", args=[Job.objects.get().id])).content.decode()
    assert "distinct panels" not in job_page
    assert re.search(r"a chance of at least \d+\.\d+ % \(about 1 in \d+\)", job_page)

    page = client.get(reverse("recruitment:run", args=[run.id])).content.decode()
    assert "Fairest (LEXIMIN, recommended)" in page
    assert "Smallest chance of being drawn" in page
    assert "fingerprint of the pool, the quotas and the lottery" in page
    assert "Publish the commitment above where everyone can see it" in page
    assert "publish the commitment first" not in page.lower()


def test_the_public_report_gives_chances_in_words_and_details_behind_a_click(
    world: World, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
) -> None:
    run = draw(world, prepare(world, django_capture_on_commit_callbacks))
    world.own.status = "recruiting"
    world.own.save()
    page = world.client_for("anonymous").get(reverse("recruitment:report", args=[run.id]))
    text = page.content.decode()
    assert re.search(r"had a chance between \d+\.\d+ % \(about 1 in \d+\) and", text)
    assert "people from groups that volunteered less get a higher chance" in text
    details = text[text.index("<details>") : text.index("</details>")]
    assert run.commitment in details
    assert "Seed of the draw" in details
