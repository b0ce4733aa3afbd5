from collections.abc import Callable

import numpy as np
import pytest

from polyvox.engines.grouping import Person

CATEGORIES = {
    "gender": (["woman", "man", "other"], [0.49, 0.49, 0.02]),
    "age": (["16-24", "25-39", "40-59", "60+"], [0.15, 0.3, 0.3, 0.25]),
    "education": (["primary", "secondary", "tertiary"], [0.2, 0.5, 0.3]),
    "area": (["urban", "rural"], [0.7, 0.3]),
    "region": (["north", "south", "east", "west", "centre"], [0.3, 0.25, 0.2, 0.15, 0.1]),
    "attitude": (["worried", "unsure", "relaxed"], [0.5, 0.3, 0.2]),
}
BALANCE = tuple(CATEGORIES)

RoomFactory = Callable[..., list[Person]]


def make_room(
    size: int, seed: int = 0, households: int = 0, languages: tuple[str, ...] = ()
) -> list[Person]:
    """A room with skewed categories; `households` people share an address with a neighbour."""
    rng = np.random.default_rng(seed)
    people: list[Person] = []
    for number in range(size):
        attributes = {
            name: str(rng.choice(values, p=weights))
            for name, (values, weights) in CATEGORIES.items()
        }
        # The first `households` people come in pairs and threes at the same address.
        attributes["address"] = f"shared-{number // 3}" if number < households else f"own-{number}"
        if languages:
            attributes["language"] = languages[number % len(languages)]
        people.append(Person(id=f"p{number:04d}", attributes=attributes))
    return people


@pytest.fixture
def room() -> RoomFactory:
    return make_room
