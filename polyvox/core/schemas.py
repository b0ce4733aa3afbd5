"""Types shared by the API routers."""

from __future__ import annotations

from typing import Annotated

from ninja import Path

# PostgreSQL's bigint: a larger id must be refused as invalid input (422), not reach the
# database and fail there.
MAX_ID = 2**63 - 1
DatabaseId = Annotated[int, Path(ge=1, le=MAX_ID)]
