"""The attacker of issue 12 item 3 and issue 13 §2, on the demo dialogue.

An anonymous visitor takes everything Polyvox publishes about a dialogue: the three answers
downloads and the three shares downloads, the results API (whole dialogue and each
question), the results page for every scope a filter can give (everyone, each region,
income group and country; combining filters only narrows the bars, which the shares already
give) broken down by each category, "Which country are you?" and the reports' text. Then:

(a) every breakdown cell the page hides is attacked by recounting it from the answers file
    (exact when the file holds every person of that row, which the row's n tells) and by
    differencing within its row (n minus the visible cells of a single-choice question);
(b) every person whose combination of site and published demographics is shared by fewer
    than k people is singled out, and their answers read; so is every breakdown row of
    fewer than k people.

(c) every score "Which country are you?" gives for one answer must be a published share.

It must recover nothing. Run it with `-s` to see the figures it prints.
"""

from __future__ import annotations

import csv
import html
import io
import json
import re
import zipfile
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field

import pytest
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse
from django.utils.safestring import SafeString
from django_countries import countries
from openpyxl import load_workbook

from polyvox.demo import accounts as demo_accounts
from polyvox.demo import deliberation as demo_deliberation
from polyvox.demo import dialogue as demo_dialogue
from polyvox.demo import recruitment as demo_recruitment
from polyvox.dialogues.models import Dialogue
from polyvox.results import figures
from polyvox.results.models import ResultsSnapshot
from polyvox.results.reports import report_context
from polyvox.results.selectors import results_snapshot
from polyvox.results.services import results_snapshot_refresh

pytestmark = pytest.mark.django_db
K = 5
HIDDEN = None
FIXED = ("pseudonym", "site", "country", "question", "option")


@dataclass
class Breakdown:
    """One breakdown table of the results page."""

    scope: tuple[str, str]  # (filter, value); ("", "") for everyone
    category: str
    question: str
    kind: str
    options: list[str]
    rows: dict[str, tuple[int, list[float | None]]]  # value -> (n, share per option or None)


@dataclass
class Published:
    answers: list[dict[str, str]]
    categories: list[str]
    shares: list[dict[str, str]]
    api: dict[str, object]
    sites_of_scope: dict[tuple[str, str], set[str]]
    protection: dict[str, object]  # what the metadata says was coarsened and withheld
    # "Which country are you?" answered with one option: (question, option, country, score).
    which_country: list[tuple[str, str, str, str]] = field(default_factory=list)
    breakdowns: list[Breakdown] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)  # pages and reports, as read


def demo() -> Dialogue:
    dialogue = demo_dialogue.load()
    demo_accounts.load(dialogue=dialogue)
    demo_recruitment.load(dialogue=dialogue)  # panels drawn from pools with four categories
    demo_deliberation.load(dialogue=dialogue)
    dialogue.status = Dialogue.Status.RESULTS_PUBLISHED
    dialogue.save(update_fields=["status"])
    results_snapshot_refresh(dialogue=dialogue)
    return dialogue


def get(client: Client, path: str, query: dict[str, str] | None = None) -> bytes:
    response = client.get(path, query or {})
    assert response.status_code == 200, path
    return bytes(response.content)


def download(client: Client, slug: str, dataset: str, fmt: str) -> bytes:
    return get(client, reverse("results:download", args=[slug, dataset, fmt]))


def csv_in_zip(content: bytes, name: str) -> list[dict[str, str]]:
    archive = zipfile.ZipFile(io.BytesIO(content))
    return list(csv.DictReader(io.StringIO(archive.read(name).decode())))


def xlsx_rows(content: bytes, sheet: str) -> list[dict[str, str]]:
    rows = list(load_workbook(io.BytesIO(content))[sheet].iter_rows(values_only=True))
    header = [str(cell) for cell in rows[0]]
    return [
        {name: "" if value is None else str(value) for name, value in zip(header, row, strict=True)}
        for row in rows[1:]
    ]


def select_values(page: str, name: str) -> list[str]:
    select = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', page, re.S)
    assert select is not None, name
    return [value for value in re.findall(r'<option value="([^"]*)"', select[1]) if value]


def breakdowns_on(
    page: str, scope: tuple[str, str], category: str, api: dict[str, object], keys: dict[str, str]
) -> Iterator[Breakdown]:
    """The page's breakdown tables; `keys` turns a value's label back into its key."""
    questions = {q["key"]: q for q in api["questions"]}  # type: ignore[attr-defined]
    for key, section in re.findall(
        r'<section class="question-result" aria-labelledby="question-([^"]+)">(.*?)</section>',
        page,
        re.S,
    ):
        table = re.search(r"<table[^>]*>\s*<caption>By .*?</table>", section, re.S)
        if table is None:
            continue
        question = questions[html.unescape(key)]
        options = [option["key"] for option in question["options"]]
        rows: dict[str, tuple[int, list[float | None]]] = {}
        for label, n, cells in re.findall(
            r'<tr><th scope="row">([^<]*)</th><td class="number"[^>]*>(\d+)</td>(.*?)</tr>',
            table[0],
            re.S,
        ):
            shares = [
                HIDDEN if "hidden-cell" in cell else float(cell.replace("%", "").strip()) / 100
                for cell in re.findall(r'<td class="number"[^>]*>(.*?)</td>', cells, re.S)
            ]
            text = html.unescape(label)
            rows[keys.get(text, text)] = (int(n), shares)
        yield Breakdown(scope, category, question["key"], question["kind"], options, rows)


