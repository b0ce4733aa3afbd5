"""The imports killed_import.py kills: run in a subprocess, Django on DATABASE_URL.

import_child.py setup OUT_DIR     a dialogue, a site with categories, a question; big files
import_child.py pool OUT_DIR      recruitment: the uploaded pool file, as its job imports it
import_child.py tally OUT_DIR     deliberation: the paper counts through imports.tally_import
"""

from __future__ import annotations

import csv
import json
import os
import sys
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "polyvox.settings")

import django

django.setup()

from polyvox.accounts.models import User  # noqa: E402
from polyvox.deliberation.imports import tally_import  # noqa: E402
from polyvox.deliberation.models import TallyCount  # noqa: E402
from polyvox.demo.fixtures import ballots_fixture  # noqa: E402
from polyvox.dialogues.models import Question, Site  # noqa: E402
from polyvox.lib.tabular import MAX_ROWS  # noqa: E402
from polyvox.recruitment import pool_imports  # noqa: E402
from polyvox.recruitment.categories import ValueDefinition, category_define  # noqa: E402
from polyvox.recruitment.models import PoolImport  # noqa: E402

ROWS = MAX_ROWS  # the importers' limit: the header, then 20,000 rows


def setup(folder: Path) -> None:
    data = ballots_fixture(citizens=1, base_url="http://127.0.0.1")
    question = Question.objects.select_related("session__dialogue").get(id=data.question)
    site = question.session.dialogue.sites.get()
    for key, values in (("gender", ["female", "male"]), ("age", ["young", "middle", "old"])):
        category_define(
            site=site,
            key=key,
            label={"en": key},
            values=[ValueDefinition(key=value, label={"en": value}) for value in values],
        )
    with (folder / "pool.csv").open("w", newline="") as file:
        writer = csv.writer(file)
        writer.writerow(["name", "email", "phone", "address", "language", "gender", "age"])
        for n in range(ROWS):
            writer.writerow(
                [
                    f"Volunteer {n}",
                    f"volunteer{n}@example.org",
                    f"+33 1 00 00 {n:05d}",
                    f"{n} rue de la Paix, Paris",
                    "en",
                    ("female", "male")[n % 2],
                    ("young", "middle", "old")[n % 3],
                ]
            )
    options = list(question.options.values_list("key", flat=True))
    with (folder / "counts.csv").open("w", newline="") as file:
        writer = csv.writer(file)
        writer.writerow(["question", "option", "stratum", "count"])
        for n in range(ROWS):
            writer.writerow(
                [question.key, options[n % len(options)], f"s{n // len(options)}", n % 40]
            )
    user = User.objects.get(username__startswith="fixture-")
    # The upload waits in the database, as the host's upload does for the import job.
    upload = pool_imports.pool_import_upload(
        site=site,
        file_name="pool.csv",
        content=(folder / "pool.csv").read_bytes(),
        language="en",
        created_by=user,
    )
    (folder / "site.json").write_text(
        json.dumps(
            {
                "site": site.id,
                "user": user.id,
                "dialogue": question.session.dialogue.slug,
                "upload": upload.id,
            }
        )
    )


def run_import(kind: str, folder: Path) -> int:
    ids = json.loads((folder / "site.json").read_text())
    site = Site.objects.get(id=ids["site"])
    if kind == "pool":
        # What the recruitment.pool_import job runs: the volunteers, the outcome, the audit
        # entry and the blanking of the upload in one transaction.
        upload = PoolImport.objects.select_related("site__dialogue", "created_by").get(
            id=ids["upload"]
        )
        pool_imports.pool_import_run(upload=upload, on_progress=lambda fraction, message="": None)
        return upload.rows or 0
    name = folder / "counts.csv"
    return tally_import(
        site=site,
        name=name.name,
        content=name.read_bytes(),
        entry=TallyCount.Entry.FIRST,
        entered_by=User.objects.get(id=ids["user"]),
    )


if __name__ == "__main__":
    command, folder = sys.argv[1], Path(sys.argv[2])
    if command == "setup":
        setup(folder)
    else:
        print(f"{command}: {run_import(command, folder)} rows imported", flush=True)
