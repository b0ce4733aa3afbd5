"""Voting cards: the one place a member of staff handles a citizen's voting code.

A card is printed once (issue 12 item 7: staff never see the secret after printing).
Printing a card again (a lost card, a jammed printer) gives the citizen a new code, so the
old card, and whoever read it, can no longer vote; answers stay with the citizen. Every
printing is an audit event naming the participants by check-in number.
"""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils import timezone

from polyvox.accounts.models import AnyUser
from polyvox.audit.services import audit_record
from polyvox.deliberation.models import CITIZEN_PARTICIPANTS, Participant, new_voting_code
from polyvox.dialogues.models import Site

# Reserves get a card too: they may be called forward during the day.
NO_CARD = (Participant.Status.DECLINED, Participant.Status.ABSENT)


def _new_code(participant: Participant) -> None:
    # 31^8 codes: a clash with another participant's is all but impossible, but the column
    # is unique, so try again rather than fail the printing.
    for _attempt in range(5):
        participant.code = new_voting_code()
        try:
            with transaction.atomic():
                participant.save(update_fields=["code"])
        except IntegrityError:
            continue
        return
    raise IntegrityError("No free voting code found.")


@transaction.atomic
def cards_print(
    *, site: Site, actor: AnyUser, reissue: bool, check_in_number: int | None = None
) -> list[Participant]:
    """The cards to print now, marked printed and audited, in table order.

    Without `reissue`: every card not printed yet. With it: the card of `check_in_number`
    (or, without one, every card) again, each under a new code."""
    # The row locks make two hosts printing at once print each new card once.
    cards = (
        Participant.objects.select_for_update()
        .filter(CITIZEN_PARTICIPANTS, site=site)
        .exclude(status__in=NO_CARD)
    )
    if check_in_number is not None:
        cards = cards.filter(id=check_in_number)
    if not reissue:
        cards = cards.filter(card_printed_at__isnull=True)
    chosen = list(cards)
    for participant in chosen if reissue else ():
        _new_code(participant)
    ids = [participant.id for participant in chosen]
    Participant.objects.filter(id__in=ids).update(card_printed_at=timezone.now())
    if ids:
        audit_record(
            actor=actor,
            action="deliberation.cards_reissue" if reissue else "deliberation.cards_print",
            site=site,
            details={"cards": len(ids), "participants": sorted(ids)},
        )
    return list(
        Participant.objects.filter(id__in=ids)
        .select_related("table")
        .order_by("table__number", "id")
    )
