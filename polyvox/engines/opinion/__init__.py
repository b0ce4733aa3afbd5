"""Opinion maps the Polis way: groups, representative statements and consensus from votes.

Pure Python on numpy/scipy; no Django. A service calls `compute` from a background job,
stores `result.state` (see `OpinionState.to_dict`) and passes it back on the next update.
"""

from polyvox.engines.opinion.engine import compute
from polyvox.engines.opinion.model import (
    Cluster,
    Consensus,
    ConsensusStatement,
    KSmoother,
    OpinionGroup,
    OpinionResult,
    OpinionState,
    ParticipantPlacement,
    RepresentativeStatement,
    StatementSummary,
    Votes,
)

__all__ = [
    "Cluster",
    "Consensus",
    "ConsensusStatement",
    "KSmoother",
    "OpinionGroup",
    "OpinionResult",
    "OpinionState",
    "ParticipantPlacement",
    "RepresentativeStatement",
    "StatementSummary",
    "Votes",
    "compute",
]
