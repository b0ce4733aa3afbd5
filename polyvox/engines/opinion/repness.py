"""Per-group vote counts and what Polis derives from them: representative statements,
consensus, group-informed consensus and statement priorities (repness.clj, stats.clj,
conversation.clj)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any, Literal

import numpy as np
import numpy.typing as npt

from polyvox.engines.opinion.matrix import VoteMatrix
from polyvox.engines.opinion.model import (
    AGREE,
    DISAGREE,
    ConsensusStatement,
    FloatArray,
    IntArray,
    RepresentativeStatement,
)

Z_90 = 1.2816
MAX_REPRESENTATIVE = 5
MAX_CONSENSUS = 5
META_PRIORITY = 7.0


@dataclass(frozen=True)
class GroupCounts:
    """Agrees, disagrees and votes seen, shape (n_groups, n_statements)."""

    agree: FloatArray
    disagree: FloatArray
    seen: FloatArray


def group_counts(matrix: VoteMatrix, labels: IntArray, n_groups: int) -> GroupCounts:
    """Counts per group; `labels` is -1 for participants outside every group."""
    n_statements = matrix.shape[1]
    group_of_vote = labels[matrix.rows]
    grouped = group_of_vote >= 0
    cell = group_of_vote[grouped] * n_statements + matrix.cols[grouped]
    values = matrix.values[grouped]

    def count(selected: npt.NDArray[np.bool_]) -> FloatArray:
        tally = np.bincount(cell[selected], minlength=n_groups * n_statements)
        return tally.reshape(n_groups, n_statements).astype(np.float64)

    return GroupCounts(
        agree=count(values == AGREE),
        disagree=count(values == DISAGREE),
        seen=count(np.ones(len(values), dtype=bool)),
    )


def proportion_test(successes: FloatArray, trials: FloatArray) -> FloatArray:
    return 2.0 * np.sqrt(trials + 1) * ((successes + 1) / (trials + 1) - 0.5)


def two_proportion_test(
    successes_in: FloatArray,
    successes_out: FloatArray,
    trials_in: FloatArray,
    trials_out: FloatArray,
) -> FloatArray:
    s_in, s_out, n_in, n_out = successes_in + 1, successes_out + 1, trials_in + 1, trials_out + 1
    pooled = (s_in + s_out) / (n_in + n_out)
    with np.errstate(invalid="ignore", divide="ignore"):
        z = (s_in / n_in - s_out / n_out) / np.sqrt(pooled * (1 - pooled) * (1 / n_in + 1 / n_out))
    # Polis returns 0 when everyone agrees (the pooled proportion is 1).
    return np.where(pooled == 1, 0.0, z)


@dataclass(frozen=True)
class RepnessStats:
    """Polis's comment stats for every group (rows) and statement (columns)."""

    na: FloatArray
    nd: FloatArray
    ns: FloatArray
    pa: FloatArray
    pd: FloatArray
    pat: FloatArray
    pdt: FloatArray
    ra: FloatArray
    rd: FloatArray
    rat: FloatArray
    rdt: FloatArray


def repness_stats(counts: GroupCounts) -> RepnessStats:
    na, nd, ns = counts.agree, counts.disagree, counts.seen
    rest_na, rest_nd, rest_ns = na.sum(0) - na, nd.sum(0) - nd, ns.sum(0) - ns
    # One division of exact integer products, as Polis computes these with ratios.
    ra = ((1 + na) * (2 + rest_ns)) / ((2 + ns) * (1 + rest_na))
    rd = ((1 + nd) * (2 + rest_ns)) / ((2 + ns) * (1 + rest_nd))
    return RepnessStats(
        na=na,
        nd=nd,
        ns=ns,
        pa=(1 + na) / (2 + ns),
        pd=(1 + nd) / (2 + ns),
        pat=proportion_test(na, ns),
        pdt=proportion_test(nd, ns),
        ra=ra,
        rd=rd,
        rat=two_proportion_test(na, rest_na, ns, rest_ns),
        rdt=two_proportion_test(nd, rest_nd, ns, rest_ns),
    )


def _metric(item: RepresentativeStatement) -> float:
    return item.repness * item.repness_test * item.p_success * item.p_test


@dataclass(frozen=True)
class _GroupRow:
    """One group's statistics as Python floats: the statement loop reads them one by one."""

    na: list[float]
    nd: list[float]
    ns: list[float]
    pa: list[float]
    pd: list[float]
    pat: list[float]
    pdt: list[float]
    ra: list[float]
    rd: list[float]
    rat: list[float]
    rdt: list[float]

    @classmethod
    def of(cls, stats: RepnessStats, g: int) -> _GroupRow:
        names = ("na", "nd", "ns", "pa", "pd", "pat", "pdt", "ra", "rd", "rat", "rdt")
        return cls(**{name: getattr(stats, name)[g].tolist() for name in names})

    def finalize(self, s: int, statement: Any) -> RepresentativeStatement:
        if self.rat[s] > self.rdt[s]:
            direction: Literal["agree", "disagree"] = "agree"
            n, p, p_test, r, r_test = self.na[s], self.pa[s], self.pat[s], self.ra[s], self.rat[s]
        else:
            direction = "disagree"
            n, p, p_test, r, r_test = self.nd[s], self.pd[s], self.pdt[s], self.rd[s], self.rdt[s]
        return RepresentativeStatement(
            statement=statement,
            direction=direction,
            n_success=int(n),
            n_trials=int(self.ns[s]),
            p_success=p,
            p_test=p_test,
            repness=r,
            # Polis casts the test to a 32-bit float, which also decides ties in its ranking.
            repness_test=float(np.float32(r_test)),
        )

    def strength(self, i: int) -> float:
        return self.ra[i] * self.rat[i] * self.pa[i] * self.pat[i]


