"""Thin helpers around highspy, the engine's only solver."""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence

import highspy
import numpy as np
from scipy import sparse

from polyvox.engines.sortition.problem import FloatArray

INFINITY = highspy.kHighsInf


_banner_silenced = False


def _silenced_first_solver() -> highspy.Highs:
    """HiGHS prints a licence banner on stdout when its first instance is made.

    Engine output goes to files and a CLI summary; the banner would corrupt stdout for
    callers that parse it, so the first construction runs with fd 1 pointed at /dev/null.
    """
    global _banner_silenced
    _banner_silenced = True
    sys.stdout.flush()
    saved = os.dup(1)
    try:
        with open(os.devnull, "w") as sink:
            os.dup2(sink.fileno(), 1)
            return highspy.Highs()  # type: ignore[no-untyped-call]
    finally:
        os.dup2(saved, 1)
        os.close(saved)


def new_solver(seed: int) -> highspy.Highs:
    solver = highspy.Highs() if _banner_silenced else _silenced_first_solver()  # type: ignore[no-untyped-call]
    solver.setOptionValue("output_flag", False)
    # One thread: reproducible results and honest CPU accounting on shared machines.
    solver.setOptionValue("threads", 1)
    solver.setOptionValue("random_seed", seed % 2_147_483_647)
    return solver


def pass_model(
    solver: highspy.Highs,
    *,
    costs: FloatArray,
    col_lower: FloatArray,
    col_upper: FloatArray,
    matrix: sparse.spmatrix,
    row_lower: FloatArray,
    row_upper: FloatArray,
    integer: bool,
    maximise: bool,
) -> None:
    columns = sparse.csc_matrix(matrix)
    lp = highspy.HighsLp()
    lp.num_col_ = columns.shape[1]
    lp.num_row_ = columns.shape[0]
    lp.col_cost_ = np.asarray(costs, dtype=np.float64)
    lp.col_lower_ = np.asarray(col_lower, dtype=np.float64)
    lp.col_upper_ = np.asarray(col_upper, dtype=np.float64)
    lp.row_lower_ = np.asarray(row_lower, dtype=np.float64)
    lp.row_upper_ = np.asarray(row_upper, dtype=np.float64)
    lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
    lp.a_matrix_.start_ = columns.indptr.astype(np.int32)
    lp.a_matrix_.index_ = columns.indices.astype(np.int32)
    lp.a_matrix_.value_ = columns.data.astype(np.float64)
    if integer:
        lp.integrality_ = [highspy.HighsVarType.kInteger] * lp.num_col_
    lp.sense_ = highspy.ObjSense.kMaximize if maximise else highspy.ObjSense.kMinimize
    solver.passModel(lp)


def is_optimal(solver: highspy.Highs) -> bool:
    return bool(solver.getModelStatus() == highspy.HighsModelStatus.kOptimal)


def solve_lp(solver: highspy.Highs, what: str) -> None:
    """Run an LP to optimality, cold once if the warm start ends in an unclear state.

    After many bound changes a warm-started dual simplex can stop with a tiny primal
    infeasibility it cannot clear (model status Unknown); from scratch it solves.
    """
    solver.run()
    if not is_optimal(solver):
        solver.clearSolver()
        solver.run()
    if not is_optimal(solver):
        status = solver.modelStatusToString(solver.getModelStatus())
        raise RuntimeError(f"{what} not solved to optimality: {status}")


def is_infeasible(solver: highspy.Highs) -> bool:
    status = solver.getModelStatus()
    return bool(
        status
        in (highspy.HighsModelStatus.kInfeasible, highspy.HighsModelStatus.kUnboundedOrInfeasible)
    )


def column_values(solver: highspy.Highs) -> FloatArray:
    return np.array(solver.getSolution().col_value, dtype=np.float64)


def row_duals(solver: highspy.Highs) -> FloatArray:
    return np.array(solver.getSolution().row_dual, dtype=np.float64)


def set_costs(solver: highspy.Highs, costs: Sequence[float] | FloatArray) -> None:
    count = len(costs)
    solver.changeColsCost(
        count, np.arange(count, dtype=np.int32), np.asarray(costs, dtype=np.float64)
    )


def set_row_bounds(solver: highspy.Highs, lower: FloatArray, upper: FloatArray) -> None:
    """New bounds for every row at once (highspy's stubs lack this call)."""
    count = len(lower)
    rows = np.arange(count, dtype=np.int32)
    solver.changeRowsBounds(count, rows, lower, upper)  # type: ignore[attr-defined]
