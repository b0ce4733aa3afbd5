"""Benchmark: POST /api/v1/ballots through `polyvox serve` on PostgreSQL, beside a bare Django
endpoint that inserts one row, both under gunicorn (gthread, same workers and threads) and
driven by the same asyncio HTTP/1.1 keep-alive load generator in the same run.

    .venv/bin/python bench/ballots/run.py [--duration 15] [--rate 200] [--connections 32]

Steps: a fresh database (dropdb/createdb polyvox_bench), migrate, `polyvox fixture ballots`,
then for each server: a closed-loop phase (as fast as it answers, for throughput) and an
open-loop phase at a fixed rate (latency measured from each request's scheduled time, so a
slow server cannot hide its queue). Every citizen votes once, and one ballot in ten is sent
again with the same Idempotency-Key. Last, every acknowledged (201/200) Polyvox ballot is
looked up in the database: it must be there exactly once, with the acknowledged choice.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parents[2]
POLYVOX = ROOT / ".venv" / "bin" / "polyvox"
PYTHON = ROOT / ".venv" / "bin" / "python"
PG = "postgres://postgres@127.0.0.1:5432"


@dataclass
class Outcome:
    latencies: list[float] = field(default_factory=list)
    statuses: dict[int, int] = field(default_factory=dict)
    acknowledged: dict[str, int] = field(default_factory=dict)  # code -> option id
    elapsed: float = 0.0

    def record(self, code: str, choice: int, status: int, latency: float) -> None:
        self.latencies.append(latency)
        self.statuses[status] = self.statuses.get(status, 0) + 1
        if status in (200, 201):
            self.acknowledged[code] = choice

    @property
    def throughput(self) -> float:
        return len(self.latencies) / self.elapsed if self.elapsed else 0.0

    def percentile(self, share: float) -> float:
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(share * len(ordered)))] * 1000


class Connection:
    """One keep-alive HTTP/1.1 connection; enough HTTP for a JSON POST and its answer."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def post(self, path: str, body: bytes, headers: dict[str, str]) -> int:
        try:
            return await self._post(path, body, headers)
        except (ConnectionError, IndexError, asyncio.IncompleteReadError):
            # The server closed an idle keep-alive connection: open a new one and send again
            # (the ballot carries its Idempotency-Key, so a resend is never counted twice).
            self.writer = None
            return await self._post(path, body, headers)

    async def _post(self, path: str, body: bytes, headers: dict[str, str]) -> int:
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection("127.0.0.1", self.port)
        assert self.reader is not None
        extra = "".join(f"{name}: {value}\r\n" for name, value in headers.items())
        head = (
            f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
            f"Content-Length: {len(body)}\r\n{extra}\r\n"
        )
        self.writer.write(head.encode() + body)
        status_line = await self.reader.readline()
        status = int(status_line.split()[1])
        length, close = 0, False
        while (line := await self.reader.readline()) not in (b"\r\n", b""):
            name, _, value = line.decode().partition(":")
            if name.lower() == "content-length":
                length = int(value)
            if name.lower() == "connection" and value.strip().lower() == "close":
                close = True
        await self.reader.readexactly(length)
        if close:
            self.writer.close()
            self.writer = None
        return status


def ballots(codes: list[str], question: int, options: list[int], seed: int):
    """(code, choice, headers) for each citizen once, every tenth sent again as a retry."""
    rng = random.Random(seed)
    for index, code in enumerate(codes):
        choice = rng.choice(options)
        headers = {"Idempotency-Key": f"{code}-1"}
        yield code, choice, headers
        if index % 10 == 0:
            yield code, choice, headers


async def closed_loop(port: int, work, question: int, duration: float, connections: int) -> Outcome:
    outcome, queue = Outcome(), iter(work)
    deadline = time.perf_counter() + duration

    async def client() -> None:
        connection = Connection(port)
        while time.perf_counter() < deadline:
            try:
                code, choice, headers = next(queue)
            except StopIteration:
                return
            body = json.dumps({"code": code, "question": question, "choice": choice}).encode()
            started = time.perf_counter()
            status = await connection.post("/api/v1/ballots", body, headers)
            outcome.record(code, choice, status, time.perf_counter() - started)

    started = time.perf_counter()
    await asyncio.gather(*(client() for _ in range(connections)))
    outcome.elapsed = time.perf_counter() - started
    return outcome


