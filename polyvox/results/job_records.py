"""Parameters and results of the results app's jobs, versioned (stored as Job JSON).

Jobs queued before these records existed carry no `version`: they load as version 1.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class _Record(BaseModel):
    model_config = ConfigDict(frozen=True)


class RecomputeParams(_Record):
    version: int = 1
    dialogue_id: int


class ReportParams(_Record):
    version: int = 1
    dialogue_id: int
    scope: str
    language: str
    # Names the request, so a retried job writes its report once (blank in older jobs).
    request_key: str = ""


class ThemesParams(_Record):
    version: int = 1
    dialogue_id: int
    site_id: int | None = None
    question_id: int | None = None
    notes: bool = False  # the tables' notes (issue 15 item 2) instead of a question


class RecomputeSummary(_Record):
    """The recompute job's result: when, and the snapshot's totals."""

    version: int = 1
    computed_at: str
    ballots: int
    paper: int
    participants: int
    unchecked_counts: int


class ReportSummary(_Record):
    version: int = 1
    report_id: int
    scope: str
    language: str
    pages: int | None
    slug: str


class ThemesSummary(_Record):
    version: int = 1
    themes: int
    texts: int
    slug: str
    site: str
