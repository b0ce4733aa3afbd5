"""Figures with a source: the reference data behind weights and regions, frozen at
publication, the organisers' own population figures, and countries without one.

Fixture (tests/results/conftest.py): France (Paris + Lyon) answers yes 6/8, Germany
(Berlin) 0/2, so the population-weighted global share of yes is 0.75 * FR / (FR + DE).
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable

import pytest
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from polyvox.audit.models import AuditEvent
from polyvox.dialogues.models import Dialogue
from polyvox.engines.tally.countries import ATTRIBUTION, ReferenceTable, reference_table
from polyvox.results.forms import PopulationOverrideForm
from polyvox.results.models import PopulationOverride, ResultsSnapshot
from polyvox.results.reports import report_context
from polyvox.results.services import results_snapshot_refresh
from polyvox.results.snapshot import load_snapshot
from tests.conftest import World, make_site
from tests.hostile import HOSTILE, HUGE, assert_storable, nasty_text, rolled_back
from tests.results.conftest import Results, add_ballot

SHA256 = "8953d78049a7a40a7b686fbd427436d27ac48eee895ba241c3c1701953bc6160"
FR, DE = 68_551_653, 83_516_593


def weighted_yes(dialogue: Dialogue) -> float | None:
    snapshot = load_snapshot(results_snapshot_refresh(dialogue=dialogue).data)
    shares = [
        row.share
        for row in snapshot.shares
        if (row.level, row.question, row.option, row.weighting)
        == ("global", "agree", "yes", "population_weighted")
    ]
    return shares[0] if shares else None


def newer_table(**changes: dict[str, object]) -> Callable[[], ReferenceTable]:
    """The shipped table with some countries' values changed, as a later release might."""
    table = reference_table()
    countries = dict(table.countries)
    for code, values in changes.items():
        countries[code] = dataclasses.replace(countries[code], **values)  # type: ignore[arg-type]
    changed = ReferenceTable(sha256="0" * 64, countries=countries)
    return lambda: changed


def deliberating(results: Results) -> Dialogue:
    results.dialogue.status = Dialogue.Status.DELIBERATING
    results.dialogue.save(update_fields=["status"])
    return results.dialogue


def set_population(
    client: Client, country: str, population: str, source: str, action: str = "set"
) -> str:
    response = client.post(
        reverse("results:populations", args=["own"]),
        {"country": country, "population": population, "source": source, "action": action},
        follow=True,
    )
    return response.content.decode()


