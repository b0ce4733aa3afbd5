"""k-anonymity for published microdata: every combination of site and published demographic
values is shared by at least k people, or it is not published.

The method, site by site (a site is always published, so it is part of every combination):

1. While some people sit in a combination of fewer than k, try one coarsening step per
   category and keep the one that leaves the fewest such people:
   - a category whose values are all numeric bands ("16-29", "65+", "<18") merges its
     smallest band with its smaller neighbour ("50-64" and "65+" become "50+");
   - any other category merges its rarest value into "other" (with the next rarest when
     there is no "other" yet).
   When no merge lowers the number of people at risk, the category whose removal leaves the
   fewest at risk is dropped for that site instead (ties: the first category in order).
2. Before each step, if the people at risk are few (at most `withhold_share` of the site, or
   k), their demographics are withheld instead: they stay in the data with their site only.
   Fewer than k are never withheld alone, since the site's totals would then single them
   out: they are joined by the last people (in input order) of the site's largest
   combination that keeps k without them, or else by whole smallest combinations.

Everything is decided by counts and sorted labels, so the same data always gives the same
result. Missing values are kept as missing and count as a value of their own.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

OTHER = "other"
DEFAULT_K = 5
WITHHOLD_SHARE = 0.1
_BAND = re.compile(r"^\s*(\d+)\s*[-–]\s*(\d+)\s*$")
_OPEN_TOP = re.compile(r"^\s*(\d+)\s*\+\s*$")
_OPEN_BOTTOM = re.compile(r"^\s*<\s*(\d+)\s*$")

Key = tuple[str, ...]


@dataclass(frozen=True)
class SiteProtection:
    """What one site's published demographics lost."""

    site: str
    people: int
    merged: dict[str, dict[str, str]]  # category -> original value -> published value, if changed
    dropped: tuple[str, ...]  # categories published blank for this site
    withheld: int  # people published with their site only

    @property
    def changed(self) -> bool:
        return bool(self.merged or self.dropped or self.withheld)


@dataclass(frozen=True)
class Anonymisation:
    k: int
    categories: tuple[str, ...]
    published: list[dict[str, str]]  # per person, in input order; a missing key is blank
    sites: dict[str, SiteProtection] = field(default_factory=dict)


def k_anonymise(
    sites: Sequence[str],
    people: Sequence[Mapping[str, str]],
    *,
    k: int = DEFAULT_K,
    categories: Sequence[str] | None = None,
    withhold_share: float = WITHHOLD_SHARE,
) -> Anonymisation:
    """Published demographics for each person (`sites[i]`, `people[i]`), k-anonymous per site."""
    if len(sites) != len(people):
        raise ValueError("sites and people have different lengths")
    if k < 1:
        raise ValueError("k must be at least 1")
    names = tuple(sorted(categories if categories is not None else {c for p in people for c in p}))
    ordinal = {name: _is_ordinal([p.get(name, "") for p in people]) for name in names}
    published: list[dict[str, str]] = [{} for _ in people]
    protections: dict[str, SiteProtection] = {}
    for site in sorted(set(sites)):
        members = [i for i, s in enumerate(sites) if s == site]
        site_people = [{name: str(people[i].get(name, "")) for name in names} for i in members]
        state = _SiteState(names, ordinal, site_people)
        withheld = _protect(state, k, max(k, math.floor(withhold_share * len(members))))
        for position, index in enumerate(members):
            if position not in withheld:
                key = state.key(position)
                published[index] = {n: v for n, v in zip(names, key, strict=True) if v}
        protections[site] = SiteProtection(
            site=site,
            people=len(members),
            merged=state.merged(),
            dropped=tuple(sorted(state.dropped)),
            withheld=len(withheld),
        )
    return Anonymisation(k=k, categories=names, published=published, sites=protections)


def small_groups(sites: Sequence[str], published: Sequence[Mapping[str, str]], k: int) -> list[int]:
    """People whose (site, published values) combination is shared by fewer than k: the
    check anyone can run on the published file."""
    keys = [
        (site, tuple(sorted(person.items()))) for site, person in zip(sites, published, strict=True)
    ]
    sizes = Counter(keys)
    return [i for i, key in enumerate(keys) if sizes[key] < k]


