"""`polyvox select`: a fair panel from CSV files, and the verification of a published draw.

    polyvox select --people PEOPLE.csv --features FEATURES.csv --size K --out DIR
                   [--algorithm leximin|maximin|legacy] [--household-columns a,b]
                   [--id-column id] [--panels 1000] [--seed 0] [--public-random VALUE]
                   [--reserves R] [--rounding fair|beck-fiala] [--tolerance 0.001]
    polyvox select --verify DIR [--people PEOPLE.csv --features FEATURES.csv]

Without --public-random the draw uses "seed:<seed>", which the organiser controls: fine
for rehearsals, not for the real draw. Publish report.json's input_hash first, then
re-run with the public value (a drand round value, dice rolled in public).

Files written: distribution.csv (the exact LEXIMIN support), panels.csv (the lottery of
m equally likely panels the draw picks from: m = --panels, or 2, 5 or 10 times that if
needed to keep every chance within --tolerance of the exact one), probabilities.csv
(each person's exact and lottery chance), selected.csv, reserves.csv and report.json
(max_deviation and m as achieved).
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import cast

import highspy

from polyvox.engines.sortition.checks import panel_violations
from polyvox.engines.sortition.csv_input import (
    InputFileError,
    PoolFile,
    QuotaFile,
    read_pool,
    read_quotas,
)
from polyvox.engines.sortition.distribution import ALGORITHMS, Algorithm, find_distribution
from polyvox.engines.sortition.lottery import ROUNDINGS, TOLERANCE, Rounding, round_to_lottery
from polyvox.engines.sortition.model import Distribution, Lottery, Pool, SortitionError
from polyvox.engines.sortition.progress import ProgressBar
from polyvox.engines.sortition.published import (
    LOTTERY_HEADER,
    SUPPORT_HEADER,
    lottery_hash,
    lottery_lines,
    marginals_from_members,
    support_lines,
)
from polyvox.engines.sortition.reserves import reserve_order
from polyvox.engines.sortition.transparency import commitment_for, draw

EXIT_OK, EXIT_FAILED, EXIT_BAD_INPUT = 0, 1, 2
SOLVER_NAME = f"HiGHS {highspy.HIGHS_VERSION_MAJOR}.{highspy.HIGHS_VERSION_MINOR}.{highspy.HIGHS_VERSION_PATCH}"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="polyvox select", description="Select a fair panel by lot."
    )
    parser.add_argument("--people", type=Path, help="pool CSV (one row per person)")
    parser.add_argument(
        "--features",
        type=Path,
        help="quotas CSV (feature,value,min,max or category,feature,min,max)",
    )
    parser.add_argument("--size", type=int, help="panel size k")
    parser.add_argument("--algorithm", choices=ALGORITHMS, default="leximin")
    parser.add_argument("--household-columns", default="", help="comma-separated address columns")
    parser.add_argument(
        "--id-column", default=None, help="id column of the people file (default: id)"
    )
    parser.add_argument(
        "--panels",
        type=int,
        default=1000,
        help="panels in the lottery (default 1000; 2, 5 or 10 times more if needed)",
    )
    parser.add_argument("--rounding", choices=ROUNDINGS, default="fair")
    parser.add_argument(
        "--tolerance",
        type=float,
        default=TOLERANCE,
        help="largest distance of a lottery chance from the exact one (default 0.001)",
    )
    parser.add_argument("--seed", type=int, default=0, help="seed of every computation (default 0)")
    parser.add_argument(
        "--public-random", default=None, help="public random value fixed after the commitment"
    )
    parser.add_argument(
        "--reserves", type=int, default=0, help="reserves to rank after the panel (default 0)"
    )
    parser.add_argument("--out", type=Path, help="output folder")
    parser.add_argument(
        "--verify", type=Path, metavar="DIR", help="re-run the draw published in DIR"
    )
    return parser


def main(argv: list[str]) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        if args.verify is not None:
            return verify(args)
        _require(parser, args, ("people", "features", "size", "out"))
        return select(args)
    except (InputFileError, SortitionError) as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_BAD_INPUT


def _require(
    parser: argparse.ArgumentParser, args: argparse.Namespace, names: tuple[str, ...]
) -> None:
    missing = [f"--{name}" for name in names if getattr(args, name) is None]
    if missing:
        parser.error(f"missing {', '.join(missing)}")
    if args.size <= 0 or args.panels <= 0:
        parser.error("--size and --panels must be positive")
    if not 0 < args.tolerance < 1:
        parser.error("--tolerance must be between 0 and 1")
    if args.reserves < 0:
        parser.error("--reserves cannot be negative")


def _household_columns(text: str) -> list[str]:
    return [name.strip() for name in text.split(",") if name.strip()]


def _load(
    people: Path, features: Path, size: int, id_column: str | None, households: list[str]
) -> tuple[QuotaFile, PoolFile]:
    quota_file = read_quotas(features, size)
    pool_file = read_pool(people, quota_file, id_column=id_column, household_columns=households)
    if size > pool_file.pool.size:
        raise InputFileError(
            people, None, None, f"the pool has {pool_file.pool.size} people, fewer than {size}"
        )
    return quota_file, pool_file


def select(args: argparse.Namespace) -> int:
    households = _household_columns(args.household_columns)
    quota_file, pool_file = _load(args.people, args.features, args.size, args.id_column, households)
    pool, quotas = pool_file.pool, quota_file.quotas
    algorithm = cast(Algorithm, args.algorithm)
    rounding = cast(Rounding, args.rounding)
    progress = ProgressBar(sys.stderr)
    started_cpu, started_wall = time.process_time(), time.monotonic()
    distribution = find_distribution(
        pool, quotas, args.size, algorithm=algorithm, seed=args.seed, on_progress=progress
    )
    rounding_started = time.process_time()
    lottery = round_to_lottery(
        distribution,
        panels=args.panels,
        seed=args.seed,
        rounding=rounding,
        tolerance=args.tolerance,
    )
    rounding_seconds = time.process_time() - rounding_started
    progress.finish()
    commitment = commitment_for(
        pool,
        quotas,
        args.size,
        algorithm=algorithm,
        panels=args.panels,
        seed=args.seed,
        rounding=rounding,
        tolerance=args.tolerance,
    )
    public_random = args.public_random if args.public_random is not None else f"seed:{args.seed}"
    result = draw(lottery, commitment=commitment, public_random=public_random)
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    _write_probabilities(out, pool.ids, distribution.probabilities, lottery.probabilities)
    _write_rows(out / "distribution.csv", SUPPORT_HEADER, support_lines(pool.ids, distribution))
    lines = lottery_lines(pool.ids, lottery.panels)
    _write_rows(out / "panels.csv", LOTTERY_HEADER, lines)
    _write_selected(out, pool_file, result.panel)
    reserves = reserve_order(pool, result.panel, seed_hex=result.seed_hex, count=args.reserves)
    _write_reserves(out, pool.ids, reserves)
    report = {
        "algorithm": algorithm,
        "solver": SOLVER_NAME,
        "seconds": round(time.process_time() - started_cpu, 3),
        "wall_seconds": round(time.monotonic() - started_wall, 3),
        "rounding_seconds": round(rounding_seconds, 3),
        "minimum_probability": distribution.minimum_probability,
        "lottery_minimum_probability": min(lottery.probabilities, default=0.0),
        "panels": lottery.size,
        "panels_requested": args.panels,
        "distinct_panels": len(set(lottery.panels)),
        "support_panels": len(distribution.profiles),
        "rounding": rounding,
        "rounding_method": lottery.method,
        "tolerance": args.tolerance,
        "max_deviation": lottery.max_deviation,
        "within_tolerance": lottery.max_deviation <= args.tolerance + 1e-12,
        "lottery_max_deviation": lottery.max_deviation,
        "lottery_bound": lottery.bound,
        "input_hash": commitment,
        "lottery_hash": lottery_hash(lines),
        "seed": args.seed,
        "public_random": public_random,
        "public_random_is_public": args.public_random is not None,
        "draw_seed": result.seed_hex,
        "ticket": result.ticket,
        "size": args.size,
        "reserves": args.reserves,
        "pool_size": pool.size,
        "people": str(args.people.resolve()),
        "features": str(args.features.resolve()),
        "id_column": args.id_column,
        "household_columns": households,
        "stats": distribution.stats,
    }
    (out / "report.json").write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(
        f"selected {len(result.panel)} of {pool.size} (ticket {result.ticket} of {lottery.size}); "
        f"minimum probability {distribution.minimum_probability:.6f}, in the lottery "
        f"{min(lottery.probabilities, default=0.0):.6f} (largest deviation "
        f"{lottery.max_deviation:.6f}); results in {out}"
    )
    if lottery.max_deviation > args.tolerance + 1e-12:
        print(
            f"warning: even {lottery.size} panels leave a chance {lottery.max_deviation:.6f} "
            f"from the exact one, above the tolerance {args.tolerance}",
            file=sys.stderr,
        )
    if args.public_random is None:
        print(
            "note: no --public-random given; this draw is a rehearsal, not a public one",
            file=sys.stderr,
        )
    return EXIT_OK


def _write_probabilities(
    out: Path,
    ids: tuple[str, ...],
    probabilities: tuple[float, ...],
    lottery: tuple[float, ...],
) -> None:
    with (out / "probabilities.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "probability", "lottery_probability"])
        writer.writerows(
            (person_id, f"{p:.10f}", f"{q:.10f}")
            for person_id, p, q in zip(ids, probabilities, lottery, strict=True)
        )


def _write_rows(path: Path, header: tuple[str, ...], rows: list[list[str]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)


def _write_selected(out: Path, pool_file: PoolFile, panel: tuple[int, ...]) -> None:
    pool = pool_file.pool
    with (out / "selected.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", *pool.categories])
        for person in panel:
            writer.writerow(
                [pool.ids[person], *(pool.features[c][person] for c in pool.categories)]
            )


def _write_reserves(out: Path, ids: tuple[str, ...], reserves: list[int]) -> None:
    with (out / "reserves.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["rank", "id"])
        writer.writerows((rank, ids[person]) for rank, person in enumerate(reserves, start=1))


def _check_reserves(
    folder: Path, pool: Pool, panel: tuple[int, ...], seed_hex: str, count: int
) -> list[str]:
    """The published reserves, in their published order, are those the draw's seed ranks."""
    expected = [
        pool.ids[person] for person in reserve_order(pool, panel, seed_hex=seed_hex, count=count)
    ]
    if _read_column(folder / "reserves.csv", "id") != expected:
        return ["reserves.csv differs from the reserves (or their order) the draw's seed gives"]
    return []


