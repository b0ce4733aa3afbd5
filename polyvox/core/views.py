"""The design system's own page: every component with its class names, for staff who
build or review templates."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from polyvox.core import design


@dataclass(frozen=True)
class Swatch:
    name: str
    value: str
    # Contrast against the page background, as a WCAG ratio (e.g. 6.67 means 6.67:1).
    on_paper: float


@dataclass(frozen=True)
class Pair:
    text: str
    background: str
    ratio: float
    minimum: float


def _swatches() -> list[Swatch]:
    paper = design.COLOURS["paper"]
    return [
        Swatch(name, value, round(design.contrast_ratio(value, paper), 2))
        for name, value in design.COLOURS.items()
    ]


def _series() -> list[Swatch]:
    paper = design.COLOURS["paper"]
    named = [(f"series-{i}", colour) for i, colour in enumerate(design.SERIES, start=1)]
    named.append(("series-none", design.SERIES_NONE))
    return [Swatch(n, v, round(design.contrast_ratio(v, paper), 2)) for n, v in named]


def _pairs() -> list[Pair]:
    colours = design.COLOURS
    checked = [(pair, 4.5) for pair in design.TEXT_PAIRS] + [(p, 3.0) for p in design.UI_PAIRS]
    return [
        Pair(
            text,
            background,
            round(design.contrast_ratio(colours[text], colours[background]), 2),
            minimum,
        )
        for (text, background), minimum in checked
    ]


@login_required
def design_system(request: HttpRequest) -> HttpResponse:
    # Staff only, like the admin link on "My work"; to others the page does not exist.
    if not request.user.is_staff:
        raise Http404
    context = {
        "swatches": _swatches(),
        "series": _series(),
        "pairs": _pairs(),
        "type_scale": design.TYPE_SCALE,
        "spacing": design.SPACING,
        "font_screen": design.FONT_SCREEN,
        "font_print": design.FONT_PRINT,
    }
    return render(request, "core/design_system.html", context)
