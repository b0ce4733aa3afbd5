"""Fair panel selection (sortition): LEXIMIN lotteries, transparent draws, replacements.

Pure Python on numpy, scipy and HiGHS; never imports Django.
"""

from polyvox.engines.sortition.checks import panel_violations
from polyvox.engines.sortition.distribution import ALGORITHMS, Algorithm, find_distribution
from polyvox.engines.sortition.feasibility import check_feasible
from polyvox.engines.sortition.lottery import round_to_lottery
from polyvox.engines.sortition.model import (
    Distribution,
    Draw,
    InfeasibleQuotasError,
    InvalidInputError,
    Lottery,
    Pool,
    ProgressCallback,
    Quota,
    QuotaConflict,
    SortitionError,
    Verification,
)
from polyvox.engines.sortition.problem import Problem, compile_problem, profile_violations
from polyvox.engines.sortition.replacements import find_replacements
from polyvox.engines.sortition.reserves import reserve_order
from polyvox.engines.sortition.transparency import commitment_for, draw, verify_draw

__all__ = [
    "ALGORITHMS",
    "Algorithm",
    "Distribution",
    "Draw",
    "InfeasibleQuotasError",
    "InvalidInputError",
    "Lottery",
    "Pool",
    "Problem",
    "ProgressCallback",
    "Quota",
    "QuotaConflict",
    "SortitionError",
    "Verification",
    "check_feasible",
    "commitment_for",
    "compile_problem",
    "draw",
    "find_distribution",
    "find_replacements",
    "panel_violations",
    "profile_violations",
    "reserve_order",
    "round_to_lottery",
    "verify_draw",
]
