"""No personal data in logs: every logger at DEBUG while a whole dialogue runs through the
test client — registration, a pool import, the lottery, invitations, check-in, votes, a
failed login, erasure, and error pages with names in the address and the form — and not
one record mentions a name, an email, a phone number or an address."""

from __future__ import annotations

import logging
import traceback
from collections.abc import Iterator

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError
from django.test import Client
from django.urls import reverse
from pytest_django import DjangoCaptureOnCommitCallbacks, Settings

from polyvox.deliberation.models import Participant
from polyvox.dialogues.models import Site
from polyvox.jobs.models import Job
from polyvox.people.models import Person
from polyvox.recruitment import registration as recruitment_registration
from polyvox.recruitment import selectors as recruitment_selectors
from polyvox.recruitment.models import SelectionRun
from polyvox.recruitment.quotas import quotas_save
from tests.conftest import World
from tests.deliberation.helpers import make_agenda
from tests.recruitment.helpers import define_categories, pool_csv, registration_close

pytestmark = pytest.mark.django_db

REGISTRANT = {
    "full_name": "Oriane Vasquez-Thornbury",
    "email": "oriane.vt@example.net",
    "phone": "+44 20 7946 0958",
    "address": "221 Quai des Orfèvres, 69002 Lyon",
}
IMPORTED = {
    "full_name": "Bartholomew Nkemelu",
    "email": "b.nkemelu@example.org",
    "phone": "+234 803 555 0199",
    "address": "7 Allée des Tilleuls, 75011 Paris",
}
SECRETS = [*REGISTRANT.values(), *IMPORTED.values(), "oriane.vt", "Nkemelu"]


