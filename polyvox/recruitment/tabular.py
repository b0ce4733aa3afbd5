"""Temporary aliases: the reader moved to polyvox.lib.tabular (issue #11).

Remove once recruitment imports polyvox.lib.tabular and polyvox.lib.problems directly.
"""

from polyvox.lib.problems import Problem
from polyvox.lib.problems import ProblemsError as TableError
from polyvox.lib.tabular import MAX_ROWS, Table, read_table

__all__ = ["MAX_ROWS", "Problem", "Table", "TableError", "read_table"]
