"""Reads of the recruitment app; each a fixed, small number of queries."""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass
from typing import cast

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _

from polyvox.core.translation import pick_text
from polyvox.dialogues.models import Site
from polyvox.engines import sortition

# The single feasibility check the quota editor needs without computing a whole distribution.
from polyvox.engines.sortition import check_feasible, compile_problem
from polyvox.recruitment import stages
from polyvox.recruitment.models import (
    Category,
    CategoryValue,
    Invitation,
    PoolImport,
    SelectionRun,
    SiteRecruitment,
    Volunteer,
)
from polyvox.recruitment.records import (
    FrozenPool,
    FrozenQuota,
    HistogramBin,
    ReportCategory,
    ReportValue,
    SelectionReport,
    frozen_pool_load,
    lottery_load,
    volunteer_ids_load,
)

HISTOGRAM_BINS = 10


def site_categories(*, site: Site) -> list[Category]:
    values = CategoryValue.objects.select_related("quota").order_by("position", "key")
    return list(
        Category.objects.filter(site=site).prefetch_related(Prefetch("values", queryset=values))
    )


def pool_counts(*, site: Site) -> dict[tuple[str, str], int]:
    """How many volunteers in the pool hold each (category, value)."""
    counts: Counter[tuple[str, str]] = Counter()
    for values in Volunteer.objects.filter(site=site, status=Volunteer.Status.POOL).values_list(
        "values", flat=True
    ):
        for category, value in values.items():
            counts[(category, value)] += 1
    return dict(counts)


def volunteer_status_counts(*, site: Site) -> dict[str, int]:
    rows = Volunteer.objects.filter(site=site).values_list("status", flat=True)
    return dict(Counter(rows))


@dataclass(frozen=True)
class QuotaRow:
    category: Category
    value: CategoryValue
    pool: int
    min: int
    max: int


def quota_rows(
    *, site: Site, panel_size: int, entered: dict[int, tuple[int, int]] | None = None
) -> list[QuotaRow]:
    counts = pool_counts(site=site)
    rows = []
    for category in site_categories(site=site):
        for value in category.values.all():
            quota = getattr(value, "quota", None)
            low, high = (quota.min, quota.max) if quota else (0, panel_size)
            if entered and value.id in entered:
                low, high = entered[value.id]
            rows.append(
                QuotaRow(category, value, counts.get((category.key, value.key), 0), low, high)
            )
    return rows


def population_bounds(*, site: Site, panel_size: int, slack: int = 2) -> dict[int, tuple[int, int]]:
    """Bounds around each value's population share for this panel size, `slack` people
    either side; open (0 to the panel size) where the share is unknown."""
    bounds = {}
    for category in site_categories(site=site):
        for value in category.values.all():
            if value.population_share is None:
                bounds[value.id] = (0, panel_size)
            else:
                expected = value.population_share * panel_size
                bounds[value.id] = (
                    max(0, math.floor(expected) - slack),
                    min(panel_size, math.ceil(expected) + slack),
                )
    return bounds


def has_population_shares(*, site: Site) -> bool:
    return CategoryValue.objects.filter(
        category__site=site, population_share__isnull=False
    ).exists()


def quota_relaxation(
    *, site: Site, panel_size: int, entered: dict[int, tuple[int, int]]
) -> dict[int, tuple[int, int]]:
    """The engine's smallest change to the entered bounds, by value id, with no maximum
    above the panel size; empty when the quotas are feasible or no change helps."""
    error = _engine_verdict(site=site, panel_size=panel_size, entered=entered)
    if not isinstance(error, sortition.InfeasibleQuotasError):
        return {}
    ids = {
        (category.key, value.key): value.id
        for category in site_categories(site=site)
        for value in category.values.all()
    }
    return {
        ids[(conflict.category, conflict.value)]: (
            min(conflict.suggested_min, panel_size),
            min(conflict.suggested_max, panel_size),
        )
        for conflict in error.conflicts
        if (conflict.category, conflict.value) in ids
    }


def value_label(category: Category, value: CategoryValue, site: Site) -> str:
    """ "Gender = Woman", in the reader's language when the labels have it."""
    fallback = site.languages[0] if site.languages else ""
    category_text = pick_text(category.label, fallback=fallback) or category.key
    return f"{category_text} = {pick_text(value.label, fallback=fallback) or value.key}"


def quota_problems(
    *,
    site: Site,
    rows: list[QuotaRow],
    panel_size: int,
    pool_size: int,
    entered: dict[int, tuple[int, int]] | None,
) -> list[str]:
    """Why no panel of this size can meet these quotas, in words a host can act on, and
    the engine's smallest relaxation when one exists."""
    problems = _bound_problems(site, rows, panel_size, pool_size)
    if problems:
        return problems  # the engine needs sane bounds and a panel the pool can fill
    problems = _sum_problems(site, rows, panel_size)
    labels = {
        (row.category.key, row.value.key): value_label(row.category, row.value, site)
        for row in rows
    }
    return problems + quota_engine_problems(
        site=site, panel_size=panel_size, entered=entered, labels=labels
    )


