"""A PDF report shows Arabic (shaped, right to left), Chinese, Devanagari and Latin text
with the Noto fonts `.ci/run` installs, and the text reads back intact."""

from __future__ import annotations

import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest
from django.template.loader import render_to_string
from django.utils import translation

from polyvox.results.reports import report_context, report_render
from polyvox.results.services import results_snapshot_refresh
from tests.results.conftest import Results

ARABIC = "هل توافق على الاقتراح؟"
CHINESE = "你同意这个建议吗？"
HINDI = "क्या आप इस प्रस्ताव से सहमत हैं?"
# No closing " ?": in a right-to-left page pdftotext moves a Latin run's trailing neutral to
# its other end, though the page shows it where it belongs (checked by rasterising).
LATIN = "Êtes-vous d'accord"
# Directional marks pdftotext adds around right-to-left runs.
BIDI_MARKS = frozenset("\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def pdf_text(pdf: bytes, tmp_path: Path) -> str:
    """The PDF's text as pdftotext (poppler-utils) reads it, in reading order."""
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf)
    extracted = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True
    )
    return extracted.stdout.decode()


def readable(text: str) -> str:
    """NFKC folds Arabic presentation forms (shaped glyphs) back to their letters; spaces
    are dropped because extraction may split or join words at line ends."""
    folded = unicodedata.normalize("NFKC", text)
    return "".join(char for char in folded if not char.isspace() and char not in BIDI_MARKS)


def arabic_words(text: str) -> str:
    """Each word's letters, sorted, words in reading order. Shaping sets "لا" and "لى" as
    one ligature glyph, which pdftotext reads back with its letters in visual order
    ("على" comes out "عىل"): a word's letters are kept, their order inside a ligature not."""
    words = readable_words(text)
    return " ".join("".join(sorted(word)) for word in words)


def readable_words(text: str) -> list[str]:
    # A directional mark ends a word too: extraction may set none between scripts.
    spaced = "".join(" " if char in BIDI_MARKS else char for char in text)
    return [readable(word) for word in spaced.split() if readable(word)]


def font_names(pdf: bytes, tmp_path: Path) -> str:
    path = tmp_path / "fonts.pdf"
    path.write_bytes(pdf)
    return subprocess.run(
        ["pdffonts", str(path)], capture_output=True, check=True, text=True
    ).stdout


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils (.ci/run)")
@pytest.mark.django_db
@pytest.mark.parametrize("language", ["ar", "en"])
def test_a_report_renders_every_script_and_reads_back_intact(
    results: Results, tmp_path: Path, language: str
) -> None:
    results.agree.text = {"en": ARABIC}
    results.agree.save()
    for key, label in (("yes", CHINESE), ("no", HINDI), ("unsure", LATIN)):
        results.option[key].text = {"en": label}
        results.option[key].save()
    snapshot = results_snapshot_refresh(dialogue=results.dialogue)

    pdf, _pages = report_render(
        dialogue=results.dialogue, snapshot=snapshot, scope="global", language=language
    )

    extracted = pdf_text(pdf, tmp_path)
    for sample in (CHINESE, HINDI, LATIN):
        assert readable(sample) in readable(extracted), sample
    assert arabic_words(ARABIC) in arabic_words(extracted)
    fonts = font_names(pdf, tmp_path)
    for face in ("Noto-Sans-Arabic", "Noto-Sans-CJK-SC", "Noto-Sans-Devanagari"):
        assert face in fonts


@pytest.mark.django_db
def test_an_arabic_report_is_right_to_left(results: Results) -> None:
    snapshot = results_snapshot_refresh(dialogue=results.dialogue)
    with translation.override("ar"):
        context = report_context(dialogue=results.dialogue, snapshot=snapshot, scope="global")
        html = render_to_string("results/report.html", {**context, "language": "ar"})
    assert '<html lang="ar" dir="rtl">' in html
