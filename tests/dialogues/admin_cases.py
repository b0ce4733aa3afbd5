"""Admin models of the foundation apps, for tests/core/test_admin_scope.py."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from polyvox.accounts.models import Membership
from polyvox.dialogues import services
from polyvox.dialogues.models import Question, Session
from polyvox.jobs.models import Job
from tests.conftest import World


def session_pair(world: World) -> tuple[Session, Session]:
    return tuple(  # type: ignore[return-value]
        services.session_upsert(
            dialogue=dialogue,
            key="s1",
            title={"en": "Session"},
            questions=[
                {
                    "key": "q1",
                    "kind": "single",
                    "text": {"en": "Q?"},
                    "options": [{"key": "a", "text": {"en": "A"}}],
                }
            ],
        )
        for dialogue in (world.own, world.other)
    )


def question_pair(world: World) -> tuple[Question, Question]:
    own, other = session_pair(world)
    return own.questions.get(), other.questions.get()


def job_pair(world: World) -> tuple[Job, Job]:
    return (
        Job.objects.create(kind="x", dialogue=world.own),
        Job.objects.create(kind="x", dialogue=world.other),
    )


OBJECTS: dict[str, Callable[[World], tuple[Any, Any]] | None] = {
    "dialogues.Dialogue": lambda w: (w.own, w.other),
    "dialogues.Site": lambda w: (w.own_site, w.other_site),
    "dialogues.Session": session_pair,
    "dialogues.Question": question_pair,
    "dialogues.Organisation": lambda w: (w.own.organiser, w.other.organiser),
    "accounts.Membership": lambda w: (
        Membership.objects.get(user=w.users["host"]),
        Membership.objects.get(user=w.users["outsider"]),
    ),
    "jobs.Job": job_pair,
    "accounts.User": None,
    "auth.Group": None,
    "django_tasks_database.DBTaskResult": None,
}
HOST_MODELS = {"dialogues.Site"}
