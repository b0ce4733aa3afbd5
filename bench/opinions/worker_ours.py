"""Benchmark worker: Polyvox's opinion engine on one conversation (run in its own process).

With a replay count N > 1, the votes are fed in time order in N updates, each warm-started
from the last, as a live conversation would be; the time reported is the last update's,
and "changes" lists the share of participants who changed group between consecutive
updates once k was stable (the shown k was the best k at both updates).
"""

import json
import sys
import time

import numpy as np

from polyvox.engines.opinion import Votes, compute


def main(source: str, target: str, replay: int = 1, stickiness: float = 1.5) -> None:
    data = np.load(source)
    votes = Votes(
        participant_ids=data["participant_ids"],
        statement_ids=data["statement_ids"],
        values=data["values"],
        timestamps=data["timestamps"],
    )
    moderated_out, meta = data["moderated_out"].tolist(), data["meta"].tolist()
    order = np.argsort(votes.timestamps, kind="stable")
    state, previous, previous_k, changes = None, None, None, []
    for update in range(1, replay + 1):
        upto = order[: len(order) * update // replay]
        chunk = Votes(
            votes.participant_ids[upto],
            votes.statement_ids[upto],
            votes.values[upto],
            votes.timestamps[upto],
        )
        started = time.perf_counter()
        result = compute(
            chunk,
            moderated_out=moderated_out,
            meta=meta,
            previous_state=state,
            stickiness=stickiness,
        )
        seconds = time.perf_counter() - started
        state = result.state
        current = {p.id: p.group for p in result.participants if p.group is not None}
        smoother = state.k_smoother
        # k is stable when the shown k is also the best k, now and at the last update.
        stable_k = smoother.smoothed_k if smoother.last_k == smoother.smoothed_k else None
        if previous is not None and stable_k is not None and stable_k == previous_k:
            both = [p for p in current if p in previous]
            changes.append(sum(current[p] != previous[p] for p in both) / max(len(both), 1))
        previous, previous_k = current, stable_k
    groups = {str(p.id): p.group for p in result.participants}
    with open(target, "w") as handle:
        json.dump({"seconds": seconds, "groups": groups, "changes": changes}, handle)


if __name__ == "__main__":
    replay = int(sys.argv[3]) if len(sys.argv) > 3 else 1
    main(sys.argv[1], sys.argv[2], replay, float(sys.argv[4]) if len(sys.argv) > 4 else 1.5)
