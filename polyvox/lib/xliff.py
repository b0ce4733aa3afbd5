"""XLIFF 2.0, the exchange format of translators' tools (Weblate, Crowdin, OmegaT, Poedit).

Only what Polyvox needs: one <file> of units, each a single segment with its source and,
once translated, its target; a note gives the translator the context. Reading goes through
defusedxml, because the file comes from outside (no entities, no external references).
Every problem names the file, the unit and the part of it that is wrong.
"""

from __future__ import annotations

from dataclasses import dataclass
from xml.etree.ElementTree import Element, SubElement, tostring

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import ParseError, fromstring

from polyvox.lib.problems import Problem, ProblemsError, translate

NAMESPACE = "urn:oasis:names:tc:xliff:document:2.0"
_NS = f"{{{NAMESPACE}}}"


@dataclass(frozen=True)
class Unit:
    id: str
    source: str
    target: str
    note: str = ""
    # A translation made from an older source: written with state "initial" so that
    # translators' tools offer it for review.
    outdated: bool = False


@dataclass(frozen=True)
class XliffFile:
    source_language: str
    target_language: str
    units: tuple[Unit, ...]


def xliff_write(document: XliffFile, *, file_id: str) -> bytes:
    root = Element(
        "xliff",
        {
            "xmlns": NAMESPACE,
            "version": "2.0",
            "srcLang": document.source_language,
            "trgLang": document.target_language,
        },
    )
    file = SubElement(root, "file", {"id": file_id})
    for unit in document.units:
        element = SubElement(file, "unit", {"id": unit.id})
        if unit.note:
            notes = SubElement(element, "notes")
            SubElement(notes, "note", {"category": "context"}).text = unit.note
        segment = SubElement(
            element,
            "segment",
            {"state": "translated" if unit.target and not unit.outdated else "initial"},
        )
        SubElement(segment, "source").text = unit.source
        if unit.target:
            SubElement(segment, "target").text = unit.target
    body: bytes = tostring(root, encoding="utf-8", xml_declaration=False)
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + body


def xliff_read(content: bytes, *, file_name: str) -> XliffFile:
    """The file's languages and units; ProblemsError naming every problem found."""
    try:
        root = fromstring(content)
    except (ParseError, DefusedXmlException, ValueError) as error:
        raise ProblemsError(
            [_problem(file_name, None, translate("not a readable XML file") + f" ({error})")]
        ) from None
    if root.tag != f"{_NS}xliff" or root.get("version") != "2.0":
        raise ProblemsError([_problem(file_name, None, translate("not an XLIFF 2.0 file"))])
    source, target = root.get("srcLang", ""), root.get("trgLang", "")
    problems = []
    if not source or not target:
        problems.append(_problem(file_name, None, translate("srcLang and trgLang are required")))
    units, seen = [], set()
    for element in root.iter(f"{_NS}unit"):
        unit, unit_problems = _unit(element, file_name)
        problems += unit_problems
        if unit is not None:
            if unit.id in seen:
                problems.append(_problem(file_name, unit.id, translate("this unit appears twice")))
            seen.add(unit.id)
            units.append(unit)
    if problems:
        raise ProblemsError(problems)
    return XliffFile(source_language=source, target_language=target, units=tuple(units))


def _unit(element: Element, file_name: str) -> tuple[Unit | None, list[Problem]]:
    unit_id = element.get("id", "")
    if not unit_id:
        return None, [_problem(file_name, None, translate("a unit has no id"))]
    segments = element.findall(f"{_NS}segment")
    if len(segments) != 1:
        return None, [
            _problem(file_name, unit_id, translate("a unit must have exactly one segment"))
        ]
    source = segments[0].find(f"{_NS}source")
    target = segments[0].find(f"{_NS}target")
    if source is None:
        return None, [_problem(file_name, unit_id, translate("the source is missing"))]
    problems = []
    for part, node in (("source", source), ("target", target)):
        if node is not None and len(node):
            # Inline codes (<ph>, <pc>) would be lost as plain text: refuse rather than guess.
            problems.append(
                _problem(file_name, unit_id, translate("inline markup is not supported"), part)
            )
    outdated = target is not None and segments[0].get("state") == "initial"
    unit = Unit(id=unit_id, source=_text(source), target=_text(target), outdated=outdated)
    return unit, problems


def _text(node: Element | None) -> str:
    return "" if node is None else "".join(node.itertext())


def _problem(file_name: str, unit: str | None, message: str, part: str | None = None) -> Problem:
    where = None if unit is None else f"unit {unit}" + (f" / {part}" if part else "")
    return Problem(file=file_name, row=None, column=where, message=message)
