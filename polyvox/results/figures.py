"""Reads of a results snapshot for pages and reports: filters, figures, tables and charts.

Everything here works on the snapshot's JSON, so a page costs no query beyond the row.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import cast

from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django_countries import countries

from polyvox.core.translation import pick_text
from polyvox.dialogues import regions
from polyvox.results.charts import ChartRow, chart_svg, share_chart_spec
from polyvox.results.snapshot import (
    QuestionRecord,
    ShareRow,
    SiteRecord,
    TrackRow,
    load_snapshot,
)
from polyvox.results.strata import PAPER_UNSPLIT
from polyvox.results.templatetags.results import percent

POOLED, COUNTRY_EQUAL, POPULATION_WEIGHTED = "pooled", "country_equal", "population_weighted"
WEIGHTINGS = (POOLED, COUNTRY_EQUAL, POPULATION_WEIGHTED)
# Levels made of whole countries, where the two country means exist.
COUNTRY_MEAN_LEVELS = ("global", "region", "subregion", "income_group")
BAR_LEVELS = ("region", "income_group", "country", "site")


@dataclass(frozen=True)
class Filters:
    region: str = ""
    country: str = ""
    income_group: str = ""
    category: str = ""
    weighting: str = POOLED
    level: str = ""

    @property
    def scope(self) -> tuple[str, str]:
        """The level and group of the headline figures."""
        if self.country:
            return "country", self.country
        if self.region:
            return "region", self.region
        if self.income_group:
            return "income_group", self.income_group
        return "global", "all"

    @property
    def bar_level(self) -> str:
        if self.country:
            return "site"
        if self.region or self.income_group:
            return "country" if self.level not in ("country", "site") else self.level
        return self.level or "region"


@dataclass
class ShareCell:
    group: str
    label: str
    option: str
    option_label: str
    share: float | None
    low: float | None
    high: float | None
    count: int | None
    n: int | None


@dataclass(frozen=True, slots=True)
class ScaleMean:
    """Mean of a scale question on the options counted 1..points, with its 95 % interval."""

    n: int
    mean: float
    low: float | None
    high: float | None
    points: int = 0


@dataclass(frozen=True, slots=True)
class BreakdownCell:
    count: int | None  # None: hidden, too few people
    share: float | None


@dataclass(frozen=True, slots=True)
class BreakdownLine:
    """One category value's row: its cells in the question's option order."""

    value: str
    label: str
    n: int
    cells: list[BreakdownCell]


@dataclass(frozen=True, slots=True)
class RankingLine:
    rank: int
    label: str
    points: float
    approval: float | None


@dataclass(frozen=True, slots=True)
class ComparisonLine:
    option: str
    share: float | None
    rest_share: float | None
    difference: float | None
    p_value: float | None
    significant: bool


@dataclass
class TrackLine:
    """One option, citizens beside stakeholders (never pooled); `differs` when their 95 %
    intervals do not overlap, with a sentence saying so in plain words."""

    option_label: str
    citizens: ShareCell | None
    stakeholders: TrackRow
    differs: bool
    sentence: str


@dataclass
class ChartPanel:
    """One answer's chart: its title in HTML (it wraps, where an SVG title would be cut),
    the SVG for pages and, for the PDF, the same drawing as a PNG data URI."""

    option: str
    groups: str  # "by region"
    svg: SafeString
    image: str = ""


@dataclass
class QuestionFigure:
    key: str
    kind: str
    text: str
    options: list[tuple[str, str]]
    headline: list[ShareCell]
    bars: list[ShareCell]
    bar_weighting: str
    summary: str
    # One chart per answer, each fitting a phone (issue 18 item 4); empty without bars.
    charts: list[ChartPanel] = field(default_factory=list)
    scale: ScaleMean | None = None  # mean of a scale question, options counted 1..k
    breakdown: list[BreakdownLine] = field(default_factory=list)
    breakdown_paper_unsplit: int = 0  # people counted on paper without this category
    ranking: list[RankingLine] = field(default_factory=list)  # whole rankings, Borda
    comparison: list[ComparisonLine] = field(default_factory=list)
    tracks: list[TrackLine] = field(default_factory=list)  # citizens / stakeholders
    # Issue 15: "citizen", "table" or "both"; a local topic's site (its label); the tables'
    # group answers beside the citizens' (pooled over tables, n = tables).
    answered_by: str = "citizen"
    local_site: str = ""
    table_headline: list[ShareCell] = field(default_factory=list)
    table_bars: list[ShareCell] = field(default_factory=list)

    @property
    def ranking_approval_varies(self) -> bool:
        """False when every ranked answer was ranked by the same share (often 100 %):
        a column repeating one figure on every row says nothing."""
        return len({line.approval for line in self.ranking}) > 1

    @property
    def breakdown_hidden(self) -> int:
        return sum(cell.count is None for line in self.breakdown for cell in line.cells)

    @property
    def breakdown_cells(self) -> int:
        return sum(len(line.cells) for line in self.breakdown)

    @property
    def by_citizens(self) -> bool:
        return self.answered_by != "table"

    @property
    def by_tables(self) -> bool:
        return self.answered_by != "citizen"


class SnapshotReader:
    """Indexes one snapshot's rows once, for the many lookups of a page."""

    def __init__(
        self,
        data: Mapping[str, object],  # ResultsSnapshot.data as stored; load_snapshot checks it
        *,
        source_language: str,
        charts: dict[str, str] | None = None,
    ) -> None:
        self.snapshot = load_snapshot(data)
        self.charts: dict[str, str] = {} if charts is None else charts
        self.source_language = source_language
        self.shares: dict[tuple[str, str, str, str, str], ShareRow] = {
            (row.level, row.group, row.question, row.option, row.weighting): row
            for row in self.snapshot.shares
        }
        self.table_shares: dict[tuple[str, str, str, str], ShareRow] = {
            (row.level, row.group, row.question, row.option): row
            for row in self.snapshot.table_shares
        }
        self.sites: dict[str, SiteRecord] = self.snapshot.sites

    def question_text(self, question: QuestionRecord) -> str:
        return pick_text(question["text"], fallback=self.source_language)

    def option_labels(self, question: QuestionRecord) -> list[tuple[str, str]]:
        return [
            (o["key"], pick_text(o["text"], fallback=self.source_language) or o["key"])
            for o in question["options"]
        ]

    def category_label(self, category: str) -> str:
        labels = self.snapshot.category_labels.get(category)
        label = labels["label"] if labels else None
        return pick_text(label, fallback=self.source_language) or category

    def category_value_label(self, category: str, value: str) -> str:
        labels = self.snapshot.category_labels.get(category)
        label = labels["values"].get(value) if labels else None
        return pick_text(label, fallback=self.source_language) or value

    def group_label(self, level: str, group: str) -> str:
        if level == "global":
            return _("All participants")
        if level == "country":
            return str(countries.name(group)) or group
        if level == "site":
            site = self.sites.get(group)
            return f"{site['city']} ({countries.name(site['country'])})" if site else group
        return regions.label(group)

    def groups_present(self, level: str) -> list[str]:
        return sorted({key[1] for key in self.shares if key[0] == level})

    def bar_groups(self, filters: Filters) -> list[str]:
        level = filters.bar_level
        keep = [site for site in self.sites.values() if _site_passes(site, filters)]
        if level == "site":
            passing = {slug for slug, site in self.sites.items() if _site_passes(site, filters)}
            return [g for g in self.groups_present("site") if g in passing]
        # level is one of the site attributes (Filters.bar_level checks it).
        allowed = {cast(Mapping[str, str], site)[level] for site in keep}
        return [g for g in self.groups_present(level) if g in allowed]

    def shown_in(self, question: QuestionRecord, filters: Filters) -> bool:
        """A local topic shows only where its site is: its country (or a narrower filter
        that still holds its site); never in global, regional or income-group figures."""
        site = self.sites.get(question.get("local") or "")
        if not question.get("local"):
            return True
        return bool(filters.country) and site is not None and _site_passes(site, filters)

    def table_cell(
        self, level: str, group: str, question: str, option: tuple[str, str]
    ) -> ShareCell | None:
        return self._as_cell(
            self.table_shares.get((level, group, question, option[0])), level, group, option
        )

    def cell(
        self, level: str, group: str, question: str, option: tuple[str, str], weighting: str
    ) -> ShareCell | None:
        row = self.shares.get((level, group, question, option[0], weighting))
        return self._as_cell(row, level, group, option)

    def _as_cell(
        self, row: ShareRow | None, level: str, group: str, option: tuple[str, str]
    ) -> ShareCell | None:
        if row is None:
            return None
        label = self.group_label(level, group)
        return ShareCell(
            group,
            label,
            option[0],
            option[1],
            row.share,
            row.low,
            row.high,
            row.option_count,
            row.n,
        )


