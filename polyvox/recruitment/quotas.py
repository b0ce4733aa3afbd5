"""Quotas: min and max per category value, entered by the host or from population shares."""

from __future__ import annotations

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
    *,
    site: Site,
    bounds: dict[int, tuple[int, int]],
    panel_size: int | None = None,
    actor: User | None = None,
) -> None:
    """Set min and max for each category value of the site (by CategoryValue id), and the
    panel size they were checked against, and record what changed in the audit trail.

    The panel size is kept with the quotas: quotas checked for 24 people must not be shown
    again beside a panel of 100."""
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
    if panel_size is not None and panel_size != site.target_participants:
        changes["panel_size"] = f"{site.target_participants} → {panel_size}"
        Site.objects.filter(pk=site.pk).update(target_participants=panel_size)
        site.target_participants = panel_size
    if changes:
        audit_record(actor=actor, action="quotas.change", site=site, details=changes)


def _bounds_text(bounds: tuple[int, int] | None) -> str:
    return "—" if bounds is None else f"{bounds[0]}–{bounds[1]}"


def quotas_from_population(
    *, site: Site, panel_size: int, slack: int = 2, actor: User | None = None
) -> None:
    """Quotas around each value's population share (or open when unknown)."""
    bounds = selectors.population_bounds(site=site, panel_size=panel_size, slack=slack)
    quotas_save(site=site, bounds=bounds, panel_size=panel_size, actor=actor)
