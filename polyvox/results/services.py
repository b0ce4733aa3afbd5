"""Writes for results: the snapshot every page reads, its recomputation, and reports."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
from django.db import transaction
from django.utils import timezone

from polyvox.accounts.models import User
from polyvox.dialogues.models import Dialogue, Question
from polyvox.engines.tally import (
    Answers,
    builtin_populations,
    compare_units,
    compute_breakdowns,
    compute_share_tables,
    country_profiles,
    rank_recommendations,
    scale_means,
    tally_sites,
    wilson_interval,
)
from polyvox.engines.tally.countries import country_attribute
from polyvox.engines.tally.shares import ShareTable
from polyvox.jobs.models import Job
from polyvox.jobs.services import job_enqueue
from polyvox.results.models import ResultsSnapshot
from polyvox.results.selectors import DialogueAnswers, results_answers, results_questions

RECOMPUTE = "results.recompute"
REPORT = "results.report"
SHARE_LEVELS = ("global", "region", "subregion", "income_group", "country", "site")
BREAKDOWN_LEVELS = ("global", "region", "income_group", "country")


def _number(value: float) -> float | None:
    """JSON has no NaN: an empty group's share is stored as null."""
    return None if math.isnan(value) else round(float(value), 6)


def results_compute(*, dialogue: Dialogue) -> dict[str, Any]:
    """Every number the results pages, reports, downloads and API show, as plain JSON."""
    questions = list(results_questions(dialogue=dialogue))
    read = results_answers(dialogue=dialogue)
    sites = {
        site.slug: {
            "city": site.city,
            "country": str(site.country.code),
            "region": country_attribute(str(site.country.code), "region"),
            "subregion": country_attribute(str(site.country.code), "subregion"),
            "income_group": country_attribute(str(site.country.code), "income_group"),
        }
        for site in dialogue.sites.all()
    }
    data: dict[str, Any] = {
        "questions": [_question_json(question) for question in questions],
        "sites": sites,
        "totals": {
            "ballots": read.ballots,
            "paper": read.paper,
            "participants": read.ballots + read.paper,
            "unchecked_counts": read.unchecked_counts,
        },
        "shares": [],
        "breakdowns": [],
        "categories": [],
        "scales": [],
        "comparisons": [],
        "rankings": {},
        "profiles": {"countries": [], "items": [], "share": []},
    }
    if read.answers is not None:
        data.update(_engine_results(read, questions))
    return data


def _question_json(question: Question) -> dict[str, Any]:
    return {
        "key": question.key,
        "kind": question.kind,
        "text": question.text,
        "options": [{"key": o.key, "text": o.text} for o in question.options.all()],
    }


def _engine_results(read: DialogueAnswers, questions: list[Question]) -> dict[str, Any]:
    answers = read.answers
    assert answers is not None
    options = {q: o for q, o in read.options_by_question.items() if o}
    tallies = tally_sites(answers, options)
    populations = builtin_populations()
    tables = compute_share_tables(
        answers, options_by_question=options, populations=populations, tallies=tallies
    )
    scale_values = {
        question.key: {o.key: float(i + 1) for i, o in enumerate(question.options.all())}
        for question in questions
        if question.kind == Question.Kind.SCALE and question.key in options
    }
    means = scale_means(
        answers,
        levels=SHARE_LEVELS,
        values_by_question=scale_values,
        options_by_question=options,
        tallies=tallies,
    )
    profiles = country_profiles(answers, options_by_question=options, tallies=tallies)
    return {
        "shares": [row for table in tables for row in _share_rows(table)],
        "breakdowns": _breakdown_rows(answers, options),
        "categories": sorted(answers.categories),
        "scales": [
            [m.level, m.group, m.question, m.n, _number(m.mean), _number(m.low), _number(m.high)]
            for m in means
        ],
        "comparisons": _comparison_rows(answers, options, tallies),
        "rankings": {
            question: [
                [r.recommendation, r.rank, r.borda_points, _number(r.approval_share)]
                for r in rank_recommendations(ballots, recommendations=options.get(question))
            ]
            for question, ballots in read.rankings.items()
        },
        "profiles": {
            "countries": profiles.countries,
            "items": [list(item) for item in profiles.item_of],
            "share": [[_number(v) for v in row] for row in profiles.share.tolist()],
        },
    }