async def open_loop(port: int, work, question: int, rate: float, duration: float) -> Outcome:
    outcome, idle = Outcome(), asyncio.Queue[Connection]()
    for _ in range(64):
        idle.put_nowait(Connection(port))

    async def send(code: str, choice: int, headers: dict[str, str], scheduled: float) -> None:
        connection = await idle.get()
        body = json.dumps({"code": code, "question": question, "choice": choice}).encode()
        try:
            status = await connection.post("/api/v1/ballots", body, headers)
        finally:
            idle.put_nowait(connection)
        outcome.record(code, choice, status, time.perf_counter() - scheduled)

    tasks, start = [], time.perf_counter()
    for index, (code, choice, headers) in enumerate(work):
        scheduled = start + index / rate
        if scheduled - start >= duration:
            break
        await asyncio.sleep(max(0.0, scheduled - time.perf_counter()))
        tasks.append(asyncio.create_task(send(code, choice, headers, scheduled)))
    await asyncio.gather(*tasks)
    outcome.elapsed = time.perf_counter() - start
    return outcome


def run(command: list[str], env: dict[str, str]) -> None:
    subprocess.run(
        command, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )


def wait_ready(port: int) -> None:
    # A minute: on a loaded machine the workers' imports alone can take twenty seconds.
    for _ in range(600):
        try:
            asyncio.run(Connection(port).post("/api/v1/ballots", b"{}", {}))
            return
        except (OSError, IndexError, ValueError):
            time.sleep(0.1)
    raise SystemExit(f"server on port {port} did not start")


