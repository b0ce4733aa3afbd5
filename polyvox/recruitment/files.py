"""What the recruitment file imports share: required columns and how many problems to report."""

from __future__ import annotations

from django.utils.translation import gettext as _

from polyvox.lib.problems import Problem
from polyvox.lib.tabular import Table

MAX_REPORTED_PROBLEMS = 50


def require_columns(table: Table, columns: tuple[str, ...]) -> list[Problem]:
    return [
        Problem(table.file, 1, column, _("this column is missing"))
        for column in columns
        if column not in table.header
    ]
