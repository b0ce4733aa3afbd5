"""Results page benchmark: seed a scratch SQLite database, then time the page.

    .venv/bin/python bench/tally/page.py [--sites 100] [--citizens 100] [--questions 5]

Seeds one dialogue with sites x citizens ballots on --questions single-choice questions
(4 options each; sites spread over 40 countries, each citizen with an age band and a
gender) and one open question every citizen answers in English, times the snapshot
recomputation (the `results.recompute` job, charts drawn in every language) and the
themes of the written answers (the `results.themes` job), then times GET of the results
page, themes included, with Django's test client: the
first request after the recompute, then the median and worst of --repeats requests,
unfiltered and filtered by country and by region. Target: under 200 ms per page with a
bounded number of queries.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
SCRATCH = Path(tempfile.mkdtemp(prefix="polyvox-page-bench-"))
os.environ["DATABASE_URL"] = f"sqlite:///{SCRATCH / 'bench.sqlite3'}"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "polyvox.settings")
os.environ.setdefault("MEDIA_ROOT", str(SCRATCH / "media"))

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from seeding import seed  # noqa: E402


def timed_get(client: Client, url: str, repeats: int) -> tuple[list[float], list[float], int]:
    """Wall and CPU seconds of each request: on a busy machine CPU time is the steadier figure."""
    times, cpu_times = [], []
    for _ in range(repeats):
        with CaptureQueriesContext(connection) as queries:
            start, cpu_start = time.perf_counter(), time.process_time()
            response = client.get(url)
            times.append(time.perf_counter() - start)
            cpu_times.append(time.process_time() - cpu_start)
        assert response.status_code == 200, response.status_code
    return times, cpu_times, len(queries)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sites", type=int, default=100)
    parser.add_argument("--citizens", type=int, default=100)
    parser.add_argument("--questions", type=int, default=5)
    parser.add_argument("--repeats", type=int, default=20)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    start = time.perf_counter()
    slug = seed(sites=args.sites, citizens=args.citizens, questions=args.questions)
    answers = args.sites * args.citizens * args.questions
    print(
        f"seeded {args.sites} sites x {args.citizens} citizens x {args.questions} questions "
        f"= {answers:,} answers in {time.perf_counter() - start:.1f} s ({SCRATCH})"
    )

    from polyvox.dialogues.models import Dialogue
    from polyvox.results.tasks import recompute

    dialogue = Dialogue.objects.get(slug=slug)
    start, cpu_start = time.perf_counter(), time.process_time()
    recompute({"dialogue_id": dialogue.id}, lambda fraction, message="": None)
    print(
        "results.recompute (snapshot + charts in every language): "
        f"{time.perf_counter() - start:.2f} s wall, {time.process_time() - cpu_start:.2f} s CPU"
    )
    from polyvox.dialogues.models import Question
    from polyvox.results.services import themes_compute

    start, cpu_start = time.perf_counter(), time.process_time()
    themes = themes_compute(
        dialogue=dialogue, site=None, question=Question.objects.get(key="change")
    )
    print(
        f"results.themes ({sum(t.size for t in themes):,} written answers, {len(themes)} themes): "
        f"{time.perf_counter() - start:.2f} s wall, {time.process_time() - cpu_start:.2f} s CPU"
    )
    print(f"load average: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")

    client = Client()
    for label, query in [
        ("all", ""),
        ("country=FR", "?country=FR"),
        ("region=Africa", "?region=Africa"),
    ]:
        url = f"/en/results/{slug}/{query}"
        first, first_cpu, _ = timed_get(client, url, 1)
        times, cpu_times, queries = timed_get(client, url, args.repeats)
        print(
            f"page {label:14} first {first[0] * 1000:5.0f} ms ({first_cpu[0] * 1000:4.0f} CPU)   "
            f"median {statistics.median(times) * 1000:5.0f} ms "
            f"({statistics.median(cpu_times) * 1000:4.0f} CPU)   "
            f"worst {max(times) * 1000:5.0f} ms   {queries} queries"
        )


if __name__ == "__main__":
    main()
