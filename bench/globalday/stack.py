"""The production parts on loopback: nginx with deploy/nginx/polyvox.conf (TLS, HTTP/2, the
forwarded headers, its limits) in front of several `polyvox serve`, `polyvox worker`s, a
supervisor that restarts a killed process as systemd's Restart=on-failure would, and the
PostgreSQL restart.
"""

from __future__ import annotations

import os
import re
import secrets
import signal
import subprocess
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[2]
BIN = ROOT / ".venv" / "bin"
POLYVOX = BIN / "polyvox"
PYTHON = BIN / "python"
NGINX = "/usr/sbin/nginx"
SITE_TEMPLATE = ROOT / "deploy" / "nginx" / "polyvox.conf"
HOSTNAME = "polyvox.example.org"
PG = "postgres://postgres@127.0.0.1:5432"


def production_env(database: str, *, var: Path, lease_seconds: int) -> dict[str, str]:
    """What deploy/polyvox.env.example asks for, filled in for this machine."""
    return {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": os.environ.get("HOME", "/root"),
        "LANG": "C.UTF-8",
        "POLYVOX_ENV": "production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "DATABASE_URL": f"{PG}/{database}?connect_timeout=5",
        "ALLOWED_HOSTS": HOSTNAME,
        "SITE_URL": f"https://{HOSTNAME}",
        "REDIS_URL": "redis://127.0.0.1:6379/9",
        "TRUSTED_PROXIES": "1",
        "HOST": "127.0.0.1",
        "WEB_CONCURRENCY": "2",
        "WEB_THREADS": "4",
        "STATIC_ROOT": str(var / "static"),
        "MEDIA_ROOT": str(var / "media"),
        "EMAIL_HOST": "localhost",
        "DEFAULT_FROM_EMAIL": f"Polyvox <noreply@{HOSTNAME}>",
        "METRICS_ALLOWED_IPS": "127.0.0.1",
        "LOG_FORMAT": "json",
        "JOBS_LEASE_SECONDS": str(lease_seconds),
        "XDG_CACHE_HOME": str(var / "cache"),
    }


# --- nginx ------------------------------------------------------------------------------


def certificate(directory: Path) -> tuple[Path, Path]:
    """A self-signed certificate for the site's name and 127.0.0.1."""
    cert, key = directory / "cert.pem", directory / "key.pem"
    subprocess.run(
        [
            "openssl",
            *("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2"),
            *("-keyout", str(key), "-out", str(cert), "-subj", f"/CN={HOSTNAME}"),
            *("-addext", f"subjectAltName=DNS:{HOSTNAME},IP:127.0.0.1"),
        ],
        check=True,
        capture_output=True,
    )
    return cert, key


def render_site(
    template: str, *, ports: list[int], https_port: int, one_server_port: int, cert: Path, key: Path
) -> str:
    """deploy/nginx/polyvox.conf as shipped, changed only where a machine differs: the
    upstream's servers, the listening addresses and the certificate. A second copy of the
    HTTPS server, on its own port, reaches the first app server alone (the throughput
    comparison)."""
    upstream = "\n".join(
        f"    server 127.0.0.1:{port} max_fails=2 fail_timeout=5s;" for port in ports
    )
    site, count = re.subn(
        r"upstream polyvox \{.*?\n\}",
        f"upstream polyvox {{\n{upstream}\n    keepalive 32;\n}}\n"
        f"upstream polyvox_one {{\n    server 127.0.0.1:{ports[0]};\n    keepalive 32;\n}}",
        template,
        flags=re.DOTALL,
    )
    assert count == 1, "the upstream block of deploy/nginx/polyvox.conf changed shape"
    site = re.sub(r"\n\s*listen \[::\]:[^\n]*", "", site)
    site = site.replace("listen 80;", "listen 127.0.0.1:18080;")
    site = site.replace("listen 443 ssl http2;", f"listen 127.0.0.1:{https_port} ssl http2;")
    site = re.sub(r"ssl_certificate [^;]+;", f"ssl_certificate {cert};", site)
    site = re.sub(r"ssl_certificate_key [^;]+;", f"ssl_certificate_key {key};", site)
    tls_server = site[site.index("server {\n    # nginx") :]
    one = tls_server.replace(f"127.0.0.1:{https_port} ", f"127.0.0.1:{one_server_port} ")
    one = one.replace("proxy_pass http://polyvox;", "proxy_pass http://polyvox_one;")
    return site + "\n# The first app server alone, for the throughput comparison.\n" + one


