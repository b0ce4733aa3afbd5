"""Benchmark: Polyvox LEXIMIN against sortition-algorithms 0.12.15 maximin (HiGHS).

    .venv/bin/python bench/sortition/run.py [--instances a,b] [--skip-peer]
        [--peer-timeout 900] [--skip-generated] [--generated-size 10000 --generated-k 200]

The peer runs in its own virtual environment (bench/.venvs/sortition-algorithms, made
here with python3 -m venv + pip) in a subprocess, with a CPU cap per instance. Every
figure is printed next to the peer's from the same run, as a ratio.
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import resource
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from polyvox.engines.sortition import (  # noqa: E402
    Pool,
    Quota,
    find_distribution,
    panel_violations,
    round_to_lottery,
)


def _shared_data() -> Path:
    """../shared/data/sortition next to the checkout (worktrees sit one level deeper)."""
    for parent in REPO.parents:
        candidate = parent / "shared" / "data" / "sortition"
        if candidate.is_dir():
            return candidate
    return REPO.parent / "shared" / "data" / "sortition"


DATA = _shared_data()
PEER_VENV = REPO / "bench" / ".venvs" / "sortition-algorithms"
PEER_PACKAGE = "sortition-algorithms==0.12.15"
PEER_SCRIPT = Path(__file__).with_name("peer_run.py")
HOUSEHOLD_COLUMNS = {"syn_a_35_hh": ["address"]}


def ensure_peer() -> Path:
    python = PEER_VENV / "bin" / "python"
    if not python.exists():
        subprocess.run(["python3", "-m", "venv", str(PEER_VENV)], check=True)
        subprocess.run([str(python), "-m", "pip", "install", "-q", PEER_PACKAGE], check=True)
    return python


def instances() -> list[str]:
    return sorted(p.name for p in DATA.iterdir() if (p / "sa_format" / "features.csv").exists())


def load_instance(folder: Path, households: list[str]) -> tuple[Pool, list[Quota]]:
    with (folder / "features.csv").open(newline="") as handle:
        quotas = [
            Quota(row["feature"], row["value"], int(row["min"]), int(row["max"]))
            for row in csv.DictReader(handle)
        ]
    with (folder / "people.csv").open(newline="") as handle:
        rows = list(csv.DictReader(handle))
    categories = list(dict.fromkeys(q.category for q in quotas))
    return Pool(
        ids=tuple(row["id"] for row in rows),
        features={c: tuple(row[c] for row in rows) for c in categories},
        households=tuple(" ".join(row[c] for c in households) for row in rows)
        if households
        else None,
    ), quotas


def run_ours(pool: Pool, quotas: list[Quota], k: int) -> dict:
    started = time.process_time()
    distribution = find_distribution(pool, quotas, k, algorithm="leximin", seed=0)
    seconds = time.process_time() - started
    lottery = round_to_lottery(distribution, panels=1000, seed=0)
    broken = sum(1 for panel in set(lottery.panels) if panel_violations(pool, quotas, k, panel))
    return {
        "cpu_seconds": seconds,
        "probabilities": dict(zip(pool.ids, distribution.probabilities, strict=True)),
        "lottery_violations": broken,
        "lottery_deviation": lottery.max_deviation,
        "lottery_bound": lottery.bound,
        "levels": distribution.stats.get("levels", 0),
    }


def run_peer(
    python: Path, folder: Path, k: int, households: list[str], timeout: float
) -> dict | None:
    out = REPO / "bench" / "out" / f"peer_{folder.parent.name}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    command = [
        str(python),
        str(PEER_SCRIPT),
        str(folder / "features.csv"),
        str(folder / "people.csv"),
        str(k),
        str(out),
        *households,
    ]

    def cap_cpu() -> None:
        resource.setrlimit(resource.RLIMIT_CPU, (int(timeout), int(timeout) + 5))

    try:
        subprocess.run(
            command,
            check=True,
            timeout=timeout * 2,
            preexec_fn=cap_cpu,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
    except (subprocess.TimeoutExpired, subprocess.CalledProcessError):
        return None
    return json.loads(out.read_text())


def generated_pool(size: int, k: int, seed: int = 42) -> tuple[Pool, list[Quota]]:
    """A self-selection-biased pool shaped like the syn_* instances (Dirichlet shares)."""
    rng = np.random.default_rng(seed)
    value_counts = [2, 5, 4, 4, 3, 3]
    engagement = rng.normal(size=size)
    features, quotas = {}, []
    for c, count in enumerate(value_counts):
        shares = rng.dirichlet([3.0] * count)
        bias = rng.normal(scale=0.6, size=count)
        logits = (
            np.log(shares)[None, :]
            + bias[None, :]
            + 0.8 * engagement[:, None] * np.linspace(-1, 1, count)[None, :]
        )
        chosen = np.array([rng.choice(count, p=np.exp(row) / np.exp(row).sum()) for row in logits])
        name = f"c{c}"
        features[name] = tuple(f"{name}v{v}" for v in chosen)
        for v in range(count):
            target = shares[v] * k
            quotas.append(
                Quota(
                    name, f"{name}v{v}", max(0, int(np.floor(target)) - 1), int(np.ceil(target)) + 1
                )
            )
    return Pool(ids=tuple(f"g{i}" for i in range(size)), features=features), quotas


def profile_comparison(ours: dict[str, float], theirs: dict[str, float]) -> str:
    mine = np.sort(np.array(list(ours.values())))
    peer = np.sort(np.array([theirs[i] for i in ours]))
    difference = mine - peer
    better = int(np.sum(difference > 5e-4))
    worse = int(np.sum(difference < -5e-4))
    first = next((i for i, d in enumerate(difference) if abs(d) > 5e-4), None)
    leximin_dominates = first is None or difference[first] > 0
    return (
        f"sorted profiles: ours higher at {better}, lower at {worse} of {len(mine)} ranks; "
        f"first difference favours {'ours' if leximin_dominates else 'peer'}"
    )


def report(name: str, n: int, k: int, ours: dict, peer: dict | None, timeout: float) -> None:
    ours_min = min(ours["probabilities"].values())
    print(f"\n== {name}: n={n} k={k}")
    print(
        f"  ours (leximin): min {ours_min:.5f}, CPU {ours['cpu_seconds']:.1f} s, levels {ours['levels']:.0f}, "
        f"lottery violations {ours['lottery_violations']}, rounding deviation {ours['lottery_deviation']:.4f} <= {ours['lottery_bound']:.4f}"
    )
    if peer is None:
        print(f"  peer (maximin): did not finish within {timeout:.0f} CPU s (or skipped)")
        return
    peer_min = min(peer["probabilities"].values())
    print(f"  peer (maximin): min {peer_min:.5f}, CPU {peer['cpu_seconds']:.1f} s")
    print(
        f"  min ratio ours/peer {ours_min / peer_min:.4f} (difference {ours_min - peer_min:+.5f}); "
        f"CPU ratio peer/ours {peer['cpu_seconds'] / max(ours['cpu_seconds'], 1e-9):.1f}x"
    )
    print(f"  {profile_comparison(ours['probabilities'], peer['probabilities'])}")


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--instances", default="", help="comma-separated instance folders (default: all)"
    )
    parser.add_argument("--skip-peer", action="store_true")
    parser.add_argument(
        "--peer-timeout", type=float, default=900.0, help="peer CPU cap per instance, seconds"
    )
    parser.add_argument("--skip-generated", action="store_true")
    parser.add_argument("--generated-size", type=int, default=10_000)
    parser.add_argument("--generated-k", type=int, default=200)
    args = parser.parse_args(argv)
    # Long runs are often redirected to a file: show each instance as soon as it is done.
    sys.stdout.reconfigure(line_buffering=True)  # type: ignore[union-attr]
    chosen = [name for name in args.instances.split(",") if name] or instances()
    python = None if args.skip_peer else ensure_peer()
    print(
        f"peer: {PEER_PACKAGE} maximin, HiGHS, CPU cap {args.peer_timeout:.0f} s per instance"
        if python
        else "peer skipped"
    )
    for name in chosen:
        folder = DATA / name / "sa_format"
        k = int(re.findall(r"_(\d+)", name)[-1])  # the panel size ends the folder name
        households = HOUSEHOLD_COLUMNS.get(name, [])
        pool, quotas = load_instance(folder, households)
        ours = run_ours(pool, quotas, k)
        peer = run_peer(python, folder, k, households, args.peer_timeout) if python else None
        report(name, pool.size, k, ours, peer, args.peer_timeout)
    if not args.skip_generated:
        pool, quotas = generated_pool(args.generated_size, args.generated_k)
        ours = run_ours(pool, quotas, args.generated_k)
        report(
            f"generated_{args.generated_size}_{args.generated_k}",
            pool.size,
            args.generated_k,
            ours,
            None,
            0,
        )
        print(
            "  peer not run on the generated pool: it does not finish example_large_200 (n=2,000) in an hour"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
