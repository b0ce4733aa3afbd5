"""Reads for the public pages and the API: each a fixed, small number of queries."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch, QuerySet

from polyvox.accounts.models import AnyUser
from polyvox.core.collation import collation_key, sorted_by_name
from polyvox.dialogues.access import dialogues_visible_to
from polyvox.dialogues.models import (
    TIER_ORDER,
    Dialogue,
    Option,
    Partnership,
    Question,
    Session,
    Site,
    Tier,
)


@dataclass(frozen=True)
class PartnerGroup:
    tier: str
    label: str
    partnerships: list[Partnership]


def dialogue_list_for_reader(*, user: AnyUser) -> QuerySet[Dialogue]:
    return dialogues_visible_to(user).select_related("organiser").prefetch_related("sites")


def dialogue_partner_groups(*, dialogue: Dialogue) -> list[PartnerGroup]:
    """Partners grouped by tier, in tier order; hosts are listed with their sites instead."""
    partnerships = (
        Partnership.objects.filter(dialogue=dialogue)
        .exclude(tier=Tier.NATIONAL_HOST)
        .select_related("organisation")
        .order_by("organisation__name")
    )
    by_tier: dict[str, list[Partnership]] = {}
    for partnership in partnerships:
        by_tier.setdefault(partnership.tier, []).append(partnership)
    return [
        PartnerGroup(
            tier=tier,
            label=str(Tier(tier).label),
            partnerships=sorted_by_name(members, name=lambda p: p.organisation.name),
        )
        for tier, members in sorted(by_tier.items(), key=lambda item: TIER_ORDER[item[0]])
    ]


def dialogue_sites(*, dialogue: Dialogue) -> QuerySet[Site]:
    hosts = Partnership.objects.select_related("organisation").order_by("organisation__name")
    return dialogue.sites.prefetch_related(Prefetch("hosts", queryset=hosts)).order_by(
        "date", "country", "city"
    )


def dialogue_agenda(*, dialogue: Dialogue) -> QuerySet[Session]:
    options = Option.objects.order_by("position", "id")
    questions = (
        Question.objects.select_related("site")
        .prefetch_related(Prefetch("options", queryset=options))
        .order_by("position", "id")
    )
    return dialogue.sessions.prefetch_related(Prefetch("questions", queryset=questions))


def dialogue_sites_for_readers(*, dialogue: Dialogue) -> list[Site]:
    """The sites by date, then by country and city as the reader's language sorts names
    (the database orders country codes and bytes: "Égypte" would come last)."""
    return sorted(
        dialogue_sites(dialogue=dialogue),
        key=lambda site: (
            site.date,
            collation_key(str(site.country.name)),
            collation_key(site.city),
        ),
    )


def dialogue_online_tracks(*, dialogue: Dialogue) -> QuerySet[Any]:
    """The dialogue's public online consultations (drafts stay with their organisers).

    Consultation sits above dialogues, so this goes through the reverse relation that
    consultation declares (`related_name="consultations"`) instead of importing its model;
    "draft" is consultation's Consultation.Status.DRAFT.
    """
    return dialogue.consultations.exclude(status="draft").order_by("slug")


def site_hosts(*, site: Site) -> QuerySet[Partnership]:
    return site.hosts.select_related("organisation").order_by("organisation__name")
