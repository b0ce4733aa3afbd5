"""One Vega-Lite spec per chart, rendered to SVG on the server for pages and PDFs alike.

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
BAR_COLOUR = design.SERIES[0]
INTERVAL_COLOUR = design.COLOURS["ink"]

# A Vega-Lite spec: nested JSON whose shape Vega-Lite's own schema defines; read by
# json.dumps and vl_convert only, never indexed here.
ChartSpec = dict[str, object]


class ChartRow(TypedDict):
    """One bar of a share chart (the spec's data values)."""

    group: str
    option: str
    share: float | None
    low: float | None
    high: float | None
    n: int | None


def share_chart_spec(
    *, rows: list[ChartRow], options: list[str], share_title: str, group_title: str
) -> ChartSpec:
    """Bars of shares by group, one panel per option, with 95% intervals where known.

    Each row: group, option (label), share, low, high, n. Groups are sorted by share.
    In a right-to-left language the chart mirrors: panels run from the right, bars grow
    leftwards from the group labels, which stand on the right.
    """
    rtl = translation.get_language_bidi()
    encoding_y = {
        "field": "group",
        "type": "nominal",
        "title": group_title,
        "sort": {"field": "share", "op": "max", "order": "descending"},
        "axis": {"orient": "right" if rtl else "left"},
    }
    share_scale = {"domain": [0, 1], "reverse": rtl}
    return {
        "$schema": SCHEMA,
        "data": {"values": rows},
        "facet": {
            "column": {
                "field": "option",
                "type": "nominal",
                "title": None,
                "sort": list(reversed(options)) if rtl else options,
                "header": {"labelLimit": 160},
            }
        },
        "spec": {
            "width": 160,
            "layer": [
                {
                    "mark": {"type": "bar", "color": BAR_COLOUR},
                    "encoding": {
                        "y": encoding_y,
                        "x": {
                            "field": "share",
                            "type": "quantitative",
                            "title": share_title,
                            "axis": {"format": ".0%"},
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
                    "mark": {"type": "rule", "color": INTERVAL_COLOUR},
                    "encoding": {
                        "y": encoding_y,
                        "x": {"field": "low", "type": "quantitative", "scale": share_scale},
                        "x2": {"field": "high"},
                    },
                },
            ],
        },
        "resolve": {"scale": {"y": "shared"}},
        # The report's Noto stack (README: Languages), so labels in any script have glyphs.
        "config": {"font": CHART_FONTS, "view": {"stroke": None}},
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
