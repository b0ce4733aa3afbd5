"""People read numbers, percentages and dates in their language's style, one style per
kind everywhere; differences of shares read as percentage points."""

from __future__ import annotations

import datetime

from django.template import Context, Template
from django.utils import translation

from polyvox.core.formats import local_date, local_datetime, local_percent, percentage_points

DAY = datetime.date(2026, 12, 5)
MOMENT = datetime.datetime(2026, 12, 6, 20, 54, tzinfo=datetime.UTC)


class TestDates:
    def test_a_date_reads_the_same_way_whatever_its_type(self) -> None:
        with translation.override("fr"):
            assert local_date(DAY) == "5 décembre 2026"
            assert local_date("2026-12-05") == "5 décembre 2026"
            assert local_date(datetime.datetime(2026, 12, 5, 9, tzinfo=datetime.UTC)) == (
                "5 décembre 2026"
            )
        with translation.override("en"):
            assert local_date(DAY) == "Dec. 5, 2026"

    def test_a_moment_uses_the_same_date_style_with_its_time(self) -> None:
        with translation.override("fr"):
            assert local_datetime(MOMENT) == "6 décembre 2026 20:54"
            assert local_datetime(MOMENT.isoformat()) == "6 décembre 2026 20:54"
            # A stored bare date is not given a midnight it never had.
            assert local_datetime("2026-12-05") == "5 décembre 2026"
        with translation.override("en"):
            assert local_datetime(MOMENT) == "Dec. 6, 2026, 8:54 p.m."

    def test_nothing_or_garbage_shows_nothing(self) -> None:
        assert local_date(None) == ""
        assert local_datetime("not a date") == ""


class TestNumbers:
    def test_a_share_is_a_percentage_in_the_readers_number_format(self) -> None:
        with translation.override("fr"):
            assert local_percent(0.4567, 1) == "45,7 %"
        with translation.override("en"):
            assert local_percent(0.4567, 1) == "45.7 %"
        assert local_percent(None) == "–"

    def test_a_difference_of_shares_is_in_signed_percentage_points(self) -> None:
        with translation.override("en"):
            assert percentage_points(-0.11) == "\u221211 pts"
            assert percentage_points(0.034, 1) == "+3.4 pts"
            assert percentage_points(0.0) == "0 pts"
            assert percentage_points(None) == "–"
        with translation.override("fr"):
            assert percentage_points(0.034, 1).startswith("+3,4")

    def test_templates_reach_the_helper_through_the_polyvox_filters(self) -> None:
        template = Template(
            "{% load polyvox %}{{ day|local_date }} | {{ moment|local_datetime }} | "
            "{{ share|local_percent }} | {{ gap|percentage_points }}"
        )
        with translation.override("fr"):
            text = template.render(
                Context({"day": DAY, "moment": MOMENT, "share": 0.5, "gap": -0.11})
            )
        assert text == "5 décembre 2026 | 6 décembre 2026 20:54 | 50 % | \u221211 pts"
