"""The results pages and downloads are served from a cache per snapshot: a reader never
sees figures older than the snapshot, a new ballot reaches the answers download at once,
and made-up filters take no room in the cache."""

from __future__ import annotations

import csv
import io
import zipfile

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from polyvox.results.services import results_snapshot_refresh
from tests.conftest import World
from tests.hostile import HOSTILE, nasty_text
from tests.results.conftest import Results, add_ballot
from tests.results.test_pages import publish

pytestmark = pytest.mark.django_db


def agree_yes_count(client: Client) -> str:
    """The "yes" row of the headline table of "Do you agree?"."""
    page = client.get("/en/results/own/", {"country": "FR"}).content.decode()
    section = page.split('id="question-agree"', 1)[1].split("</section>", 1)[0]
    row = section.split("<bdi>Yes</bdi>", 1)[1].split("</tr>", 1)[0]
    return row.split('<td class="number" data-label="Citizens who chose it">')[1].split("</td>")[0]


def test_a_recomputation_shows_its_figures_at_once(
    client: Client, results: Results, world: World
) -> None:
    publish(results)
    results_snapshot_refresh(dialogue=results.dialogue)
    before = agree_yes_count(client)
    assert agree_yes_count(client) == before  # served again, from the cache
    add_ballot(world.own_site, results.agree, results.option["yes"])
    assert agree_yes_count(client) == before  # the snapshot has not counted it yet
    results_snapshot_refresh(dialogue=results.dialogue)
    assert int(agree_yes_count(client)) == int(before) + 1


def answer_rows(client: Client) -> list[dict[str, str]]:
    response = client.get(reverse("results:download", args=["own", "answers", "csv"]))
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    return list(csv.DictReader(io.StringIO(archive.read("answers.csv").decode())))


def test_a_new_ballot_reaches_the_answers_download_without_a_recomputation(
    client: Client, results: Results, world: World
) -> None:
    publish(results)
    before = answer_rows(client)
    assert answer_rows(client) == before
    citizen = add_ballot(world.own_site, results.agree, results.option["no"])
    after = answer_rows(client)
    assert len(after) == len(before) + 1
    assert citizen.pseudonym in {row["pseudonym"] for row in after}


def figure_entries() -> int:
    """Rendered figures in the cache (LocMemCache's entries: the test settings' cache)."""
    keys: list[str] = list(cache._cache)  # type: ignore[attr-defined]
    return sum(":results-figures:" in key for key in keys)


@HOSTILE
@given(
    name=st.one_of(nasty_text, st.sampled_from(["country", "region", "level"])), value=nasty_text
)
def test_made_up_filters_take_no_room_in_the_cache(results: Results, name: str, value: str) -> None:
    publish(results, status="deliberating")  # live: the query string is part of the page
    client = Client()
    client.get("/en/results/own/")  # the page as it is, kept
    kept = figure_entries()
    response = client.get("/en/results/own/", {name: value, "country": "FR", "x": value})
    assert response.status_code == 200
    assert figure_entries() == kept
