"""The results snapshot's computation: every number of the results pages, from the engine."""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import replace

import numpy as np

from polyvox.deliberation.models import Participant
from polyvox.dialogues.models import Dialogue, Option, Question
from polyvox.engines.tally import (
    POOLED,
    Answers,
    compare_units,
    compute_breakdowns,
    compute_share_tables,
    country_profiles,
    rank_recommendations,
    scale_means,
    tally_sites,
    wilson_interval,
)
from polyvox.engines.tally.countries import UNKNOWN_GROUP
from polyvox.engines.tally.shares import ShareTable
from polyvox.engines.tally.tallies import SiteTallies
from polyvox.results.reference_data import populations_of, reference_for_dialogue
from polyvox.results.selectors import (
    UNKNOWN,
    DialogueAnswers,
    ballot_rows,
    chosen_options,
    results_answers,
    results_questions,
    table_answers_for_engine,
)
from polyvox.results.snapshot import (
    BreakdownRow,
    ComparisonRow,
    CountryProfiles,
    CountryReference,
    OptionRecord,
    QuestionRecord,
    RankingRow,
    ReferenceRecord,
    ScaleRow,
    ShareRow,
    SiteRecord,
    Snapshot,
    Totals,
    TrackRow,
)
from polyvox.results.strata import PAPER_UNSPLIT, dialogue_category_labels

SHARE_LEVELS = ("global", "region", "subregion", "income_group", "country", "site")
BREAKDOWN_LEVELS = ("global", "region", "income_group", "country")


def _number(value: float) -> float | None:
    """JSON has no NaN: an empty group's share is stored as null."""
    return None if math.isnan(value) else round(float(value), 6)


def results_compute(*, dialogue: Dialogue) -> Snapshot:
    """Every number the results pages, reports, downloads and API show."""
    questions = list(results_questions(dialogue=dialogue))
    read = results_answers(dialogue=dialogue)
    # Frozen at publication, else today's table with the organisers' overrides.
    reference = reference_for_dialogue(dialogue=dialogue)
    sites = {
        site.slug: _site_record(site.city, str(site.country.code), reference)
        for site in dialogue.sites.all()
    }
    snapshot = Snapshot(
        questions=[_question_record(question) for question in questions],
        sites=sites,
        totals=Totals(
            ballots=read.ballots,
            paper=read.paper,
            participants=read.ballots + read.paper,
            unchecked_counts=read.unchecked_counts,
        ),
        category_labels=dialogue_category_labels(dialogue=dialogue),
        reference=reference,
    )
    snapshot = replace(snapshot, stakeholders=stakeholder_rows(dialogue=dialogue))
    if read.answers is not None:
        snapshot = _with_engine_results(snapshot, read, questions, populations_of(reference))
    snapshot = _with_table_shares(snapshot, dialogue, questions)
    return _local_questions_kept_local(snapshot, questions)


def stakeholder_rows(*, dialogue: Dialogue) -> list[TrackRow]:
    """The stakeholders' shares over every site, from their own ballots alone (issue 15
    item 6): n counts the stakeholders who answered the question, as for the citizens."""
    option_key = dict(
        Option.objects.filter(question__session__dialogue=dialogue).values_list("id", "key")
    )
    counts: dict[tuple[str, str], int] = defaultdict(int)
    voters: dict[str, set[str]] = defaultdict(set)
    for pseudonym, _site, _country, _categories, key_of, kind, option_id, choices in ballot_rows(
        dialogue=dialogue, track=Participant.Track.STAKEHOLDERS
    ):
        keys = [option_key[c] for c in chosen_options(kind, option_id, choices) if c in option_key]
        for key in keys:
            counts[key_of, key] += 1
        if keys:
            voters[key_of].add(pseudonym)
    rows = []
    for question in results_questions(dialogue=dialogue):
        n = len(voters.get(question.key, ()))
        if not n:
            continue
        for option in question.options.all():
            count = counts.get((question.key, option.key), 0)
            low, high = wilson_interval(np.array([count]), np.array([n]))
            rows.append(
                TrackRow(
                    question.key,
                    option.key,
                    count,
                    n,
                    _number(count / n),
                    _number(low[0]),
                    _number(high[0]),
                )
            )
    return rows