@pytest.mark.django_db
class TestTheSnapshotRecordsItsReferenceData:
    def test_it_weights_by_the_world_bank_2024_figures_and_records_them(
        self, results: Results
    ) -> None:
        assert weighted_yes(results.dialogue) == pytest.approx(0.75 * FR / (FR + DE), abs=1e-6)
        reference = load_snapshot(ResultsSnapshot.objects.get().data).reference
        assert reference is not None
        assert reference["sha256"] == SHA256
        assert reference["frozen_at"] == ""
        assert reference["countries"]["FR"]["population"] == FR
        assert reference["countries"]["FR"]["population_year"] == 2024
        assert reference["countries"]["DE"]["income_group"] == "High income"
        assert reference["countries"]["DE"]["income_group_fy"] == "FY2027"
        assert reference["missing_population"] == []

    def test_provisional_results_follow_a_newer_table(
        self, results: Results, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        deliberating(results)
        monkeypatch.setattr(
            "polyvox.results.reference_data.reference_table",
            newer_table(FR={"population": 2 * FR}, DE={"region": "Atlantis"}),
        )
        assert weighted_yes(results.dialogue) == pytest.approx(
            0.75 * 2 * FR / (2 * FR + DE), abs=1e-6
        )
        snapshot = load_snapshot(ResultsSnapshot.objects.get().data)
        assert snapshot.sites["berlin"]["region"] == "Atlantis"


@pytest.mark.django_db
class TestPublishedResultsKeepTheirFigures:
    def test_a_newer_table_moves_neither_weights_nor_regions(
        self, world: World, results: Results, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        dialogue = deliberating(results)
        before = weighted_yes(dialogue)
        world.client_for("organiser").post(
            reverse("results:publication", args=["own"]), {"action": "publish", "confirm": "yes"}
        )
        monkeypatch.setattr(
            "polyvox.results.reference_data.reference_table",
            newer_table(FR={"population": 2 * FR}, DE={"region": "Atlantis"}),
        )
        assert weighted_yes(dialogue) == before
        snapshot = load_snapshot(ResultsSnapshot.objects.get().data)
        assert snapshot.sites["berlin"]["region"] == "Europe"
        assert {r.group for r in snapshot.shares if r.level == "region"} == {"Europe"}
        assert snapshot.reference is not None
        assert snapshot.reference["sha256"] == SHA256
        assert snapshot.reference["frozen_at"]

    def test_an_override_is_frozen_too_and_cannot_change_after_publication(
        self, world: World, results: Results
    ) -> None:
        dialogue = deliberating(results)
        client = world.client_for("organiser")
        set_population(client, "FR", "70000000", "INSEE, 1 January 2025")
        client.post(
            reverse("results:publication", args=["own"]), {"action": "publish", "confirm": "yes"}
        )
        frozen = weighted_yes(dialogue)
        assert frozen == pytest.approx(0.75 * 70e6 / (70e6 + DE), abs=1e-6)
        page = set_population(client, "FR", "1000", "Typo")
        assert "Take the results back to provisional" in page
        PopulationOverride.objects.all().delete()  # even gone from the table of overrides
        assert weighted_yes(dialogue) == frozen
        assert PopulationOverride.objects.count() == 0

    def test_a_site_added_after_publication_waits_for_its_figures(
        self, world: World, results: Results
    ) -> None:
        dialogue = deliberating(results)
        world.client_for("organiser").post(
            reverse("results:publication", args=["own"]), {"action": "publish", "confirm": "yes"}
        )
        add_ballot(make_site(dialogue, "rome", country="IT", city="Rome"), results.agree)
        assert weighted_yes(dialogue) is None
        snapshot = load_snapshot(ResultsSnapshot.objects.get().data)
        assert snapshot.reference is not None
        assert snapshot.reference["missing_population"] == ["IT"]
        assert snapshot.sites["rome"]["region"] == "(unknown)"
        assert snapshot.sites["paris"]["region"] == "Europe"

    def test_taking_them_back_to_provisional_follows_the_table_again(
        self, world: World, results: Results, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        dialogue = deliberating(results)
        client = world.client_for("organiser")
        client.post(
            reverse("results:publication", args=["own"]), {"action": "publish", "confirm": "yes"}
        )
        client.post(
            reverse("results:publication", args=["own"]), {"action": "unpublish", "confirm": "yes"}
        )
        monkeypatch.setattr(
            "polyvox.results.reference_data.reference_table",
            newer_table(FR={"population": 2 * FR}),
        )
        assert weighted_yes(dialogue) == pytest.approx(0.75 * 2 * FR / (2 * FR + DE), abs=1e-6)


@pytest.mark.django_db
class TestPopulationOverride:
    def test_an_organiser_gives_their_own_figure_and_it_weights_the_results(
        self, world: World, results: Results
    ) -> None:
        deliberating(results)
        page = set_population(
            world.client_for("organiser"), "FR", "70 000 000", "INSEE, 1 January 2025"
        )
        assert "Saved." in page
        assert "override: 70,000,000, INSEE, 1 January 2025" in page
        override = PopulationOverride.objects.get()
        assert (override.country, override.population) == ("FR", 70_000_000)
        assert weighted_yes(results.dialogue) == pytest.approx(0.75 * 70e6 / (70e6 + DE), abs=1e-6)

    def test_it_is_recorded_in_the_audit_trail(self, world: World, results: Results) -> None:
        client = world.client_for("organiser")
        set_population(client, "DE", "84000000", "Destatis 2024")
        set_population(client, "DE", "", "", action="clear")
        events = AuditEvent.objects.filter(action="results.population_override").order_by("id")
        assert [(e.target, e.details) for e in events] == [
            ("DE", {"population": 84_000_000, "source": "Destatis 2024"}),
            ("DE", {"population": None, "source": ""}),
        ]
        assert events[0].actor == world.users["organiser"]
        assert PopulationOverride.objects.count() == 0

    def test_it_is_shown_as_an_override_on_the_page_in_open_data_and_in_the_report(
        self, world: World, results: Results
    ) -> None:
        deliberating(results)
        client = world.client_for("organiser")
        set_population(client, "FR", "70000000", "INSEE 2025")
        snapshot = results_snapshot_refresh(dialogue=results.dialogue)
        page = client.get(reverse("results:results", args=["own"])).content.decode()
        assert "France: override: 70,000,000, INSEE 2025" in page
        download = client.get(reverse("results:download", args=["own", "shares", "json"]))
        description = json.loads(download.content)["metadata"]["description"]
        assert "FR: override: 70000000, INSEE 2025." in description
        context = report_context(dialogue=results.dialogue, snapshot=snapshot, scope="global")
        report = render_to_string("results/report.html", context)
        assert "France: override: 70,000,000, INSEE 2025" in report
        assert {line.population for line in context["participation"]} == {70_000_000, DE}

    @pytest.mark.parametrize(
        ("population", "source", "error"),
        [
            ("-5", "INSEE", "whole number"),
            ("0", "INSEE", "between 1 and"),
            ("3000000000", "INSEE", "between 1 and"),
            ("1e9", "INSEE", "whole number"),
            ("68.5", "INSEE", "whole number"),
            ("lots", "INSEE", "whole number"),
            ("70000000", "", "where the figure comes from"),
            ("", "INSEE", "Give the population"),
            ("70000000", "x" * 301, "at most 300 characters"),
        ],
    )
    def test_hostile_input_is_refused_with_a_message_and_changes_nothing(
        self, world: World, results: Results, population: str, source: str, error: str
    ) -> None:
        response = world.client_for("organiser").post(
            reverse("results:populations", args=["own"]),
            {"country": "FR", "population": population, "source": source, "action": "set"},
        )
        assert response.status_code == 400
        assert error in response.content.decode()
        assert PopulationOverride.objects.count() == 0
        assert not AuditEvent.objects.filter(action="results.population_override").exists()

    def test_a_country_without_a_site_in_the_dialogue_is_refused(
        self, world: World, results: Results
    ) -> None:
        response = world.client_for("organiser").post(
            reverse("results:populations", args=["own"]),
            {"country": "US", "population": "1000", "source": "x", "action": "set"},
        )
        assert response.status_code == 400
        assert PopulationOverride.objects.count() == 0

    @pytest.mark.parametrize(("role", "status"), [("anonymous", 302), ("host", 404)])
    def test_only_organisers_may_post(
        self, world: World, results: Results, role: str, status: int
    ) -> None:
        response = world.client_for(role).post(
            reverse("results:populations", args=["own"]),
            {"country": "FR", "population": "1000", "source": "x", "action": "set"},
        )
        assert response.status_code == status
        assert PopulationOverride.objects.count() == 0


@pytest.mark.django_db
class TestHostileOverrides:
    @HOSTILE
    @given(
        population=nasty_text | st.integers(-(10**12), 10**12).map(str),
        source=nasty_text | st.just(HUGE),
    )
    def test_hostile_input_is_stored_sane_or_refused(
        self, world: World, population: str, source: str
    ) -> None:
        client = world.client_for("organiser")
        with rolled_back():
            response = client.post(
                reverse("results:populations", args=["own"]),
                {"country": "FR", "population": population, "source": source, "action": "set"},
            )
            audited = AuditEvent.objects.filter(action="results.population_override").count()
            if response.status_code == 302:
                override = PopulationOverride.objects.get()
                assert 1 <= override.population <= 2_000_000_000
                assert override.source == source.strip()
                assert_storable(override)
                assert audited == 1
            else:
                assert response.status_code == 400
                assert not PopulationOverride.objects.exists()
                assert audited == 0


class TestPopulationOverrideForm:
    @given(st.integers(min_value=1, max_value=2_000_000_000))
    def test_grouped_digits_read_as_the_number(self, number: int) -> None:
        for separator in (" ", ",", ".", "\u202f"):
            text = f"{number:,}".replace(",", separator)
            form = PopulationOverrideForm(
                {"country": "FR", "population": text, "source": "NSO", "action": "set"},  # type: ignore[arg-type]
                countries=[("FR", "France")],
            )
            assert form.is_valid(), (text, form.errors)
            assert form.cleaned_data["population"] == number


@pytest.mark.django_db
class TestACountryWithoutAFigure:
    @pytest.fixture
    def taipei(self, results: Results) -> Results:
        site = make_site(results.dialogue, "taipei", country="TW", city="Taipei")
        add_ballot(site, results.agree, results.option["yes"])
        deliberating(results)
        return results

    def test_population_weighting_waits_for_a_figure_rather_than_dropping_it(
        self, taipei: Results
    ) -> None:
        assert weighted_yes(taipei.dialogue) is None
        snapshot = load_snapshot(ResultsSnapshot.objects.get().data)
        assert snapshot.reference is not None
        assert snapshot.reference["missing_population"] == ["TW"]
        assert snapshot.sites["taipei"]["region"] == "Asia"
        assert snapshot.sites["taipei"]["income_group"] == "(unknown)"
        pooled = [r for r in snapshot.shares if r.weighting == "pooled" and r.level == "global"]
        assert pooled  # the other weightings are still there

    def test_the_results_page_names_the_country_and_tells_organisers_how_to_add_it(
        self, world: World, taipei: Results
    ) -> None:
        results_snapshot_refresh(dialogue=taipei.dialogue)
        public = world.client_for("anonymous").get(reverse("results:results", args=["own"]))
        assert "there is no population figure for Taiwan (TW)" in public.content.decode()
        assert "The organisers can give one, with its source." in public.content.decode()
        organiser = world.client_for("organiser")
        page = organiser.get(reverse("results:results", args=["own"])).content.decode()
        assert reverse("results:populations", args=["own"]) in page
        assert "Give its population and the source of the figure" in page
        figures = organiser.get(reverse("results:populations", args=["own"])).content.decode()
        assert "No population figure for Taiwan (TW)" in figures

    def test_a_figure_from_the_organisers_brings_it_into_the_weighting(
        self, world: World, taipei: Results
    ) -> None:
        set_population(world.client_for("organiser"), "TW", "23 400 000", "DGBAS, 2024")
        taiwan = 23_400_000
        france_yes, germany_yes, taiwan_yes = 0.75, 0.0, 1.0
        expected = (FR * france_yes + DE * germany_yes + taiwan * taiwan_yes) / (FR + DE + taiwan)
        assert weighted_yes(taipei.dialogue) == pytest.approx(expected, abs=1e-6)
        page = world.client_for("anonymous").get(reverse("results:results", args=["own"]))
        assert "Taiwan: override: 23,400,000, DGBAS, 2024" in page.content.decode()
        assert "no population figure" not in page.content.decode()


@pytest.mark.django_db
class TestSourcesAreShown:
    def test_the_results_page_gives_vintage_and_attribution(
        self, client: Client, results: Results
    ) -> None:
        deliberating(results)
        page = client.get(reverse("results:results", args=["own"])).content.decode()
        assert (
            "Regions: UN M49. Population: World Bank, 2024. Income groups: World Bank, FY2027."
            in (page)
        )
        assert ATTRIBUTION in page

    def test_open_data_metadata_names_the_table_and_the_attribution(
        self, client: Client, results: Results
    ) -> None:
        deliberating(results)
        download = client.get(reverse("results:download", args=["own", "shares", "json"]))
        description = json.loads(download.content)["metadata"]["description"]
        assert f"sha256 {SHA256}" in description
        assert "population year 2024, income groups FY2027" in description
        assert f"Attribution: {ATTRIBUTION}" in description

    def test_the_pdf_methodology_gives_vintage_attribution_and_version(
        self, results: Results
    ) -> None:
        snapshot = results_snapshot_refresh(dialogue=results.dialogue)
        context = report_context(dialogue=results.dialogue, snapshot=snapshot, scope="global")
        report = render_to_string("results/report.html", context)
        assert "Population: World Bank, 2024" in report
        assert ATTRIBUTION in report
        assert SHA256 in report
