"""Reference table of countries: UN M49 regions, World Bank population and income group.

The table ships as package data, `data/countries.csv`, copied unchanged from the shared
countries folder; `data/SOURCE.md` gives its sources, commits and licences. It is read
with the standard library. Rows the World Bank does not cover (Taiwan, Réunion, …) have
no population and no income group: they are left empty, never filled in here.
"""

from __future__ import annotations

import csv
import hashlib
import io
from dataclasses import dataclass
from functools import cache
from importlib import resources

UNKNOWN_GROUP = "(unknown)"
TABLE_FILE = "countries.csv"
TABLE_NAME = "polyvox countries.csv (UN M49, World Bank)"

# Copied from the shared folder's README ("Attribution to show with any use"); a test
# checks it still matches whenever that folder is present.
ATTRIBUTION = (
    "Country codes, names and UN M49 regions: United Nations Statistics Division, Standard "
    "country or area codes for statistical use (M49), and ISO 3166-1, as compiled by "
    "datasets/country-codes (ODC-PDDL-1.0). "
    "Population: The World Bank: World Development Indicators, Population, total (SP.POP.TOTL): "
    "United Nations Population Division, World Population Prospects; United Nations Statistical "
    "Division, Population and Vital Statistics Report; census reports and other statistical "
    "publications from national statistical offices; Eurostat, Demographic Statistics; "
    "Secretariat of the Pacific Community, Statistics and Demography Programme; U.S. Census "
    "Bureau, International Database. CC BY 4.0. Republished by datasets/population "
    "(ODC-PDDL-1.0). "
    "Income groups: The World Bank: World Bank Country and Lending Groups, income "
    "classification FY2027 (World Bank API v2), as captured by "
    "MafiAtUN/country-classification-commons, snapshot of 2026-08-21 (MIT). CC BY 4.0. "
    "Changes: files joined on ISO alpha-3, World Bank aggregates dropped, latest population "
    "year selected; no value altered."
)


@dataclass(frozen=True)
class CountryInfo:
    alpha2: str
    alpha3: str
    m49: str
    name: str  # English name of the UNSD M49 list
    region: str  # UN M49 region: Africa, Americas, Asia, Europe, Oceania ("" for Antarctica)
    subregion: str  # UN M49 sub-region, e.g. "Sub-Saharan Africa", "Western Europe"
    intermediate_region: str  # UN M49 intermediate region where there is one, e.g. "Caribbean"
    income_group: str  # World Bank group, "" where the World Bank does not classify
    income_group_fy: str  # its fiscal year, e.g. "FY2027" ("" with no group)
    population: int | None  # World Bank SP.POP.TOTL, None where it has no figure
    population_year: int | None


@dataclass(frozen=True)
class ReferenceTable:
    """The shipped table with what identifies its version."""

    sha256: str
    countries: dict[str, CountryInfo]

    @property
    def population_years(self) -> list[int]:
        return sorted({c.population_year for c in self.countries.values() if c.population_year})

    @property
    def income_group_years(self) -> list[str]:
        return sorted({c.income_group_fy for c in self.countries.values() if c.income_group_fy})


def parse_table(raw: bytes) -> ReferenceTable:
    """The table from the bytes of a countries.csv (UTF-8, header row)."""
    reader = csv.DictReader(io.StringIO(raw.decode("utf-8"), newline=""))
    countries = {}
    for row in reader:
        countries[row["alpha2"]] = CountryInfo(
            alpha2=row["alpha2"],
            alpha3=row["alpha3"],
            m49=row["m49"],
            name=row["name_en"],
            region=row["region"],
            subregion=row["subregion"],
            intermediate_region=row["intermediate_region"],
            income_group=row["income_group"],
            income_group_fy=row["income_group_fy"],
            population=_whole_or_none(row["population"]),
            population_year=_whole_or_none(row["population_year"]),
        )
    return ReferenceTable(sha256=hashlib.sha256(raw).hexdigest(), countries=countries)


def _whole_or_none(text: str) -> int | None:
    return int(text) if text.strip() else None


@cache
def reference_table() -> ReferenceTable:
    """The shipped table, read once per process."""
    raw = resources.files("polyvox.engines.tally.data").joinpath(TABLE_FILE).read_bytes()
    return parse_table(raw)


def all_countries() -> dict[str, CountryInfo]:
    """Every ISO 3166-1 alpha-2 code, keyed by the upper-case code."""
    return reference_table().countries


def country_info(alpha2: str) -> CountryInfo | None:
    """The reference entry for an ISO alpha-2 code (any case), or None if unknown."""
    return all_countries().get(alpha2.strip().upper())


def builtin_populations() -> dict[str, float]:
    """World Bank populations of the countries that have one, for population-weighted shares.

    Countries without a figure are absent: weighting a dialogue with a site there fails
    loudly (TallyInputError) until the caller gives a figure.
    """
    return {
        code: float(info.population)
        for code, info in all_countries().items()
        if info.population is not None
    }


def country_attribute(alpha2: str, attribute: str) -> str:
    """A grouping attribute (region, subregion, income_group) with a visible fallback.

    Countries missing from the table or unclassified fall into one labelled group
    rather than vanishing from the totals.
    """
    info = country_info(alpha2)
    value = "" if info is None else str(getattr(info, attribute))
    return value or UNKNOWN_GROUP
