"""The Django side of the global-day simulation, run as a subprocess on the simulation's
database (DATABASE_URL in its environment):

    python world.py build --sites 100 --citizens 100 --out plan.json
    python world.py windows --plan plan.json --t0 EPOCH --hour-seconds 30 --deadline EPOCH
    python world.py recompute --plan plan.json --out digest.json

`build` creates one dialogue of five one-hour sessions (four single-choice questions each)
and N sites in 20 time zones, each with its citizens present, plus a small second dialogue
for the throughput phase; `windows` opens and closes every site's questions when its
sessions start and end in its local time (the host's button on the run sheet calls the same
service, `polyvox.deliberation.windows`); `recompute` compares the stored results snapshot
(written by a worker's job) with `results_compute` on the stored ballots, and counts the
stored answers per question and option.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import secrets
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "polyvox.settings")

import django

django.setup()

from django.db import DatabaseError, close_old_connections, connection, transaction  # noqa: E402
from django.db.models import Count  # noqa: E402

from polyvox.accounts.models import Membership, Role, User  # noqa: E402
from polyvox.accounts.tokens import api_token_issue  # noqa: E402
from polyvox.deliberation.models import Answer, Participant, new_voting_code  # noqa: E402
from polyvox.deliberation.windows import window_close, window_open  # noqa: E402
from polyvox.demo.fixtures import ballots_fixture  # noqa: E402
from polyvox.dialogues import services as dialogue_services  # noqa: E402
from polyvox.dialogues.models import Dialogue, Question, Site, Tier  # noqa: E402
from polyvox.dialogues.schedule import session_times  # noqa: E402
from polyvox.results.computation import results_compute  # noqa: E402
from polyvox.results.models import ResultsSnapshot  # noqa: E402
from polyvox.results.snapshot import dump_snapshot  # noqa: E402

# From the Pacific to the Americas: (time zone, country, city). Sites are spread evenly over
# them: 100 sites are five per zone.
ZONES = [
    ("Pacific/Auckland", "NZ", "Auckland"),
    ("Pacific/Fiji", "FJ", "Suva"),
    ("Australia/Sydney", "AU", "Sydney"),
    ("Asia/Tokyo", "JP", "Tokyo"),
    ("Asia/Manila", "PH", "Manila"),
    ("Asia/Bangkok", "TH", "Bangkok"),
    ("Asia/Dhaka", "BD", "Dhaka"),
    ("Asia/Kolkata", "IN", "Pune"),
    ("Asia/Karachi", "PK", "Lahore"),
    ("Asia/Dubai", "AE", "Dubai"),
    ("Africa/Nairobi", "KE", "Nairobi"),
    ("Africa/Cairo", "EG", "Cairo"),
    ("Europe/Paris", "FR", "Lyon"),
    ("Africa/Dakar", "SN", "Dakar"),
    ("Atlantic/Cape_Verde", "CV", "Praia"),
    ("America/Sao_Paulo", "BR", "Recife"),
    ("America/New_York", "US", "Boston"),
    ("America/Mexico_City", "MX", "Puebla"),
    ("America/Los_Angeles", "US", "Oakland"),
    ("Pacific/Honolulu", "US", "Hilo"),
]
SESSIONS = 5
QUESTIONS_PER_SESSION = 4
OPTIONS = 4
DAY = datetime.date(2026, 12, 7)


def site_address(index: int) -> str:
    """Each site's citizens share one address (the venue's), as behind a venue's router."""
    return f"127.1.{index // 250}.{index % 250 + 1}"


