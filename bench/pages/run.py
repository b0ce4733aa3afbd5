"""Page benchmark: every public page of a dialogue ten times the demo, served by
`polyvox serve`, beside the lightest full page (the voting-code form) in the same run.

    .venv/bin/python bench/pages/run.py [--sites 150] [--citizens 100] [--repeats 30]

Seeds a scratch SQLite database (bench/tally/seeding.py: sites over 40 countries, citizens
with an age band and a gender, 5 single-choice questions and one written answer each),
computes the results snapshot, starts one gunicorn worker on it, and times warm GETs over
one keep-alive connection on loopback: for each page its p50 and p95, and the ratio of its
p50 to the voting-code form's p50 in the same run (the form goes through the whole
middleware stack and the base template: what any page costs before its own work). Then it
counts each page's database queries in-process with Django's test client.
Goal (#18): p95 under 300 ms for every public page and every filter change.
"""

from __future__ import annotations

import argparse
import http.client
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench" / "tally"))
sys.path.insert(0, str(ROOT / "bench" / "pages"))
SCRATCH = Path(tempfile.mkdtemp(prefix="polyvox-pages-bench-"))
DATABASE_URL = f"sqlite:///{SCRATCH / 'bench.sqlite3'}"
os.environ["DATABASE_URL"] = DATABASE_URL
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "polyvox.settings")
os.environ.setdefault("MEDIA_ROOT", str(SCRATCH / "media"))
POLYVOX = ROOT / ".venv" / "bin" / "polyvox"

import django  # noqa: E402

django.setup()

import fcp  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from seeding import seed  # noqa: E402

BASELINE = "/en/vote/"
# The pages loaded on a throttled phone for their first contentful paint and weight.
PAINTED = {BASELINE, "/en/"}


def pages(slug: str, site_slug: str) -> list[tuple[str, str]]:
    results = f"/en/results/{slug}/"
    PAINTED.update({f"/en/dialogues/{slug}/", results, f"{results}?level=country"})
    return [
        ("voting-code form (baseline)", BASELINE),
        ("home", "/en/"),
        ("dialogue", f"/en/dialogues/{slug}/"),
        ("site", f"/en/dialogues/{slug}/sites/{site_slug}/"),
        ("consultations", "/en/consultations/"),
        ("results", results),
        ("results ?country=FR", f"{results}?country=FR"),
        ("results ?region=Africa", f"{results}?region=Africa"),
        ("results by age", f"{results}?category=age"),
        ("results by country", f"{results}?level=country"),
        ("which country", f"{results}which-country/"),
        ("open data: shares (CSV)", f"{results}download/shares.csv"),
        ("open data: answers (CSV)", f"{results}download/answers.csv"),
    ]


def timed(connection_: http.client.HTTPConnection, path: str, repeats: int) -> list[float]:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        # Asking for gzip as browsers do: its cost is part of what a reader waits for.
        connection_.request(
            "GET", path, headers={"Accept-Language": "en", "Accept-Encoding": "gzip"}
        )
        response = connection_.getresponse()
        response.read()
        times.append(time.perf_counter() - start)
        if response.status != 200:
            raise SystemExit(f"{path}: HTTP {response.status}")
    return times


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def wait_ready(port: int) -> None:
    for _ in range(900):  # up to 90 s: a loaded machine imports slowly
        try:
            probe = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            probe.request("GET", "/healthz")
            probe.getresponse().read()
            return
        except OSError:
            time.sleep(0.1)
    raise SystemExit(f"server on port {port} did not start")