def _bound_problems(site: Site, rows: list[QuotaRow], panel_size: int, pool_size: int) -> list[str]:
    problems = []
    if panel_size > pool_size:
        problems.append(
            _("The panel size %(k)s is larger than the pool (%(n)s volunteers).")
            % {"k": panel_size, "n": pool_size}
        )
    for row in rows:
        label = value_label(row.category, row.value, site)
        if row.min < 0 or row.max < 0:
            problems.append(
                _("%(value)s: minimums and maximums cannot be negative.") % {"value": label}
            )
        elif row.min > row.max:
            problems.append(
                _("%(value)s: the minimum %(min)s is above the maximum %(max)s.")
                % {"value": label, "min": row.min, "max": row.max}
            )
    return problems


def _sum_problems(site: Site, rows: list[QuotaRow], panel_size: int) -> list[str]:
    problems = []
    by_category: dict[int, list[QuotaRow]] = {}
    for row in rows:
        by_category.setdefault(row.category.id, []).append(row)
        if row.min > row.pool:
            problems.append(
                _("%(value)s: the minimum %(min)s is more than the %(pool)s in the pool.")
                % {
                    "value": value_label(row.category, row.value, site),
                    "min": row.min,
                    "pool": row.pool,
                }
            )
    fallback = site.languages[0] if site.languages else ""
    for category_rows in by_category.values():
        category = category_rows[0].category
        name = pick_text(category.label, fallback=fallback) or category.key
        low = sum(row.min for row in category_rows)
        high = sum(min(row.max, row.pool) for row in category_rows)
        if low > panel_size:
            problems.append(
                _("%(category)s: the minimums add up to %(sum)s, more than the panel size %(k)s.")
                % {"category": name, "sum": low, "k": panel_size}
            )
        if high < panel_size:
            problems.append(
                _(
                    "%(category)s: the maximums (capped by the pool) add up to %(sum)s, "
                    "less than the panel size %(k)s."
                )
                % {"category": name, "sum": high, "k": panel_size}
            )
    return problems


def pool_frozen(
    *, site: Site, panel_size: int, entered: dict[int, tuple[int, int]] | None = None
) -> FrozenPool:
    """The pool and quotas as the engine (and the published verification) sees them:
    volunteer ids, value keys and household digests; no name, no contact, no address.
    `entered` overrides the saved bounds (value id -> (min, max)), for the quota editor."""
    categories = site_categories(site=site)
    volunteers = list(
        Volunteer.objects.filter(site=site, status=Volunteer.Status.POOL)
        .order_by("id")
        .values_list("id", "values", "household_key")
    )
    quotas: list[FrozenQuota] = []
    for category in categories:
        for value in category.values.all():
            quota = getattr(value, "quota", None)
            low, high = (quota.min, quota.max) if quota else (0, panel_size)
            if entered and value.id in entered:
                low, high = entered[value.id]
            flex = (quota.min_flex, quota.max_flex) if quota else (None, None)
            quotas.append((category.key, value.key, low, high, *flex))
    return FrozenPool(
        ids=[str(volunteer_id) for volunteer_id, _values, _home in volunteers],
        features={
            category.key: [values.get(category.key, "") for _id, values, _home in volunteers]
            for category in categories
        },
        households=[home or None for _id, _values, home in volunteers],
        quotas=quotas,
    )


def quota_engine_problems(
    *,
    site: Site,
    panel_size: int,
    entered: dict[int, tuple[int, int]] | None,
    labels: dict[tuple[str, str], str] | None = None,
) -> list[str]:
    """Ask the engine for one valid panel; when none exists, its smallest relaxation.

    Also catches what the sums cannot: quotas that clash through the pool's make-up or
    its households. Needs bounds with min <= max and a panel no larger than the pool.
    """
    error = _engine_verdict(site=site, panel_size=panel_size, entered=entered)
    if isinstance(error, sortition.InfeasibleQuotasError):
        return infeasibility_lines(error, labels or value_labels(site=site), panel_size)
    return [] if error is None else [str(error)]


def _engine_verdict(
    *, site: Site, panel_size: int, entered: dict[int, tuple[int, int]] | None
) -> sortition.InfeasibleQuotasError | sortition.InvalidInputError | None:
    """What the engine says of one valid panel under these quotas: nothing when one exists
    (or the pool is empty), else its refusal, carrying the smallest relaxation if any."""
    pool, quotas = pool_frozen(site=site, panel_size=panel_size, entered=entered).engine_input()
    if pool.size == 0:
        return None
    try:
        check_feasible(compile_problem(pool, quotas, panel_size))
    except (sortition.InfeasibleQuotasError, sortition.InvalidInputError) as error:
        return error
    return None


def value_labels(*, site: Site) -> dict[tuple[str, str], str]:
    return {
        (category.key, value.key): value_label(category, value, site)
        for category in site_categories(site=site)
        for value in category.values.all()
    }