def _beats_best_agree(row: _GroupRow, s: int, best: int | None) -> bool:
    if row.na[s] == 0 and row.nd[s] == 0:
        return False
    if best is not None and row.ra[best] > 1.0:
        return row.strength(s) > row.strength(best)
    if best is not None:
        return row.pa[s] * row.pat[s] > row.pa[best] * row.pat[best]
    return row.pat[s] > Z_90 or (row.ra[s] > 1.0 and row.pa[s] > 0.5)


def _select_for_group(
    stats: RepnessStats, g: int, columns: IntArray, statement_ids: Sequence[object]
) -> list[RepresentativeStatement]:
    passes = (
        ((stats.rat[g] > Z_90) & (stats.pat[g] > Z_90))
        | ((stats.rdt[g] > Z_90) & (stats.pdt[g] > Z_90))
    ).tolist()
    row = _GroupRow.of(stats, g)
    sufficient: list[RepresentativeStatement] = []
    best: RepresentativeStatement | None = None
    best_agree: int | None = None
    for s in columns.tolist():
        if passes[s]:
            sufficient.append(row.finalize(s, statement_ids[s]))
        elif not sufficient:
            challenger = max(row.rat[s], row.rdt[s])
            if best is None or challenger > best.repness_test:
                best = row.finalize(s, statement_ids[s])
        if _beats_best_agree(row, s, best_agree):
            best_agree = s
    head: list[RepresentativeStatement] = []
    if best_agree is not None:
        head = [replace(row.finalize(best_agree, statement_ids[best_agree]), best_agree=True)]
    elif best is not None:
        head = [best]
    if not sufficient:
        return head
    leading = head[0].statement if best_agree is not None else None
    others = [item for item in sufficient if best_agree is None or item.statement != leading]
    ranked = (head if best_agree is not None else []) + sorted(others, key=lambda i: -_metric(i))
    top = ranked[:MAX_REPRESENTATIVE]
    return [i for i in top if i.direction == "agree"] + [i for i in top if i.direction != "agree"]


def representative_statements(
    counts: GroupCounts, excluded: npt.NDArray[np.bool_], statement_ids: npt.NDArray[Any]
) -> list[list[RepresentativeStatement]]:
    stats = repness_stats(counts)
    columns = np.flatnonzero(~excluded)
    ids = statement_ids.tolist()
    return [_select_for_group(stats, g, columns, ids) for g in range(len(counts.seen))]


def consensus_statements(
    matrix: VoteMatrix, excluded: npt.NDArray[np.bool_]
) -> tuple[list[ConsensusStatement], list[ConsensusStatement]]:
    """Statements most of everyone agrees (or disagrees) with, over all participants."""
    n_statements = matrix.shape[1]
    seen = np.bincount(matrix.cols, minlength=n_statements).astype(np.float64)
    result = []
    for vote in (AGREE, DISAGREE):
        hits = np.bincount(matrix.cols[matrix.values == vote], minlength=n_statements).astype(
            np.float64
        )
        share = (1 + hits) / (2 + seen)
        test = proportion_test(hits, seen)
        qualifies = np.flatnonzero(~excluded & (share > 0.5) & (test > Z_90))
        ranked = qualifies[np.argsort(-(share * test)[qualifies], kind="stable")][:MAX_CONSENSUS]
        result.append(
            [
                ConsensusStatement(
                    statement=matrix.statement_ids[s].item(),
                    n_success=int(hits[s]),
                    n_trials=int(seen[s]),
                    p_success=float(share[s]),
                    p_test=float(test[s]),
                )
                for s in ranked
            ]
        )
    return result[0], result[1]


def group_informed_consensus(counts: GroupCounts) -> FloatArray:
    """Product over groups of each group's smoothed agree share: high only if all agree."""
    product = np.ones(counts.seen.shape[1])
    for agree, seen in zip(counts.agree, counts.seen, strict=True):
        product = product * ((agree + 1.0) / (seen + 2.0))
    return product


def priorities(
    counts: GroupCounts, extremity: FloatArray, meta: npt.NDArray[np.bool_]
) -> FloatArray:
    """How urgently to show each statement next: new, divisive, not passed-on statements first."""
    agree, seen = counts.agree.sum(0), counts.seen.sum(0)
    passes = seen - agree - counts.disagree.sum(0)
    importance = (1 - (passes + 1) / (seen + 2)) * (extremity + 1) * (agree + 1) / (seen + 2)
    novelty = 1 + 8 * np.power(2.0, -seen / 5)
    return np.where(meta, META_PRIORITY**2, (importance * novelty) ** 2)
