"""Benchmark: Polyvox's opinion engine against red-dwarf 0.4.0.

    .venv/bin/python bench/opinions/run.py [--conversations NAME ...] [--scales small large]
                                           [--skip-same-tick] [--skip-polis] [--skip-scale]
                                           [--no-reddwarf] [--repeat N] [--replay N [--stickiness S]]

Each engine runs in its own subprocess with BLAS pinned to one thread; time is the math
only (the call to compute / run_pipeline), memory is the subprocess's peak RSS. Both
engines' groups are compared by the adjusted Rand index with Polis's own: on the same-tick
fixtures, the groups in math-pca2.json (computed from exactly those votes); on the Polis
openData conversations, participants-votes.csv's group-id. red-dwarf is installed on
first use into bench/.venvs/red-dwarf (gitignored).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from sklearn.metrics import adjusted_rand_score

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from bench.opinions.synthetic import synthetic_votes  # noqa: E402
from polyvox.engines.opinion import Votes  # noqa: E402
from polyvox.engines.opinion.formats import read_conversation, read_polis_groups  # noqa: E402

# ../shared beside the clone; a git worktree one level deeper finds it further up.
POLIS_DATA = next(
    (d / "shared" / "data" / "polis" for d in REPO.parents if (d / "shared" / "data").is_dir()),
    REPO.parent / "shared" / "data" / "polis",
)
REDDWARF_VENV = REPO / "bench" / ".venvs" / "red-dwarf"
REDDWARF_VERSION = "0.4.0"
HERE = Path(__file__).resolve().parent
SCALES = {
    "small": (2_000, 900, 225_000),
    "large": (30_000, 2_000, 2_000_000),
}
THREAD_VARIABLES = (
    "OPENBLAS_NUM_THREADS",
    "OMP_NUM_THREADS",
    "MKL_NUM_THREADS",
    "BLIS_NUM_THREADS",
    "VECLIB_MAXIMUM_THREADS",
    "NUMEXPR_NUM_THREADS",
)
ONE_THREAD = dict.fromkeys(THREAD_VARIABLES, "1")


@dataclass(frozen=True)
class Run:
    seconds: float
    peak_mb: float
    groups: dict[str, int | None]
    changes: tuple[float, ...] = ()


def reddwarf_python() -> Path:
    python = REDDWARF_VENV / "bin" / "python"
    if not python.exists():
        print(f"installing red-dwarf=={REDDWARF_VERSION} into {REDDWARF_VENV} ...", flush=True)
        subprocess.run(["python3", "-m", "venv", str(REDDWARF_VENV)], check=True)
        subprocess.run(
            [str(python), "-m", "pip", "install", "-q", f"red-dwarf=={REDDWARF_VERSION}"],
            check=True,
        )
    return python


def run_worker(python: Path, worker: str, data: Path, *extra: str) -> Run:
    """Run one engine in a fresh process; its rusage gives the peak memory."""
    out = data.with_suffix(f".{worker}.json")
    env = {**os.environ, **ONE_THREAD, "PYTHONPATH": str(REPO)}
    command = [str(python), str(HERE / f"worker_{worker}.py"), str(data), str(out), *extra]
    process = subprocess.Popen(command, env=env)
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise RuntimeError(f"{worker} failed with exit code {process.returncode}")
    result = json.loads(out.read_text())
    changes = tuple(result.get("changes", ()))
    return Run(result["seconds"], usage.ru_maxrss / 1024, result["groups"], changes)


def save_votes(path: Path, votes: Votes, moderated_out: list[int], meta: list[int]) -> None:
    timestamps = votes.timestamps if votes.timestamps is not None else np.arange(len(votes))
    np.savez(
        path,
        participant_ids=votes.participant_ids,
        statement_ids=votes.statement_ids,
        values=votes.values,
        timestamps=timestamps,
        moderated_out=np.asarray(moderated_out, dtype=np.int64),
        meta=np.asarray(meta, dtype=np.int64),
    )


def agreement(polis: dict[int, int | None], groups: dict[str, int | None]) -> float:
    """ARI over the participants Polis grouped; anyone an engine left out counts as group -1."""
    grouped = [p for p, g in polis.items() if g is not None]
    theirs = [polis[p] for p in grouped]
    ours = [groups.get(str(p)) for p in grouped]
    return float(adjusted_rand_score(theirs, [-1 if g is None else g for g in ours]))


def ratio(peer: float, ours: float) -> str:
    return f"{peer / ours:6.1f}x" if ours > 0 else "   n/a"


def best_of(python: Path, worker: str, data: Path, repeat: int) -> Run:
    """Fastest of `repeat` runs (the machine may be shared), with the largest peak memory."""
    runs = [run_worker(python, worker, data) for _ in range(max(repeat, 1))]
    fastest = min(runs, key=lambda run: run.seconds)
    return Run(fastest.seconds, max(run.peak_mb for run in runs), fastest.groups)


def compare(
    name: str, data: Path, peer: Path | None, polis: dict[int, int | None] | None, repeat: int
) -> dict:
    ours = best_of(Path(sys.executable), "ours", data, repeat)
    theirs = best_of(peer, "reddwarf", data, repeat) if peer else None
    row = {"name": name, "ours": ours, "reddwarf": theirs}
    line = f"{name:38s} ours {ours.seconds:7.3f}s {ours.peak_mb:7.0f} MB"
    if theirs:
        line += (
            f" | red-dwarf {theirs.seconds:7.3f}s {theirs.peak_mb:7.0f} MB"
            f" | faster {ratio(theirs.seconds, ours.seconds)}"
            f" | less memory {ratio(theirs.peak_mb, ours.peak_mb)}"
        )
    if polis is not None:
        row["ari_ours"] = agreement(polis, ours.groups)
        line += f" | ARI ours {row['ari_ours']:.3f}"
        if theirs:
            row["ari_reddwarf"] = agreement(polis, theirs.groups)
            line += f" red-dwarf {row['ari_reddwarf']:.3f}"
    print(line, flush=True)
    return row


def bench_polis(
    names: list[str] | None,
    peer: Path | None,
    workdir: Path,
    repeat: int,
    replay: int,
    stickiness: float,
) -> None:
    folders = sorted(p for p in POLIS_DATA.iterdir() if (p / "participants-votes.csv").is_file())
    if names:
        folders = [f for f in folders if f.name in names]
    print(f"\n== Polis openData conversations ({POLIS_DATA})")
    rows = []
    for folder in folders:
        conversation = read_conversation(folder)
        data = workdir / f"{folder.name}.npz"
        save_votes(data, conversation.votes, conversation.moderated_out, conversation.meta)
        polis = read_polis_groups(folder)
        row = compare(folder.name, data, peer, polis, repeat)
        if replay > 1:
            replayed = run_worker(Path(sys.executable), "ours", data, str(replay), str(stickiness))
            row["ari_replayed"] = agreement(polis, replayed.groups)
            worst = max(replayed.changes, default=0.0)
            print(
                f"{'':38s} ours replayed in {replay} updates: ARI {row['ari_replayed']:.3f},"
                f" at most {worst:.1%} changed group between updates once k was stable"
            )
        rows.append(row)
    if rows and replay > 1:
        print(
            f"median ARI, ours replayed: {statistics.median(r['ari_replayed'] for r in rows):.3f}"
        )
    if rows:
        print(
            f"median ARI with Polis's groups: ours {statistics.median(r['ari_ours'] for r in rows):.3f}",
            end="",
        )
        if peer:
            print(f", red-dwarf {statistics.median(r['ari_reddwarf'] for r in rows):.3f}", end="")
        print()


def same_tick_groups(folder: Path) -> dict[int, int | None]:
    """Polis's groups in math-pca2.json (computed from exactly these votes)."""
    math = json.loads((folder / "math-pca2.json").read_text())
    base = math["base-clusters"]
    members = dict(zip(base["id"], base["members"], strict=True))
    return {p: g["id"] for g in math["group-clusters"] for b in g["members"] for p in members[b]}