def _share_rows(table: ShareTable) -> list[list[Any]]:
    """[level, group, question, option, weighting, count, n, share, low, high] per cell."""
    if table.count is not None and table.n is not None:
        low, high = wilson_interval(table.count, table.n)
    else:
        low = high = np.full(table.share.shape, np.nan)
    rows = []
    for g, group in enumerate(table.groups):
        for item, option in enumerate(table.options):
            question = table.questions[table.item_question[item]]
            count = None if table.count is None else round(float(table.count[g, item]))
            n = None if table.n is None else round(float(table.n[g, item]))
            rows.append(
                [
                    table.level,
                    group,
                    question,
                    option,
                    table.weighting,
                    count,
                    n,
                    _number(table.share[g, item]),
                    _number(low[g, item]),
                    _number(high[g, item]),
                ]
            )
    return rows


def _breakdown_rows(answers: Answers, options: dict[str, list[str]]) -> list[list[Any]]:
    """[category, level, group, question, value, option, n, count or None if suppressed]."""
    rows: list[list[Any]] = []
    for category in sorted(answers.categories):
        tables = compute_breakdowns(
            answers, category=category, levels=BREAKDOWN_LEVELS, options_by_question=options
        )
        for table in tables:
            for v, value in enumerate(table.values):
                if value == "":
                    continue  # paper counts and people without this category
                for o, option in enumerate(table.options):
                    rows.append(
                        [
                            category,
                            table.level,
                            table.group,
                            table.question,
                            value,
                            option,
                            int(table.n[v]),
                            table.published_count(v, o),
                        ]
                    )
    return rows


def _comparison_rows(answers: Answers, options: dict[str, list[str]], tallies: Any) -> list[Any]:
    """[country, question, option, share, rest_share, difference, p_value] per cell."""
    table = compare_units(answers, level="country", options_by_question=options, tallies=tallies)
    rows = []
    for g, group in enumerate(table.groups):
        for item, option in enumerate(table.options):
            question = table.questions[table.item_question[item]]
            rows.append(
                [
                    group,
                    question,
                    option,
                    _number(table.share[g, item]),
                    _number(table.rest_share[g, item]),
                    _number(table.difference[g, item]),
                    _number(table.p_value[g, item]),
                ]
            )
    return rows


@transaction.atomic
def results_snapshot_refresh(*, dialogue: Dialogue) -> ResultsSnapshot:
    data = results_compute(dialogue=dialogue)
    snapshot, _created = ResultsSnapshot.objects.update_or_create(
        dialogue=dialogue, defaults={"data": data, "computed_at": timezone.now(), "charts": {}}
    )
    return snapshot


@transaction.atomic
def results_recompute_request(*, dialogue: Dialogue, created_by: User | None = None) -> Job:
    """Queue a recomputation unless one is already waiting: the waiting one will see new answers."""
    # Lock the dialogue row so two requests at once cannot both find no queued job.
    Dialogue.objects.select_for_update().filter(id=dialogue.id).first()
    waiting = Job.objects.filter(dialogue=dialogue, kind=RECOMPUTE, status=Job.Status.QUEUED)
    job = waiting.first()
    if job is not None:
        return job
    return job_enqueue(
        kind=RECOMPUTE,
        params={"dialogue_id": dialogue.id},
        dialogue=dialogue,
        created_by=created_by,
    )


def report_request(
    *, dialogue: Dialogue, scope: str, language: str, created_by: User | None = None
) -> Job:
    params = {"dialogue_id": dialogue.id, "scope": scope, "language": language}
    return job_enqueue(kind=REPORT, params=params, dialogue=dialogue, created_by=created_by)