def _site_record(city: str, country: str, reference: ReferenceRecord) -> SiteRecord:
    """A site's groups from the reference record; a country it lacks (a site added after
    publication) falls into the labelled unknown group rather than moving the frozen data."""
    ref: CountryReference | None = reference["countries"].get(country)
    return SiteRecord(
        city=city,
        country=country,
        region=(ref and ref["region"]) or UNKNOWN_GROUP,
        subregion=(ref and ref["subregion"]) or UNKNOWN_GROUP,
        income_group=(ref and ref["income_group"]) or UNKNOWN_GROUP,
    )


def _question_record(question: Question) -> QuestionRecord:
    return QuestionRecord(
        key=question.key,
        kind=question.kind,
        text=question.text,
        options=[OptionRecord(key=o.key, text=o.text) for o in question.options.all()],
        answered_by=question.answered_by,
        local=question.site.slug if question.site is not None else "",
    )


# --- Group answers of the tables and local topics (issue 15) -----------------------------

# Where a site's local topic is shown: its site and its country, never above.
LOCAL_LEVELS = ("country", "site")


def _with_table_shares(
    snapshot: Snapshot, dialogue: Dialogue, questions: list[Question]
) -> Snapshot:
    """Shares of tables at every level, from the same engine as the citizens' shares.

    Pooled over tables: each table counts once wherever it is, so a group's share is the
    tables that chose the option over the tables that answered, and n is a number of
    tables. Tables are made the same size at every site (engines.grouping), so no table
    stands for more citizens than another; weighting countries by population or equally
    would make a share of tables no longer a count of tables, which is what the 2020
    results report ("53 % of the groups")."""
    answers = table_answers_for_engine(dialogue=dialogue)
    options = {
        question.key: [option.key for option in question.options.all()]
        for question in questions
        if question.by_tables
    }
    if answers is None or not options:
        return snapshot
    answers = replace(answers, country_groups=_country_groups(snapshot.reference))
    tables = compute_share_tables(answers, options_by_question=options, populations=None)
    rows = [row for table in tables if table.weighting == POOLED for row in _share_rows(table)]
    return replace(snapshot, table_shares=rows)


def _local_questions_kept_local(snapshot: Snapshot, questions: list[Question]) -> Snapshot:
    """A site's local topic stays in its site's and country's figures: every row of it at a
    level above the country is dropped (global, region, sub-region, income group), as are
    its comparisons across countries and its place in "Which country are you?"."""
    local = {question.key for question in questions if question.site_id is not None}
    if not local:
        return snapshot

    def kept(level: str, question: str) -> bool:
        return question not in local or level in LOCAL_LEVELS

    profiles = snapshot.profiles
    columns = [i for i, (question, _o) in enumerate(profiles.items) if question not in local]
    return replace(
        snapshot,
        shares=[row for row in snapshot.shares if kept(row.level, row.question)],
        table_shares=[row for row in snapshot.table_shares if kept(row.level, row.question)],
        scales=[row for row in snapshot.scales if kept(row.level, row.question)],
        breakdowns=[row for row in snapshot.breakdowns if kept(row.level, row.question)],
        comparisons=[row for row in snapshot.comparisons if row.question not in local],
        profiles=replace(
            profiles,
            items=[profiles.items[i] for i in columns],
            share=[[row[i] for i in columns] for row in profiles.share],
        ),
    )


