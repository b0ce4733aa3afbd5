"""Benchmark worker: Polyvox's opinion engine on one conversation (run in its own process)."""

import json
import sys
import time

import numpy as np

from polyvox.engines.opinion import Votes, compute


def main(source: str, target: str) -> None:
    data = np.load(source)
    votes = Votes(
        participant_ids=data["participant_ids"],
        statement_ids=data["statement_ids"],
        values=data["values"],
        timestamps=data["timestamps"],
    )
    started = time.perf_counter()
    result = compute(
        votes,
        moderated_out=data["moderated_out"].tolist(),
        meta=data["meta"].tolist(),
    )
    seconds = time.perf_counter() - started
    groups = {str(p.id): p.group for p in result.participants}
    with open(target, "w") as handle:
        json.dump({"seconds": seconds, "groups": groups}, handle)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
