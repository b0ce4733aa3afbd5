"""Every shipped interface language is translated where it must be, and the compiled
catalogues are current.

French and Spanish cover every string; the other languages cover every string a citizen or
the public reads (polyvox.core.languages.PUBLIC_SOURCES decides which, from the #: lines).
"""

from __future__ import annotations

import gettext
import json
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils.translation import to_locale

import polyvox
from polyvox.core.languages import REVIEW_STATUS, STAFF_LANGUAGES, is_public_source

PACKAGE = Path(polyvox.__file__).parent
SHIPPED = [to_locale(code) for code, _name in settings.LANGUAGES if code != "en"]
CATALOGUES = sorted(PACKAGE.glob("*/locale/*/LC_MESSAGES/django.po"))
FRENCH = [path for path in CATALOGUES if path.parts[-3] == "fr"]
PLACEHOLDER = re.compile(r"%%|%\([^)]+\)[sdifr]|%[sdif]|\{\{[^}]*\}\}|\{[A-Za-z0-9_]*\}|&#?\w+;")


@dataclass
class Entry:
    msgid: str
    msgid_plural: str = ""
    forms: list[str] = field(default_factory=list)  # msgstr, or msgstr[0], msgstr[1], ...
    sources: list[str] = field(default_factory=list)  # files of the #: lines
    fuzzy: bool = False


def read_entries(path: Path) -> dict[str, Entry]:
    """key -> entry of a .po file, without a gettext dependency. A msgid with a context is
    keyed "context\\x04msgid", as compiled catalogues store it."""
    entries: dict[str, Entry] = {}
    fields: dict[str, str] = {}
    sources: list[str] = []
    fuzzy = False
    key = ""
    for line in [*path.read_text().splitlines(), ""]:
        if line.startswith("#: "):
            sources += [where.split(":")[0] for where in line[3:].split()]
        elif line.startswith("#,"):
            fuzzy = fuzzy or "fuzzy" in line
        elif line.startswith(("msgctxt ", "msgid ", "msgid_plural ", "msgstr")):
            key, _, rest = line.partition(" ")
            fields[key] = rest[1:-1]
        elif line.startswith('"') and key:
            fields[key] += line[1:-1]
        elif not line.strip() and fields:
            if msgid := _unquote(fields.get("msgid", "")):
                forms = [
                    _unquote(text) for name, text in fields.items() if name.startswith("msgstr")
                ]
                entry = Entry(
                    msgid, _unquote(fields.get("msgid_plural", "")), forms, sources, fuzzy
                )
                context = f"{_unquote(fields['msgctxt'])}\x04" if "msgctxt" in fields else ""
                entries[context + msgid] = entry
            fields, sources, fuzzy, key = {}, [], False, ""
    return entries


def read_po(path: Path) -> dict[str, str]:
    """key -> msgstr (first plural form) of a .po file."""
    return {key: (entry.forms or [""])[0] for key, entry in read_entries(path).items()}


def header(path: Path) -> str:
    """The catalogue's header fields, one per line."""
    block = path.read_text().split("\n\n", 1)[0]
    return _unquote("".join(line[1:-1] for line in block.splitlines() if line.startswith('"')))


def _unquote(text: str) -> str:
    # The .po quoting is JSON's for the escapes gettext uses (\" \\ \n \t).
    text = json.loads(f'"{text}"')
    assert isinstance(text, str)
    return text


def app_and_language(path: Path) -> str:
    return f"{path.parts[-5]}-{path.parts[-3]}"


def must_translate(path: Path, entry: Entry) -> bool:
    language, app = path.parts[-3], path.parts[-5]
    return language in STAFF_LANGUAGES or any(
        is_public_source(app, source) for source in entry.sources
    )


def test_every_shipped_language_has_a_catalogue_for_every_app() -> None:
    apps = {path.parts[-5] for path in FRENCH}
    assert apps >= {"core", "accounts", "dialogues", "jobs"}
    assert {(path.parts[-5], path.parts[-3]) for path in CATALOGUES} >= {
        (app, language) for app in apps for language in SHIPPED
    }
    assert set(REVIEW_STATUS) == set(SHIPPED)


