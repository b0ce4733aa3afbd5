"""Observers and evaluators: every page they open is recorded, every change is refused.

An observer reads (the day's dashboards, results before publication, the evaluation, the
public part of the audit trail); the access functions decide what they open. This
middleware adds the two rules that hold on every page:

- each page an observer opens is an audit event (`observer.page_view`), naming the
  route's pattern and its ids, never the address itself: a path may carry a voting code
  or a token, and the pattern (`my-data/<str:token>/`) never does;
- someone whose only roles are observer memberships changes nothing: any request other
  than GET, HEAD or OPTIONS is refused with 403, except signing out and choosing the
  interface language. Someone with another role besides keeps it: the access functions
  already refuse them anything their observer membership alone would give.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponseForbidden
from django.urls import ResolverMatch
from django.utils.translation import gettext as _

from polyvox.accounts.models import Role, User
from polyvox.accounts.selectors import cached_roles, is_observer_only
from polyvox.audit.selectors import PAGE_VIEW
from polyvox.audit.services import audit_record
from polyvox.dialogues.models import Dialogue, Site

READS = frozenset({"GET", "HEAD", "OPTIONS"})
# Writes an observer still needs: leaving, and reading in another language.
ALLOWED_WRITES = frozenset({"accounts:logout", "set_language"})
# Route arguments recorded with a page view: ids and slugs only. Any other argument (a
# token, a file name) is left out.
RECORDED_ARGUMENTS = frozenset(
    {
        "dialogue_id",
        "site_id",
        "slug",
        "site_slug",
        "report_id",
        "question_id",
        "theme_id",
        "job_id",
        "table_id",
        "dataset",
        "fmt",
    }
)


class ObserverMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        # Only pages: an address no route matches (a browser's /favicon.ico) opens none.
        if (
            isinstance(user, User)
            and request.method in READS
            and request.resolver_match is not None
            and Role.OBSERVER in cached_roles(user)
        ):
            _record_page_view(request, user, response.status_code)
        return response

    def process_view(
        self,
        request: HttpRequest,
        view_func: Callable[..., Any],
        view_args: tuple[Any, ...],
        view_kwargs: dict[str, Any],
    ) -> HttpResponse | None:
        if request.method in READS:
            return None
        if not is_observer_only(request.user):
            return None
        match = request.resolver_match
        if match is not None and match.view_name in ALLOWED_WRITES:
            return None
        return HttpResponseForbidden(_("Observers read; they change nothing."))


def _record_page_view(request: HttpRequest, user: User, status: int) -> None:
    match = request.resolver_match
    arguments = _recorded_arguments(match)
    site, dialogue = _where(arguments)
    audit_record(
        actor=user,
        action=PAGE_VIEW,
        dialogue=dialogue,
        site=site,
        target=(match.view_name if match else "")[:200],
        details={
            "route": (match.route if match else "")[:200],
            "arguments": arguments,
            "method": request.method,
            "status": status,
        },
    )


def _recorded_arguments(match: ResolverMatch | None) -> dict[str, str | int]:
    if match is None:
        return {}
    return {
        name: value
        for name, value in match.kwargs.items()
        if name in RECORDED_ARGUMENTS and isinstance(value, str | int)
    }


def _where(arguments: dict[str, str | int]) -> tuple[Site | None, Dialogue | None]:
    """The site and dialogue a page is about, as far as its route says."""
    site_id, dialogue_id, slug = (
        arguments.get("site_id"),
        arguments.get("dialogue_id"),
        arguments.get("slug"),
    )
    if isinstance(site_id, int):
        site = Site.objects.filter(id=site_id).first()
        return site, None
    if isinstance(dialogue_id, int):
        return None, Dialogue.objects.filter(id=dialogue_id).first()
    if isinstance(slug, str):
        return None, Dialogue.objects.filter(slug=slug).first()
    return None, None
