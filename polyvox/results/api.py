"""Read-only results for partners: the same snapshot the pages read, filtered by level and weighting."""

from __future__ import annotations

import datetime
from typing import Literal

from django.http import Http404, HttpRequest
from ninja import Field, Query, Router, Schema

from polyvox.core.schemas import problems
from polyvox.dialogues.api import QuestionOut
from polyvox.dialogues.models import Dialogue
from polyvox.results.access import access_dialogue_for_results_reader
from polyvox.results.models import ResultsSnapshot
from polyvox.results.opendata import licence_metadata
from polyvox.results.selectors import (
    QUOTE_MIN_TEXTS,
    ThemeSource,
    results_snapshot,
    themes_for_readers,
)
from polyvox.results.services import results_snapshot_refresh
from polyvox.results.snapshot import ShareRow, Snapshot, load_snapshot

router = Router(tags=["results"])

Level = Literal["global", "region", "subregion", "income_group", "country", "site"]
Weighting = Literal["pooled", "country_equal", "population_weighted"]


class ShareOut(Schema):
    level: str
    group: str
    question: str
    option: str
    weighting: str
    count: int | None
    n: int | None
    share: float | None
    low: float | None
    high: float | None

    @classmethod
    def from_row(cls, row: ShareRow) -> ShareOut:
        # The API keeps its published field name `count` for ShareRow.option_count.
        return cls(**row._asdict() | {"count": row.option_count})


class Licence(Schema):
    name: str
    title: str
    path: str


class Totals(Schema):
    participants: int
    ballots: int
    paper: int
    unchecked_counts: int


class ThemeOut(Schema):
    question: str | None = Field(
        description="The open question's key; null for the recommendations written by tables."
    )
    title: dict[str, str] = Field(
        description="The organisers' name of the theme by language code; always has the "
        "dialogue's main language."
    )
    language: str = Field(description="The language its texts were grouped in.")
    texts: int
    quotes: list[dict[str, str]] = Field(
        description=f"Anonymous quotes, each by language; none for themes of fewer than "
        f"{QUOTE_MIN_TEXTS} texts."
    )


class ResultsOut(Schema):
    dialogue: str
    computed_at: datetime.datetime
    licence: Licence
    note: str
    totals: Totals
    questions: list[QuestionOut]
    shares: list[ShareOut]
    table_shares: list[ShareOut] = Field(
        description="Shares of tables (their group answers): each table counts once, "
        "n is a number of tables; weighting is always pooled."
    )
    themes: list[ThemeOut] = Field(description="The themes organisers have named.")
    themes_being_named: int = Field(
        description="Themes computed but not yet named by the organisers: not listed."
    )


class QuestionResultsOut(Schema):
    dialogue: str
    computed_at: datetime.datetime
    licence: Licence
    question: QuestionOut
    shares: list[ShareOut]
    table_shares: list[ShareOut] = Field(
        description="Shares of tables (their group answers), pooled over tables."
    )


class ShareFilters(Schema):
    level: Level | None = None
    weighting: Weighting | None = None


NOTE = "About 100 citizens per site are a deliberative sample, not an opinion poll."


def _snapshot(request: HttpRequest, slug: str) -> tuple[Dialogue, ResultsSnapshot]:
    dialogue = access_dialogue_for_results_reader(user=request.user, slug=slug)
    snapshot = results_snapshot(dialogue=dialogue) or results_snapshot_refresh(dialogue=dialogue)
    return dialogue, snapshot


def _themes(sources: list[ThemeSource]) -> list[ThemeOut]:
    return [
        ThemeOut(
            question=source.question.key if source.question else None,
            title=theme.title,
            language=theme.language,
            texts=theme.size,
            quotes=[quote["text"] for quote in theme.quotes],
        )
        for source in sources
        for theme in source.themes
    ]


def _shares(
    snapshot: Snapshot, filters: ShareFilters, question: str | None = None, *, tables: bool = False
) -> list[ShareOut]:
    return [
        ShareOut.from_row(row)
        for row in (snapshot.table_shares if tables else snapshot.shares)
        if (filters.level is None or row.level == filters.level)
        and (filters.weighting is None or row.weighting == filters.weighting)
        and (question is None or row.question == question)
    ]


@router.get(
    "/dialogues/{slug}/results",
    response={200: ResultsOut, **problems(404, 422)},
    url_name="results_dialogue",
)
def dialogue_results(request: HttpRequest, slug: str, filters: Query[ShareFilters]) -> ResultsOut:
    """Every share of a dialogue: pooled at each level, and the two country means above countries.

    404 for a dialogue whose results are not published; 422 for an unknown `level` or
    `weighting`."""
    dialogue, stored = _snapshot(request, slug)
    snapshot = load_snapshot(stored.data)
    sources = themes_for_readers(dialogue=dialogue)
    return ResultsOut(
        dialogue=slug,
        computed_at=stored.computed_at,
        licence=Licence(**licence_metadata(dialogue)),
        note=NOTE,
        totals=Totals(**snapshot.totals),
        questions=[QuestionOut.model_validate(question) for question in snapshot.questions],
        shares=_shares(snapshot, filters),
        table_shares=_shares(snapshot, filters, tables=True),
        themes=_themes(sources),
        themes_being_named=sum(source.unnamed for source in sources),
    )


@router.get(
    "/dialogues/{slug}/results/questions/{key}",
    response={200: QuestionResultsOut, **problems(404, 422)},
    url_name="results_question",
)
def question_results(
    request: HttpRequest, slug: str, key: str, filters: Query[ShareFilters]
) -> QuestionResultsOut:
    """The shares of one question, by its key (common to every site).

    404 for a dialogue whose results are not published or a key it does not ask; 422 for
    an unknown `level` or `weighting`."""
    dialogue, stored = _snapshot(request, slug)
    snapshot = load_snapshot(stored.data)
    question = next((q for q in snapshot.questions if q["key"] == key), None)
    if question is None:
        raise Http404("No such question.")
    return QuestionResultsOut(
        dialogue=slug,
        computed_at=stored.computed_at,
        licence=Licence(**licence_metadata(dialogue)),
        question=QuestionOut.model_validate(question),
        shares=_shares(snapshot, filters, key),
        table_shares=_shares(snapshot, filters, key, tables=True),
    )