def test_the_public_list_recognises_citizen_pages_and_not_staff_ones() -> None:
    assert is_public_source("deliberation", "templates/deliberation/ballot.html")
    assert is_public_source("results", "templates/results/results.html")
    assert not is_public_source("recruitment", "templates/recruitment/manage.html")
    assert not is_public_source("deliberation", "templates/deliberation/counts.html")


@pytest.mark.parametrize("path", CATALOGUES, ids=app_and_language)
def test_every_string_that_must_be_translated_is(path: Path) -> None:
    """French and Spanish: everything. Other languages: what citizens and the public read."""
    untranslated = [
        key
        for key, entry in read_entries(path).items()
        if must_translate(path, entry) and (entry.fuzzy or not all(entry.forms))
    ]
    assert untranslated == [], f"{len(untranslated)} strings to translate (README: Languages)"
    assert "#, fuzzy" not in path.read_text()


def test_a_staff_only_string_may_stay_english_outside_the_staff_languages() -> None:
    staff_only = Entry("Seat the table", sources=["templates/deliberation/counts.html"])
    arabic = PACKAGE / "deliberation/locale/ar/LC_MESSAGES/django.po"
    spanish = PACKAGE / "deliberation/locale/es/LC_MESSAGES/django.po"
    assert not must_translate(arabic, staff_only)
    assert must_translate(spanish, staff_only)


@pytest.mark.parametrize("path", CATALOGUES, ids=app_and_language)
def test_translations_keep_their_placeholders(path: Path) -> None:
    """%(name)s, {count} and entities survive: a lost one raises or shows the wrong figure."""
    broken = []
    for key, entry in read_entries(path).items():
        wanted = sorted(PLACEHOLDER.findall(entry.msgid_plural or entry.msgid))
        allowed = set(wanted) | set(PLACEHOLDER.findall(entry.msgid))
        translated = [form for form in entry.forms if form]
        if not translated:
            continue
        # The forms for one (or two) may spell the number out, as the English singular may.
        if sorted(PLACEHOLDER.findall(translated[-1])) != wanted or any(
            not set(PLACEHOLDER.findall(form)) <= allowed for form in translated
        ):
            broken.append(key)
    assert broken == []


@pytest.mark.parametrize("path", CATALOGUES, ids=app_and_language)
def test_catalogue_says_whether_a_native_speaker_reviewed_it(path: Path) -> None:
    status = REVIEW_STATUS[path.parts[-3]]
    assert f"X-Polyvox-Review: {status}\n" in header(path)


@pytest.mark.parametrize(
    ("language", "forms"), [("ar", 6), ("ru", 3), ("zh_Hans", 1), ("es", 2), ("fr", 2)]
)
def test_plural_forms_follow_the_language(language: str, forms: int) -> None:
    for path in (path for path in CATALOGUES if path.parts[-3] == language):
        assert f"nplurals={forms};" in header(path)
        for entry in read_entries(path).values():
            if entry.msgid_plural and all(entry.forms):
                assert len(entry.forms) == forms, entry.msgid


@pytest.mark.parametrize("path", CATALOGUES, ids=app_and_language)
def test_compiled_catalogue_matches_its_source(path: Path) -> None:
    with path.with_suffix(".mo").open("rb") as compiled:
        catalogue = gettext.GNUTranslations(compiled)
    written = read_po(path)
    stale = [
        msgid
        for msgid, text in written.items()
        if text and text != msgid and catalogue.gettext(msgid) == msgid
    ]
    assert stale == [], "run `make messages` to recompile"


@pytest.mark.skipif(
    shutil.which("xgettext") is None, reason="needs GNU gettext (.ci/run installs it)"
)
@pytest.mark.parametrize("path", FRENCH, ids=lambda path: path.parts[-5])
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
