"""The evaluation page, its report chapter and the ready-made questionnaire (issue 16).

The before/after example is the one tests/engines/tally/test_paired.py computes by hand:
ten citizens of Paris, 2 chose "yes" before and after, 3 only before, 1 only after and 4
never. Before 50 %, after 30 %: a change of -20 points, interval -49 to +16 points.
"""

from __future__ import annotations

import json

import pytest
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from polyvox.audit.models import AuditEvent
from polyvox.deliberation.models import Answer, Participant
from polyvox.dialogues import services
from polyvox.dialogues.models import Dialogue, Option, Question, Session, Site
from polyvox.dialogues.questionnaire import ITEMS, evaluation_questionnaire_add
from polyvox.results import opendata
from polyvox.results.evaluation import GLOBAL, Scope, evaluation_results
from polyvox.results.models import Report
from polyvox.results.reports import report_context
from polyvox.results.services import results_snapshot_refresh
from tests.conftest import World
from tests.hostile import HOSTILE, nasty_text, rolled_back
from tests.results.conftest import Results, add_ballot

pytestmark = pytest.mark.django_db

YES_NO = [{"key": "yes", "text": {"en": "Yes"}}, {"key": "no", "text": {"en": "No"}}]


def before_and_after(dialogue: Dialogue) -> tuple[Question, Question]:
    session = services.session_upsert(
        dialogue=dialogue, key="eval-s", title={"en": "S"}, questions=[]
    )
    before = services.question_upsert(
        session=session,
        key="support-before",
        position=0,
        kind=Question.Kind.SINGLE,
        text={"en": "Support before?"},
        options=YES_NO,  # type: ignore[arg-type]
        purpose=Question.Purpose.BEFORE,
    )
    after = services.question_upsert(
        session=session,
        key="support-after",
        position=1,
        kind=Question.Kind.SINGLE,
        text={"en": "Support after?"},
        options=YES_NO,  # type: ignore[arg-type]
        purpose=Question.Purpose.AFTER,
        before_question=before,
    )
    return before, after


def ten_citizens_change_their_minds(site: Site, before: Question, after: Question) -> None:
    yes_before, no_before = (before.options.get(key=k) for k in ("yes", "no"))
    yes_after, no_after = (after.options.get(key=k) for k in ("yes", "no"))
    pattern = [(1, 1)] * 2 + [(1, 0)] * 3 + [(0, 1)] + [(0, 0)] * 4
    for chose_before, chose_after in pattern:
        person = Participant.objects.create(site=site, language="fr", status="present")
        Answer.objects.create(
            participant=person, question=before, option=yes_before if chose_before else no_before
        )
        Answer.objects.create(
            participant=person, question=after, option=yes_after if chose_after else no_after
        )
    # Someone who answered only after is not a pair.
    late = Participant.objects.create(site=site, language="fr", status="present")
    Answer.objects.create(participant=late, question=after, option=yes_after)


def evaluation_answers(world: World, results: Results) -> list[Question]:
    """The questionnaire, answered by every Paris citizen of the results fixture, "agree"."""
    evaluation_questionnaire_add(dialogue=results.dialogue, actor=world.users["organiser"])
    questions = list(Question.objects.filter(purpose=Question.Purpose.EVALUATION))
    for person in Participant.objects.filter(site=world.own_site):
        for question in questions:
            Answer.objects.create(
                participant=person, question=question, option=question.options.get(key="agree")
            )
    return questions


class TestChangeOfMind:
    def test_the_page_shows_the_hand_computed_change_and_names_the_method(
        self, world: World, results: Results, client: Client
    ) -> None:
        before, after = before_and_after(results.dialogue)
        ten_citizens_change_their_minds(world.own_site, before, after)
        client.force_login(world.users["organiser"])
        page = client.get(reverse("results:evaluation", args=["own"])).content.decode()
        assert "10 citizens answered both" in page
        # In words first; the percentage points and the paired interval one click away.
        assert (
            '<td data-label="Before">50 %</td><td data-label="After">30 %</td>'
            '<td data-label="Change">20 points lower</td>'
            '<td data-label="Real or chance?">could be chance</td>' in page
        )
        assert (
            '<td data-label="Change in percentage points">−20 pts</td>'
            '<td data-label="95 % interval">−49 pts to +16 pts</td>' in page
        )
        assert "Newcombe&#x27;s hybrid score interval for paired data (method 10)" in page

    def test_site_country_and_global_levels_and_small_groups_withheld(
        self, world: World, results: Results
    ) -> None:
        before, after = before_and_after(results.dialogue)
        ten_citizens_change_their_minds(world.own_site, before, after)
        for scope in (
            Scope(GLOBAL, "", "All"),
            Scope("country", "FR", "France"),
            Scope("site", "paris", "Paris"),
        ):
            (figure,) = evaluation_results(dialogue=results.dialogue, scope=scope).changes
            assert figure.pairs == 10
            assert figure.rows[0].change == pytest.approx(-0.2)
        # Berlin has no pair; Lyon none either: below k, nothing is shown.
        (germany,) = evaluation_results(
            dialogue=results.dialogue, scope=Scope("country", "DE", "Germany")
        ).changes
        assert germany.withheld
        assert germany.rows == []


