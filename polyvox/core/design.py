"""The design tokens: one source for the web stylesheet, the charts and the PDF reports.

site.css declares the same values as `:root` custom properties; tests/core/test_design.py
fails when the two drift apart, and checks every text and background pair below for
WCAG 2.2 AA contrast (4.5:1 for text, 3:1 for borders, focus rings and chart marks).
"""

from __future__ import annotations

from typing import Final

# Colours. Text colours are named for what they say, not for how they look, so that a
# change of shade does not make a class name lie.
COLOURS: Final[dict[str, str]] = {
    "ink": "#1b1f24",  # body text
    "muted": "#4a5360",  # secondary text, and form field borders (3:1 on paper)
    "paper": "#ffffff",  # page background
    "wash": "#f3f5f8",  # header, cards that stand out, table heads
    "line": "#c9d0d9",  # decorative rules only: never the sole edge of a control
    "accent": "#0b5cad",  # links, primary buttons
    "accent-dark": "#084a8c",  # hover and pressed
    "focus": "#ffbf47",  # focus highlight, always paired with an ink ring
    "ok": "#1e6b33",
    "warn": "#8a4b00",
    "error": "#a4161a",
    "info-wash": "#e8f1fb",
    "ok-wash": "#e6f3e9",
    "warn-wash": "#fdf1e1",
    "error-wash": "#fbeaea",
}

# Series colours for charts and the opinion map, each at least 3:1 on paper.
SERIES: Final[tuple[str, ...]] = ("#0b5cad", "#a4161a", "#1e6b33", "#8a4b00", "#6a1b9a")
# Marks that belong to no series (participants not yet in a group).
SERIES_NONE: Final = "#5f6b7a"

# The screen stack asks for Noto first, the face of the charts and PDFs, and falls back
# on the device's own interface font, so pages cost no font download.
FONT_SCREEN: Final = (
    '"Noto Sans", system-ui, -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif'
)
# Charts and PDFs are drawn on the server with Debian's Noto fonts (README: Languages):
# Latin, Cyrillic, Greek, Arabic, Devanagari and Chinese, each glyph from the first face
# that has it.
FONT_PRINT: Final = (
    '"Noto Sans", "Noto Sans Arabic", "Noto Sans Devanagari", "Noto Sans CJK SC", "DejaVu Sans",'
    " sans-serif"
)

# Type scale (rem): small print, body, lead, then headings h3, h2, h1 (h1 grows on wide screens).
TYPE_SCALE: Final[dict[str, str]] = {
    "text-small": "0.875rem",
    "text-body": "1rem",
    "text-lead": "1.1875rem",
    "text-h3": "1.1875rem",
    "text-h2": "1.5rem",
    "text-h1": "2rem",
    "text-h1-wide": "2.5rem",
}
# Spacing scale (rem), used for margins, padding and gaps.
SPACING: Final[dict[str, str]] = {
    "space-1": "0.25rem",
    "space-2": "0.5rem",
    "space-3": "0.75rem",
    "space-4": "1rem",
    "space-5": "1.5rem",
    "space-6": "2rem",
    "space-7": "3rem",
}
SHAPE: Final[dict[str, str]] = {
    "radius": "4px",
    "radius-large": "8px",
    "focus-width": "3px",
    # WCAG 2.2 target size: 44 px is the comfortable size for a thumb.
    "target": "44px",
    "measure": "60rem",
}

# Text on a background, as the stylesheet uses them: each must reach 4.5:1.
TEXT_PAIRS: Final[tuple[tuple[str, str], ...]] = (
    ("ink", "paper"),
    ("ink", "wash"),
    ("ink", "focus"),
    ("ink", "info-wash"),
    ("ink", "ok-wash"),
    ("ink", "warn-wash"),
    ("ink", "error-wash"),
    ("muted", "paper"),
    ("muted", "wash"),
    ("accent", "paper"),
    ("accent", "wash"),
    ("accent", "info-wash"),
    ("accent-dark", "paper"),
    ("paper", "accent"),
    ("paper", "accent-dark"),
    ("paper", "ok"),
    ("paper", "warn"),
    ("paper", "error"),
    ("paper", "ink"),
    ("ok", "paper"),
    ("ok", "ok-wash"),
    ("warn", "paper"),
    ("warn", "warn-wash"),
    ("error", "paper"),
    ("error", "error-wash"),
)
# Edges of controls and focus rings against what surrounds them: each must reach 3:1.
UI_PAIRS: Final[tuple[tuple[str, str], ...]] = (
    ("muted", "paper"),
    ("muted", "wash"),
    ("accent", "paper"),
    ("ink", "paper"),
    ("ink", "wash"),
    ("focus", "ink"),
    ("ok", "paper"),
    ("warn", "paper"),
    ("error", "paper"),
)


def css_custom_properties() -> dict[str, str]:
    """Every token as site.css declares it in `:root` (name with its leading dashes)."""
    tokens: dict[str, str] = {}
    for name, value in {**COLOURS, **TYPE_SCALE, **SPACING, **SHAPE}.items():
        tokens[f"--{name}"] = value
    tokens["--font"] = FONT_SCREEN
    tokens["--font-print"] = FONT_PRINT
    for index, colour in enumerate(SERIES, start=1):
        tokens[f"--series-{index}"] = colour
    tokens["--series-none"] = SERIES_NONE
    return tokens


def relative_luminance(colour: str) -> float:
    """WCAG 2.2 relative luminance of a #rrggbb colour."""
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    red, green, blue = linear
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast_ratio(first: str, second: str) -> float:
    lighter, darker = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)
