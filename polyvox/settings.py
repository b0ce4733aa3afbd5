"""Polyvox settings: one module, read from the environment.

Every value comes from an environment variable with a safe development default.
Readers refuse malformed values loudly rather than guessing, and production
(POLYVOX_ENV=production) refuses to start without SECRET_KEY and DATABASE_URL.
"""

from __future__ import annotations

import ipaddress
import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
ENVIRONMENTS = ("development", "test", "production")


def env_str(name: str, default: str) -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in ("1", "true", "yes", "on"):
        return True
    if value.lower() in ("0", "false", "no", "off"):
        return False
    raise ImproperlyConfigured(f"{name}={value!r} is not a boolean (use true or false).")


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={value!r} is not a whole number.") from None


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in env_str(name, default).split(",") if item.strip()]


def env_required(name: str) -> str:
    value = os.environ.get(name, "")
    if not value:
        raise ImproperlyConfigured(f"{name} must be set when POLYVOX_ENV=production.")
    return value


POLYVOX_ENV = env_str("POLYVOX_ENV", "development")
if POLYVOX_ENV not in ENVIRONMENTS:
    raise ImproperlyConfigured(
        f"POLYVOX_ENV={POLYVOX_ENV!r} is not one of: {', '.join(ENVIRONMENTS)}."
    )
PRODUCTION = POLYVOX_ENV == "production"

if PRODUCTION:
    SECRET_KEY = env_required("SECRET_KEY")
    DATABASE_URL = env_required("DATABASE_URL")
else:
    # A fixed key is fine outside production: it signs nothing anyone relies on.
    SECRET_KEY = env_str("SECRET_KEY", "insecure-development-key-do-not-use-in-production")
    DATABASE_URL = env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'var' / 'polyvox.sqlite3'}")

DEBUG = env_bool("DEBUG", default=POLYVOX_ENV == "development")
if PRODUCTION:
    ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", env_required("ALLOWED_HOSTS"))
else:
    ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1],testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000")

try:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
except ValueError as error:
    raise ImproperlyConfigured(f"DATABASE_URL is not a valid database URL: {error}") from None
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web server read while a worker writes; a busy timeout avoids
    # "database is locked" errors when both write at the same moment.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)

INSTALLED_APPS = [
    "polyvox.core",
    "polyvox.accounts",
    "polyvox.people",
    "polyvox.dialogues",
    "polyvox.recruitment",
    "polyvox.deliberation",
    "polyvox.results",
    "polyvox.consultation",
    "polyvox.jobs",
    "polyvox.audit",
    "polyvox.demo",
    "django_tasks",
    "django_tasks_db",
    "django_countries",
    "ninja",
    "axes",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    "polyvox.core.logs.RequestIdMiddleware",
    # /healthz, /readyz and /metrics, before host validation and the HTTPS redirect: probes
    # reach each app server by its private address over plain HTTP (polyvox.core.health).
    "polyvox.core.health.ProbeMiddleware",
    "polyvox.core.metrics.RequestMetricsMiddleware",
    # Compresses text responses last, once every other middleware has written the body.
    "polyvox.core.compression.TextGZipMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Records every page an observer opens and refuses their changes (issue 16 item 3).
    "polyvox.dialogues.observers.ObserverMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into its lockout response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "polyvox.urls"
WSGI_APPLICATION = "polyvox.wsgi.application"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "accounts:dashboard"
LOGOUT_REDIRECT_URL = "dialogues:home"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "polyvox.core.navigation.current_page",
            ],
        },
    }
]

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Interface languages. Participant-facing content (questions, options, material)
# is translated separately, in any language a site uses (see dialogues.translation).
LANGUAGE_CODE = "en"
# The switcher shows each name in its own language (get_language_info's name_local);
# polyvox/core/languages.py says which catalogues a native speaker has reviewed.
LANGUAGES = [
    ("en", _("English")),
    ("fr", _("French")),
    ("es", _("Spanish")),
    ("ar", _("Arabic")),
    ("zh-hans", _("Simplified Chinese")),
    ("ru", _("Russian")),
    ("pt", _("Portuguese")),
    ("de", _("German")),
    ("hi", _("Hindi")),
    ("sw", _("Swahili")),
]
LOCALE_PATHS: list[Path] = []  # each app keeps its own locale/ folder
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "var" / "static")))
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "var" / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
# Outside production whitenoise serves straight from the app folders: no collectstatic step.
WHITENOISE_USE_FINDERS = not PRODUCTION
WHITENOISE_AUTOREFRESH = DEBUG

