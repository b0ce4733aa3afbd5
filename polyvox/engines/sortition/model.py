"""Plain data the sortition engine takes and returns."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

ProgressCallback = Callable[[float, str], None]


class SortitionError(Exception):
    """Base class of every error the engine raises on purpose."""


class InvalidInputError(SortitionError):
    """The pool, the quotas or the panel size contradict each other on their face."""


@dataclass(frozen=True)
class QuotaConflict:
    """One quota that had to move to make a panel possible, and by how much."""

    category: str
    value: str
    current_min: int
    current_max: int
    suggested_min: int
    suggested_max: int


class InfeasibleQuotasError(SortitionError):
    """No panel meets every quota; carries the smallest relaxation found, if any."""

    def __init__(self, message: str, conflicts: Sequence[QuotaConflict], relaxable: bool) -> None:
        super().__init__(message)
        self.conflicts = list(conflicts)
        self.relaxable = relaxable


@dataclass(frozen=True)
class Quota:
    """Bounds on how many panel members hold `value` in `category`.

    min_flex and max_flex bound how far a suggested relaxation may go (None: no bound).
    """

    category: str
    value: str
    min: int
    max: int
    min_flex: int | None = None
    max_flex: int | None = None


@dataclass(frozen=True)
class Pool:
    """The volunteers: ids, one value per category each, and an optional household key."""

    ids: tuple[str, ...]
    features: Mapping[str, tuple[str, ...]]
    households: tuple[str | None, ...] | None = None

    @property
    def size(self) -> int:
        return len(self.ids)

    @property
    def categories(self) -> list[str]:
        return list(self.features)


@dataclass(frozen=True)
class Distribution:
    """A probability distribution over valid panels.

    Interchangeable people (same values, no housemates in the pool) are grouped:
    profile i takes profiles[i][g] members of group g, chosen uniformly within the
    group, with probability weights[i]. So probabilities[p] is exact per person.
    """

    algorithm: str
    probabilities: tuple[float, ...]
    groups: tuple[tuple[int, ...], ...]
    profiles: tuple[tuple[int, ...], ...]
    weights: tuple[float, ...]
    panel_size: int
    stats: dict[str, float] = field(default_factory=dict)

    @property
    def minimum_probability(self) -> float:
        return min(self.probabilities) if self.probabilities else 0.0


@dataclass(frozen=True)
class Lottery:
    """A uniform lottery: ticket j (0-based) selects panels[j], person indices sorted.

    probabilities are each person's chance under the lottery; max_deviation is the largest
    distance from the distribution it was rounded from, never above bound (= k/m) and
    within tolerance unless even the largest lottery tried could not get there. rounding
    is the procedure ("fair", or "beck-fiala" for lotteries published before it); method
    says which of its steps chose the ticket counts ("beck-fiala", "local search",
    "integer program").
    """

    panels: tuple[tuple[int, ...], ...]
    probabilities: tuple[float, ...]
    max_deviation: float
    bound: float
    rounding: str = "beck-fiala"
    method: str = "beck-fiala"
    tolerance: float | None = None

    @property
    def size(self) -> int:
        return len(self.panels)


@dataclass(frozen=True)
class Draw:
    """One published draw: what was committed, the public value, and the outcome."""

    commitment: str
    public_random: str
    seed_hex: str
    ticket: int
    panel: tuple[int, ...]


@dataclass(frozen=True)
class Verification:
    ok: bool
    problems: tuple[str, ...]
    panel: tuple[int, ...] = ()
