"""The published files' rows: the exact distribution and the lottery, as text.

distribution.csv is the LEXIMIN support: one row per panel of the distribution, its
probability, and its members. People with the same values (and no housemate in the pool)
are interchangeable, and the distribution picks among them uniformly, so a member entry
is either an id or "c of a|b|…": c people drawn uniformly from those listed.

panels.csv is the lottery: m equally likely panels, ticket j draws row j.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

from polyvox.engines.sortition.model import Distribution

SUPPORT_HEADER = ("panel", "probability", "members")
LOTTERY_HEADER = ("panel", "probability", "members")


def support_members(
    ids: Sequence[str], groups: Sequence[Sequence[int]], profile: Sequence[int]
) -> str:
    entries: list[str] = []
    for group, seats in enumerate(profile):
        if seats == 0:
            continue
        members = [ids[person] for person in groups[group]]
        if seats == len(members):
            entries.extend(members)
        else:
            entries.append(f"{seats} of {'|'.join(members)}")
    return ";".join(entries)


def support_lines(ids: Sequence[str], distribution: Distribution) -> list[list[str]]:
    return support_rows(ids, distribution.groups, distribution.profiles, distribution.weights)


def support_rows(
    ids: Sequence[str],
    groups: Sequence[Sequence[int]],
    profiles: Sequence[Sequence[int]],
    weights: Sequence[float],
) -> list[list[str]]:
    return [
        [str(panel), f"{weight:.12f}", support_members(ids, groups, profile)]
        for panel, (profile, weight) in enumerate(zip(profiles, weights, strict=True))
    ]


def lottery_lines(ids: Sequence[str], panels: Sequence[Sequence[int]]) -> list[list[str]]:
    share = f"{1 / len(panels):.10f}" if panels else "0"
    return [
        [str(ticket), share, ";".join(ids[person] for person in panel)]
        for ticket, panel in enumerate(panels)
    ]


def lottery_hash(lines: Sequence[Sequence[str]]) -> str:
    """SHA-256 over the members column of panels.csv, one ticket per line."""
    return hashlib.sha256("\n".join(line[2] for line in lines).encode("utf-8")).hexdigest()


def marginals_from_members(
    ids: Sequence[str], members: Sequence[str]
) -> tuple[list[float], list[str]]:
    """Each person's chance in a published lottery (rows of ';'-joined ids), and any
    problem with the rows (unknown ids, a person twice on one panel)."""
    index = {person_id: number for number, person_id in enumerate(ids)}
    counts = [0] * len(ids)
    problems: list[str] = []
    for ticket, line in enumerate(members):
        seen = [person for person in line.split(";") if person]
        if len(set(seen)) != len(seen):
            problems.append(f"lottery panel {ticket} lists someone twice")
        for person in set(seen):
            if person not in index:
                problems.append(f"lottery panel {ticket} lists {person!r}, who is not in the pool")
                continue
            counts[index[person]] += 1
    total = max(len(members), 1)
    return [count / total for count in counts], problems