@dataclass(frozen=True)
class PublishedDraw:
    """What --verify reads from a published report.json."""

    people: Path
    features: Path
    household_columns: list[str]
    id_column: str | None
    size: int
    algorithm: Algorithm
    panels: int  # tickets in panels.csv
    panels_requested: int  # the m committed to (panels.csv may hold 2, 5 or 10 times more)
    rounding: Rounding
    tolerance: float
    max_deviation: float | None
    seed: int
    input_hash: str
    lottery_hash: str
    public_random: str
    ticket: int
    # None for bundles published before the engine ranked the reserves: not checked.
    reserves: int | None


def _read_report(folder: Path) -> PublishedDraw:
    path = folder / "report.json"
    try:
        report = json.loads(path.read_text(encoding="utf-8"))
        reserves = report.get("reserves")
        deviation = report.get("max_deviation")
        # Bundles published before the fair rounding carry none of its entries.
        rounding = report.get("rounding", "beck-fiala")
        if rounding not in ROUNDINGS:
            raise ValueError(f"unknown rounding {rounding!r}")
        return PublishedDraw(
            people=Path(report["people"]),
            features=Path(report["features"]),
            household_columns=[str(column) for column in report["household_columns"]],
            id_column=report["id_column"],
            size=int(report["size"]),
            algorithm=cast(Algorithm, report["algorithm"]),
            panels=int(report["panels"]),
            panels_requested=int(report.get("panels_requested", report["panels"])),
            rounding=cast(Rounding, rounding),
            tolerance=float(report.get("tolerance", TOLERANCE)),
            max_deviation=None if deviation is None else float(deviation),
            seed=int(report["seed"]),
            input_hash=str(report["input_hash"]),
            lottery_hash=str(report["lottery_hash"]),
            public_random=str(report["public_random"]),
            ticket=int(report["ticket"]),
            reserves=None if reserves is None else int(reserves),
        )
    except FileNotFoundError:
        raise InputFileError(path, None, None, "file not found") from None
    except json.JSONDecodeError as error:
        raise InputFileError(path, error.lineno, None, f"not valid JSON ({error.msg})") from None
    except (KeyError, TypeError, ValueError, AttributeError) as error:
        raise InputFileError(path, None, None, f"missing or invalid entry ({error})") from None


