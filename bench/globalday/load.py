"""The simulated people, asyncio + httpx over TLS through nginx: citizens casting ballots
from their site's address while its sessions are open, public viewers polling the live
results, and the closed-loop writers of the throughput phase.

Every wait is bounded: a ballot is retried until it is answered or the day's deadline
passes, and each phase ends at its deadline whatever the servers do.
"""

from __future__ import annotations

import asyncio
import datetime
import json
import random
import ssl
import time
from collections import Counter, defaultdict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
from ledger import Ledger
from stack import HOSTNAME

RESEND_SHARE = 0.1  # a phone that did not see the answer sends the same ballot again
MAX_BACKOFF = 2.0
TIMEOUT = httpx.Timeout(15.0, pool=60.0)
LIVE_POLL_SECONDS = 15.0  # polyvox.results.views.LIVE_SECONDS: what htmx polls at


@dataclass
class Stats:
    """Per endpoint: each request's latency and status (or why it got none)."""

    latencies: defaultdict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    statuses: defaultdict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    events: list[str] = field(default_factory=list)
    resends: Counter[str] = field(default_factory=Counter)
    ballots: int = 0
    retries: int = 0
    rate_limited: int = 0
    behind: list[float] = field(default_factory=list)  # seconds late, for ballots not sent
    first_error: float | None = None
    last_error: float | None = None

    def record(self, endpoint: str, status: str, seconds: float, at: float) -> None:
        self.statuses[endpoint][status] += 1
        if status.isdigit():
            self.latencies[endpoint].append(seconds)
        if not status.isdigit() or status.startswith("5"):
            self.first_error = self.first_error if self.first_error is not None else at
            self.last_error = at


def tls_context(cert: Path) -> ssl.SSLContext:
    return ssl.create_default_context(cafile=str(cert))


def client_for(
    base_url: str, address: str, context: ssl.SSLContext, connections: int
) -> httpx.AsyncClient:
    """One venue (or one viewer): its own source address on loopback, which nginx forwards
    in X-Forwarded-For and Polyvox's rate limits count by (TRUSTED_PROXIES=1)."""
    transport = httpx.AsyncHTTPTransport(
        local_address=address,
        verify=context,
        limits=httpx.Limits(max_connections=connections, max_keepalive_connections=connections),
        retries=0,  # every resend is ours, counted, with its Idempotency-Key
    )
    return httpx.AsyncClient(
        base_url=base_url, transport=transport, headers={"Host": HOSTNAME}, timeout=TIMEOUT
    )


async def timed(
    stats: Stats, endpoint: str, started_run: float, request: Awaitable[httpx.Response]
) -> httpx.Response | None:
    began = time.monotonic()
    try:
        response = await request
    except httpx.TimeoutException:
        stats.record(endpoint, "timeout", 0.0, began - started_run)
        return None
    except httpx.TransportError:
        stats.record(endpoint, "connection lost", 0.0, began - started_run)
        return None
    stats.record(endpoint, str(response.status_code), time.monotonic() - began, began - started_run)
    return response


