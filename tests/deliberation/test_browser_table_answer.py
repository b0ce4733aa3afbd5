"""A facilitator enters their table's group answer on a phone: the table question open at
their site, their own table already chosen, a ranking typed as numbers; the page then
says it is saved (issue 15 item 1)."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page
from pytest_django.live_server_helper import LiveServer

from polyvox.deliberation.models import Table, TableAnswer
from polyvox.deliberation.windows import window_open
from polyvox.dialogues import services as dialogue_services
from tests.browser_fixtures import log_in, serious_accessibility_violations
from tests.conftest import World
from tests.deliberation.helpers import option_list

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("width", [390, 1366])
def test_a_facilitator_enters_their_tables_ranking(
    live_server: LiveServer,
    axe_page: Page,
    artifacts: Path,
    audit_trail_emptied_afterwards: None,
    world: World,
    width: int,
) -> None:
    session = dialogue_services.session_upsert(
        dialogue=world.own, key="tables", title={"en": "Tables"}, questions=[]
    )
    question = dialogue_services.question_upsert(
        session=session,
        key="group-priorities",
        position=1,
        kind="ranking",
        answered_by="table",
        text={"en": "Rank the priorities as a table"},
        options=option_list("a", "b", "c"),
    )
    window_open(site=world.own_site, question=question)
    mine = Table.objects.create(
        site=world.own_site, number=3, facilitator=world.users["facilitator"]
    )
    Table.objects.create(site=world.own_site, number=4)

    axe_page.set_viewport_size({"width": width, "height": 900})
    log_in(axe_page, live_server, world.users["facilitator"])
    axe_page.goto(f"{live_server.url}/en/day/{world.own_site.id}/table-answers/")
    assert axe_page.get_by_label("Table:", exact=True).input_value() == str(mine.id)
    assert "Table 4" not in axe_page.content()
    axe_page.get_by_label("Option b").fill("1")
    axe_page.get_by_label("Option a").fill("2")
    assert serious_accessibility_violations(axe_page) == []
    fits: bool = axe_page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert fits, f"the page scrolls sideways at {width} px"
    axe_page.screenshot(path=str(artifacts / f"table-answer-{width}.png"), full_page=True)

    axe_page.get_by_role("button", name="Save the table's answer").click()
    assert "The answer of Table 3 is saved." in axe_page.locator(".messages").inner_text()
    assert "Table 3: answered" in axe_page.content()
    answer = TableAnswer.objects.get(table=mine)
    by_key = {option.key: option.id for option in question.options.all()}
    assert answer.choices == [by_key["b"], by_key["a"]]
    assert serious_accessibility_violations(axe_page) == []
