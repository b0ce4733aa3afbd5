"""Themes computed before issue 18 stored their label terms as a title ("Children, early,
fake"), which pages published as if organisers had named them. Such titles are cleared:
the theme waits for an organiser's name. Titles an organiser wrote are kept."""

from collections.abc import Sequence
from typing import Any

from django.db import migrations

TITLE_TERMS = 3


def _machine_title(terms: Sequence[str]) -> str:
    # A frozen copy of results.services.theme_title as it was: a migration must not change
    # with the code it migrates from.
    chosen: list[str] = []
    for term in terms:
        said = {word for picked in chosen for word in picked.split()}
        if not set(term.split()) & said:
            chosen.append(term)
        if len(chosen) == TITLE_TERMS:
            break
    title = ", ".join(chosen)
    return title[:1].upper() + title[1:]


def clear_machine_titles(apps: Any, schema_editor: Any) -> None:
    Theme = apps.get_model("results", "Theme")
    for theme in Theme.objects.only("id", "language", "title", "label_terms").iterator():
        terms = [term for term in theme.label_terms or [] if isinstance(term, str)]
        if theme.title == {theme.language: _machine_title(terms)}:
            Theme.objects.filter(id=theme.id).update(title={})


class Migration(migrations.Migration):
    dependencies = [
        ("results", "0007_theme_source"),
    ]

    operations = [migrations.RunPython(clear_machine_titles, migrations.RunPython.noop)]
