"""Quotas: min and max per category value, entered by the host or from population shares."""

from __future__ import annotations

import math

from django.db import transaction

from polyvox.accounts.models import User
from polyvox.audit.services import audit_record
from polyvox.dialogues.models import Site
from polyvox.recruitment import selectors
from polyvox.recruitment.models import (
    CategoryValue,
    Quota,
)


@transaction.atomic
def quotas_save(
    *, site: Site, bounds: dict[int, tuple[int, int]], actor: User | None = None
) -> None:
    """Set min and max for each category value of the site (by CategoryValue id), and
    record what changed in the audit trail."""
    values = CategoryValue.objects.filter(category__site=site, id__in=list(bounds)).select_related(
        "category", "quota"
    )
    changes = {}
    for value in values:
        low, high = bounds[value.id]
        quota = getattr(value, "quota", None)
        before = (quota.min, quota.max) if quota else None
        if before == (low, high):
            continue
        Quota.objects.update_or_create(
            value=value, defaults={"site": site, "min": low, "max": high}
        )
        changes[f"{value.category.key}={value.key}"] = (
            f"{_bounds_text(before)} → {_bounds_text((low, high))}"
        )
    if changes:
        audit_record(actor=actor, action="quotas.change", site=site, details=changes)


def _bounds_text(bounds: tuple[int, int] | None) -> str:
    return "—" if bounds is None else f"{bounds[0]}–{bounds[1]}"


def quotas_from_population(*, site: Site, panel_size: int, slack: int = 2) -> None:
    """Quotas around each value's population share (or open when unknown)."""
    bounds = {}
    for category in selectors.site_categories(site=site):
        for value in category.values.all():
            if value.population_share is None:
                bounds[value.id] = (0, panel_size)
            else:
                expected = value.population_share * panel_size
                bounds[value.id] = (
                    max(0, math.floor(expected) - slack),
                    min(panel_size, math.ceil(expected) + slack),
                )
    quotas_save(site=site, bounds=bounds)
