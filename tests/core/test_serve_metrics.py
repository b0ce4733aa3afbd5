"""Under `polyvox serve`, several gunicorn processes answer requests; /metrics must count
them all, whichever process answers the scrape (prometheus-client's multiprocess mode)."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

POLYVOX = Path(sys.executable).parent / "polyvox"
REQUESTS = 40


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 (loopback)
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    metrics_dir = tmp_path / "metrics"
    metrics_dir.mkdir()
    # A file from an earlier run: its counts must not be added to this run's.
    (metrics_dir / "counter_999999.db").write_bytes(b"stale")
    port = free_port()
    env = {
        **os.environ,
        "POLYVOX_ENV": "development",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "PROMETHEUS_MULTIPROC_DIR": str(metrics_dir),
    }
    process = subprocess.Popen(
        [str(POLYVOX), "serve", "--port", str(port), "--workers", "2", "--threads", "2"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                if get(f"{base}/healthz")[0] == 200:
                    break
            except OSError:
                pass
            if process.poll() is not None:
                pytest.fail("polyvox serve stopped while starting")
            time.sleep(0.5)  # polling for start-up, bounded by the deadline
        else:
            pytest.fail("polyvox serve did not start within 120 s")
        yield base, metrics_dir
    finally:
        process.terminate()
        process.wait(timeout=30)


@pytest.mark.skipif(not POLYVOX.exists(), reason="no polyvox command beside this Python")
def test_every_process_is_counted_once(server: tuple[str, Path]) -> None:
    base, metrics_dir = server
    for _ in range(REQUESTS):
        assert get(f"{base}/en/no-such-page/")[0] == 404

    status, text = get(f"{base}/metrics")

    assert status == 200
    line = re.search(
        r'^polyvox_http_requests_total\{method="GET",route="<no route>",status="404"\} (\S+)$',
        text,
        re.M,
    )
    assert line is not None, text[:2000]
    assert float(line.group(1)) == REQUESTS
    # The counts went through the shared directory, and the stale file was cleared first.
    assert list(metrics_dir.glob("counter_*.db"))
    assert not (metrics_dir / "counter_999999.db").exists()