def _with_engine_results(
    snapshot: Snapshot,
    read: DialogueAnswers,
    questions: list[Question],
    populations: dict[str, float] | None,
) -> Snapshot:
    assert read.answers is not None
    answers = replace(read.answers, country_groups=_country_groups(snapshot.reference))
    options = {q: o for q, o in read.options_by_question.items() if o}
    tallies = tally_sites(answers, options)
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
    return replace(
        snapshot,
        shares=[row for table in tables for row in _share_rows(table)],
        breakdowns=_breakdown_rows(answers, options),
        categories=sorted(answers.categories),
        scales=[
            ScaleRow(
                m.level, m.group, m.question, m.n, _number(m.mean), _number(m.low), _number(m.high)
            )
            for m in means
        ],
        comparisons=_comparison_rows(answers, options, tallies),
        rankings={
            question: [
                RankingRow(r.recommendation, r.rank, r.borda_points, _number(r.approval_share))
                for r in rank_recommendations(ballots, recommendations=options.get(question))
            ]
            for question, ballots in read.rankings.items()
        },
        profiles=CountryProfiles(
            countries=list(profiles.countries),
            items=[(str(q), str(o)) for q, o in profiles.item_of],
            share=[[_number(v) for v in row] for row in profiles.share.tolist()],
        ),
    )


def _country_groups(reference: ReferenceRecord | None) -> dict[str, dict[str, str]]:
    """The reference record's groups for the engine, so frozen regions stay frozen."""
    countries = reference["countries"] if reference else {}
    return {
        level: {code: str(ref[level]) for code, ref in countries.items()}  # type: ignore[literal-required]
        for level in ("region", "subregion", "income_group")
    }


def _share_rows(table: ShareTable) -> list[ShareRow]:
    """One row per cell of the table."""
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
                ShareRow(
                    level=table.level,
                    group=group,
                    question=question,
                    option=option,
                    weighting=table.weighting,
                    option_count=count,
                    n=n,
                    share=_number(table.share[g, item]),
                    low=_number(low[g, item]),
                    high=_number(high[g, item]),
                )
            )
    return rows


def _breakdown_rows(answers: Answers, options: dict[str, list[str]]) -> list[BreakdownRow]:
    """One row per category value and option (count None where suppressed)."""
    rows: list[BreakdownRow] = []
    for category in sorted(answers.categories):
        # No cell suppression: the answers carry the k-anonymous demographics of the open
        # data (selectors.results_answers), which anyone can recount every cell from.
        tables = compute_breakdowns(
            answers,
            category=category,
            levels=BREAKDOWN_LEVELS,
            options_by_question=options,
            threshold=0,
        )
        for table in tables:
            for v, value in enumerate(table.values):
                if value == UNKNOWN:
                    continue  # people without this category
                if value == PAPER_UNSPLIT:
                    # How many were counted on paper without this split: n only.
                    rows.append(
                        BreakdownRow(
                            category=category,
                            level=table.level,
                            group=table.group,
                            question=table.question,
                            value=value,
                            option=None,
                            n=int(table.n[v]),
                            option_count=None,
                        )
                    )
                    continue
                for o, option in enumerate(table.options):
                    rows.append(
                        BreakdownRow(
                            category=category,
                            level=table.level,
                            group=table.group,
                            question=table.question,
                            value=value,
                            option=option,
                            n=int(table.n[v]),
                            option_count=table.published_count(v, o),
                        )
                    )
    return rows


def _comparison_rows(
    answers: Answers, options: dict[str, list[str]], tallies: SiteTallies
) -> list[ComparisonRow]:
    """Each country against the rest, per option."""
    table = compare_units(answers, level="country", options_by_question=options, tallies=tallies)
    rows = []
    for g, group in enumerate(table.groups):
        for item, option in enumerate(table.options):
            question = table.questions[table.item_question[item]]
            rows.append(
                ComparisonRow(
                    country=group,
                    question=question,
                    option=option,
                    share=_number(table.share[g, item]),
                    rest_share=_number(table.rest_share[g, item]),
                    difference=_number(table.difference[g, item]),
                    p_value=_number(table.p_value[g, item]),
                )
            )
    return rows
