"""Online and hybrid tables (issue 14): rooms, "my day", attendance, materials, the kit."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from pathlib import Path
from urllib.parse import urlencode

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.http import QueryDict
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from polyvox.audit.models import AuditEvent
from polyvox.deliberation.breakouts import breakouts_redraw
from polyvox.deliberation.checkin import participant_check_in, tables_seat
from polyvox.deliberation.forms import RoomsForm
from polyvox.deliberation.models import Participant, SessionSeat, Table
from polyvox.deliberation.online import room_open
from polyvox.dialogues.models import Dialogue, FacilitatorStep, Session, SessionMaterial, Site
from polyvox.dialogues.rooms import room_from_template, validate_room_template
from polyvox.dialogues.schedule import session_times
from tests.conftest import World
from tests.deliberation.helpers import make_agenda, make_participants
from tests.hostile import HOSTILE, nasty_text

JITSI = "https://meet.jit.si/polyvox-test-{table}-{session}"
STATIC = Path(__file__).resolve().parents[2] / "polyvox" / "core" / "static" / "polyvox"


def online_site(site: Site, *, mode: str = Site.Mode.ONLINE) -> Site:
    site.mode = mode
    site.room_template = JITSI
    site.plenary_room_url = "https://meet.jit.si/polyvox-test-plenary"
    site.save()
    return site


def signed_in(citizen: Participant) -> Client:
    client = Client()
    response = client.post(
        reverse("deliberation:vote-login"), {"code": citizen.code, "next": "my-day"}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("deliberation:my-day")
    return client


def room_of(client: Client, session: Session) -> str:
    response = client.post(reverse("deliberation:my-day-room", args=[session.id]))
    assert response.status_code == 303
    return str(response["Location"])


def during(session: Session, site: Site) -> datetime:
    times = next(t for t in session_times(site=site) if t.session_id == session.id)
    return times.starts_at + timedelta(minutes=5)


@pytest.fixture
def session(world: World) -> Session:
    make_agenda(world.own)
    return Session.objects.get(dialogue=world.own, key="internet")


class TestRoomTemplates:
    @pytest.mark.parametrize(
        "template",
        [
            JITSI,
            "https://bbb.example.org/b/dialogue-{table}",
            "https://zoom.us/j/123456789",
            "https://example.org/{session}/{table}?x=1",
        ],
    )
    def test_it_accepts_any_https_service(self, template: str) -> None:
        validate_room_template(template)

    @pytest.mark.parametrize(
        "template",
        [
            "http://meet.jit.si/{table}",
            "javascript:alert(1)//{table}",
            "https://meet.jit.si/{name}",
            "https://meet.jit.si/{}",
            "https://meet.jit.si/{table!r}",
            "https://meet.jit.si/{table:>9}",
            "https://meet.jit.si/{{table}}",
            "https://meet.jit.si/{table",
            "https://meet.jit.si/table}",
            "https://meet.jit.si/{table.__class__}",
            "{table}",
        ],
    )
    def test_it_refuses_other_schemes_placeholders_and_braces(self, template: str) -> None:
        with pytest.raises(ValidationError):
            validate_room_template(template)

    @HOSTILE
    @given(st.one_of(nasty_text, st.text()))
    def test_any_text_is_refused_cleanly_or_makes_an_https_room(self, text: str) -> None:
        try:
            validate_room_template(text)
        except ValidationError:
            return
        assert room_from_template(text, table=3, session="s").startswith("https://")


class TestRoomsPerCitizen:
    def test_thirty_online_citizens_get_their_own_tables_room_and_no_other(
        self, world: World, session: Session
    ) -> None:
        site = online_site(world.own_site)
        citizens = make_participants(site, 30, status=Participant.Status.CONFIRMED)
        assert tables_seat(site=site, table_size=5) == 6
        rooms_seen: dict[int, set[str]] = {}
        every_room = {
            room_from_template(JITSI, table=table.number, session=session.key)
            for table in Table.objects.filter(site=site)
        }
        assert len(every_room) == 6
        for citizen in citizens:
            citizen.refresh_from_db()
            assert citizen.table is not None
            client = signed_in(citizen)
            page = client.get(reverse("deliberation:my-day")).content.decode()
            # The page names no room address at all: the room opens through the redirect.
            assert not any(room in page for room in every_room)
            room = room_of(client, session)
            assert room == f"https://meet.jit.si/polyvox-test-{citizen.table.number}-internet"
            rooms_seen.setdefault(citizen.table.number, set()).add(room)
        assert all(len(rooms) == 1 for rooms in rooms_seen.values())
        assert len(set().union(*rooms_seen.values())) == 6

    def test_a_session_of_another_dialogue_opens_nothing(
        self, world: World, session: Session
    ) -> None:
        site = online_site(world.own_site)
        (citizen,) = make_participants(site, 1)
        tables_seat(site=site, table_size=5)
        make_agenda(world.other)
        foreign = Session.objects.filter(dialogue=world.other).first()
        assert foreign is not None
        response = signed_in(citizen).post(reverse("deliberation:my-day-room", args=[foreign.id]))
        assert response.status_code == 404

    def test_an_in_person_table_has_no_room(self, world: World, session: Session) -> None:
        site = online_site(world.own_site, mode=Site.Mode.HYBRID)
        citizens = make_participants(site, 10)
        tables_seat(site=site, table_size=5)
        Table.objects.filter(site=site, number=1).update(online=True)
        for citizen in citizens:
            citizen.refresh_from_db()
            assert citizen.table is not None
            response = signed_in(citizen).post(
                reverse("deliberation:my-day-room", args=[session.id])
            )
            if citizen.table.number == 1:
                assert response.status_code == 303
            else:
                assert response.status_code == 302
                assert response["Location"] == reverse("deliberation:my-day")

    def test_a_changed_room_reaches_the_citizen(self, world: World, session: Session) -> None:
        site = online_site(world.own_site)
        (citizen, *_) = make_participants(site, 5, status=Participant.Status.CONFIRMED)
        tables_seat(site=site, table_size=5)
        client = signed_in(citizen)
        assert room_of(client, session) == "https://meet.jit.si/polyvox-test-1-internet"
        table = Table.objects.get(site=site)
        host = world.client_for("host")
        response = host.post(
            reverse("deliberation:rooms", args=[site.id]),
            {
                "room_template": JITSI,
                "plenary_room_url": site.plenary_room_url,
                f"room-{table.id}": "https://zoom.us/j/987654321",
            },
        )
        assert response.status_code == 302
        assert room_of(client, session) == "https://zoom.us/j/987654321"
        event = AuditEvent.objects.get(action="deliberation.rooms")
        assert event.details["tables"] == {
            str(table.id): {"online": False, "room_url": "https://zoom.us/j/987654321"}
        }

    def test_the_rooms_page_refuses_a_bad_template_and_an_http_room(
        self, world: World, session: Session
    ) -> None:
        site = online_site(world.own_site, mode=Site.Mode.HYBRID)
        make_participants(site, 5)
        tables_seat(site=site, table_size=5)
        table = Table.objects.get(site=site)
        response = world.client_for("host").post(
            reverse("deliberation:rooms", args=[site.id]),
            {"room_template": "https://x.org/{who}", f"room-{table.id}": "http://x.org/r"},
        )
        assert response.status_code == 400
        site.refresh_from_db()
        assert site.room_template == JITSI
        assert not AuditEvent.objects.filter(action="deliberation.rooms").exists()

    def test_a_host_chooses_which_hybrid_tables_meet_online(
        self, world: World, session: Session
    ) -> None:
        site = online_site(world.own_site, mode=Site.Mode.HYBRID)
        make_participants(site, 10)
        tables_seat(site=site, table_size=5)
        first, second = Table.objects.filter(site=site).order_by("number")
        data = QueryDict(urlencode({"room_template": JITSI, f"online-{second.id}": "on"}))
        form = RoomsForm(data, site=site, tables=[first, second])
        assert form.is_valid(), form.errors
        rooms = form.table_rooms()
        assert (rooms[first.id].online, rooms[second.id].online) == (False, True)


class TestMyDay:
    def test_it_shows_when_where_what_and_whom_in_the_citizens_language(
        self, world: World, session: Session
    ) -> None:
        site = world.own_site
        site.venue_address = "Hôtel de Ville\n75004 Paris"
        site.contact_email = "paris@example.org"
        site.save()
        (citizen,) = make_participants(site, 1, language="fr")
        page = signed_in(citizen).get(reverse("deliberation:my-day"))
        assert page["Cache-Control"] == "no-store"
        html = page.content.decode()
        assert '<html lang="fr" dir="ltr">' in html
        assert "Hôtel de Ville" in html
        assert (
            "https://www.openstreetmap.org/search?query=H%C3%B4tel%20de%20Ville%2075004%20Paris"
            in html
        )
        assert "paris@example.org" in html
        assert "09:00" in html  # Europe/Paris local time, from dialogues.schedule
        assert "<script" not in html

    def test_it_weighs_under_50_kb_with_its_stylesheet(
        self, world: World, session: Session
    ) -> None:
        site = online_site(world.own_site)
        (citizen, *_) = make_participants(site, 5)
        tables_seat(site=site, table_size=5)
        html = signed_in(citizen).get(reverse("deliberation:my-day")).content
        stylesheets = re.findall(rb'<link rel="stylesheet" href="[^"]*/([^/"]+\.css)"', html)
        css = sum((STATIC / name.decode()).stat().st_size for name in stylesheets)
        assert stylesheets
        assert len(html) + css < 50 * 1024

    def test_without_a_code_it_asks_for_one_and_comes_back(self, world: World) -> None:
        response = Client().get(reverse("deliberation:my-day"))
        assert response.status_code == 302
        assert response["Location"] == reverse("deliberation:vote-login") + "?next=my-day"

    def test_a_scanned_code_can_open_my_day(self, world: World, session: Session) -> None:
        (citizen,) = make_participants(world.own_site, 1)
        response = Client().get(
            reverse("deliberation:vote-login"), {"code": citizen.code, "next": "my-day"}
        )
        assert response.status_code == 302
        assert response["Location"] == reverse("deliberation:my-day")

    def test_the_voting_link_shows_only_while_voting_is_open(
        self, world: World, session: Session
    ) -> None:
        (citizen,) = make_participants(world.own_site, 1)
        client = signed_in(citizen)
        ballot = 'class="button" href="/fr/vote/ballot/"'  # in the citizen's language
        assert ballot not in client.get("/en/vote/my-day/").content.decode()
        from polyvox.deliberation.windows import window_open

        window_open(site=world.own_site, question=session.questions.first())  # type: ignore[arg-type]
        assert ballot in client.get("/en/vote/my-day/").content.decode()


class TestMaterials:
    def test_each_citizen_gets_their_language_else_a_noted_fallback(
        self, world: World, session: Session
    ) -> None:
        world.own.status = Dialogue.Status.RECRUITING
        world.own.save()
        site = world.own_site
        site.languages = ["fr", "pt", "de"]
        site.save()
        for language in ("en", "pt"):
            material = SessionMaterial(
                session=session,
                language=language,
                video_url=f"https://video.example.org/{language}",
                subtitles_url=f"https://video.example.org/{language}.vtt",
            )
            material.booklet.save(f"booklet-{language}.pdf", ContentFile(b"%PDF-1.4\n"), save=False)
            material.save()
        portuguese, german = (
            make_participants(site, 1, language="pt")[0],
            make_participants(site, 1, language="de")[0],
        )
        page = signed_in(portuguese).get("/en/vote/my-day/").content.decode()
        assert "https://video.example.org/pt" in page
        assert "https://video.example.org/pt.vtt" in page
        assert '<p class="note">' not in page  # no "not yet in your language" note
        booklet = re.search(r'href="(/media/booklets/booklet-pt[^"]*)"', page)
        assert booklet is not None
        assert Client().get(booklet.group(1)).status_code == 200  # the access-checked path
        page = signed_in(german).get("/en/vote/my-day/").content.decode()
        assert "https://video.example.org/en" in page  # the dialogue's source language
        assert '<p class="note">' in page  # "not yet in your language", in German

    def test_the_sessions_own_booklet_and_video_still_serve_as_fallback(
        self, world: World, session: Session
    ) -> None:
        session.video_url = "https://video.example.org/legacy"
        session.save()
        (citizen,) = make_participants(world.own_site, 1, language="fr")
        page = signed_in(citizen).get("/en/vote/my-day/").content.decode()
        assert "https://video.example.org/legacy" in page
        assert '<p class="note">' in page  # "not yet in your language", in German


class TestAttendance:
    def test_opening_the_room_during_the_session_marks_present_once(
        self, world: World, session: Session
    ) -> None:
        site = online_site(world.own_site)
        (citizen, *_) = make_participants(site, 5, status=Participant.Status.CONFIRMED)
        tables_seat(site=site, table_size=5)
        citizen.refresh_from_db()
        before = during(session, site) - timedelta(hours=2)
        room_open(participant=citizen, session=session, now=before)
        citizen.refresh_from_db()
        assert (citizen.status, citizen.joined_online_at) == ("confirmed", None)
        first = during(session, site)
        room_open(participant=citizen, session=session, now=first)
        room_open(participant=citizen, session=session, now=first + timedelta(minutes=9))
        citizen.refresh_from_db()
        assert citizen.status == Participant.Status.PRESENT
        assert citizen.joined_online_at == first
        assert Participant.objects.filter(joined_online_at__isnull=False).count() == 1

    def test_through_the_page_it_counts_on_the_dashboard_without_names(
        self, world: World, session: Session, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        site = online_site(world.own_site)
        citizens = make_participants(site, 10, status=Participant.Status.CONFIRMED)
        tables_seat(site=site, table_size=5)
        monkeypatch.setattr(timezone, "now", lambda: during(session, site))
        for citizen in citizens[:3]:
            room_of(signed_in(citizen), session)
            room_of(signed_in(citizen), session)
        joined = Participant.objects.filter(joined_online_at__isnull=False)
        assert joined.count() == 3
        page = world.client_for("host").get(f"/en/day/{site.id}/dashboard/").content.decode()
        assert "Online rooms: who is in which room" in page
        rooms = page.split("Online rooms: who is in which room")[1]
        cells = re.findall(r"<th scope=\"row\">Table (\d+)</th><td>(\d+)</td>", rooms)
        assert sum(int(n) for _, n in cells) == 3
        assert not any(citizen.code in page or citizen.pseudonym in page for citizen in citizens)

    def test_a_host_correction_stands(self, world: World, session: Session) -> None:
        site = online_site(world.own_site)
        (citizen, *_) = make_participants(site, 5, status=Participant.Status.CONFIRMED)
        tables_seat(site=site, table_size=5)
        citizen.refresh_from_db()
        room_open(participant=citizen, session=session, now=during(session, site))
        citizen.refresh_from_db()
        participant_check_in(participant=citizen, present=False, actor=world.users["host"])
        room_open(participant=citizen, session=session, now=during(session, site))
        citizen.refresh_from_db()
        assert citizen.status == Participant.Status.ABSENT
        assert AuditEvent.objects.filter(action="deliberation.check_in").count() == 1


class TestFacilitatorKit:
    def test_a_facilitator_sees_the_steps_beside_their_own_tables_only(
        self, world: World, session: Session
    ) -> None:
        site = online_site(world.own_site)
        make_participants(site, 10)
        tables_seat(site=site, table_size=5)
        first, _second = Table.objects.filter(site=site).order_by("number")
        first.facilitator = world.users["facilitator"]
        first.save()
        FacilitatorStep.objects.create(
            session=session,
            minute=0,
            kind=FacilitatorStep.Kind.PLENARY,
            text={"en": "Welcome everyone", "fr": "Accueillez tout le monde"},
        )
        FacilitatorStep.objects.create(
            session=session,
            minute=40,
            kind=FacilitatorStep.Kind.VOTE,
            question=session.questions.first(),
            text={"en": "Everyone votes now", "fr": "Chacun vote maintenant"},
        )
        url = f"/en/day/{site.id}/kit/"
        page = world.client_for("facilitator").get(url).content.decode()
        assert "Welcome everyone" in page
        assert "+40 min" in page
        assert "Is access a right?" in page
        assert "polyvox-test-1-internet" in page
        assert "polyvox-test-2-internet" not in page
        assert "@media print" in (STATIC / "site.css").read_text()
        french = world.client_for("facilitator").get(url, {"language": "fr"}).content.decode()
        assert "Accueillez tout le monde" in french
        host_page = world.client_for("host").get(url).content.decode()
        assert "polyvox-test-2-internet" in host_page


class TestHostileRoomsForm:
    @HOSTILE
    @given(template=st.one_of(nasty_text, st.text()), room=st.one_of(nasty_text, st.text()))
    def test_nasty_values_are_refused_or_stored_as_https(
        self, world: World, template: str, room: str
    ) -> None:
        site = online_site(world.own_site, mode=Site.Mode.HYBRID)
        table, _created = Table.objects.get_or_create(site=site, number=1)
        data = QueryDict(mutable=True)
        data.update(
            {"room_template": template, f"room-{table.id}": room, f"online-{table.id}": "on"}
        )
        form = RoomsForm(data, site=site, tables=[table])
        if not form.is_valid():
            return
        values, rooms = form.site_values(), form.table_rooms()
        assert values["room_template"] == "" or values["room_template"].startswith("https://")
        assert rooms[table.id].room_url == "" or rooms[table.id].room_url.startswith("https://")


def test_a_draft_dialogues_translated_booklet_stays_with_its_team(world: World) -> None:
    make_agenda(world.own)
    session = Session.objects.get(dialogue=world.own, key="internet")
    material = SessionMaterial(session=session, language="fr")
    material.booklet.save("livret.pdf", ContentFile(b"%PDF-1.4\n"), save=True)
    url = material.booklet.url
    assert Client().get(url).status_code == 404
    assert world.client_for("organiser").get(url).status_code == 200


def test_an_unknown_next_page_still_signs_in_to_the_ballot(world: World) -> None:
    (citizen,) = make_participants(world.own_site, 1)
    response = Client().post(
        reverse("deliberation:vote-login"), {"code": citizen.code, "next": "https://evil.example"}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("deliberation:ballot")


class TestBreakoutsBetweenSessions:
    def test_a_redrawn_session_opens_the_new_tables_room_and_my_day_says_where(
        self, world: World, session: Session
    ) -> None:
        site = online_site(world.own_site)
        later = Session.objects.create(
            dialogue=world.own, key="later", position=9, title={"en": "Later"}
        )
        citizens = make_participants(site, 10, status=Participant.Status.CONFIRMED)
        tables_seat(site=site, table_size=5)
        breakouts_redraw(site=site, session=later, table_size=5, actor=None)
        citizen = citizens[0]
        citizen.refresh_from_db()
        assert citizen.table is not None
        breakout = SessionSeat.objects.get(participant=citizen, session=later).table
        client = signed_in(citizen)
        assert room_of(client, session).endswith(f"-{citizen.table.number}-internet")
        assert room_of(client, later).endswith(f"-{breakout.number}-later")
        page = client.get(reverse("deliberation:my-day")).content.decode()
        assert f"Pendant cette séance, vous êtes à la table {breakout.number}." in page
