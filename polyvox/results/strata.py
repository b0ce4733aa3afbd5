"""Paper counts split by a stratum ("16-29", "age=16-29", "Women") join the breakdowns of
the demographic category that stratum names.

A stratum matches a category value by its key or by its label in any language, written
either alone (when only one category has that value) or as `category=value`. A count
whose stratum matches nothing, or that has no stratum, is counted everywhere but broken
down by no category; pages say how many people that leaves out of each breakdown.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from polyvox.dialogues.models import Dialogue
from polyvox.recruitment.models import Category, CategoryValue
from polyvox.results.snapshot import CategoryLabels

# Category value of paper counts not split by that category: shown as "not broken down".
PAPER_UNSPLIT = "(paper)"


@dataclass
class CategoryValues:
    """Known values per category: by key and by label (casefolded) to key."""

    values: dict[str, dict[str, str]] = field(default_factory=lambda: defaultdict(dict))

    def add(self, category: str, key: str, labels: Iterable[str] = ()) -> None:
        known = self.values[category]
        for name in (key, *labels):
            if name.strip():
                known.setdefault(name.strip().casefold(), key)

    def match(self, stratum: str) -> dict[str, str]:
        """The category and value a stratum names, or nothing if none or several match."""
        text = stratum.strip()
        for separator in ("=", ":"):
            category, found, value = text.partition(separator)
            if found and category.strip() in self.values:
                key = self.values[category.strip()].get(value.strip().casefold())
                return {category.strip(): key} if key is not None else {}
        wanted = text.casefold()
        matches = {
            category: known[wanted] for category, known in self.values.items() if wanted in known
        }
        return matches if len(matches) == 1 else {}


def dialogue_category_values(
    *, dialogue: Dialogue, seen: Iterable[dict[str, str]]
) -> CategoryValues:
    """The sites' recruitment categories (one query) and the values participants carry."""
    known = CategoryValues()
    rows = CategoryValue.objects.filter(category__site__dialogue=dialogue).values_list(
        "category__key", "key", "label"
    )
    for category, key, label in rows:
        known.add(category, key, label.values() if isinstance(label, dict) else ())
    for categories in seen:
        for category, value in categories.items():
            known.add(category, value)
    return known


def dialogue_category_labels(*, dialogue: Dialogue) -> dict[str, CategoryLabels]:
    """Translated labels of the sites' categories and their values, for pages to show
    "Age band: 30–49" rather than keys: {category: {"label": {...}, "values": {key: {...}}}}."""
    labels: dict[str, CategoryLabels] = {}
    for key, label in Category.objects.filter(site__dialogue=dialogue).values_list("key", "label"):
        labels.setdefault(key, CategoryLabels(label=label, values={}))
    rows = CategoryValue.objects.filter(category__site__dialogue=dialogue).values_list(
        "category__key", "key", "label"
    )
    for category, key, label in rows:
        entry = labels.setdefault(category, CategoryLabels(label={}, values={}))
        entry["values"].setdefault(key, label)
    return labels
