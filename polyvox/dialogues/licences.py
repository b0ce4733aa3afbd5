"""Licences an organiser may choose for a dialogue's published results and open data.

Codes are SPDX identifiers, so the open-data metadata (a Frictionless data package)
and the API carry a name any reuser's tools recognise.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models


class Licence(models.TextChoices):
    # Licence names are proper names: they stay in English in every interface language.
    CC_BY = "CC-BY-4.0", "Creative Commons Attribution 4.0 International (CC BY 4.0)"
    CC_BY_SA = (
        "CC-BY-SA-4.0",
        "Creative Commons Attribution-ShareAlike 4.0 International (CC BY-SA 4.0)",
    )
    CC0 = "CC0-1.0", "Creative Commons Zero 1.0 Universal (CC0 1.0)"
    ODBL = "ODbL-1.0", "Open Data Commons Open Database License 1.0 (ODbL 1.0)"


@dataclass(frozen=True)
class LicenceInfo:
    name: str  # SPDX identifier
    title: str
    short: str  # what a page shows in a sentence, e.g. "CC BY 4.0"
    path: str  # the licence's text


LICENCES: dict[str, LicenceInfo] = {
    Licence.CC_BY: LicenceInfo(
        Licence.CC_BY,
        "Creative Commons Attribution 4.0 International",
        "CC BY 4.0",
        "https://creativecommons.org/licenses/by/4.0/",
    ),
    Licence.CC_BY_SA: LicenceInfo(
        Licence.CC_BY_SA,
        "Creative Commons Attribution-ShareAlike 4.0 International",
        "CC BY-SA 4.0",
        "https://creativecommons.org/licenses/by-sa/4.0/",
    ),
    Licence.CC0: LicenceInfo(
        Licence.CC0,
        "Creative Commons Zero 1.0 Universal",
        "CC0 1.0",
        "https://creativecommons.org/publicdomain/zero/1.0/",
    ),
    Licence.ODBL: LicenceInfo(
        Licence.ODBL,
        "Open Data Commons Open Database License 1.0",
        "ODbL 1.0",
        "https://opendatacommons.org/licenses/odbl/1-0/",
    ),
}


def licence_info(code: str) -> LicenceInfo:
    """The licence of a code; an unknown code (a removed choice) reads as the default."""
    # Choices are str, so a plain code finds its entry.
    return LICENCES.get(code, LICENCES[Licence.CC_BY])
