"""The translators' workflow: export a dialogue's participant texts for one language as
XLIFF 2.0, import the translated file back (all or nothing), and remember which source
each translation was made from, so that editing a source marks its translations as
needing an update everywhere."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Model
from django.utils.translation import gettext as _

from polyvox.accounts.models import AnyUser
from polyvox.audit.services import audit_record
from polyvox.core.translation import TranslatedText
from polyvox.dialogues.models import Dialogue, Question, Site, TranslationOrigin
from polyvox.dialogues.translatable import (
    KINDS,
    TranslatableText,
    dialogue_texts,
    source_digest,
    text_key,
)
from polyvox.lib.problems import Problem, ProblemsError
from polyvox.lib.xliff import Unit, XliffFile, xliff_read, xliff_write

# What must survive translation unchanged: Python and Django placeholders, and the
# {table}/{session} style used in room links.
PLACEHOLDER = re.compile(r"%\(\w+\)[sdfr]|%[sdfr]|\{\w*\}")


@dataclass(frozen=True)
class TranslationImport:
    language: str
    updated: int
    unchanged: int
    outdated: int  # made from a source text that has changed since the export


def outdated_keys(*, dialogue: Dialogue, language: str) -> set[str]:
    """The texts whose `language` translation was made from an older source."""
    texts = [text for text in dialogue_texts(dialogue=dialogue) if text.text.get(language)]
    return {text.key for text in _outdated(dialogue, texts, language)}


def _outdated(
    dialogue: Dialogue, texts: list[TranslatableText], language: str
) -> list[TranslatableText]:
    origins = dict(
        TranslationOrigin.objects.filter(
            language=language, key__in=[text.key for text in texts]
        ).values_list("key", "source_digest")
    )
    source = dialogue.source_language
    return [
        text
        for text in texts
        if text.key in origins and origins[text.key] != source_digest(text.text.get(source, ""))
    ]


def translations_export(*, dialogue: Dialogue, language: str) -> bytes:
    texts = [t for t in dialogue_texts(dialogue=dialogue) if t.text.get(dialogue.source_language)]
    outdated = {text.key for text in _outdated(dialogue, texts, language)}
    units = tuple(
        Unit(
            id=text.key,
            source=text.text[dialogue.source_language],
            target=text.text.get(language, ""),
            note=text.label,
            outdated=text.key in outdated,
        )
        for text in texts
    )
    document = XliffFile(dialogue.source_language, language, units)
    return xliff_write(document, file_id=dialogue.slug)


def translations_import(
    *,
    dialogue: Dialogue,
    content: bytes,
    file_name: str,
    languages: Collection[str],
    actor: AnyUser | None,
) -> TranslationImport:
    """Every translated unit of the file, or nothing: a ProblemsError names each unit that
    is not the dialogue's, loses a placeholder or is longer than its field allows."""
    document = xliff_read(content, file_name=file_name)
    texts = {text.key: text for text in dialogue_texts(dialogue=dialogue)}
    problems = _file_problems(dialogue, document, languages, file_name)
    for unit in document.units:
        problems += _unit_problems(unit, texts.get(unit.id), file_name)
    if problems:
        raise ProblemsError(problems)
    outcome = _apply(dialogue, document, texts)
    audit_record(
        actor=actor,
        action="translations.import",
        dialogue=dialogue,
        target=file_name,
        details={
            "language": outcome.language,
            "updated": outcome.updated,
            "outdated": outcome.outdated,
        },
    )
    return outcome


def _file_problems(
    dialogue: Dialogue, document: XliffFile, languages: Collection[str], file_name: str
) -> list[Problem]:
    problems = []
    if document.source_language != dialogue.source_language:
        problems.append(
            Problem(
                file_name,
                None,
                "srcLang",
                _("the source language must be %(code)s") % {"code": dialogue.source_language},
            )
        )
    if document.target_language not in languages:
        problems.append(
            Problem(
                file_name,
                None,
                "trgLang",
                _("you cannot import the language %(code)s here")
                % {"code": document.target_language},
            )
        )
    return problems


def _unit_problems(unit: Unit, text: TranslatableText | None, file_name: str) -> list[Problem]:
    where = f"unit {unit.id}"
    if text is None:
        return [Problem(file_name, None, where, _("this text is not part of the dialogue"))]
    if not unit.target:
        return []
    problems = []
    if len(unit.target) > text.max_length:
        problems.append(
            Problem(
                file_name,
                None,
                f"{where} / target",
                _("the translation has %(n)s characters; at most %(max)s fit")
                % {"n": len(unit.target), "max": text.max_length},
            )
        )
    expected, found = (
        Counter(PLACEHOLDER.findall(unit.source)),
        Counter(PLACEHOLDER.findall(unit.target)),
    )
    if expected != found:
        problems.append(
            Problem(
                file_name,
                None,
                f"{where} / target",
                _("keep the placeholders %(expected)s exactly (found %(found)s)")
                % {
                    "expected": " ".join(sorted(expected.elements())) or "—",
                    "found": " ".join(sorted(found.elements())) or "—",
                },
            )
        )
    return problems


