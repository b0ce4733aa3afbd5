"""The files anyone needs to re-run a published draw with `polyvox select --verify`.

Only what the engine saw: volunteer ids, category values and who shares a household.
Households are labelled for this run alone (h1, h2, … in order of first appearance): the
keyed address hashes the lottery used are the same in every run and dialogue, so
publishing them would link a person's entries across runs. The commitment covers only
who shares a household (engines.sortition.transparency.household_partition), so these
labels verify.
"""

from __future__ import annotations

import csv
import io
import json

from polyvox.engines.sortition.published import lottery_hash, lottery_lines, support_rows
from polyvox.engines.sortition.transparency import household_partition
from polyvox.recruitment.models import SelectionRun
from polyvox.recruitment.records import frozen_pool_load, lottery_load, volunteer_ids_load

README = """Re-run this draw yourself:

    unzip selection-{run}.zip -d selection-{run}
    polyvox select --verify selection-{run} \\
        --people selection-{run}/people.csv --features selection-{run}/features.csv

It recomputes the exact distribution (distribution.csv) and the lottery (panels.csv)
from the pool and quotas, checks them against the commitment published before the draw
({commitment}), draws the ticket from the public random value ({public_random!r}), and
ranks the reserves from the draw's seed. report.json gives the largest distance between
anyone's chance in the lottery and their exact chance (max_deviation).
"""


def _csv(rows: list[list[str | int | None]]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    return buffer.getvalue()


def bundle_files(*, run: SelectionRun) -> dict[str, str]:
    frozen = frozen_pool_load(run.frozen)
    ids = frozen.ids
    categories = list(frozen.features)
    households = household_partition(frozen.households or [None] * len(ids))
    people: list[list[str | int | None]] = [["id", *categories, "household"]]
    labels = ["" if number is None else f"h{number + 1}" for number in households]
    people += [
        [person_id, *(frozen.features[c][n] for c in categories), labels[n]]
        for n, person_id in enumerate(ids)
    ]
    features: list[list[str | int | None]] = [
        ["feature", "value", "min", "max", "min_flex", "max_flex"]
    ]
    features += [["" if cell is None else cell for cell in quota] for quota in frozen.quotas]
    lottery = lottery_load(run.lottery)
    lines = lottery_lines(ids, lottery.panels)
    panels: list[list[str | int | None]] = [["panel", "probability", "members"]]
    panels += [list(line) for line in lines]
    selected: list[list[str | int | None]] = [["id"]]
    selected += [[volunteer_id] for volunteer_id in volunteer_ids_load(run.selected_ids)]
    reserves: list[list[str | int | None]] = [["rank", "id"]]
    reserves += [
        [rank, volunteer_id]
        for rank, volunteer_id in enumerate(volunteer_ids_load(run.reserve_ids), start=1)
    ]
    report = {
        "algorithm": run.algorithm,
        "input_hash": run.commitment,
        "lottery_hash": lottery_hash(lines),
        "seed": run.seed,
        "panels": len(lines),
        "panels_requested": run.panels,
        "public_random": run.public_random,
        "public_random_is_public": True,
        "draw_seed": run.draw_seed,
        "ticket": run.ticket,
        "size": run.panel_size,
        "reserves": run.reserves,
        "pool_size": len(ids),
        "people": "people.csv",
        "features": "features.csv",
        "id_column": "id",
        "household_columns": ["household"],
    }
    files: dict[str, str] = {}
    if lottery.rounding != "beck-fiala":
        report |= {
            "rounding": lottery.rounding,
            "tolerance": lottery.tolerance,
            "max_deviation": lottery.max_deviation,
        }
        support = support_rows(
            ids, lottery.groups, lottery.support_profiles(), [p.weight for p in lottery.support]
        )
        rows: list[list[str | int | None]] = [["panel", "probability", "members"]]
        files["distribution.csv"] = _csv(rows + [list(row) for row in support])
    readme = README.format(run=run.id, commitment=run.commitment, public_random=run.public_random)
    return files | {
        "people.csv": _csv(people),
        "features.csv": _csv(features),
        "panels.csv": _csv(panels),
        "selected.csv": _csv(selected),
        "reserves.csv": _csv(reserves),
        "report.json": json.dumps(report, indent=2) + "\n",
        "README.txt": readme,
    }
