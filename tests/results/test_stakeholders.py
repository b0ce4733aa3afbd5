"""Issue 15 item 6: the stakeholders' track is shown beside the citizens', never pooled.

Six stakeholders answer `agree` with "unsure" (no citizen did) and write an open answer:
every citizens' figure (snapshot, results page, API, open data, report, themes, the
organisers' question API) stays exactly what it was without them.
"""

from __future__ import annotations

import csv
import io
import zipfile

import pytest
from django.test import Client
from django.urls import reverse

from polyvox.accounts.models import User
from polyvox.audit.models import AuditEvent
from polyvox.deliberation.models import Answer, Participant
from polyvox.deliberation.selectors import question_results
from polyvox.deliberation.stakeholders import StakeholderEntry, stakeholder_register
from polyvox.people.digests import participant_digest_for
from polyvox.people.models import Stakeholder
from polyvox.results.models import Report
from polyvox.results.reports import report_context
from polyvox.results.selectors import theme_texts
from polyvox.results.services import results_snapshot_refresh
from polyvox.results.snapshot import load_snapshot
from tests.conftest import World
from tests.results.conftest import Results
from tests.results.test_pages import publish

pytestmark = pytest.mark.django_db


def add_stakeholders(world: World, results: Results, n: int = 6) -> list[Participant]:
    panel = [
        stakeholder_register(
            site=world.own_site,
            entry=StakeholderEntry(
                full_name=f"Stakeholder {i}",
                organisation=f"Union {i}",
                email=f"s{i}@example.org",
                language="fr",
            ),
        )
        for i in range(n)
    ]
    why = results.dialogue.sessions.get().questions.get(key="why")
    for participant in panel:
        Answer.objects.create(
            participant=participant, question=results.agree, option=results.option["unsure"]
        )
        Answer.objects.create(participant=participant, question=why, text="Lobby text here")
    return panel


def citizens_view(client: Client, results: Results) -> dict[str, object]:
    """Every citizens' figure a reader or an organiser can get, as plain data."""
    snapshot = results_snapshot_refresh(dialogue=results.dialogue)
    data = load_snapshot(snapshot.data)
    answers = client.get(reverse("results:download", args=["own", "answers", "csv"]))
    archive = zipfile.ZipFile(io.BytesIO(answers.content))
    report = report_context(dialogue=results.dialogue, snapshot=snapshot, scope=Report.GLOBAL)
    return {
        "shares": data.shares,
        "breakdowns": data.breakdowns,
        "totals": data.totals,
        "comparisons": data.comparisons,
        "api": client.get("/api/v1/dialogues/own/results").json()["shares"],
        "answers.csv": list(csv.DictReader(io.StringIO(archive.read("answers.csv").decode()))),
        "report": [(f.key, f.summary, f.headline) for f in report["figures"]],
        "participation": report["participation"],
        "themes": [t.id for t in theme_texts(dialogue=results.dialogue, site=None, question=None)]
        + [
            t.id
            for t in theme_texts(
                dialogue=results.dialogue,
                site=None,
                question=results.dialogue.sessions.get().questions.get(key="why"),
            )
        ],
        "organiser api": question_results(question=results.agree),
    }


def test_stakeholders_answers_never_change_the_citizens_figures(
    client: Client, world: World, results: Results
) -> None:
    publish(results)
    before = citizens_view(client, results)
    add_stakeholders(world, results)
    after = citizens_view(client, results)
    for name, value in before.items():
        assert after[name] == value, name


def test_their_shares_stand_beside_the_citizens_with_the_difference_in_words(
    client: Client, world: World, results: Results
) -> None:
    publish(results)
    add_stakeholders(world, results)
    snapshot = load_snapshot(results_snapshot_refresh(dialogue=results.dialogue).data)
    unsure = next(r for r in snapshot.stakeholders if (r.question, r.option) == ("agree", "unsure"))
    assert (unsure.option_count, unsure.n, unsure.share) == (6, 6, 1.0)
    page = client.get(reverse("results:results", args=["own"])).content.decode()
    assert "Citizens / stakeholders" in page
    # Citizens: 0 of 10 unsure; stakeholders 6 of 6: the intervals are far apart.
    assert "Stakeholders chose “Unsure” more often than citizens" in page
    assert "unlikely to be chance" in page


def test_the_vault_holds_their_names_and_the_day_only_a_pseudonym(
    world: World, results: Results
) -> None:
    (participant,) = add_stakeholders(world, results, n=1)
    assert participant.track == Participant.Track.STAKEHOLDERS
    stakeholder = Stakeholder.objects.select_related("person").get()
    assert stakeholder.person.full_name == "Stakeholder 0"
    assert stakeholder.participant_digest == participant_digest_for(participant.pseudonym)
    assert "Stakeholder 0" not in str(Participant.objects.values().get(id=participant.id))


def test_an_organiser_registers_a_stakeholder_audited_and_sees_the_code_once(
    world: World, results: Results
) -> None:
    client = world.client_for("organiser")
    url = reverse("deliberation:stakeholders", args=[world.own_site.id])
    response = client.post(
        url,
        {"full_name": "Ada Lovelace", "organisation": "Chamber", "email": "", "language": "fr"},
    )
    assert response.status_code == 200
    participant = Participant.objects.get(track=Participant.Track.STAKEHOLDERS)
    assert participant.code in response.content.decode()
    page = client.get(url).content.decode()
    assert "Ada Lovelace" in page
    assert participant.code not in page
    event = AuditEvent.objects.get(action="deliberation.stakeholder_register")
    assert event.actor == User.objects.get(username="organiser")
    assert "Ada" not in str(event.details)


def test_hosts_and_facilitators_cannot_reach_the_panel(world: World) -> None:
    url = reverse("deliberation:stakeholders", args=[world.own_site.id])
    for role in ("host", "facilitator", "citizen"):
        assert world.client_for(role).get(url).status_code == 404, role
