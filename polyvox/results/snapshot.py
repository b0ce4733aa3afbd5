"""The results snapshot (`ResultsSnapshot.data`): its rows as named records, versioned.

Every number the results pages, reports, downloads and API show is computed once into
this snapshot. Its tables can hold tens of thousands of cells, so each row is stored as a
JSON array (compact, and the shape stored before this schema existed) and read back as a
`NamedTuple`: named fields in the code, positional and cheap in the database, with no
per-row validation on the read path of every results page. `load_snapshot` accepts a
stored snapshot without `version` as version 1.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, NamedTuple, NotRequired, TypedDict, TypeVar

SNAPSHOT_VERSION = 1


class ShareRow(NamedTuple):
    """One cell of a share table; count and n are None for weighted shares."""

    level: str
    group: str
    question: str
    option: str
    weighting: str
    option_count: int | None
    n: int | None
    share: float | None
    low: float | None
    high: float | None


class BreakdownRow(NamedTuple):
    """Answers split by a category; option and count are None for people counted on paper
    without this split, count is None where suppressed."""

    category: str
    level: str
    group: str
    question: str
    value: str
    option: str | None
    n: int
    option_count: int | None


class ScaleRow(NamedTuple):
    level: str
    group: str
    question: str
    n: int
    mean: float | None
    low: float | None
    high: float | None


class ComparisonRow(NamedTuple):
    """A country against all the others, on one option."""

    country: str
    question: str
    option: str
    share: float | None
    rest_share: float | None
    difference: float | None
    p_value: float | None


class RankingRow(NamedTuple):
    recommendation: str
    rank: int
    borda_points: float
    approval_share: float | None


class TrackRow(NamedTuple):
    """The stakeholders' share of one option over every site (issue 15 item 6): shown
    beside the citizens' pooled global share, never added to it."""

    question: str
    option: str
    option_count: int
    n: int
    share: float | None
    low: float | None
    high: float | None


class OptionRecord(TypedDict):
    key: str
    text: dict[str, str]


class QuestionRecord(TypedDict):
    key: str
    kind: str
    text: dict[str, str]
    options: list[OptionRecord]
    # "citizen", "table" or "both" (dialogues.Question.AnsweredBy); absent before issue 15.
    answered_by: NotRequired[str]
    # The slug of the site whose local topic this is; "" or absent for common questions.
    local: NotRequired[str]


class SiteRecord(TypedDict):
    city: str
    country: str
    region: str
    subregion: str
    income_group: str


class CountryReference(TypedDict):
    """The reference figures of one country as used (see results.reference_data)."""

    name: str
    region: str
    subregion: str
    intermediate_region: str
    income_group: str
    income_group_fy: str
    population: int | None
    population_year: int | None
    # "" for the World Bank figure; the organiser's source when they gave their own.
    population_override_source: str


class ReferenceRecord(TypedDict):
    """Which reference table the figures used and the values of the dialogue's countries."""

    table: str
    sha256: str
    population_years: list[int]
    income_group_years: list[str]
    frozen_at: str  # ISO time of publication, "" while provisional
    countries: dict[str, CountryReference]
    # Countries of the dialogue with no population: population weighting left out.
    missing_population: list[str]


class CategoryLabels(TypedDict):
    """A category's translated label and its values' ({language: text})."""

    label: dict[str, str]
    values: dict[str, dict[str, str]]


class Totals(TypedDict):
    ballots: int
    paper: int
    participants: int
    unchecked_counts: int


@dataclass(frozen=True)
class CountryProfiles:
    """Each country's share per (question, option) item, for "which country are you"."""

    countries: list[str] = field(default_factory=list)
    items: list[tuple[str, str]] = field(default_factory=list)
    share: list[list[float | None]] = field(default_factory=list)


