"""A site's stages, from registration to final results: each says what comes next and
refuses what is past."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from polyvox.dialogues.models import Dialogue, Site
from polyvox.people.models import Person
from polyvox.recruitment import registration, selection, stages
from polyvox.recruitment.models import SelectionRun
from tests.conftest import World
from tests.people.helpers import drawn_panel
from tests.recruitment.helpers import make_pool, registration_close

pytestmark = pytest.mark.django_db

ADA = registration.Registration(
    full_name="Ada Lovelace",
    email="ada@example.org",
    phone="",
    address="",
    language="en",
    values={},
)


def publish_results(dialogue: Dialogue) -> None:
    dialogue.status = Dialogue.Status.RESULTS_PUBLISHED
    dialogue.save(update_fields=["status"])


def stage_of(site: Site) -> stages.SiteStage:
    site.refresh_from_db()
    return stages.site_stage(site=site, now=timezone.now())


def prepare(site: Site) -> SelectionRun:
    return selection.selection_prepare(
        site=site, panel_size=4, reserves=0, algorithm="leximin", created_by=None
    )


class TestStages:
    def test_it_walks_a_site_from_registration_to_final_results(self, world: World) -> None:
        site = world.own_site
        assert stage_of(site).stage == stages.Stage.REGISTRATION
        next_step = stage_of(site).next_step
        assert next_step is not None
        assert next_step.url.endswith("#registration")
        make_pool(site, size=16)
        assert stage_of(site).stage == stages.Stage.POOL_CLOSED
        assert re.search("prepare the lottery", str(stage_of(site).next_step))
        run = prepare(site)
        assert stage_of(site).stage == stages.Stage.LOTTERY_PREPARED
        assert stage_of(site).next_step == stages.NextStep(
            "draw the panel", reverse("recruitment:run", args=[run.id])
        )
        SelectionRun.objects.filter(id=run.id).update(status=SelectionRun.Status.DRAWN)
        assert stage_of(site).stage == stages.Stage.PANEL_DRAWN
        publish_results(world.own)
        assert stage_of(site).stage == stages.Stage.RESULTS_FINAL
        assert stage_of(site).next_step is None


class TestRegistrationRefusals:
    def test_it_refuses_a_volunteer_once_the_results_are_final(self, world: World) -> None:
        publish_results(world.published)
        with pytest.raises(stages.RegistrationClosedError, match="results of this dialogue"):
            registration.volunteer_register_or_remind(site=world.published_site, registration=ADA)
        # Nor by any other route into the pool.
        with pytest.raises(stages.RegistrationClosedError):
            registration.volunteer_register(
                site=world.published_site, registration=ADA, consent=True
            )
        assert not Person.objects.filter(email=ADA.email).exists()

    def test_it_refuses_a_volunteer_once_the_host_closed_registration(self, world: World) -> None:
        registration_close(world.published_site)
        with pytest.raises(stages.RegistrationClosedError, match="closed for this site"):
            registration.volunteer_register_or_remind(site=world.published_site, registration=ADA)

    def test_it_refuses_to_reopen_once_the_panel_is_drawn(self, world: World) -> None:
        drawn_panel(world.own_site)
        with pytest.raises(stages.RegistrationClosedError, match="panel has been drawn"):
            registration.registration_set(
                site=world.own_site, is_open=True, actor=world.users["host"]
            )

    def test_it_refuses_to_reopen_while_a_lottery_is_prepared(self, world: World) -> None:
        make_pool(world.own_site, size=16)
        prepare(world.own_site)
        with pytest.raises(stages.RegistrationClosedError, match="draw the panel instead"):
            registration.registration_set(
                site=world.own_site, is_open=True, actor=world.users["host"]
            )


class TestLotteryRefusals:
    def test_it_refuses_to_prepare_while_registration_is_open(self, world: World) -> None:
        make_pool(world.own_site, size=16, close_registration=False)
        with pytest.raises(selection.RegistrationStillOpenError, match="Close registration first"):
            prepare(world.own_site)
        assert not SelectionRun.objects.exists()

    def test_it_refuses_to_prepare_once_the_results_are_final(self, world: World) -> None:
        make_pool(world.own_site, size=16)
        publish_results(world.own)
        with pytest.raises(
            selection.SelectionError, match="results of this dialogue are published"
        ):
            prepare(world.own_site)


class TestPublicSitePage:
    def url(self, world: World) -> str:
        return reverse("dialogues:site", args=[world.published.slug, world.published_site.slug])

    def test_it_offers_to_volunteer_while_other_sites_deliberate(self, world: World) -> None:
        # The dialogue's day has begun elsewhere; this site still recruits.
        world.published.status = Dialogue.Status.DELIBERATING
        world.published.save(update_fields=["status"])
        page = world.client_for("anonymous").get(self.url(world)).content.decode()
        assert "Volunteer to take part" in page

    def test_it_says_registration_closed_because_the_results_are_published(
        self, world: World
    ) -> None:
        publish_results(world.published)
        page = world.client_for("anonymous").get(self.url(world)).content.decode()
        assert "Volunteer to take part" not in page
        assert "Registration is closed: the results of this dialogue are published." in page

    def test_its_registration_page_says_why_it_is_closed(self, world: World) -> None:
        publish_results(world.published)
        site = world.published_site
        register = reverse("recruitment:register", args=[world.published.slug, site.slug])
        anonymous = world.client_for("anonymous")
        assert "results of this dialogue are published" in anonymous.get(register).content.decode()
        anonymous.post(register, {"full_name": "Ada", "email": "ada@example.org", "consent": "on"})
        assert not Person.objects.filter(email="ada@example.org").exists()


class TestHostPage:
    def test_it_names_the_next_step_with_its_link(self, world: World) -> None:
        manage = reverse("recruitment:manage", args=[world.own_site.id])
        page = world.client_for("host").get(manage).content.decode()
        assert "Next step:" in page
        assert f'href="{manage}#registration">close registration' in page

    def test_preparing_with_registration_open_offers_the_close_action(self, world: World) -> None:
        make_pool(world.own_site, size=16, close_registration=False)
        host = world.client_for("host")
        response = host.post(
            reverse("recruitment:selection-prepare", args=[world.own_site.id]),
            {"panel_size": 4, "reserves": 0, "algorithm": "leximin"},
        )
        assert response.status_code == 400
        page = response.content.decode()
        assert "Close registration first" in page
        switch = reverse("recruitment:registration-switch", args=[world.own_site.id])
        close_forms = re.findall(rf'action="{switch}">.*?name="open" value="0"', page, re.S)
        assert close_forms
        # Closing it there leads on to the lottery.
        host.post(switch, {"open": "0", "confirm": "yes"})
        page = host.get(reverse("recruitment:manage", args=[world.own_site.id])).content.decode()
        assert "prepare the lottery</a>" in page

    def test_reopening_after_the_draw_is_refused_on_the_page(self, world: World) -> None:
        drawn_panel(world.own_site)
        switch = reverse("recruitment:registration-switch", args=[world.own_site.id])
        response = world.client_for("host").post(switch, {"open": "1"})
        assert response.status_code == 409
        assert "the panel has been drawn by lot" in response.content.decode()
