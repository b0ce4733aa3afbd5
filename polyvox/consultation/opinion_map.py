"""The stored opinion map (`Consultation.opinion_map`) and the map job's records, versioned.

The map is what the map page, the API and the openData export read: the engine's result
keyed by database ids, plus votes per group. `load_opinion_map` accepts every stored shape:
version 1 rows written before this schema carried no `version` and kept each participant
as a positional `[id, group, x, y]` list; both load into the same named records.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from polyvox.engines.opinion import OpinionResult

OPINION_MAP_VERSION = 1

# One vote row as read from the database: (participant id, statement id, value).
VoteRow = tuple[int, int, int]


class _Record(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class MapParticipant(_Record):
    id: int
    group: int | None
    x: float
    y: float

    @model_validator(mode="before")
    @classmethod
    def _from_positional_row(cls, value: object) -> object:
        # Maps stored before the schema kept participants as [id, group, x, y].
        if isinstance(value, list | tuple):
            return dict(zip(("id", "group", "x", "y"), value, strict=True))
        return value


class MapRepresentative(_Record):
    statement: int
    direction: Literal["agree", "disagree"]
    n_success: int
    n_trials: int


class MapGroupSummary(_Record):
    id: int
    size: int
    representative: tuple[MapRepresentative, ...] = ()


class MapConsensusStatement(_Record):
    statement: int
    n_success: int
    n_trials: int


class MapConsensus(_Record):
    agree: tuple[MapConsensusStatement, ...] = ()
    disagree: tuple[MapConsensusStatement, ...] = ()


# Votes on one statement by one group ("all" for everyone): agree, disagree, pass.
VoteTally = tuple[int, int, int]


class MapStatementSummary(_Record):
    consensus: float
    priority: float
    # Keyed by group id as a string, and "all".
    votes: dict[str, VoteTally] = Field(default_factory=dict)


class OpinionMap(_Record):
    version: int = OPINION_MAP_VERSION
    participants: tuple[MapParticipant, ...] = ()
    groups: tuple[MapGroupSummary, ...] = ()
    consensus: MapConsensus = MapConsensus()
    # Keyed by statement id as a string (JSON object keys).
    statements: dict[str, MapStatementSummary] = Field(default_factory=dict)
    votes: int = 0
    computed_at: str | None = None

    def group_of(self) -> dict[int, int | None]:
        return {p.id: p.group for p in self.participants}


def load_opinion_map(raw: object) -> OpinionMap | None:
    """The stored map, or None when none has been computed yet (the field's `{}` default)."""
    if not raw:
        return None
    return OpinionMap.model_validate(raw)


def dump_opinion_map(opinion_map: OpinionMap) -> dict[str, object]:
    return opinion_map.model_dump(mode="json")


def map_from_result(
    result: OpinionResult, rows: Iterable[VoteRow], *, computed_at: str | None = None
) -> OpinionMap:
    """The engine's result keyed by database ids, plus votes per group."""
    group_of = {p.id: p.group for p in result.participants}
    counts: dict[int, dict[str, Counter[int]]] = defaultdict(lambda: defaultdict(Counter))
    n_votes = 0
    for participant, statement, value in rows:
        n_votes += 1
        group = group_of.get(participant)
        counts[statement]["all"][value] += 1
        if group is not None:
            counts[statement][str(group)][value] += 1
    return OpinionMap(
        participants=tuple(
            MapParticipant(id=p.id, group=p.group, x=round(p.x, 4), y=round(p.y, 4))
            for p in result.participants
        ),
        groups=tuple(
            MapGroupSummary(
                id=g.id,
                size=g.size,
                representative=tuple(
                    MapRepresentative(
                        statement=r.statement,
                        direction=r.direction,
                        n_success=r.n_success,
                        n_trials=r.n_trials,
                    )
                    for r in g.representative
                ),
            )
            for g in result.groups
        ),
        consensus=MapConsensus(
            agree=_consensus(result.consensus.agree),
            disagree=_consensus(result.consensus.disagree),
        ),
        statements={
            str(s.id): MapStatementSummary(
                consensus=round(s.group_informed_consensus, 6),
                priority=round(s.priority, 6),
                votes={
                    group: (tally[1], tally[-1], tally[0])
                    for group, tally in counts.get(s.id, {}).items()
                },
            )
            for s in result.statements
        },
        votes=n_votes,
        computed_at=computed_at,
    )


def _consensus(statements: Iterable[object]) -> tuple[MapConsensusStatement, ...]:
    return tuple(
        MapConsensusStatement.model_validate(statement, from_attributes=True)
        for statement in statements
    )


# ---------------------------------------------------------------- the map job


class RecomputeParams(_Record):
    """The `consultation.recompute` job's parameters."""

    version: int = 1
    consultation_id: int


class RecomputeSummary(_Record):
    """What the `consultation.recompute` job stores as its result."""

    version: int = 1
    consultation: str
    participants: int
    groups: int
    votes: int
    seconds: float