def collect(client: Client, dialogue: Dialogue) -> Published:
    slug = dialogue.slug
    answers_zip = download(client, slug, "answers", "csv")
    answers = csv_in_zip(answers_zip, "answers.csv")
    package = json.loads(zipfile.ZipFile(io.BytesIO(answers_zip)).read("datapackage.json"))
    # The other formats give the same rows: attacking the CSV attacks them all.
    as_json = json.loads(download(client, slug, "answers", "json"))["rows"]
    assert as_json == answers
    assert xlsx_rows(download(client, slug, "answers", "xlsx"), "answers") == answers
    shares = csv_in_zip(download(client, slug, "shares", "csv"), "shares.csv")
    assert len(json.loads(download(client, slug, "shares", "json"))["rows"]) == len(shares)
    download(client, slug, "shares", "xlsx")
    api = json.loads(get(client, reverse("api-1:results_dialogue", args=[slug])))
    texts = [json.dumps(api)]
    for question in api["questions"]:
        texts.append(
            get(client, reverse("api-1:results_question", args=[slug, question["key"]])).decode()
        )
    results_url = reverse("results:results", args=[slug])
    first = get(client, results_url).decode()
    categories = select_values(first, "category")
    scopes = [("", "")] + [
        (name, value)
        for name in ("region", "income_group", "country")
        for value in select_values(first, name)
    ]
    attributes = site_attributes(dialogue)
    published = Published(
        answers=answers,
        categories=[c for c in answers[0] if c not in FIXED] if answers else [],
        shares=shares,
        api=api,
        sites_of_scope={scope: scope_sites(scope, attributes) for scope in scopes},
        protection=package.get("protection", {}),
        texts=texts,
    )
    for scope in scopes:
        for category in categories:
            query = (
                {scope[0]: scope[1], "category": category} if scope[0] else {"category": category}
            )
            page = get(client, results_url, query).decode()
            published.texts.append(page)
            keys = value_keys(dialogue, category)
            published.breakdowns += breakdowns_on(page, scope, category, api, keys)
    which = reverse("results:which-country", args=[slug])
    published.texts.append(get(client, which).decode())
    single = next(q for q in api["questions"] if q["kind"] == "single")
    for option in single["options"]:
        page = get(client, which, {f"q-{single['key']}": option["key"]}).decode()
        published.texts.append(page)
        for country, score in re.findall(
            r'<tr><th scope="row">([^<]*)</th><td>([^<]*)</td><td>\d+</td></tr>', page
        ):
            published.which_country.append(
                (single["key"], option["key"], html.unescape(country), score)
            )
    published.texts += [
        render_to_string(
            "results/report.html",
            {**report_context(dialogue=dialogue, snapshot=snapshot, scope=scope), "language": "en"},
        )
        for snapshot in [stored_snapshot(dialogue)]
        for scope in [
            "global",
            *sorted({row["group"] for row in shares if row["level"] == "country"})[:2],
        ]
    ]
    return published


def stored_snapshot(dialogue: Dialogue) -> ResultsSnapshot:
    snapshot = results_snapshot(dialogue=dialogue)
    assert snapshot is not None
    return snapshot


def value_keys(dialogue: Dialogue, category: str) -> dict[str, str]:
    """English label -> key of a category's values, as registration pages show them."""
    labels = stored_snapshot(dialogue).data.get("category_labels", {}).get(category, {})
    return {text.get("en", key): key for key, text in labels.get("values", {}).items()}


def site_attributes(dialogue: Dialogue) -> dict[str, dict[str, str]]:
    """Each site's country, region and income group: public through the page's filters."""
    data = stored_snapshot(dialogue).data
    return {
        slug: {"country": s["country"], "region": s["region"], "income_group": s["income_group"]}
        for slug, s in data["sites"].items()
    }


def scope_sites(scope: tuple[str, str], attributes: dict[str, dict[str, str]]) -> set[str]:
    if not scope[0]:
        return set(attributes)
    return {slug for slug, site in attributes.items() if site[scope[0]] == scope[1]}


@dataclass
class Findings:
    hidden_cells: int = 0
    recovered: int = 0
    published_cells: int = 0
    cells_not_from_the_answers: int = 0
    people: int = 0
    unique: int = 0
    under_k: int = 0
    answers_read: int = 0
    small_rows: int = 0
    # Not singling out, but worth knowing: groups of k or more at a site whose members who
    # answered a question all gave the same single answer (what l-diversity would limit).
    alike_groups: int = 0
    alike_answers: int = 0
    country_scores: int = 0
    country_scores_not_in_shares: int = 0


