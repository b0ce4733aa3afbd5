"""Access cases for the pages of dialogues, accounts and jobs, and the API's own pages."""

from __future__ import annotations

from django.core.files.base import ContentFile
from django.db.models.fields.files import FieldFile
from django.urls import reverse

from polyvox.dialogues.models import Session
from tests.access import (
    AFTER_LOGIN,
    OBSERVER_READS,
    REFUSED_TO_OBSERVER,
    Case,
    Which,
    dialogue_of,
    everyone,
    job_of,
    members_only,
    site_of,
)
from tests.conftest import World


def booklet_of(world: World, which: Which) -> FieldFile:
    session = Session.objects.create(dialogue=dialogue_of(world, which), key="s", title={"en": "S"})
    session.booklet.save("booklet.pdf", ContentFile(b"%PDF-1.4"), save=True)
    booklet: FieldFile = session.booklet
    return booklet


CASES: dict[str, Case] = {
    "dialogues:home": Case(lambda w, which: reverse("dialogues:home"), everyone(200, 200)),
    "dialogues:dialogue": Case(
        lambda w, which: reverse("dialogues:dialogue", args=[dialogue_of(w, which).slug]),
        members_only(observer=OBSERVER_READS),
    ),
    "dialogues:site": Case(
        lambda w, which: reverse(
            "dialogues:site", args=[dialogue_of(w, which).slug, site_of(w, which).slug]
        ),
        members_only(observer=OBSERVER_READS),
    ),
    "dialogues:translation-check": Case(
        lambda w, which: reverse("dialogues:translation-check", args=[dialogue_of(w, which).id]),
        members_only(
            anonymous=302, member=302, staff_roles=("organiser",), observer=REFUSED_TO_OBSERVER
        ),
        method="post",
    ),
    # The translators' workflow: organisers for their dialogue, hosts for their site.
    "dialogues:translations": Case(
        lambda w, which: reverse("dialogues:translations", args=[dialogue_of(w, which).id]),
        members_only(anonymous=302, staff_roles=("organiser",)),
    ),
    "dialogues:translations-export": Case(
        lambda w, which: reverse(
            "dialogues:translations-export", args=[dialogue_of(w, which).id, "fr"]
        ),
        members_only(anonymous=302, staff_roles=("organiser",)),
    ),
    "dialogues:site-translations": Case(
        lambda w, which: reverse("dialogues:site-translations", args=[site_of(w, which).id]),
        members_only(anonymous=302, staff_roles=("organiser", "host")),
    ),
    "dialogues:site-translations-export": Case(
        lambda w, which: reverse(
            "dialogues:site-translations-export", args=[site_of(w, which).id, "fr"]
        ),
        members_only(anonymous=302, staff_roles=("organiser", "host")),
    ),
    "dialogues:global-agenda": Case(
        lambda w, which: reverse("dialogues:global-agenda", args=[dialogue_of(w, which).id]),
        members_only(anonymous=302, staff_roles=("organiser",)),
    ),
    "dialogues:site-schedule": Case(
        lambda w, which: reverse("dialogues:site-schedule", args=[site_of(w, which).id]),
        members_only(anonymous=302, staff_roles=("organiser", "host")),
    ),
    "uploaded-file": Case(
        lambda w, which: booklet_of(w, which).url,
        members_only(observer=OBSERVER_READS),
    ),
    "accounts:login": Case(lambda w, which: reverse("accounts:login"), everyone(200, 200)),
    "accounts:logout": Case(
        lambda w, which: reverse("accounts:logout"), everyone(302, 302), method="post"
    ),
    "accounts:dashboard": Case(lambda w, which: reverse("accounts:dashboard"), AFTER_LOGIN),
    "jobs:detail": Case(
        lambda w, which: reverse("jobs:detail", args=[job_of(w, which).id]),
        members_only(anonymous=302, staff_roles=("organiser",)),
    ),
    "jobs:progress": Case(
        lambda w, which: reverse("jobs:progress", args=[job_of(w, which).id]),
        members_only(anonymous=302, staff_roles=("organiser",)),
    ),
    "set_language": Case(
        lambda w, which: reverse("set_language"), everyone(302, 302), method="post"
    ),
    "api-1:list_dialogues": Case(
        lambda w, which: reverse("api-1:list_dialogues"), everyone(200, 200)
    ),
    "api-1:get_dialogue": Case(
        lambda w, which: reverse("api-1:get_dialogue", args=[dialogue_of(w, which).slug]),
        members_only(observer=OBSERVER_READS),
    ),
    "api-1:api-root": Case(lambda w, which: reverse("api-1:api-root"), everyone(404, 404)),
    "api-1:openapi-json": Case(lambda w, which: reverse("api-1:openapi-json"), everyone(200, 200)),
    "api-1:openapi-view": Case(lambda w, which: reverse("api-1:openapi-view"), everyone(200, 200)),
}