class _SiteState:
    """One site's current coarsening: for each category, its groups of original values."""

    def __init__(
        self, names: tuple[str, ...], ordinal: dict[str, bool], people: list[dict[str, str]]
    ) -> None:
        self.names = names
        self.ordinal = ordinal
        self.people = people
        self.dropped: set[str] = set()
        self.groups: dict[str, list[list[str]]] = {
            name: [[v] for v in _ordered({p[name] for p in people if p[name]}, ordinal[name])]
            for name in names
        }
        self._label_cache: dict[str, dict[str, str]] = {}
        self._relabel()

    def _relabel(self) -> None:
        self._label_cache = {
            name: {v: _group_label(g, self.ordinal[name]) for g in self.groups[name] for v in g}
            for name in self.names
        }

    def key(self, person: int) -> Key:
        values = self.people[person]
        return tuple(
            "" if name in self.dropped else self._label_cache[name].get(values[name], "")
            for name in self.names
        )

    def at_risk(self, k: int) -> list[int]:
        keys = [self.key(i) for i in range(len(self.people))]
        sizes = Counter(keys)
        return [i for i, key in enumerate(keys) if sizes[key] < k]

    def merge_candidate(self, name: str) -> list[list[str]] | None:
        """The category's groups after its one canonical merge, or None if nothing to merge."""
        groups = self.groups[name]
        if name in self.dropped or len(groups) < 3:
            return None  # merging the last two values is dropping the category
        size = Counter(self.people[i][name] for i in range(len(self.people)))
        counts = [sum(size[v] for v in g) for g in groups]
        labels = [_group_label(g, self.ordinal[name]) for g in groups]
        smallest = min(range(len(groups)), key=lambda i: (counts[i], labels[i]))
        if self.ordinal[name]:
            neighbours = [i for i in (smallest - 1, smallest + 1) if 0 <= i < len(groups)]
            other = min(neighbours, key=lambda i: (counts[i], i))
        elif OTHER in labels and labels[smallest] != OTHER:
            other = labels.index(OTHER)
        else:
            rest = [i for i in range(len(groups)) if i != smallest]
            other = min(rest, key=lambda i: (counts[i], labels[i]))
        low, high = sorted((smallest, other))
        merged = groups[low] + groups[high]
        merged = _ordered(set(merged), self.ordinal[name])
        if not self.ordinal[name]:
            merged = sorted(merged)
        return [*groups[:low], merged, *groups[low + 1 : high], *groups[high + 1 :]]

    def risk_with(self, k: int, *, name: str, groups: list[list[str]] | None) -> int:
        saved_groups, saved_dropped = self.groups[name], set(self.dropped)
        if groups is None:
            self.dropped.add(name)
        else:
            self.groups[name] = groups
        self._relabel()
        risk = len(self.at_risk(k))
        self.groups[name], self.dropped = saved_groups, saved_dropped
        self._relabel()
        return risk

    def merged(self) -> dict[str, dict[str, str]]:
        changed: dict[str, dict[str, str]] = {}
        for name in self.names:
            if name in self.dropped:
                continue
            for value, label in self._label_cache[name].items():
                if value != label:
                    changed.setdefault(name, {})[value] = label
        return changed


def _protect(state: _SiteState, k: int, budget: int) -> set[int]:
    """Coarsen `state` step by step; the people whose demographics are withheld."""
    while risky := state.at_risk(k):
        withheld = _withholding(state, risky, k, budget)
        if withheld is not None:
            return withheld
        live = [name for name in state.names if name not in state.dropped]
        if not live:
            return set()  # the whole site is fewer than k: only its site is published
        merges = [(name, state.merge_candidate(name)) for name in live]
        scored = [
            (state.risk_with(k, name=name, groups=groups), position, name, groups)
            for position, (name, groups) in enumerate(merges)
            if groups is not None
        ]
        best = min(scored, default=None)
        if best is not None and best[0] < len(risky):
            state.groups[best[2]] = best[3] or []
        else:
            drops = [
                (state.risk_with(k, name=name, groups=None), position, name)
                for position, name in enumerate(live)
            ]
            state.dropped.add(min(drops)[2])
        state._relabel()
    return set()


def _withholding(state: _SiteState, risky: list[int], k: int, budget: int) -> set[int] | None:
    """The people at risk, padded up to k from the site's largest combination (or, when no
    combination can spare them, with whole smallest ones), if that stays within budget."""
    withheld = set(risky)
    if len(withheld) > budget:
        return None
    needed = k - len(withheld)
    if needed > 0:
        classes: dict[Key, list[int]] = {}
        for i in range(len(state.people)):
            if i not in withheld:
                classes.setdefault(state.key(i), []).append(i)
        ordered = sorted(classes.items(), key=lambda item: (-len(item[1]), item[0]))
        spare = [members for _key, members in ordered if len(members) - needed >= k]
        if spare:
            withheld.update(spare[0][-needed:])
        else:
            for _key, members in reversed(ordered):
                if len(withheld) >= k:
                    break
                withheld.update(members)
    return withheld if k <= len(withheld) <= budget else None


def _band(value: str) -> tuple[float, float] | None:
    if match := _BAND.match(value):
        return float(match[1]), float(match[2])
    if match := _OPEN_TOP.match(value):
        return float(match[1]), math.inf
    if match := _OPEN_BOTTOM.match(value):
        return -math.inf, float(match[1]) - 1
    return None


def _is_ordinal(values: Sequence[str]) -> bool:
    present = [value for value in values if value]
    return bool(present) and all(_band(value) is not None for value in present)


def _ordered(values: set[str], ordinal: bool) -> list[str]:
    if ordinal:
        return sorted(values, key=lambda value: (_band(value) or (0.0, 0.0), value))
    return sorted(values)


def _group_label(group: list[str], ordinal: bool) -> str:
    if len(group) == 1:
        return group[0]
    if not ordinal:
        return OTHER
    bands = [band for value in group if (band := _band(value)) is not None]
    low, high = min(b[0] for b in bands), max(b[1] for b in bands)
    if high == math.inf:
        return f"{low:.0f}+"
    if low == -math.inf:
        return f"<{high + 1:.0f}"
    return f"{low:.0f}-{high:.0f}"
