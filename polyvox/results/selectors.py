"""Reads for results: the engine's input built from the database, and the cached snapshot.

`results_answers` reads every ballot and paper count of a dialogue in three queries
(options, answers, paper counts) and hands them to engines.tally as column arrays.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.db.models import F, Q, QuerySet

from polyvox.core.translation import pick_text
from polyvox.deliberation.models import (
    CITIZENS_ONLY,
    Answer,
    Participant,
    Recommendation,
    TableAnswer,
    TableNote,
    TallyCount,
)
from polyvox.dialogues.models import Dialogue, Option, Question, Site
from polyvox.engines.tally import Answers
from polyvox.engines.tally.anonymity import Anonymisation, k_anonymise
from polyvox.engines.themes import ThemeProfile, cross_language_pairs
from polyvox.results.models import (
    NOTES_SOURCE,
    Report,
    ResultsSnapshot,
    Theme,
    theme_strings_load,
)
from polyvox.results.strata import PAPER_UNSPLIT, CategoryValues, dialogue_category_values

UNKNOWN = ""  # category value of participants without that category
# Evaluation questions (the participants' view of the process) have their own page and
# report chapter (polyvox.results.evaluation); every main figure leaves them out here.
EVALUATION = Question.Purpose.EVALUATION


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
    paper: list[bool] = field(default_factory=list)
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
        paper: bool = False,
    ) -> None:
        self.participant.append(participant)
        self.site.append(site)
        self.country.append(country)
        self.question.append(question)
        self.option.append(option)
        self.count.append(count)
        self.categories.append(categories or {})
        self.paper.append(paper)


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
        .exclude(purpose=EVALUATION)
        .select_related("session", "site")
        .prefetch_related("options")
        .order_by("session__position", "session_id", "position", "id")
    )


def results_answers(*, dialogue: Dialogue) -> DialogueAnswers:
    options = list(
        Option.objects.filter(question__session__dialogue=dialogue)
        .exclude(question__kind=Question.Kind.OPEN)
        .exclude(question__answered_by=Question.AnsweredBy.TABLE)
        .exclude(question__purpose=EVALUATION)
        .order_by("question__session__position", "question__position", "question_id", "position")
        .values_list("id", "key", "question__key")
    )
    option_key = {option_id: key for option_id, key, _question in options}
    options_by_question: dict[str, list[str]] = defaultdict(list)
    for _id, key, question in options:
        options_by_question[question].append(key)
    columns = AnswerColumns()
    ballots = _add_ballots(columns, dialogue=dialogue, option_key=option_key)
    people = {
        participant: (site, categories)
        for participant, site, categories in zip(
            columns.participant, columns.site, columns.categories, strict=True
        )
    }
    protected = protected_demographics(dialogue=dialogue, people=people)
    paper, unchecked = _add_paper_counts(columns, dialogue=dialogue, protected=protected)
    # Every table is counted from the same published demographics as the open data, so no
    # table is finer than the microdata anyone can download.
    columns.categories = [
        categories if is_paper else protected.of.get(participant, {})
        for participant, categories, is_paper in zip(
            columns.participant, columns.categories, columns.paper, strict=True
        )
    ]
    answers = _to_answers(columns) if columns.participant else None
    return DialogueAnswers(
        answers, dict(options_by_question), ballots, paper, unchecked, columns.rankings
    )


def table_answer_columns(*, dialogue: Dialogue) -> AnswerColumns:
    """The tables' group answers as engine rows: each table is one "participant" (its id
    prefixed, never a person), so the engine's shares are shares of tables and n the
    number of tables that answered. A ranking counts its first choice, as for citizens."""
    columns = AnswerColumns()
    option_key = dict(
        Option.objects.filter(question__session__dialogue=dialogue).values_list("id", "key")
    )
    rows = (
        TableAnswer.objects.filter(question__session__dialogue=dialogue)
        .exclude(question__kind=Question.Kind.OPEN)
        .exclude(question__answered_by=Question.AnsweredBy.CITIZEN)
        .values_list(
            "table_id",
            "table__site__slug",
            "table__site__country",
            "question__key",
            "question__kind",
            "option_id",
            "choices",
        )
        .order_by("id")
    )
    for table_id, site, country, question, kind, option_id, choices in rows:
        for chosen in chosen_options(kind, option_id, choices):
            if chosen in option_key:
                columns.add(
                    participant=f"table:{table_id}",
                    site=site,
                    country=str(country),
                    question=question,
                    option=option_key[chosen],
                )
    return columns


def table_answers_for_engine(*, dialogue: Dialogue) -> Answers | None:
    columns = table_answer_columns(dialogue=dialogue)
    return _to_answers(columns) if columns.participant else None


@dataclass(frozen=True)
class ProtectedDemographics:
    """The demographics results publish: each combination of site and published values is
    shared by at least the dialogue's k participants (engines.tally.anonymity)."""

    anonymisation: Anonymisation
    of: dict[str, dict[str, str]]  # pseudonym -> published values (a missing key is blank)

    def paper_stratum(self, site: str, matched: dict[str, str]) -> dict[str, str]:
        """A paper count's stratum as published at its site: merged like the site's
        ballots, or not split at all where the category is dropped there."""
        protection = self.anonymisation.sites.get(site)
        if protection is None:
            return matched
        return {
            category: protection.merged.get(category, {}).get(value, value)
            for category, value in matched.items()
            if category not in protection.dropped
        }


