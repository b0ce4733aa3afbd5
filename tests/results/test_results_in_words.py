"""Figures a non-expert reads in words (issue 18 item 6), and the summary of the findings
that stand out, at the top of the results page (issue 18, a page to project)."""

from __future__ import annotations

from collections.abc import Iterator
from types import SimpleNamespace

import pytest
from django.template.loader import render_to_string
from django.test import Client
from django.utils import translation

from polyvox.dialogues.models import Dialogue
from polyvox.results.figures import (
    BreakdownCell,
    BreakdownLine,
    ComparisonLine,
    QuestionFigure,
    ShareCell,
)
from polyvox.results.summary import MAX_LEADS, standout_findings
from polyvox.results.templatetags.results import difference_in_words, points_in_words
from tests.results.conftest import Results


@pytest.fixture(autouse=True)
def in_english() -> Iterator[None]:
    with translation.override("en"):
        yield


def cell(
    option: str, share: float, low: float, high: float, *, group: str = "All participants"
) -> ShareCell:
    return ShareCell(group, group, option.lower(), option, share, low, high, None, 100)


def figure(
    key: str, headline: list[ShareCell], bars: list[ShareCell] | None = None
) -> QuestionFigure:
    options = list(dict.fromkeys((c.option, c.option_label) for c in headline + (bars or [])))
    return QuestionFigure(
        key=key,
        kind="single",
        text=f"Question {key}?",
        options=options,
        headline=headline,
        bars=bars or [],
        bar_weighting="pooled",
        summary="",
    )


class TestDifferencesInWords:
    @pytest.mark.parametrize(
        ("difference", "words"),
        [
            (-0.11, "11 points lower"),
            (0.2, "20 points higher"),
            (0.01, "1 point higher"),
            (0.004, "about the same"),
            (None, "–"),
        ],
    )
    def test_a_difference_of_shares_is_points_higher_or_lower(
        self, difference: float | None, words: str
    ) -> None:
        assert points_in_words(difference) == words

    def test_a_significant_difference_is_likely_real_and_the_rest_could_be_chance(
        self,
    ) -> None:
        assert difference_in_words(True) == "likely a real difference"
        assert difference_in_words(False) == "could be chance"


def test_a_hidden_breakdown_cell_says_why_it_is_hidden() -> None:
    shown = figure("agree", [cell("Yes", 0.5, 0.3, 0.7), cell("No", 0.5, 0.3, 0.7)])
    shown.breakdown = [
        BreakdownLine(
            "18-24",
            "18-24",
            12,
            [BreakdownCell(count=9, share=0.75), BreakdownCell(count=None, share=None)],
        )
    ]
    html = render_to_string(
        "results/_figures.html",
        {
            "figures": [shown],
            "summary": [],
            "dialogue": SimpleNamespace(k_anonymity=10, slug="own"),
            "category_label": "age",
        },
    )
    assert '<span class="hidden-cell"' in html
    assert ">hidden</span>" in html
    assert "*" not in html.split("By age")[1].split("</table>")[0]
    assert "1 of 2 figures is hidden." in html
    assert "“hidden”: fewer than 10 people" in html


def test_a_comparison_reads_in_words_with_its_p_value_one_click_away() -> None:
    shown = figure("agree", [cell("Yes", 0.4, 0.3, 0.5)])
    shown.comparison = [ComparisonLine("Yes", 0.4, 0.51, -0.11, 0.01, True)]
    html = render_to_string(
        "results/_figures.html",
        {"figures": [shown], "summary": [], "dialogue": SimpleNamespace(k_anonymity=10)},
    )
    table = html.split("This country compared with all other participants")[1].split("</table>")[0]
    assert ">11 points lower</td>" in table
    assert ">likely a real difference</td>" in table
    assert "p < 0.05" not in table
    detail = html.split("<details>")[-1]
    assert "p < 0.05" in detail
    assert "0.010" in detail


