"""A world where every text a user can write is an XSS payload, for the escaping tests."""

from __future__ import annotations

import re
from collections.abc import Iterator

from django.test import Client
from django.utils import timezone

from polyvox.accounts.models import User
from polyvox.audit.services import audit_record
from polyvox.consultation.models import Consultation, Statement
from polyvox.deliberation.models import Answer, Table
from polyvox.deliberation.recommendations import recommendation_write
from polyvox.dialogues import services as dialogues
from polyvox.dialogues.models import Dialogue, Organisation, Session, Tier
from polyvox.recruitment.categories import ValueDefinition, category_define
from polyvox.recruitment.models import PoolImport
from polyvox.recruitment.registration import Registration, volunteer_register
from polyvox.results.models import ImpactEntry, ReportSection, Theme, WrittenReport
from polyvox.results.written_reports import report_slots
from tests.conftest import World
from tests.deliberation.helpers import make_agenda, make_participants

# Each part runs script in a different context: element body, attribute, raw HTML.
PAYLOAD = '"><svg onload=__xss=1><img src=x onerror=__xss=1><script>__xss=1</script>'
LIVE_MARKERS = ("<svg onload=__xss", "<img src=x onerror=__xss", "<script>__xss")
ESCAPED_MARKER = "&lt;svg onload=__xss"
SCRIPT_URL = "javascript:__xss=1"


def text(label: str) -> dict[str, str]:
    return {"en": f"{label} {PAYLOAD}", "fr": f"{label} (fr) {PAYLOAD}"}


def seed(world: World, *, audit: bool = True) -> Dialogue:
    """Payloads in the own dialogue's texts, people, answers and files.

    `audit=False` for tests that empty the database after them: the audit trail refuses."""
    dialogue = world.own
    dialogue.title, dialogue.theme = text("Title"), text("Theme")
    dialogue.save(update_fields=["title", "theme"])
    Organisation.objects.filter(id=dialogue.organiser_id).update(
        name=f"Org {PAYLOAD}", description=text("About"), website=SCRIPT_URL
    )
    dialogues.partnership_ensure(
        dialogue=dialogue,
        organisation=dialogues.organisation_upsert(name=f"Partner {PAYLOAD}", country="FR"),
        tier=Tier.GLOBAL_PARTNER,
    )
    site = world.own_site
    site.city = f"City {PAYLOAD}"[:120]
    site.save(update_fields=["city"])
    agenda = make_agenda(dialogue)
    Session.objects.filter(dialogue=dialogue).update(
        title=text("Session"), information=text("Information"), video_url=SCRIPT_URL
    )
    for question in (agenda.single, agenda.multiple, agenda.ranking, agenda.open):
        question.text = text("Question")
        question.save(update_fields=["text"])
        question.options.update(text=text("Option"))
    category_define(
        site=site,
        key="age",
        label=text("Category"),
        values=[ValueDefinition(key="young", label=text("Value"), share=0.5)],
    )
    volunteer_register(
        site=site,
        registration=Registration(
            full_name=f"Name {PAYLOAD}",
            email="volunteer@example.org",
            phone=PAYLOAD[:40],
            address=f"Address {PAYLOAD}",
            language="fr",
            values={"age": "young"},
        ),
        consent=True,
    )
    PoolImport.objects.create(
        site=site,
        file_name=f"{PAYLOAD}.csv",
        status=PoolImport.Status.REFUSED,
        problems=[f"{PAYLOAD}.csv, row 2, column name: {PAYLOAD}"],
        created_by=world.users["host"],
    )
    table = Table.objects.create(site=site, number=1)
    participants = make_participants(site, 3)
    for participant in participants:
        Answer.objects.create(participant=participant, question=agenda.open, text=PAYLOAD)
    recommendation_write(table=table, text=f"Recommendation {PAYLOAD}", language="fr")
    Theme.objects.create(
        dialogue=dialogue,
        question=agenda.open,
        language="fr",
        title=text("Theme"),
        label_terms=[PAYLOAD],
        size=3,
        quotes=[{"id": "answer:1", "text": {"fr": f"Quote {PAYLOAD}"}}],
    )
    consultation = Consultation.objects.create(
        dialogue=dialogue,
        slug="xss",
        title=text("Consultation"),
        topic=text("Topic"),
        status=Consultation.Status.OPEN,
    )
    Statement.objects.create(
        consultation=consultation,
        number=1,
        text=text("Statement"),
        language="en",
        fingerprint="xss",
        status=Statement.Status.ACCEPTED,
        created_at=timezone.now(),
    )
    _written_report_and_impact(dialogue)
    if audit:
        audit_record(
            actor=world.users["host"], action="pool.import", site=site, target=f"{PAYLOAD}.csv"
        )
    return dialogue


def _written_report_and_impact(dialogue: Dialogue) -> None:
    """An approved written report whose every section is a payload, and an impact entry."""
    report = WrittenReport.objects.create(dialogue=dialogue, scope=WrittenReport.GLOBAL)
    for slot in report_slots(dialogue):
        written = f"*{PAYLOAD}* [[figure:x{PAYLOAD}]]\n\n- {PAYLOAD}"
        ReportSection.objects.create(
            report=report,
            kind=slot.kind,
            session=slot.session,
            language="en",
            text=written,
            approved_text=written,
            status=ReportSection.Status.APPROVED,
        )
    ImpactEntry.objects.create(
        dialogue=dialogue,
        institution=f"Institution {PAYLOAD}",
        event=PAYLOAD,
        received_on=timezone.now().date(),
        language="en",
        response_text=PAYLOAD,
        evidence_links=[SCRIPT_URL, f"https://example.org/{PAYLOAD}"],
    )


def admin_user() -> User:
    return User.objects.create_superuser(username="root", email="root@example.org")


HREF = re.compile(r'href="(/en/[^"#?]*)')
SKIP = ("/logout/", "/delete/", "/history/", "/admin/jsi18n/", "/api/")


def crawl(
    client: Client, start: list[str], limit: int = 250, skip: tuple[str, ...] = ()
) -> Iterator[tuple[str, str]]:
    """Every HTML page reachable by links from `start`, with its text (GET only)."""
    skip = SKIP + skip
    seen, queue = set(start), list(start)
    while queue and len(seen) <= limit:
        url = queue.pop(0)
        response = client.get(url)
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        page = response.content.decode()
        yield url, page
        for link in HREF.findall(page):
            if link not in seen and not any(part in link for part in skip):
                seen.add(link)
                queue.append(link)
