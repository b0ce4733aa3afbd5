"""Open data: aggregated shares and anonymised answers as CSV (zipped with a README), XLSX, JSON.

The shares are the snapshot's numbers, in the engine CLI's shares.csv columns plus the
Wilson interval. Individual answers carry pseudonyms only, and demographics that are
k-anonymous per site (selectors.protected_demographics): what that changed is listed in
the metadata, by `protection_metadata` alone.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from typing import TypedDict

from django.utils import timezone

from polyvox.dialogues.licences import licence_info
from polyvox.dialogues.models import Dialogue, Option
from polyvox.lib.spreadsheets import Cell, csv_row, xlsx_row
from polyvox.results.models import ResultsSnapshot
from polyvox.results.reference_data import opendata_reference_description
from polyvox.results.selectors import (
    ProtectedDemographics,
    ballot_rows,
    category_strings,
    chosen_options,
    protected_demographics,
)
from polyvox.results.snapshot import load_snapshot

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
    # Issue 15: "citizens" (each citizen once) or "tables" (each table's group answer once,
    # n = tables), and the site whose local topic the question is ("" if every site asks it).
    "unit",
    "local",
]
ANSWER_COLUMNS = ["pseudonym", "site", "country", "question", "option"]


class LicenceMetadata(TypedDict):
    """A data package's `licenses` entry."""

    name: str
    title: str
    path: str


class SiteProtectionMetadata(TypedDict):
    site: str
    participants: int
    merged: dict[str, dict[str, str]]  # category -> original value -> published value
    dropped: list[str]
    withheld: int


class ProtectionMetadata(TypedDict):
    k: int
    method: str
    sites: list[SiteProtectionMetadata]  # the sites whose demographics were changed


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
    protection: ProtectionMetadata


def licence_metadata(dialogue: Dialogue) -> LicenceMetadata:
    """The dialogue's licence as a data package's `licenses` entry (name, title, path)."""
    info = licence_info(dialogue.licence)
    return {"name": info.name, "title": info.title, "path": info.path}


def metadata(
    *,
    dialogue: Dialogue,
    dataset: str,
    computed_at: str,
    protected: ProtectedDemographics | None = None,
) -> DatasetMetadata:
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
            "Wilson interval of pooled shares. unit: citizens, or tables for the group answers "
            "of the tables (each table counts once, pooled; n is a number of tables). local: "
            "the site whose local topic the question is, shown for its site and country only. "
            + opendata_reference_description(dialogue=dialogue)
        ),
        "protection": protection_metadata(k=dialogue.k_anonymity, protected=protected),
    }


def protection_metadata(*, k: int, protected: ProtectedDemographics | None) -> ProtectionMetadata:
    """How the data protects the people in it, and what it changed site by site."""
    method = (
        f"Every combination of site and published demographic values is shared by at least "
        f"{k} participants (k-anonymity, k = {k}). Site by site, until that holds: age bands "
        "and other numeric bands are merged with their smaller neighbour, rare values of "
        "other categories become 'other' (each time the merge that leaves the fewest people "
        "in small groups), a category that no merge helps is left blank for that site, and "
        f"when few people remain in groups under {k} their demographics are left blank "
        f"together with enough others to make a group of {k} (withheld). The same data "
        "always gives the same result. Nobody is left out of the answers. "
        "The breakdowns on the results pages are counted from these same published values, "
        "so they show nothing this file does not. A blank value is not published."
    )
    sites: list[SiteProtectionMetadata] = []
    if protected is not None:
        sites = [
            {
                "site": site.site,
                "participants": site.people,
                "merged": site.merged,
                "dropped": list(site.dropped),
                "withheld": site.withheld,
            }
            for site in protected.anonymisation.sites.values()
            if site.changed
        ]
    return {"k": k, "method": method, "sites": sites}


def share_rows(snapshot: ResultsSnapshot) -> tuple[list[str], list[list[Cell]]]:
    data = load_snapshot(snapshot.data)
    local = {question["key"]: question.get("local", "") for question in data.questions}
    citizens: list[list[Cell]] = [
        [*row, "citizens", local.get(row.question, "")] for row in data.shares
    ]
    tables: list[list[Cell]] = [
        [*row, "tables", local.get(row.question, "")] for row in data.table_shares
    ]
    return SHARE_COLUMNS, citizens + tables


def answer_table(
    *, dialogue: Dialogue
) -> tuple[list[str], list[list[Cell]], ProtectedDemographics]:
    """One row per chosen option of each individual ballot (open answers left out), with
    the k-anonymous demographics every results table is counted from."""
    option_key = dict(
        Option.objects.filter(question__session__dialogue=dialogue).values_list("id", "key")
    )
    ordered = ballot_rows(dialogue=dialogue).order_by(
        "participant__site__slug", "participant__pseudonym", "question__key"
    )
    chosen_rows: list[tuple[str, str, str, str, list[str]]] = []
    people: dict[str, tuple[str, dict[str, str]]] = {}
    for pseudonym, site, country, categories_of, question, kind, option_id, choices in ordered:
        chosen = [
            option_key[option]
            for option in chosen_options(kind, option_id, choices)
            if option in option_key
        ]
        if chosen:
            chosen_rows.append((pseudonym, site, str(country), question, chosen))
            people.setdefault(pseudonym, (site, category_strings(categories_of)))
    protected = protected_demographics(dialogue=dialogue, people=people)
    names = list(protected.anonymisation.categories)
    table: list[list[Cell]] = []
    for pseudonym, site, country, question, chosen in chosen_rows:
        person = protected.of[pseudonym]
        demography: list[Cell] = [person.get(name, "") for name in names]
        table += [[pseudonym, site, country, question, key, *demography] for key in chosen]
    return ANSWER_COLUMNS + names, table, protected


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
        f"How the data protects people: {meta['protection']['method']}\n"
        + "".join(_protection_line(site) for site in meta["protection"]["sites"])
        + f"\nComputed at: {meta['computed_at']}\n"
        f"Licence: {licence['title']} ({licence['name']}), {licence['path']}\n"
        f"Attribution: {meta['attribution']}\n"
    )


def _protection_line(site: SiteProtectionMetadata) -> str:
    merged = "; ".join(
        f"{category}: "
        + ", ".join(f"{value} -> {label}" for value, label in sorted(values.items()))
        for category, values in sorted(site["merged"].items())
    )
    parts = [
        f"merged {merged}" if merged else "",
        f"left blank: {', '.join(site['dropped'])}" if site["dropped"] else "",
        f"{site['withheld']} withheld" if site["withheld"] else "",
    ]
    changes = "; ".join(part for part in parts if part)
    return f"- {site['site']} ({site['participants']} participants): {changes}\n"


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