class TestSummary:
    def test_a_clear_lead_is_named_with_its_interval(self) -> None:
        clear = figure("clear", [cell("Yes", 0.7, 0.6, 0.8), cell("No", 0.3, 0.2, 0.4)])
        findings = standout_findings([clear])
        assert [f.kind for f in findings] == ["lead"]
        assert findings[0].question_key == "clear"
        assert findings[0].text == (
            "All participants: “Yes” is clearly ahead with 70 % (likely between 60 % and 80 %); "
            "next comes “No” with 30 %."
        )

    def test_answers_within_chance_of_each_other_make_no_finding(self) -> None:
        close = figure("close", [cell("Yes", 0.55, 0.4, 0.7), cell("No", 0.45, 0.3, 0.6)])
        assert standout_findings([close]) == []

    def test_groups_whose_intervals_are_apart_are_a_likely_real_difference(self) -> None:
        bars = [
            cell("Yes", 0.8, 0.7, 0.9, group="Europe"),
            cell("Yes", 0.55, 0.45, 0.65, group="Asia"),
            cell("Yes", 0.3, 0.2, 0.4, group="Africa"),
            cell("No", 0.5, 0.3, 0.7, group="Europe"),
            cell("No", 0.45, 0.3, 0.6, group="Africa"),
        ]
        headline = [cell("Yes", 0.55, 0.45, 0.65), cell("No", 0.45, 0.35, 0.55)]
        findings = standout_findings([figure("regions", headline, bars)])
        assert [f.kind for f in findings] == ["difference"]  # "No" overlaps: no finding
        assert findings[0].text == (
            "“Yes”: Europe 80 % (likely between 70 % and 90 %) against Africa 30 % (likely "
            "between 20 % and 40 %): 50 points apart, likely a real difference."
        )

    def test_leads_come_first_in_page_order_and_the_clearest_are_kept(self) -> None:
        figures = [
            figure(
                f"q{i}", [cell("Yes", 0.5 + i / 50, 0.45 + i / 50, 0.6), cell("No", 0.2, 0.1, 0.3)]
            )
            for i in range(MAX_LEADS + 2)
        ]
        figures[0].comparison = [ComparisonLine("Yes", 0.6, 0.4, 0.2, 0.001, True)]
        findings = standout_findings(figures)
        leads = [f.question_key for f in findings if f.kind == "lead"]
        # The two leads least clear of the runner-up (q0, q1) are left out.
        assert leads == [f"q{i}" for i in range(2, MAX_LEADS + 2)]
        assert findings[-1].kind == "difference"
        assert "20 points higher, likely a real difference" in findings[-1].text

    def test_a_local_topic_is_no_finding_of_the_whole_dialogue(self) -> None:
        local = figure("local", [cell("Yes", 0.9, 0.8, 0.95), cell("No", 0.1, 0.05, 0.2)])
        local.local_site = "Lyon (France)"
        assert standout_findings([local]) == []


@pytest.mark.django_db
def test_the_results_page_opens_with_what_stands_out(client: Client, results: Results) -> None:
    results.dialogue.status = Dialogue.Status.RESULTS_PUBLISHED
    results.dialogue.save(update_fields=["status"])
    page = client.get("/en/results/own/").content.decode()
    summary = page.split('id="summary-heading"')[1].split("</section>")[0]
    assert page.index('id="summary-heading"') < page.index('class="question-result"')
    # Ten citizens, 6 yes against 4 no: nothing is clearly ahead, and the page says so.
    assert "No answer is clearly ahead of the next one yet" in summary
    assert "How these findings are chosen" in summary


@pytest.mark.django_db
def test_live_figures_refresh_the_summary_too(client: Client, results: Results) -> None:
    results.dialogue.status = Dialogue.Status.DELIBERATING
    results.dialogue.save(update_fields=["status"])
    page = client.get("/en/results/own/live/").content.decode()
    assert 'id="figures"' in page
    assert (
        '<section id="summary" class="results-summary" aria-labelledby="summary-heading" hx-swap-oob="true">'
        in page
    )