def nginx_conf(directory: Path, site: Path) -> Path:
    conf = directory / "nginx.conf"
    temp = directory / "temp"
    temp.mkdir(exist_ok=True)
    temp.chmod(0o777)  # nginx's workers run as nobody
    conf.write_text(
        f"""worker_processes 1;
pid {directory}/nginx.pid;
error_log {directory}/error.log warn;
events {{ worker_connections 4096; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    client_body_temp_path {temp}/body;
    proxy_temp_path {temp}/proxy;
    fastcgi_temp_path {temp}/fastcgi;
    uwsgi_temp_path {temp}/uwsgi;
    scgi_temp_path {temp}/scgi;
    include {site};
}}
"""
    )
    return conf


# --- supervised processes -----------------------------------------------------------------


@dataclass
class Service:
    """One process of the stack, in its own process group (a gunicorn arbiter and its
    workers die together), restarted after `restart_seconds` when it dies unasked."""

    name: str
    command: list[str]
    env: dict[str, str]
    log: Path
    restart_seconds: float
    process: subprocess.Popen[bytes] | None = None
    restarts: int = 0
    stopping: bool = False
    died_at: float | None = None
    history: list[str] = field(default_factory=list)

    def start(self) -> None:
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(
                self.command,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    @property
    def pid(self) -> int:
        assert self.process is not None
        return self.process.pid

    def kill(self) -> None:
        """SIGKILL the whole group: what an out-of-memory kill or a crash leaves."""
        assert self.process is not None
        os.killpg(self.process.pid, signal.SIGKILL)

    def stop(self) -> None:
        self.stopping = True
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)


class Supervisor:
    """Restart=on-failure for our services, watched from a thread."""

    def __init__(self, services: list[Service]) -> None:
        self.services = services
        self.stop_event = threading.Event()
        self.thread = threading.Thread(target=self._watch, daemon=True)

    def start(self) -> None:
        self.thread.start()

    def _watch(self) -> None:
        while not self.stop_event.wait(0.2):
            for service in self.services:
                if service.stopping or service.process is None:
                    continue
                if service.process.poll() is None:
                    continue
                now = time.monotonic()
                if service.died_at is None:
                    service.died_at = now
                    service.history.append(f"exited {service.process.returncode}")
                elif now - service.died_at >= service.restart_seconds:
                    service.died_at = None
                    service.restarts += 1
                    service.start()
                    service.history.append("restarted")

    def stop(self) -> None:
        self.stop_event.set()
        self.thread.join(timeout=5)
        for service in self.services:
            service.stop()


def wait_http(url: str, *, seconds: float, **client: object) -> float:
    """Poll `url` until it answers 200; returns how long that took."""
    started = time.monotonic()
    with httpx.Client(timeout=2.0, **client) as http:  # type: ignore[arg-type]
        while time.monotonic() - started < seconds:
            try:
                if http.get(url).status_code == 200:
                    return time.monotonic() - started
            except httpx.HTTPError:
                pass
            time.sleep(0.2)
    raise SystemExit(f"{url} did not answer 200 within {seconds:.0f} s")


def restart_postgresql() -> str:
    """The cluster as Debian runs it here (no systemd in this container): pg_ctlcluster.
    Every connection on the machine's cluster is dropped, other people's included."""
    versions = sorted(path.name for path in Path("/etc/postgresql").iterdir())
    command = ["pg_ctlcluster", "--skip-systemctl-redirect", versions[-1], "main", "restart"]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    return f"{' '.join(command)} -> exit {done.returncode} {done.stderr.strip()}".strip()


# --- where the CPU goes --------------------------------------------------------------------

TICKS = os.sysconf("SC_CLK_TCK")


def cpu_seconds(groups: dict[str, set[int]]) -> dict[str, float]:
    """CPU seconds used so far by each named set of process groups, PostgreSQL's processes,
    this process (the load generator), and the machine as a whole (/proc/stat)."""
    used: dict[str, float] = dict.fromkeys([*groups, "postgresql", "load generator"], 0.0)
    me = os.getpid()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        name = stat[stat.index("(") + 1 : stat.rindex(")")]
        fields = stat[stat.rindex(")") + 2 :].split()
        seconds = (int(fields[11]) + int(fields[12])) / TICKS  # utime + stime
        pgid = int(fields[2])
        owner = next((group for group, pgids in groups.items() if pgid in pgids), None)
        if owner is not None:
            used[owner] += seconds
        elif name == "postgres":
            used["postgresql"] += seconds
        elif int(entry.name) == me:
            used["load generator"] += seconds
    with open("/proc/stat") as stat_file:
        total = stat_file.readline().split()[1:]
    # user + nice + system + irq + softirq + steal, all processes of the machine.
    busy = sum(int(total[i]) for i in (0, 1, 2, 5, 6, 7))
    used["whole machine"] = busy / TICKS
    return used
