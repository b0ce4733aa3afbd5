"""The few findings of a results page that stand out, in words (issue 18: a page that
decision-makers can project, its summary at the top, then each question).

Read from the page's figures only, so the summary always says what the page below shows:
- answers clearly ahead: the leader's 95 % interval is clear of the runner-up's;
- groups that clearly differ: on one answer, the highest and lowest group's 95 % intervals
  do not overlap, or a country differs from everyone else in a test at 5 %.
Clear leads come first (the headline of a question), then the widest differences.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from polyvox.results.figures import ComparisonLine, QuestionFigure, ShareCell
from polyvox.results.templatetags.results import difference_in_words, percent, points_in_words

MAX_LEADS = 4
MAX_DIFFERENCES = 3


@dataclass(frozen=True, slots=True)
class Finding:
    """One finding: the question it is about (its anchor on the page) and a sentence."""

    kind: str  # "lead" or "difference"
    question_key: str
    question: str
    text: str
    strength: float  # how far clear of chance, in share units: orders findings of a kind


def standout_findings(figures: list[QuestionFigure]) -> list[Finding]:
    """Up to MAX_LEADS clear leads, then up to MAX_DIFFERENCES clear differences."""
    leads = [lead for figure in figures if (lead := _lead(figure)) is not None]
    differences = [d for figure in figures for d in _differences(figure)]
    leads.sort(key=lambda finding: -finding.strength)
    differences.sort(key=lambda finding: -finding.strength)
    chosen_leads = sorted(leads[:MAX_LEADS], key=lambda f: _order(figures, f))
    return chosen_leads + differences[:MAX_DIFFERENCES]


def _order(figures: list[QuestionFigure], finding: Finding) -> int:
    """Leads are shown in the order of their questions on the page."""
    return next(i for i, figure in enumerate(figures) if figure.key == finding.question_key)


def _interval(cell: ShareCell) -> str:
    if cell.low is None or cell.high is None:
        return percent(cell.share)
    return _("%(share)s (likely between %(low)s and %(high)s)") % {
        "share": percent(cell.share),
        "low": percent(cell.low),
        "high": percent(cell.high),
    }


def _lead(figure: QuestionFigure) -> Finding | None:
    """The answer chosen most often, when it is clearly ahead of the next one."""
    if figure.local_site:
        return None  # a local topic is not a finding of the whole dialogue
    cells = figure.headline if figure.by_citizens else figure.table_headline
    answered = sorted(
        (c for c in cells if c.share is not None and c.low is not None and c.high is not None),
        key=lambda cell: -(cell.share or 0.0),
    )
    if len(answered) < 2:
        return None
    top, second = answered[0], answered[1]
    if top.low is None or second.high is None or top.low <= second.high:
        return None  # within chance of each other: no leader to announce
    text = _(
        "%(group)s: “%(option)s” is clearly ahead with %(interval)s; next comes "
        "“%(second)s” with %(second_share)s."
    ) % {
        "group": top.label,
        "option": top.option_label,
        "interval": _interval(top),
        "second": second.option_label,
        "second_share": percent(second.share),
    }
    return Finding("lead", figure.key, figure.text, text, top.low - second.high)


def _differences(figure: QuestionFigure) -> list[Finding]:
    """Per answer: the highest against the lowest group, when their intervals are apart;
    and the country's significant differences from everyone else."""
    if figure.local_site:
        return []
    findings = []
    for _key, option in figure.options:
        cells = [
            c
            for c in figure.bars
            if c.option_label == option and None not in (c.share, c.low, c.high)
        ]
        if len(cells) < 2:
            continue
        high = max(cells, key=lambda cell: cell.share or 0.0)
        low = min(cells, key=lambda cell: cell.share or 0.0)
        if high.low is None or low.high is None or high.low <= low.high:
            continue  # intervals overlap: the gap may be chance
        text = _(
            "“%(option)s”: %(high_group)s %(high)s against %(low_group)s %(low)s: "
            "%(points)s, %(words)s."
        ) % {
            "option": option,
            "high_group": high.label,
            "high": _interval(high),
            "low_group": low.label,
            "low": _interval(low),
            "points": _gap(high, low),
            "words": difference_in_words(True),
        }
        findings.append(Finding("difference", figure.key, figure.text, text, high.low - low.high))
    findings.extend(_comparison(figure, line) for line in figure.comparison if line.significant)
    return findings


def _gap(high: ShareCell, low: ShareCell) -> str:
    """The gap between two shares as "45 points apart" (both groups are named beside it)."""
    points = round(((high.share or 0.0) - (low.share or 0.0)) * 100)
    return ngettext("%(points)s point apart", "%(points)s points apart", points) % {
        "points": formats.number_format(points)
    }


def _comparison(figure: QuestionFigure, line: ComparisonLine) -> Finding:
    text = _(
        "“%(option)s”: this country %(share)s against everyone else %(rest)s: "
        "%(difference)s, %(words)s."
    ) % {
        "option": line.option,
        "share": percent(line.share),
        "rest": percent(line.rest_share),
        "difference": points_in_words(line.difference),
        "words": difference_in_words(True),
    }
    return Finding("difference", figure.key, figure.text, text, abs(line.difference or 0.0))
