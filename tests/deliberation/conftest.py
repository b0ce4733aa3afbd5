"""Recommendations and table notes belong to a session: the own dialogue gets one."""

from __future__ import annotations

import pytest

from tests.deliberation.helpers import make_sessions


@pytest.fixture(autouse=True)
def _conclusions_session(request: pytest.FixtureRequest) -> None:
    if "world" in request.fixturenames:
        make_sessions(request.getfixturevalue("world").own)
