"""A citizen votes on a phone: the QR link signs them in, the page passes axe-core, it works
without JavaScript and in French."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from playwright.sync_api import Page
from pytest_django.live_server_helper import LiveServer

from polyvox.deliberation.models import (
    Answer,
    Participant,
    Recommendation,
    RecommendationRanking,
    Table,
)
from polyvox.deliberation.recommendations import (
    ranking_open_set,
    recommendation_method_set,
    recommendation_write,
)
from polyvox.deliberation.windows import window_close
from tests.browser_fixtures import serious_accessibility_violations
from tests.conftest import World
from tests.deliberation.helpers import Agenda, make_agenda, make_participants, open_all

if TYPE_CHECKING:
    from playwright.sync_api import Browser, ViewportSize

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE: ViewportSize = {"width": 360, "height": 740}


@pytest.fixture
def day(world: World) -> tuple[Agenda, Participant]:
    world.own_site.languages = ["fr", "en"]
    world.own_site.save()
    agenda = make_agenda(world.own)
    open_all(world.own_site, agenda)
    (citizen,) = make_participants(world.own_site, 1, language="fr")
    return agenda, citizen


def scan(page: Page, live_server: LiveServer, citizen: Participant, language: str = "fr") -> None:
    """Opens the card's QR address as a phone's camera app would (no typing)."""
    page.goto(f"{live_server.url}/{language}/vote/?code={citizen.code}")
    page.wait_for_url("**/vote/ballot/")
    assert citizen.code not in page.url


def fits_the_screen(page: Page) -> bool:
    fits: bool = page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    return fits


def test_the_ballot_has_no_serious_accessibility_violation(
    live_server: LiveServer, browser: Browser, day: tuple[Agenda, Participant], artifacts: Path
) -> None:
    _agenda, citizen = day
    context = browser.new_context(locale="fr-FR", viewport=PHONE, bypass_csp=True)
    page = context.new_page()
    page.goto(f"{live_server.url}/fr/vote/")
    assert serious_accessibility_violations(page) == [], "code form"
    scan(page, live_server, citizen)
    assert page.locator("html").get_attribute("lang") == "fr"
    assert page.get_by_role("heading", level=1).inner_text() == "Votre bulletin"
    assert fits_the_screen(page)
    assert serious_accessibility_violations(page) == [], "ballot"
    page.screenshot(path=str(artifacts / "ballot-phone-fr.png"), full_page=True)
    context.close()


def test_a_citizen_votes_on_every_kind_of_question_without_javascript(
    live_server: LiveServer, browser: Browser, day: tuple[Agenda, Participant], artifacts: Path
) -> None:
    agenda, citizen = day
    context = browser.new_context(locale="fr-FR", viewport=PHONE, java_script_enabled=False)
    page = context.new_page()
    scan(page, live_server, citizen)

    single = page.get_by_role("group", name="L'accès est-il un droit ?")
    single.get_by_label("Option no (fr)").check()
    single.get_by_role("button", name="Voter").click()
    # The page opens at the next question, which says the answer is recorded.
    assert page.url.endswith(f"#q-{agenda.multiple.id}")
    assert page.locator(f"#q-{agenda.multiple.id}").get_by_role("status").is_visible()

    page.get_by_role("group", name="Which threats?").get_by_label("Option spam (fr)").check()
    page.get_by_role("group", name="Which threats?").get_by_role("button").click()
    ranking = page.get_by_role("group", name="Rank the priorities")
    ranking.get_by_label("Option c (fr)").fill("1")
    ranking.get_by_label("Option a (fr)").fill("2")
    ranking.get_by_role("button").click()
    idea = page.get_by_role("group", name="Your idea?")
    idea.get_by_label("Votre réponse").fill("Des bibliothèques ouvertes")
    idea.get_by_role("button").click()
    assert fits_the_screen(page)
    page.screenshot(path=str(artifacts / "ballot-phone-no-js.png"), full_page=True)
    context.close()

    answers = {answer.question_id: answer for answer in Answer.objects.filter(participant=citizen)}
    no = agenda.single.options.get(key="no")
    spam = agenda.multiple.options.get(key="spam")
    a, c = agenda.ranking.options.get(key="a"), agenda.ranking.options.get(key="c")
    assert answers[agenda.single.id].option_id == no.id
    assert answers[agenda.multiple.id].choices == [spam.id]
    assert answers[agenda.ranking.id].choices == [c.id, a.id]
    assert answers[agenda.open.id].text == "Des bibliothèques ouvertes"


def test_a_closed_question_says_so_in_french(
    live_server: LiveServer, browser: Browser, world: World, day: tuple[Agenda, Participant]
) -> None:
    agenda, citizen = day
    window_close(site=world.own_site, question=agenda.single)
    context = browser.new_context(locale="fr-FR", viewport=PHONE, java_script_enabled=False)
    page = context.new_page()
    scan(page, live_server, citizen)
    # Closed, it is folded below the open questions: unfold it.
    page.locator("summary", has_text="L'accès est-il un droit ?").click()
    single = page.get_by_role("group", name="L'accès est-il un droit ?")
    assert single.get_by_text("Le vote sur cette question est clos.").is_visible()
    assert single.get_by_role("button").count() == 0
    context.close()


def test_a_citizen_approves_recommendations_without_javascript(
    live_server: LiveServer,
    browser: Browser,
    world: World,
    day: tuple[Agenda, Participant],
    artifacts: Path,
) -> None:
    _agenda, citizen = day
    texts = ["Wifi gratuit", "Enseigner la vie privée", "Données ouvertes"]
    for number, text in enumerate(texts, start=1):
        table = Table.objects.create(site=world.own_site, number=number)
        recommendation_write(table=table, text=text, language="fr")
    recommendation_method_set(site=world.own_site, method="approval")
    ranking_open_set(site=world.own_site, enabled=True)
    context = browser.new_context(
        locale="fr-FR", viewport=PHONE, java_script_enabled=False, bypass_csp=True
    )
    page = context.new_page()
    scan(page, live_server, citizen)
    page.get_by_role("link", name="Voter sur les recommandations").click()
    page.get_by_label("Wifi gratuit").check()
    page.get_by_label("Données ouvertes").check()
    page.get_by_role("button", name="Enregistrer mon vote").click()
    assert page.get_by_text("Votre vote est enregistré.").is_visible()
    assert fits_the_screen(page)
    page.screenshot(path=str(artifacts / "approval-phone-fr.png"), full_page=True)
    context.close()
    approved = RecommendationRanking.objects.get(participant=citizen).order
    wifi, data = (Recommendation.objects.get(text__fr=text).id for text in texts[::2])
    assert approved == sorted([wifi, data])


def test_the_approval_page_has_no_serious_accessibility_violation(
    live_server: LiveServer, browser: Browser, world: World, day: tuple[Agenda, Participant]
) -> None:
    _agenda, citizen = day
    table = Table.objects.create(site=world.own_site, number=1)
    recommendation_write(table=table, text="Wifi gratuit", language="fr")
    recommendation_method_set(site=world.own_site, method="approval")
    ranking_open_set(site=world.own_site, enabled=True)
    context = browser.new_context(locale="fr-FR", viewport=PHONE, bypass_csp=True)
    page = context.new_page()
    scan(page, live_server, citizen)
    page.goto(f"{live_server.url}/fr/vote/recommendations/")
    assert page.get_by_role("heading", level=1).inner_text() == "Voter sur les recommandations"
    assert serious_accessibility_violations(page) == []
    context.close()
