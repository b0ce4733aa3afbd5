"""Sustained open-loop load: POST /api/v1/ballots through `polyvox serve` on PostgreSQL at a
constant arrival rate, many citizens changing their answers; the bare Django endpoint of
bench/ballots at the same rate in the same run, for a ratio.

    .venv/bin/python bench/resilience/load.py [--minutes 10] [--rate 150]

PASS when Polyvox answers at least 99 % of the target rate (150/s) with p95 <= 300 ms, no
errors, and the database holds every citizen's last acknowledged answer exactly once.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys

from harness import (
    HEADER,
    BallotClient,
    VotingSite,
    check_results_api,
    check_stored,
    fresh_database,
    load_average,
    servers,
    verdict,
    voting_site,
)

POLYVOX_PORT, BARE_PORT = 8211, 8212


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=10.0, help="Polyvox at the rate this long")
    parser.add_argument("--rate", type=float, default=150.0, help="ballots per second offered")
    parser.add_argument(
        "--bare-minutes",
        type=float,
        default=None,
        help="the bare endpoint, half before and half after Polyvox (default: a fifth of --minutes, at least 1)",
    )
    parser.add_argument("--citizens", type=int, default=5000)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--target-rate", type=float, default=150.0)
    parser.add_argument("--target-p95", type=float, default=300.0, help="milliseconds")
    parser.add_argument("--database", default="resilience_load")
    args = parser.parse_args()
    bare_minutes = (
        args.bare_minutes if args.bare_minutes is not None else max(1.0, args.minutes / 5)
    )

    print(f"load average at the start: {load_average()}", flush=True)
    print(f"fresh database {args.database}; migrate; {args.citizens} citizens", flush=True)
    database_url = fresh_database(args.database)
    site = voting_site(database_url, citizens=args.citizens, port=POLYVOX_PORT)
    with servers(
        database_url,
        polyvox_port=POLYVOX_PORT,
        bare_port=BARE_PORT,
        workers=args.workers,
        threads=args.threads,
    ):
        phases = run_phases(args, site, bare_minutes)
        load_after = load_average()
        ours = phases["polyvox"]
        stored = check_stored(database_url, ours["client"])
        api = check_results_api(POLYVOX_PORT, ours["client"])
    polyvox, bare_before, bare_after = (
        ours["phase"],
        phases["bare before"]["phase"],
        phases["bare after"]["phase"],
    )

    print(
        f"\nload average at the end: {load_after} ({os.cpu_count()} CPUs, client and servers included)"
    )
    print(f"offered {args.rate:.0f} ballots/s, open loop; latency from each ballot's due time")
    print(HEADER)
    print(bare_before.line("bare"))
    print(polyvox.line("polyvox"))
    print(bare_after.line("bare"))
    bare_p95 = max(bare_before.percentile(0.95), bare_after.percentile(0.95))
    print(
        f"polyvox {args.minutes:g} min, bare {bare_minutes / 2:g} min before and after; "
        f"p95 ratio polyvox/bare (worse bare phase): {polyvox.percentile(0.95) / bare_p95:.1f}"
    )
    print(
        f"polyvox: {polyvox.ballots} ballots ({polyvox.replays} resent with their key, "
        f"{polyvox.replays_not_200} of those not answered 200), {polyvox.retries} retries, "
        f"{polyvox.refused} refused, {polyvox.starved} slots with no idle citizen"
    )
    print(f"database: {stored}")
    print(
        f"results API: n={api['api'].get('n')} (expected {api['expected']['n']}), same counts: {api['same']}"
    )

    rate_ok = args.rate >= args.target_rate and polyvox.achieved_rate >= 0.99 * args.target_rate
    p95_ok = polyvox.percentile(0.95) <= args.target_p95
    clean = polyvox.errors == polyvox.starved == polyvox.replays_not_200 == 0
    intact = stored["lost"] == stored["wrong_answer"] == stored["stored_twice"] == 0
    intact = intact and stored["stored_never_acknowledged"] == 0 and api["same"]
    print(
        f"achieved >= 99 % of {args.target_rate:.0f}/s: {rate_ok}; p95 <= {args.target_p95:.0f} ms: "
        f"{p95_ok}; no errors: {clean}; every acknowledged ballot stored once: {intact}"
    )
    return verdict(
        rate_ok and p95_ok and clean and intact,
        f"{polyvox.achieved_rate:.1f} ballots/s for {args.minutes:g} min, p95 {polyvox.percentile(0.95):.0f} ms",
    )


def run_phases(args: argparse.Namespace, site: VotingSite, bare_minutes: float) -> dict[str, dict]:
    """Bare, Polyvox, bare: the bare phases bracket Polyvox's so a change in the machine's
    background load shows as a difference between them."""
    phases: dict[str, dict] = {}
    plan = (
        ("bare before", BARE_PORT, bare_minutes / 2),
        ("polyvox", POLYVOX_PORT, args.minutes),
        ("bare after", BARE_PORT, bare_minutes / 2),
    )
    for name, port, minutes in plan:
        print(f"{name}: {minutes:g} min at {args.rate:.0f}/s", flush=True)
        client = BallotClient(port, site, connections=args.connections, seed=len(phases))
        phase = asyncio.run(client.run(rate=args.rate, duration=minutes * 60))
        phases[name] = {"client": client, "phase": phase}
    return phases


if __name__ == "__main__":
    sys.exit(main())
