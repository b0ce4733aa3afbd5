from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from pytest_django import DjangoAssertNumQueries

from polyvox.demo import dialogue as demo
from polyvox.dialogues.models import Dialogue, Tier
from polyvox.dialogues.schedule import session_times
from tests.conftest import World, make_dialogue, make_site

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_dialogue() -> Dialogue:
    return demo.load()


def test_home_lists_published_dialogues_and_hides_drafts(world: World, client: Client) -> None:
    response = client.get(reverse("dialogues:home"))
    assert response.status_code == 200
    assert list(response.context["dialogues"]) == [world.published]
    assert "Dialogue own" not in response.content.decode()


def test_root_follows_the_browser_language(client: Client) -> None:
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="fr-CH, fr;q=0.9, en;q=0.5")
    assert response.status_code == 302
    assert response["Location"] == "/fr/"


def test_dialogue_page_in_french_uses_french_texts_and_lang(
    demo_dialogue: Dialogue, client: Client
) -> None:
    response = client.get(f"/fr/dialogues/{demo_dialogue.slug}/")
    html = response.content.decode()
    assert '<html lang="fr" dir="ltr">' in html
    assert "Dialogue citoyen mondial sur l&#x27;avenir d&#x27;Internet" in html
    assert "Partenaires" in html  # interface strings are translated too


def test_dialogue_page_groups_partners_by_tier_in_order(
    demo_dialogue: Dialogue, client: Client
) -> None:
    response = client.get(f"/en/dialogues/{demo_dialogue.slug}/")
    groups = response.context["partner_groups"]
    assert [group.tier for group in groups] == [
        Tier.ORGANISER,
        Tier.GLOBAL_PARTNER,
        Tier.COOPERATION_PARTNER,
        Tier.PILOT_PARTNER,
        Tier.SCIENTIFIC_COMMITTEE,
    ]
    global_names = {p.organisation.name for p in groups[1].partnerships}
    assert {"UNESCO", "Mozilla Foundation", "Internet Society"} <= global_names
    assert 'href="https://www.unesco.org' in response.content.decode()


def test_demo_has_sites_on_five_continents_in_six_languages(demo_dialogue: Dialogue) -> None:
    sites = list(demo_dialogue.sites.all())
    assert len(sites) >= 12
    assert len({code for site in sites for code in site.languages}) >= 6
    assert {site.country.code for site in sites} >= {
        "FR",
        "BR",
        "KE",
        "JP",
        "AU",
    }  # five continents


def test_loading_the_demo_twice_changes_nothing(demo_dialogue: Dialogue) -> None:
    from polyvox.dialogues.models import Option, Organisation, Partnership, Site

    def counts() -> list[int]:
        return [
            model.objects.count() for model in (Dialogue, Organisation, Partnership, Site, Option)
        ]

    before = counts()
    demo.load()
    assert counts() == before


def test_dialogue_page_lists_sites_with_country_date_and_host(
    demo_dialogue: Dialogue, client: Client
) -> None:
    html = client.get(f"/en/dialogues/{demo_dialogue.slug}/").content.decode()
    assert "Kenya" in html
    assert "Nairobi" in html
    assert 'datetime="2026-12-05"' in html


def test_dialogue_page_query_count_does_not_grow_with_sites(
    world: World, client: Client, django_assert_max_num_queries: DjangoAssertNumQueries
) -> None:
    for number in range(30):
        make_site(world.published, f"site-{number}", city=f"City {number}")
    with django_assert_max_num_queries(12):
        response = client.get(reverse("dialogues:dialogue", args=[world.published.slug]))
    assert response.status_code == 200


def test_site_page_shows_country_languages_and_host(
    demo_dialogue: Dialogue, client: Client
) -> None:
    response = client.get(f"/fr/dialogues/{demo_dialogue.slug}/sites/ke-nairobi/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Nairobi, Kenya" in html
    assert 'lang="sw"' in html


def test_text_missing_in_the_reader_language_falls_back_and_is_marked(
    client: Client, db: None
) -> None:
    dialogue = make_dialogue("english-only", status=Dialogue.Status.RECRUITING)
    dialogue.title = {"en": "Only in English"}
    dialogue.save()
    html = client.get(f"/fr/dialogues/{dialogue.slug}/").content.decode()
    assert '<span lang="en" dir="auto">Only in English</span>' in html


def test_unknown_page_gets_a_friendly_404(client: Client) -> None:
    response = client.get("/en/no-such-page/")
    assert response.status_code == 404
    assert "We could not find this page" in response.content.decode()


def test_api_describes_a_published_dialogue(demo_dialogue: Dialogue, client: Client) -> None:
    data = client.get(f"/api/v1/dialogues/{demo_dialogue.slug}").json()
    assert data["title"]["fr"].startswith("Dialogue citoyen mondial")
    assert len(data["sessions"]) == 5
    assert {partner["tier"] for partner in data["partners"]} >= {"global_partner", "pilot_partner"}
    assert all(site["hosts"] for site in data["sites"])


def test_site_region_is_derived_from_its_country_and_translated(
    demo_dialogue: Dialogue, client: Client
) -> None:
    site = demo_dialogue.sites.get(slug="ke-nairobi")
    assert (site.region, site.subregion) == ("Africa", "Sub-Saharan Africa")
    html = client.get(f"/fr/dialogues/{demo_dialogue.slug}/sites/ke-nairobi/").content.decode()
    assert "Afrique subsaharienne" in html


def test_dialogue_page_links_its_public_online_consultation(client: Client, db: None) -> None:
    from polyvox.demo import consultation as consultation_demo

    dialogue = demo.load()
    consultation_demo.load(dialogue=dialogue)
    consultation = dialogue.consultations.get()
    html = client.get(f"/en/dialogues/{dialogue.slug}/").content.decode()
    assert f'href="/en/consultations/{consultation.slug}/"' in html
    consultation.status = "draft"
    consultation.save()
    html = client.get(f"/en/dialogues/{dialogue.slug}/").content.decode()
    assert f"/consultations/{consultation.slug}/" not in html.split("<main")[1].split("</main>")[0]


def test_demo_sites_in_several_time_zones_meet_at_their_own_local_times(
    demo_dialogue: Dialogue, client: Client
) -> None:
    first_starts = {
        site.city: session_times(site=site)[0].starts_at_utc for site in demo_dialogue.sites.all()
    }
    # 09:30 local everywhere: 22:30 UTC the day before in Sydney, 08:30 UTC in Paris,
    # 15:30 UTC in Mexico City.
    assert first_starts["Sydney"] == datetime.datetime(2026, 12, 4, 22, 30, tzinfo=datetime.UTC)
    assert first_starts["Paris"] == datetime.datetime(2026, 12, 5, 8, 30, tzinfo=datetime.UTC)
    assert first_starts["Mexico City"] == datetime.datetime(
        2026, 12, 5, 15, 30, tzinfo=datetime.UTC
    )
    tokyo = demo_dialogue.sites.get(city="Tokyo")
    page = client.get(f"/en/dialogues/{demo_dialogue.slug}/sites/{tokyo.slug}/").content.decode()
    assert "The day, in local time (Asia/Tokyo)" in page
    assert 'datetime="2026-12-05T09:30:00+09:00">9:30 a.m.</time>' in page
