"""The evaluation of a dialogue: change of mind (before/after questions) and the
participants' view of the process (evaluation questions), at site, country or global level.

Kept apart from the main results on purpose: polyvox.results.selectors leaves evaluation
questions out of every main figure, and only this module reads them. Figures are read
from individual answers (online or imported), which carry the pseudonym that pairs a
citizen's before and after answers; paper counts have no pseudonym and are left out.
A group with fewer answers than the dialogue's k is withheld, like every other table.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

import numpy as np
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_countries import countries
from django_stubs_ext import StrOrPromise

from polyvox.core.translation import pick_text
from polyvox.deliberation.models import Answer
from polyvox.dialogues.models import Dialogue, Question
from polyvox.engines.tally.paired import paired_changes
from polyvox.engines.tally.statistics import wilson_interval
from polyvox.results.selectors import chosen_options

GLOBAL = "global"
PURPOSES = (Question.Purpose.BEFORE, Question.Purpose.AFTER, Question.Purpose.EVALUATION)

METHOD_NAME = _("Newcombe's hybrid score interval for paired data (method 10)")
METHOD_TEXT = _(
    "Each citizen who answered both the before and the after question is one pair, "
    "matched by their pseudonym. The change is the share that chose an option after the "
    "deliberation minus the share that chose it before, among the same citizens. Its 95 %% "
    "interval is Newcombe's hybrid score interval for paired data (method 10, Statistics "
    "in Medicine 1998): the Wilson intervals of the two shares combined with the "
    "correlation of each citizen's two answers. Shares of evaluation questions have 95 %% "
    "Wilson intervals. Only individual answers (online or imported) count: paper counts "
    "cannot be paired. Groups with fewer than %(k)s answers are not shown."
)


@dataclass(frozen=True)
class Scope:
    level: str  # "global", "country" or "site"
    group: str  # "" for global, a country code or a site's slug
    label: str

    @property
    def key(self) -> str:
        return GLOBAL if self.level == GLOBAL else f"{self.level}:{self.group}"


@dataclass(frozen=True)
class ChangeRow:
    option: str
    before: float
    after: float
    change: float
    low: float
    high: float

    @property
    def real(self) -> bool:
        """The 95 % interval of the change leaves out zero: likely a real change."""
        return self.low > 0 or self.high < 0


@dataclass(frozen=True)
class ChangeFigure:
    text: str  # the after question
    before_text: str
    pairs: int
    withheld: bool
    rows: list[ChangeRow] = field(default_factory=list)


@dataclass(frozen=True)
class ShareLine:
    option: str
    count: int
    share: float
    low: float
    high: float


@dataclass(frozen=True)
class EvaluationFigure:
    text: str
    respondents: int
    withheld: bool
    lines: list[ShareLine] = field(default_factory=list)


@dataclass(frozen=True)
class EvaluationResults:
    scope: Scope
    k: int
    changes: list[ChangeFigure]
    evaluation: list[EvaluationFigure]

    @property
    def method_name(self) -> StrOrPromise:
        return METHOD_NAME

    @property
    def method_text(self) -> str:
        return str(METHOD_TEXT) % {"k": self.k}

    @property
    def empty(self) -> bool:
        return not self.changes and not self.evaluation


def evaluation_scopes(*, dialogue: Dialogue) -> list[Scope]:
    """Every level the evaluation can be read at: all sites, each country, each site."""
    sites = list(dialogue.sites.order_by("country", "city"))
    scopes = [Scope(GLOBAL, "", str(_("All sites")))]
    for code in sorted({str(site.country.code) for site in sites}):
        scopes.append(Scope("country", code, str(countries.name(code)) or code))
    scopes += [Scope("site", site.slug, str(site)) for site in sites]
    return scopes


def evaluation_questions(*, dialogue: Dialogue) -> list[Question]:
    return list(
        Question.objects.filter(session__dialogue=dialogue, purpose__in=PURPOSES)
        .exclude(kind=Question.Kind.OPEN)
        .select_related("session", "before_question")
        .prefetch_related("options")
        .order_by("session__position", "session_id", "position", "id")
    )


def evaluation_results(*, dialogue: Dialogue, scope: Scope) -> EvaluationResults:
    questions = evaluation_questions(dialogue=dialogue)
    chosen = _chosen_by_question(dialogue=dialogue, scope=scope, questions=questions)
    language = dialogue.source_language
    changes = [
        _change_figure(question, chosen, dialogue.k_anonymity, language)
        for question in questions
        if question.purpose == Question.Purpose.AFTER and question.before_question is not None
    ]
    evaluation = [
        _evaluation_figure(question, chosen.get(question.id, {}), dialogue.k_anonymity, language)
        for question in questions
        if question.purpose == Question.Purpose.EVALUATION
    ]
    return EvaluationResults(scope, dialogue.k_anonymity, changes, evaluation)


def _chosen_by_question(
    *, dialogue: Dialogue, scope: Scope, questions: list[Question]
) -> dict[int, dict[str, set[str]]]:
    """question id -> pseudonym -> keys of the options chosen; one query."""
    option_key = {option.id: option.key for q in questions for option in q.options.all()}
    answers = Answer.objects.filter(question__in=[q.id for q in questions])
    answers = answers.filter(_in_scope(scope))
    chosen: dict[int, dict[str, set[str]]] = defaultdict(dict)
    for pseudonym, question_id, kind, option_id, choices in answers.values_list(
        "participant__pseudonym", "question_id", "question__kind", "option_id", "choices"
    ).iterator(chunk_size=5000):
        keys = {option_key[c] for c in chosen_options(kind, option_id, choices) if c in option_key}
        if keys:
            chosen[question_id][pseudonym] = keys
    return chosen


def _in_scope(scope: Scope) -> Q:
    if scope.level == "country":
        return Q(participant__site__country=scope.group)
    if scope.level == "site":
        return Q(participant__site__slug=scope.group)
    return Q()


def _change_figure(
    after: Question, chosen: dict[int, dict[str, set[str]]], k: int, language: str
) -> ChangeFigure:
    before = after.before_question
    assert before is not None
    options = list(after.options.all())
    changes = paired_changes(
        chosen.get(before.id, {}), chosen.get(after.id, {}), [option.key for option in options]
    )
    pairs = changes[0].pairs if changes else 0
    texts = (pick_text(after.text, fallback=language), pick_text(before.text, fallback=language))
    if pairs < k:
        return ChangeFigure(*texts, pairs=pairs, withheld=True)
    rows = [
        ChangeRow(
            pick_text(option.text, fallback=language),
            change.before,
            change.after,
            change.change,
            change.low,
            change.high,
        )
        for option, change in zip(options, changes, strict=True)
    ]
    return ChangeFigure(*texts, pairs=pairs, withheld=False, rows=rows)


def _evaluation_figure(
    question: Question, chosen: dict[str, set[str]], k: int, language: str
) -> EvaluationFigure:
    text = pick_text(question.text, fallback=language)
    respondents = len(chosen)
    if respondents < k:
        return EvaluationFigure(text, respondents, withheld=True)
    options = list(question.options.all())
    counts = np.array(
        [sum(option.key in keys for keys in chosen.values()) for option in options], np.float64
    )
    low, high = wilson_interval(counts, np.full(len(options), respondents, np.float64))
    lines = [
        ShareLine(
            pick_text(option.text, fallback=language),
            int(count),
            count / respondents,
            float(lo),
            float(hi),
        )
        for option, count, lo, hi in zip(options, counts, low, high, strict=True)
    ]
    return EvaluationFigure(text, respondents, withheld=False, lines=lines)


def scope_from_key(scopes: list[Scope], key: str) -> Scope:
    """The scope a reader asked for, or all sites for anything else."""
    return next((scope for scope in scopes if scope.key == key), scopes[0])


def evaluation_chapter(*, dialogue: Dialogue, scope: str) -> EvaluationResults:
    """The report's evaluation chapter: all sites for the global report (scope "global"),
    the country for a country report (scope: its code)."""
    if scope == GLOBAL:
        return evaluation_results(dialogue=dialogue, scope=Scope(GLOBAL, "", str(_("All sites"))))
    label = str(countries.name(scope)) or scope
    return evaluation_results(dialogue=dialogue, scope=Scope("country", scope, label))