# Background jobs: django-tasks, the backport of Django 6's task framework, with its
# database backend, so jobs need no broker and survive restarts. Tests and the demo may
# run them in-process with POLYVOX_JOBS=immediate.
JOBS_MODE = env_str("POLYVOX_JOBS", "database")
if JOBS_MODE not in ("database", "immediate"):
    raise ImproperlyConfigured(f"POLYVOX_JOBS={JOBS_MODE!r} is not one of: database, immediate.")
TASKS = {
    "default": {
        "BACKEND": (
            "django_tasks_db.DatabaseBackend"
            if JOBS_MODE == "database"
            else "django_tasks.backends.immediate.ImmediateBackend"
        )
    }
}

# The cache holds rate-limit counters: Redis shares them between worker processes and
# machines; without REDIS_URL each process keeps its own (fine for one machine in development).
REDIS_URL = env_str("REDIS_URL", "")
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
        if REDIS_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}
RATE_LIMITS_ENABLED = env_bool("RATE_LIMITS_ENABLED", default=True)
# How many reverse proxies sit in front of `polyvox serve` (they set X-Forwarded-For).
TRUSTED_PROXIES = env_int("TRUSTED_PROXIES", 0)

# Operations (polyvox.core.health, polyvox.core.metrics, deploy/README). /metrics answers the
# addresses in METRICS_ALLOWED_IPS (addresses or networks), and anyone sending
# "Authorization: Bearer <METRICS_TOKEN>" when a token is set.
METRICS_ALLOWED_IPS = env_list("METRICS_ALLOWED_IPS", "127.0.0.1,::1")
for _network in METRICS_ALLOWED_IPS:
    try:
        ipaddress.ip_network(_network)
    except ValueError:
        raise ImproperlyConfigured(
            f"METRICS_ALLOWED_IPS: {_network!r} is not an address or network."
        ) from None
METRICS_TOKEN = env_str("METRICS_TOKEN", "")
# /readyz answers 503 when a queued job has waited longer than this (no worker takes jobs)
# or a running job's lease ran out this long ago (no worker sweeps).
JOBS_STALLED_SECONDS = env_int("JOBS_STALLED_SECONDS", 300)
# A running job's lease, renewed by each progress report: a job whose worker died is queued
# again by the next sweep after this long. Longer than the slowest stretch between reports.
JOBS_LEASE_SECONDS = env_int("JOBS_LEASE_SECONDS", 600)
# json: one JSON object per line (requests, jobs, everything else), for a log platform.
LOG_FORMAT = env_str("LOG_FORMAT", "json" if PRODUCTION else "text")
if LOG_FORMAT not in ("json", "text"):
    raise ImproperlyConfigured(f"LOG_FORMAT={LOG_FORMAT!r} is not one of: json, text.")

# Outside production e-mail is printed on the console. In production it goes through a
# real server: the deploy check (polyvox.E001) refuses the console, file and memory
# backends, which would put invitations with voting codes and self-service data links
# in the server log.
EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if PRODUCTION
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_HOST = env_str("EMAIL_HOST", "" if PRODUCTION else "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 587)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=True)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", default=False)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10)
if EMAIL_USE_TLS and EMAIL_USE_SSL:
    EMAIL_USE_TLS = False  # an explicit EMAIL_USE_SSL=true wins over the default STARTTLS
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Polyvox <noreply@localhost>")

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Lock an account after repeated failures from one address, not the address itself:
# a venue's 200 citizens share one IP and must not be locked out by one person's typos.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = 1  # hour
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
# A username may be an email: axes logs it masked (the lockout itself still counts it).
AXES_SENSITIVE_PARAMETERS = ["password", "username"]
AXES_VERBOSE = False
# The same address as the rate limits: behind TRUSTED_PROXIES proxies, the one the nearest
# proxy saw; never a forged X-Forwarded-For, and never the proxy's own address for everyone.
AXES_CLIENT_IP_CALLABLE = "polyvox.core.ratelimit.client_address"

# No inline script anywhere, so scripts are limited to our own files. Inline styles stay
# allowed: server-rendered charts (SVG) and the admin carry style attributes.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "polyvox.core.logs.JsonFormatter"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            **({"formatter": "json"} if LOG_FORMAT == "json" else {}),
        }
    },
    # No personal data in logs: paths, form values and database errors leave the request
    # log redacted (polyvox.people.log_filters).
    "filters": {"personal_data": {"()": "polyvox.people.log_filters.RedactRequestDetails"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.request": {"filters": ["personal_data"]},
        # SQL parameters hold names and contacts: never logged, even with LOG_LEVEL=DEBUG.
        "django.db.backends": {"level": "INFO"},
        # WeasyPrint and fontTools narrate every step of a PDF at INFO.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
