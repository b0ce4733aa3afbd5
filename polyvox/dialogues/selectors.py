"""Reads for the public pages and the API: each a fixed, small number of queries."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from django.db.models import Prefetch, QuerySet

from polyvox.accounts.models import AnyUser
from polyvox.core.collation import collation_key, sorted_by_name
from polyvox.core.translation import TranslatedText
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
from polyvox.dialogues.schedule import (
    SessionTime,
    SiteMoment,
    session_times,
    session_times_for_sites,
    site_moment,
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


# --- The agenda in local time ------------------------------------------------------------


@dataclass(frozen=True)
class AgendaSlot:
    title: TranslatedText
    time: SessionTime
    is_now: bool


@dataclass(frozen=True)
class SiteAgenda:
    """One site's day as its people live it, and where it stands at `now`."""

    site: Site
    slots: list[AgendaSlot]
    moment: SiteMoment
    local_now: datetime.datetime
    utc_offset: str  # "UTC+09:00", at the start of the site's day

    @property
    def current_slot(self) -> AgendaSlot | None:
        return next((slot for slot in self.slots if slot.is_now), None)

    @property
    def next_slot(self) -> AgendaSlot | None:
        upcoming = self.moment.next
        if upcoming is None:
            return None
        return next(slot for slot in self.slots if slot.time.session_id == upcoming.session_id)


def _utc_offset(moment: datetime.datetime) -> str:
    offset = moment.utcoffset() or datetime.timedelta(0)
    minutes = int(offset.total_seconds()) // 60
    sign = "+" if minutes >= 0 else "\u2212"
    return f"UTC{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


def _site_agenda(
    site: Site, times: list[SessionTime], titles: dict[int, TranslatedText], now: datetime.datetime
) -> SiteAgenda:
    local_now = now.astimezone(ZoneInfo(site.time_zone))
    start_of_day = times[0].starts_at if times else local_now
    slots = [
        AgendaSlot(title=titles[time.session_id], time=time, is_now=time.is_now(now=now))
        for time in times
    ]
    return SiteAgenda(
        site=site,
        slots=slots,
        moment=site_moment(times, now=now),
        local_now=local_now,
        utc_offset=_utc_offset(start_of_day),
    )


def site_agenda(*, site: Site, now: datetime.datetime) -> SiteAgenda:
    """The site's sessions in its local time, with what is under way at `now` (the run
    sheet's "due now")."""
    titles = dict(Session.objects.filter(dialogue_id=site.dialogue_id).values_list("id", "title"))
    return _site_agenda(site, session_times(site=site), titles, now)


def dialogue_global_agenda(*, dialogue: Dialogue, now: datetime.datetime) -> list[SiteAgenda]:
    """Every site's local day and where it stands at `now`, following the sun: the sites
    whose clocks are furthest ahead (the western Pacific) first, the Americas last."""
    sites = list(dialogue.sites.all())
    times = session_times_for_sites(sites=sites)
    titles = dict(Session.objects.filter(dialogue=dialogue).values_list("id", "title"))
    agendas = [_site_agenda(site, times[site.pk], titles, now) for site in sites]

    def sun_order(agenda: SiteAgenda) -> tuple[float, datetime.datetime, str]:
        first = agenda.slots[0].time.starts_at if agenda.slots else agenda.local_now
        offset = first.utcoffset() or datetime.timedelta(0)
        return (-offset.total_seconds(), first.astimezone(datetime.UTC), agenda.site.city)

    return sorted(agendas, key=sun_order)
