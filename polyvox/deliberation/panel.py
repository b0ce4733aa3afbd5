"""The panel's participants: seated from a draw, their status as they answer or step in.

Deliberation implements recruitment's `PanelSeam` here and registers it in
`DeliberationConfig.ready()` (`connect()`), so recruitment, below, never imports us.
Each function runs inside the recruitment service's transaction that calls it.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

from polyvox.deliberation.models import Participant
from polyvox.dialogues.models import Site
from polyvox.people.digests import participant_digest_for
from polyvox.recruitment.panel_seam import Seat, SeatChange, panel_seam_register


def participants_seat(*, site: Site, seats: Sequence[Seat]) -> list[str]:
    """One participant per seat; their pseudonyms, in the order of `seats`."""
    participants = [
        Participant.objects.create(
            site=site,
            language=seat.language,
            categories=dict(seat.categories),
            status=Participant.Status(seat.status),
        )
        for seat in seats
    ]
    return [participant.pseudonym for participant in participants]


def participants_status_set(*, site: Site, changes: Sequence[SeatChange]) -> None:
    participants = participants_by_digest(site=site)
    for change in changes:
        participant = participants.get(change.participant_digest)
        if participant is None:
            continue
        participant.status = Participant.Status(change.status)
        participant.save(update_fields=["status"])


def check_in_numbers(*, site: Site, digests: Collection[str]) -> dict[str, int]:
    participants = participants_by_digest(site=site)
    return {digest: participants[digest].id for digest in digests if digest in participants}


def voting_code(*, site: Site, digest: str) -> str | None:
    participant = participants_by_digest(site=site).get(digest)
    return participant.code if participant is not None else None


def participants_by_digest(*, site: Site) -> dict[str, Participant]:
    """The site's participants keyed by the digest recruitment keeps of their pseudonym."""
    return {
        participant_digest_for(participant.pseudonym): participant
        for participant in Participant.objects.filter(site=site)
    }


class DeliberationPanel:
    """Recruitment's `PanelSeam`, answered by the functions above."""

    def participants_seat(self, *, site: Site, seats: Sequence[Seat]) -> list[str]:
        return participants_seat(site=site, seats=seats)

    def participants_status_set(self, *, site: Site, changes: Sequence[SeatChange]) -> None:
        participants_status_set(site=site, changes=changes)

    def check_in_numbers(self, *, site: Site, digests: Collection[str]) -> dict[str, int]:
        return check_in_numbers(site=site, digests=digests)

    def voting_code(self, *, site: Site, digest: str) -> str | None:
        return voting_code(site=site, digest=digest)


def connect() -> None:
    panel_seam_register(DeliberationPanel())