def protected_demographics(
    *, dialogue: Dialogue, people: dict[str, tuple[str, dict[str, str]]]
) -> ProtectedDemographics:
    """`people` maps each pseudonym in the data to its site and demographics."""
    pseudonyms = sorted(people)
    anonymisation = k_anonymise(
        [people[p][0] for p in pseudonyms],
        [people[p][1] for p in pseudonyms],
        k=dialogue.k_anonymity,
    )
    return ProtectedDemographics(
        anonymisation, dict(zip(pseudonyms, anonymisation.published, strict=True))
    )


# (pseudonym, site slug, country, categories JSON, question key, question kind, option id,
# choices JSON): one values_list row of ballot_rows.
BallotRow = tuple[str, str, str, dict[str, object] | None, str, str, int | None, list[int] | None]


def ballot_rows(
    *, dialogue: Dialogue, track: str = Participant.Track.CITIZENS
) -> QuerySet[Answer, BallotRow]:
    """Closed-question ballots of the main results (no evaluation question) as (pseudonym,
    site, country, categories, question key, question kind, option id, choices): what the
    aggregation and the open data both read. The citizens' unless `track` says
    stakeholders: the two are never pooled."""
    return (
        Answer.objects.filter(question__session__dialogue=dialogue, participant__track=track)
        .exclude(question__kind=Question.Kind.OPEN)
        .exclude(question__purpose=EVALUATION)
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
        chosen = chosen_options(kind, option_id, choices)
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
                categories=category_strings(categories),
            )
        if keys:
            people.add(pseudonym)
    return len(people)


def chosen_options(kind: str, option_id: int | None, choices: list[int] | None) -> list[int]:
    """Multiple choice: every chosen option; ranking: the first choice; else the option."""
    if kind == Question.Kind.MULTIPLE:
        return [int(choice) for choice in choices or []]
    if kind == Question.Kind.RANKING:
        return [int(choices[0])] if choices else ([option_id] if option_id else [])
    return [option_id] if option_id else []


def category_strings(categories: Any) -> dict[str, str]:
    if not isinstance(categories, dict):
        return {}
    return {str(name): str(value) for name, value in categories.items() if value not in (None, "")}


# (site slug, country, table id, question key, option key, stratum): one paper count's cell.
PaperCell = tuple[str, str, int | None, str, str, str]
# The cell, then the entry (first count or second check) and the count.
PaperRow = tuple[str, str, int | None, str, str, str, int, int]


def final_paper_counts(
    rows: Iterable[PaperRow],
) -> tuple[dict[PaperCell, int], int]:
    """Counts to publish: a second entry that agrees, or the first while none exists.

    Rows are (site, country, table, question, option, stratum, entry, count). Counts
    whose two entries disagree wait for the counters to settle them, and are reported.
    """
    entries: dict[PaperCell, dict[int, int]] = defaultdict(dict)
    for row in rows:
        entries[row[:6]][row[6]] = row[7]
    final: dict[PaperCell, int] = {}
    disagreeing = 0
    for cell, by_entry in entries.items():
        first, second = by_entry.get(TallyCount.Entry.FIRST), by_entry.get(TallyCount.Entry.SECOND)
        if first is not None and second is not None and first != second:
            disagreeing += 1
            continue
        final[cell] = first if first is not None else int(second or 0)
    return final, disagreeing


