"""Access cases for the consultation pages and the map API."""

from __future__ import annotations

from django.urls import reverse

from polyvox.consultation.models import Consultation, ConsultationParticipant
from tests.access import (
    REFUSED_TO_OBSERVER,
    Case,
    UrlOf,
    dialogue_of,
    everyone,
    members_only,
)
from tests.conftest import World
from tests.consultation.helpers import make_consultation


def consultation_of(world: World, which: str) -> Consultation:
    dialogue = dialogue_of(world, which)
    existing = Consultation.objects.filter(slug=f"c-{which}").first()
    return existing or make_consultation(dialogue, f"c-{which}")


def participant_of(world: World, which: str) -> ConsultationParticipant:
    consultation = consultation_of(world, which)
    participant, _ = ConsultationParticipant.objects.get_or_create(
        consultation=consultation, key=f"k-{which}"
    )
    return participant


def url(name: str) -> UrlOf:
    return lambda w, which: reverse(f"consultation:{name}", args=[consultation_of(w, which).slug])


ORGANISER_PAGE = members_only(anonymous=302, staff_roles=("organiser",))
ORGANISER_POST = members_only(
    anonymous=302, member=302, staff_roles=("organiser",), observer=REFUSED_TO_OBSERVER
)

CASES: dict[str, Case] = {
    "consultation:list": Case(lambda w, which: reverse("consultation:list"), everyone(200, 200)),
    "consultation:detail": Case(url("detail"), everyone(200, 200)),
    "consultation:map": Case(url("map"), everyone(200, 200)),
    # An empty form is refused with a message on the page it came from.
    "consultation:vote": Case(
        url("vote"), everyone(302, 302, observer=REFUSED_TO_OBSERVER), method="post"
    ),
    "consultation:submit": Case(
        url("submit"), everyone(302, 302, observer=REFUSED_TO_OBSERVER), method="post"
    ),
    "consultation:moderation": Case(url("moderation"), ORGANISER_PAGE),
    "consultation:export": Case(url("export"), ORGANISER_PAGE),
    "consultation:recompute": Case(url("recompute"), ORGANISER_POST, method="post"),
    "consultation:moderate": Case(
        lambda w, which: reverse("consultation:moderate", args=[consultation_of(w, which).slug, 1]),
        ORGANISER_POST,
        method="post",
    ),
    "consultation:ban": Case(
        lambda w, which: reverse(
            "consultation:ban",
            args=[consultation_of(w, which).slug, participant_of(w, which).id],
        ),
        ORGANISER_POST,
        method="post",
    ),
    "api-1:consultation_map": Case(
        lambda w, which: reverse("api-1:consultation_map", args=[consultation_of(w, which).slug]),
        everyone(200, 200),
    ),
}
CASES["consultation:describe"] = Case(
    url("describe"), everyone(302, 302, observer=REFUSED_TO_OBSERVER), method="post"
)