def _site_passes(site: SiteRecord, filters: Filters) -> bool:
    return (
        (not filters.country or site["country"] == filters.country)
        and (not filters.region or site["region"] == filters.region)
        and (not filters.income_group or site["income_group"] == filters.income_group)
    )


def question_figures(
    reader: SnapshotReader, filters: Filters, *, with_charts: bool = True
) -> list[QuestionFigure]:
    figures = []
    for question in reader.snapshot.questions:
        if not reader.shown_in(question, filters):
            continue  # another country's local topic, or any local topic above countries
        figures.append(question_figure(reader, question, filters, with_charts=with_charts))
    return figures


def question_figure(
    reader: SnapshotReader, question: QuestionRecord, filters: Filters, *, with_charts: bool
) -> QuestionFigure:
    scope_level, scope_group = filters.scope
    options = reader.option_labels(question)
    weighting = filters.weighting if scope_level in COUNTRY_MEAN_LEVELS else POOLED
    headline = _cells(reader, scope_level, [scope_group], question["key"], options, weighting)
    bar_level = filters.bar_level
    bar_weighting = filters.weighting if bar_level in COUNTRY_MEAN_LEVELS else POOLED
    groups = reader.bar_groups(filters)
    bars = _cells(reader, bar_level, groups, question["key"], options, bar_weighting)
    figure = QuestionFigure(
        key=question["key"],
        kind=question["kind"],
        text=reader.question_text(question),
        options=options,
        headline=headline,
        bars=bars,
        bar_weighting=bar_weighting,
        summary=_summary(reader, headline, scope_level, scope_group),
        answered_by=question.get("answered_by", "citizen"),
        local_site=reader.group_label("site", question.get("local", ""))
        if question.get("local")
        else "",
        table_headline=_table_cells(reader, scope_level, [scope_group], question["key"], options),
        table_bars=_table_cells(reader, bar_level, groups, question["key"], options),
    )
    if not figure.by_citizens:
        # Only tables answered: their shares are the headline and the chart.
        figure.summary = _summary(reader, figure.table_headline, scope_level, scope_group)
    if with_charts and bars:
        figure.charts = question_chart(
            figure, group_title=level_phrase(bar_level), stored=reader.charts
        )
    if question["kind"] == "scale":
        scale = _scale_mean(reader, question["key"], scope_level, scope_group)
        if scale is not None:
            figure.scale = replace(scale, points=len(options))
    if question["kind"] == "ranking" and filters.scope == ("global", "all"):
        figure.ranking = _ranking(reader, question["key"], options)
    if filters.category:
        figure.breakdown, figure.breakdown_paper_unsplit = _breakdown(
            reader, question["key"], options, filters
        )
    if filters.country:
        figure.comparison = _comparison(reader, question["key"], options, filters.country)
    figure.tracks = track_lines(reader, question["key"], options)
    return figure


