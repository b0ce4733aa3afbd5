"""The results of the demo dialogue: snapshot, visible results, themes of the written
answers and recommendations, three PDF reports."""

from __future__ import annotations

from polyvox.deliberation.models import Answer, TallyCount
from polyvox.demo import themes
from polyvox.dialogues.models import Dialogue, Question
from polyvox.results.access import RESULTS_VISIBLE
from polyvox.results.models import Report, Theme
from polyvox.results.selectors import open_questions
from polyvox.results.services import results_snapshot_refresh, themes_compute
from polyvox.results.snapshot import Snapshot, load_snapshot
from polyvox.results.tasks import snapshot_warm_charts, write_report

COUNTRY_REPORTS = 2


def load(*, dialogue: Dialogue) -> None:
    """Publish the demo dialogue's results; safe to run twice."""
    answered = Answer.objects.filter(question__session__dialogue=dialogue).exists()
    counted = TallyCount.objects.filter(site__dialogue=dialogue).exists()
    if not (answered or counted):
        return  # the deliberation demo has not cast any ballots: nothing to count yet
    snapshot = results_snapshot_refresh(dialogue=dialogue)
    snapshot_warm_charts(dialogue=dialogue, snapshot=snapshot)
    if dialogue.status not in RESULTS_VISIBLE:
        dialogue.status = Dialogue.Status.RESULTS_PUBLISHED
        dialogue.save(update_fields=["status"])
    sources: list[Question | None] = [*open_questions(dialogue=dialogue), None]
    for question in sources:
        if not Theme.objects.filter(dialogue=dialogue, site=None, question=question).exists():
            themes_compute(dialogue=dialogue, site=None, question=question)
    # Themes are published once named: the demo organiser names them, as a real one would.
    themes.load(dialogue=dialogue)
    for scope in [Report.GLOBAL, *_largest_countries(load_snapshot(snapshot.data))]:
        if not Report.objects.filter(dialogue=dialogue, scope=scope).exists():
            params = {
                "dialogue_id": dialogue.id,
                "scope": scope,
                "language": dialogue.source_language,
            }
            write_report(params, lambda fraction, message="": None)


def _largest_countries(snapshot: Snapshot) -> list[str]:
    people: dict[str, int] = {}
    for row in snapshot.shares:
        if row.level == "country" and row.weighting == "pooled" and row.n is not None:
            people[row.group] = max(people.get(row.group, 0), row.n)
    return sorted(people, key=lambda country: -people[country])[:COUNTRY_REPORTS]