def _add_paper_counts(
    columns: AnswerColumns, *, dialogue: Dialogue, protected: ProtectedDemographics
) -> tuple[int, int]:
    rows = (
        TallyCount.objects.filter(site__dialogue=dialogue)
        .exclude(question__kind=Question.Kind.OPEN)
        .exclude(question__purpose=EVALUATION)
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
    # Only strata need the categories: most dialogues count paper without them.
    stratified = any(cell[5] for cell in final)
    known = (
        dialogue_category_values(dialogue=dialogue, seen=columns.categories)
        if stratified
        else CategoryValues()
    )
    strata = {
        cell: protected.paper_stratum(cell[0], known.match(cell[5])) if cell[5] else {}
        for cell in final
    }
    small = _small_paper_strata(final, strata, protected.anonymisation.k)
    per_site_question: dict[tuple[str, str], int] = defaultdict(int)
    for cell, count in final.items():
        site, country, table, question, option, stratum = cell
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
            categories={
                category: value
                for category, value in strata[cell].items()
                if (site, question, category, value) not in small
            },
            paper=True,
        )
        per_site_question[(site, question)] += count
    by_site: dict[str, int] = defaultdict(int)
    for (site, _question), count in per_site_question.items():
        by_site[site] = max(by_site[site], count)
    return sum(by_site.values()), disagreeing


def _small_paper_strata(
    final: dict[PaperCell, int], strata: dict[PaperCell, dict[str, str]], k: int
) -> set[tuple[str, str, str, str]]:
    """(site, question, category, value) of paper strata with fewer than k people: they are
    counted as not split. People are counted as the largest count of one option, which is
    never more than the people of the stratum, even when several options could be chosen."""
    people: dict[tuple[str, str, str, str, str], int] = defaultdict(int)
    for cell, count in final.items():
        for category, value in strata[cell].items():
            people[(cell[0], cell[3], category, value, cell[4])] += max(count, 0)
    largest: dict[tuple[str, str, str, str], int] = defaultdict(int)
    for (site, question, category, value, _option), count in people.items():
        largest[(site, question, category, value)] = max(
            largest[(site, question, category, value)], count
        )
    return {stratum for stratum, count in largest.items() if count < k}


def _to_answers(columns: AnswerColumns) -> Answers:
    names = sorted({name for row in columns.categories for name in row})
    categories = {
        name: [
            row.get(name, PAPER_UNSPLIT if paper else UNKNOWN)
            for row, paper in zip(columns.categories, columns.paper, strict=True)
        ]
        for name in names
    }
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


def results_snapshot_head(*, dialogue: Dialogue) -> ResultsSnapshot | None:
    """The snapshot row without its numbers and charts (megabytes of JSON for a large
    dialogue), which load on first use: pages whose reader is already indexed in this
    process (results.page_cache) need only its id and computed_at."""
    return ResultsSnapshot.objects.defer("data", "charts").filter(dialogue=dialogue).first()


def results_reports(*, dialogue: Dialogue) -> QuerySet[Report]:
    return Report.objects.filter(dialogue=dialogue).order_by("scope", "language", "-created_at")


# --- themes of open answers and recommendations ------------------------------------------

ANSWER, RECOMMENDATION, NOTE = "answer", "recommendation", "note"
# The key of the recommendations among the sources of themes (open questions go by their key).
RECOMMENDATIONS = "recommendations"
# A theme of fewer answers shows no quote: with two, a reader could tell whose words they are.
QUOTE_MIN_TEXTS = 3


@dataclass(frozen=True)
class ThemeText:
    id: str  # "answer:12" or "recommendation:3"
    language: str
    text: dict[str, str]  # by language, as quotes keep it

    @property
    def body(self) -> str:
        return pick_text(self.text, self.language, fallback=self.language)


