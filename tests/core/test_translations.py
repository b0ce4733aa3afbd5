"""Every interface string is translated into French, and the compiled catalogues are current."""

from __future__ import annotations

import gettext
import json
import shutil
from pathlib import Path

import pytest
from django.core.management import call_command

import polyvox

PACKAGE = Path(polyvox.__file__).parent
CATALOGUES = sorted(PACKAGE.glob("*/locale/fr/LC_MESSAGES/django.po"))


def read_po(path: Path) -> dict[str, str]:
    """msgid -> msgstr (first plural form) of a .po file, without a gettext dependency. A
    msgid with a context is keyed "context\\x04msgid", as compiled catalogues store it."""
    entries: dict[str, str] = {}
    current: dict[str, str] = {}
    key = ""
    for line in [*path.read_text().splitlines(), ""]:
        if line.startswith(
            ("msgctxt ", "msgid ", "msgid_plural ", "msgstr ", "msgstr[0] ", "msgstr[1] ")
        ):
            key, _, rest = line.partition(" ")
            current[key] = rest[1:-1]
        elif line.startswith('"') and key:
            current[key] += line[1:-1]
        elif not line.strip() and current:
            if current.get("msgid"):
                msgid = _unquote(current["msgid"])
                if "msgctxt" in current:
                    msgid = f"{_unquote(current['msgctxt'])}\x04{msgid}"
                entries[msgid] = current.get("msgstr", current.get("msgstr[0]", ""))
            current, key = {}, ""
    return entries


def _unquote(text: str) -> str:
    # The .po quoting is JSON's for the escapes gettext uses (\" \\ \n \t).
    text = json.loads(f'"{text}"')
    assert isinstance(text, str)
    return text


def test_there_are_french_catalogues() -> None:
    assert {path.parts[-5] for path in CATALOGUES} >= {"core", "accounts", "dialogues", "jobs"}


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda path: path.parts[-5])
def test_every_string_has_a_french_translation(path: Path) -> None:
    untranslated = [msgid for msgid, text in read_po(path).items() if not text]
    assert untranslated == []
    assert "#, fuzzy" not in path.read_text()


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda path: path.parts[-5])
def test_compiled_catalogue_matches_its_source(path: Path) -> None:
    with path.with_suffix(".mo").open("rb") as compiled:
        catalogue = gettext.GNUTranslations(compiled)
    stale = [
        msgid
        for msgid in read_po(path)
        if catalogue.gettext(msgid) == msgid and read_po(path)[msgid] != msgid
    ]
    assert stale == [], "run `make messages` to recompile"


@pytest.mark.skipif(
    shutil.which("xgettext") is None, reason="needs GNU gettext (.ci/run installs it)"
)
@pytest.mark.parametrize("path", CATALOGUES, ids=lambda path: path.parts[-5])
def test_catalogue_has_every_string_of_its_app(
    path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = path.parents[3]
    copy = tmp_path / app.name
    shutil.copytree(app, copy, ignore=shutil.ignore_patterns("*.mo", "demo_content.py"))
    monkeypatch.chdir(copy)
    call_command("makemessages", locale=["fr"], no_location=True, no_obsolete=True, verbosity=0)
    extracted = set(read_po(copy / "locale/fr/LC_MESSAGES/django.po"))
    assert extracted - set(read_po(path)) == set(), (
        "run `make messages` and translate the new strings"
    )