def _read_column(path: Path, column: str) -> list[str]:
    try:
        with path.open(newline="", encoding="utf-8") as handle:
            return [row[column] for row in csv.DictReader(handle)]
    except (FileNotFoundError, KeyError):
        raise InputFileError(path, None, column, "missing") from None


def verify(args: argparse.Namespace) -> int:
    folder: Path = args.verify
    report = _read_report(folder)
    people = args.people or report.people
    features = args.features or report.features
    quota_file, pool_file = _load(
        people, features, report.size, report.id_column, report.household_columns
    )
    pool, quotas, size = pool_file.pool, quota_file.quotas, report.size
    problems: list[str] = []
    commitment = commitment_for(
        pool,
        quotas,
        size,
        algorithm=report.algorithm,
        panels=report.panels_requested,
        seed=report.seed,
        rounding=report.rounding,
        tolerance=report.tolerance,
    )
    if commitment != report.input_hash:
        problems.append("the pool, quotas or settings differ from the published input_hash")
    else:
        progress = ProgressBar(sys.stderr)
        distribution = find_distribution(
            pool, quotas, size, algorithm=report.algorithm, seed=report.seed, on_progress=progress
        )
        lottery = round_to_lottery(
            distribution,
            panels=report.panels_requested,
            seed=report.seed,
            rounding=report.rounding,
            tolerance=report.tolerance,
        )
        progress.finish()
        problems += _check_distribution(folder, pool.ids, distribution, report)
        problems += _check_lottery(folder, pool_file, quota_file, size, lottery, report)
        problems += _check_marginals(folder, pool.ids, distribution, report)
        result = draw(lottery, commitment=commitment, public_random=report.public_random)
        announced = set(_read_column(folder / "selected.csv", "id"))
        if {pool.ids[p] for p in result.panel} != announced:
            problems.append(f"ticket {result.ticket} draws a different panel than selected.csv")
        # Bundles published before reserves were ranked by the engine carry no count.
        if report.reserves is not None:
            problems += _check_reserves(
                folder, pool, result.panel, result.seed_hex, report.reserves
            )
    for problem in problems:
        print(f"verification failed: {problem}", file=sys.stderr)
    if problems:
        return EXIT_FAILED
    print(f"verified: ticket {report.ticket} of {report.panels}, panel of {size} confirmed")
    return EXIT_OK


