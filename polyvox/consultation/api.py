from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema

from polyvox.consultation.access import access_consultation_for_reader

router = Router(tags=["consultation"])


class OpinionMapOut(Schema):
    slug: str
    title: dict[str, str]
    status: str
    computed_at: str | None
    attribution: str
    # [participant id, group id or null, x, y]
    participants: list[list[Any]]
    groups: list[dict[str, Any]]
    consensus: dict[str, list[dict[str, Any]]]
    statements: list[dict[str, Any]]


@router.get(
    "/consultations/{slug}/map",
    response=OpinionMapOut,
    summary="A consultation's opinion map: groups, representative and consensus statements",
)
def consultation_map(request: HttpRequest, slug: str) -> dict[str, Any]:
    consultation = access_consultation_for_reader(user=request.user, slug=slug)
    data = consultation.opinion_map
    summaries = data.get("statements", {})
    statements = [
        {
            "number": s.number,
            "id": s.id,
            "text": s.text,
            "status": s.status,
            **summaries.get(str(s.id), {}),
        }
        for s in consultation.statements.exclude(status="rejected")
    ]
    return {
        "slug": consultation.slug,
        "title": consultation.title,
        "status": consultation.status,
        "computed_at": data.get("computed_at"),
        "attribution": consultation.attribution,
        "participants": data.get("participants", []),
        "groups": data.get("groups", []),
        "consensus": data.get("consensus", {"agree": [], "disagree": []}),
        "statements": statements,
    }
