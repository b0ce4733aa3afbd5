"""Open data: aggregated shares and anonymised answers as CSV (zipped with a README), XLSX, JSON.

The shares are the snapshot's numbers, in the engine CLI's shares.csv columns plus the
Wilson interval. Individual answers carry pseudonyms only; a demographic value is kept
only where at least SMALL_CELL people of that site share it, so no small group shows.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from collections import Counter
from typing import TypedDict

from django.utils import timezone

from polyvox.dialogues.licences import licence_info
from polyvox.dialogues.models import Dialogue, Option, Question
from polyvox.lib.spreadsheets import Cell, csv_row, xlsx_row
from polyvox.results.models import ResultsSnapshot
from polyvox.results.reference_data import opendata_reference_description
from polyvox.results.selectors import BallotRow, ballot_rows
from polyvox.results.snapshot import load_snapshot

SMALL_CELL = 10
SHARE_COLUMNS = [
    "level",
    "group",
    "question",
    "option",
    "weighting",
    "count",
    "n",
    "share",
    "low",
    "high",
]
ANSWER_COLUMNS = ["pseudonym", "site", "country", "question", "option"]


class LicenceMetadata(TypedDict):
    """A data package's `licenses` entry."""

    name: str
    title: str
    path: str


class DatasetMetadata(TypedDict):
    """The data package written next to each download (datapackage.json, README, JSON
    `metadata`): a JSON document built for output, in this key order."""

    name: str
    title: str
    dataset: str
    licenses: list[LicenceMetadata]
    attribution: str
    computed_at: str
    description: str


def licence_metadata(dialogue: Dialogue) -> LicenceMetadata:
    """The dialogue's licence as a data package's `licenses` entry (name, title, path)."""
    info = licence_info(dialogue.licence)
    return {"name": info.name, "title": info.title, "path": info.path}


def metadata(*, dialogue: Dialogue, dataset: str, computed_at: str) -> DatasetMetadata:
    return {
        "name": f"polyvox-{dialogue.slug}-{dataset}",
        "title": str(dialogue),
        "dataset": dataset,
        "licenses": [licence_metadata(dialogue)],
        "attribution": f"{dialogue.organiser.name}, via Polyvox",
        "computed_at": computed_at,
        "description": (
            "About 100 citizens per site form a deliberative sample, not an opinion poll. "
            "Weightings: pooled (every citizen once), country_equal (mean of country shares), "
            "population_weighted (country shares weighted by population). low/high: 95% "
            "Wilson interval of pooled shares. Demographic values held by fewer than "
            f"{SMALL_CELL} participants of a site are left blank. "
            + opendata_reference_description(dialogue=dialogue)
        ),
    }


def share_rows(snapshot: ResultsSnapshot) -> tuple[list[str], list[list[Cell]]]:
    return SHARE_COLUMNS, [list(row) for row in load_snapshot(snapshot.data).shares]


def answer_rows(*, dialogue: Dialogue) -> tuple[list[str], list[list[Cell]]]:
    """One row per chosen option of each individual ballot (open answers left out)."""
    option_key = dict(
        Option.objects.filter(question__session__dialogue=dialogue).values_list("id", "key")
    )
    ordered = ballot_rows(dialogue=dialogue).order_by(
        "participant__site__slug", "participant__pseudonym", "question__key"
    )
    rows = list(ordered)
    categories = sorted({name for row in rows if isinstance(row[3], dict) for name in row[3]})
    shown = _values_shown(rows)
    table: list[list[Cell]] = []
    for pseudonym, site, country, categories_of, question, kind, option_id, choices in rows:
        chosen: list[int | None] = (
            list(choices or [])
            if kind in (Question.Kind.MULTIPLE, Question.Kind.RANKING)
            else [option_id]
        )
        if kind == Question.Kind.RANKING:
            chosen = chosen[:1]
        person = categories_of if isinstance(categories_of, dict) else {}
        demography: list[Cell] = [
            str(person.get(name, "")) if (site, name, str(person.get(name, ""))) in shown else ""
            for name in categories
        ]
        for option in chosen:
            if option in option_key:
                table.append(
                    [pseudonym, site, str(country), question, option_key[option], *demography]
                )
    return ANSWER_COLUMNS + categories, table


def _values_shown(rows: list[BallotRow]) -> set[tuple[str, str, str]]:
    """(site, category, value) held by at least SMALL_CELL distinct participants of the site."""
    people: dict[str, tuple[str, dict[str, object]]] = {}
    for pseudonym, site, _country, person, *_rest in rows:
        people[pseudonym] = (site, person if isinstance(person, dict) else {})
    counts = Counter(
        (site, name, str(value))
        for site, person in people.values()
        for name, value in person.items()
    )
    return {cell for cell, count in counts.items() if count >= SMALL_CELL}


def as_csv_zip(*, header: list[str], rows: list[list[Cell]], meta: DatasetMetadata) -> bytes:
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\n")
    writer.writerow(csv_row(header))
    writer.writerows(csv_row("" if value is None else value for value in row) for row in rows)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(f"{meta['dataset']}.csv", text.getvalue())
        archive.writestr("README.txt", readme(meta))
        archive.writestr("datapackage.json", json.dumps(meta, indent=2, ensure_ascii=False))
    return buffer.getvalue()


def readme(meta: DatasetMetadata) -> str:
    licence = meta["licenses"][0]
    return (
        f"{meta['title']} — {meta['dataset']}\n\n{meta['description']}\n\n"
        f"Computed at: {meta['computed_at']}\n"
        f"Licence: {licence['title']} ({licence['name']}), {licence['path']}\n"
        f"Attribution: {meta['attribution']}\n"
    )


def as_xlsx(*, header: list[str], rows: list[list[Cell]], meta: DatasetMetadata) -> bytes:
    from openpyxl import Workbook  # imported here: only downloads need it

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(meta["dataset"])
    sheet.append(xlsx_row(sheet, header))
    for row in rows:
        sheet.append(xlsx_row(sheet, row))
    about = workbook.create_sheet("README")
    for line in readme(meta).splitlines():
        about.append(xlsx_row(about, [line]))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def as_json(*, header: list[str], rows: list[list[Cell]], meta: DatasetMetadata) -> bytes:
    records = [dict(zip(header, row, strict=True)) for row in rows]
    return json.dumps({"metadata": meta, "rows": records}, ensure_ascii=False).encode()


def now_iso() -> str:
    return timezone.now().isoformat()
