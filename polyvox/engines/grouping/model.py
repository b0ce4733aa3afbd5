"""Plain data for table seating: people in, a seating out."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field


class SeatingError(ValueError):
    """The seating asked for cannot be made (bad input or impossible constraints)."""


@dataclass(frozen=True)
class Person:
    id: str
    attributes: Mapping[str, str] = field(default_factory=dict)

    def __hash__(self) -> int:
        # Ids are unique within a room, and a dict of attributes cannot be hashed.
        return hash(self.id)

    def value(self, attribute: str) -> str:
        try:
            return self.attributes[attribute]
        except KeyError:
            raise SeatingError(f"person {self.id!r} has no value for {attribute!r}") from None


@dataclass(frozen=True)
class Seating:
    """Tables in order; `balance` names the categories the tables were mixed on."""

    tables: tuple[tuple[Person, ...], ...]
    balance: tuple[str, ...] = ()

    @property
    def sizes(self) -> tuple[int, ...]:
        return tuple(len(table) for table in self.tables)

    @property
    def people(self) -> tuple[Person, ...]:
        return tuple(person for table in self.tables for person in table)

    def table_numbers(self) -> dict[str, int]:
        """Each person's table, numbered from 1 as printed on the day's cards."""
        return {
            person.id: number
            for number, table in enumerate(self.tables, start=1)
            for person in table
        }


def household_of(person: Person, household_attributes: Sequence[str]) -> tuple[str, ...] | None:
    """People sharing all household attributes (e.g. an address) live together."""
    if not household_attributes:
        return None
    return tuple(person.value(attribute) for attribute in household_attributes)


def check_unique_ids(people: Sequence[Person]) -> None:
    seen: set[str] = set()
    for person in people:
        if person.id in seen:
            raise SeatingError(f"person id {person.id!r} appears twice")
        seen.add(person.id)
