from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, Tags, Warning, register


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


# Backends that keep messages on the server: the console and file ones write invitations,
# voting codes and self-service data links into its logs and disks.
LOCAL_EMAIL_BACKENDS = {
    "django.core.mail.backends.console.EmailBackend",
    "django.core.mail.backends.filebased.EmailBackend",
    "django.core.mail.backends.locmem.EmailBackend",
    "django.core.mail.backends.dummy.EmailBackend",
}


@register(Tags.security, deploy=True)
def check_real_email(app_configs: Any, **kwargs: Any) -> list[CheckMessage]:
    backend = getattr(settings, "EMAIL_BACKEND", "")
    if not backend or backend in LOCAL_EMAIL_BACKENDS:
        return [
            Error(
                f"EMAIL_BACKEND is {backend or 'not set'}: no e-mail would reach anyone, and "
                "the console backend would write voting codes into the server log.",
                hint="Set EMAIL_BACKEND=django.core.mail.backends.smtp.EmailBackend and "
                "EMAIL_HOST (with EMAIL_PORT, EMAIL_HOST_USER and EMAIL_HOST_PASSWORD as needed).",
                id="polyvox.E001",
            )
        ]
    if backend == "django.core.mail.backends.smtp.EmailBackend" and not settings.EMAIL_HOST:
        return [
            Error(
                "EMAIL_HOST is not set: the SMTP backend has no server to send through.",
                hint="Set EMAIL_HOST (and EMAIL_PORT, EMAIL_HOST_USER, EMAIL_HOST_PASSWORD).",
                id="polyvox.E002",
            )
        ]
    return []
