"""The demo's reports people write and its record of impact: an approved global report, a
French national report by the Paris host awaiting approval, three impact entries.

Runs before the results stage, so the demo's global PDF already shows the written text."""

from __future__ import annotations

import datetime

from polyvox.accounts.models import User
from polyvox.dialogues.models import Dialogue
from polyvox.results.impact import ImpactFields, impact_entry_save
from polyvox.results.models import ImpactEntry, WrittenReport
from polyvox.results.written_reports import (
    Slot,
    referable_questions,
    report_slots,
    sections_approve,
    sections_save,
    sections_submit,
)

FRANCE = "FR"


def load(*, dialogue: Dialogue) -> None:
    """Safe to run twice: nothing is added where something exists."""
    organiser = User.objects.filter(username="organiser").first()
    host = User.objects.filter(username="host").first()
    if organiser is None or host is None:
        return
    slots = report_slots(dialogue)
    keys = [question.key for question in referable_questions(dialogue)]
    if not WrittenReport.objects.filter(dialogue=dialogue, scope=WrittenReport.GLOBAL).exists():
        texts = {slot.key: _global_text(slot, keys) for slot in slots}
        sections_save(
            dialogue=dialogue,
            scope=WrittenReport.GLOBAL,
            language="en",
            texts=texts,
            actor=organiser,
        )
        report = WrittenReport.objects.get(dialogue=dialogue, scope=WrittenReport.GLOBAL)
        sections_submit(report=report, language="en", actor=organiser)
        sections_approve(report=report, language="en", actor=organiser)
    if not WrittenReport.objects.filter(dialogue=dialogue, scope=FRANCE).exists():
        texts = {slot.key: _french_text(slot, keys) for slot in slots}
        sections_save(dialogue=dialogue, scope=FRANCE, language="fr", texts=texts, actor=host)
        report = WrittenReport.objects.get(dialogue=dialogue, scope=FRANCE)
        sections_submit(report=report, language="fr", actor=host)
    if not ImpactEntry.objects.filter(dialogue=dialogue).exists():
        for fields in IMPACT:
            impact_entry_save(
                dialogue=dialogue,
                entry=None,
                fields=fields,
                document=None,
                remove_document=False,
                actor=organiser,
            )


def _global_text(slot: Slot, keys: list[str]) -> str:
    figure = f"\n\n[[figure:{keys[0]}]]" if keys else ""
    chart = f"\n\n[[chart:{keys[0]}]]" if keys else ""
    return {
        "executive_summary": (
            "Citizens chosen by lot on five continents spent a day learning about the future "
            "of the Internet, deliberating at small tables and voting on the same questions."
            "\n\nThis report is written by the organisers; the figures it shows are read from "
            "the results each time it is opened." + figure
        ),
        "key_messages": (
            "- Citizens want a *say* in how the Internet is governed.\n"
            "- Most tables asked for **clear rules** on personal data.\n"
            "- Views differ more between sites than between age groups." + chart
        ),
        "conclusions": (
            "The results go to the decision-makers listed in the record of impact, who are "
            "asked to answer publicly.\n\nNext steps: national hosts present their country's "
            "results to their parliament and ministries."
        ),
    }.get(
        slot.kind,
        f"What the tables discussed in the session “{slot.label}”, and where they agreed.",
    )


def _french_text(slot: Slot, keys: list[str]) -> str:
    figure = f"\n\n[[figure:{keys[0]}]]" if keys else ""
    return {
        "executive_summary": (
            "Une centaine de citoyennes et de citoyens tirés au sort ont délibéré à Paris." + figure
        ),
        "key_messages": "- Un Internet *ouvert*.\n- Des règles **claires** sur les données.",
        "conclusions": (
            "Le rapport national sera remis au ministère chargé du numérique et présenté "
            "aux parlementaires."
        ),
    }.get(slot.kind, f"Ce que les tables ont dit pendant la session « {slot.label} ».")


IMPACT = [
    ImpactFields(
        institution="Ministry of Digital Affairs (demo)",
        event="Hearing on the national digital strategy",
        received_on=datetime.date(2026, 12, 10),
        language="fr",
        status=ImpactEntry.FollowUp.ACTED_ON,
        response_text="The ministry cites the citizens' recommendations in its strategy.",
        evidence_links=["https://example.org/demo/strategy"],
    ),
    ImpactFields(
        institution="Internet Governance Forum secretariat (demo)",
        event="Open forum session",
        received_on=datetime.date(2026, 12, 15),
        language="en",
        status=ImpactEntry.FollowUp.RESPONDED,
        response_text="The results will be presented at the next forum.",
        evidence_links=[],
    ),
    ImpactFields(
        institution="City council digital committee (demo)",
        event="",
        received_on=datetime.date(2026, 12, 20),
        language="en",
        status=ImpactEntry.FollowUp.RECEIVED,
        response_text="",
        evidence_links=[],
    ),
]
