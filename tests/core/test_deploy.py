"""The production set-up in deploy/ is valid for the tools that read it: Debian's nginx,
systemd, and the settings Polyvox reads."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

import polyvox

ROOT = Path(polyvox.__file__).resolve().parent.parent
DEPLOY = ROOT / "deploy"
POLYVOX = ROOT / ".venv" / "bin" / "polyvox"

NGINX_MAIN = """\
pid {tmp}/nginx.pid;
error_log stderr;
events {{}}
http {{
    client_body_temp_path {tmp}/body;
    proxy_temp_path {tmp}/proxy;
    fastcgi_temp_path {tmp}/fastcgi;
    uwsgi_temp_path {tmp}/uwsgi;
    scgi_temp_path {tmp}/scgi;
    include {tmp}/polyvox.conf;
}}
"""


def self_signed_certificate(folder: Path) -> tuple[Path, Path]:
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "1",
            "-subj",
            "/CN=polyvox.example.org",
            "-keyout",
            str(key),
            "-out",
            str(cert),
        ],
        check=True,
        capture_output=True,
    )
    return cert, key


@pytest.fixture
def nginx_config(tmp_path: Path) -> Path:
    """deploy/nginx/polyvox.conf with a certificate of the test's own, inside an http block
    as Debian's nginx.conf includes it."""
    if not shutil.which("openssl"):
        pytest.skip("openssl is not installed")
    cert, key = self_signed_certificate(tmp_path)
    site = (DEPLOY / "nginx" / "polyvox.conf").read_text()
    site = site.replace("/etc/letsencrypt/live/polyvox.example.org/fullchain.pem", str(cert))
    site = site.replace("/etc/letsencrypt/live/polyvox.example.org/privkey.pem", str(key))
    assert str(cert) in site
    assert str(key) in site
    (tmp_path / "polyvox.conf").write_text(site)
    main = tmp_path / "nginx.conf"
    main.write_text(NGINX_MAIN.format(tmp=tmp_path))
    return main


def nginx() -> str:
    found = shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin:/sbin")
    if not found:
        pytest.skip("nginx is not installed (apt-get install nginx; .ci/run installs it)")
    return found


class TestNginxSite:
    def test_nginx_accepts_it(self, nginx_config: Path) -> None:
        result = subprocess.run(
            [nginx(), "-t", "-c", str(nginx_config), "-p", str(nginx_config.parent)],
            capture_output=True,
            text=True,
            check=False,
        )

        assert result.returncode == 0, result.stderr
        assert "test is successful" in result.stderr

    def test_nginx_refuses_a_broken_copy(self, nginx_config: Path) -> None:
        # The check above could pass by testing nothing: a broken site must fail it.
        site = nginx_config.parent / "polyvox.conf"
        site.write_text(site.read_text().replace("proxy_pass http://polyvox;", "proxy_pass;", 1))

        result = subprocess.run(
            [nginx(), "-t", "-c", str(nginx_config), "-p", str(nginx_config.parent)],
            capture_output=True,
            text=True,
            check=False,
        )

        assert result.returncode != 0

    def test_uploads_always_go_through_polyvox(self) -> None:
        site = (DEPLOY / "nginx" / "polyvox.conf").read_text()
        media = re.search(r"location /media/ \{(.*?)\}", site, re.S)

        assert media is not None
        assert media.group(1).split("#")[0].strip() == "proxy_pass http://polyvox;"
        # No `alias` or `root` pointing into MEDIA_ROOT anywhere.
        assert "var/media" not in site
        assert not re.search(r"^\s*(alias|root)\s+\S*media", site, re.M)

    def test_metrics_are_not_reachable_through_it(self) -> None:
        site = (DEPLOY / "nginx" / "polyvox.conf").read_text()

        assert re.search(r"location = /metrics \{\s*deny all;\s*\}", site)


UNITS = ("polyvox-web@.service", "polyvox-worker@.service", "polyvox-migrate.service")


class TestSystemdUnits:
    def test_systemd_analyze_verifies_them(self, tmp_path: Path) -> None:
        analyze = shutil.which("systemd-analyze")
        if not analyze:
            pytest.skip("systemd-analyze is not installed")
        if not POLYVOX.exists():
            pytest.skip("no .venv/bin/polyvox to point the units at")
        paths = []
        for unit in UNITS:
            text = (DEPLOY / "systemd" / unit).read_text()
            # verify checks that ExecStart exists: point it at this checkout's command.
            text = text.replace("/srv/polyvox/.venv/bin/polyvox", str(POLYVOX))
            # A template is verified through an instance of it.
            path = tmp_path / unit.replace("@.", "@8001.")
            path.write_text(text)
            paths.append(str(path))

        result = subprocess.run(
            [analyze, "verify", *paths], capture_output=True, text=True, check=False
        )

        assert result.returncode == 0, result.stderr
        # Unknown keys and bad values are only warnings, with the file's name: none allowed.
        assert not [line for line in result.stderr.splitlines() if str(tmp_path) in line]

    @pytest.mark.parametrize("unit", ["polyvox-web@.service", "polyvox-worker@.service"])
    def test_they_restart_on_failure_hardened(self, unit: str) -> None:
        text = (DEPLOY / "systemd" / unit).read_text()

        for line in (
            "Restart=on-failure",
            "NoNewPrivileges=yes",
            "ProtectSystem=strict",
            "EnvironmentFile=/etc/polyvox/polyvox.env",
        ):
            assert f"\n{line}\n" in text, line


class TestEnvironmentTemplate:
    def test_it_lists_every_setting_polyvox_reads(self) -> None:
        read = set(
            re.findall(r'env_\w+\(\s*"([A-Z_]+)"', (ROOT / "polyvox" / "settings.py").read_text())
        )
        serve = (ROOT / "polyvox/core/management/commands/serve.py").read_text()
        read |= set(re.findall(r'os\.environ\.get\("([A-Z_]+)"', serve))
        read -= {"PROMETHEUS_MULTIPROC_DIR", "PORT"}  # set by the unit itself
        template = (DEPLOY / "polyvox.env.example").read_text()
        listed = set(re.findall(r"^#? ?([A-Z_]+)=", template, re.M))

        assert read - listed == set()
        assert len(read) > 25  # the pattern above still finds the settings