def track_lines(
    reader: SnapshotReader, question: str, options: list[tuple[str, str]]
) -> list[TrackLine]:
    """Citizens (every site, pooled) beside stakeholders, option by option (issue 15 item 6)."""
    stakeholders = {
        row.option: row for row in reader.snapshot.stakeholders if row.question == question
    }
    lines = []
    for option in options:
        theirs = stakeholders.get(option[0])
        if theirs is None:
            continue
        citizens = reader.cell("global", "all", question, option, POOLED)
        differs = _intervals_apart(citizens, theirs)
        lines.append(
            TrackLine(
                option[1],
                citizens,
                theirs,
                differs,
                _track_sentence(option[1], citizens, theirs, differs),
            )
        )
    return lines


def _intervals_apart(citizens: ShareCell | None, stakeholders: TrackRow) -> bool:
    """True when the two 95 % intervals do not overlap (either missing: False)."""
    if citizens is None:
        return False
    c_low, c_high, s_low, s_high = citizens.low, citizens.high, stakeholders.low, stakeholders.high
    if c_low is None or c_high is None or s_low is None or s_high is None:
        return False
    return c_high < s_low or s_high < c_low


def _track_sentence(
    label: str, citizens: ShareCell | None, stakeholders: TrackRow, differs: bool
) -> str:
    values = {
        "option": label,
        "citizens": percent(citizens.share if citizens else None),
        "stakeholders": percent(stakeholders.share),
    }
    if not differs:
        return (
            _(
                "“%(option)s”: citizens %(citizens)s, stakeholders %(stakeholders)s; their 95 %% "
                "intervals overlap, so the gap may be chance."
            )
            % values
        )
    if (stakeholders.share or 0.0) > ((citizens.share or 0.0) if citizens else 0.0):
        return (
            _(
                "Stakeholders chose “%(option)s” more often than citizens (%(stakeholders)s "
                "against %(citizens)s); their 95 %% intervals do not overlap, so the difference "
                "is unlikely to be chance."
            )
            % values
        )
    return (
        _(
            "Stakeholders chose “%(option)s” less often than citizens (%(stakeholders)s "
            "against %(citizens)s); their 95 %% intervals do not overlap, so the difference "
            "is unlikely to be chance."
        )
        % values
    )


