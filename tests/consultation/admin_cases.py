"""Admin models of the consultation app, for tests/core/test_admin_scope.py."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from polyvox.consultation.models import Consultation, Statement
from tests.conftest import World
from tests.consultation.helpers import make_consultation


def consultation_pair(world: World) -> tuple[Consultation, Consultation]:
    return make_consultation(world.own, "admin-own"), make_consultation(world.other, "admin-other")


def statement_pair(world: World) -> tuple[Statement, Statement]:
    own, other = consultation_pair(world)
    return own.statements.first(), other.statements.first()  # type: ignore[return-value]


OBJECTS: dict[str, Callable[[World], tuple[Any, Any]] | None] = {
    "consultation.Consultation": consultation_pair,
    "consultation.Statement": statement_pair,
}
