"""Polis's own math-pca2.json, computed from exactly these votes, is the ground truth.

Polis's groups depend on its update history through the ids of its base clusters
(k-means starts from the first distinct centres in id order), so the test hands the
engine the base clusters Polis had persisted, as a service hands it the stored state.
Everything else (PCA, projection, groups, repness, consensus, GIC) is computed here.
"""

import json
from pathlib import Path
from typing import Any

import pytest

from polyvox.engines.opinion import Cluster, OpinionResult, OpinionState, compute
from polyvox.engines.opinion.formats import read_conversation

FIXTURES = ["25ptpt-3gp-no-strict-with-meta", "50ptpt-3gp-strict-no-meta", "below-100-ptpts"]


def polis_state(math: dict[str, Any]) -> OpinionState:
    base = math["base-clusters"]
    clusters = tuple(
        Cluster(id=i, members=tuple(members), center=(x, y))
        for i, members, x, y in zip(base["id"], base["members"], base["x"], base["y"], strict=True)
    )
    return OpinionState(in_conversation=tuple(math["in-conv"]), base_clusters=clusters)


@pytest.fixture(params=[(f, s) for f in FIXTURES for s in (1.0, 1.5)], ids=str)
def fixture_run(
    request: pytest.FixtureRequest, shared_data: Path
) -> tuple[OpinionResult, dict[str, Any]]:
    """Each fixture with Polis's own membership rule (1.0) and our default stickiness."""
    name, stickiness = request.param
    folder = shared_data / "polis" / "same-tick-fixtures" / name
    math = json.loads((folder / "math-pca2.json").read_text())
    conversation = read_conversation(folder)
    result = compute(
        conversation.votes,
        moderated_out=conversation.moderated_out,
        meta=conversation.meta,
        previous_state=polis_state(math),
        stickiness=stickiness,
    )
    return result, math


def polis_groups(math: dict[str, Any]) -> dict[int, list[int]]:
    base = dict(zip(math["base-clusters"]["id"], math["base-clusters"]["members"], strict=True))
    return {
        group["id"]: sorted(p for b in group["members"] for p in base[b])
        for group in math["group-clusters"]
    }


def test_it_finds_polis_groups_with_their_ids(
    fixture_run: tuple[OpinionResult, dict[str, Any]],
) -> None:
    result, math = fixture_run
    ours = {
        g.id: sorted(p.id for p in result.participants if p.group == g.id) for g in result.groups
    }
    assert ours == polis_groups(math)
    assert {g.id: sorted(g.base_clusters) for g in result.groups} == {
        g["id"]: sorted(g["members"]) for g in math["group-clusters"]
    }


def test_it_picks_polis_representative_statements(
    fixture_run: tuple[OpinionResult, dict[str, Any]],
) -> None:
    result, math = fixture_run
    for group in result.groups:
        expected = math["repness"][str(group.id)]
        assert [(r.statement, r.direction) for r in group.representative] == [
            (e["tid"], e["repful-for"]) for e in expected
        ]
        for ours, theirs in zip(group.representative, expected, strict=True):
            assert ours.n_success == theirs["n-success"]
            assert ours.n_trials == theirs["n-trials"]
            assert ours.best_agree == theirs.get("best-agree", False)
            assert ours.p_success == pytest.approx(theirs["p-success"], rel=1e-12)
            assert ours.p_test == pytest.approx(theirs["p-test"], rel=1e-12)
            assert ours.repness == pytest.approx(theirs["repness"], rel=1e-12)
            assert ours.repness_test == pytest.approx(theirs["repness-test"], rel=1e-7)


def test_it_finds_polis_consensus(fixture_run: tuple[OpinionResult, dict[str, Any]]) -> None:
    result, math = fixture_run
    for direction in ("agree", "disagree"):
        ours = getattr(result.consensus, direction)
        expected = math["consensus"][direction]
        assert [c.statement for c in ours] == [e["tid"] for e in expected]
        assert [(c.n_success, c.n_trials) for c in ours] == [
            (e["n-success"], e["n-trials"]) for e in expected
        ]
        assert [c.p_test for c in ours] == pytest.approx([e["p-test"] for e in expected])


def test_it_matches_polis_group_informed_consensus(
    fixture_run: tuple[OpinionResult, dict[str, Any]],
) -> None:
    result, math = fixture_run
    ours = {s.id: s.group_informed_consensus for s in result.statements}
    expected = {int(t): v for t, v in math["group-aware-consensus"].items()}
    assert ours.keys() == expected.keys()
    for statement, value in expected.items():
        assert ours[statement] == pytest.approx(value, rel=1e-12, abs=1e-15)


def test_it_matches_polis_pca_up_to_sign(fixture_run: tuple[OpinionResult, dict[str, Any]]) -> None:
    result, math = fixture_run
    if math["n"] != len(result.participants):
        pytest.skip("Polis counted a participant whose votes the dump leaves out")
    columns = zip(*result.state.components, strict=True)
    components = dict(zip(result.state.statement_ids, columns, strict=True))
    for index, polis_component in enumerate(math["pca"]["comps"]):
        ours = [components[t][index] for t in math["tids"]]
        sign = 1 if sum(a * b for a, b in zip(ours, polis_component, strict=True)) > 0 else -1
        assert [sign * x for x in ours] == pytest.approx(polis_component, abs=1e-9)


def test_it_matches_polis_priorities_where_polis_computed_them(
    fixture_run: tuple[OpinionResult, dict[str, Any]],
) -> None:
    result, math = fixture_run
    priorities = math["comment-priorities"]
    if math["n"] != len(result.participants) or set(priorities.values()) == {49}:
        pytest.skip("this dump's priorities were not computed from these votes")
    ours = {s.id: s.priority for s in result.statements}
    for statement, value in priorities.items():
        assert ours[int(statement)] == pytest.approx(value, rel=1e-9)
