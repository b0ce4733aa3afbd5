"""The seam between recruitment and deliberation, which sits above it.

Recruitment decides who is drawn, who answered and who steps in; deliberation owns the
pseudonymous participants. Recruitment may not import deliberation, so it defines here
what it needs from the panel (`PanelSeam`, typed by the records below) and deliberation
registers its implementation when the app is ready (`DeliberationConfig.ready`, via
`polyvox.deliberation.panel.connect`). Every call runs synchronously, inside the caller's
transaction: a draw, an answer or a replacement commits with its participants or not at all.

Why not a Django signal: the draw needs an answer back (each participant's pseudonym,
whose digest the volunteer keeps for the vault's export and erasure) and the invitation
needs each participant's check-in number (and, online, their voting code). A signal
returns an untyped list of (receiver, response) and does nothing at all when no receiver
is connected; this seam is checked by mypy on
both sides and refuses loudly when deliberation has not registered.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal, Protocol

from django.core.exceptions import ImproperlyConfigured

from polyvox.dialogues.models import Site

# A participant's place on the panel as recruitment knows it; the values are those of
# deliberation's Participant.Status.
SeatStatus = Literal["selected", "reserve", "confirmed", "declined"]


@dataclass(frozen=True)
class Seat:
    """A drawn volunteer who needs a participant: no name, no contact, no volunteer id."""

    language: str
    categories: Mapping[str, str]
    status: SeatStatus


@dataclass(frozen=True)
class SeatChange:
    """A participant's new status, named by the digest of their pseudonym."""

    participant_digest: str
    status: SeatStatus


class PanelSeam(Protocol):
    def participants_seat(self, *, site: Site, seats: Sequence[Seat]) -> list[str]:
        """Create one participant per seat; their pseudonyms, in the order of `seats`."""
        ...

    def participants_status_set(self, *, site: Site, changes: Sequence[SeatChange]) -> None:
        """Set the status of each participant named; unknown digests are skipped."""
        ...

    def check_in_numbers(self, *, site: Site, digests: Collection[str]) -> dict[str, int]:
        """The check-in number of each participant named (by digest) that exists: what the
        invitation email carries. Never the voting code (issue 12 item 7)."""
        ...

    def voting_code(self, *, site: Site, digest: str) -> str | None:
        """One participant's voting code, for their own invitation page at a site that
        votes online; None when the participant does not exist."""
        ...


_registered: list[PanelSeam] = []


def panel_seam_register(seam: PanelSeam) -> None:
    """Called once by deliberation when Django is ready; a second call replaces the first."""
    _registered[:] = [seam]


def panel_seam() -> PanelSeam:
    if not _registered:
        raise ImproperlyConfigured(
            "No panel seam registered: DeliberationConfig.ready() must call "
            "polyvox.deliberation.panel.connect()."
        )
    return _registered[0]
