"""An import killed midway leaves nothing behind: each large import runs in a subprocess,
is SIGKILLed once its transaction has started writing, and every table's row count must be
the same as before. Then the same import runs to completion, to show it was a real one.

    .venv/bin/python bench/resilience/killed_import.py [--after 0.5]

Imports: an uploaded pool of 20,000 volunteers (recruitment.services.pool_import_run, as
its job runs it), 20,000 paper counts (deliberation.imports.tally_import), and a Polis
conversation (`polyvox consultation_import`, the largest in /work/shared/data/polis when
present).
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psycopg
from harness import POLYVOX, PYTHON, fresh_database, load_average, polyvox_env, quiet, verdict
from psycopg import sql

CHILD = Path(__file__).resolve().parent / "import_child.py"
POLIS = Path("/work/shared/data/polis/austria-climate.5twd2jsnkf.2022-08-08")


def row_counts(database_url: str) -> dict[str, int]:
    with psycopg.connect(database_url) as connection:
        tables = [name for (name,) in connection.execute("SELECT relname FROM pg_stat_user_tables")]
        return {
            table: connection.execute(
                sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(table))
            ).fetchone()[0]
            for table in sorted(tables)
        }


def pool_uploads(database_url: str) -> list[tuple[str, int]]:
    """Each pool upload's status and how many bytes of the file it still holds."""
    with psycopg.connect(database_url) as connection:
        return connection.execute(
            "SELECT status, length(content) FROM recruitment_poolimport ORDER BY id"
        ).fetchall()


def table_bytes(database_url: str) -> dict[str, int]:
    """Heap and index sizes: they grow as soon as a transaction writes, committed or not."""
    with psycopg.connect(database_url) as connection:
        return dict(
            connection.execute(
                "SELECT relname, pg_total_relation_size(relid) FROM pg_stat_user_tables"
            ).fetchall()
        )


def import_backend(connection: psycopg.Connection, name: str) -> tuple[int, bool, str] | None:
    """(backend pid, has written, current statement) of the import's database session."""
    row = connection.execute(
        "SELECT pid, backend_xid IS NOT NULL, left(regexp_replace(query, '\\s+', ' ', 'g'), 70) "
        "FROM pg_stat_activity WHERE application_name = %s",
        [name],
    ).fetchone()
    return None if row is None else (row[0], row[1], row[2])


def kill_midway(
    database_url: str, command: list[str], name: str, after: float
) -> dict[str, object]:
    """Start the import, wait until its transaction has written for `after` seconds, SIGKILL it,
    and wait until PostgreSQL has ended its session (rolling the transaction back)."""
    env = {**polyvox_env(database_url), "PGAPPNAME": name}
    sizes_before = table_bytes(database_url)
    started = time.perf_counter()
    child = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    with psycopg.connect(database_url, autocommit=True) as watcher:
        writing_since = None
        while child.poll() is None:
            backend = import_backend(watcher, name)
            if backend and backend[1] and writing_since is None:
                writing_since = time.perf_counter()
            if writing_since is not None and time.perf_counter() - writing_since >= after:
                break
            time.sleep(0.02)
        if child.poll() is not None:
            output = child.stdout.read().decode() if child.stdout else ""
            return {
                "killed": False,
                "why": f"the import ended first (exit {child.returncode}; try a smaller --after): "
                f"{output[-300:]}",
            }
        grown = {
            table: size - sizes_before.get(table, 0)
            for table, size in table_bytes(database_url).items()
            if size > sizes_before.get(table, 0)
        }
        assert backend is not None
        os.kill(child.pid, signal.SIGKILL)
        killed_at = time.perf_counter() - started
        child.wait()
        deadline = time.perf_counter() + 60
        while import_backend(watcher, name) is not None and time.perf_counter() < deadline:
            time.sleep(0.05)
        gone = import_backend(watcher, name) is None
    return {
        "killed": True,
        "at": killed_at,
        "statement": backend[2],
        "grown": grown,
        "session_ended": gone,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--after", type=float, default=0.5, help="seconds of writing before the kill"
    )
    parser.add_argument("--database", default="resilience_imports")
    args = parser.parse_args()

    print(f"load average at the start: {load_average()}", flush=True)
    database_url = fresh_database(args.database)
    env = polyvox_env(database_url)
    quiet([str(POLYVOX), "migrate", "-v0"], env)
    folder = Path(tempfile.mkdtemp())
    quiet([str(PYTHON), str(CHILD), "setup", str(folder)], env)
    slug = (folder / "site.json").read_text().split('"dialogue": "')[1].split('"')[0]
    cases = [
        ("uploaded pool of 20,000 volunteers", [str(PYTHON), str(CHILD), "pool", str(folder)]),
        ("20,000 paper counts", [str(PYTHON), str(CHILD), "tally", str(folder)]),
    ]
    if POLIS.is_dir():
        cases.append(
            (
                f"Polis conversation {POLIS.name}",
                [
                    str(POLYVOX),
                    *("consultation_import", str(POLIS), "--dialogue", slug),
                    *("--title", "Killed import", "--slug", "killed-import"),
                ],
            )
        )
    else:
        print(f"(no {POLIS}: the Polis import is skipped)")

    ok = True
    for label, command in cases:
        before = row_counts(database_url)
        outcome = kill_midway(database_url, command, "resilience-import", args.after)
        after = row_counts(database_url)
        changed = {t: (before.get(t), n) for t, n in after.items() if before.get(t) != n}
        print(f"\n{label}:")
        if not outcome["killed"]:
            print(f"  not killed: {outcome['why']}")
            ok = False
            continue
        grown = ", ".join(f"{t} +{n // 1024} kB" for t, n in sorted(outcome["grown"].items()))  # type: ignore[union-attr]
        print(
            f"  SIGKILL at {outcome['at']:.1f} s, {args.after:g} s after its transaction first wrote"
        )
        print(f"  its statement then: {outcome['statement']}")
        print(f"  written but uncommitted at the kill: {grown or 'nothing measurable'}")
        print(f"  database session ended (transaction rolled back): {outcome['session_ended']}")
        print(
            f"  row counts of {len(after)} tables before/after: {changed if changed else 'identical'}"
        )
        print(f"  pool uploads (status, bytes kept): {pool_uploads(database_url)}")
        began = time.perf_counter()
        done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
        added = {
            t: n - before.get(t, 0)
            for t, n in row_counts(database_url).items()
            if n != before.get(t, 0)
        }
        print(
            f"  the same import run to the end: exit {done.returncode} in {time.perf_counter() - began:.1f} s, rows added {added}"
        )
        print(f"  pool uploads (status, bytes kept): {pool_uploads(database_url)}")
        ok = ok and not changed and bool(outcome["session_ended"]) and bool(outcome["grown"])
        ok = ok and done.returncode == 0 and bool(added)
    print(f"\nload average at the end: {load_average()}")
    return verdict(ok, "every killed import left every table's row count unchanged")


if __name__ == "__main__":
    sys.exit(main())