class Day:
    """The global day, compressed: one simulated hour lasts `hour_seconds`."""

    def __init__(
        self,
        plan: dict[str, Any],
        *,
        base_url: str,
        cert: Path,
        hour_seconds: float,
        t0: float,
        deadline: float,
        seed: int,
    ) -> None:
        self.plan, self.base_url, self.hour_seconds = plan, base_url, hour_seconds
        self.context = tls_context(cert)
        self.t0, self.deadline = t0, deadline
        self.rng = random.Random(seed)
        self.ledger = Ledger()
        self.stats = Stats()
        self.day_start = min(
            datetime.datetime.fromisoformat(session["opens"])
            for site in plan["sites"]
            for session in site["sessions"]
        )
        self.monotonic_t0 = time.monotonic() - (time.time() - t0)
        self.last_ack = 0.0
        self.opened: dict[tuple[int, int], asyncio.Event] = {}

    def window(self, site: int, question: int) -> asyncio.Event:
        """Set once the site's host has opened the question (world.py windows says so)."""
        return self.opened.setdefault((site, question), asyncio.Event())

    def open_window(self, site: int, question: int) -> None:
        self.window(site, question).set()

    def real(self, iso: str) -> float:
        """A simulated UTC time to this process's monotonic clock."""
        hours = (datetime.datetime.fromisoformat(iso) - self.day_start).total_seconds() / 3600
        return self.monotonic_t0 + hours * self.hour_seconds

    def now(self) -> float:
        return time.monotonic() - self.monotonic_t0

    # --- citizens ---------------------------------------------------------------------

    async def citizens(self) -> None:
        """Each site's sessions as they open, every citizen of the site in each."""
        clients = {
            site["id"]: client_for(self.base_url, site["address"], self.context, 16)
            for site in self.plan["sites"]
        }
        sessions = sorted(
            (
                (self.real(session["opens"]), index, site, session)
                for index, site in enumerate(self.plan["sites"])
                for session in site["sessions"]
            ),
            key=lambda item: (item[0], item[1]),
        )
        tasks = []
        try:
            for opens, _index, site, session in sessions:
                await asyncio.sleep(max(0.0, opens - time.monotonic()))
                closes = self.real(session["closes"])
                for code in site["codes"]:
                    tasks.append(
                        asyncio.create_task(
                            self.citizen(clients[site["id"]], site, session, code, opens, closes)
                        )
                    )
            await asyncio.gather(*tasks)
        finally:
            await asyncio.gather(*(client.aclose() for client in clients.values()))

    async def citizen(
        self,
        client: httpx.AsyncClient,
        site: dict[str, Any],
        session: dict[str, Any],
        code: str,
        opens: float,
        closes: float,
    ) -> None:
        """Four answers, each at a moment of the session's first 60 %, one after the other
        as on one phone; one in ten sent again with its key as if the answer was missed."""
        span = closes - opens
        moments = sorted(opens + self.rng.uniform(0.02, 0.6) * span for _ in session["questions"])
        for moment, question in zip(moments, session["questions"], strict=True):
            await asyncio.sleep(max(0.0, moment - time.monotonic()))
            try:
                # As in the room: nobody votes before the host opens the question.
                await asyncio.wait_for(
                    self.window(site["id"], question).wait(), max(0.01, closes - time.monotonic())
                )
            except TimeoutError:
                self.ledger.refused["not opened before the close"] += 1
                continue
            if time.monotonic() > closes:
                # This process fell behind (its CPU share on a loaded machine): the session
                # is over by the clock, so a phone would not send it. Counted, not sent.
                self.ledger.refused["load generator behind: not sent"] += 1
                self.stats.behind.append(time.monotonic() - moment)
                continue
            options = self.plan["questions"][str(question)]["options"]
            # Each site leans its own way, so the results differ by country.
            weights = [1 + ((site["id"] + question + i) % 4) for i in range(len(options))]
            option = self.rng.choices(options, weights=weights)[0]
            key = f"{code}-{question}"
            acknowledged = await self.ballot(client, code, question, option, key)
            if acknowledged and self.rng.random() < RESEND_SHARE:
                await asyncio.sleep(self.rng.uniform(0.0, 0.05 * span))
                await self.resend(client, code, question, option, key)

    async def ballot(
        self, client: httpx.AsyncClient, code: str, question: int, option: int, key: str
    ) -> bool:
        self.stats.ballots += 1
        body = {"code": code, "question": question, "choice": option}
        unanswered = False
        attempt = 0
        while True:
            response = await timed(
                self.stats,
                "POST /api/v1/ballots",
                self.monotonic_t0,
                client.post("/api/v1/ballots", json=body, headers={"Idempotency-Key": key}),
            )
            status = response.status_code if response is not None else None
            if status in (200, 201):
                self.ledger.acknowledge((code, question), option, key)
                self.last_ack = time.monotonic()
                return True
            if status == 429:
                # A refusal by a rate limit: the phone waits as told and tries again.
                self.stats.rate_limited += 1
                wait = float(response.headers.get("Retry-After", "1")) if response else 1.0
                await asyncio.sleep(min(wait, 5.0))
            elif status is not None and status < 500:
                self.ledger.refused[str(status)] += 1
                if unanswered:
                    self.ledger.unsettle((code, question))
                return False
            else:
                unanswered = True  # 5xx, lost connection or timeout: maybe stored
            if time.monotonic() > self.deadline:
                self.ledger.refused["given up"] += 1
                self.ledger.unsettle((code, question))
                return False
            self.stats.retries += 1
            await asyncio.sleep(min(MAX_BACKOFF, 0.1 * 2**attempt))
            attempt += 1

    async def resend(
        self, client: httpx.AsyncClient, code: str, question: int, option: int, key: str
    ) -> None:
        """Sent again with its key: must be answered 200 (already stored), never stored twice."""
        body = {"code": code, "question": question, "choice": option}
        for attempt in range(8):
            response = await timed(
                self.stats,
                "POST /api/v1/ballots (resend)",
                self.monotonic_t0,
                client.post("/api/v1/ballots", json=body, headers={"Idempotency-Key": key}),
            )
            if response is not None and response.status_code < 500:
                self.stats.resends[str(response.status_code)] += 1
                return
            await asyncio.sleep(min(MAX_BACKOFF, 0.1 * 2**attempt))
        self.stats.resends["unanswered"] += 1

    # --- viewers ----------------------------------------------------------------------

    async def viewers(self, count: int, until: Callable[[], bool]) -> None:
        """The public results page's live part, polled as htmx does, each viewer from its
        own address, starting at random moments."""
        path = f"/en/results/{self.plan['dialogue']}/live/"

        async def viewer(index: int) -> None:
            address = f"127.2.{index // 250}.{index % 250 + 1}"
            async with client_for(self.base_url, address, self.context, 1) as client:
                await asyncio.sleep(self.rng.uniform(0, LIVE_POLL_SECONDS))
                while not until() and time.monotonic() < self.deadline:
                    await timed(self.stats, "GET live results", self.monotonic_t0, client.get(path))
                    await asyncio.sleep(LIVE_POLL_SECONDS)

        await asyncio.gather(*(viewer(index) for index in range(count)))

    # --- events -------------------------------------------------------------------------

    async def at(self, seconds: float, name: str, action: Callable[[], str]) -> None:
        """Run a blocking action (a kill, a restart) at `seconds` into the day."""
        await asyncio.sleep(max(0.0, self.monotonic_t0 + seconds - time.monotonic()))
        began = self.now()
        outcome = await asyncio.to_thread(action)
        self.stats.events.append(
            f"t={began:6.1f} s  {name}: {outcome} ({self.now() - began:.1f} s)"
        )