def note_texts(*, dialogue: Dialogue, site: Site | None) -> list[ThemeText]:
    """The tables' notes, grouped like open answers (in the language they were written)."""
    notes = TableNote.objects.filter(table__site__dialogue=dialogue)
    if site is not None:
        notes = notes.filter(table__site=site)
    return [
        ThemeText(f"{NOTE}:{id_}", language.lower(), text)
        for id_, text, language in notes.order_by("id").values_list("id", "text", "language")
        if pick_text(text, language).strip()
    ]


def public_note_ids(ids: Iterable[str]) -> set[str]:
    """Of these text ids, the notes marked public: the only notes a quote may come from."""
    numbers = [
        int(n) for kind, _s, n in (i.partition(":") for i in ids) if kind == NOTE and n.isdigit()
    ]
    return {
        f"{NOTE}:{id_}"
        for id_ in TableNote.objects.filter(id__in=numbers, public=True).values_list(
            "id", flat=True
        )
    }


def theme_texts(
    *, dialogue: Dialogue, site: Site | None, question: Question | None
) -> list[ThemeText]:
    """The open answers to `question`, or the tables' recommendations when it is None."""
    if question is None:
        recommendations = Recommendation.objects.filter(site__dialogue=dialogue)
        if site is not None:
            recommendations = recommendations.filter(site=site)
        return [
            ThemeText(f"{RECOMMENDATION}:{id_}", language.lower(), text)
            for id_, text, language in recommendations.order_by("id").values_list(
                "id", "text", "language"
            )
            if pick_text(text, language).strip()
        ]
    answers = Answer.objects.filter(
        CITIZENS_ONLY, question=question, participant__site__dialogue=dialogue
    )
    if site is not None:
        answers = answers.filter(participant__site=site)
    return [
        ThemeText(f"{ANSWER}:{id_}", language.lower(), {language.lower(): text.strip()})
        for id_, text, language in answers.exclude(text="")
        .order_by("id")
        .values_list("id", "text", "participant__language")
        if text.strip()
    ]


def theme_texts_by_id(ids: Iterable[str]) -> dict[str, ThemeText]:
    """Texts of the given ids, two queries whatever their number."""
    wanted: dict[str, list[int]] = defaultdict(list)
    for text_id in ids:
        kind, _sep, number = text_id.partition(":")
        if number.isdigit():
            wanted[kind].append(int(number))
    found: dict[str, ThemeText] = {}
    answers = Answer.objects.filter(CITIZENS_ONLY, id__in=wanted[ANSWER]).values_list(
        "id", "text", "participant__language"
    )
    for id_, text, language in answers:
        found[f"{ANSWER}:{id_}"] = ThemeText(f"{ANSWER}:{id_}", language, {language: text})
    recommendations = Recommendation.objects.filter(id__in=wanted[RECOMMENDATION]).values_list(
        "id", "text", "language"
    )
    for id_, text, language in recommendations:
        found[f"{RECOMMENDATION}:{id_}"] = ThemeText(f"{RECOMMENDATION}:{id_}", language, text)
    # Only public notes can be quoted: a private note is never found here.
    notes = TableNote.objects.filter(id__in=wanted[NOTE], public=True).values_list(
        "id", "text", "language"
    )
    for id_, text, language in notes:
        found[f"{NOTE}:{id_}"] = ThemeText(f"{NOTE}:{id_}", language, text)
    return found


def open_questions(*, dialogue: Dialogue) -> QuerySet[Question]:
    return (
        Question.objects.filter(session__dialogue=dialogue, kind=Question.Kind.OPEN)
        .exclude(purpose=EVALUATION)
        .select_related("session")
        .order_by("session__position", "session_id", "position", "id")
    )


@dataclass
class ThemeSource:
    """The themes of one open question (or of the recommendations), for readers: only
    the themes an organiser has named."""

    question: Question | None
    site: Site | None
    themes: list[Theme]
    # Recommendations only: by theme id, the sites whose tables support it.
    support: dict[int, list[SiteSupport]] = field(default_factory=dict)
    notes: bool = False  # the tables' notes
    unnamed: int = 0  # themes still being named: counted, never shown
    unnamed_texts: int = 0  # their texts, still counted in every share

    @property
    def texts(self) -> int:
        return sum(theme.size for theme in self.themes) + self.unnamed_texts

    @property
    def rows(self) -> list[tuple[Theme, list[SiteSupport]]]:
        return [(theme, self.support.get(theme.id, [])) for theme in self.themes]


