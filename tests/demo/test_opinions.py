"""The demo's answers look like a real dialogue: regions and groups differ, some clearly,
so the results pages have something to show."""

from __future__ import annotations

import math
from collections import defaultdict

import pytest

from polyvox.demo import accounts as demo_accounts
from polyvox.demo import deliberation as demo
from polyvox.demo import dialogue as dialogue_demo
from polyvox.dialogues.models import Question
from polyvox.results.computation import results_compute
from polyvox.results.snapshot import BreakdownRow, ShareRow

pytestmark = pytest.mark.django_db

Interval = tuple[float, float, float]  # share, low, high


def pooled(rows: list[ShareRow], level: str) -> dict[tuple[str, str], dict[str, Interval]]:
    """(question, option) -> group -> its share and interval."""
    table: dict[tuple[str, str], dict[str, Interval]] = defaultdict(dict)
    for row in rows:
        if row.level != level or row.weighting != "pooled":
            continue
        if row.share is None or row.low is None or row.high is None:
            continue
        table[(row.question, row.option)][row.group] = (row.share, row.low, row.high)
    return table


def test_regions_and_ages_differ_clearly_on_some_answers_and_answers_are_not_uniform() -> None:
    dialogue = dialogue_demo.load()
    demo_accounts.load(dialogue=dialogue)
    demo.load(dialogue=dialogue)
    snapshot = results_compute(dialogue=dialogue)
    single = set(
        Question.objects.filter(
            session__dialogue=dialogue, kind=Question.Kind.SINGLE, site=None
        ).values_list("key", flat=True)
    )
    by_global = pooled(snapshot.shares, "global")
    by_region = pooled(snapshot.shares, "region")

    # One group at the global level: the whole dialogue.
    world = {key: next(iter(groups.values()))[0] for key, groups in by_global.items()}

    # The top answer of each question, and whether two regions' intervals for it part.
    clear: list[tuple[str, str, str]] = []
    for question in single:
        top = max((key for key in world if key[0] == question), key=world.__getitem__)
        regions = by_region[top]
        for first, (_share, low, _high) in regions.items():
            for second, (_other, _other_low, other_high) in regions.items():
                if low > other_high:
                    clear.append((question, first, second))
    assert clear, "no region's top-answer share stands clearly apart from another's"

    # Not dice: most questions have a clear favourite, far from an even split ...
    favourites = 0
    for question in single:
        shares = [share for key, share in world.items() if key[0] == question]
        favourites += max(shares) > 1 / len(shares) + 0.1
    assert favourites >= len(single) / 2
    # ... and most regional differences are small: within the intervals.
    assert len({question for question, _first, _second in clear}) < len(single)
    # The young and the old differ on some answer by more than chance would (4 standard errors).
    assert max(age_gaps(snapshot.breakdowns)) > 4


def age_gaps(rows: list[BreakdownRow]) -> list[float]:
    """For each option, how far apart the youngest and the oldest are, in standard errors."""
    counts: dict[tuple[str, str], dict[str, tuple[int, int]]] = defaultdict(dict)
    for row in rows:
        if (row.level, row.category) == ("global", "age") and row.option_count is not None:
            counts[(row.question, str(row.option))][row.value] = (row.option_count, row.n)
    gaps = []
    for by_age in counts.values():
        if "16-29" not in by_age or "65+" not in by_age:
            continue
        (young, young_n), (old, old_n) = by_age["16-29"], by_age["65+"]
        pooled_share = (young + old) / (young_n + old_n)
        error = math.sqrt(pooled_share * (1 - pooled_share) * (1 / young_n + 1 / old_n))
        if error:
            gaps.append(abs(young / young_n - old / old_n) / error)
    return gaps