@dataclass(frozen=True)
class Snapshot:
    questions: list[QuestionRecord] = field(default_factory=list)
    sites: dict[str, SiteRecord] = field(default_factory=dict)
    totals: Totals = field(
        default_factory=lambda: Totals(ballots=0, paper=0, participants=0, unchecked_counts=0)
    )
    shares: list[ShareRow] = field(default_factory=list)
    # Shares of tables (their group answers), pooled: each table counts once, n = tables.
    table_shares: list[ShareRow] = field(default_factory=list)
    breakdowns: list[BreakdownRow] = field(default_factory=list)
    categories: list[str] = field(default_factory=list)
    category_labels: dict[str, CategoryLabels] = field(default_factory=dict)
    scales: list[ScaleRow] = field(default_factory=list)
    comparisons: list[ComparisonRow] = field(default_factory=list)
    rankings: dict[str, list[RankingRow]] = field(default_factory=dict)
    profiles: CountryProfiles = field(default_factory=CountryProfiles)
    # None in snapshots computed before reference data was recorded.
    reference: ReferenceRecord | None = None
    # The stakeholders' shares; empty when the dialogue has no stakeholders' panel.
    stakeholders: list[TrackRow] = field(default_factory=list)
    version: int = SNAPSHOT_VERSION


Row = TypeVar("Row", ShareRow, BreakdownRow, ScaleRow, ComparisonRow, RankingRow, TrackRow)


def _rows(make: type[Row], raw: Iterable[Iterable[object]] | None) -> list[Row]:
    return [make._make(row) for row in raw or ()]


# Any: the stored JSON as Django's JSONField hands it over, checked here field by field.
def load_snapshot(raw: Mapping[str, Any] | None) -> Snapshot:
    """The stored JSON as records; an empty or missing snapshot reads as an empty one."""
    data: Mapping[str, Any] = raw or {}
    version = int(data.get("version", 1))
    if version != SNAPSHOT_VERSION:
        raise ValueError(f"results snapshot version {version} is not known")
    profiles = data.get("profiles") or {}
    return Snapshot(
        questions=list(data.get("questions") or []),
        sites=dict(data.get("sites") or {}),
        totals=data.get("totals") or Snapshot().totals,
        shares=_rows(ShareRow, data.get("shares")),
        table_shares=_rows(ShareRow, data.get("table_shares")),
        breakdowns=_rows(BreakdownRow, data.get("breakdowns")),
        categories=list(data.get("categories") or []),
        category_labels=dict(data.get("category_labels") or {}),
        scales=_rows(ScaleRow, data.get("scales")),
        comparisons=_rows(ComparisonRow, data.get("comparisons")),
        rankings={
            question: _rows(RankingRow, rows)
            for question, rows in (data.get("rankings") or {}).items()
        },
        profiles=CountryProfiles(
            countries=list(profiles.get("countries", [])),
            items=[(str(q), str(o)) for q, o in profiles.get("items", [])],
            share=[list(row) for row in profiles.get("share", [])],
        ),
        reference=data.get("reference") or None,
        stakeholders=_rows(TrackRow, data.get("stakeholders")),
    )


def dump_snapshot(snapshot: Snapshot) -> dict[str, object]:
    """JSON for the database: rows as arrays, as they were stored before the schema."""
    return {
        "version": snapshot.version,
        "questions": snapshot.questions,
        "sites": snapshot.sites,
        "totals": snapshot.totals,
        "shares": [list(row) for row in snapshot.shares],
        "table_shares": [list(row) for row in snapshot.table_shares],
        "breakdowns": [list(row) for row in snapshot.breakdowns],
        "categories": snapshot.categories,
        "category_labels": snapshot.category_labels,
        "scales": [list(row) for row in snapshot.scales],
        "comparisons": [list(row) for row in snapshot.comparisons],
        "rankings": {q: [list(row) for row in rows] for q, rows in snapshot.rankings.items()},
        "profiles": {
            "countries": snapshot.profiles.countries,
            "items": [list(item) for item in snapshot.profiles.items],
            "share": snapshot.profiles.share,
        },
        "reference": snapshot.reference,
        "stakeholders": [list(row) for row in snapshot.stakeholders],
    }
