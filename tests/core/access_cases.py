"""Access cases of the probes and metrics (polyvox.core.health, polyvox.core.metrics)."""

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
}
