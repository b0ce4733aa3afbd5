from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client

from polyvox.deliberation.models import Participant
from tests.conftest import World

pytestmark = pytest.mark.django_db


def test_the_ballots_fixture_makes_a_site_ready_to_vote(tmp_path: Path) -> None:
    out = tmp_path / "ballots.json"
    call_command("fixture", "ballots", "--citizens", "25", "--out", str(out), stdout=io.StringIO())
    data = json.loads(out.read_text())
    assert len(data["codes"]) == len(set(data["codes"])) == 25
    assert Participant.objects.filter(code__in=data["codes"], status="present").count() == 25
    client = Client()
    vote = {"code": data["codes"][0], "question": data["question"], "choice": data["options"][1]}
    assert client.post("/api/v1/ballots", vote, content_type="application/json").status_code == 201
    results = client.get(data["results_url"], headers={"Authorization": f"Bearer {data['token']}"})
    assert results.json() == {
        "n": 1,
        "counts": {str(option): int(option == data["options"][1]) for option in data["options"]},
    }


def test_api_token_prints_a_working_token(world: World) -> None:
    out = io.StringIO()
    call_command("api_token", "organiser", "--name", "partner", stdout=out)
    token = out.getvalue().strip()
    response = Client().get(
        "/api/v1/questions/999999/results", headers={"Authorization": f"Bearer {token}"}
    )
    assert response.status_code == 404  # authenticated; the question simply does not exist
