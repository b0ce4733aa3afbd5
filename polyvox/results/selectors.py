"""Reads for results: the engine's input built from the database, and the cached snapshot.

`results_answers` reads every ballot and paper count of a dialogue in three queries
(options, answers, paper counts) and hands them to engines.tally as column arrays.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet

from polyvox.deliberation.models import Answer, TallyCount
from polyvox.dialogues.models import Dialogue, Option, Question
from polyvox.engines.tally import Answers
from polyvox.results.models import Report, ResultsSnapshot

UNKNOWN = ""  # category value of paper counts and of participants without that category


@dataclass
class AnswerColumns:
    """Rows for `Answers.from_columns`, filled by the two readers below."""

    participant: list[str] = field(default_factory=list)
    site: list[str] = field(default_factory=list)
    country: list[str] = field(default_factory=list)
    question: list[str] = field(default_factory=list)
    option: list[str] = field(default_factory=list)
    count: list[int] = field(default_factory=list)
    categories: list[dict[str, str]] = field(default_factory=list)
    # Whole ballots of ranking questions, most important first, for the Borda count.
    rankings: dict[str, list[list[str]]] = field(default_factory=dict)

    def add(
        self,
        *,
        participant: str,
        site: str,
        country: str,
        question: str,
        option: str,
        count: int = 1,
        categories: dict[str, str] | None = None,
    ) -> None:
        self.participant.append(participant)
        self.site.append(site)
        self.country.append(country)
        self.question.append(question)
        self.option.append(option)
        self.count.append(count)
        self.categories.append(categories or {})


@dataclass(frozen=True)
class DialogueAnswers:
    answers: Answers | None  # None when nobody has answered yet
    options_by_question: dict[str, list[str]]
    ballots: int  # individual participants who answered
    paper: int  # people counted on paper (largest count total of any question per site)
    unchecked_counts: int  # paper counts whose two entries disagree, left out
    rankings: dict[str, list[list[str]]]


def results_questions(*, dialogue: Dialogue) -> QuerySet[Question]:
    """The closed questions of a dialogue, in agenda order, with their options."""
    return (
        Question.objects.filter(session__dialogue=dialogue)
        .exclude(kind=Question.Kind.OPEN)
        .select_related("session")
        .prefetch_related("options")
        .order_by("session__position", "session_id", "position", "id")
    )


def results_answers(*, dialogue: Dialogue) -> DialogueAnswers:
    options = list(
        Option.objects.filter(question__session__dialogue=dialogue)
        .exclude(question__kind=Question.Kind.OPEN)
        .order_by("question__session__position", "question__position", "question_id", "position")
        .values_list("id", "key", "question__key")
    )
    option_key = {option_id: key for option_id, key, _question in options}
    options_by_question: dict[str, list[str]] = defaultdict(list)
    for _id, key, question in options:
        options_by_question[question].append(key)
    columns = AnswerColumns()
    ballots = _add_ballots(columns, dialogue=dialogue, option_key=option_key)
    paper, unchecked = _add_paper_counts(columns, dialogue=dialogue)
    answers = _to_answers(columns) if columns.participant else None
    return DialogueAnswers(
        answers, dict(options_by_question), ballots, paper, unchecked, columns.rankings
    )


def ballot_rows(*, dialogue: Dialogue) -> QuerySet[Answer, tuple[Any, ...]]:
    """Closed-question ballots as (pseudonym, site, country, categories, question key,
    question kind, option id, choices): what the aggregation and the open data both read."""
    return (
        Answer.objects.filter(question__session__dialogue=dialogue)
        .exclude(question__kind=Question.Kind.OPEN)
        .values_list(
            "participant__pseudonym",
            "participant__site__slug",
            "participant__site__country",
            "participant__categories",
            "question__key",
            "question__kind",
            "option_id",
            "choices",
        )
    )


def _add_ballots(columns: AnswerColumns, *, dialogue: Dialogue, option_key: dict[int, str]) -> int:
    rows = ballot_rows(dialogue=dialogue)
    people = set()
    for pseudonym, site, country, categories, question, kind, option_id, choices in rows.iterator(
        chunk_size=5000
    ):
        chosen = _chosen_options(kind, option_id, choices)
        if kind == Question.Kind.RANKING and choices:
            ranked = [option_key[int(c)] for c in choices if int(c) in option_key]
            columns.rankings.setdefault(question, []).append(ranked)
        keys = [option_key[c] for c in chosen if c in option_key]
        for key in keys:
            columns.add(
                participant=pseudonym,
                site=site,
                country=str(country),
                question=question,
                option=key,
                categories=_category_strings(categories),
            )
        if keys:
            people.add(pseudonym)
    return len(people)


def _chosen_options(kind: str, option_id: int | None, choices: Any) -> list[int]:
    """Multiple choice: every chosen option; ranking: the first choice; else the option."""
    if kind == Question.Kind.MULTIPLE:
        return [int(choice) for choice in choices or []]
    if kind == Question.Kind.RANKING:
        return [int(choices[0])] if choices else ([option_id] if option_id else [])
    return [option_id] if option_id else []


def _category_strings(categories: Any) -> dict[str, str]:
    if not isinstance(categories, dict):
        return {}
    return {str(name): str(value) for name, value in categories.items() if value not in (None, "")}


def final_paper_counts(
    rows: Iterable[tuple[Any, ...]],
) -> tuple[dict[tuple[Any, ...], int], int]:
    """Counts to publish: a second entry that agrees, or the first while none exists.

    Rows are (site, country, table, question, option, stratum, entry, count). Counts
    whose two entries disagree wait for the counters to settle them, and are reported.
    """
    entries: dict[tuple[Any, ...], dict[int, int]] = defaultdict(dict)
    for row in rows:
        entries[tuple(row[:-2])][row[-2]] = row[-1]
    final: dict[tuple[Any, ...], int] = {}
    disagreeing = 0
    for cell, by_entry in entries.items():
        first, second = by_entry.get(TallyCount.Entry.FIRST), by_entry.get(TallyCount.Entry.SECOND)
        if first is not None and second is not None and first != second:
            disagreeing += 1
            continue
        final[cell] = first if first is not None else int(second or 0)
    return final, disagreeing


def _add_paper_counts(columns: AnswerColumns, *, dialogue: Dialogue) -> tuple[int, int]:
    rows = (
        TallyCount.objects.filter(site__dialogue=dialogue)
        .exclude(question__kind=Question.Kind.OPEN)
        .values_list(
            "site__slug",
            "site__country",
            "table_id",
            "question__key",
            "option__key",
            "stratum",
            "entry",
            "count",
        )
    )
    final, disagreeing = final_paper_counts(rows)
    per_site_question: dict[tuple[str, str], int] = defaultdict(int)
    for (site, country, table, question, option, stratum), count in final.items():
        if count <= 0:
            continue
        # The engine needs one participant id per counted option: these people all chose it.
        participant = f"paper:{site}:{table or ''}:{question}:{option}:{stratum}"
        columns.add(
            participant=participant,
            site=site,
            country=str(country),
            question=question,
            option=option,
            count=count,
        )
        per_site_question[(site, question)] += count
    by_site: dict[str, int] = defaultdict(int)
    for (site, _question), count in per_site_question.items():
        by_site[site] = max(by_site[site], count)
    return sum(by_site.values()), disagreeing


def _to_answers(columns: AnswerColumns) -> Answers:
    names = sorted({name for row in columns.categories for name in row})
    categories = {name: [row.get(name, UNKNOWN) for row in columns.categories] for name in names}
    return Answers.from_columns(
        participant=columns.participant,
        site=columns.site,
        country=columns.country,
        question=columns.question,
        option=columns.option,
        count=columns.count,
        categories=categories,
    )


def results_snapshot(*, dialogue: Dialogue) -> ResultsSnapshot | None:
    return ResultsSnapshot.objects.filter(dialogue=dialogue).first()


def results_reports(*, dialogue: Dialogue) -> QuerySet[Report]:
    return Report.objects.filter(dialogue=dialogue).order_by("scope", "language", "-created_at")
