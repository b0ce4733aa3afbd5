from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Tags, Warning, register


@register(Tags.security, deploy=True)
def check_shared_rate_limits(app_configs: Any, **kwargs: Any) -> list[CheckMessage]:
    if settings.REDIS_URL or not settings.RATE_LIMITS_ENABLED:
        return []
    return [
        Warning(
            "Rate limits are counted per worker process.",
            hint="Set REDIS_URL so that every worker and machine shares the counts.",
            id="polyvox.W001",
        )
    ]
