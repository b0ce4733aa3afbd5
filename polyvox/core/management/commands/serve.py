"""`polyvox serve`: the production web server (gunicorn) on the configured database."""

from __future__ import annotations

import glob
import ipaddress
import os
import tempfile
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False  # a host name: it may resolve to any address


def prepare_metrics_directory(server: Any) -> None:
    """gunicorn's on_starting hook, in the master before any worker forks: the workers count
    requests in files of PROMETHEUS_MULTIPROC_DIR, which /metrics adds up.

    A directory set in the environment (the systemd unit's RuntimeDirectory) is emptied:
    files from an earlier run would add its counts to this one's."""
    directory = os.environ.get("PROMETHEUS_MULTIPROC_DIR", "")
    if directory:
        os.makedirs(directory, exist_ok=True)
        for stale in glob.glob(os.path.join(directory, "*.db")):
            os.remove(stale)
    else:
        os.environ["PROMETHEUS_MULTIPROC_DIR"] = tempfile.mkdtemp(prefix="polyvox-metrics-")
    # prometheus-client chose its value class when first imported (by the system checks,
    # before this hook); choose again now that the directory is set, before the fork.
    from prometheus_client import values

    values.ValueClass = values.get_value_class()  # type: ignore[no-untyped-call]


def forget_worker_metrics(server: Any, worker: Any) -> None:
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(worker.pid)  # type: ignore[no-untyped-call]


def static_files_collected() -> bool:
    """Whether STATIC_ROOT's manifest is newer than every static file it was collected from.

    collectstatic post-processes (hashes and compresses) every file on every run: about 30 s
    of CPU, over two minutes on a loaded machine (bench/globalday), taken from the app
    servers still answering while a killed one restarts. An upgrade installs newer files,
    so it still collects; deleting staticfiles.json forces it."""
    from django.contrib.staticfiles.finders import get_finders

    manifest = Path(settings.STATIC_ROOT) / "staticfiles.json"
    if not manifest.exists():
        return False
    collected_at = manifest.stat().st_mtime
    for finder in get_finders():
        for path, storage in finder.list([]):
            if os.stat(storage.path(path)).st_mtime > collected_at:
                return False
    return True


def default_workers() -> int:
    return int(os.environ.get("WEB_CONCURRENCY", 2 * (os.cpu_count() or 1) + 1))


class Command(BaseCommand):
    help = "Serve Polyvox with gunicorn (static files through whitenoise)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
        parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
        parser.add_argument("--workers", type=int, default=default_workers())
        parser.add_argument("--threads", type=int, default=int(os.environ.get("WEB_THREADS", "4")))
        parser.add_argument("--timeout", type=int, default=60)

    def handle(self, *args: Any, **options: Any) -> None:
        from gunicorn.app.base import BaseApplication

        if not settings.PRODUCTION and not is_loopback(options["host"]):
            # Outside production DEBUG may be on and SECRET_KEY is the published development
            # key: anyone who reaches the server could forge signed links.
            raise CommandError(
                f"Refusing to serve on {options['host']} outside production: development "
                "settings (debug pages, the public development SECRET_KEY) must not be "
                "reachable from other machines. Use --host 127.0.0.1, or set "
                "POLYVOX_ENV=production with its SECRET_KEY, DATABASE_URL and ALLOWED_HOSTS."
            )
        if settings.PRODUCTION and not static_files_collected():
            call_command("collectstatic", interactive=False, verbosity=0)
        gunicorn_options = {
            "bind": f"{options['host']}:{options['port']}",
            "workers": options["workers"],
            "threads": options["threads"],
            "worker_class": "gthread",
            "timeout": options["timeout"],
            "graceful_timeout": 20,
            "accesslog": "-",
            # Routes, not paths: a path or query string may carry a voting code or a token.
            "logger_class": "polyvox.core.access_log.RouteOnlyLogger",
            "access_log_format": '%(h)s "%(m)s %(U)s" %(s)s %(b)s %(M)sms',
            "errorlog": "-",
            "on_starting": prepare_metrics_directory,
            "child_exit": forget_worker_metrics,
        }

        class PolyvoxServer(BaseApplication):  # type: ignore[misc]
            def load_config(self) -> None:
                for key, value in gunicorn_options.items():
                    self.cfg.set(key, value)

            def load(self) -> Any:
                from polyvox.wsgi import application

                return application

        self.stdout.write(
            f"Polyvox on http://{gunicorn_options['bind']}/ with {options['workers']} workers"
        )
        PolyvoxServer().run()