@dataclass(frozen=True)
class SiteSupport:
    """A site whose tables wrote recommendations grouped into a theme, and how many tables."""

    city: str
    country: str
    tables: int


def recommendation_support(themes: Iterable[Theme]) -> dict[int, list[SiteSupport]]:
    """For each recommendation theme, which sites and how many of their tables support it
    (a table counts once however many of its recommendations the theme holds); sites with
    most tables first. Two queries."""
    wanted = [theme.id for theme in themes if theme.question_id is None]
    members = dict(Theme.objects.filter(id__in=wanted).values_list("id", "members"))
    ids_of = {
        theme_id: [
            int(number)
            for kind, _sep, number in (m.partition(":") for m in theme_strings_load(raw))
            if kind == RECOMMENDATION and number.isdigit()
        ]
        for theme_id, raw in members.items()
    }
    where = {
        id_: (city, str(country), table_id)
        for id_, city, country, table_id in Recommendation.objects.filter(
            id__in={i for ids in ids_of.values() for i in ids}
        ).values_list("id", "site__city", "site__country", "table_id")
    }
    support: dict[int, list[SiteSupport]] = {}
    for theme_id, ids in ids_of.items():
        tables: dict[tuple[str, str], set[int]] = defaultdict(set)
        for id_ in ids:
            if id_ in where:
                city, country, table_id = where[id_]
                tables[city, country].add(table_id)
        support[theme_id] = sorted(
            (SiteSupport(city, country, len(seen)) for (city, country), seen in tables.items()),
            key=lambda item: (-item.tables, item.city),
        )
    return support


def themes_for_readers(*, dialogue: Dialogue, country: str = "") -> list[ThemeSource]:
    """The whole dialogue's themes by source in agenda order, recommendations last; with
    a country, its sites' own themes if their hosts named any, else the whole dialogue's.
    One query.

    Quotes of themes too small to protect their authors are dropped here, so no page,
    report or API response can show them.
    """
    scope = Q(site=None)
    if country:
        scope |= Q(site__country=country)
    sources = _theme_sources(
        Theme.objects.filter(scope, dialogue=dialogue).select_related("site"),
        main_language=dialogue.source_language,
    )
    by_sites = [source for source in sources if source.site is not None]
    # While a host is still naming their site's themes, readers of the country see the
    # whole dialogue's named ones rather than nothing.
    if any(source.themes for source in by_sites):
        return by_sites
    return [source for source in sources if source.site is None]


def theme_is_named(theme: Theme, main_language: str) -> bool:
    """Named by an organiser in the dialogue's main language: only then is it published.
    Label terms are never a name (themes_compute leaves the title empty)."""
    name = _title(theme).get(main_language)
    return isinstance(name, str) and bool(name.strip())


def _theme_sources(themes: QuerySet[Theme], *, main_language: str) -> list[ThemeSource]:
    ordered = (
        themes.select_related("question__session", "question__site")
        .defer("members")
        .order_by(
            F("site__city").asc(nulls_first=True),
            "site_id",
            F("question__session__position").asc(nulls_last=True),
            F("question__position").asc(nulls_last=True),
            "question_id",
            "position",
            "id",
        )
    )
    sources: dict[tuple[int | None, int | None, str], ThemeSource] = {}
    for theme in ordered:
        if theme.size < QUOTE_MIN_TEXTS:
            theme.quotes = []
        key = (theme.site_id, theme.question_id, theme.source)
        source = sources.setdefault(
            key, ThemeSource(theme.question, theme.site, [], notes=theme.source == NOTES_SOURCE)
        )
        if theme_is_named(theme, main_language):
            source.themes.append(theme)
        else:
            source.unnamed += 1
            source.unnamed_texts += theme.size
    for source in sources.values():
        if source.question is None and not source.notes:
            source.support = recommendation_support(source.themes)
    return list(sources.values())