def _cells(
    reader: SnapshotReader,
    level: str,
    groups: list[str],
    question: str,
    options: list[tuple[str, str]],
    weighting: str,
) -> list[ShareCell]:
    cells = []
    for group in groups:
        for option in options:
            cell = reader.cell(level, group, question, option, weighting)
            if cell is not None:
                cells.append(cell)
    return cells


def _table_cells(
    reader: SnapshotReader,
    level: str,
    groups: list[str],
    question: str,
    options: list[tuple[str, str]],
) -> list[ShareCell]:
    cells = []
    for group in groups:
        for option in options:
            cell = reader.table_cell(level, group, question, option)
            if cell is not None:
                cells.append(cell)
    return cells


def _summary(reader: SnapshotReader, headline: list[ShareCell], level: str, group: str) -> str:
    answered = sorted(
        (cell for cell in headline if cell.share is not None),
        key=lambda cell: -(cell.share or 0.0),
    )
    if not answered:
        return _("Nobody has answered this question yet.")
    top = answered[0]
    values = {
        "group": reader.group_label(level, group),
        "option": top.option_label,
        "share": percent(top.share),
    }
    runner_up = answered[1] if len(answered) > 1 else None
    if runner_up is not None and _within_chance(top, runner_up):
        # Naming a "winner" two points ahead of the next answer would mislead a reader.
        values.update(second=runner_up.option_label, second_share=percent(runner_up.share))
        return (
            _(
                '%(group)s: no answer is clearly ahead. "%(option)s" (%(share)s) and '
                '"%(second)s" (%(second_share)s) are within chance of each other.'
            )
            % values
        )
    return _('%(group)s: the answer chosen most often is "%(option)s", by %(share)s.') % values


def _within_chance(top: ShareCell, second: ShareCell) -> bool:
    """The 95 % intervals overlap (a cautious reading: overlapping intervals can still
    differ, but a reader should not be told one answer leads)."""
    if top.low is None or second.high is None:
        return top.share == second.share
    return top.low <= second.high