# --- one server against three ------------------------------------------------------------


@dataclass
class Throughput:
    answered: int = 0
    errors: Counter[str] = field(default_factory=Counter)
    latencies: list[float] = field(default_factory=list)
    seconds: float = 0.0
    cpu: Counter[str] = field(default_factory=Counter)  # CPU seconds by part

    @property
    def rate(self) -> float:
        return self.answered / self.seconds if self.seconds else 0.0


async def throughput(
    base_url: str, cert: Path, plan: dict[str, Any], *, seconds: float, concurrency: int
) -> Throughput:
    """As many ballots as the servers take: `concurrency` writers, each sending the next as
    soon as the last is answered (closed loop), each ballot a changed answer with a new key."""
    bench = plan["throughput"]
    context = tls_context(cert)
    result = Throughput()
    rng = random.Random(len(base_url))
    codes = list(bench["codes"])
    ends = time.monotonic() + seconds
    async with client_for(base_url, "127.3.0.1", context, concurrency) as client:

        async def writer(index: int) -> None:
            serial = 0
            while time.monotonic() < ends:
                code = codes[(index + serial * concurrency) % len(codes)]
                serial += 1
                body = {
                    "code": code,
                    "question": bench["question"],
                    "choice": rng.choice(bench["options"]),
                }
                began = time.monotonic()
                try:
                    response = await client.post(
                        "/api/v1/ballots",
                        content=json.dumps(body),
                        headers={
                            "Content-Type": "application/json",
                            "Idempotency-Key": f"t{time.time_ns()}-{index}",
                        },
                    )
                except httpx.HTTPError as error:
                    result.errors[type(error).__name__] += 1
                    continue
                if response.status_code in (200, 201):
                    result.answered += 1
                    result.latencies.append(time.monotonic() - began)
                else:
                    result.errors[str(response.status_code)] += 1

        started = time.monotonic()
        await asyncio.gather(*(writer(index) for index in range(concurrency)))
        result.seconds = time.monotonic() - started
    return result
