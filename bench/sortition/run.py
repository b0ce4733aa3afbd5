"""Benchmark: Polyvox LEXIMIN against sortition-algorithms 0.12.15 maximin (HiGHS).

    .venv/bin/python bench/sortition/run.py [--instances a,b] [--peer live|cached|skip]
        [--peer-cap 900] [--generated 400:40,1000h:100,3000:100,10000:200]

Every instance in ../shared/data/sortition, then generated pools (n:k, "h" after n for
households; seeded, so the same pools every run). A second table compares the lottery
as drawn with LEXIMIN: the fair rounding (lottery.py) against today's Beck–Fiala
rounding at m = 1,000, with the CPU of each. The peer runs in its own virtual environment
(bench/.venvs/sortition-algorithms, made here with python3 -m venv + pip) in a
subprocess with a CPU cap per instance (RLIMIT_CPU); a run that hits the cap is
reported as "> cap". Each live peer result is also saved under var/bench/sortition/peer
with the date, command and cap; `--peer cached` reuses those files instead of running
the peer again (the README says which figures came from which run).

CPU seconds are time.process_time() around the distribution computation on both sides;
BLAS is pinned to one thread and HiGHS runs single-threaded.
"""

from __future__ import annotations

import os

for _name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_name, "1")

import argparse  # noqa: E402
import csv  # noqa: E402
import datetime  # noqa: E402
import json  # noqa: E402
import re  # noqa: E402
import resource  # noqa: E402
import shlex  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from dataclasses import dataclass  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from polyvox.engines.sortition import (  # noqa: E402
    Pool,
    Quota,
    compile_problem,
    draw,
    find_distribution,
    panel_violations,
    profile_violations,
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
PEER_CACHE = REPO / "var" / "bench" / "sortition" / "peer"
HOUSEHOLD_COLUMNS = {"syn_a_35_hh": ["address"]}
# Sorted probability profiles differ "at a rank" when they differ by more than this.
PROFILE_TOLERANCE = 5e-4


@dataclass(frozen=True)
class Instance:
    name: str
    pool: Pool
    quotas: list[Quota]
    k: int
    folder: Path | None  # sortition-algorithms files, None for generated pools


def ensure_peer() -> Path:
    python = PEER_VENV / "bin" / "python"
    if not python.exists():
        subprocess.run(["python3", "-m", "venv", str(PEER_VENV)], check=True)
        subprocess.run([str(python), "-m", "pip", "install", "-q", PEER_PACKAGE], check=True)
    return python


def instance_names() -> list[str]:
    return sorted(p.name for p in DATA.iterdir() if (p / "sa_format" / "features.csv").exists())


def panel_size(name: str) -> int:
    # The panel size is the last number in the folder name (syn_a_35_hh -> 35).
    return int(re.findall(r"_(\d+)", name)[-1])


def load_instance(name: str) -> Instance:
    folder = DATA / name / "sa_format"
    households = HOUSEHOLD_COLUMNS.get(name, [])
    with (folder / "features.csv").open(newline="") as handle:
        quotas = [
            Quota(row["feature"], row["value"], int(row["min"]), int(row["max"]))
            for row in csv.DictReader(handle)
        ]
    with (folder / "people.csv").open(newline="") as handle:
        rows = list(csv.DictReader(handle))
    categories = list(dict.fromkeys(q.category for q in quotas))
    pool = Pool(
        ids=tuple(row["id"] for row in rows),
        features={c: tuple(row[c] for row in rows) for c in categories},
        households=tuple(" ".join(row[c] for c in households) for row in rows)
        if households
        else None,
    )
    return Instance(name, pool, quotas, panel_size(name), folder)


def generated_instance(size: int, k: int, seed: int = 42, households: bool = False) -> Instance:
    """A self-selection-biased pool shaped like the syn_* instances.

    Six categories (2, 5, 4, 4, 3 and 3 values). Population shares are Dirichlet(3);
    volunteering is biased per value and correlated across categories through a latent
    "engagement" trait; quotas are the population share of k, floor - 1 to ceil + 1,
    as the shared instances' generator does.
    """
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
        chances = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
        chosen = (rng.random(size)[:, None] > np.cumsum(chances, axis=1)).sum(axis=1)
        name = f"c{c}"
        features[name] = tuple(f"{name}v{v}" for v in chosen)
        for v in range(count):
            target = shares[v] * k
            quotas.append(
                Quota(
                    name, f"{name}v{v}", max(0, int(np.floor(target)) - 1), int(np.ceil(target)) + 1
                )
            )
    homes = None
    if households:
        # Two in five people share an address with the next person in the pool.
        homes = tuple(f"street {i // 2}" if i % 5 < 2 else f"house {i}" for i in range(size))
    pool = Pool(ids=tuple(f"g{i}" for i in range(size)), features=features, households=homes)
    suffix = "_hh" if households else ""
    return Instance(f"generated_{size}_{k}{suffix}", pool, quotas, k, None)


def run_ours(instance: Instance) -> dict:
    started = time.process_time()
    distribution = find_distribution(
        instance.pool, instance.quotas, instance.k, algorithm="leximin", seed=0
    )
    seconds = time.process_time() - started
    problem = compile_problem(instance.pool, instance.quotas, instance.k)
    support_violations = sum(
        1 for profile in distribution.profiles if profile_violations(problem, np.array(profile))
    )
    started = time.process_time()
    old = round_to_lottery(distribution, panels=1000, seed=0, rounding="beck-fiala")
    old_seconds = time.process_time() - started
    started = time.process_time()
    lottery = round_to_lottery(distribution, panels=1000, seed=0)
    rounding_seconds = time.process_time() - started
    lottery_violations = sum(
        1
        for panel in set(lottery.panels)
        if panel_violations(instance.pool, instance.quotas, instance.k, panel)
    )
    drawn = draw(lottery, commitment="bench", public_random="bench").panel
    return {
        "cpu_seconds": seconds,
        "probabilities": dict(zip(instance.pool.ids, distribution.probabilities, strict=True)),
        "support_panels": len(distribution.profiles),
        "support_violations": support_violations,
        "lottery_violations": lottery_violations,
        "draw_violations": len(panel_violations(instance.pool, instance.quotas, instance.k, drawn)),
        "lottery_deviation": lottery.max_deviation,
        "lottery_bound": lottery.bound,
        "lottery_min": min(lottery.probabilities),
        "lottery_size": lottery.size,
        "lottery_method": lottery.method,
        "rounding_cpu": rounding_seconds,
        "old_min": min(old.probabilities),
        "old_deviation": old.max_deviation,
        "old_rounding_cpu": old_seconds,
        "stats": distribution.stats,
    }


def run_peer(python: Path, instance: Instance, cap: float) -> dict:
    """The peer's maximin on one instance, capped; saved to the peer cache either way."""
    assert instance.folder is not None
    households = HOUSEHOLD_COLUMNS.get(instance.name, [])
    out = PEER_CACHE / f"raw_{instance.name}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.unlink(missing_ok=True)
    command = [
        str(python),
        str(PEER_SCRIPT),
        str(instance.folder / "features.csv"),
        str(instance.folder / "people.csv"),
        str(instance.k),
        str(out),
        *households,
    ]

    def cap_cpu() -> None:
        resource.setrlimit(resource.RLIMIT_CPU, (int(cap), int(cap) + 5))

    started = datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds")
    finished = subprocess.run(
        command,
        preexec_fn=cap_cpu,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        check=False,
    )
    result = {
        "peer": PEER_PACKAGE,
        "instance": instance.name,
        "date": started,
        "command": shlex.join(command) + f"  # RLIMIT_CPU {cap:.0f} s",
        "cap_cpu_seconds": cap,
        "status": "capped",
    }
    if finished.returncode == 0 and out.exists():
        result |= {"status": "finished", **json.loads(out.read_text())}
    (PEER_CACHE / f"{instance.name}.json").write_text(json.dumps(result))
    return result


def cached_peer(instance: Instance) -> dict | None:
    path = PEER_CACHE / f"{instance.name}.json"
    return json.loads(path.read_text()) if path.exists() else None


def profile_comparison(ours: dict[str, float], theirs: dict[str, float]) -> str:
    mine = np.sort(np.array(list(ours.values())))
    peer = np.sort(np.array([theirs[i] for i in ours]))
    difference = mine - peer
    better = int(np.sum(difference > PROFILE_TOLERANCE))
    worse = int(np.sum(difference < -PROFILE_TOLERANCE))
    first = next((i for i, d in enumerate(difference) if abs(d) > PROFILE_TOLERANCE), None)
    leading = "none" if first is None else ("ours" if difference[first] > 0 else "peer")
    return f"higher at {better}, lower at {worse} of {len(mine)} ranks; first difference: {leading}"


def report(instance: Instance, ours: dict, peer: dict | None) -> dict[str, str]:
    n, k = instance.pool.size, instance.k
    ours_min = min(ours["probabilities"].values())
    print(f"\n== {instance.name}: n={n} k={k}")
    print(
        f"  ours (leximin): min {ours_min:.5f}, CPU {ours['cpu_seconds']:.2f} s, "
        f"{ours['support_panels']} panels, stats {ours['stats']}"
    )
    print(
        f"  violations: support {ours['support_violations']}, lottery {ours['lottery_violations']}, "
        f"draw {ours['draw_violations']}; rounding deviation {ours['lottery_deviation']:.4f} "
        f"<= {ours['lottery_bound']:.4f}"
    )
    today = ours["cpu_seconds"] + ours["old_rounding_cpu"]
    now = ours["cpu_seconds"] + ours["rounding_cpu"]
    print(
        f"  lottery: min {ours['lottery_min']:.5f} (LEXIMIN {ours_min:.5f}), max deviation "
        f"{ours['lottery_deviation']:.5f}, m = {ours['lottery_size']} by {ours['lottery_method']}, "
        f"rounding CPU {ours['rounding_cpu']:.2f} s; today's rounding: min {ours['old_min']:.5f}, "
        f"deviation {ours['old_deviation']:.5f}, CPU {ours['old_rounding_cpu']:.2f} s; "
        f"select CPU now/today {now / max(today, 1e-9):.2f}"
    )
    if instance.name.startswith("example_"):
        spread = max(abs(p - k / n) for p in ours["probabilities"].values())
        print(f"  largest |probability - k/n|: {spread:.2e}")
    row = {
        "instance": instance.name,
        "n": str(n),
        "k": str(k),
        "ours_min": f"{ours_min:.5f}",
        "ours_cpu": f"{ours['cpu_seconds']:.2f}",
        "violations": str(
            ours["support_violations"] + ours["lottery_violations"] + ours["draw_violations"]
        ),
        "lottery_min": f"{ours['lottery_min']:.5f}",
        "deviation": f"{ours['lottery_deviation']:.5f}",
        "m": f"{ours['lottery_size']:,}",
        "method": ours["lottery_method"],
        "rounding_cpu": f"{ours['rounding_cpu']:.2f}",
        "old_min": f"{ours['old_min']:.5f}",
        "old_deviation": f"{ours['old_deviation']:.5f}",
        "old_rounding_cpu": f"{ours['old_rounding_cpu']:.2f}",
        "select_ratio": f"{now / max(today, 1e-9):.2f}",
        "peer_min": "-",
        "peer_cpu": "not run",
        "ratio": "-",
        "profile": "-",
    }
    if peer is None:
        print("  peer: not run")
        return row
    if peer["status"] != "finished":
        cap = peer["cap_cpu_seconds"]
        print(f"  peer (maximin): no result within its CPU cap of {cap:.0f} s ({peer['date']})")
        row |= {"peer_cpu": f"> {cap:.0f}", "ratio": f"> {cap / ours['cpu_seconds']:.0f}x"}
        return row
    peer_min = min(peer["probabilities"].values())
    ratio = peer["cpu_seconds"] / max(ours["cpu_seconds"], 1e-9)
    comparison = profile_comparison(ours["probabilities"], peer["probabilities"])
    print(f"  peer (maximin): min {peer_min:.5f}, CPU {peer['cpu_seconds']:.1f} s ({peer['date']})")
    print(f"  min difference ours - peer {ours_min - peer_min:+.5f}; CPU ratio {ratio:.1f}x")
    print(f"  sorted profiles: {comparison}")
    row |= {
        "peer_min": f"{peer_min:.5f}",
        "peer_cpu": f"{peer['cpu_seconds']:.1f}",
        "ratio": f"{ratio:.0f}x",
        "profile": comparison,
    }
    return row


def markdown(rows: list[dict[str, str]]) -> str:
    header = (
        "| instance | n | k | LEXIMIN min (ours) | maximin min (peer) | ours CPU s | peer CPU s "
        "| peer/ours | violations | sorted profiles, ours vs peer |"
    )
    lines = [header, "|" + "---|" * 10]
    keys = [
        "instance",
        "n",
        "k",
        "ours_min",
        "peer_min",
        "ours_cpu",
        "peer_cpu",
        "ratio",
        "violations",
        "profile",
    ]
    lines += ["| " + " | ".join(row[key] for key in keys) + " |" for row in rows]
    return "\n".join(lines)


def fairness_markdown(rows: list[dict[str, str]]) -> str:
    header = (
        "| instance | n | k | LEXIMIN min | lottery min | max deviation | m | counts by "
        "| distribution CPU s | rounding CPU s | today: lottery min | today: deviation "
        "| today: rounding CPU s | select CPU now / today |"
    )
    keys = [
        "instance",
        "n",
        "k",
        "ours_min",
        "lottery_min",
        "deviation",
        "m",
        "method",
        "ours_cpu",
        "rounding_cpu",
        "old_min",
        "old_deviation",
        "old_rounding_cpu",
        "select_ratio",
    ]
    lines = [header, "|" + "---|" * len(keys)]
    lines += ["| " + " | ".join(row[key] for key in keys) + " |" for row in rows]
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--instances",
        default="",
        help="comma-separated folders (default: all; 'none': only generated)",
    )
    parser.add_argument("--peer", choices=("live", "cached", "skip"), default="live")
    parser.add_argument("--peer-cap", type=float, default=900.0, help="peer CPU s per instance")
    parser.add_argument(
        "--generated",
        default="400:40,1000h:100,3000:100,10000:200",
        help="generated pools n:k, nh:k with households ('' for none)",
    )
    args = parser.parse_args(argv)
    sys.stdout.reconfigure(line_buffering=True)  # type: ignore[union-attr]
    python = ensure_peer() if args.peer == "live" else None
    print(f"peer: {PEER_PACKAGE} maximin, HiGHS; mode {args.peer}, CPU cap {args.peer_cap:.0f} s")
    rows = []
    names = [n for n in args.instances.split(",") if n] or instance_names()
    for name in [n for n in names if n != "none"]:
        instance = load_instance(name)
        ours = run_ours(instance)
        if python is not None:
            peer: dict | None = run_peer(python, instance, args.peer_cap)
        else:
            peer = cached_peer(instance) if args.peer == "cached" else None
        rows.append(report(instance, ours, peer))
    for spec in [s for s in args.generated.split(",") if s]:
        size_text, k_text = spec.split(":")
        households = size_text.endswith("h")
        instance = generated_instance(
            int(size_text.rstrip("h")), int(k_text), households=households
        )
        rows.append(report(instance, run_ours(instance), None))
    print("\n" + markdown(rows))
    print("\nThe lottery as drawn (m starts at 1,000; today = Beck-Fiala rounding at 1,000):\n")
    print(fairness_markdown(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
