"""The reference data behind weights and regions: which table, which vintage, which values.

engines.tally ships the table of countries (UN M49 regions, World Bank population and
income groups). A dialogue uses the values of its own countries, with the organisers'
population overrides, and freezes them when its results are published: the snapshot keeps
the record and every later recomputation reads it instead of the table.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django_countries import countries as country_names

from polyvox.dialogues.models import Dialogue
from polyvox.engines.tally.countries import ATTRIBUTION, TABLE_NAME, reference_table
from polyvox.results.models import PopulationOverride, ResultsSnapshot
from polyvox.results.snapshot import CountryReference, ReferenceRecord


def dialogue_countries(*, dialogue: Dialogue) -> list[str]:
    """The ISO codes of the dialogue's sites, sorted."""
    codes = dialogue.sites.values_list("country", flat=True)
    return sorted({str(code) for code in codes if code})


def reference_live(*, dialogue: Dialogue) -> ReferenceRecord:
    """Today's table and overrides, for the dialogue's countries."""
    table = reference_table()
    overrides = {o.country: o for o in PopulationOverride.objects.filter(dialogue=dialogue)}
    countries: dict[str, CountryReference] = {}
    for code in dialogue_countries(dialogue=dialogue):
        info = table.countries.get(code)
        override = overrides.get(code)
        countries[code] = CountryReference(
            name=info.name if info else code,
            region=info.region if info else "",
            subregion=info.subregion if info else "",
            intermediate_region=info.intermediate_region if info else "",
            income_group=info.income_group if info else "",
            income_group_fy=info.income_group_fy if info else "",
            population=override.population if override else (info.population if info else None),
            population_year=None if override or info is None else info.population_year,
            population_override_source=override.source if override else "",
        )
    return ReferenceRecord(
        table=TABLE_NAME,
        sha256=table.sha256,
        population_years=table.population_years,
        income_group_years=table.income_group_years,
        frozen_at="",
        countries=countries,
        missing_population=sorted(c for c, ref in countries.items() if not ref["population"]),
    )


def reference_for_dialogue(*, dialogue: Dialogue) -> ReferenceRecord:
    """The record frozen at publication if there is one, else today's."""
    frozen = (
        ResultsSnapshot.objects.filter(dialogue=dialogue)
        .values_list("reference_frozen", flat=True)
        .first()
    )
    if not frozen:
        return reference_live(dialogue=dialogue)
    record: ReferenceRecord = frozen
    # A site added after publication brings a country the record lacks: it counts as
    # without a population (no figure is taken for it behind the organisers' back).
    countries = record["countries"]
    missing = [
        code
        for code in dialogue_countries(dialogue=dialogue)
        if code not in countries or not countries[code]["population"]
    ]
    return {**record, "missing_population": missing}


def populations_of(reference: ReferenceRecord) -> dict[str, float] | None:
    """Populations for weighting, or None (no population weighting) while a country lacks one:
    leaving it out would silently reweight the others, and no figure is invented for it."""
    if reference["missing_population"]:
        return None
    return {code: float(ref["population"] or 0) for code, ref in reference["countries"].items()}


def vintage_text(reference: ReferenceRecord) -> str:
    """One line naming the sources and their vintage."""
    years = ", ".join(str(year) for year in reference["population_years"]) or "–"
    groups = ", ".join(reference["income_group_years"]) or "–"
    return _(
        "Regions: UN M49. Population: World Bank, %(years)s. Income groups: World Bank, %(groups)s."
    ) % {"years": years, "groups": groups}


def override_lines(reference: ReferenceRecord) -> list[str]:
    """ "override: figure, source" for each country whose population the organisers gave."""
    return [
        _("%(country)s: override: %(figure)s, %(source)s")
        % {
            "country": display_name(code, ref["name"]),
            "figure": number_format(ref["population"] or 0, force_grouping=True),
            "source": ref["population_override_source"],
        }
        for code, ref in reference["countries"].items()
        if ref["population_override_source"]
    ]


def display_name(code: str, fallback: str = "") -> str:
    """The country's name in the reader's language (the table's English name otherwise)."""
    return str(country_names.name(code)) or fallback or code


def missing_population_names(reference: ReferenceRecord) -> list[str]:
    countries = reference["countries"]
    return [
        f"{display_name(code, countries[code]['name'] if code in countries else '')} ({code})"
        for code in reference["missing_population"]
    ]


def reference_description(reference: ReferenceRecord) -> str:
    """The open-data metadata's paragraph on reference data (English, a machine format:
    figures with a decimal point and no grouping)."""
    parts = [
        "Reference data for regions, income groups and population weights: "
        f"{reference['table']}, sha256 {reference['sha256']}; population year "
        f"{', '.join(str(y) for y in reference['population_years']) or '-'}, income groups "
        f"{', '.join(reference['income_group_years']) or '-'}."
    ]
    if reference["frozen_at"]:
        parts.append(f"Frozen at publication, {reference['frozen_at']}.")
    for code, ref in reference["countries"].items():
        if ref["population_override_source"]:
            parts.append(
                f"{code}: override: {ref['population']}, {ref['population_override_source']}."
            )
    if reference["missing_population"]:
        parts.append(
            "No population figure for "
            f"{', '.join(reference['missing_population'])}: population_weighted shares "
            "are left out."
        )
    parts.append(f"Attribution: {ATTRIBUTION}")
    return " ".join(parts)


def opendata_reference_description(*, dialogue: Dialogue) -> str:
    """What opendata.metadata appends to its description: the record the published
    figures were computed with (today's, for a snapshot older than these records)."""
    used = (
        ResultsSnapshot.objects.filter(dialogue=dialogue)
        .values_list("data__reference", flat=True)
        .first()
    )
    return reference_description(reference_used(dialogue=dialogue, recorded=used))


@dataclass(frozen=True)
class ReferenceNote:
    """What the results page and the PDF say about the reference data."""

    vintage: str
    attribution: str
    overrides: list[str]
    missing: list[str]  # "Taiwan (TW)": no population, so no population weighting
    sha256: str
    frozen_at: str


def reference_note(reference: ReferenceRecord) -> ReferenceNote:
    return ReferenceNote(
        vintage=vintage_text(reference),
        attribution=ATTRIBUTION,
        overrides=override_lines(reference),
        missing=missing_population_names(reference),
        sha256=reference["sha256"],
        frozen_at=reference["frozen_at"],
    )


def reference_used(*, dialogue: Dialogue, recorded: ReferenceRecord | None) -> ReferenceRecord:
    """The record a snapshot was computed with; today's for a snapshot older than records."""
    return recorded or reference_for_dialogue(dialogue=dialogue)
