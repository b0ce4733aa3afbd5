"""Tally engine: shares, weightings, intervals, suppression and comparisons.

Pure computation on numpy; no Django. The results pages, the PDF, the API and the
open-data files all read the numbers computed here.
"""

from .answers import Answers, Factor, factorize
from .breakdowns import BreakdownTable, compute_breakdowns
from .comparisons import ComparisonTable, compare_units
from .countries import CountryInfo, all_countries, builtin_populations, country_info
from .errors import TallyInputError
from .levels import ALL_LEVELS
from .rankings import RankedRecommendation, approve_recommendations, rank_recommendations
from .scales import ScaleMean, scale_means
from .shares import (
    COUNTRY_EQUAL,
    POOLED,
    POPULATION_WEIGHTED,
    ShareRow,
    ShareTable,
    compute_share_tables,
    compute_shares,
)
from .similarity import CountryMatch, CountryProfiles, country_profiles, which_country_are_you
from .statistics import two_proportion_z_test, wilson_interval
from .suppression import Suppression, exposed_cells, suppress_small_cells
from .tallies import SiteTallies, tally_sites

__all__ = [
    "ALL_LEVELS",
    "COUNTRY_EQUAL",
    "POOLED",
    "POPULATION_WEIGHTED",
    "Answers",
    "BreakdownTable",
    "ComparisonTable",
    "CountryInfo",
    "CountryMatch",
    "CountryProfiles",
    "Factor",
    "RankedRecommendation",
    "ScaleMean",
    "ShareRow",
    "ShareTable",
    "SiteTallies",
    "Suppression",
    "TallyInputError",
    "all_countries",
    "approve_recommendations",
    "builtin_populations",
    "compare_units",
    "compute_breakdowns",
    "compute_share_tables",
    "compute_shares",
    "country_info",
    "country_profiles",
    "exposed_cells",
    "factorize",
    "rank_recommendations",
    "scale_means",
    "suppress_small_cells",
    "tally_sites",
    "two_proportion_z_test",
    "which_country_are_you",
    "wilson_interval",
]
