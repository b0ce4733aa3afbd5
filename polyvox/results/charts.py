"""One Vega-Lite spec per chart (one per answer of a question), rendered to SVG on the server for pages and PDFs alike.

Rendering takes tens of milliseconds, so an SVG is cached under a hash of its spec:
the same numbers and labels always give the same picture.
"""

from __future__ import annotations

import hashlib
import json
from typing import TypedDict

import vl_convert
from django.core.cache import cache
from django.utils import translation
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from polyvox.core import design

SCHEMA = "https://vega.github.io/schema/vega-lite/v5.json"
CACHE_SECONDS = 24 * 3600
# Colours and fonts come from the design system, so charts match the pages and the PDFs.
CHART_FONTS = design.FONT_PRINT
# --accent for bars, --ink for intervals and text, --line for the axis lines (an SVG drawn
# on the server cannot read the stylesheet's variables).
BAR_COLOUR = design.SERIES[0]
INK_COLOUR = design.COLOURS["ink"]
LINE_COLOUR = design.COLOURS["line"]

# A Vega-Lite spec: nested JSON whose shape Vega-Lite's own schema defines; read by
# json.dumps and vl_convert only, never indexed here.
ChartSpec = dict[str, object]

# One panel is drawn at most 300 px wide, so that it fits a 360 px phone without being
# scaled down: its 14 px labels stay at least 12 px on screen.
PLOT_WIDTH = 280
FONT_SIZE = 14
BAND = 40  # px per group: its label on one line, its bar below


class ChartRow(TypedDict):
    """One bar of a share chart (the spec's data values); `text` is the group's label
    with its share, written above the bar."""

    group: str
    text: str
    share: float | None
    low: float | None
    high: float | None
    n: int | None


def share_chart_spec(*, rows: list[ChartRow], share_title: str) -> ChartSpec:
    """Bars of one answer's share by group, with 95% intervals where known.

    One chart per answer (issue 18 item 4): side-by-side panels made a chart wider than a
    phone. Each group's label stands above its bar across the whole width, so long names
    ("Latin America and the Caribbean") are not cut. Groups are sorted by share. In a
    right-to-left language the chart mirrors: bars and labels start from the right.
    """
    rtl = translation.get_language_bidi()
    y = {
        "field": "group",
        "type": "nominal",
        "sort": {"field": "share", "op": "max", "order": "descending"},
        "axis": None,
    }
    share_scale = {"domain": [0, 1], "reverse": rtl}
    return {
        "$schema": SCHEMA,
        "data": {"values": rows},
        "width": PLOT_WIDTH,
        "height": {"step": BAND},
        "layer": [
            {
                "mark": {"type": "bar", "color": BAR_COLOUR, "height": 14, "yOffset": 10},
                "encoding": {
                    "y": y,
                    "x": {
                        "field": "share",
                        "type": "quantitative",
                        "title": share_title,
                        "axis": {"format": ".0%", "tickCount": 2},
                        "scale": share_scale,
                    },
                    "tooltip": [
                        {"field": "group"},
                        {"field": "share", "format": ".1%"},
                        {"field": "n"},
                    ],
                },
            },
            {
                "mark": {"type": "rule", "color": INK_COLOUR, "strokeWidth": 2, "yOffset": 10},
                "encoding": {
                    "y": y,
                    "x": {"field": "low", "type": "quantitative", "scale": share_scale},
                    "x2": {"field": "high"},
                },
            },
            {
                "mark": {
                    "type": "text",
                    "align": "right" if rtl else "left",
                    "baseline": "bottom",
                    "yOffset": 2,
                    "limit": PLOT_WIDTH,
                    "fontSize": FONT_SIZE,
                    "color": INK_COLOUR,
                },
                "encoding": {
                    "y": y,
                    "x": {"datum": 0, "type": "quantitative", "scale": share_scale},
                    "text": {"field": "text"},
                },
            },
        ],
        # The report's Noto stack (README: Languages), so labels in any script have glyphs.
        "config": {
            "font": CHART_FONTS,
            "view": {"stroke": None},
            "axis": {
                "labelFontSize": FONT_SIZE,
                "titleFontSize": FONT_SIZE,
                "labelColor": INK_COLOUR,
                "titleColor": INK_COLOUR,
                "domainColor": LINE_COLOUR,
                "tickColor": LINE_COLOUR,
                "gridColor": LINE_COLOUR,
            },
        },
    }


def chart_svg(spec: ChartSpec, *, label: str, stored: dict[str, str] | None = None) -> SafeString:
    """The chart as inline SVG, marked as one image with a text alternative.

    Looked up in `stored` (the snapshot's drawn charts), then in this process's cache;
    drawn only when both miss, and then kept in both.
    """
    key = "results-chart:" + hashlib.sha256(json.dumps(spec, sort_keys=True).encode()).hexdigest()
    stored = {} if stored is None else stored
    svg: str | None = stored.get(key) or cache.get(key)
    if svg is None:
        svg = str(vl_convert.vegalite_to_svg(spec))
        cache.set(key, svg, CACHE_SECONDS)
    stored[key] = svg
    # The renderer placed every label for left-to-right anchors; in a right-to-left page
    # the SVG would inherit direction: rtl and swap them (the spec mirrors the layout itself).
    accessible = f'<svg role="img" aria-label="{escape(label)}" focusable="false" direction="ltr" '
    # The SVG comes from our own renderer; only the label is user text, and it is escaped.
    return mark_safe(str(svg).replace("<svg ", accessible, 1))  # noqa: S308
