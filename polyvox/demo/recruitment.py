"""The recruitment part of the demo dialogue: a pool per site with the categories of
data/categories.csv, quotas from population shares, and a completed selection everywhere
but the last site, so the demo shows the flow from the draw onwards. Safe to run twice."""

from __future__ import annotations

import random

from django.db import transaction

from polyvox.demo import content
from polyvox.demo.accounts import DEMO_HOST_SITE
from polyvox.dialogues.models import Dialogue, Site
from polyvox.people.digests import email_digest_for, household_key_for
from polyvox.people.models import Person
from polyvox.recruitment.categories import ValueDefinition, category_define
from polyvox.recruitment.models import SelectionRun, SiteRecruitment, Volunteer
from polyvox.recruitment.quotas import quotas_from_population
from polyvox.recruitment.selection import selection_compute, selection_draw, selection_prepare

# The demo panels stay small so `polyvox demo` stays fast; real sites draw ~100.
DEMO_PANEL = 24
DEMO_RESERVES = 6
PUBLIC_RANDOM = "demo: drand round 4200000"


# The demo host's own site keeps its pool undrawn, so the host can try the whole flow.
UNDRAWN_SITE = DEMO_HOST_SITE
# Each drawn site costs about a second; a handful keeps `polyvox demo` quick.
DRAWN_SITES = 6


def load(*, dialogue: Dialogue) -> None:
    """Give the demo dialogue its pools and draws; safe to run twice."""
    sites = list(dialogue.sites.order_by("id"))
    for number, site in enumerate(sites):
        _pool(site, number)
    drawn = [site for site in sites if site.slug != UNDRAWN_SITE][:DRAWN_SITES]
    for site in drawn:
        _selection(site)


@transaction.atomic
def _pool(site: Site, number: int) -> None:
    if Volunteer.objects.filter(site=site).exists():
        return
    categories = content.categories()
    for position, category in enumerate(categories):
        category_define(
            site=site,
            key=category.key,
            label=category.label,
            values=[
                ValueDefinition(key=value.key, label=value.label, share=value.share)
                for value in category.values
            ],
            position=position,
        )
    rng = random.Random(number)
    size = rng.randint(150, 300)
    language = site.languages[0] if site.languages else "en"
    people, volunteers = [], []
    for n in range(size):
        # About one volunteer in eight shares a home with the one before.
        home = n - 1 if n and rng.random() < 0.125 else n
        address = f"{home} Demo Street, {site.city}"
        email = f"volunteer{n:04d}.{site.slug}@example.org"
        people.append(
            Person(
                full_name=f"Volunteer {n:04d}",
                email=email,
                postal_address=address,
                preferred_language=language,
                consent_version="demo",
            )
        )
        answers = {
            category.key: _weighted(rng, [(value.key, value.share) for value in category.values])
            for category in categories
        }
        volunteers.append((answers, household_key_for(address), email_digest_for(email)))

    people = Person.objects.bulk_create(people)
    Volunteer.objects.bulk_create(
        Volunteer(
            site=site,
            person=person,
            values=values,
            household_key=household,
            email_digest=digest,
            source=Volunteer.Source.DEMO,
        )
        for person, (values, household, digest) in zip(people, volunteers, strict=True)
    )
    quotas_from_population(site=site, panel_size=DEMO_PANEL)


def _weighted(rng: random.Random, options: list[tuple[str, float]]) -> str:
    return rng.choices([value for value, _share in options], [share for _v, share in options])[0]


def _selection(site: Site) -> None:
    if SelectionRun.objects.filter(site=site, status=SelectionRun.Status.DRAWN).exists():
        return
    SelectionRun.objects.filter(site=site).delete()
    # As a host does: the pool stops changing before the lottery is prepared.
    SiteRecruitment.objects.update_or_create(site=site, defaults={"registration_open": False})
    run = selection_prepare(
        site=site,
        panel_size=DEMO_PANEL,
        reserves=DEMO_RESERVES,
        algorithm="maximin",
        created_by=None,
    )
    selection_compute(run=run, on_progress=lambda fraction, message: None)
    selection_draw(run=run, public_random=PUBLIC_RANDOM)
