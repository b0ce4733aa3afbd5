"""Schemas of the JSON the recruitment app stores, with their load and dump functions.

Each stored object carries a `version`; rows written before versions existed have none
and load as version 1, so the stored shape did not change and needs no data migration.
The id lists (`selected_ids`, `reserve_ids`) stay plain JSON lists of volunteer ids: their
meaning is fixed by the version of the run's frozen pool.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, TypeAdapter

from polyvox.engines import sortition

VERSION = 1


class Record(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    version: int = VERSION


# One quota as stored: category, value, min, max, lowest min and highest max allowed.
FrozenQuota = tuple[str, str, int, int, int | None, int | None]


class FrozenPool(Record):
    """The pool and quotas as the engine saw them: ids, values, household digests."""

    ids: list[str]
    features: dict[str, list[str]]
    households: list[str | None]
    quotas: list[FrozenQuota]

    def engine_input(self) -> tuple[sortition.Pool, list[sortition.Quota]]:
        pool = sortition.Pool(
            ids=tuple(self.ids),
            features={key: tuple(values) for key, values in self.features.items()},
            households=tuple(self.households),
        )
        return pool, [sortition.Quota(*row) for row in self.quotas]


class StoredSupportPanel(BaseModel):
    """One panel of the exact distribution: its probability and seats per group."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    weight: float
    seats: list[tuple[int, int]]  # (group, seats) for every group with a seat


class StoredLottery(Record):
    """The published lottery: ticket j draws panels[j] (indices into the frozen ids).

    Lotteries stored before the fair rounding load with rounding "beck-fiala" and no
    support; the exact distribution (groups, support) is kept for distribution.csv."""

    panels: list[list[int]]
    probabilities: list[float]
    max_deviation: float
    bound: float
    rounding: str = "beck-fiala"
    method: str = "beck-fiala"
    tolerance: float | None = None
    groups: list[list[int]] = []
    support: list[StoredSupportPanel] = []

    @classmethod
    def of(
        cls, lottery: sortition.Lottery, distribution: sortition.Distribution | None = None
    ) -> StoredLottery:
        support = []
        if distribution is not None:
            support = [
                StoredSupportPanel(
                    weight=weight,
                    seats=[(group, seats) for group, seats in enumerate(profile) if seats],
                )
                for profile, weight in zip(distribution.profiles, distribution.weights, strict=True)
            ]
        return cls(
            panels=[list(panel) for panel in lottery.panels],
            probabilities=list(lottery.probabilities),
            max_deviation=lottery.max_deviation,
            bound=lottery.bound,
            rounding=lottery.rounding,
            method=lottery.method,
            tolerance=lottery.tolerance,
            groups=[list(members) for members in distribution.groups] if distribution else [],
            support=support,
        )

    def engine_lottery(self) -> sortition.Lottery:
        return sortition.Lottery(
            panels=tuple(tuple(panel) for panel in self.panels),
            probabilities=tuple(self.probabilities),
            max_deviation=self.max_deviation,
            bound=self.bound,
            rounding=self.rounding,
            method=self.method,
            tolerance=self.tolerance,
        )

    def support_profiles(self) -> list[list[int]]:
        """Seats per group of each support panel, as the engine's profiles."""
        profiles = []
        for panel in self.support:
            profile = [0] * len(self.groups)
            for group, seats in panel.seats:
                profile[group] = seats
            profiles.append(profile)
        return profiles


class ReportValue(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    key: str
    label: dict[str, str]
    population_share: float | None
    pool: int
    panel: int


class ReportCategory(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    key: str
    label: dict[str, str]
    values: list[ReportValue]


class HistogramBin(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    low: float
    high: float
    count: int
    bar: int  # bar length in the report page's SVG, relative to the tallest bar


class SelectionReport(Record):
    """The public, anonymised report of a draw: counts per value, spread of probabilities."""

    pool_size: int
    panel_size: int
    reserves: int
    categories: list[ReportCategory]
    histogram: list[HistogramBin]
    minimum_probability: float
    maximum_probability: float
    replacements: int = 0
    # The lottery the ticket was drawn from (None in reports from before these were kept).
    lottery_panels: int | None = None
    lottery_max_deviation: float | None = None


_IDS = TypeAdapter(list[str])
_PROBLEMS = TypeAdapter(list[str])
_VALUES = TypeAdapter(dict[str, str])


def record_dump(record: Record) -> dict[str, object]:  # the JSON object a JSONField stores
    """Any stored record as JSON, its version included."""
    return record.model_dump(mode="json")


# The load functions take what a JSONField holds: any JSON value, checked here.
def frozen_pool_load(data: Any) -> FrozenPool:
    return FrozenPool.model_validate(data)


def lottery_load(data: Any) -> StoredLottery:
    return StoredLottery.model_validate(data)


def report_load(data: Any) -> SelectionReport:
    return SelectionReport.model_validate(data)


def volunteer_ids_load(data: Any) -> list[str]:
    return _IDS.validate_python(data)


def import_problems_load(data: Any) -> list[str]:
    return _PROBLEMS.validate_python(data)


def volunteer_values_load(data: Any) -> dict[str, str]:
    return _VALUES.validate_python(data)


# The recruitment jobs, by kind; their handlers are in tasks.py.
POOL_IMPORT = "recruitment.pool_import"
SELECTION = "recruitment.selection"
REPLACEMENTS = "recruitment.replacements"


class PoolImportJob(Record):
    """Parameters of the `recruitment.pool_import` job."""

    import_id: int


class RunJob(Record):
    """Parameters of the `recruitment.selection` and `recruitment.replacements` jobs."""

    run_id: int


class PoolImportOutcome(Record):
    import_id: int
    status: str
    rows: int | None


class SelectionOutcome(Record):
    run_id: int
    minimum_probability: float | None
    panels: int | None


class ReplacementsOutcome(Record):
    run_id: int
    replacements: int
    invited: int


def pool_import_job_load(params: Any) -> PoolImportJob:
    return PoolImportJob.model_validate(params)


def run_job_load(params: Any) -> RunJob:
    return RunJob.model_validate(params)


REMINDERS = "recruitment.reminders"


class SiteJob(Record):
    """Parameters of the `recruitment.reminders` job."""

    site_id: int


class RemindersOutcome(Record):
    site_id: int
    kind: str | None
    sent: int


def site_job_load(params: Any) -> SiteJob:
    return SiteJob.model_validate(params)
