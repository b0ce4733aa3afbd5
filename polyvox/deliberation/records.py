"""Typed reader of the day's id lists in JSON: answer choices and recommendation votes."""

# These columns hold bare JSON (a list of ids), not a
# versioned document: the ballot's one-statement INSERT writes `Answer.choices` as it is,
# and results and people read the same columns. Versioning them means a data migration
# across those apps; until then every read of them in deliberation goes through load_ids,
# so a malformed value fails loudly here instead of deep in a page.

from __future__ import annotations

from pydantic import TypeAdapter

# Answer.choices and RecommendationRanking.order: ids, in the citizen's order.
ID_LIST = TypeAdapter(list[int])  # lax: "3" from an old import reads as 3, as int() did


def load_ids(value: object) -> list[int]:
    return ID_LIST.validate_python(value)