def query_counts(urls: list[tuple[str, str]]) -> dict[str, int]:
    client = Client()
    counts = {}
    for _label, path in urls:
        client.get(path)  # warm, like the timed requests
        with CaptureQueriesContext(connection) as queries:
            client.get(path)
        counts[path] = len(queries)
    return counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sites", type=int, default=150)
    parser.add_argument("--citizens", type=int, default=100)
    parser.add_argument("--questions", type=int, default=5)
    parser.add_argument("--repeats", type=int, default=30)
    parser.add_argument("--port", type=int, default=8231)
    parser.add_argument(
        "--fcp-loads", type=int, default=3, help="throttled phone loads per page (0: none)"
    )
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    start = time.perf_counter()
    slug = seed(sites=args.sites, citizens=args.citizens, questions=args.questions)
    from polyvox.dialogues.models import Dialogue
    from polyvox.results.tasks import recompute

    dialogue = Dialogue.objects.get(slug=slug)
    recompute({"dialogue_id": dialogue.id}, lambda fraction, message="": None)
    site_slug = dialogue.sites.order_by("id").values_list("slug", flat=True)[0]
    print(
        f"seeded {args.sites} sites x {args.citizens} citizens and computed the results "
        f"in {time.perf_counter() - start:.0f} s ({SCRATCH})",
        flush=True,
    )
    urls = pages(slug, site_slug)
    env = {**os.environ, "DATABASE_URL": DATABASE_URL, "DEBUG": "false"}
    log = open(SCRATCH / "server.log", "w")  # noqa: SIM115
    server = subprocess.Popen(
        [str(POLYVOX), "serve", "--port", str(args.port), "--workers", "1", "--threads", "1"],
        env=env,
        stdout=log,
        stderr=log,
    )
    try:
        wait_ready(args.port)
        client = http.client.HTTPConnection("127.0.0.1", args.port, timeout=60)
        # The first GET of each page in this process: its figures not yet rendered, its
        # charts drawn unless the recompute job drew them (the default page's only).
        first = {path: timed(client, path, 1)[0] for _label, path in urls}
        measured = {path: timed(client, path, args.repeats) for _label, path in urls}
        paints = (
            fcp.measure(f"http://127.0.0.1:{args.port}", [p for _l, p in urls if p in PAINTED],
                        loads=args.fcp_loads)
            if args.fcp_loads
            else []
        )  # fmt: skip
    finally:
        server.terminate()
        server.wait(timeout=30)
    counts = query_counts(urls)
    baseline = statistics.median(measured[BASELINE])
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores; "
          f"{args.repeats} warm GETs per page, one gunicorn worker, SQLite")  # fmt: skip
    print(
        f"{'page':30} {'first ms':>8} {'p50 ms':>7} {'p95 ms':>7} {'x baseline':>10} {'queries':>8}"
    )
    for label, path in urls:
        times = measured[path]
        p50, p95 = statistics.median(times), percentile(times, 0.95)
        print(
            f"{label:30} {first[path] * 1000:8.0f} {p50 * 1000:7.0f} {p95 * 1000:7.0f} {p50 / baseline:10.1f} "
            f"{counts[path]:8d}" + ("   over 300 ms" if p95 > 0.3 else "")
        )
    if paints:
        print_paints(paints, {path: label for label, path in urls})


def print_paints(paints: list[fcp.PaintFigure], labels: dict[str, str]) -> None:
    print(
        "\nFirst contentful paint on a throttled phone (Lighthouse mobile: 562.5 ms RTT, "
        "1.47 Mbit/s down, CPU x4), cold cache; KiB on the wire (decoded)"
    )
    print(f"{'page':30} {'FCP ms':>7} {'HTML':>13} {'CSS':>11} {'JS':>11} {'total':>13}")
    for paint in paints:
        cells = [
            f"{paint.wire.get(kind, 0) / 1024:.0f} ({paint.decoded.get(kind, 0) / 1024:.0f})"
            for kind in ("html", "css", "js")
        ]
        total = f"{sum(paint.wire.values()) / 1024:.0f} ({sum(paint.decoded.values()) / 1024:.0f})"
        print(
            f"{labels[paint.path]:30} {paint.median_fcp_ms:7.0f} {cells[0]:>13} {cells[1]:>11} "
            f"{cells[2]:>11} {total:>13}"
        )


if __name__ == "__main__":
    main()
