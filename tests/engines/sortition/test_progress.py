from __future__ import annotations

import io

import pytest

from polyvox.engines.sortition import progress


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


class FakeClock:
    """Stands in for the time module inside progress only (pytest keeps the real one)."""

    def __init__(self, *readings: float) -> None:
        self.readings = list(readings)

    def monotonic(self) -> float:
        return self.readings.pop(0) if len(self.readings) > 1 else self.readings[0]


class TestProgressBar:
    def test_it_stays_silent_during_the_first_second(self, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setattr(progress, "time", FakeClock(100.0, 100.5))
        stream = FakeTerminal()
        bar = progress.ProgressBar(stream)
        bar(0.5, "level 1")
        bar.finish()
        assert stream.getvalue() == ""

    def test_it_draws_on_a_terminal_after_a_second(self, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setattr(progress, "time", FakeClock(100.0, 102.0))
        stream = FakeTerminal()
        bar = progress.ProgressBar(stream)
        bar(0.5, "level 1")
        bar.finish()
        assert "50%" in stream.getvalue()
        assert "level 1" in stream.getvalue()

    def test_it_never_draws_into_a_file(self) -> None:
        stream = io.StringIO()
        bar = progress.ProgressBar(stream)
        bar(0.5, "level 1")
        assert stream.getvalue() == ""
