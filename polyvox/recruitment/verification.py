"""The files anyone needs to re-run a published draw with `polyvox select --verify`.

Only what the engine saw: volunteer ids, category values and household digests.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from typing import Any

from polyvox.recruitment.models import SelectionRun

README = """Re-run this draw yourself:

    unzip selection-{run}.zip -d selection-{run}
    polyvox select --verify selection-{run} \\
        --people selection-{run}/people.csv --features selection-{run}/features.csv

It recomputes the lottery from the pool and quotas, checks them against the commitment
published before the draw ({commitment}), and draws the ticket from the public random
value ({public_random!r}).
"""


def _csv(rows: list[list[Any]]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    return buffer.getvalue()


def bundle_files(*, run: SelectionRun) -> dict[str, str]:
    frozen = run.frozen
    ids: list[str] = frozen["ids"]
    categories = list(frozen["features"])
    people = [["id", *categories, "household"]] + [
        [person_id, *(frozen["features"][c][n] for c in categories), frozen["households"][n] or ""]
        for n, person_id in enumerate(ids)
    ]
    features = [["feature", "value", "min", "max", "min_flex", "max_flex"]] + [
        ["" if cell is None else cell for cell in quota] for quota in frozen["quotas"]
    ]
    members = [";".join(ids[p] for p in panel) for panel in run.lottery["panels"]]
    share = f"{1 / len(members):.10f}"
    panels = [["panel", "probability", "members"]] + [
        [ticket, share, line] for ticket, line in enumerate(members)
    ]
    report = {
        "algorithm": run.algorithm,
        "input_hash": run.commitment,
        "lottery_hash": hashlib.sha256("\n".join(members).encode("utf-8")).hexdigest(),
        "seed": run.seed,
        "panels": run.panels,
        "public_random": run.public_random,
        "public_random_is_public": True,
        "draw_seed": run.draw_seed,
        "ticket": run.ticket,
        "size": run.panel_size,
        "pool_size": len(ids),
        "people": "people.csv",
        "features": "features.csv",
        "id_column": "id",
        "household_columns": ["household"],
    }
    readme = README.format(run=run.id, commitment=run.commitment, public_random=run.public_random)
    return {
        "people.csv": _csv(people),
        "features.csv": _csv(features),
        "panels.csv": _csv(panels),
        "selected.csv": _csv([["id"], *([i] for i in run.selected_ids)]),
        "report.json": json.dumps(report, indent=2) + "\n",
        "README.txt": readme,
    }
