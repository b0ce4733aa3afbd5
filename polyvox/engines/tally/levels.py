"""Levels of aggregation: which group each site belongs to."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .answers import IntArray
from .tallies import SiteTallies

GLOBAL = "global"
REGION = "region"
SUBREGION = "subregion"
INCOME_GROUP = "income_group"
COUNTRY = "country"
SITE = "site"
ALL_LEVELS = (GLOBAL, REGION, SUBREGION, INCOME_GROUP, COUNTRY, SITE)
# Levels made of whole countries, where country_equal and population_weighted apply.
ABOVE_COUNTRY = (GLOBAL, REGION, SUBREGION, INCOME_GROUP)
GLOBAL_GROUP = "all"


@dataclass(frozen=True)
class Grouping:
    level: str
    labels: list[str]
    site_group: IntArray  # group index of each site


def grouping(tallies: SiteTallies, level: str) -> Grouping:
    site_count = len(tallies.sites)
    if level == GLOBAL:
        return Grouping(level, [GLOBAL_GROUP], np.zeros(site_count, np.int64))
    if level == SITE:
        return Grouping(level, tallies.sites, np.arange(site_count, dtype=np.int64))
    if level == COUNTRY:
        return Grouping(level, tallies.countries, tallies.site_country)
    if level == REGION:
        return Grouping(level, tallies.site_region.labels, tallies.site_region.codes)
    if level in (SUBREGION, INCOME_GROUP):
        return _country_attribute_grouping(tallies, level)
    raise ValueError(f"unknown level {level!r}; levels are {', '.join(ALL_LEVELS)}")


def _country_attribute_grouping(tallies: SiteTallies, level: str) -> Grouping:
    names = [tallies.country_group(country, level) for country in tallies.countries]
    labels, country_group = np.unique(np.array(names, dtype=str), return_inverse=True)
    site_group = country_group[tallies.site_country] if names else np.zeros(0, np.int64)
    return Grouping(level, [str(label) for label in labels], site_group.astype(np.int64))
