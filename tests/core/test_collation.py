"""Names are listed the way people read them: accented capitals sort with their letter,
not after Z."""

from __future__ import annotations

import pytest
from django.test import Client

from polyvox.core.collation import collation_key, sorted_by_name
from polyvox.dialogues.models import Organisation, Partnership, Tier
from tests.conftest import World, make_site

FRENCH_NAMES = ["Zambie", "États-Unis", "Espagne", "Égypte", "Danemark"]


class TestCollationKey:
    def test_french_country_names_sort_with_their_letter(self) -> None:
        ordered = sorted_by_name(FRENCH_NAMES, name=str)
        assert ordered == ["Danemark", "Égypte", "Espagne", "États-Unis", "Zambie"]

    def test_case_and_accents_only_break_ties(self) -> None:
        assert sorted(["cote", "Côte", "côte", "Cote"], key=collation_key) == [
            "Cote",
            "cote",
            "Côte",
            "côte",
        ]

    def test_other_scripts_keep_a_total_order(self) -> None:
        names = ["مصر", "Égypte", "埃及", "Египет"]
        assert sorted_by_name(names, name=str) == sorted_by_name(reversed(names), name=str)


@pytest.mark.django_db
class TestDialoguePage:
    def test_sites_sort_by_the_french_name_of_their_country(self, world: World) -> None:
        for slug, country, city in [
            ("lusaka", "ZM", "Lusaka"),
            ("boston", "US", "Boston"),
            ("madrid", "ES", "Madrid"),
            ("cairo", "EG", "Le Caire"),
            ("berlin", "DE", "Berlin"),
            ("algiers", "DZ", "Alger"),
        ]:
            make_site(world.published, slug, country=country, city=city)
        page = Client().get(f"/fr/dialogues/{world.published.slug}/").content.decode()
        # By code, Germany (DE) would come before Algeria (DZ); in French, Algérie comes first.
        names = ["Algérie", "Allemagne", "Égypte", "Espagne", "États-Unis", "Sénégal", "Zambie"]
        positions = [page.index(f'data-label="Pays">{name}') for name in names]
        assert positions == sorted(positions)

    def test_partners_sort_by_name_within_their_tier(self, world: World) -> None:
        for name in ["Zeta Network", "Élan Civique", "Espace Public"]:
            Partnership.objects.create(
                dialogue=world.published,
                organisation=Organisation.objects.create(name=name),
                tier=Tier.GLOBAL_PARTNER,
            )
        page = Client().get(f"/fr/dialogues/{world.published.slug}/").content.decode()
        positions = [page.index(name) for name in ["Élan Civique", "Espace Public", "Zeta Network"]]
        assert positions == sorted(positions)
