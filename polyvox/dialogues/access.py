"""Uploaded material, found only through the row that owns it: a logo is public, a
booklet is as visible as its dialogue. A path that no row names is not served at all,
so guessing a storage path under /media/ (a report, an old upload) finds nothing."""

from __future__ import annotations

from django.db.models.fields.files import FieldFile
from django.http import Http404

from polyvox.accounts.access import AnyUser, dialogues_visible_to
from polyvox.dialogues.models import Organisation, Session


def access_upload_for_reader(*, user: AnyUser, name: str) -> FieldFile:
    if name.startswith("logos/"):
        organisation = Organisation.objects.filter(logo=name).first()
        if organisation is not None:
            logo: FieldFile = organisation.logo
            return logo
    if name.startswith("booklets/"):
        visible = dialogues_visible_to(user)
        session = Session.objects.filter(booklet=name, dialogue__in=visible).first()
        if session is not None:
            booklet: FieldFile = session.booklet
            return booklet
    raise Http404("No such file.")