def build(*, sites: int, citizens: int, zones: int, throughput_citizens: int) -> dict[str, Any]:
    with transaction.atomic():
        tag = secrets.token_hex(3)
        organiser = dialogue_services.organisation_upsert(name=f"Global day {tag}", country="FR")
        dialogue = dialogue_services.dialogue_upsert(
            slug=f"global-day-{tag}",
            organiser=organiser,
            title={"en": "Global day"},
            theme={"en": "Simulation"},
            source_language="en",
            start_date=DAY,
            end_date=DAY,
            status=Dialogue.Status.DELIBERATING,
        )
        dialogue_services.partnership_ensure(
            dialogue=dialogue, organisation=organiser, tier=Tier.ORGANISER
        )
        for position in range(SESSIONS):
            dialogue_services.session_upsert(
                dialogue=dialogue,
                key=f"s{position + 1}",
                position=position,
                duration_minutes=60,
                title={"en": f"Session {position + 1}"},
                questions=[
                    {
                        "key": f"s{position + 1}q{q + 1}",
                        "kind": "single",
                        "text": {"en": f"Session {position + 1}, question {q + 1}?"},
                        "options": [
                            {"key": f"o{o + 1}", "text": {"en": f"Option {o + 1}"}}
                            for o in range(OPTIONS)
                        ],
                    }
                    for q in range(QUESTIONS_PER_SESSION)
                ],
            )
        questions = {
            question.id: question
            for question in Question.objects.filter(session__dialogue=dialogue).select_related(
                "session"
            )
        }
        used: set[str] = set()  # voting codes are unique across the dialogue
        plan_sites = [
            _site(dialogue, index, index * zones // sites, citizens, questions, used)
            for index in range(sites)
        ]
        user = User.objects.create_user(username=f"gd-{tag}", email=f"gd-{tag}@example.org")
        Membership.objects.create(user=user, role=Role.ORGANISER, dialogue=dialogue)
        token = api_token_issue(user=user, name="global day")
        throughput = _throughput_dialogue(throughput_citizens)
    return {
        "dialogue": dialogue.slug,
        "token": token,
        "questions": {
            str(question.id): {
                "session": question.session.position,
                "options": sorted(question.options.values_list("id", flat=True)),
            }
            for question in questions.values()
        },
        "sites": plan_sites,
        "throughput": throughput,
    }


def _site(
    dialogue: Dialogue,
    index: int,
    zone_index: int,
    citizens: int,
    questions: dict[int, Question],
    used: set[str],
) -> dict[str, Any]:
    zone, country, city = ZONES[zone_index]
    site = dialogue_services.site_upsert(
        dialogue=dialogue,
        slug=f"site-{index + 1}",
        country=country,
        city=f"{city} {index + 1}",
        languages=["en"],
        time_zone=zone,
        date=DAY,
    )
    codes: set[str] = set()
    while len(codes) < citizens:
        code = new_voting_code()
        if code not in used:
            codes.add(code)
    used |= codes
    Participant.objects.bulk_create(
        [
            Participant(site=site, code=code, language="en", status=Participant.Status.PRESENT)
            for code in sorted(codes)
        ],
        batch_size=2000,
    )
    by_session: dict[int, list[int]] = {}
    for question in questions.values():
        by_session.setdefault(question.session_id, []).append(question.id)
    return {
        "id": site.id,
        "slug": site.slug,
        "zone": zone,
        "address": site_address(index),
        "codes": sorted(codes),
        "sessions": [
            {
                "position": times.position,
                "opens": times.starts_at.astimezone(datetime.UTC).isoformat(),
                "closes": times.ends_at.astimezone(datetime.UTC).isoformat(),
                "questions": sorted(by_session[times.session_id]),
            }
            for times in session_times(site=site)
        ],
    }


def _throughput_dialogue(citizens: int) -> dict[str, Any]:
    """A dialogue apart for the one-against-three-servers phase, so its ballots stay out of
    the day's results: the load tests' own fixture (`polyvox fixture ballots`)."""
    fixture = ballots_fixture(citizens=citizens, base_url="http://127.0.0.1")
    return {
        "question": fixture.question,
        "options": sorted(fixture.options),
        "codes": fixture.codes,
    }


# --- opening and closing by local time ----------------------------------------------------


def timetable(plan: dict[str, Any]) -> list[tuple[datetime.datetime, str, int, int]]:
    """(UTC time, "open" or "close", site id, question id), in order; closes before opens
    at the same moment."""
    events = []
    for site in plan["sites"]:
        for session in site["sessions"]:
            for question in session["questions"]:
                opens = datetime.datetime.fromisoformat(session["opens"])
                closes = datetime.datetime.fromisoformat(session["closes"])
                events.append((opens, "open", site["id"], question))
                events.append((closes, "close", site["id"], question))
    return sorted(events, key=lambda event: (event[0], event[1] == "open"))


def windows(plan: dict[str, Any], *, t0: float, hour_seconds: float, deadline: float) -> int:
    """Open and close on time (scaled); a database outage delays them, never skips them.

    Each site's host works on their own: a close waiting for the ballots in flight at one site
    must not hold back another site's opening. A few threads share the switches; one site's
    switches stay in order (a close never overtakes its open)."""
    events = timetable(plan)
    day_start = events[0][0]
    sites = {site.id: site for site in Site.objects.filter(id__in={e[2] for e in events})}
    questions = {q.id: q for q in Question.objects.filter(id__in={e[3] for e in events})}
    connection.close()  # the threads use their own
    late: list[float] = []
    failed: list[str] = []
    output = threading.Lock()

    def switch(action: str, site_id: int, question_ids: list[int], due: float, before: Any) -> None:
        if before is not None:
            before.result()  # this site's earlier switch (running or done: the pool is FIFO)
        try:
            for question_id in question_ids:
                while True:
                    try:
                        close_old_connections()
                        flip = window_open if action == "open" else window_close
                        flip(site=sites[site_id], question=questions[question_id])
                        break
                    except DatabaseError as error:
                        if time.time() > deadline:
                            failed.append(f"gave up {action} {site_id}/{question_id}: {error}")
                            return
                        connection.close()
                        time.sleep(0.2)
                with output:
                    late.append(time.time() - due)
                    # Citizens answer once their host has opened the question.
                    print(json.dumps({action: [site_id, question_id]}), flush=True)
        finally:
            connection.close()

    # (time, action, site) -> its questions, switched together as the host's run sheet does.
    batches: dict[tuple[datetime.datetime, str, int], list[int]] = {}
    for at, action, site_id, question_id in events:
        batches.setdefault((at, action, site_id), []).append(question_id)
    last: dict[int, Any] = {}
    with ThreadPoolExecutor(max_workers=8) as pool:
        for (at, action, site_id), question_ids in batches.items():
            due = t0 + (at - day_start).total_seconds() / 3600 * hour_seconds
            time.sleep(max(0.0, due - time.time()))
            last[site_id] = pool.submit(
                switch, action, site_id, question_ids, due, last.get(site_id)
            )
    late.sort()
    print(
        json.dumps(
            {
                "switches": len(late),
                "late_p50_s": round(late[len(late) // 2], 3) if late else None,
                "late_max_s": round(late[-1], 3) if late else None,
                "failed": failed,
            }
        ),
        flush=True,
    )
    return 1 if failed else 0


# --- the final check -----------------------------------------------------------------------


def recompute(plan: dict[str, Any]) -> dict[str, Any]:
    """The stored snapshot against a recomputation from the stored ballots, and the stored
    answers per question and option (code, option) for the ledger's comparison."""
    dialogue = Dialogue.objects.get(slug=plan["dialogue"])
    stored = ResultsSnapshot.objects.filter(dialogue=dialogue).first()
    fresh = json.loads(json.dumps(dump_snapshot(results_compute(dialogue=dialogue))))
    answers = Answer.objects.filter(question__session__dialogue=dialogue)
    rows = answers.values_list("participant__code", "question_id", "option_id", "request_key")
    per_pair = answers.values("participant_id", "question_id").annotate(n=Count("id"))
    return {
        "snapshot_identical": stored is not None and stored.data == fresh,
        "snapshot_computed_at": stored.computed_at.isoformat() if stored else None,
        "snapshot_ballots": stored.data["totals"]["ballots"] if stored else None,
        "fresh_ballots": fresh["totals"]["ballots"],
        "answers": [list(row) for row in rows],
        "pairs_stored_twice": sum(1 for pair in per_pair if pair["n"] > 1),
    }


def main() -> int:
    parser = argparse.ArgumentParser()
    commands = parser.add_subparsers(dest="command", required=True)
    build_parser = commands.add_parser("build")
    build_parser.add_argument("--sites", type=int, required=True)
    build_parser.add_argument("--citizens", type=int, required=True)
    build_parser.add_argument("--zones", type=int, default=len(ZONES), help="the first N zones")
    build_parser.add_argument("--throughput-citizens", type=int, default=2000)
    build_parser.add_argument("--out", type=Path, required=True)
    windows_parser = commands.add_parser("windows")
    windows_parser.add_argument("--plan", type=Path, required=True)
    windows_parser.add_argument("--t0", type=float, required=True)
    windows_parser.add_argument("--hour-seconds", type=float, required=True)
    windows_parser.add_argument("--deadline", type=float, required=True)
    recompute_parser = commands.add_parser("recompute")
    recompute_parser.add_argument("--plan", type=Path, required=True)
    recompute_parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    if args.command == "build":
        plan = build(
            sites=args.sites,
            citizens=args.citizens,
            zones=min(args.zones, len(ZONES)),
            throughput_citizens=args.throughput_citizens,
        )
        args.out.write_text(json.dumps(plan))
        return 0
    plan = json.loads(args.plan.read_text())
    if args.command == "windows":
        return windows(plan, t0=args.t0, hour_seconds=args.hour_seconds, deadline=args.deadline)
    args.out.write_text(json.dumps(recompute(plan)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
