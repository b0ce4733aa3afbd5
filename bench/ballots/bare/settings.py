"""A bare Django project: one endpoint that inserts one row. The peer `run.py` measures
Polyvox's ballot endpoint against."""

import os

import dj_database_url

SECRET_KEY = "bench-only"  # noqa: S105 - a local benchmark server, never deployed
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
ROOT_URLCONF = "bare.urls"
INSTALLED_APPS: list[str] = []
MIDDLEWARE: list[str] = []
USE_TZ = True
DATABASES = {"default": dj_database_url.parse(os.environ["DATABASE_URL"], conn_max_age=60)}