@transaction.atomic
def _apply(
    dialogue: Dialogue, document: XliffFile, texts: Mapping[str, TranslatableText]
) -> TranslationImport:
    language = document.target_language
    wanted: dict[str, list[Unit]] = defaultdict(list)
    for unit in document.units:
        if unit.target:
            wanted[unit.id.split(":", 1)[0]].append(unit)
    updated = unchanged = outdated = 0
    for kind, units in wanted.items():
        rows = KINDS[kind]._default_manager.select_for_update().in_bulk([_pk(u.id) for u in units])
        for unit in units:
            row, field = rows[_pk(unit.id)], unit.id.rsplit(":", 1)[1]
            current: TranslatedText = dict(getattr(row, field) or {})
            if current.get(language) == unit.target:
                unchanged += 1
            else:
                current[language] = unit.target
                setattr(row, field, current)
                row.save(update_fields=[field])
                updated += 1
            _remember_origin(unit.id, language, unit.source)
            source_now = texts[unit.id].text.get(dialogue.source_language, "")
            outdated += source_now != unit.source
    return TranslationImport(language, updated, unchanged, outdated)


def _pk(key: str) -> int:
    return int(key.split(":")[1])


def _remember_origin(key: str, language: str, source_text: str) -> None:
    TranslationOrigin.objects.update_or_create(
        key=key, language=language, defaults={"source_digest": source_digest(source_text)}
    )


def translation_edits_note(
    *, key: str, before: TranslatedText, after: TranslatedText, source_language: str
) -> None:
    """After an edit by hand (the admin): a translation written now was made from the
    current source; translations left as they were while the source changed were made from
    the source before, which their origin records if it did not already."""
    source_before, source_after = before.get(source_language, ""), after.get(source_language, "")
    for language, text in after.items():
        if language == source_language or not text:
            continue
        if text != before.get(language):
            _remember_origin(key, language, source_after)
        elif source_after != source_before:
            TranslationOrigin.objects.get_or_create(
                key=key,
                language=language,
                defaults={"source_digest": source_digest(source_before)},
            )


def object_for_key(key: str) -> Model | None:
    kind, pk, _field = key.split(":")
    model = KINDS.get(kind)
    return model._default_manager.filter(pk=int(pk)).first() if model else None


# --- Reads: what is missing or outdated, per language ---------------------------------------


@dataclass(frozen=True)
class LanguageStatus:
    language: str
    sites: list[Site]
    total: int
    missing: list[TranslatableText]
    outdated: list[TranslatableText]


def translation_status(*, dialogue: Dialogue, sites: list[Site]) -> list[LanguageStatus]:
    """For each language the given sites use (other than the source), which texts have no
    translation yet and which were translated from an older source."""
    texts = [t for t in dialogue_texts(dialogue=dialogue) if t.text.get(dialogue.source_language)]
    by_language: dict[str, list[Site]] = defaultdict(list)
    for site in sites:
        for language in site.languages:
            if language != dialogue.source_language:
                by_language[language].append(site)
    statuses = []
    for language, using in sorted(by_language.items()):
        translated = [text for text in texts if text.text.get(language)]
        statuses.append(
            LanguageStatus(
                language=language,
                sites=using,
                total=len(texts),
                missing=[text for text in texts if not text.text.get(language)],
                outdated=_outdated(dialogue, translated, language),
            )
        )
    return statuses


def outdated_question_ids(
    *, questions: Sequence[Question], language: str, source_language: str
) -> set[int]:
    """The questions whose text, or one of whose answers, reads in `language` from an older
    source (questions loaded with their options): one query, for the ballot page."""
    digests: dict[str, tuple[int, str]] = {}
    for question in questions:
        items: list[Model] = [question, *question.options.all()]
        for item in items:
            text: TranslatedText = getattr(item, "text", None) or {}
            if text.get(language) and language != source_language:
                digests[text_key(item, "text")] = (
                    question.id,
                    source_digest(text.get(source_language, "")),
                )
    origins = TranslationOrigin.objects.filter(language=language, key__in=list(digests))
    return {
        digests[key][0]
        for key, digest in origins.values_list("key", "source_digest")
        if digest != digests[key][1]
    }
