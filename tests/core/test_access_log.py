"""The server's access log keeps routes for operations and drops the tokens in paths."""

from __future__ import annotations

import datetime
from types import SimpleNamespace

from gunicorn.config import Config

from polyvox.core.access_log import UNMATCHED, RouteOnlyLogger

TOKEN = "s3cr3t-invitation-token"


def access_line(path: str, query: str = "") -> str:
    logger = RouteOnlyLogger(Config())
    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": f"{path}?{query}",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "PATH_INFO": path,
        "QUERY_STRING": query,
        "HTTP_REFERER": f"https://example.org{path}?{query}",
        "REMOTE_ADDR": "192.0.2.1",
    }
    response = SimpleNamespace(status="200 OK", sent=10, headers=[])
    atoms = logger.atoms(response, SimpleNamespace(headers=[]), environ, datetime.timedelta(0))
    return " ".join(str(atoms[key]) for key in ("r", "U", "q", "f"))


def test_a_token_in_the_path_is_logged_as_its_route() -> None:
    line = access_line(f"/en/invitations/{TOKEN}/")

    assert TOKEN not in line
    assert "invitations/<str:token>/" in line


def test_query_strings_and_referrers_are_not_logged() -> None:
    line = access_line("/en/vote/", query=f"code={TOKEN}")

    assert TOKEN not in line
    assert "/en/vote/" in line


def test_an_unknown_path_is_not_echoed() -> None:
    line = access_line(f"/en/no-such-page/{TOKEN}")

    assert TOKEN not in line
    assert UNMATCHED in line
