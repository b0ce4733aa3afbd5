"""Tables' recommendations: writing, translating, and the citizens' vote on them.

A table writes several recommendations in each session; the site votes on one session's
recommendations at a time (SiteDay.vote_session), each citizen once per session."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from polyvox.accounts.models import AnyUser, User
from polyvox.audit.services import audit_record
from polyvox.deliberation.ballots import BallotError, BallotOutcome
from polyvox.deliberation.counts import TallyError
from polyvox.deliberation.models import (
    ON_THE_PANEL,
    Origin,
    Participant,
    Recommendation,
    RecommendationPaperCount,
    RecommendationRanking,
    SiteDay,
    Table,
)
from polyvox.dialogues.models import Session, Site
from polyvox.dialogues.schedule import session_times


def _recommendation_audit(
    actor: AnyUser | None, action: str, recommendation: Recommendation, language: str
) -> None:
    if actor is not None:
        audit_record(
            actor=actor,
            action=action,
            site=recommendation.site,
            target=f"recommendation {recommendation.id}",
            details={
                "recommendation": recommendation.id,
                "table": recommendation.table_id,
                "session": recommendation.session_id,
                "language": language,
            },
        )


def session_now_or_last(*, site: Site) -> Session | None:
    """The session under way at the site now (dialogues.schedule), else its last session:
    where a recommendation written without naming its session belongs."""
    sessions = Session.objects.filter(dialogue_id=site.dialogue_id).order_by("position", "id")
    now = timezone.now()
    current = next((t.session_id for t in session_times(site=site) if t.is_now(now=now)), None)
    found = sessions.filter(id=current).first() if current is not None else None
    return found or sessions.last()


def _session_voted_by_default(*, site: Site) -> Session | None:
    """The session of the site's latest recommendation, else the session under way."""
    latest = Recommendation.objects.filter(site=site).order_by("-created_at", "-id").first()
    return latest.session if latest is not None else session_now_or_last(site=site)


@transaction.atomic
def recommendation_write(
    *,
    table: Table,
    session: Session | None = None,
    text: str,
    language: str,
    actor: AnyUser | None = None,
    recommendation: Recommendation | None = None,
) -> Recommendation:
    """A new recommendation of `table` in `session` (by default the session under way),
    or, given `recommendation` (one of this table's), a new text for it in `language`."""
    session = session or session_now_or_last(site=table.site)
    if session is None or session.dialogue_id != table.site.dialogue_id:
        raise BallotError("invalid", _("Choose a session of this dialogue."))
    if recommendation is None:
        recommendation = Recommendation.objects.create(
            site_id=table.site_id,
            table=table,
            session=session,
            language=language,
            text={language: text},
        )
    else:
        recommendation = Recommendation.objects.select_for_update().get(
            id=recommendation.id, table=table
        )
        recommendation.language = language
        recommendation.session = session
        recommendation.text = {**recommendation.text, language: text}
        recommendation.save(update_fields=["language", "session", "text", "updated_at"])
    _recommendation_audit(actor, "deliberation.recommendation_write", recommendation, language)
    return recommendation


@transaction.atomic
def recommendation_translate(
    *, recommendation: Recommendation, language: str, text: str, actor: AnyUser | None = None
) -> Recommendation:
    recommendation.text = {**recommendation.text, language: text}
    recommendation.save(update_fields=["text", "updated_at"])
    _recommendation_audit(actor, "deliberation.recommendation_translate", recommendation, language)
    return recommendation


@transaction.atomic
def ranking_open_set(
    *, site: Site, enabled: bool, session: Session | None = None, actor: AnyUser | None = None
) -> None:
    """Open the site's vote on the recommendations of `session` (by default the one voted on
    last), or close it; with an `actor`, audited."""
    # FOR UPDATE waits for votes in flight (they hold a key-share lock on this row), so
    # none is stored after the vote on the recommendations closes; see _vote_method.
    day, _created = SiteDay.objects.select_for_update().get_or_create(site=site)
    if session is not None:
        if session.dialogue_id != site.dialogue_id:
            raise BallotError("invalid", _("Choose a session of this dialogue."))
        day.vote_session = session
    if enabled and day.vote_session_id is None:
        day.vote_session = _session_voted_by_default(site=site)
    if enabled and day.vote_session_id is None:
        raise BallotError("invalid", _("Choose the session whose recommendations are voted on."))
    day.ranking_open = enabled
    day.save(update_fields=["ranking_open", "vote_session"])
    if actor is not None:
        audit_record(
            actor=actor,
            action="deliberation.recommendation_vote",
            site=site,
            details={"open": enabled, "session": day.vote_session_id},
        )