class Capture(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@pytest.fixture
def captured() -> Iterator[Capture]:
    """Every logger at DEBUG, each record caught whether or not it propagates."""
    capture = Capture()
    loggers = [
        logging.getLogger(),
        *(logging.getLogger(name) for name in list(logging.root.manager.loggerDict)),
    ]
    saved = [(logger, logger.level, logger.disabled) for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.DEBUG)
        logger.disabled = False
        if logger is logging.getLogger() or not logger.propagate:
            logger.addHandler(capture)
    yield capture
    for logger, level, disabled in saved:
        logger.setLevel(level)
        logger.disabled = disabled
        logger.removeHandler(capture)


def record_text(record: logging.LogRecord) -> str:
    parts = [str(record.msg), repr(record.args), record.getMessage()]
    if record.exc_info and record.exc_info[1] is not None:
        parts.append("".join(traceback.format_exception(*record.exc_info)))
    if record.exc_text:
        parts.append(record.exc_text)
    return "\n".join(parts).casefold()


def leaks(capture: Capture) -> list[str]:
    return [
        f"{record.name} {record.levelname}: {secret!r} in {record.getMessage()[:200]!r}"
        for record in capture.records
        for secret in SECRETS
        if secret.casefold() in record_text(record)
    ]


def register(client: Client, site: Site, identity: dict[str, str]) -> int:
    url = reverse("recruitment:register", args=[site.dialogue.slug, site.slug])
    form = {
        **identity,
        "language": "fr",
        "category_gender": "f",
        "category_age": "old",
        "consent": "on",
    }
    return client.post(url, form).status_code


def import_pool(
    client: Client, site: Site, capture_on_commit: DjangoCaptureOnCommitCallbacks
) -> None:
    row = ",".join(
        [IMPORTED["full_name"], IMPORTED["email"], IMPORTED["phone"], f'"{IMPORTED["address"]}"']
    )
    content = pool_csv(20) + f"{row},fr,f,young\n".encode()
    upload = SimpleUploadedFile("pool.csv", content, content_type="text/csv")
    with capture_on_commit(execute=True):  # the import is a background job
        response = client.post(reverse("recruitment:pool-import", args=[site.id]), {"file": upload})
    assert response.status_code == 302
    assert Person.objects.filter(email=IMPORTED["email"]).exists()


def select_and_invite(
    client: Client, site: Site, capture_on_commit: DjangoCaptureOnCommitCallbacks
) -> None:
    everyone = {
        value.id: (0, 21)
        for category in recruitment_selectors.site_categories(site=site)
        for value in category.values.all()
    }
    quotas_save(site=site, bounds=everyone)
    registration_close(site)
    with capture_on_commit(execute=True):
        client.post(
            reverse("recruitment:selection-prepare", args=[site.id]),
            {"panel_size": 10, "reserves": 3, "algorithm": "leximin"},
        )
    assert Job.objects.get(kind="recruitment.selection").status == Job.Status.SUCCEEDED
    run = SelectionRun.objects.get()
    client.post(reverse("recruitment:run", args=[run.id]), {"public_random": "drand 1"})
    client.post(reverse("recruitment:invitations-send", args=[run.id]), {"confirm": "yes"})


def check_in_and_vote(client: Client, site: Site) -> None:
    agenda = make_agenda(site.dialogue)
    client.post(reverse("deliberation:run-sheet", args=[site.id]), {"open": agenda.open.id})
    for participant in Participant.objects.filter(site=site):
        url = reverse("deliberation:check-in", args=[site.id, participant.id])
        client.post(url, {"status": "present"})
    citizen = Client()
    code = Participant.objects.filter(site=site).first().code  # type: ignore[union-attr]
    citizen.post(reverse("deliberation:vote-login"), {"code": code})
    # Someone types their name and address into an open answer.
    text = f"I am {IMPORTED['full_name']}, {IMPORTED['address']}"
    citizen.post(reverse("deliberation:ballot"), {"question": agenda.open.id, "text": text})


def test_a_whole_flow_leaves_no_personal_data_in_the_logs(
    world: World,
    captured: Capture,
    django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    site = world.own_site
    define_categories(site)
    define_categories(world.published_site)
    host = world.client_for("host")
    anonymous = Client(raise_request_exception=False)

    assert register(anonymous, world.published_site, REGISTRANT) == 200
    # A second time: the same answer as the first, settled by e-mail (issue #12, item 9).
    assert register(anonymous, world.published_site, REGISTRANT) == 200
    import_pool(host, site, django_capture_on_commit_callbacks)
    select_and_invite(host, site, django_capture_on_commit_callbacks)
    check_in_and_vote(host, site)
    anonymous.post(
        reverse("accounts:login"), {"username": REGISTRANT["email"], "password": "wrong"}
    )
    anonymous.post(reverse("people:self-request"), {"email": IMPORTED["email"]})
    imported = Person.objects.get(email=IMPORTED["email"])
    host.post(reverse("people:person-erase", args=[imported.id]), {"confirm": "on"})
    # Error pages with personal data in the address and in the form.
    anonymous.get(f"/en/people/{REGISTRANT['email']}/?name={REGISTRANT['full_name']}")
    anonymous.get(f"/en/invitations/{REGISTRANT['full_name']}/")

    def failing_insert(**kwargs: object) -> None:
        # What PostgreSQL says when a row breaks a constraint: the whole row, in the message.
        row = ", ".join(REGISTRANT.values())
        raise IntegrityError(
            f"null value violates a constraint\nDETAIL: Failing row contains ({row})."
        )

    monkeypatch.setattr(recruitment_registration, "volunteer_register", failing_insert)
    assert (
        register(anonymous, world.published_site, {**REGISTRANT, "email": "x@example.net"}) == 500
    )

    assert captured.records, "the capture saw nothing: it is not wired"
    assert leaks(captured) == []
    # The 500 is still logged, with its type and traceback, for whoever debugs it.
    (error,) = [record for record in captured.records if record.levelname == "ERROR"]
    assert "integrityerror: null value violates a constraint" in record_text(error)


def test_sql_and_its_parameters_stay_out_of_the_logs_even_at_debug(settings: Settings) -> None:
    assert settings.LOGGING["loggers"]["django.db.backends"]["level"] != "DEBUG"


def test_a_malformed_form_is_logged_without_reading_it(world: World, captured: Capture) -> None:
    """The filter never parses a body the view did not: the ballot API refuses a body that is
    not JSON before reading it (415), and the log says so without its content."""
    response = Client().post(
        "/api/v1/ballots", data=b"name=Someone", content_type="multipart/form-data"
    )
    assert response.status_code == 415
    assert [record.getMessage() for record in captured.records if record.name == "django.request"]
