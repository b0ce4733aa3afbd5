"""Table seating for the deliberation day: mixed tables, households apart, languages together."""

from polyvox.engines.grouping.latecomers import seat_latecomers
from polyvox.engines.grouping.model import Person, Seating, SeatingError
from polyvox.engines.grouping.scoring import diversity, imbalance
from polyvox.engines.grouping.seating import seat

__all__ = [
    "Person",
    "Seating",
    "SeatingError",
    "diversity",
    "imbalance",
    "seat",
    "seat_latecomers",
]
