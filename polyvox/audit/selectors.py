from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from polyvox.accounts.models import Membership, Role, User
from polyvox.audit.models import AuditEvent
from polyvox.audit.sentences import AREAS, event_sentence
from polyvox.core.translation import language_name_in_sentence

# Actions kept out of the public part of the trail: observers' own page views.
PAGE_VIEW = "observer.page_view"


# The "who" filter's value for actions nobody started (a rule, a citizen's answer).
NO_ACTOR = "automatic"


@dataclass(frozen=True)
class AuditFilters:
    """What the trail's filter form asks for; empty fields filter nothing."""

    actor: str = ""  # a user id, or NO_ACTOR
    area: str = ""  # a key of sentences.AREAS
    action: str = ""  # one kind of action, by its name
    since: datetime.date | None = None
    until: datetime.date | None = None


def audit_events_filtered(
    *, dialogue_id: int, public: bool, filters: AuditFilters
) -> QuerySet[AuditEvent]:
    """The dialogue's trail, newest first, narrowed by who, what and when. Observers read
    the public part: no staff names (so no "who" filter) and not their own page views."""
    events = AuditEvent.objects.filter(dialogue_id=dialogue_id).select_related("site")
    if public:
        events = events.exclude(action=PAGE_VIEW).defer("actor")
    else:
        events = events.select_related("actor")
        if filters.actor == NO_ACTOR:
            events = events.filter(actor__isnull=True)
        elif filters.actor.isdigit():
            events = events.filter(actor_id=int(filters.actor))
    if filters.area in AREAS:
        prefixes = AREAS[filters.area][1]
        matches = Q()
        for prefix in prefixes:
            matches |= Q(action__startswith=prefix)
        events = events.filter(matches)
    if filters.action:
        events = events.filter(action=filters.action)
    if filters.since is not None:
        events = events.filter(at__date__gte=filters.since)
    if filters.until is not None:
        events = events.filter(at__date__lte=filters.until)
    return events.order_by("-at", "-id")


def audit_actors_for_dialogue(*, dialogue_id: int) -> list[tuple[str, str]]:
    """The "who" filter's choices: everyone who acted on the dialogue, as (value, label)."""
    actor_ids = set(
        AuditEvent.objects.filter(dialogue_id=dialogue_id, actor__isnull=False).values_list(
            "actor_id", flat=True
        )
    )
    labels = audit_actor_labels(dialogue_id=dialogue_id, user_ids=actor_ids)
    choices = sorted(((str(pk), label) for pk, label in labels.items()), key=lambda c: c[1])
    return [*choices, (NO_ACTOR, _("Nobody: automatic"))]


# When someone holds several roles on a dialogue, the widest one names them.
ROLE_ORDER = [Role.ORGANISER, Role.HOST, Role.FACILITATOR, Role.NOTE_TAKER, Role.OBSERVER]


def audit_actor_labels(*, dialogue_id: int, user_ids: Iterable[int]) -> dict[int, str]:
    """ "Ana Lima (organiser)": each person's name and their role on the dialogue."""
    ids = set(user_ids)
    roles: dict[int, list[str]] = {}
    for user_id, role in Membership.objects.filter(
        dialogue_id=dialogue_id, user_id__in=ids
    ).values_list("user_id", "role"):
        roles.setdefault(user_id, []).append(role)
    labels: dict[int, str] = {}
    for user in User.objects.filter(id__in=ids):
        name = user.get_full_name() or user.username
        held = sorted(roles.get(user.id, []), key=lambda role: ROLE_ORDER.index(Role(role)))
        if held:
            role_label = str(Role(held[0]).label).lower()
        elif user.is_superuser:
            role_label = _("administrator")
        else:
            role_label = _("former member")
        labels[user.id] = _("%(name)s (%(role)s)") % {"name": name, "role": role_label}
    return labels


def audit_kind_sentence(*, action: str) -> str:
    """One kind of action told without its particulars, for the filter that shows only it."""
    return event_sentence(action=action, actor=_("Someone"), target="", facts={})


@dataclass(frozen=True)
class AuditLine:
    """One event as the trail shows it: a sentence first, the raw record one click away."""

    event: AuditEvent
    sentence: str


def audit_lines(*, dialogue_id: int, events: Sequence[AuditEvent], public: bool) -> list[AuditLine]:
    """Sentences for a page of events, naming people instead of their ids (two queries)."""
    people: set[int] = set()
    if not public:  # staff accounts are personal data: observers read no names
        people = {event.actor_id for event in events if event.actor_id is not None}
        # A role given or taken names the person it concerns, not their id.
        people |= {
            event.details["user"]
            for event in events
            if event.action.startswith("role.") and isinstance(event.details.get("user"), int)
        }
    labels = audit_actor_labels(dialogue_id=dialogue_id, user_ids=people)
    return [
        AuditLine(event=event, sentence=_event_sentence(event, labels, public)) for event in events
    ]


def _event_sentence(event: AuditEvent, labels: dict[int, str], public: bool) -> str:
    if event.actor_id is None:
        actor = _("Polyvox (automatically)")
    elif public:
        actor = _("A member of staff")
    else:
        actor = labels.get(event.actor_id, _("someone"))
    facts = dict(event.details) if isinstance(event.details, dict) else {}
    if event.action.startswith("role."):
        facts["user"] = labels.get(facts.get("user"), _("someone"))  # type: ignore[arg-type]
        role = facts.get("role")
        facts["role"] = Role(role).label if role in Role.values else role
    if "language" in facts and isinstance(facts["language"], str):
        facts["language"] = language_name_in_sentence(facts["language"])
    return event_sentence(action=event.action, actor=actor, target=event.target, facts=facts)
