"""Synthetic conversations at scale: latent opinion camps, skewed activity and popularity."""

from __future__ import annotations

import numpy as np

from polyvox.engines.opinion import Votes

N_CAMPS = 4
PASS_SHARE = 0.15


def _distinct_cells(
    rng: np.random.Generator, n_participants: int, n_statements: int, n_votes: int
) -> tuple[np.ndarray, np.ndarray]:
    """Exactly n_votes distinct (participant, statement) cells; everyone votes at least once."""
    activity = rng.pareto(1.5, size=n_participants) + 1
    activity /= activity.sum()
    popularity = rng.dirichlet(np.full(n_statements, 0.7))
    cells = np.arange(n_participants) * n_statements + rng.choice(
        n_statements, size=n_participants, p=popularity
    )
    while len(cells) < n_votes:
        extra = 2 * (n_votes - len(cells)) + 1000
        drawn = rng.choice(n_participants, size=extra, p=activity) * n_statements + rng.choice(
            n_statements, size=extra, p=popularity
        )
        cells = np.unique(np.concatenate([cells, drawn]))
    everyone = cells[np.isin(cells // n_statements, np.arange(n_participants))]
    first = np.unique(everyone // n_statements, return_index=True)[1]
    kept = np.concatenate([everyone[first], rng.permutation(np.delete(everyone, first))])
    kept = kept[:n_votes]
    return kept // n_statements, kept % n_statements


def synthetic_votes(n_participants: int, n_statements: int, n_votes: int, seed: int = 0) -> Votes:
    rng = np.random.default_rng(seed)
    participants, statements = _distinct_cells(rng, n_participants, n_statements, n_votes)
    camp = rng.integers(N_CAMPS, size=n_participants)
    leaning = rng.uniform(-1, 1, size=(N_CAMPS, n_statements))
    lean = leaning[camp[participants], statements]
    draw = rng.random(len(participants))
    agree_below = PASS_SHARE + (1 - PASS_SHARE) * (1 + lean) / 2
    values = np.where(draw < PASS_SHARE, 0, np.where(draw < agree_below, 1, -1))
    order = rng.permutation(len(participants))
    return Votes(
        participant_ids=participants[order].astype(np.int64),
        statement_ids=statements[order].astype(np.int64),
        values=values[order].astype(np.int8),
        timestamps=np.sort(rng.random(len(participants)) * 1e9) + 1.6e12,
    )
