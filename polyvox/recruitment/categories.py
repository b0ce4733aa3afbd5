"""Categories and their values: the categories file import and category_define."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _

from polyvox.accounts.models import User
from polyvox.audit.services import audit_record
from polyvox.dialogues.models import Site
from polyvox.lib.problems import Problem, ProblemsError
from polyvox.lib.tabular import Table
from polyvox.recruitment.files import MAX_REPORTED_PROBLEMS, require_columns
from polyvox.recruitment.models import (
    Category,
    CategoryValue,
    Volunteer,
)

KEY_LENGTH = Category._meta.get_field("key").max_length or 40


@dataclass(frozen=True)
class ValueDefinition:
    """One value of a category as a file or the demo defines it."""

    key: str
    label: dict[str, str]
    share: float | None = None


@dataclass
class _ParsedCategory:
    label: dict[str, str]
    values: dict[str, ValueDefinition] = field(default_factory=dict)


@transaction.atomic
def categories_import(*, site: Site, table: Table, actor: User | None = None) -> int:
    """Replace the site's categories with those of a file: category, value, share and
    labels (`category_label`, `value_label`, or per language `value_label_fr`…).

    Refused once the pool has volunteers, whose answers refer to the old values.
    """
    if Volunteer.objects.filter(site=site).exists():
        raise ProblemsError([Problem(table.file, None, None, _("the pool already has volunteers"))])
    problems = require_columns(table, ("category", "value"))
    if problems:
        raise ProblemsError(problems)
    parsed: dict[str, _ParsedCategory] = {}
    for number, row in table.rows:
        # Casefold first, then check: "ß" folds to "ss", so a key can grow past the limit.
        category_key, value_key = row["category"].casefold(), row["value"].casefold()
        for column, text in (("category", category_key), ("value", value_key)):
            problem = _key_problem(text)
            if problem:
                problems.append(Problem(table.file, number, column, problem))
        share = _share(table.file, number, row.get("share", ""), problems)
        if not _is_usable_key(category_key) or not _is_usable_key(value_key):
            continue
        category = parsed.setdefault(
            category_key, _ParsedCategory(label=_labels(site, row, "category_label"))
        )
        if value_key in category.values:
            problems.append(Problem(table.file, number, "value", _("this value appears twice")))
            continue
        labels = _labels(site, row, "value_label") or {site.languages[0]: value_key}
        category.values[value_key] = ValueDefinition(key=value_key, label=labels, share=share)
    if not parsed and not problems:
        problems.append(Problem(table.file, None, None, _("the file has no rows")))
    if problems:
        raise ProblemsError(problems[:MAX_REPORTED_PROBLEMS])
    Category.objects.filter(site=site).delete()
    for position, (key, category) in enumerate(parsed.items()):
        category_define(
            site=site,
            key=key,
            label=category.label or {site.languages[0]: key},
            values=list(category.values.values()),
            position=position,
        )
    audit_record(
        actor=actor,
        action="categories.import",
        site=site,
        target=table.file,
        details={"file": table.file, "categories": len(parsed)},
    )
    return len(parsed)


def category_define(
    *,
    site: Site,
    key: str,
    label: dict[str, str],
    values: list[ValueDefinition],
    position: int = 0,
) -> Category:
    category, _created = Category.objects.update_or_create(
        site=site, key=key, defaults={"label": label, "position": position}
    )
    for value_position, value in enumerate(values):
        CategoryValue.objects.update_or_create(
            category=category,
            key=value.key,
            defaults={
                "label": value.label,
                "population_share": value.share,
                "position": value_position,
            },
        )
    return category


def _key_problem(key: str) -> str:
    """Why a (casefolded) key cannot be stored, or "" when it can."""
    if not key:
        return _("this cell is blank")
    if not all(char.isalnum() or char in "-_" for char in key):
        return _("use only letters, digits, - and _")
    if len(key) > KEY_LENGTH:
        return _("at most %(n)s characters") % {"n": KEY_LENGTH}
    return ""


def _is_usable_key(key: str) -> bool:
    return not _key_problem(key)


def _labels(site: Site, row: dict[str, str], prefix: str) -> dict[str, str]:
    labels = {}
    if row.get(prefix):
        labels[site.languages[0] if site.languages else "en"] = row[prefix]
    for column, text in row.items():
        if column.startswith(prefix + "_") and text:
            labels[column.removeprefix(prefix + "_")] = text
    return labels


def _share(file: str, number: int, text: str, problems: list[Problem]) -> float | None:
    if not text:
        return None
    try:
        share = float(text.rstrip("%").replace(",", ".")) / (100 if text.endswith("%") else 1)
    except ValueError:
        share = -1.0
    if not 0 <= share <= 1:
        problems.append(
            Problem(file, number, "share", _("give a share between 0 and 1, or a percentage"))
        )
        return None
    return share
