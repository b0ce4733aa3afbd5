"""Every action the code records on the audit trail has a sentence people can read.

The action names are found in the source itself: literal names passed as `action=` to
audit_record, names passed to a helper that hands its `action` parameter on to it, and
names assigned to `action` or `*_ACTION`. Adding an action without a sentence fails here.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

from polyvox.audit.sentences import AREAS, SENTENCES, event_sentence

SOURCE = Path(__file__).resolve().parents[2] / "polyvox"
ACTION_NAME = re.compile(r"^[a-z_]+(\.[a-z_]+)+$")


def _names_in(node: ast.AST) -> set[str]:
    return {
        found.value
        for found in ast.walk(node)
        if isinstance(found, ast.Constant)
        and isinstance(found.value, str)
        and ACTION_NAME.match(found.value)
    }


def _called_name(call: ast.Call) -> str:
    if isinstance(call.func, ast.Name):
        return call.func.id
    return call.func.attr if isinstance(call.func, ast.Attribute) else ""


def _forwarders(tree: ast.Module) -> dict[str, int]:
    """Functions that pass their own `action` parameter to audit_record, with its position."""
    found: dict[str, int] = {}
    for function in ast.walk(tree):
        if not isinstance(function, ast.FunctionDef):
            continue
        parameters = [argument.arg for argument in function.args.args]
        if "action" not in parameters or function.name == "audit_record":
            continue
        for call in ast.walk(function):
            if isinstance(call, ast.Call) and _called_name(call) == "audit_record":
                found[function.name] = parameters.index("action")
    return found


def recorded_actions() -> set[str]:
    trees = [
        ast.parse(path.read_text())
        for path in SOURCE.rglob("*.py")
        if "migrations" not in path.parts
    ]
    forwarders = {"audit_record": -1}
    for tree in trees:
        forwarders |= _forwarders(tree)
    actions: set[str] = set()
    for tree in trees:
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and _called_name(node) in forwarders:
                position = forwarders[_called_name(node)]
                for keyword in node.keywords:
                    if keyword.arg == "action":
                        actions |= _names_in(keyword.value)
                if 0 <= position < len(node.args):
                    actions |= _names_in(node.args[position])
            if isinstance(node, ast.Assign):
                for target in node.targets:
                    if isinstance(target, ast.Name) and (
                        target.id == "action" or target.id.endswith(("_ACTION", "PAGE_VIEW"))
                    ):
                        actions |= _names_in(node.value)
    return actions


def test_every_recorded_action_has_a_sentence() -> None:
    actions = recorded_actions()
    assert len(actions) > 50  # the scan sees the whole code base
    assert sorted(actions - set(SENTENCES)) == []


def test_every_sentence_belongs_to_an_action_the_code_records() -> None:
    # A sentence for a name nobody records is a misspelt or renamed action.
    assert sorted(set(SENTENCES) - recorded_actions()) == []


def test_every_action_falls_in_an_area_of_the_filter() -> None:
    prefixes = [prefix for _label, covered in AREAS.values() for prefix in covered]
    assert [action for action in SENTENCES if not any(action.startswith(p) for p in prefixes)] == []


def test_a_sentence_names_its_actor_and_counts_what_it_changed() -> None:
    sentence = event_sentence(
        action="results.themes_merge",
        actor="Ana Lima (organiser)",
        target="12",
        facts={"merged": [12, 14]},
    )
    assert sentence == "Ana Lima (organiser) merged themes (2)."


def test_a_missing_detail_reads_as_an_ellipsis_not_an_error() -> None:
    sentence = event_sentence(action="invitations.send", actor="Ana", target="", facts={})
    assert sentence == "Ana sent invitations (…)."


def test_an_unknown_action_still_reads() -> None:
    sentence = event_sentence(action="legacy.thing", actor="Ana", target="", facts={})
    assert sentence == "Ana: legacy.thing."