def attack(published: Published, attributes: dict[str, dict[str, str]]) -> Findings:
    found = Findings()
    people: dict[str, dict[str, str]] = {}
    chose: dict[tuple[str, str], set[str]] = defaultdict(set)
    for row in published.answers:
        people.setdefault(row["pseudonym"], row)
        chose[(row["pseudonym"], row["question"])].add(row["option"])
    found.people = len(people)
    # (b) singling out: the combination of site and published demographics.
    combination = Counter(
        (person["site"], *(person[c] for c in published.categories)) for person in people.values()
    )
    for pseudonym, person in people.items():
        size = combination[(person["site"], *(person[c] for c in published.categories))]
        found.unique += size == 1
        if size < K:
            found.under_k += 1
            found.answers_read += len({q for p, q in chose if p == pseudonym})
    # "Which country are you?": each score must be a country's published share.
    country_shares = {
        (str(countries.name(row["group"])), row["question"], row["option"]): row["share"]
        for row in published.shares
        if (row["level"], row["weighting"]) == ("country", "pooled") and row["share"]
    }
    for question, option, country, score in published.which_country:
        found.country_scores += 1
        published_share = country_shares.get((country, question, option))
        found.country_scores_not_in_shares += (
            published_share is None or f"{round(float(published_share) * 100)} %" != score
        )
    members: dict[tuple[str, ...], list[str]] = defaultdict(list)
    for pseudonym, person in people.items():
        members[(person["site"], *(person[c] for c in published.categories))].append(pseudonym)
    questions = {q for _p, q in chose}
    for group in members.values():
        for question in questions:
            given = [frozenset(chose[(p, question)]) for p in group if (p, question) in chose]
            if len(given) >= K and len(set(given)) == 1:
                found.alike_groups += 1
                found.alike_answers += len(given)
    # (a) the hidden cells, and whether each visible one is a recount of the answers file.
    for table in published.breakdowns:
        sites = published.sites_of_scope[table.scope]
        answered = [
            p
            for p, person in people.items()
            if person["site"] in sites and (p, table.question) in chose
        ]
        for value, (n, shares) in table.rows.items():
            # The people a row describes, whether or not they answered this question.
            described = sum(
                person["site"] in sites and person[table.category] == value
                for person in people.values()
            )
            found.small_rows += 0 < described < K
            group = [p for p in answered if people[p][table.category] == value]
            # The file holds every person of the row: each cell is a recount.
            complete = len(group) == n
            # One hidden cell in a row of a one-answer question: n minus the others.
            single = table.kind in ("single", "scale") and shares.count(HIDDEN) == 1
            for option, share in zip(table.options, shares, strict=True):
                recount = sum(option in chose[(p, table.question)] for p in group)
                if share is HIDDEN:
                    found.hidden_cells += 1
                    found.recovered += complete or single
                else:
                    found.published_cells += 1
                    # Pages show whole percents, rounded as the template rounds them.
                    shown = round(share * 100)
                    found.cells_not_from_the_answers += (
                        not complete or round(recount / n * 100) != shown
                    )
    return found


def test_an_attacker_learns_nothing_from_everything_published(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Charts draw the bars whose numbers the page also gives as a table ("the data behind
    # the chart"): drawing them for every page would only slow the attack down.
    monkeypatch.setattr(figures, "question_chart", lambda *args, **kwargs: SafeString(""))
    dialogue = demo()
    published = collect(Client(), dialogue)
    attributes = site_attributes(dialogue)
    found = attack(published, attributes)
    print(
        f"\nattacker on the demo ({found.people} people in the answers file, "
        f"{len(published.breakdowns)} breakdown tables on {len(published.sites_of_scope)} scopes "
        f"x {len(published.categories)} categories, {len(published.texts)} pages/files read):\n"
        f"  (a) hidden breakdown cells: {found.hidden_cells}, recovered: {found.recovered}; "
        f"visible cells: {found.published_cells}, of which not a recount of the answers file: "
        f"{found.cells_not_from_the_answers}\n"
        f"  (b) people unique at their site: {found.unique}; in a group under k={K}: "
        f"{found.under_k} (their answers read: {found.answers_read}); breakdown rows "
        "describing fewer than k people of the answers file: "
        f"{found.small_rows}"
    )
    print(
        f"  not asserted: {found.alike_groups} (group, question) pairs where a group of k or "
        f"more all answered alike ({found.alike_answers} answers)"
    )
    sites = published.protection.get("sites", [])
    assert isinstance(sites, list)
    print(
        f"  protection: {len(sites)} sites changed, "
        f"{sum(len(site['merged']) for site in sites)} categories merged, "
        f"{sum(len(site['dropped']) for site in sites)} left blank, "
        f"{sum(site['withheld'] for site in sites)} people withheld"
    )
    print(
        f"  which country: {found.country_scores} scores read, "
        f"{found.country_scores_not_in_shares} not a published country share"
    )
    assert found.people > 500  # large enough to matter
    assert found.country_scores > 0
    assert found.country_scores_not_in_shares == 0
    assert found.recovered == 0
    assert (found.unique, found.under_k, found.small_rows) == (0, 0, 0)
    assert found.cells_not_from_the_answers == 0  # no table is finer than the microdata