def bench_same_tick(peer: Path | None, workdir: Path, repeat: int) -> None:
    root = POLIS_DATA / "same-tick-fixtures"
    folders = sorted(p for p in root.iterdir() if (p / "math-pca2.json").is_file())
    print(f"\n== Same-tick fixtures ({root}): ARI against the math Polis computed from these votes")
    for folder in folders:
        conversation = read_conversation(folder)
        data = workdir / f"{folder.name}.npz"
        save_votes(data, conversation.votes, conversation.moderated_out, conversation.meta)
        compare(folder.name, data, peer, same_tick_groups(folder), repeat)


def bench_scale(scales: list[str], peer: Path | None, workdir: Path, repeat: int) -> None:
    print("\n== Generated conversations")
    for scale in scales:
        n_participants, n_statements, n_votes = SCALES[scale]
        data = workdir / f"synthetic-{scale}.npz"
        save_votes(data, synthetic_votes(n_participants, n_statements, n_votes), [], [])
        # red-dwarf needs most of a minute on the large one: run it once.
        times = repeat if scale == "small" else 1
        label = f"{n_participants:,} x {n_statements:,}, {n_votes:,} votes"
        compare(label, data, peer, None, times)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--conversations", nargs="*", help="only these openData folders")
    parser.add_argument("--scales", nargs="*", default=list(SCALES), choices=list(SCALES))
    parser.add_argument("--skip-polis", action="store_true")
    parser.add_argument("--skip-scale", action="store_true")
    parser.add_argument("--skip-same-tick", action="store_true")
    parser.add_argument("--no-reddwarf", action="store_true", help="time our engine alone")
    parser.add_argument("--repeat", type=int, default=3, help="runs per engine; fastest counts")
    parser.add_argument(
        "--replay", type=int, default=0, help="also feed our engine each conversation in N updates"
    )
    parser.add_argument(
        "--stickiness",
        type=float,
        default=1.5,
        help="our engine's stickiness in the replays (1.5 is its default, 1.0 is Polis's rule)",
    )
    args = parser.parse_args(argv)
    peer = None if args.no_reddwarf else reddwarf_python()
    with tempfile.TemporaryDirectory(prefix="opinions-bench-") as tmp:
        workdir = Path(tmp)
        if not args.skip_same_tick:
            bench_same_tick(peer, workdir, args.repeat)
        if not args.skip_polis:
            bench_polis(
                args.conversations, peer, workdir, args.repeat, args.replay, args.stickiness
            )
        if not args.skip_scale:
            bench_scale(args.scales, peer, workdir, args.repeat)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