class TestQuestionnaire:
    def test_it_is_added_in_english_and_french_once_and_audited(
        self, world: World, results: Results
    ) -> None:
        organiser = world.users["organiser"]
        first = evaluation_questionnaire_add(dialogue=results.dialogue, actor=organiser)
        question = Question.objects.get(key="eval-fair-process")
        question.text = {**question.text, "fr": "Texte modifié"}
        question.save()
        second = evaluation_questionnaire_add(dialogue=results.dialogue, actor=organiser)
        assert (first.questions_added, first.options_added) == (len(ITEMS), 5 * len(ITEMS))
        assert (second.questions_added, second.options_added) == (0, 0)
        evaluation = Question.objects.filter(purpose=Question.Purpose.EVALUATION)
        assert evaluation.count() == len(ITEMS)
        assert all({"en", "fr"} <= set(q.text) for q in evaluation)
        assert all(
            {"en", "fr"} <= set(o.text) for o in Option.objects.filter(question__in=evaluation)
        )
        assert Question.objects.get(key="eval-fair-process").text["fr"] == "Texte modifié"
        assert Session.objects.filter(dialogue=results.dialogue, key="evaluation").count() == 1
        events = AuditEvent.objects.filter(action="dialogue.evaluation_questionnaire_add")
        assert [e.details["questions_added"] for e in events.order_by("id")] == [len(ITEMS), 0]

    def test_an_organiser_confirms_before_it_is_added(
        self, world: World, results: Results, client: Client
    ) -> None:
        client.force_login(world.users["organiser"])
        url = reverse("results:evaluation-questionnaire", args=["own"])
        asked = client.post(url)
        assert "Add the evaluation questionnaire to this dialogue?" in asked.content.decode()
        assert not Question.objects.filter(purpose=Question.Purpose.EVALUATION).exists()
        done = client.post(url, {"confirm": "yes"}, follow=True)
        assert f"{len(ITEMS)} evaluation statements were added" in done.content.decode()
        again = client.post(url, {"confirm": "yes"}, follow=True)
        assert "already there: nothing added" in again.content.decode()
        assert Question.objects.filter(purpose=Question.Purpose.EVALUATION).count() == len(ITEMS)


class TestKeptApart:
    def test_evaluation_answers_never_change_the_main_figures(
        self, world: World, results: Results, client: Client
    ) -> None:
        main = results_snapshot_refresh(dialogue=results.dialogue).data
        header, rows, _protected = opendata.answer_table(dialogue=results.dialogue)
        evaluation_answers(world, results)
        after = results_snapshot_refresh(dialogue=results.dialogue).data
        # Every main figure is the same: shares, breakdowns, comparisons, "Which country
        # are you?", the questions listed, the totals.
        assert json.dumps(after, sort_keys=True, default=str) == json.dumps(
            main, sort_keys=True, default=str
        )
        assert opendata.answer_table(dialogue=results.dialogue)[:2] == (header, rows)
        api = client.get(reverse("api-1:results_dialogue", args=["own"]))
        assert "eval-" not in api.content.decode()
        client.force_login(world.users["organiser"])
        page = client.get(reverse("results:results", args=["own"])).content.decode()
        assert "Overall, the process was fair." not in page
        which = client.get(reverse("results:which-country", args=["own"])).content.decode()
        assert "Overall, the process was fair." not in which

    def test_the_evaluation_page_and_the_report_chapter_show_them(
        self, world: World, results: Results, client: Client
    ) -> None:
        evaluation_answers(world, results)
        add_ballot(world.own_site, results.agree, results.option["yes"])  # a fifth citizen
        evaluation_questionnaire_add(dialogue=results.dialogue, actor=world.users["organiser"])
        for person in Participant.objects.filter(site=world.own_site, answers__isnull=True):
            Answer.objects.create(
                participant=person,
                question=Question.objects.get(key="eval-fair-process"),
                option=Option.objects.get(question__key="eval-fair-process", key="agree"),
            )
        client.force_login(world.users["organiser"])
        page = client.get(reverse("results:evaluation", args=["own"])).content.decode()
        assert "Overall, the process was fair." in page
        snapshot = results_snapshot_refresh(dialogue=results.dialogue)
        context = report_context(dialogue=results.dialogue, snapshot=snapshot, scope=Report.GLOBAL)
        html = render_to_string("results/report.html", {**context, "language": "en"})
        assert '<h2 id="evaluation">Evaluation</h2>' in html
        assert "Overall, the process was fair." in html
        main_part = html.split('<h2 id="evaluation">')[0]
        assert "Overall, the process was fair." not in main_part


class TestHostileScope:
    @HOSTILE
    @given(scope=st.one_of(nasty_text, st.sampled_from(["site:", "country:", "site:../x"])))
    def test_any_scope_shows_a_page_or_falls_back_to_all_sites(
        self, world: World, results: Results, scope: str
    ) -> None:
        client = Client()
        client.force_login(world.users["organiser"])
        with rolled_back():
            response = client.get(reverse("results:evaluation", args=["own"]), {"scope": scope})
            assert response.status_code == 200
            assert "Showing: All sites" in response.content.decode() or scope in {
                "global",
                "country:FR",
                "country:DE",
                "site:paris",
                "site:lyon",
                "site:berlin",
            }
