"""Numbers, percentages and dates as a person reads them, in the active language.

One place for every page, email and PDF, so neighbouring pages do not show
"Dec. 5, 2026", "12/06/2026 8:54 p.m." and "2026-12-05" side by side: a date is
always DATE_FORMAT, a moment always DATETIME_FORMAT (the same date style with the
time added). Machine formats (SVG, JSON, CSV, URLs) never come through here.
"""

from __future__ import annotations

import datetime

from django.utils import formats, timezone
from django.utils.translation import pgettext

Moment = datetime.date | datetime.datetime | str | None

# U+2212: a real minus sign, the width of the plus sign, so signed columns line up.
MINUS = "\u2212"


def _moment(value: Moment) -> datetime.date | datetime.datetime | None:
    # Exports and stored JSON carry ISO strings; a page shows them like any date.
    if isinstance(value, str):
        try:
            return datetime.datetime.fromisoformat(value)
        except ValueError:
            return None
    return value


def _date_only(text: str) -> bool:
    return len(text) == len("2026-12-05")


def local_date(value: Moment) -> str:
    """A date (or the date of a moment, in the current time zone) in the reader's style."""
    moment = _moment(value)
    if moment is None:
        return ""
    if isinstance(moment, datetime.datetime) and timezone.is_aware(moment):
        moment = timezone.localtime(moment)
    return formats.date_format(moment, "DATE_FORMAT")


def local_datetime(value: Moment) -> str:
    """A moment in the reader's style, in the current time zone; a bare date as a date."""
    moment = _moment(value)
    if moment is None:
        return ""
    if not isinstance(moment, datetime.datetime) or (isinstance(value, str) and _date_only(value)):
        return formats.date_format(moment, "DATE_FORMAT")
    if timezone.is_aware(moment):
        moment = timezone.localtime(moment)
    return formats.date_format(moment, "DATETIME_FORMAT")


def local_percent(share: float | None, digits: int = 0) -> str:
    """0.4567 -> "46 %" in the reader's number format; "–" where there is no figure."""
    if share is None:
        return "–"
    return f"{formats.number_format(round(share * 100, digits), decimal_pos=digits)} %"


def percentage_points(difference: float | None, digits: int = 0) -> str:
    """A difference of two shares, -0.11 -> "−11 pts": percentage points, not per cent
    (11 % lower would mean a share 11 % smaller than the other, a different thing)."""
    if difference is None:
        return "–"
    points = round(difference * 100, digits)
    sign = "+" if points > 0 else MINUS if points < 0 else ""
    number = formats.number_format(abs(points), decimal_pos=digits)
    return pgettext("a difference in percentage points, abbreviated", "%(number)s pts") % {
        "number": f"{sign}{number}"
    }


def chance_in_words(probability: float | None) -> str:
    """0.0964 -> "9.6 % (about 1 in 10)": a chance as a person reads it, with one
    decimal (two below 1 %) so that small differences between volunteers stay visible."""
    if probability is None or probability <= 0:
        return "–"
    digits = 1 if probability >= 0.01 else 2
    return pgettext("a chance, as a percentage and as odds", "%(percent)s (about 1 in %(n)s)") % {
        "percent": local_percent(probability, digits=digits),
        "n": formats.number_format(round(1 / probability), force_grouping=True),
    }


def wall_time(value: datetime.datetime | None) -> str:
    """A moment's time of day on its own clock (a site's local time), never converted to
    the reader's zone: "9:00 a.m." in Tokyo stays 9:00 a.m."""
    if value is None:
        return ""
    return formats.time_format(value, "TIME_FORMAT")


def wall_date(value: datetime.datetime | None) -> str:
    """A moment's date on its own clock (see wall_time)."""
    if value is None:
        return ""
    return formats.date_format(value, "DATE_FORMAT")
