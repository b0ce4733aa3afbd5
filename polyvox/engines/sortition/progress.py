"""A progress bar on stderr, shown only on a terminal and only for runs over a second."""

from __future__ import annotations

import time
from typing import TextIO

BAR_WIDTH = 30
SHOW_AFTER_SECONDS = 1.0


class ProgressBar:
    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.started = time.monotonic()
        self.shown = False
        self.enabled = stream.isatty()

    def __call__(self, fraction: float, message: str) -> None:
        if not self.enabled or time.monotonic() - self.started < SHOW_AFTER_SECONDS:
            return
        filled = int(BAR_WIDTH * min(max(fraction, 0.0), 1.0))
        bar = "#" * filled + "-" * (BAR_WIDTH - filled)
        self.stream.write(f"\r[{bar}] {fraction:4.0%} {message[:40]:<40}")
        self.stream.flush()
        self.shown = True

    def finish(self) -> None:
        if self.shown:
            self.stream.write("\n")
            self.stream.flush()