def _read_rows(path: Path, header: tuple[str, ...]) -> list[list[str]]:
    try:
        with path.open(newline="", encoding="utf-8") as handle:
            return [[row.get(column) or "" for column in header] for row in csv.DictReader(handle)]
    except FileNotFoundError:
        raise InputFileError(path, None, None, "file not found") from None


def _check_distribution(
    folder: Path, ids: tuple[str, ...], distribution: Distribution, report: PublishedDraw
) -> list[str]:
    """distribution.csv is the support the engine computes, row for row."""
    path = folder / "distribution.csv"
    if report.rounding == "beck-fiala" and not path.exists():
        return []  # published before the exact distribution was
    if _read_rows(path, SUPPORT_HEADER) != support_lines(ids, distribution):
        return ["distribution.csv differs from the re-computed LEXIMIN distribution"]
    return []


def _check_marginals(
    folder: Path, ids: tuple[str, ...], distribution: Distribution, report: PublishedDraw
) -> list[str]:
    """Every person's chance in the published panels.csv, against their exact chance."""
    members = _read_column(folder / "panels.csv", "members")
    chances, problems = marginals_from_members(ids, members)
    if len(members) != report.panels:
        problems.append(f"panels.csv has {len(members)} panels, report.json says {report.panels}")
    deviation = max(
        (abs(a - b) for a, b in zip(chances, distribution.probabilities, strict=True)),
        default=0.0,
    )
    if report.max_deviation is not None and abs(deviation - report.max_deviation) > 1e-9:
        problems.append(
            f"panels.csv moves a chance by {deviation:.6f} from the exact distribution, "
            f"report.json says {report.max_deviation:.6f}"
        )
    return problems


def _check_lottery(
    folder: Path,
    pool_file: PoolFile,
    quota_file: QuotaFile,
    size: int,
    lottery: Lottery,
    report: PublishedDraw,
) -> list[str]:
    problems = []
    lines = lottery_lines(pool_file.pool.ids, lottery.panels)
    if lottery_hash(lines) != report.lottery_hash:
        problems.append("re-running gives a different lottery than the published lottery_hash")
    published = _read_column(folder / "panels.csv", "members")
    if published != [line[2] for line in lines]:
        problems.append("panels.csv differs from the re-computed lottery")
    for ticket, panel in enumerate(lottery.panels):
        broken = panel_violations(pool_file.pool, quota_file.quotas, size, panel)
        if broken:
            problems.append(f"lottery panel {ticket} breaks a rule: {broken[0]}")
            break
    return problems
