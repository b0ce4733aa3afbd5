"""CPU and wall time per ballot through Polyvox's whole WSGI stack, in-process, one request
after another (no network, no server), with the statements of one ballot printed:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/DB .venv/bin/polyvox fixture ballots \\
        --citizens 3000 --out /tmp/ballots.json
    DATABASE_URL=… .venv/bin/python bench/ballots/hot_path.py /tmp/ballots.json [--count 1000] [--skip N] [--cprofile]

It measures first ballots: give a fresh fixture, or skip the codes an earlier run used.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import os
import pstats
import sys
import time
from pathlib import Path
from typing import Any


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("fixture")
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--skip", type=int, default=0, help="codes already used by a run")
    parser.add_argument("--cprofile", action="store_true")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "polyvox.settings")
    import django

    django.setup()
    from django.core.handlers.wsgi import WSGIHandler
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    app = WSGIHandler()
    data = json.loads(Path(args.fixture).read_text())
    codes = data["codes"][args.skip : args.skip + args.count + 1]

    def call(index: int) -> str:
        body = json.dumps(
            {
                "code": codes[index],
                "question": data["question"],
                "choice": data["options"][index % len(data["options"])],
            }
        ).encode()
        environ: dict[str, Any] = {
            "REQUEST_METHOD": "POST",
            "PATH_INFO": "/api/v1/ballots",
            "SERVER_NAME": "127.0.0.1",
            "SERVER_PORT": "8000",
            "HTTP_HOST": "127.0.0.1",
            "REMOTE_ADDR": "127.0.0.1",
            "wsgi.url_scheme": "http",
            "wsgi.input": io.BytesIO(body),
            "wsgi.errors": sys.stderr,
            "CONTENT_LENGTH": str(len(body)),
            "CONTENT_TYPE": "application/json",
            "HTTP_IDEMPOTENCY_KEY": f"{codes[index]}-1",
        }
        statuses: list[str] = []
        b"".join(app(environ, lambda status, headers: statuses.append(status)))
        return statuses[0]

    with CaptureQueriesContext(connection) as captured:
        print("first ballot:", call(0))
    for query in captured.captured_queries:
        print("  statement:", query["sql"][:120], "…")
    profiler = cProfile.Profile()
    cpu, wall = time.process_time(), time.perf_counter()
    if args.cprofile:
        profiler.enable()
    for index in range(1, len(codes)):
        call(index)
    profiler.disable()
    n = len(codes) - 1
    print(
        f"{n} ballots: CPU {1000 * (time.process_time() - cpu) / n:.2f} ms per ballot, "
        f"wall {1000 * (time.perf_counter() - wall) / n:.2f} ms per ballot; "
        f"load average {os.getloadavg()[0]:.1f}"
    )
    if args.cprofile:
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(40)


if __name__ == "__main__":
    main()
