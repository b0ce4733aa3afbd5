"""The versioned JSON API (/api/v1/), documented by OpenAPI at /api/v1/docs.

Each app adds its router here; endpoints stay thin and call selectors and services.
"""

from __future__ import annotations

from ninja import NinjaAPI

from polyvox.dialogues.api import router as dialogues_router

api = NinjaAPI(
    title="Polyvox API",
    version="1",
    description="Read-only data on published dialogues, and the ballot API for the deliberation day.",
    urls_namespace="api-1",
)
api.add_router("/dialogues", dialogues_router)
