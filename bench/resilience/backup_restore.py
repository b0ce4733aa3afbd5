"""A pg_dump backup restored elsewhere gives identical results: load the demo (and a voting
site with cast ballots) into a PostgreSQL database, pg_dump it, pg_restore the dump into a
fresh database, recompute the results in both and compare every output byte for byte.

    .venv/bin/python bench/resilience/backup_restore.py

Outputs compared (bench/resilience/results_digest.py writes them): per dialogue the results
API as restored (before recomputing: the snapshot travelled in the dump, its time stamp
included), the recomputed numbers, the results API after recomputing (less its time stamp)
and the open-data CSVs (shares, answers); and every question's counts as the ballot API's
GET /api/v1/questions/{id}/results returns them.
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from harness import (
    POLYVOX,
    PYTHON,
    BallotClient,
    fresh_database,
    load_average,
    polyvox_env,
    quiet,
    servers,
    verdict,
    voting_site,
)

DIGEST = Path(__file__).resolve().parent / "results_digest.py"
PORT = 8231


def outputs(database_url: str, folder: Path) -> str:
    done = subprocess.run(
        [str(PYTHON), str(DIGEST), str(folder)],
        env=polyvox_env(database_url),
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise SystemExit(f"results_digest.py on {database_url} failed:\n{done.stderr[-2000:]}")
    return done.stdout.strip()


def compare(first: Path, second: Path) -> list[str]:
    """One line per file: size, digest, and whether both databases wrote the same bytes."""
    names = sorted({p.relative_to(first) for p in first.rglob("*") if p.is_file()})
    names += sorted({p.relative_to(second) for p in second.rglob("*") if p.is_file()} - set(names))
    lines = []
    for name in names:
        a, b = first / name, second / name
        if not a.exists() or not b.exists():
            lines.append(f"DIFFERENT {name}: only in {'restored' if b.exists() else 'original'}")
            continue
        same = a.read_bytes() == b.read_bytes()
        digest = hashlib.sha256(a.read_bytes()).hexdigest()[:12]
        lines.append(
            f"{'identical' if same else 'DIFFERENT'} {name!s:45} {a.stat().st_size:>9} bytes  sha256 {digest}"
        )
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", default="resilience_backup")
    parser.add_argument("--restored", default="resilience_restored")
    parser.add_argument(
        "--ballots", type=int, default=2000, help="cast through the API before the dump"
    )
    args = parser.parse_args()

    print(f"load average at the start: {load_average()}", flush=True)
    original = fresh_database(args.database)
    print(
        f"{args.database}: migrate, the demo, a voting site with {args.ballots} ballots", flush=True
    )
    site = voting_site(original, citizens=max(1, args.ballots // 2), port=PORT)
    quiet([str(POLYVOX), "demo"], polyvox_env(original))
    with servers(original, polyvox_port=PORT, bare_port=None, workers=2, threads=4):
        client = BallotClient(PORT, site, connections=16, seed=3)
        phase = asyncio.run(client.run(rate=100, duration=args.ballots / 100))
    print(f"ballots cast: {phase.acknowledged} acknowledged, statuses {dict(phase.statuses)}")

    dump = Path(tempfile.mkdtemp()) / f"{args.database}.dump"
    began = time.perf_counter()
    quiet(["pg_dump", "-h", "127.0.0.1", "-U", "postgres", "-Fc", "-f", str(dump), args.database])
    restored = fresh_database(args.restored)
    quiet(
        [
            "pg_restore",
            "-h",
            "127.0.0.1",
            "-U",
            "postgres",
            "--no-owner",
            "--exit-on-error",
            "-d",
            args.restored,
            str(dump),
        ]
    )
    print(
        f"pg_dump -Fc ({dump.stat().st_size // 1024} kB) and pg_restore into {args.restored}: "
        f"{time.perf_counter() - began:.1f} s"
    )

    folders = Path(tempfile.mkdtemp())
    totals = outputs(original, folders / "original")
    restored_totals = outputs(restored, folders / "restored")
    print(f"results per dialogue (original): {totals}")
    print(f"results per dialogue (restored): {restored_totals}")
    lines = compare(folders / "original", folders / "restored")
    print(f"\noutputs, in {folders}:")
    print("\n".join(lines))
    same = bool(lines) and all(line.startswith("identical") for line in lines)
    print(f"\nload average at the end: {load_average()}")
    return verdict(same, f"{len(lines)} results outputs compared byte for byte after a restore")


if __name__ == "__main__":
    sys.exit(main())
