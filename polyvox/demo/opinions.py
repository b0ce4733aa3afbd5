"""How the demo's citizens lean: like a real dialogue, not dice.

Each question gets, from a seed of its own key, a base preference over its options, a
shift for each world region and small ones for each country's site, and shifts by age,
education, gender and area. A few regional shifts are strong (the results pages then show
a real difference between regions); most are small, within the intervals. Scale questions
tilt along the scale instead of favouring one option. Everything is deterministic: the
same demo gives the same numbers on every machine.
"""

from __future__ import annotations

import math
import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from polyvox.dialogues import regions
from polyvox.dialogues.models import Question, Site

# Where each category's values sit on the axis its shift follows (unknown values: 0).
POSITIONS: dict[str, dict[str, float]] = {
    "age": {"16-29": -1.5, "30-49": -0.5, "50-64": 0.5, "65+": 1.5},
    "education": {"primary": -1.0, "secondary": 0.0, "higher": 1.0, "tertiary": 1.0},
    "gender": {"woman": 1.0, "man": -1.0},
    "area": {"urban": 1.0, "rural": -1.0},
}
# How far one step along each axis moves an option's weight (standard deviation, log scale).
SPREAD = {"age": 0.22, "education": 0.2, "gender": 0.07, "area": 0.12}
REGIONS = ("Africa", "Americas", "Asia", "Europe", "Oceania")
SMALL_REGIONAL = 0.12  # most regions differ only by this much: within the intervals
STRONG_REGIONAL = 1.2  # one region in about half the questions leans clearly
SITE_SPREAD = 0.08


@dataclass(frozen=True)
class Leanings:
    """Log-weights of a question's options: the base, and the shifts to add."""

    base: tuple[float, ...]
    by_region: Mapping[str, tuple[float, ...]]
    by_category: Mapping[str, tuple[float, ...]]

    def weights(
        self, *, site_shift: Sequence[float], region: str, categories: Mapping[str, str]
    ) -> list[float]:
        """One citizen's weights: what their region, country and groups make likelier."""
        logits = [base + site for base, site in zip(self.base, site_shift, strict=True)]
        for index, shift in enumerate(self.by_region.get(region, ())):
            logits[index] += shift
        for category, shifts in self.by_category.items():
            position = POSITIONS[category].get(categories.get(category, ""), 0.0)
            for index, shift in enumerate(shifts):
                logits[index] += shift * position
        return [math.exp(logit) for logit in logits]


def leanings_for(question: Question, option_count: int) -> Leanings:
    rng = random.Random(f"leanings/{question.session.key}/{question.key}")
    scale = question.kind == Question.Kind.SCALE

    def shifts(spread: float) -> tuple[float, ...]:
        if scale:  # a tilt along the scale: agreeing more, or less
            tilt = rng.gauss(0.0, spread)
            middle = (option_count - 1) / 2
            return tuple(tilt * (index - middle) / max(middle, 1) for index in range(option_count))
        return tuple(rng.gauss(0.0, spread) for _ in range(option_count))

    if scale:  # most agree, as on the evaluation questions
        base = tuple(0.45 * index for index in range(option_count))
    else:
        base = tuple(math.log(rng.gammavariate(1.5, 1.0) + 0.05) for _ in range(option_count))
    by_region = {region: shifts(SMALL_REGIONAL) for region in REGIONS}
    if option_count and rng.random() < 0.5:
        strong = rng.choice(REGIONS[:4])  # Oceania has one site: too few for a clear lean
        favoured = rng.randrange(option_count)
        by_region[strong] = tuple(
            shift + (STRONG_REGIONAL if index == favoured else 0.0)
            for index, shift in enumerate(by_region[strong])
        )
    by_category = {category: shifts(spread) for category, spread in SPREAD.items()}
    return Leanings(base=base, by_region=by_region, by_category=by_category)


def site_shift(site: Site, question: Question, option_count: int) -> tuple[float, ...]:
    """A country's own small flavour on the question."""
    rng = random.Random(f"site/{site.slug}/{question.session.key}/{question.key}")
    return tuple(rng.gauss(0.0, SITE_SPREAD) for _ in range(option_count))


@dataclass(frozen=True)
class SiteLeanings:
    """A question's leanings as one site's citizens have them."""

    leanings: Leanings
    region: str
    shift: tuple[float, ...]

    def for_citizen(self, categories: Mapping[str, str]) -> list[float]:
        return self.leanings.weights(
            site_shift=self.shift, region=self.region, categories=categories
        )

    def for_site(self) -> list[float]:
        """The site as a whole (a table's agreed answer): no group's shift."""
        return self.leanings.weights(site_shift=self.shift, region=self.region, categories={})


def site_leanings(site: Site, question: Question, option_count: int) -> SiteLeanings:
    return SiteLeanings(
        leanings=leanings_for(question, option_count),
        region=regions.region_of(site.country.code),
        shift=site_shift(site, question, option_count),
    )
