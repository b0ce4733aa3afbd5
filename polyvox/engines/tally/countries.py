"""Reference table of countries: UN M49 region, sub-region, World Bank income group, population.

The table ships as `data/countries.py` (CSV text; sources and year in its docstring).
The Django app uses `country_info` to derive a site's region from its country.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache

from .data.countries import COUNTRIES_CSV

UNKNOWN_GROUP = "(unknown)"


@dataclass(frozen=True)
class CountryInfo:
    alpha2: str
    name: str
    region: str  # UN M49 region: Africa, Americas, Asia, Europe, Oceania ("" for Antarctica)
    subregion: str  # UN M49 sub-region, e.g. "Sub-Saharan Africa", "Western Europe"
    intermediate_region: str  # UN M49 intermediate region where there is one, e.g. "Caribbean"
    income_group: str  # World Bank FY2025 group, "" where the World Bank does not classify
    population: int


@cache
def all_countries() -> dict[str, CountryInfo]:
    """Every ISO 3166-1 alpha-2 code, keyed by the upper-case code."""
    countries = {}
    for row in csv.DictReader(COUNTRIES_CSV.splitlines()):
        countries[row["alpha2"]] = CountryInfo(
            alpha2=row["alpha2"],
            name=row["name"],
            region=row["region"],
            subregion=row["subregion"],
            intermediate_region=row["intermediate_region"],
            income_group=row["income_group"],
            population=int(row["population"]),
        )
    return countries


def country_info(alpha2: str) -> CountryInfo | None:
    """The reference entry for an ISO alpha-2 code (any case), or None if unknown."""
    return all_countries().get(alpha2.strip().upper())


def builtin_populations() -> dict[str, float]:
    """Populations from the shipped table, for population-weighted shares."""
    return {code: float(info.population) for code, info in all_countries().items()}


def country_attribute(alpha2: str, attribute: str) -> str:
    """A grouping attribute (region, subregion, income_group) with a visible fallback.

    Countries missing from the table or unclassified fall into one labelled group
    rather than vanishing from the totals.
    """
    info = country_info(alpha2)
    value = "" if info is None else str(getattr(info, attribute))
    return value or UNKNOWN_GROUP
