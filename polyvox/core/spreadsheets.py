"""Temporary aliases: the formula guard moved to polyvox.lib.spreadsheets (issue #11).

Remove once results imports polyvox.lib.spreadsheets directly.
"""

from polyvox.lib.spreadsheets import FORMULA_STARTS, csv_cell, csv_row, xlsx_row

__all__ = ["FORMULA_STARTS", "csv_cell", "csv_row", "xlsx_row"]
