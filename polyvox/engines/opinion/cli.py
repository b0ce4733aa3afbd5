"""`polyvox opinions DIR --out RESULT.json`: the opinion map of a Polis export, from files alone."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TypedDict

from polyvox.engines.opinion.clustering import DEFAULT_STICKINESS
from polyvox.engines.opinion.engine import DEFAULT_MAX_K, compute
from polyvox.engines.opinion.formats import (
    Conversation,
    OpinionInputError,
    read_conversation,
    write_open_data,
)
from polyvox.engines.opinion.model import (
    Direction,
    OpinionResult,
    OpinionState,
    RepresentativeStatement,
)

INPUT_ERROR = 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="polyvox opinions",
        description="Opinion groups, representative statements and consensus, the Polis way.",
    )
    parser.add_argument("folder", type=Path, help="Polis openData CSV folder or Polis API dump")
    parser.add_argument("--out", type=Path, required=True, help="where to write RESULT.json")
    parser.add_argument("--max-groups", type=int, default=DEFAULT_MAX_K, help="largest k tried")
    parser.add_argument(
        "--seed", type=int, default=0, help="start vector of the PCA (above 100 statements)"
    )
    parser.add_argument(
        "--stickiness",
        type=float,
        default=DEFAULT_STICKINESS,
        help="with --state: keep participants in their last group unless another is this "
        "many times nearer (1.0 = Polis's own behaviour)",
    )
    parser.add_argument(
        "--state", type=Path, help="warm-start from this state file if it exists, then update it"
    )
    parser.add_argument("--export-polis", type=Path, help="also write the openData CSV format here")
    return parser


class RepresentativeJson(TypedDict):
    statement: object  # a statement id as the export gave it
    direction: Direction
    n_success: int
    n_trials: int
    p_success: float
    p_test: float
    repness: float
    repness_test: float
    best_agree: bool


class ParticipantJson(TypedDict):
    id: object
    group: int | None
    x: float
    y: float


class GroupJson(TypedDict):
    id: int
    size: int
    representative: list[RepresentativeJson]


class ConsensusJson(TypedDict):
    agree: list[object]
    disagree: list[object]


class StatementJson(TypedDict):
    id: object
    group_informed_consensus: float
    priority: float


class ResultJson(TypedDict):
    """The --out document, in this key order."""

    participants: list[ParticipantJson]
    groups: list[GroupJson]
    consensus: ConsensusJson
    statements: list[StatementJson]
    seconds: float


def _representative_json(item: RepresentativeStatement) -> RepresentativeJson:
    return {
        "statement": item.statement,
        "direction": item.direction,
        "n_success": item.n_success,
        "n_trials": item.n_trials,
        "p_success": item.p_success,
        "p_test": item.p_test,
        "repness": item.repness,
        "repness_test": item.repness_test,
        "best_agree": item.best_agree,
    }


def result_json(result: OpinionResult) -> ResultJson:
    return {
        "participants": [
            {"id": p.id, "group": p.group, "x": p.x, "y": p.y} for p in result.participants
        ],
        "groups": [
            {
                "id": g.id,
                "size": g.size,
                "representative": [_representative_json(r) for r in g.representative],
            }
            for g in result.groups
        ],
        "consensus": {
            "agree": [c.statement for c in result.consensus.agree],
            "disagree": [c.statement for c in result.consensus.disagree],
        },
        "statements": [
            {
                "id": s.id,
                "group_informed_consensus": s.group_informed_consensus,
                "priority": s.priority,
            }
            for s in result.statements
        ],
        "seconds": result.seconds,
    }


def _read_state(path: Path | None) -> OpinionState | None:
    if path is None or not path.is_file():
        return None
    try:
        return OpinionState.from_dict(json.loads(path.read_text(encoding="utf-8")))
    except (json.JSONDecodeError, KeyError, TypeError, ValueError) as error:
        raise OpinionInputError(path, "state", f"unreadable state file: {error}") from None


def _run(args: argparse.Namespace) -> None:
    if args.max_groups < 2:
        raise OpinionInputError(Path("--max-groups"), "option", "must be at least 2")
    if args.stickiness < 1.0:
        raise OpinionInputError(Path("--stickiness"), "option", "must be at least 1")
    conversation: Conversation = read_conversation(args.folder)
    result = compute(
        conversation.votes,
        moderated_out=conversation.moderated_out,
        meta=conversation.meta,
        previous_state=_read_state(args.state),
        max_k=args.max_groups,
        seed=args.seed,
        stickiness=args.stickiness,
    )
    args.out.write_text(json.dumps(result_json(result), indent=1), encoding="utf-8")
    if args.state is not None:
        args.state.write_text(json.dumps(result.state.to_dict()), encoding="utf-8")
    if args.export_polis is not None:
        write_open_data(args.export_polis, conversation, result)


def main(argv: list[str]) -> int:
    try:
        args = _parser().parse_args(argv)
    except SystemExit as exit_request:
        # argparse has already printed its message; hand back its code instead of exiting.
        return int(exit_request.code or 0)
    try:
        _run(args)
    except OpinionInputError as error:
        print(f"polyvox opinions: error: {error}", file=sys.stderr)
        return INPUT_ERROR
    except OSError as error:
        print(f"polyvox opinions: error: {error}", file=sys.stderr)
        return INPUT_ERROR
    return 0
