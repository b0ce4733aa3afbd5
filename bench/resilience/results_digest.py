"""Write every results output of the database at DATABASE_URL into a folder, for
backup_restore.py to compare two databases file by file.

    results_digest.py OUT_DIR

Per dialogue: the results API as stored (when a snapshot is stored), then after recomputing
the snapshot: the computed numbers, the results API, the open-data CSVs (shares, answers);
and the deliberation counts of every question (GET /api/v1/questions/{id}/results).
"""

from __future__ import annotations

import dataclasses
import io
import json
import os
import sys
import zipfile
from pathlib import Path
from typing import Any

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "polyvox.settings")

import django

django.setup()

from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import translation  # noqa: E402

from polyvox.accounts.models import Membership, Role  # noqa: E402
from polyvox.deliberation import selectors as deliberation  # noqa: E402
from polyvox.dialogues.models import Dialogue, Question  # noqa: E402
from polyvox.results.computation import results_compute  # noqa: E402
from polyvox.results.selectors import results_snapshot  # noqa: E402
from polyvox.results.services import results_snapshot_refresh  # noqa: E402
from polyvox.results.snapshot import dump_snapshot  # noqa: E402


def canonical(data: Any) -> bytes:
    return json.dumps(data, sort_keys=True, ensure_ascii=False, indent=1).encode()


def get(client: Client, url: str) -> bytes:
    response = client.get(url)
    if response.status_code != 200:
        raise SystemExit(f"GET {url}: {response.status_code}")
    return response.content


def without_computed_at(content: bytes) -> bytes:
    """A recomputation is stamped with its own time; every other byte must match."""
    data = json.loads(content)
    data.pop("computed_at", None)
    return canonical(data)


def csv_in_zip(content: bytes, dataset: str) -> bytes:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return archive.read(f"{dataset}.csv")


def dialogue_outputs(dialogue: Dialogue, out: Path) -> dict[str, int]:
    client = Client(HTTP_HOST="127.0.0.1")
    organiser = Membership.objects.filter(role=Role.ORGANISER, dialogue=dialogue).first()
    if organiser is not None:
        client.force_login(organiser.user)  # results of a dialogue still deliberating too
    folder = out / dialogue.slug
    folder.mkdir(parents=True)
    api = reverse("api-1:results_dialogue", kwargs={"slug": dialogue.slug})
    if results_snapshot(dialogue=dialogue) is not None:
        # Served as it came out of the database; without a stored snapshot the API would
        # compute one, stamped with the time of the request.
        (folder / "api-as-stored.json").write_bytes(get(client, api))
    results_snapshot_refresh(dialogue=dialogue)
    data = results_compute(dialogue=dialogue)
    (folder / "computed.json").write_bytes(canonical(dump_snapshot(data)))
    (folder / "api-recomputed.json").write_bytes(without_computed_at(get(client, api)))
    with translation.override("en"):
        for dataset in ("shares", "answers"):
            url = reverse(
                "results:download", kwargs={"slug": dialogue.slug, "dataset": dataset, "fmt": "csv"}
            )
            (folder / f"{dataset}.csv").write_bytes(csv_in_zip(get(client, url), dataset))
    return {"ballots": data.totals.ballots, "paper": data.totals.paper}


def main() -> None:
    out = Path(sys.argv[1])
    totals = {d.slug: dialogue_outputs(d, out) for d in Dialogue.objects.order_by("slug")}
    counts = {
        question.id: dataclasses.asdict(deliberation.question_results(question=question))
        for question in Question.objects.order_by("id")
    }
    (out / "question-counts.json").write_bytes(canonical(counts))
    print(json.dumps(totals))


if __name__ == "__main__":
    main()