def themes_for_editor(
    *, dialogue: Dialogue, site: Site | None, with_members: bool = False
) -> dict[int | str | None, list[Theme]]:
    """By source: an open question's id, None for the recommendations, NOTES_SOURCE for
    the tables' notes."""
    themes = Theme.objects.filter(dialogue=dialogue, site=site)
    if not with_members:
        themes = themes.defer("members")
    by_source: dict[int | str | None, list[Theme]] = defaultdict(list)
    for theme in themes.order_by("question_id", "position", "id"):
        key = NOTES_SOURCE if theme.source == NOTES_SOURCE else theme.question_id
        by_source[key].append(theme)
    return by_source


def theme_name_languages(*, dialogue: Dialogue) -> list[str]:
    """The languages a theme's name is read in: the dialogue's main language first, then
    every language of its sites."""
    codes = [dialogue.source_language]
    for languages in dialogue.sites.values_list("languages", flat=True):
        codes += [code for code in languages or [] if isinstance(code, str)]
    return list(dict.fromkeys(code.lower() for code in codes))


def theme_missing_names(theme: Theme, languages: list[str]) -> list[str]:
    """Of `languages`, those the theme has no name in yet."""
    title = _title(theme)
    return [code for code in languages if not str(title.get(code) or "").strip()]


@dataclass(frozen=True)
class MergeSuggestion:
    """Two themes of one source, grouped in different languages, that read alike."""

    first: Theme
    second: Theme
    similarity: float


def theme_merge_suggestions(themes: list[Theme], *, main_language: str) -> list[MergeSuggestion]:
    """Themes of one source that may be one idea written in two languages. Each is read in
    the dialogue's main language: its organiser's name there and its texts' translations
    into it (recommendations and notes are often translated); a theme with neither is read
    by its label terms, which match across languages only on shared words. Four queries."""
    members = dict(
        Theme.objects.filter(id__in=[theme.id for theme in themes]).values_list("id", "members")
    )
    texts = theme_texts_by_id(
        text_id for raw in members.values() for text_id in theme_strings_load(raw)
    )
    profiles = [
        ThemeProfile(
            theme.id,
            theme.language,
            name=str(_title(theme).get(main_language) or ""),
            reading=_reading(
                theme, theme_strings_load(members.get(theme.id)), texts, main_language
            ),
        )
        for theme in themes
    ]
    by_id = {theme.id: theme for theme in themes}
    return [
        MergeSuggestion(by_id[pair.first], by_id[pair.second], pair.similarity)
        for pair in cross_language_pairs(profiles)
    ]


def _title(theme: Theme) -> dict[str, str]:
    return theme.title if isinstance(theme.title, dict) else {}


def _reading(
    theme: Theme, members: list[str], texts: dict[str, ThemeText], main_language: str
) -> str:
    """The theme's texts in the main language (their own, or a translation), else its
    label terms."""
    translated = [
        texts[text_id].text[main_language]
        for text_id in members
        if text_id in texts and texts[text_id].text.get(main_language)
    ]
    return " ".join(translated or theme_strings_load(theme.label_terms))


def open_answers_with_themes(
    *, dialogue: Dialogue, site: Site | None
) -> Iterator[tuple[str, str, str, int | str, str, str]]:
    """Every open answer and recommendation with its theme: source, text id, language,
    theme number (from 1) and title, the whole text. For the organisers' own export."""
    by_source = themes_for_editor(dialogue=dialogue, site=site, with_members=True)
    sources: list[tuple[str, Question | None]] = [
        (question.key, question) for question in open_questions(dialogue=dialogue)
    ]
    for key, question in [*sources, (RECOMMENDATIONS, None)]:
        themes = by_source.get(question.id if question else None, [])
        theme_of = {
            text_id: theme for theme in themes for text_id in theme_strings_load(theme.members)
        }
        for text in theme_texts(dialogue=dialogue, site=site, question=question):
            theme = theme_of.get(text.id)
            number = theme.position + 1 if theme else ""
            yield (key, text.id, text.language, number, str(theme) if theme else "", text.body)


def themes_in_scope(*, dialogue: Dialogue, site: Site | None, ids: list[int]) -> list[Theme]:
    return list(
        Theme.objects.filter(dialogue=dialogue, site=site, id__in=ids).select_related(
            "dialogue", "site", "question"
        )
    )
