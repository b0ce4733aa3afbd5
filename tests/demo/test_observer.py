"""The demo's observer reads every page meant for them, sees no personal data and no
voting code on any of them, changes nothing, and every page they open is recorded."""

from __future__ import annotations

import json

import pytest
from django.test import Client
from django.urls import reverse

from polyvox.accounts.models import User
from polyvox.audit.models import AuditEvent
from polyvox.audit.selectors import PAGE_VIEW
from polyvox.deliberation.models import Participant
from polyvox.demo import accounts as demo_accounts
from polyvox.demo import deliberation as demo_deliberation
from polyvox.demo import dialogue as dialogue_demo
from polyvox.demo import evaluation as demo_evaluation
from polyvox.demo import recruitment as demo_recruitment
from polyvox.dialogues.models import Dialogue
from polyvox.people.access import self_service_token
from polyvox.people.models import Person
from polyvox.recruitment.models import SelectionRun
from polyvox.results.evaluation import evaluation_scopes

pytestmark = pytest.mark.django_db


def observer_pages(dialogue: Dialogue) -> list[str]:
    """Every page the observer's work leads to, at every site and every level."""
    slug = dialogue.slug
    sites = list(dialogue.sites.order_by("id"))
    pages = [
        reverse("accounts:dashboard"),
        reverse("dialogues:home"),
        reverse("dialogues:dialogue", args=[slug]),
        reverse("results:results", args=[slug]),
        reverse("results:which-country", args=[slug]),
        reverse("results:download", args=[slug, "shares", "json"]),
        reverse("results:download", args=[slug, "answers", "json"]),
        reverse("audit:dialogue", args=[dialogue.id]),
        reverse("api-1:get_dialogue", args=[slug]),
        reverse("api-1:results_dialogue", args=[slug]),
    ]
    pages += [
        f"{reverse('results:evaluation', args=[slug])}?scope={scope.key}"
        for scope in evaluation_scopes(dialogue=dialogue)
    ]
    for site in sites:
        pages.append(reverse("dialogues:site", args=[slug, site.slug]))
        pages.append(reverse("deliberation:dashboard", args=[site.id]))
    pages += [
        reverse("recruitment:report", args=[run.id])
        for run in SelectionRun.objects.filter(site__dialogue=dialogue)
    ]
    return pages


def secrets_of(dialogue: Dialogue) -> list[str]:
    """What must never reach an observer: voting codes and the vault's names and emails."""
    codes = list(Participant.objects.filter(site__dialogue=dialogue).values_list("code", flat=True))
    people = Person.objects.filter(volunteers__site__dialogue=dialogue)
    names = [name for name in people.values_list("full_name", flat=True) if len(name) > 4]
    emails = [email for email in people.values_list("email", flat=True) if email]
    return codes + names + emails


@pytest.fixture
def demo() -> Dialogue:
    dialogue = dialogue_demo.load()
    demo_accounts.load(dialogue=dialogue)
    demo_recruitment.load(dialogue=dialogue)
    demo_deliberation.load(dialogue=dialogue)
    demo_evaluation.load(dialogue=dialogue)
    return dialogue


def test_the_observer_reads_every_page_without_codes_or_personal_data(demo: Dialogue) -> None:
    client = Client()
    client.force_login(User.objects.get(username="observer"))
    secrets = secrets_of(demo)
    assert len(secrets) > 1000  # the scan means something: the demo has codes and a vault
    pages = observer_pages(demo)
    for page in pages:
        response = client.get(page)
        assert response.status_code == 200, page
        body = response.content.decode()
        leaked = [secret for secret in secrets if secret in body]
        assert leaked == [], f"{page} shows {leaked[:3]}"
    views = AuditEvent.objects.filter(action=PAGE_VIEW, actor__username="observer")
    assert views.count() == len(pages)
    recorded = json.dumps(list(views.values_list("target", "details")))
    assert [secret for secret in secrets if secret in recorded] == []


def test_the_observer_changes_nothing_and_tokens_stay_out_of_the_trail(demo: Dialogue) -> None:
    client = Client()
    client.force_login(User.objects.get(username="observer"))
    site = demo.sites.get(slug=demo_accounts.DEMO_HOST_SITE)
    participant = Participant.objects.filter(site=site).first()
    assert participant is not None
    writes = [
        reverse("deliberation:run-sheet", args=[site.id]),
        reverse("deliberation:seat", args=[site.id]),
        reverse("deliberation:cards", args=[site.id]),
        reverse("deliberation:check-in", args=[site.id, participant.id]),
        reverse("deliberation:vote-login"),
        reverse("results:publication", args=[demo.slug]),
        reverse("results:evaluation-questionnaire", args=[demo.slug]),
        reverse("dialogues:translation-check", args=[demo.id]),
    ]
    for url in writes:
        response = client.post(url, {"confirm": "yes", "code": participant.code})
        assert response.status_code == 403, url
    assert client.post(reverse("accounts:logout")).status_code == 302  # leaving is allowed
    client.force_login(User.objects.get(username="observer"))
    person = Person.objects.filter(volunteers__site__dialogue=demo).first()
    assert person is not None
    token = self_service_token(people=[person])
    client.get(reverse("people:self", args=[token]))
    trail = json.dumps(
        list(AuditEvent.objects.filter(actor__username="observer").values("target", "details"))
    )
    assert token not in trail
    assert "my-data/<str:token>/" in trail
