"""UN M49 regions and World Bank income groups of a country, with translated names.

The reference table lives in engines.tally (the engine groups answers by it); this module
only gives its English names a translation for the pages.
"""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from polyvox.engines.tally import country_info

LABELS: dict[str, Promise] = {
    "Africa": _("Africa"),
    "Americas": _("Americas"),
    "Asia": _("Asia"),
    "Europe": _("Europe"),
    "Oceania": _("Oceania"),
    "Australia and New Zealand": _("Australia and New Zealand"),
    "Central Asia": _("Central Asia"),
    "Eastern Asia": _("Eastern Asia"),
    "Eastern Europe": _("Eastern Europe"),
    "Latin America and the Caribbean": _("Latin America and the Caribbean"),
    "Melanesia": _("Melanesia"),
    "Micronesia": _("Micronesia"),
    "Northern Africa": _("Northern Africa"),
    "Northern America": _("Northern America"),
    "Northern Europe": _("Northern Europe"),
    "Polynesia": _("Polynesia"),
    "South-eastern Asia": _("South-eastern Asia"),
    "Southern Asia": _("Southern Asia"),
    "Southern Europe": _("Southern Europe"),
    "Sub-Saharan Africa": _("Sub-Saharan Africa"),
    "Western Asia": _("Western Asia"),
    "Western Europe": _("Western Europe"),
    "High income": _("High income"),
    "Low income": _("Low income"),
    "Lower middle income": _("Lower middle income"),
    "Upper middle income": _("Upper middle income"),
}


def label(name: str) -> str:
    return str(LABELS.get(name, name))


def region_of(country_code: str) -> str:
    info = country_info(country_code)
    return info.region if info else ""


def subregion_of(country_code: str) -> str:
    info = country_info(country_code)
    return info.subregion if info else ""