@transaction.atomic
def recommendation_method_set(*, site: Site, method: str, actor: AnyUser | None = None) -> None:
    """Choose ranking or approval for the site's vote on its recommendations; refused once
    a citizen has voted, since their ballot was cast under the other method's question."""
    if method not in SiteDay.Method.values:
        raise BallotError("invalid", _("Choose ranking or approval."))
    day, _created = SiteDay.objects.select_for_update().get_or_create(site=site)
    if day.recommendation_method == method:
        return
    if RecommendationRanking.objects.filter(participant__site=site).exists():
        raise BallotError(
            "closed", _("Citizens have already voted: the method can no longer change.")
        )
    day.recommendation_method = method
    day.save(update_fields=["recommendation_method"])
    if actor is not None:
        audit_record(
            actor=actor,
            action="deliberation.recommendation_method",
            site=site,
            details={"method": method},
        )


def _vote_method(*, site_id: int) -> tuple[str, int]:
    """The site's recommendation method and the session voted on, if its vote is open,
    holding a key-share lock on the site's day until the caller's transaction ends, so
    that closing waits for us."""
    lock = " FOR KEY SHARE" if connection.vendor == "postgresql" else ""
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT recommendation_method, vote_session_id FROM {SiteDay._meta.db_table} "  # noqa: S608
            f"WHERE site_id = %s AND ranking_open AND vote_session_id IS NOT NULL{lock}",
            [site_id],
        )
        row = cursor.fetchone()
    if row is None:
        raise BallotError("closed", _("The vote on the recommendations is not open."))
    return str(row[0]), int(row[1])


@transaction.atomic
def recommendation_vote_cast(
    *, participant: Participant, choice: Sequence[int]
) -> tuple[RecommendationRanking, BallotOutcome]:
    """A citizen's vote on the recommendations of the session their site votes on: under
    ranking, their order, most important first; under approval, those they approve (any
    number, none included). Stakeholders do not vote on the citizens' recommendations."""
    if participant.status not in ON_THE_PANEL:
        raise BallotError("not_allowed", _("This code cannot vote."))
    if participant.track != Participant.Track.CITIZENS:
        raise BallotError("closed", _("The vote on the recommendations is for the citizens."))
    method, session_id = _vote_method(site_id=participant.site_id)
    valid = set(
        Recommendation.objects.filter(
            site_id=participant.site_id, session_id=session_id
        ).values_list("id", flat=True)
    )
    chosen = list(choice)
    if len(set(chosen)) != len(chosen) or not set(chosen) <= valid:
        raise BallotError("invalid", _("Choose among the recommendations of your site, each once."))
    if method == SiteDay.Method.APPROVAL:
        chosen = sorted(chosen)  # a set of approvals: the order means nothing
    elif not chosen:
        raise BallotError("invalid", _("Rank the recommendations of your site, each once."))
    ballot, created = RecommendationRanking.objects.select_for_update().get_or_create(
        participant=participant, session_id=session_id, defaults={"order": chosen}
    )
    if created:
        return ballot, BallotOutcome.CREATED
    if ballot.order == chosen:
        return ballot, BallotOutcome.REPLAYED
    ballot.order = chosen
    ballot.save(update_fields=["order", "updated_at"])
    return ballot, BallotOutcome.CHANGED


@dataclass(frozen=True)
class PaperApprovals:
    ballots: int  # paper ballots counted
    approvals: Mapping[int, int]  # recommendation id -> ticks counted


@transaction.atomic
def recommendation_paper_counts_enter(
    *, site: Site, session: Session, counted: PaperApprovals, entered_by: User
) -> None:
    """Hand-counted paper approval ballots of one session's vote, all or nothing; a later
    entry replaces them."""
    if SiteDay.objects.filter(site=site).values_list(
        "recommendation_method", flat=True
    ).first() != (SiteDay.Method.APPROVAL):
        raise TallyError([_("Paper counts of recommendations are for approval votes.")])
    valid = {item.id: item for item in Recommendation.objects.filter(site=site, session=session)}
    errors = [
        _("Recommendation %(id)s: %(count)s approvals but only %(ballots)s ballots counted.")
        % {"id": rid, "count": count, "ballots": counted.ballots}
        for rid, count in counted.approvals.items()
        if count > counted.ballots
    ]
    if not set(counted.approvals) <= set(valid):
        errors.append(_("Count only this site's recommendations of this session."))
    if errors:
        raise TallyError(errors)
    defaults = {"origin": Origin.PAPER, "entered_by": entered_by}
    RecommendationPaperCount.objects.update_or_create(
        site=site,
        session=session,
        recommendation=None,
        defaults={**defaults, "count": counted.ballots},
    )
    for rid, count in counted.approvals.items():
        RecommendationPaperCount.objects.update_or_create(
            site=site,
            session=session,
            recommendation=valid[rid],
            defaults={**defaults, "count": count},
        )
    audit_record(
        actor=entered_by,
        action="deliberation.recommendation_paper_counts",
        site=site,
        details={
            "session": session.id,
            "ballots": counted.ballots,
            "approvals": {str(rid): count for rid, count in sorted(counted.approvals.items())},
        },
    )