def level_title(level: str) -> str:
    titles = {
        "global": _("All participants"),
        "region": _("Region"),
        "subregion": _("Sub-region"),
        "income_group": _("Income group"),
        "country": _("Country"),
        "site": _("Site"),
    }
    return titles.get(level, level)


def level_phrase(level: str) -> str:
    """How a chart's groups are named under its title: "by region"."""
    phrases = {
        "region": _("by region"),
        "subregion": _("by sub-region"),
        "income_group": _("by income group"),
        "country": _("by country"),
        "site": _("by site"),
    }
    return phrases.get(level, level)


def question_chart(
    figure: QuestionFigure, *, group_title: str, stored: dict[str, str] | None = None
) -> list[ChartPanel]:
    """One chart per answer: the share of each group that chose it."""
    charts = []
    for _key, option in figure.options:
        rows: list[ChartRow] = [
            {
                "group": c.label,
                "text": _("%(group)s: %(share)s") % {"group": c.label, "share": percent(c.share)},
                "share": c.share,
                "low": c.low,
                "high": c.high,
                "n": c.n,
            }
            for c in figure.bars
            if c.share is not None and c.option_label == option
        ]
        if not rows:
            continue
        spec = share_chart_spec(rows=rows, share_title=_("Share who chose it"))
        label = _("Chart: the share who chose “%(option)s”, %(groups)s. %(question)s") % {
            "option": option,
            "groups": group_title,
            "question": figure.text,
        }
        charts.append(ChartPanel(option, group_title, chart_svg(spec, label=label, stored=stored)))
    return charts


def _breakdown(
    reader: SnapshotReader, question: str, options: list[tuple[str, str]], filters: Filters
) -> tuple[list[BreakdownLine], int]:
    """Rows by category value, and how many people counted on paper it leaves out."""
    level, group = filters.scope
    lines: dict[str, tuple[str, int]] = {}  # value -> (label, n)
    cells: dict[str, dict[str | None, BreakdownCell]] = {}
    unsplit: dict[str, int] = {}
    for row in reader.snapshot.breakdowns:
        category, row_level, row_group, row_question, value, option, n, count = row
        if (category, row_level, row_group, row_question) != (
            filters.category,
            level,
            group,
            question,
        ):
            continue
        if value == PAPER_UNSPLIT:
            unsplit[value] = n
            continue
        if value not in lines:
            lines[value] = (reader.category_value_label(category, value), n)
            cells[value] = {}
        share = None if count is None or not n else count / n
        cells[value][option] = BreakdownCell(count=count, share=share)
    empty = BreakdownCell(count=None, share=None)
    rows = [
        BreakdownLine(
            value=value,
            label=label,
            n=n,
            cells=[cells[value].get(key, empty) for key, _label in options],
        )
        for value, (label, n) in sorted(lines.items())
    ]
    return rows, unsplit.get(PAPER_UNSPLIT, 0)


def _ranking(
    reader: SnapshotReader, question: str, options: list[tuple[str, str]]
) -> list[RankingLine]:
    labels = dict(options)
    return [
        RankingLine(rank=rank, label=labels.get(option, option), points=points, approval=share)
        for option, rank, points, share in reader.snapshot.rankings.get(question, [])
    ]


def _scale_mean(reader: SnapshotReader, question: str, level: str, group: str) -> ScaleMean | None:
    for row_level, row_group, row_question, n, mean, low, high in reader.snapshot.scales:
        if (row_level, row_group, row_question) == (level, group, question) and mean is not None:
            return ScaleMean(n=n, mean=mean, low=low, high=high)
    return None


def _comparison(
    reader: SnapshotReader, question: str, options: list[tuple[str, str]], country: str
) -> list[ComparisonLine]:
    labels = dict(options)
    return [
        ComparisonLine(
            option=labels.get(row.option, row.option),
            share=row.share,
            rest_share=row.rest_share,
            difference=row.difference,
            p_value=row.p_value,
            significant=row.p_value is not None and row.p_value < 0.05,
        )
        for row in reader.snapshot.comparisons
        if row.country == country and row.question == question
    ]
