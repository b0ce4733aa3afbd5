"""What every spreadsheet import (pool, categories, paper counts) accepts."""

from __future__ import annotations

# Data rows: every line after the header, blank lines included, so a file at the limit ends
# on spreadsheet row 20,001. The limit bounds what reading and checking a file costs before
# anything is stored; a site's pool or a day's paper counts stay far below it.
MAX_DATA_ROWS = 20_000
