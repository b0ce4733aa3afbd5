"""The demo's content, read from the data files beside this module and checked on the way in.

Typed records with a version each: a data file that drifts from the shape the loaders expect
fails here, naming the file and field, instead of half-way through `polyvox demo`.
"""

from __future__ import annotations

import csv
import datetime
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict

DATA = Path(__file__).parent / "data"
CONSULTATION_FOLDER = DATA / "consultation"

Text = dict[str, str]  # language code -> text


class _Record(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class OrganisationContent(_Record):
    name: str
    country: str
    website: str
    description: Text


class PartnerContent(OrganisationContent):
    short_name: str
    tier: str


class SiteContent(_Record):
    slug: str
    country: str
    city: str
    languages: list[str]
    time_zone: str
    mode: str
    target_participants: int
    host: OrganisationContent


class OptionContent(_Record):
    key: str
    text: Text


class QuestionContent(_Record):
    key: str
    kind: str
    text: Text
    options: list[OptionContent]


class SessionContent(_Record):
    key: str
    title: Text
    duration_minutes: int
    # Local time at every site; the demo's day has a lunch break.
    start_time: datetime.time | None = None
    information: Text
    video_url: str
    questions: list[QuestionContent]


class DialogueFields(_Record):
    slug: str
    title: Text
    theme: Text
    description: Text
    source_language: str
    date: datetime.date


class MachineDrafted(_Record):
    """Languages whose participant texts nobody fluent has checked yet, and what that means."""

    languages: list[str]
    note: str


class DialogueContent(_Record):
    version: Literal[1]
    machine_drafted: MachineDrafted | None = None
    dialogue: DialogueFields
    organiser: OrganisationContent
    partners: list[PartnerContent]
    sites: list[SiteContent]
    sessions: list[SessionContent]


class TextsContent(_Record):
    """What citizens write on the day: recommendations at tables, answers to open questions."""

    version: Literal[1]
    recommendations: dict[str, list[str]]
    open_answers: dict[str, list[str]]


class ConsultationContent(_Record):
    version: Literal[1]
    slug: str
    title: str
    language: str
    attribution: str


@dataclass(frozen=True)
class CategoryValue:
    key: str
    label: Text
    share: float  # of the population


@dataclass(frozen=True)
class Category:
    key: str
    label: Text
    values: tuple[CategoryValue, ...]


@cache
def dialogue() -> DialogueContent:
    return DialogueContent.model_validate_json((DATA / "dialogue.json").read_bytes())


@cache
def texts() -> TextsContent:
    return TextsContent.model_validate_json((DATA / "texts.json").read_bytes())


@cache
def consultation() -> ConsultationContent:
    return ConsultationContent.model_validate_json((DATA / "consultation.json").read_bytes())


@cache
def categories() -> tuple[Category, ...]:
    """categories.csv has one row per value; rows of a category are consecutive, in order."""
    grouped: dict[str, Category] = {}
    with (DATA / "categories.csv").open(newline="", encoding="utf-8") as file:
        for row in csv.DictReader(file):
            value = CategoryValue(
                key=row["value"],
                label={"en": row["value_en"], "fr": row["value_fr"]},
                share=float(row["share"]),
            )
            known = grouped.get(row["category"])
            label = {"en": row["category_en"], "fr": row["category_fr"]}
            grouped[row["category"]] = Category(
                key=row["category"],
                label=label,
                values=(*known.values, value) if known else (value,),
            )
    return tuple(grouped.values())
