"""Runs sortition-algorithms' maximin (HiGHS) on one instance; prints JSON on stdout.

Executed by run.py inside the peer's own virtual environment, never imported by Polyvox.
Usage: peer_run.py FEATURES.csv PEOPLE.csv K OUT.json [ADDRESS_COLUMN ...]
"""

import contextlib
import csv
import json
import sys
import time

from sortition_algorithms import Settings, read_in_features, read_in_people
from sortition_algorithms.committee_generation import find_distribution_maximin


def read_csv(path):
    with open(path, newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        return list(reader.fieldnames or []), list(reader)


def main(argv):
    features_path, people_path, panel_size = argv[0], argv[1], int(argv[2])
    out_path = argv[3]
    address_columns = argv[4:]
    features_head, features_rows = read_csv(features_path)
    features, _, _ = read_in_features(features_head, features_rows, panel_size)
    settings = Settings(
        id_column="id",
        columns_to_keep=[],
        check_same_address=bool(address_columns),
        check_same_address_columns=address_columns,
        solver_backend="highspy",
    )
    people_head, people_rows = read_csv(people_path)
    people, _ = read_in_people(people_head, people_rows, features, settings)
    start = time.process_time()
    # The peer prints its progress on stdout; keep it off our result.
    with contextlib.redirect_stdout(sys.stderr):
        committees, probabilities, _ = find_distribution_maximin(
            features, people, panel_size, address_columns, "highspy"
        )
    seconds = time.process_time() - start
    marginals = dict.fromkeys(people, 0.0)
    for committee, probability in zip(committees, probabilities, strict=True):
        for person_id in committee:
            marginals[person_id] += probability
    with open(out_path, "w", encoding="utf-8") as handle:
        json.dump({"cpu_seconds": seconds, "probabilities": marginals}, handle)


if __name__ == "__main__":
    main(sys.argv[1:])