def infeasibility_lines(
    error: sortition.InfeasibleQuotasError,
    labels: dict[tuple[str, str], str],
    panel_size: int | None = None,
) -> list[str]:
    """The engine's diagnosis: which quotas conflict and the smallest change that fixes them."""
    lines = [_("No panel meets every quota.")]
    if not error.conflicts:
        lines.append(_("No change of the quotas helps: check the pool and the panel size."))
        return lines
    if error.relaxable:
        lines.append(_("The smallest change that makes a panel possible:"))
    else:
        lines.append(
            _(
                "Not even the lowest minimums and highest maximums allowed in the admin "
                "suffice; the smallest change beyond them:"
            )
        )
    for conflict in error.conflicts:
        lines.append(
            _("%(value)s: from %(min)s–%(max)s to %(new_min)s–%(new_max)s")
            % {
                "value": labels.get(
                    (conflict.category, conflict.value), f"{conflict.category} = {conflict.value}"
                ),
                "min": conflict.current_min,
                "max": conflict.current_max,
                # A maximum above the panel size allows nothing more; it only confuses.
                "new_min": _capped(conflict.suggested_min, panel_size),
                "new_max": _capped(conflict.suggested_max, panel_size),
            }
        )
    return lines


def _capped(bound: int, panel_size: int | None) -> int:
    return bound if panel_size is None else min(bound, panel_size)


def algorithm_of(run: SelectionRun) -> sortition.Algorithm:
    return cast(sortition.Algorithm, run.algorithm)


def selection_report_data(*, run: SelectionRun) -> SelectionReport:
    """The public, anonymised report: counts per value and the spread of probabilities."""
    frozen = frozen_pool_load(run.frozen)
    index = {person_id: person for person, person_id in enumerate(frozen.ids)}
    panel = [index[i] for i in volunteer_ids_load(run.selected_ids)]
    categories = []
    for category in site_categories(site=run.site):
        column = frozen.features.get(category.key, [])
        pool = Counter(column)
        drawn = Counter(column[person] for person in panel)
        values = [
            ReportValue(
                key=value.key,
                label=value.label,
                population_share=value.population_share,
                pool=pool.get(value.key, 0),
                panel=drawn.get(value.key, 0),
            )
            for value in category.values.all()
        ]
        categories.append(ReportCategory(key=category.key, label=category.label, values=values))
    lottery = lottery_load(run.lottery)
    probabilities = lottery.probabilities
    return SelectionReport(
        pool_size=len(frozen.ids),
        panel_size=run.panel_size,
        reserves=len(volunteer_ids_load(run.reserve_ids)),
        categories=categories,
        histogram=probability_histogram(probabilities),
        minimum_probability=min(probabilities, default=0.0),
        maximum_probability=max(probabilities, default=0.0),
        replacements=0,
        lottery_panels=len(lottery.panels),
        lottery_max_deviation=lottery.max_deviation,
    )


def probability_histogram(probabilities: list[float]) -> list[HistogramBin]:
    top = max(probabilities, default=0.0)
    width = (top or 1.0) / HISTOGRAM_BINS
    counts = [0] * HISTOGRAM_BINS
    for probability in probabilities:
        counts[min(int(probability / width), HISTOGRAM_BINS - 1)] += 1
    tallest = max(counts) or 1
    return [
        HistogramBin(
            low=bin_index * width,
            high=(bin_index + 1) * width,
            count=count,
            # Bar length in the page's SVG, relative to the tallest bar.
            bar=round(200 * count / tallest),
        )
        for bin_index, count in enumerate(counts)
    ]


def selection_runs(*, site: Site) -> list[SelectionRun]:
    return list(SelectionRun.objects.filter(site=site).defer("frozen", "lottery"))


def registration_is_open(*, site: Site) -> bool:
    """Volunteers may register until the host closes the page, the panel is drawn, the
    site's day is past or the dialogue's results are final (see stages)."""
    return stages.registration_refusal(site=site, now=timezone.now()) is None


def site_drawn_run(*, site: Site) -> SelectionRun | None:
    return (
        SelectionRun.objects.filter(site=site, status=SelectionRun.Status.DRAWN)
        .defer("frozen", "lottery")
        .first()
    )


def registration_setting(*, site: Site) -> bool:
    """The host's switch alone, whatever the draw."""
    return not SiteRecruitment.objects.filter(site=site, registration_open=False).exists()


def pool_imports(*, site: Site, limit: int = 5) -> list[PoolImport]:
    return list(PoolImport.objects.filter(site=site).defer("content")[:limit])


@dataclass(frozen=True)
class InvitationCounts:
    kind: str
    sent: int
    confirmed: int
    declined: int

    @property
    def waiting(self) -> int:
        return self.sent - self.confirmed - self.declined


def invitation_summary(*, site: Site) -> list[InvitationCounts]:
    """How many invitations went out to the panel and to the reserves, and their answers."""
    rows = Counter(
        Invitation.objects.filter(volunteer__site=site)
        .exclude(sent_at=None)
        .values_list("kind", "answer")
    )
    return [
        InvitationCounts(
            kind=str(label),
            sent=sum(n for (k, _answer), n in rows.items() if k == kind),
            confirmed=rows.get((kind, Invitation.Answer.CONFIRMED), 0),
            declined=rows.get((kind, Invitation.Answer.DECLINED), 0),
        )
        for kind, label in Invitation.Kind.choices
    ]
