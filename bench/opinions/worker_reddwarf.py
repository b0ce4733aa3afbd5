"""Benchmark worker: red-dwarf 0.4.0 on one conversation (run by its own virtualenv's python)."""

import json
import sys
import time
import warnings

import numpy as np
import pandas as pd

warnings.filterwarnings("ignore")
from reddwarf.implementations.polis import run_pipeline  # noqa: E402


def main(source: str, target: str) -> None:
    data = np.load(source)
    # red-dwarf takes a list of vote dicts and cannot pivot re-votes, so it gets the last
    # vote per participant and statement; this is input preparation, not timed.
    order = np.argsort(data["timestamps"], kind="stable")
    last = {}
    for p, s, v, t in zip(
        data["participant_ids"][order].tolist(),
        data["statement_ids"][order].tolist(),
        data["values"][order].tolist(),
        data["timestamps"][order].tolist(),
        strict=True,
    ):
        last[(p, s)] = (v, t)
    votes = [
        {"participant_id": p, "statement_id": s, "vote": v, "modified": t}
        for (p, s), (v, t) in last.items()
    ]
    del last
    started = time.perf_counter()
    result = run_pipeline(
        votes=votes,
        mod_out_statement_ids=data["moderated_out"].tolist(),
        meta_statement_ids=data["meta"].tolist(),
        random_state=0,
    )
    seconds = time.perf_counter() - started
    clusters = result.participants_df["cluster_id"]
    groups = {str(p): (None if pd.isna(g) else int(g)) for p, g in clusters.items()}
    with open(target, "w") as handle:
        json.dump({"seconds": seconds, "groups": groups}, handle)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
