from __future__ import annotations

from django.http import HttpRequest
from ninja import Router, Schema

from polyvox.consultation.access import access_consultation_for_reader
from polyvox.consultation.opinion_map import (
    MapConsensus,
    MapGroupSummary,
    MapParticipant,
    OpinionMap,
    VoteTally,
)
from polyvox.consultation.selectors import consultation_opinion_map
from polyvox.core.schemas import problems

router = Router(tags=["consultation"])


class MapStatementOut(Schema):
    number: int
    id: int
    text: dict[str, str]
    status: str
    # From the last map update; absent for statements it has not seen yet.
    consensus: float | None = None
    priority: float | None = None
    votes: dict[str, VoteTally] | None = None


class OpinionMapOut(Schema):
    slug: str
    title: dict[str, str]
    status: str
    computed_at: str | None
    attribution: str
    participants: list[MapParticipant]
    groups: list[MapGroupSummary]
    consensus: MapConsensus
    statements: list[MapStatementOut]


@router.get(
    "/consultations/{slug}/map",
    response={200: OpinionMapOut, **problems(404)},
    summary="A consultation's opinion map: groups, representative and consensus statements",
    description="404 for a consultation that does not exist or is not public.",
)
def consultation_map(request: HttpRequest, slug: str) -> OpinionMapOut:
    consultation = access_consultation_for_reader(user=request.user, slug=slug)
    data = consultation_opinion_map(consultation=consultation) or OpinionMap()
    statements = []
    for s in consultation.statements.exclude(status="rejected"):
        summary = data.statements.get(str(s.id))
        statements.append(
            MapStatementOut(
                number=s.number,
                id=s.id,
                text=s.text,
                status=s.status,
                consensus=summary.consensus if summary else None,
                priority=summary.priority if summary else None,
                votes=summary.votes if summary else None,
            )
        )
    return OpinionMapOut(
        slug=consultation.slug,
        title=consultation.title,
        status=consultation.status,
        computed_at=data.computed_at,
        attribution=consultation.attribution,
        participants=list(data.participants),
        groups=list(data.groups),
        consensus=data.consensus,
        statements=statements,
    )
