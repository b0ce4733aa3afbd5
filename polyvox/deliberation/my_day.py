"""What a citizen's "my day" page shows: when, where, what to read first, whom to ask.

Times come only from polyvox.dialogues.schedule, in the site's own time zone; rooms only
from polyvox.deliberation.online, read at every visit, so a changed room shows at once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from urllib.parse import quote

from polyvox.core.translation import pick_text
from polyvox.deliberation.models import Participant, QuestionWindow, SiteDay
from polyvox.deliberation.online import meets_online, table_room
from polyvox.deliberation.selectors import breakout_tables_of
from polyvox.dialogues.models import Session, SessionMaterial, Site
from polyvox.dialogues.schedule import session_times


@dataclass(frozen=True)
class Material:
    language: str  # the language served, which may not be the citizen's
    booklet_url: str
    video_url: str
    subtitles_url: str

    @property
    def empty(self) -> bool:
        return not (self.booklet_url or self.video_url)


@dataclass(frozen=True)
class DaySession:
    session: Session
    title: str
    information: str
    starts_at: datetime
    ends_at: datetime
    now: bool
    over: bool
    has_room: bool
    # The citizen's table in this session when the breakouts were re-drawn for it.
    breakout_table: int | None
    material: Material
    fallback: bool  # the material is not in the citizen's language


@dataclass(frozen=True)
class MyDay:
    site: Site
    language: str
    online: bool
    table_number: int | None
    sessions: list[DaySession]
    map_url: str
    voting_open: bool


def _pick_material(session: Session, materials: list[SessionMaterial], language: str) -> Material:
    """The citizen's language, else its base language (pt-br -> pt), else the dialogue's
    source language, else any; the session's own booklet and video come last."""
    source = session.dialogue.source_language
    by_language = {item.language.lower(): item for item in materials}
    for code in (language.lower(), language.lower().split("-")[0], source.lower()):
        if code in by_language:
            return _material(by_language[code])
    if materials:
        return _material(materials[0])
    return Material(
        language=source,
        booklet_url=session.booklet.url if session.booklet else "",
        video_url=session.video_url,
        subtitles_url="",
    )


def _material(item: SessionMaterial) -> Material:
    return Material(
        language=item.language,
        booklet_url=item.booklet.url if item.booklet else "",
        video_url=item.video_url,
        subtitles_url=item.subtitles_url,
    )


def map_link(address: str) -> str:
    """A map search for the venue (OpenStreetMap: no account, no tracking script)."""
    if not address.strip():
        return ""
    return "https://www.openstreetmap.org/search?query=" + quote(" ".join(address.split()))


def my_day(*, participant: Participant, language: str, now: datetime) -> MyDay:
    site = participant.site
    source = site.dialogue.source_language
    table = participant.table
    online = table is not None and meets_online(table, site)
    sessions = {
        session.id: session
        for session in Session.objects.filter(dialogue_id=site.dialogue_id)
        .select_related("dialogue")
        .prefetch_related("materials")
    }
    breakouts = breakout_tables_of(participant=participant)
    day: list[DaySession] = []
    for times in session_times(site=site):
        session = sessions[times.session_id]
        session_table = breakouts.get(session.id, table)
        material = _pick_material(session, list(session.materials.all()), language)
        day.append(
            DaySession(
                session=session,
                title=pick_text(session.title, language, source),
                information=pick_text(session.information, language, source),
                starts_at=times.starts_at,
                ends_at=times.ends_at,
                now=times.is_now(now=now),
                over=times.ends_at <= now,
                has_room=session_table is not None
                and bool(table_room(table=session_table, site=site, session=session)),
                breakout_table=breakouts[session.id].number if session.id in breakouts else None,
                material=material,
                fallback=not material.empty and not _same_language(material.language, language),
            )
        )
    voting_open = (
        QuestionWindow.objects.filter(site=site, closed_at__isnull=True).exists()
        or SiteDay.objects.filter(site=site, ranking_open=True).exists()
    )
    return MyDay(
        site=site,
        language=language,
        online=online,
        table_number=table.number if table is not None else None,
        sessions=day,
        map_url="" if online else map_link(site.venue_address),
        voting_open=voting_open,
    )


def _same_language(served: str, wanted: str) -> bool:
    served, wanted = served.lower(), wanted.lower()
    return served == wanted or served == wanted.split("-")[0]
