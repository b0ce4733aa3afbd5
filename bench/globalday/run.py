"""The global day (issue 19): 100 sites x 100 citizens in 20 time zones vote through nginx,
three `polyvox serve` and two `polyvox worker` on PostgreSQL and Redis, while an app server,
a worker in the middle of a job and PostgreSQL are killed or restarted. Every acknowledged
ballot must be stored once, and the results a worker computed must equal a recomputation
from the stored ballots.

    .venv/bin/python bench/globalday/run.py                  # the full day, about 16 minutes
    .venv/bin/python bench/globalday/run.py --ci             # 12 sites x 10 citizens, 1 minute

WARNING: it restarts this machine's PostgreSQL cluster once (--no-pg-restart skips it),
dropping every connection to it, other people's test runs included.
Ends with a PASS or FAIL line; exit code 0 or 1.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path
from typing import Any

import httpx
import psycopg
from ledger import (
    Accounting,
    Ledger,
    account,
    counts,
    differences,
    expected_counts,
    percentile,
)
from load import Day, Stats, Throughput, throughput, tls_context
from stack import (
    HOSTNAME,
    NGINX,
    PG,
    POLYVOX,
    PYTHON,
    ROOT,
    SITE_TEMPLATE,
    Service,
    Supervisor,
    certificate,
    cpu_seconds,
    nginx_conf,
    production_env,
    render_site,
    restart_postgresql,
    wait_http,
)

HERE = Path(__file__).resolve().parent
APP_PORTS = [18001, 18002, 18003]
HTTPS_PORT, ONE_SERVER_PORT = 18443, 18444
RESTART_WEB, RESTART_WORKER = 2.0, 5.0  # RestartSec of deploy/systemd's units
RECOMPUTE = "results.recompute"


def main() -> int:
    args = arguments()
    print(f"load average at the start: {load_average()}", flush=True)
    var = ROOT / "var" / "globalday"
    var.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="globalday-"))
    database_url = fresh_database(args.database)
    env = production_env(args.database, var=var, lease_seconds=args.lease_seconds)
    setup_env = {**os.environ, "DATABASE_URL": database_url, "POLYVOX_ENV": "development"}
    started = time.monotonic()
    run([str(POLYVOX), "migrate", "-v0"], env)
    plan_path = work / "plan.json"
    run(
        [
            str(PYTHON),
            str(HERE / "world.py"),
            *("build", "--sites", str(args.sites), "--citizens", str(args.citizens)),
            *("--zones", str(args.zones)),
            *("--out", str(plan_path)),
        ],
        setup_env,
    )
    plan = json.loads(plan_path.read_text())
    day_hours = day_length_hours(plan)
    hour_seconds = args.minutes * 60 / day_hours if args.minutes else args.hour_seconds
    print(
        f"{args.sites} sites x {args.citizens} citizens, {len(plan['questions'])} questions; "
        f"a day of {day_hours:g} simulated hours at {hour_seconds:g} s each "
        f"= {day_hours * hour_seconds:.0f} s; set up in {time.monotonic() - started:.0f} s",
        flush=True,
    )
    cert, key = certificate(work)
    site = work / "site.conf"
    site.write_text(
        render_site(
            SITE_TEMPLATE.read_text(),
            ports=APP_PORTS[: args.servers],
            https_port=HTTPS_PORT,
            one_server_port=ONE_SERVER_PORT,
            cert=cert,
            key=key,
        )
    )
    conf = nginx_conf(work, site)
    run([NGINX, "-t", "-q", "-c", str(conf)], env)
    logs = var / "logs"
    logs.mkdir(exist_ok=True)
    web = [
        Service(
            f"web@{port}",
            [str(POLYVOX), "serve", "--port", str(port)],
            {**env, "PROMETHEUS_MULTIPROC_DIR": str(work / f"metrics-{port}")},
            logs / f"web-{port}.log",
            RESTART_WEB,
        )
        for port in APP_PORTS[: args.servers]
    ]
    workers = [
        Service(
            f"worker@{n}",
            [str(POLYVOX), "worker", "--sweep-interval", str(args.sweep_seconds)],
            env,
            logs / f"worker-{n}.log",
            RESTART_WORKER,
        )
        for n in range(1, args.workers + 1)
    ]
    nginx = Service(
        "nginx", [NGINX, "-c", str(conf), "-g", "daemon off;"], env, logs / "nginx.log", 1
    )
    supervisor = Supervisor([*web, *workers, nginx])
    windows: subprocess.Popen[bytes] | None = None
    try:
        # The first alone: it runs collectstatic into the shared STATIC_ROOT if a file changed.
        for group in (web[:1], web[1:]):
            for service in group:
                service.start()
            for service in group:
                wait_http(f"http://127.0.0.1:{service.name.split('@')[1]}/healthz", seconds=300)
        for service in [*workers, nginx]:
            service.start()
        supervisor.start()
        base_url = f"https://127.0.0.1:{HTTPS_PORT}"
        wait_http(
            f"{base_url}/readyz", seconds=60, verify=tls_context(cert), headers={"Host": HOSTNAME}
        )
        print(f"stack up: nginx, {len(web)} app servers, {len(workers)} workers; logs in {logs}")
        t0 = time.time() + 3
        day_seconds = day_hours * hour_seconds
        deadline = t0 + day_seconds + max(60.0, 2 * hour_seconds)
        windows = subprocess.Popen(
            [
                str(PYTHON),
                str(HERE / "world.py"),
                *("windows", "--plan", str(plan_path), "--t0", str(t0)),
                *("--hour-seconds", str(hour_seconds), "--deadline", str(deadline)),
            ],
            env=setup_env,
            stdout=subprocess.PIPE,
        )
        day = Day(
            plan,
            base_url=base_url,
            cert=cert,
            hour_seconds=hour_seconds,
            t0=t0,
            deadline=time.monotonic() + (deadline - time.time()),
            seed=args.seed,
        )
        killed_job: dict[str, Any] = {}
        switches: list[str] = []
        # 10,000 citizens' tasks and their connections make a large heap: the cyclic garbage
        # collector's full passes over it took 40 % of the load generator's time (py-spy),
        # and the generator fell behind the day. Collect rarely; what exists now never moves.
        gc.freeze()
        gc.set_threshold(100_000, 50, 1_000)
        asyncio.run(
            simulate(
                day, args, day_seconds, web, workers, database_url, killed_job, windows, switches
            )
        )
        windows.wait(timeout=max(60.0, deadline - time.time() + 30))
        windows_ok = windows.returncode == 0
        windows_report = "".join(
            line for line in switches if "switches" in line or "gave up" in line
        )
        day_over = database_now(database_url)
        print(f"day over; load average {load_average()}", flush=True)
        groups = {
            "app servers": {service.pid for service in web},
            "workers": {service.pid for service in workers},
            "nginx": {nginx.pid},
        }
        phases = asyncio.run(compare_servers(args, cert, plan, groups))
        final_job = final_recompute(base_url, cert, plan, database_url, day_over, args)
        digest_path = work / "digest.json"
        run(
            [
                str(PYTHON),
                str(HERE / "world.py"),
                *("recompute", "--plan", str(plan_path), "--out", str(digest_path)),
            ],
            setup_env,
        )
        digest = json.loads(digest_path.read_text())
        api_counts = results_api_counts(base_url, cert, plan)
        jobs = rerun_jobs(database_url)
        metrics = scrape_metrics(APP_PORTS[0])
    finally:
        if windows is not None and windows.poll() is None:
            windows.kill()
        supervisor.stop()
    load_after = load_average()
    if not args.keep:
        run(["dropdb", "-h", "127.0.0.1", "-U", "postgres", "--force", args.database], None)
    return report(
        args=args,
        day=day,
        phases=phases,
        digest=digest,
        api_counts=api_counts,
        jobs=jobs,
        killed_job=killed_job,
        final_job=final_job,
        metrics=metrics,
        services=[*web, *workers],
        windows_report=windows_report + ("" if windows_ok else " (FAILED)"),
        load_after=load_after,
        hour_seconds=hour_seconds,
    )


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sites", type=int, default=100)
    parser.add_argument("--citizens", type=int, default=100, help="per site")
    parser.add_argument("--zones", type=int, default=20, help="time zones, from the Pacific")
    parser.add_argument("--hour-seconds", type=float, default=30.0, help="one simulated hour")
    parser.add_argument(
        "--minutes", type=float, default=0.0, help="the whole day this long instead (scales hours)"
    )
    parser.add_argument("--viewers", type=int, default=50)
    parser.add_argument("--servers", type=int, default=3, choices=[2, 3])
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--lease-seconds", type=int, default=30, help="JOBS_LEASE_SECONDS")
    parser.add_argument("--sweep-seconds", type=float, default=5.0)
    parser.add_argument("--throughput-seconds", type=float, default=15.0, help="per phase (x4)")
    parser.add_argument("--concurrency", type=int, default=24, help="throughput writers")
    parser.add_argument("--no-pg-restart", dest="pg_restart", action="store_false")
    parser.add_argument("--database", default="polyvox_globalday")
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    parser.add_argument("--seed", type=int, default=19)
    parser.add_argument("--json", type=Path, help="write the figures here too")
    parser.add_argument(
        "--ci",
        action="store_true",
        help="the reduced day CI runs: 12 sites x 10 citizens in 6 zones, 1 min",
    )
    args = parser.parse_args()
    if args.ci:
        args.sites, args.citizens, args.zones, args.minutes, args.viewers = 12, 10, 6, 1.0, 10
        args.throughput_seconds, args.lease_seconds = 2.0, 15
    if not args.database.startswith("polyvox_globalday"):
        raise SystemExit("refusing: the database name must start with polyvox_globalday")
    return args


def load_average() -> str:
    return " ".join(f"{value:.1f}" for value in os.getloadavg())


def run(command: list[str], env: dict[str, str] | None) -> None:
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{done.stdout}{done.stderr}")


def fresh_database(name: str) -> str:
    run(["dropdb", "-h", "127.0.0.1", "-U", "postgres", "--if-exists", "--force", name], None)
    run(["createdb", "-h", "127.0.0.1", "-U", "postgres", name], None)
    return f"{PG}/{name}"


def database_now(database_url: str) -> Any:
    with psycopg.connect(database_url) as connection:
        row = connection.execute("SELECT now()").fetchone()
    assert row is not None
    return row[0]


def day_length_hours(plan: dict[str, Any]) -> float:
    from datetime import datetime

    opens = [datetime.fromisoformat(s["opens"]) for site in plan["sites"] for s in site["sessions"]]
    closes = [
        datetime.fromisoformat(s["closes"]) for site in plan["sites"] for s in site["sessions"]
    ]
    return (max(closes) - min(opens)).total_seconds() / 3600


# --- the day and its failures ------------------------------------------------------------


async def simulate(
    day: Day,
    args: argparse.Namespace,
    day_seconds: float,
    web: list[Service],
    workers: list[Service],
    database_url: str,
    killed_job: dict[str, Any],
    windows: subprocess.Popen[bytes],
    switches: list[str],
) -> None:
    done = asyncio.Event()
    loop = asyncio.get_running_loop()

    def follow_windows() -> None:
        """world.py windows prints each switch; an opened question lets its citizens vote."""
        assert windows.stdout is not None
        for raw in windows.stdout:
            line = raw.decode()
            switches.append(line)
            opened = json.loads(line).get("open") if line.startswith("{") else None
            if opened:
                loop.call_soon_threadsafe(day.open_window, opened[0], opened[1])

    threading.Thread(target=follow_windows, daemon=True).start()
    events = [
        day.at(0.3 * day_seconds, "kill app server", lambda: kill_app_server(web[1])),
        day.at(
            0.5 * day_seconds,
            "kill a worker in a job",
            lambda: kill_worker_in_job(workers, database_url, killed_job, day_seconds),
        ),
    ]
    if args.pg_restart:
        events.append(day.at(0.7 * day_seconds, "restart PostgreSQL", restart_postgresql))

    async def citizens() -> None:
        try:
            await day.citizens()
        finally:
            done.set()

    await asyncio.gather(citizens(), day.viewers(args.viewers, done.is_set), *events)


def kill_app_server(service: Service) -> str:
    service.kill()
    killed = time.monotonic()
    port = service.name.split("@")[1]
    wait_http(f"http://127.0.0.1:{port}/healthz", seconds=180)
    return (
        f"SIGKILL to {service.name} (its process group); restarted after {RESTART_WEB:g} s, "
        f"answering again {time.monotonic() - killed:.1f} s after the kill"
    )


def kill_worker_in_job(
    workers: list[Service], database_url: str, killed: dict[str, Any], day_seconds: float
) -> str:
    """Wait for a job to run (the live page's polls queue results recomputations), then
    SIGKILL the worker that claimed it."""
    until = time.monotonic() + max(30.0, 0.3 * day_seconds)
    pids = {service.pid: service for service in workers}
    while time.monotonic() < until:
        with psycopg.connect(database_url, connect_timeout=5) as connection:
            row = connection.execute(
                "SELECT id, kind, worker, attempts FROM jobs_job WHERE status = 'running' "
                "ORDER BY started_at DESC LIMIT 1"
            ).fetchone()
        if row is not None:
            job_id, kind, worker, attempts = row
            pid = int(worker.rsplit(":", 1)[1]) if worker else 0
            if pid in pids:
                pids[pid].kill()
                killed.update(id=str(job_id), kind=kind, attempt=attempts, worker=worker)
                return f"SIGKILL to {pids[pid].name} (pid {pid}) in job {kind} {job_id}, attempt {attempts}"
        time.sleep(0.05)
    return "no job ran: no worker killed"


# --- after the day -------------------------------------------------------------------------


async def compare_servers(
    args: argparse.Namespace, cert: Path, plan: dict[str, Any], groups: dict[str, set[int]]
) -> dict[str, Throughput]:
    """One app server (nginx's second copy of the site) against all three, alternated so a
    change in the machine's other load falls on both."""
    phases: dict[str, Throughput] = {}
    for round_ in (1, 2):
        for name, port in (("1 server", ONE_SERVER_PORT), (f"{args.servers} servers", HTTPS_PORT)):
            before = cpu_seconds(groups)
            result = await throughput(
                f"https://127.0.0.1:{port}",
                cert,
                plan,
                seconds=args.throughput_seconds,
                concurrency=args.concurrency,
            )
            print(f"throughput {name} (round {round_}): {result.rate:.0f}/s", flush=True)
            merged = phases.setdefault(name, Throughput())
            merged.answered += result.answered
            merged.seconds += result.seconds
            merged.latencies += result.latencies
            merged.errors.update(result.errors)
            after = cpu_seconds(groups)
            merged.cpu.update({part: after[part] - before[part] for part in after})
    return phases


def final_recompute(
    base_url: str,
    cert: Path,
    plan: dict[str, Any],
    database_url: str,
    day_over: Any,
    args: argparse.Namespace,
) -> dict[str, Any]:
    """The live page once the day is over queues a last recomputation (its snapshot is
    then older than LIVE_SECONDS); wait for a worker to finish it."""
    path = f"/en/results/{plan['dialogue']}/live/"
    until = time.monotonic() + 300
    with httpx.Client(
        base_url=base_url, verify=tls_context(cert), headers={"Host": HOSTNAME}, timeout=60
    ) as client:
        while time.monotonic() < until:
            with psycopg.connect(database_url) as connection:
                row = connection.execute(
                    "SELECT id, status, attempts FROM jobs_job WHERE kind = %s AND created_at > %s "
                    "ORDER BY created_at DESC LIMIT 1",
                    [RECOMPUTE, day_over],
                ).fetchone()
            if row is not None and row[1] == "succeeded":
                return {"id": str(row[0]), "status": row[1], "attempts": row[2]}
            if row is None or row[1] in ("failed", "cancelled"):
                client.get(path)
            time.sleep(1.0)
    return {"status": "not finished in 300 s"}


def results_api_counts(
    base_url: str, cert: Path, plan: dict[str, Any]
) -> dict[int, dict[int, int]]:
    got: dict[int, dict[int, int]] = {}
    headers = {"Host": HOSTNAME, "Authorization": f"Bearer {plan['token']}"}
    with httpx.Client(
        base_url=base_url, verify=tls_context(cert), headers=headers, timeout=60
    ) as client:
        for question in plan["questions"]:
            body = client.get(f"/api/v1/questions/{question}/results").json()
            got[int(question)] = {int(option): n for option, n in body["counts"].items() if n}
    return got


def rerun_jobs(database_url: str) -> list[dict[str, Any]]:
    with psycopg.connect(database_url) as connection:
        rows = connection.execute(
            "SELECT id, kind, status, attempts, retried_at IS NOT NULL FROM jobs_job "
            "ORDER BY created_at"
        ).fetchall()
    return [
        {"id": str(r[0]), "kind": r[1], "status": r[2], "attempts": r[3], "retried": r[4]}
        for r in rows
    ]


def scrape_metrics(port: int) -> dict[str, str]:
    wanted = (
        "polyvox_workers_alive ",
        "polyvox_workers_silent ",
        "polyvox_ballots_stored{",
        "polyvox_jobs_queued ",
        "polyvox_rate_limit_refusals_total{",
    )
    try:
        text = httpx.get(f"http://127.0.0.1:{port}/metrics", timeout=30).text
    except httpx.HTTPError as error:
        return {"error": type(error).__name__}
    return {
        line.split(" ")[0]: line.split(" ")[1]
        for line in text.splitlines()
        if line.startswith(wanted)
    }


# --- the report ----------------------------------------------------------------------------


def report(
    *,
    args: argparse.Namespace,
    day: Day,
    phases: dict[str, Throughput],
    digest: dict[str, Any],
    api_counts: dict[int, dict[int, int]],
    jobs: list[dict[str, Any]],
    killed_job: dict[str, Any],
    final_job: dict[str, Any],
    metrics: dict[str, str],
    services: list[Service],
    windows_report: str,
    load_after: str,
    hour_seconds: float,
) -> int:
    ledger: Ledger = day.ledger
    stats: Stats = day.stats
    rows = [(code, question, option, key) for code, question, option, key in digest["answers"]]
    accounting: Accounting = account(ledger, rows)
    stored = counts((question, option) for _c, question, option, _k in rows)
    stored_vs_ledger = differences(expected_counts(ledger, rows), stored)
    api_vs_stored = differences(stored, api_counts)
    retried = [job for job in jobs if job["retried"] or job["attempts"] > 1]
    killed_after = next((job for job in jobs if job["id"] == killed_job.get("id")), None)

    print(f"\nload average at the end: {load_after} ({os.cpu_count()} CPUs, everything included)")
    print(f"one simulated hour = {hour_seconds:g} s")
    for line in sorted(stats.events):
        print(line)
    for service in services:
        if service.history:
            print(f"{service.name}: {', '.join(service.history)}")
    if stats.first_error is not None:
        print(f"errors seen from t={stats.first_error:.1f} s to t={stats.last_error:.1f} s")
    print(f"windows: {windows_report.strip()}")
    print(
        f"\nballots: {stats.ballots} cast, {len(ledger.acknowledged)} acknowledged, "
        f"{stats.retries} retries of unanswered ones, refused {dict(ledger.refused)}, "
        f"{stats.rate_limited} rate-limited (429) and sent again"
    )
    print(f"resent with their key after an answer: {dict(stats.resends)} (200 = recognised)")
    if stats.behind:
        print(
            f"the load generator fell behind: {len(stats.behind)} ballots not sent, "
            f"their session over by the time they were due to leave, "
            f"{percentile(stats.behind, 0.5):.1f} s late (median)"
        )
    print(
        f"database: {accounting.stored} stored; lost {accounting.lost}; counted twice "
        f"{accounting.stored_twice} (pairs twice in the database: {digest['pairs_stored_twice']}); "
        f"wrong option {accounting.wrong_option}; stored never acknowledged "
        f"{accounting.stored_never_acknowledged}; unsettled {len(ledger.unsettled)} "
        f"({accounting.unsettled_stored} stored, {accounting.unsettled_not_stored} not)"
    )
    print(f"\n{'endpoint':32} {'n':>7} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8}   statuses")
    for endpoint in sorted(stats.statuses):
        values = stats.latencies[endpoint]
        print(
            f"{endpoint:32} {len(values):7d} {percentile(values, 0.5) * 1000:8.1f} "
            f"{percentile(values, 0.95) * 1000:8.1f} {percentile(values, 0.99) * 1000:8.1f}   "
            f"{dict(sorted(stats.statuses[endpoint].items()))}"
        )
    print("\nthroughput, closed loop, POST /api/v1/ballots through nginx (same run, alternated):")
    for name, phase in phases.items():
        print(
            f"  {name:10} {phase.rate:6.1f} ballots/s  p50 {percentile(phase.latencies, 0.5) * 1000:.0f} ms"
            f"  p95 {percentile(phase.latencies, 0.95) * 1000:.0f} ms  errors {dict(phase.errors)}"
        )
        cores = {part: round(used / phase.seconds, 2) for part, used in phase.cpu.items()}
        print(f"    cores busy: {cores}")
    print(f"\njobs: {len(jobs)} ({dict(Counter(job['status'] for job in jobs))})")
    print(f"killed in the middle: {killed_job or 'none'}; afterwards: {killed_after}")
    print(f"jobs re-run after their worker died: {len(retried)} {retried}")
    print(f"final recomputation job: {final_job}")
    print(
        f"results: stored snapshot == recomputation from the stored ballots: "
        f"{digest['snapshot_identical']} (ballots {digest['snapshot_ballots']} / {digest['fresh_ballots']})"
    )
    print(
        f"per question and option: database vs acknowledged ballots: {len(stored_vs_ledger)} differences"
    )
    print(f"per question and option: results API vs database: {len(api_vs_stored)} differences")
    for line in (stored_vs_ledger + api_vs_stored)[:10]:
        print(f"  {line}")
    print(f"metrics (app server 1): {metrics}")

    failures_happened = len(stats.events) == (3 if args.pg_restart else 2) and all(
        "no job ran" not in line and "exit 1" not in line for line in stats.events
    )
    killed_rerun = (
        killed_after is not None
        and killed_after["status"] == "succeeded"
        and killed_after["attempts"] >= 2
    )
    ok = (
        accounting.intact
        and digest["pairs_stored_twice"] == 0
        and not stored_vs_ledger
        and not api_vs_stored
        and digest["snapshot_identical"]
        and final_job.get("status") == "succeeded"
        and failures_happened
        and killed_rerun
        and len(ledger.acknowledged) > 0
        and "FAILED" not in windows_report
    )
    figures = {
        "acknowledged": len(ledger.acknowledged),
        "stored": accounting.stored,
        "lost": accounting.lost,
        "counted_twice": accounting.stored_twice,
        "unsettled": len(ledger.unsettled),
        "refused": dict(ledger.refused),
        "rate_limited": stats.rate_limited,
        "snapshot_identical": digest["snapshot_identical"],
        "throughput": {name: round(phase.rate, 1) for name, phase in phases.items()},
        "throughput_cores": {
            name: {part: round(used / phase.seconds, 2) for part, used in phase.cpu.items()}
            for name, phase in phases.items()
        },
        "events": stats.events,
        "jobs_rerun": len(retried),
    }
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2))
    print(
        f"\n{'PASS' if ok else 'FAIL'}: {len(ledger.acknowledged)} acknowledged, "
        f"{accounting.lost} lost, {accounting.stored_twice} counted twice, results identical: "
        f"{digest['snapshot_identical'] and not stored_vs_ledger and not api_vs_stored}; "
        f"failures happened: {failures_happened}; killed job re-run: {killed_rerun}",
        flush=True,
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
