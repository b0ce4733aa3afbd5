"""Failures under load: while ballots arrive at a constant rate, SIGKILL one `polyvox serve`
worker, then restart PostgreSQL; the client sends every unanswered ballot again with its
Idempotency-Key until it is acknowledged. Afterwards every acknowledged ballot must be in the
database exactly once, as each citizen's final answer, and the results API must count them.

    .venv/bin/python bench/resilience/failures.py [--minutes 2] [--rate 150] [--pg-restarts 1]

WARNING: restarting PostgreSQL drops every connection on this machine's cluster, other
people's test runs included. The outage lasts a few seconds; use --pg-restarts 0 to skip it.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import subprocess
import sys
import time
from pathlib import Path

from harness import (
    HEADER,
    BallotClient,
    Event,
    check_results_api,
    check_stored,
    children_of,
    fresh_database,
    kill_one_worker,
    load_average,
    servers,
    verdict,
    voting_site,
)

PORT = 8221


def restart_postgresql() -> str:
    versions = sorted(path.name for path in Path("/etc/postgresql").iterdir())
    command = ["pg_ctlcluster", "--skip-systemctl-redirect", versions[-1], "main", "restart"]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    return f"{' '.join(command)} -> exit {done.returncode} {done.stderr.strip()}".strip()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=2.0)
    parser.add_argument("--rate", type=float, default=150.0)
    parser.add_argument("--worker-kills", type=int, default=1)
    parser.add_argument("--pg-restarts", type=int, default=1, choices=[0, 1, 2])
    parser.add_argument("--citizens", type=int, default=5000)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--database", default="resilience_failures")
    args = parser.parse_args()

    print(f"load average at the start: {load_average()}", flush=True)
    print(f"fresh database {args.database}; migrate; {args.citizens} citizens", flush=True)
    database_url = fresh_database(args.database)
    site = voting_site(database_url, citizens=args.citizens, port=PORT)
    seconds = args.minutes * 60
    with servers(
        database_url, polyvox_port=PORT, bare_port=None, workers=args.workers, threads=args.threads
    ) as server:
        # Failures spread over the run, each in load and with time to recover before the next.
        failures = [
            ("kill a server worker", lambda: kill_one_worker(server.pid))
        ] * args.worker_kills
        failures += [("restart PostgreSQL", restart_postgresql)] * args.pg_restarts
        step = seconds / (len(failures) + 1)
        events = tuple(
            Event(step * (n + 1), name, action) for n, (name, action) in enumerate(failures)
        )
        print(
            f"{args.minutes:g} min at {args.rate:.0f} ballots/s; failures at {[round(e.at) for e in events]} s",
            flush=True,
        )
        client = BallotClient(PORT, site, connections=args.connections, seed=7)
        phase = asyncio.run(
            client.run(rate=args.rate, duration=seconds, events=events, drain=120.0)
        )
        time.sleep(1)  # let the arbiter finish replacing a worker before counting them
        workers_after = children_of(server.pid)
        stored = check_stored(database_url, client)
        api = check_results_api(PORT, client)

    print(f"\nload average at the end: {load_average()} ({os.cpu_count()} CPUs)")
    for line in phase.events:
        print(line)
    print(f"workers after the run: {len(workers_after)} of {args.workers}")
    if phase.first_error is not None:
        print(f"errors seen from t={phase.first_error:.1f} s to t={phase.last_error:.1f} s")
    print(HEADER)
    print(phase.line("polyvox"))
    print(
        f"{phase.ballots} ballots ({phase.replays} resent with their key after an answer), "
        f"{phase.retries} retries of unanswered ones, {phase.given_up} given up, {phase.refused} refused"
    )
    print(
        f"{phase.stored_before_failure} unanswered ballots turned out stored when sent again "
        "(answered 200 thanks to their Idempotency-Key)"
    )
    print(f"database: {stored}")
    print(f"results API: {api['api']}\nexpected:    {api['expected']}")

    intact = stored["lost"] == stored["wrong_answer"] == stored["stored_twice"] == 0
    intact = intact and stored["stored_never_acknowledged"] == 0 and api["same"]
    settled = phase.given_up == phase.refused == phase.replays_not_200 == 0
    happened = all(" exit 0" in line or "SIGKILL sent" in line for line in phase.events)
    happened = happened and len(phase.events) == len(events)
    print(f"failures happened: {happened}; every ballot acknowledged in the end: {settled}")
    return verdict(
        happened and settled and intact,
        f"{stored['citizens_acknowledged']} acknowledged answers: {stored['lost']} lost, "
        f"{stored['stored_twice']} stored twice, {stored['wrong_answer']} wrong; results API agrees: {api['same']}",
    )


if __name__ == "__main__":
    sys.exit(main())
