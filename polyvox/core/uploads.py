"""What every spreadsheet import (pool, categories, paper counts) accepts.

The limits live with the one reader, polyvox.lib.tabular; this name stays for the importers.
"""

from __future__ import annotations

from polyvox.lib.tabular import MAX_ROWS as MAX_DATA_ROWS

__all__ = ["MAX_DATA_ROWS"]
