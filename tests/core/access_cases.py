"""Access cases of the probes and metrics (polyvox.core.health, polyvox.core.metrics) and
of the design system's page (polyvox.core.views)."""

from __future__ import annotations

from django.urls import reverse

from tests.access import Case, everyone

CASES: dict[str, Case] = {
    # Load balancers ask without logging in.
    "healthz": Case(lambda w, which: reverse("healthz"), everyone(200, 200)),
    "readyz": Case(lambda w, which: reverse("readyz"), everyone(200, 200)),
    # Allowed by address or token, never by role: the test client comes from the loopback,
    # which METRICS_ALLOWED_IPS allows by default. tests/core/test_metrics.py refuses other
    # addresses and wrong tokens.
    "metrics": Case(lambda w, which: reverse("metrics"), everyone(200, 200)),
    # Staff accounts (organiser and host in the test world) only; nothing in it is private,
    # but it is a tool, not a page for the public.
    "core:design-system": Case(
        lambda w, which: reverse("core:design-system"),
        {
            **everyone(404, 404),
            "anonymous": (302, 302),
            "organiser": (200, 200),
            "host": (200, 200),
        },
    ),
}
