"""The design tokens: site.css says what polyvox/core/design.py says, and every colour pair
the pages use is readable (WCAG 2.2 AA)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.template import Context, Template
from django.template.loader import render_to_string

from polyvox.core import design
from polyvox.results import charts

SITE_CSS = Path(design.__file__).parent / "static" / "polyvox" / "site.css"
FEATURES_MARK = "Feature sections below"


def stylesheet() -> str:
    # Without comments, whose words ("color: …") would read as declarations.
    return re.sub(r"/\*.*?\*/", "", SITE_CSS.read_text(), flags=re.DOTALL)


def design_part() -> str:
    """The top of site.css, which the design system owns (feature sections come after)."""
    text = SITE_CSS.read_text()
    return re.sub(r"/\*.*?\*/", "", text[: text.index(FEATURES_MARK)], flags=re.DOTALL)


def root_properties() -> dict[str, str]:
    root = re.search(r":root\s*\{(.*?)\}", stylesheet(), flags=re.DOTALL)
    assert root is not None
    pairs = re.findall(r"(--[\w-]+)\s*:\s*([^;]+);", root.group(1))
    return {name: " ".join(value.split()) for name, value in pairs}


def colour_of(value: str) -> str | None:
    """The hex colour a declaration's value names, through a token or directly."""
    token = re.fullmatch(r"var\((--[\w-]+)\)", value.strip())
    if token:
        return design.css_custom_properties().get(token.group(1))
    return value.strip() if re.fullmatch(r"#[0-9a-fA-F]{6}", value.strip()) else None


def test_it_declares_exactly_the_tokens_of_design_py() -> None:
    assert root_properties() == design.css_custom_properties()


@pytest.mark.parametrize(("text", "background"), design.TEXT_PAIRS)
def test_text_pairs_reach_aa(text: str, background: str) -> None:
    colours = design.COLOURS
    assert design.contrast_ratio(colours[text], colours[background]) >= 4.5


@pytest.mark.parametrize(("edge", "background"), design.UI_PAIRS)
def test_control_edges_and_focus_reach_three_to_one(edge: str, background: str) -> None:
    colours = design.COLOURS
    assert design.contrast_ratio(colours[edge], colours[background]) >= 3


@pytest.mark.parametrize("colour", [*design.SERIES, design.SERIES_NONE])
def test_chart_marks_stand_out_from_the_page(colour: str) -> None:
    assert design.contrast_ratio(colour, design.COLOURS["paper"]) >= 3


def test_every_rule_that_sets_text_and_background_is_readable() -> None:
    # Rules (also inside @media) that set both: their text must reach 4.5:1 on their background.
    checked = 0
    for selector, body in re.findall(r"([^{}]+)\{([^{}]*)\}", stylesheet()):
        declarations: dict[str, str] = dict(re.findall(r"(?:^|;)\s*([\w-]+)\s*:\s*([^;]+)", body))
        text = colour_of(declarations.get("color", ""))
        background = colour_of(
            declarations.get("background", declarations.get("background-color", ""))
        )
        if text and background:
            checked += 1
            ratio = design.contrast_ratio(text, background)
            assert ratio >= 4.5, f"{selector.strip()}: {ratio:.2f}:1"
    assert checked >= 10  # buttons, alerts, tags, focus: the parser did find them


def test_the_design_part_uses_tokens_not_raw_colours() -> None:
    # A raw colour below :root would escape the contrast checks above.
    below_root = design_part().split("}", 1)[1]
    assert re.findall(r"#[0-9a-fA-F]{3,8}\b", below_root) == []


def test_contrast_ratio_matches_wcag_examples() -> None:
    assert round(design.contrast_ratio("#000000", "#ffffff"), 1) == 21.0
    assert round(design.contrast_ratio("#777777", "#ffffff"), 2) == 4.48


def test_charts_draw_in_the_design_colours_and_font() -> None:
    row: charts.ChartRow = {
        "group": "All",
        "text": "All: 50 %",
        "share": 0.5,
        "low": 0.4,
        "high": 0.6,
        "n": 10,
    }
    spec = charts.share_chart_spec(rows=[row], share_title="Share")
    text = str(spec)
    assert design.SERIES[0] in text
    assert design.COLOURS["ink"] in text
    config = spec["config"]
    assert isinstance(config, dict)
    assert config["font"] == design.FONT_PRINT


def test_pdf_stylesheets_read_tokens_unescaped() -> None:
    # Inside <style>, &quot; is not a quote: the font stack must come out as written.
    rendered = Template('{% load polyvox %}{% design_token "font-print" %}').render(Context())
    assert rendered == design.FONT_PRINT


def test_the_server_error_page_has_the_layout_without_a_request() -> None:
    # Django renders 500.html with no context; it must still find the stylesheet.
    page = render_to_string("500.html")
    assert 'href="/static/polyvox/site.css"' in page
    assert 'class="site-header"' in page
    assert "style=" not in page
