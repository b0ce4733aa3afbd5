"""First contentful paint of a page on a throttled phone, and what it downloads.

Chromium (Debian's, as the browser tests use) through Playwright, one fresh context per
load so nothing is cached, a 390 x 844 viewport, and Lighthouse's mobile throttling applied
through the DevTools protocol (Lighthouse's "devtools" throttling preset, the one it labels
Slow 4G and DevTools calls Fast 3G): 562.5 ms round trip, 1,474.56 kbit/s down,
675 kbit/s up, CPU four times slower.
"""

from __future__ import annotations

import os
import statistics
from dataclasses import dataclass
from pathlib import Path

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
LATENCY_MS = 562.5
DOWNLOAD_BYTES_PER_S = 1474.56 * 1024 / 8
UPLOAD_BYTES_PER_S = 675 * 1024 / 8
CPU_SLOWDOWN = 4

# What the page downloaded, by kind (bytes on the wire, then decoded), and when it painted.
WEIGHT_SCRIPT = """() => {
  const entries = [performance.getEntriesByType('navigation')[0],
                   ...performance.getEntriesByType('resource')];
  const kind = (e) => e.entryType === 'navigation' ? 'html'
    : e.name.endsWith('.css') ? 'css' : e.name.endsWith('.js') ? 'js' : 'other';
  const sizes = {};
  for (const e of entries) {
    const k = kind(e);
    sizes[k] = sizes[k] || {wire: 0, decoded: 0};
    sizes[k].wire += e.transferSize; sizes[k].decoded += e.decodedBodySize;
  }
  const fcp = performance.getEntriesByName('first-contentful-paint')[0];
  return {fcp: fcp ? fcp.startTime : null, sizes};
}"""


@dataclass(frozen=True)
class PaintFigure:
    path: str
    fcp_ms: list[float]
    wire: dict[str, int]  # bytes on the wire by kind: html, css, js, other
    decoded: dict[str, int]

    @property
    def median_fcp_ms(self) -> float:
        return statistics.median(self.fcp_ms)


def measure(base_url: str, paths: list[str], *, loads: int = 3) -> list[PaintFigure]:
    if not CHROMIUM.exists():
        raise SystemExit("FCP needs Debian's chromium: apt-get install -y chromium")
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    figures = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        for path in paths:
            times: list[float] = []
            sizes: dict[str, dict[str, int]] = {}
            for _ in range(loads):
                context = browser.new_context(
                    locale="en-GB", viewport={"width": 390, "height": 844}, is_mobile=True
                )
                page = context.new_page()
                cdp = context.new_cdp_session(page)
                cdp.send("Network.enable")
                cdp.send(
                    "Network.emulateNetworkConditions",
                    {
                        "offline": False,
                        "latency": LATENCY_MS,
                        "downloadThroughput": DOWNLOAD_BYTES_PER_S,
                        "uploadThroughput": UPLOAD_BYTES_PER_S,
                    },
                )
                cdp.send("Emulation.setCPUThrottlingRate", {"rate": CPU_SLOWDOWN})
                page.goto(base_url + path, wait_until="load", timeout=120_000)
                result = page.evaluate(WEIGHT_SCRIPT)
                context.close()
                if result["fcp"] is not None:
                    times.append(float(result["fcp"]))
                sizes = result["sizes"]
            figures.append(
                PaintFigure(
                    path=path,
                    fcp_ms=times or [float("nan")],
                    wire={kind: int(size["wire"]) for kind, size in sizes.items()},
                    decoded={kind: int(size["decoded"]) for kind, size in sizes.items()},
                )
            )
        browser.close()
    return figures