def verify(database_url: str, question: int, acknowledged: dict[str, int]) -> dict[str, int]:
    with psycopg.connect(database_url) as connection:
        rows = connection.execute(
            "SELECT p.code, a.option_id, count(*) OVER (PARTITION BY a.participant_id) "
            "FROM deliberation_answer a JOIN deliberation_participant p ON p.id = a.participant_id "
            "WHERE a.question_id = %s",
            [question],
        ).fetchall()
    stored = {code: option for code, option, _n in rows}
    return {
        "acknowledged": len(acknowledged),
        "lost": sum(1 for code in acknowledged if code not in stored),
        "wrong_choice": sum(1 for code, o in acknowledged.items() if stored.get(code, o) != o),
        "counted_twice": sum(1 for _code, _option, n in rows if n > 1),
        "answers_in_db": len(rows),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=float, default=15.0)
    parser.add_argument("--rate", type=float, default=200.0)
    parser.add_argument("--rate-duration", type=float, default=15.0)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--citizens", type=int, default=40_000)
    parser.add_argument("--database", default="polyvox_bench")
    # Other benchmarks (bench/resilience) may run beside this one on a shared machine.
    parser.add_argument(
        "--port", type=int, default=8201, help="Polyvox; the bare server gets the next"
    )
    args = parser.parse_args()

    load_before = " ".join(f"{value:.1f}" for value in os.getloadavg())
    database_url = f"{PG}/{args.database}"
    env = {**os.environ, "DATABASE_URL": database_url, "DEBUG": "false"}
    print(
        f"fresh database {args.database}; migrate; fixture of {args.citizens} citizens", flush=True
    )
    run(["dropdb", "-h", "127.0.0.1", "-U", "postgres", "--if-exists", args.database], env)
    run(["createdb", "-h", "127.0.0.1", "-U", "postgres", args.database], env)
    run([str(POLYVOX), "migrate", "-v0"], env)
    with psycopg.connect(database_url, autocommit=True) as connection:
        connection.execute(
            "CREATE TABLE bench_bare_ballot (id bigserial PRIMARY KEY, code varchar(16), "
            "question bigint, choice jsonb)"
        )
    fixture = Path(tempfile.mkdtemp()) / "ballots.json"
    run(
        [
            str(POLYVOX),
            "fixture",
            "ballots",
            "--citizens",
            str(args.citizens),
            "--out",
            str(fixture),
        ],
        env,
    )
    data = json.loads(fixture.read_text())
    codes, question, options = data["codes"], data["question"], data["options"]
    random.Random(1).shuffle(codes)
    half = len(codes) // 2

    log = open(Path(tempfile.gettempdir()) / f"bench-ballots-servers-{args.port}.log", "w")  # noqa: SIM115
    common = ["--workers", str(args.workers), "--threads", str(args.threads)]
    servers = [
        subprocess.Popen(
            [str(POLYVOX), "serve", "--port", str(args.port), *common],
            env=env,
            stdout=log,
            stderr=log,
        ),
        subprocess.Popen(
            [
                str(PYTHON),
                "-m",
                "gunicorn",
                "bare.wsgi",
                "--chdir",
                str(Path(__file__).parent),
                "--bind",
                f"127.0.0.1:{args.port + 1}",
                "--worker-class",
                "gthread",
                *common,
                "--access-logfile",
                "-",
            ],
            env={**env, "DJANGO_SETTINGS_MODULE": "bare.settings"},
            stdout=log,
            stderr=log,
        ),
    ]
    try:
        wait_ready(args.port)
        wait_ready(args.port + 1)
        results: dict[str, dict[str, Outcome]] = {"polyvox": {}, "bare": {}}
        servers_by_name = (("polyvox", args.port), ("bare", args.port + 1))
        # Phases alternate between the servers so that a change in the machine's background
        # load falls on both alike. The same ballots go to both; each has its own table.
        for _name, port in servers_by_name:
            warm = ballots(codes[-200:], question, options, seed=9)
            asyncio.run(closed_loop(port, warm, question, 2.0, args.connections))
        for name, port in servers_by_name:
            results[name]["closed"] = asyncio.run(
                closed_loop(
                    port,
                    ballots(codes[:half], question, options, 1),
                    question,
                    args.duration,
                    args.connections,
                )
            )
        for name, port in servers_by_name:
            results[name]["open"] = asyncio.run(
                open_loop(
                    port,
                    ballots(codes[half:-200], question, options, 2),
                    question,
                    args.rate,
                    args.rate_duration,
                )
            )
    finally:
        for server in servers:
            server.terminate()
        for server in servers:
            server.wait(timeout=30)
        log.close()

    acknowledged = {
        **results["polyvox"]["closed"].acknowledged,
        **results["polyvox"]["open"].acknowledged,
    }
    integrity = verify(database_url, question, acknowledged)
    ours, bare = results["polyvox"], results["bare"]
    print(f"\nload average before the run: {load_before}")
    print(
        f"servers: gunicorn gthread, {args.workers} workers x {args.threads} threads; "
        f"{os.cpu_count()} CPUs shared with the load generator"
    )
    print(
        f"{'':10} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8}   statuses (closed loop, {args.connections} connections, {args.duration:.0f} s)"
    )
    for name, outcome in (("polyvox", ours["closed"]), ("bare", bare["closed"])):
        print(
            f"{name:10} {outcome.throughput:8.0f} {outcome.percentile(0.5):8.1f} "
            f"{outcome.percentile(0.99):8.1f}   {outcome.statuses}"
        )
    print(
        f"ratio polyvox/bare: {ours['closed'].throughput / bare['closed'].throughput:.2f} (target >= 0.6)"
    )
    print(f"\nat {args.rate:.0f} requests/s for {args.rate_duration:.0f} s (open loop):")
    for name, outcome in (("polyvox", ours["open"]), ("bare", bare["open"])):
        print(
            f"{name:10} {outcome.throughput:8.0f} {outcome.percentile(0.5):8.1f} "
            f"{outcome.percentile(0.99):8.1f}   {outcome.statuses}"
        )
    print(
        f"polyvox p99 at {args.rate:.0f}/s: {ours['open'].percentile(0.99):.1f} ms (target <= 150 ms)"
    )
    print(f"\nintegrity: {integrity}")
    ok = integrity["lost"] == integrity["counted_twice"] == integrity["wrong_choice"] == 0
    print("every acknowledged ballot is stored exactly once" if ok else "INTEGRITY FAILURE")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
