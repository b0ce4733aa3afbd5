"""Recruitment tests run with deliberation's side of the panel seam connected, as
`DeliberationConfig.ready()` connects it in the running project."""

from __future__ import annotations

import pytest

from polyvox.deliberation.panel import connect


@pytest.fixture(autouse=True, scope="session")
def panel_seam_connected() -> None:
    connect()
    return
