"""Shared by the resilience scripts: databases, servers, and an open-loop ballot client that
keeps every citizen's acknowledged ballot so the database can be checked against it.

The HTTP client, paths and server commands come from bench/ballots/run.py (imported, not
copied), so both benchmarks measure the same thing the same way.
"""

from __future__ import annotations

import asyncio
import importlib.util
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter, deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psycopg

HERE = Path(__file__).resolve().parent


def _ballots_bench() -> Any:
    path = HERE.parent / "ballots" / "run.py"
    spec = importlib.util.spec_from_file_location("bench_ballots_run", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


ballots_bench = _ballots_bench()
Connection = ballots_bench.Connection
ROOT: Path = ballots_bench.ROOT
POLYVOX: Path = ballots_bench.POLYVOX
PYTHON: Path = ballots_bench.PYTHON
PG: str = ballots_bench.PG
BARE_PROJECT = HERE.parent / "ballots"

# A phone retries an unanswered ballot after a pause that doubles up to this (seconds).
MAX_BACKOFF = 2.0
REQUEST_TIMEOUT = 15.0
# gunicorn closes a keep-alive connection idle for 2 s; we reopen ours before that, so that
# every connection lost is a real failure, not an idle one closed as the ballot leaves.
KEEPALIVE = 1.5
REPLAY_SHARE = 0.1  # one ballot in ten is an acknowledged one sent again with its key


def load_average() -> str:
    return " ".join(f"{value:.1f}" for value in os.getloadavg())


def verdict(ok: bool, what: str) -> int:
    print(f"\n{'PASS' if ok else 'FAIL'}: {what}", flush=True)
    return 0 if ok else 1


def quiet(command: list[str], env: dict[str, str] | None = None) -> None:
    """Run a command; on failure show its output, which is otherwise noise."""
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{done.stdout}{done.stderr}")


def fresh_database(name: str) -> str:
    """Drop and create one of our own databases (never another engineer's) and return its URL."""
    if not name.startswith("resilience"):
        raise SystemExit(
            f"refusing to drop {name!r}: these scripts only use resilience_* databases"
        )
    quiet(["dropdb", "-h", "127.0.0.1", "-U", "postgres", "--if-exists", "--force", name])
    quiet(["createdb", "-h", "127.0.0.1", "-U", "postgres", name])
    return f"{PG}/{name}"


def polyvox_env(database_url: str) -> dict[str, str]:
    return {**os.environ, "DATABASE_URL": database_url, "DEBUG": "false"}


@dataclass(frozen=True)
class VotingSite:
    question: int
    options: list[int]
    codes: list[str]
    results_url: str
    token: str


def voting_site(database_url: str, *, citizens: int, port: int) -> VotingSite:
    """Migrate and create `polyvox fixture ballots`: one open question, N citizens present."""
    env = polyvox_env(database_url)
    quiet([str(POLYVOX), "migrate", "-v0"], env)
    out = Path(tempfile.mkdtemp()) / "ballots.json"
    quiet(
        [
            str(POLYVOX),
            *("fixture", "ballots", "--citizens", str(citizens), "--out", str(out)),
            *("--base-url", f"http://127.0.0.1:{port}"),
        ],
        env,
    )
    data = json.loads(out.read_text())
    return VotingSite(
        data["question"], data["options"], data["codes"], data["results_url"], data["token"]
    )


@contextmanager
def servers(
    database_url: str, *, polyvox_port: int, bare_port: int | None, workers: int, threads: int
) -> Iterator[subprocess.Popen[bytes]]:
    """`polyvox serve` and, if asked, the bare Django endpoint of bench/ballots (its table
    created here), both gunicorn gthread with the same workers and threads."""
    env = polyvox_env(database_url)
    log_path = Path(tempfile.gettempdir()) / f"bench-resilience-{polyvox_port}.log"
    log = log_path.open("w")
    common = ["--workers", str(workers), "--threads", str(threads)]
    polyvox = subprocess.Popen(
        [str(POLYVOX), "serve", "--port", str(polyvox_port), *common],
        env=env,
        stdout=log,
        stderr=log,
    )
    started = [polyvox]
    if bare_port is not None:
        with psycopg.connect(database_url, autocommit=True) as connection:
            connection.execute(
                "CREATE TABLE IF NOT EXISTS bench_bare_ballot (id bigserial PRIMARY KEY, "
                "code varchar(16), question bigint, choice jsonb)"
            )
        started.append(
            subprocess.Popen(
                [
                    str(PYTHON),
                    *("-m", "gunicorn", "bare.wsgi", "--chdir", str(BARE_PROJECT)),
                    *("--bind", f"127.0.0.1:{bare_port}", "--worker-class", "gthread", *common),
                ],
                env={**env, "DJANGO_SETTINGS_MODULE": "bare.settings"},
                stdout=log,
                stderr=log,
            )
        )
    try:
        ballots_bench.wait_ready(polyvox_port)
        if bare_port is not None:
            ballots_bench.wait_ready(bare_port)
        print(
            f"servers up ({workers} workers x {threads} threads); their log: {log_path}", flush=True
        )
        yield polyvox
    finally:
        for process in started:
            process.terminate()
        for process in started:
            process.wait(timeout=60)
        log.close()


def children_of(pid: int) -> list[int]:
    """Processes whose parent is `pid` (gunicorn's workers under its arbiter)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        # The command name in parentheses may hold spaces; the parent id follows it.
        if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
            found.append(int(entry.name))
    return sorted(found)


def kill_one_worker(arbiter: int) -> str:
    workers = children_of(arbiter)
    if not workers:
        return "no worker found to kill"
    victim = random.Random().choice(workers)
    os.kill(victim, signal.SIGKILL)
    return f"SIGKILL sent to worker {victim} (of {workers})"


# --- the client -----------------------------------------------------------------------


@dataclass
class Citizen:
    code: str
    votes: int = 0
    acknowledged_choice: int | None = None
    acknowledged_key: str = ""
    unsettled: bool = False  # gave up on a ballot the server may or may not have stored


@dataclass
class Phase:
    """What one open-loop phase saw."""

    offered_rate: float
    duration: float
    latencies: list[float] = field(default_factory=list)
    statuses: Counter[str] = field(default_factory=Counter)
    ballots: int = 0
    replays: int = 0
    replays_not_200: int = 0
    stored_before_failure: int = 0  # unanswered, sent again, and answered 200: it was stored
    retries: int = 0
    refused: int = 0
    starved: int = 0
    given_up: int = 0
    first_error: float | None = None
    last_error: float | None = None
    last_answer: float = 0.0
    events: list[str] = field(default_factory=list)

    @property
    def acknowledged(self) -> int:
        return len(self.latencies)

    @property
    def errors(self) -> int:
        return sum(n for status, n in self.statuses.items() if status not in ("200", "201"))

    @property
    def achieved_rate(self) -> float:
        return self.acknowledged / self.last_answer if self.last_answer else 0.0

    def percentile(self, share: float) -> float:
        if not self.latencies:
            return float("nan")
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(share * len(ordered)))] * 1000

    def line(self, name: str) -> str:
        return (
            f"{name:8} {self.achieved_rate:7.1f}/s {self.percentile(0.5):8.1f} "
            f"{self.percentile(0.95):8.1f} {self.percentile(0.99):8.1f} {self.errors:7d}   "
            f"{dict(sorted(self.statuses.items()))}"
        )


HEADER = f"{'server':8} {'achieved':>9} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'errors':>7}   statuses"


@dataclass(frozen=True)
class Event:
    at: float  # seconds after the phase starts
    name: str
    action: Callable[[], str]


class BallotClient:
    """Open loop: ballot i is due at start + i / rate whatever the server does, and its latency
    runs from that due time, so a queue inside the server shows instead of slowing the client.

    Each due ballot goes to the citizen idle longest (a citizen never has two ballots in
    flight, as on a phone); it is a new answer with a new Idempotency-Key, or one time in ten
    the last acknowledged ballot again. An unanswered ballot (5xx, reset, timeout) is sent
    again with the same key until acknowledged; each citizen's last acknowledged ballot is
    what the database must hold.
    """

    def __init__(self, port: int, site: VotingSite, *, connections: int, seed: int) -> None:
        self.port, self.site = port, site
        self.rng = random.Random(seed)
        self.citizens = {code: Citizen(code) for code in site.codes}
        self.idle: deque[Citizen] = deque(self.citizens.values())
        self.rng.shuffle(self.idle)
        self.pool: asyncio.Queue[Any] | None = None
        self.connections = connections

    async def run(
        self, *, rate: float, duration: float, events: tuple[Event, ...] = (), drain: float = 60.0
    ) -> Phase:
        self.pool = asyncio.Queue()
        for _ in range(self.connections):
            self.pool.put_nowait(Connection(self.port))
        phase, tasks = Phase(offered_rate=rate, duration=duration), []
        start = time.perf_counter()
        giving_up_at = start + duration + drain
        pending = sorted(events, key=lambda event: event.at)
        event_tasks = []
        index = 0
        while (due := start + index / rate) < start + duration:
            while pending and pending[0].at <= due - start:
                event_tasks.append(asyncio.create_task(self._event(pending.pop(0), start, phase)))
            await asyncio.sleep(max(0.0, due - time.perf_counter()))
            index += 1
            if not self.idle:
                phase.starved += 1  # every citizen is waiting for an answer
                continue
            tasks.append(
                asyncio.create_task(
                    self._ballot(self.idle.popleft(), due, start, giving_up_at, phase)
                )
            )
        await asyncio.gather(*tasks, *event_tasks)
        while not self.pool.empty():
            connection = self.pool.get_nowait()
            if connection.writer is not None:
                connection.writer.close()
        return phase

    async def _event(self, event: Event, start: float, phase: Phase) -> None:
        await asyncio.sleep(max(0.0, start + event.at - time.perf_counter()))
        began = time.perf_counter()
        outcome = await asyncio.to_thread(event.action)
        phase.events.append(
            f"t={began - start:6.1f} s  {event.name}: {outcome} ({time.perf_counter() - began:.1f} s)"
        )

    async def _ballot(
        self, citizen: Citizen, due: float, start: float, giving_up_at: float, phase: Phase
    ) -> None:
        replay = citizen.acknowledged_choice is not None and self.rng.random() < REPLAY_SHARE
        if replay:
            choice, key = citizen.acknowledged_choice, citizen.acknowledged_key
            phase.replays += 1
        else:
            others = [o for o in self.site.options if o != citizen.acknowledged_choice]
            choice, key = self.rng.choice(others), f"{citizen.code}-{citizen.votes + 1}"
            citizen.votes += 1
        phase.ballots += 1
        body = json.dumps(
            {"code": citizen.code, "question": self.site.question, "choice": choice}
        ).encode()
        attempt = 0
        while True:
            status = await self._post(body, key)
            now = time.perf_counter()
            if status in ("200", "201"):
                phase.statuses[status] += 1
                phase.latencies.append(now - due)
                phase.last_answer = max(phase.last_answer, now - start)
                phase.replays_not_200 += replay and status != "200"
                phase.stored_before_failure += attempt > 0 and not replay and status == "200"
                citizen.acknowledged_choice, citizen.acknowledged_key = choice, key
                break
            phase.statuses[status] += 1
            if status.startswith("4"):
                phase.refused += 1  # a refusal stores nothing: no point sending it again
                break
            phase.first_error = phase.first_error or now - start
            phase.last_error = now - start
            if now > giving_up_at:
                phase.given_up += 1
                citizen.unsettled = True
                break
            phase.retries += 1
            await asyncio.sleep(min(MAX_BACKOFF, 0.1 * 2**attempt))
            attempt += 1
        self.idle.append(citizen)

    async def _post(self, body: bytes, key: str) -> str:
        assert self.pool is not None
        connection = await self.pool.get()
        if time.perf_counter() - getattr(connection, "last_used", 0.0) > KEEPALIVE:
            self._drop(connection, "idle")  # the server may be closing it right now
        try:
            # `_post`, not `post`: the latter silently sends once more on a lost connection,
            # and here every lost answer is counted and sent again by our own retry loop.
            status = await asyncio.wait_for(
                connection._post("/api/v1/ballots", body, {"Idempotency-Key": key}),
                REQUEST_TIMEOUT,
            )
            return str(status)
        except TimeoutError:
            return self._drop(connection, "timeout")
        except (OSError, IndexError, ValueError, asyncio.IncompleteReadError):
            return self._drop(connection, "connection lost")
        finally:
            connection.last_used = time.perf_counter()
            self.pool.put_nowait(connection)

    @staticmethod
    def _drop(connection: Any, why: str) -> str:
        if connection.writer is not None:
            connection.writer.close()
        connection.writer = None
        return why

    def expected(self) -> dict[str, tuple[int, str]]:
        """code -> (choice, Idempotency-Key) of each citizen's last acknowledged ballot."""
        return {
            c.code: (c.acknowledged_choice, c.acknowledged_key)
            for c in self.citizens.values()
            if c.acknowledged_choice is not None and not c.unsettled
        }

    def unsettled(self) -> set[str]:
        return {c.code for c in self.citizens.values() if c.unsettled}


# --- checking the database against the client ------------------------------------------


def check_stored(database_url: str, client: BallotClient) -> dict[str, int]:
    """Each citizen's stored answer against their last acknowledged ballot, row by row."""
    with psycopg.connect(database_url) as connection:
        rows = connection.execute(
            "SELECT p.code, a.option_id, a.request_key, count(*) OVER (PARTITION BY a.participant_id) "
            "FROM deliberation_answer a JOIN deliberation_participant p ON p.id = a.participant_id "
            "WHERE a.question_id = %s",
            [client.site.question],
        ).fetchall()
    stored = {code: (option, key) for code, option, key, _n in rows}
    expected, unsettled = client.expected(), client.unsettled()
    return {
        "citizens_acknowledged": len(expected),
        "answers_in_db": len(rows),
        "lost": sum(1 for code in expected if code not in stored),
        "wrong_answer": sum(1 for code, want in expected.items() if stored.get(code, want) != want),
        "stored_twice": sum(1 for *_rest, n in rows if n > 1),
        "stored_never_acknowledged": sum(
            1 for code in stored if code not in expected and code not in unsettled
        ),
        "unsettled_excluded": len(unsettled),
    }


def check_results_api(port: int, client: BallotClient) -> dict[str, Any]:
    """GET /api/v1/questions/{id}/results as the fixture's organiser, against the client's
    count of last acknowledged choices."""
    expected = Counter(str(choice) for choice, _key in client.expected().values())
    want = {
        "n": len(client.expected()),
        "counts": {str(o): expected.get(str(o), 0) for o in client.site.options},
    }
    got = asyncio.run(_get_json(port, client.site.results_url, client.site.token))
    return {"api": got, "expected": want, "same": got == want and not client.unsettled()}


async def _get_json(port: int, url: str, token: str) -> Any:
    path = "/" + url.split("/", 3)[3]
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(
        f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {token}\r\n"
        "Connection: close\r\n\r\n".encode()
    )
    response = await reader.read()
    writer.close()
    head, _, body = response.partition(b"\r\n\r\n")
    if b" 200 " not in head.split(b"\r\n", 1)[0]:
        return {"error": head.split(b"\r\n", 1)[0].decode()}
    return json.loads(body)
