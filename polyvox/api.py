"""The versioned JSON API (/api/v1/), documented by OpenAPI at /api/v1/docs.

Each app adds its router here; endpoints stay thin and call selectors and services.
"""

from __future__ import annotations

from ninja import NinjaAPI

from polyvox.consultation.api import router as consultation_router
from polyvox.deliberation.api import router as deliberation_router
from polyvox.dialogues.api import router as dialogues_router
from polyvox.recruitment.api import router as recruitment_router
from polyvox.results.api import router as results_router

api = NinjaAPI(
    title="Polyvox API",
    version="1",
    description="Read-only data on published dialogues, and the ballot API for the deliberation day.",
    urls_namespace="api-1",
)
api.add_router("/dialogues", dialogues_router)
# Each app's router sets its own paths (e.g. /ballots, /questions/{id}/results).
api.add_router("", recruitment_router)
api.add_router("", deliberation_router)
api.add_router("", results_router)
api.add_router("", consultation_router)
