"""The national host's whole recruitment, through the pages a host uses, in order."""

from __future__ import annotations

import io
import re

import pytest
from django.core import mail
from django.urls import reverse
from pytest_django import DjangoCaptureOnCommitCallbacks

from polyvox.dialogues.models import Dialogue
from polyvox.recruitment.models import Invitation, SelectionRun, Volunteer
from tests.conftest import World
from tests.recruitment.helpers import pool_csv

pytestmark = pytest.mark.django_db

CATEGORIES = (
    b"category,value,share,category_label,value_label\n"
    b"gender,f,50%,Gender,Woman\ngender,m,50%,Gender,Man\n"
    b"age,young,40%,Age,16-39\nage,old,60%,Age,40+\n"
)


def file(name: str, content: bytes) -> io.BytesIO:
    upload = io.BytesIO(content)
    upload.name = name
    return upload


def quota_form(page: str, panel_size: int, **by_value: tuple[int, int]) -> dict[str, str]:
    """The quota editor's inputs as the page renders them, with some changed."""
    data = {"panel_size": str(panel_size)}
    for name, value in re.findall(r'name="((?:min|max)-\d+)" value="(\d+)"', page):
        data[name] = value
    for label, (low, high) in by_value.items():
        value_id = re.search(rf'id="value-(\d+)">(?:<span lang="fr" dir="auto">)?{label}<', page)
        assert value_id, label
        data[f"min-{value_id.group(1)}"], data[f"max-{value_id.group(1)}"] = str(low), str(high)
    return data


def test_a_host_recruits_draws_invites_and_replaces(
    world: World, django_capture_on_commit_callbacks: DjangoCaptureOnCommitCallbacks
) -> None:
    site = world.own_site
    world.own.status = Dialogue.Status.RECRUITING
    world.own.save()
    host = world.client_for("host")
    manage = reverse("recruitment:manage", args=[site.id])

    # Categories, then a pool file: the import runs as a job and its page says what it did.
    host.post(
        reverse("recruitment:categories-upload", args=[site.id]),
        {"file": file("c.csv", CATEGORIES)},
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = host.post(
            reverse("recruitment:pool-import", args=[site.id]),
            {"file": file("pool.csv", pool_csv(40))},
        )
    assert "40 volunteers added to the pool." in host.get(response["Location"]).content.decode()

    # A volunteer registers on the public page, then the host closes registration.
    register = reverse("recruitment:register", args=[world.own.slug, site.slug])
    world.client_for("anonymous").post(
        register,
        {
            "full_name": "Late Comer",
            "email": "late@example.org",
            "language": "fr",
            "category_gender": "f",
            "category_age": "young",
            "consent": "on",
        },
    )
    assert Volunteer.objects.filter(site=site).count() == 41
    (confirmation,) = mail.outbox  # the volunteer's confirmation
    assert confirmation.to == ["late@example.org"]
    mail.outbox.clear()
    host.post(
        reverse("recruitment:registration-switch", args=[site.id]), {"open": "0", "confirm": "yes"}
    )
    assert "The registration page is closed." in host.get(manage).content.decode()

    # Quotas: an impossible set is flagged as the host types, with the change to make.
    quotas_url = reverse("recruitment:quotas", args=[site.id])
    editor = host.get(quotas_url).content.decode()
    check = reverse("recruitment:quota-check", args=[site.id])
    flagged = host.post(check, quota_form(editor, 10, Woman=(8, 10), Man=(4, 10))).content.decode()
    assert "Gender: the minimums add up to 12, more than the panel size 10." in flagged
    # Either minimum may come down by two; the engine proposes one of them.
    assert re.search(r"Gender = (Woman: from 8–10 to 6–10|Man: from 4–10 to 2–10)", flagged)
    assert (
        host.post(quotas_url, quota_form(editor, 10, Woman=(4, 6), Man=(4, 6))).status_code == 302
    )

    # The lottery runs as a job with progress; its page leads on to the draw.
    with django_capture_on_commit_callbacks(execute=True):
        response = host.post(
            reverse("recruitment:selection-prepare", args=[site.id]),
            {"panel_size": 10, "reserves": 3, "algorithm": "leximin"},
        )
    job_page = host.get(response["Location"]).content.decode()
    assert 'value="100"' in job_page
    assert "Go to the draw" in job_page
    run = SelectionRun.objects.get()
    run_url = reverse("recruitment:run", args=[run.id])
    assert run.commitment in host.get(run_url).content.decode()
    assert host.post(run_url, {"public_random": "drand 1234"}).status_code == 302

    # The report is public and names nobody.
    report = world.client_for("anonymous").get(reverse("recruitment:report", args=[run.id]))
    assert report.status_code == 200
    text = report.content.decode()
    assert "10 citizens and 3 reserves were drawn by lot from 41 volunteers." in text
    for personal in ("example.org", "Person ", "Rue"):
        assert personal not in text

    # Invitations, a decline, and its replacement, all visible on the run's page.
    host.post(reverse("recruitment:invitations-send", args=[run.id]), {"confirm": "yes"})
    assert len(mail.outbox) == 13
    declined = Invitation.objects.filter(kind="panel").first()
    assert declined is not None
    with django_capture_on_commit_callbacks(execute=True):
        world.client_for("anonymous").post(
            reverse("recruitment:invitation", args=[declined.token]), {"answer": "declined"}
        )
    page = host.get(run_url).content.decode()
    assert "1 replacement drawn so far" in page
    # Sent, confirmed, declined, no answer yet.
    cells = r"".join(rf"<td[^>]*>{n}</td>" for n in (11, 0, 1, 10))
    assert re.search(rf'<th scope="row">Panel</th>{cells}', page)
    assert Volunteer.objects.filter(site=site, status=Volunteer.Status.SELECTED).count() == 10
