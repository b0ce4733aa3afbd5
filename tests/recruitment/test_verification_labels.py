"""The public verification files label households for one run only: the keyed address
hashes are the same in every run and dialogue, and would link a person across them."""

from __future__ import annotations

import csv
import io

import pytest
from pytest_django import DjangoCaptureOnCommitCallbacks

from polyvox.recruitment import verification
from polyvox.recruitment.records import frozen_pool_load
from tests.conftest import World
from tests.recruitment.test_selection import draw, prepare

pytestmark = pytest.mark.django_db


def published_households(text: str) -> list[str]:
    return [row["household"] for row in csv.DictReader(io.StringIO(text))]


def test_published_households_are_not_the_address_hashes(
    world: World, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
) -> None:
    run = draw(world, prepare(world, django_capture_on_commit_callbacks))
    digests = frozen_pool_load(run.frozen).households
    labels = published_households(verification.bundle_files(run=run)["people.csv"])
    assert any(digests)
    assert not {digest for digest in digests if digest} & set(labels)
    # ...yet who shares a household is what the lottery saw.
    for a in range(len(digests)):
        for b in range(len(digests)):
            if digests[a] and digests[b]:
                assert (digests[a] == digests[b]) == (labels[a] == labels[b])
