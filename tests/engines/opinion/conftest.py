from collections.abc import Callable

import numpy as np
import pytest

from polyvox.engines.opinion import Votes


def opinionated_votes(
    n_participants: int = 60, n_statements: int = 20, seed: int = 0, n_camps: int = 3
) -> Votes:
    """Participants in camps that agree within and disagree across, with gaps and passes."""
    rng = np.random.default_rng(seed)
    camp = np.arange(n_participants) % n_camps
    stance = rng.choice([-1, 1], size=(n_camps, n_statements))
    participants, statements, values = [], [], []
    for p in range(n_participants):
        seen = rng.choice(n_statements, size=int(rng.integers(8, n_statements + 1)), replace=False)
        for s in seen:
            draw = rng.random()
            value = 0 if draw < 0.1 else int(stance[camp[p], s]) * (1 if draw < 0.9 else -1)
            participants.append(p)
            statements.append(int(s))
            values.append(value)
    stamps = np.arange(len(values), dtype=float) * 1000 + 1.6e12
    return Votes.from_lists(participants, statements, values, stamps.tolist())


@pytest.fixture
def make_votes() -> Callable[..., Votes]:
    return opinionated_votes
