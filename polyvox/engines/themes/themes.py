"""Group open answers into themes, each with label terms and its most central quotes."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from itertools import chain, zip_longest
from typing import TypeVar

import numpy as np
from threadpoolctl import threadpool_limits

from polyvox.engines.themes.clustering import (
    FloatArray,
    IntArray,
    cluster_labels,
    latent_vectors,
)
from polyvox.engines.themes.features import WORD, Features, text_features
from polyvox.engines.themes.model import Text, Theme, ThemesError

Item = TypeVar("Item", Text, str)

LABEL_TERMS = 5
# A quote other than the most central one is at least this close to it (cosine of their
# unit LSA vectors): answers about one idea score well above it, unrelated answers that a
# cap on the number of themes forced together score near zero.
QUOTE_AFFINITY = 0.3
# Below this there is nothing to split: two answers are one theme, whatever they say.
MIN_TEXTS_TO_SPLIT = 3


def find_themes(
    texts: Sequence[Text],
    *,
    language: str,
    max_themes: int = 8,
    seed: int = 0,
    representatives: int = 3,
) -> list[Theme]:
    """Themes of one language's texts, largest first, numbered from 1.

    Texts without a single letter or digit (blank, "???") belong to no theme."""
    if max_themes < 1:
        raise ThemesError(f"max_themes must be at least 1, got {max_themes}")
    if representatives < 1:
        raise ThemesError(f"representatives must be at least 1, got {representatives}")
    _check_unique_ids(texts)
    usable = [text for text in texts if WORD.search(text.body)]
    if not usable:
        return []
    # One BLAS/OpenMP thread: the matrices are small (hundreds to a few thousand short
    # texts), and threads waiting for busy cores made 500 answers take 6 s instead of 1 s.
    with threadpool_limits(limits=1):
        features = text_features([text.body for text in usable], language)
        vectors = latent_vectors(features.matrix, seed)
        if len(usable) < MIN_TEXTS_TO_SPLIT:
            labels: IntArray = np.zeros(len(usable), dtype=np.int64)
        else:
            labels = cluster_labels(vectors, max_themes, seed)
    return _themes(usable, labels, vectors, features, representatives)


def merge_themes(themes: Sequence[Theme], ids: Collection[int]) -> list[Theme]:
    """One theme from several (an organiser's merge): it takes the first one's place and the
    smallest id; labels and quotes alternate between the merged themes."""
    by_id = {theme.id: theme for theme in themes}
    unknown = sorted(set(ids) - set(by_id))
    if unknown:
        raise ThemesError(f"no theme with id {', '.join(map(str, unknown))}")
    merged = [theme for theme in themes if theme.id in ids]
    if len(merged) < 2:
        return list(themes)
    combined = Theme(
        id=min(ids),
        label_terms=_alternate((theme.label_terms for theme in merged), LABEL_TERMS),
        members=tuple(chain.from_iterable(theme.members for theme in merged)),
        # At least one quote from each merged theme, so every part still speaks.
        representative=_alternate(
            (theme.representative for theme in merged),
            max(len(merged), *(len(theme.representative) for theme in merged)),
        ),
    )
    first = themes.index(merged[0])
    kept = [theme for theme in themes if theme.id not in ids]
    return [*kept[:first], combined, *kept[first:]]


def _check_unique_ids(texts: Sequence[Text]) -> None:
    seen: set[str] = set()
    for text in texts:
        if text.id in seen:
            raise ThemesError(f"text id {text.id!r} appears twice")
        seen.add(text.id)


def _themes(
    texts: list[Text],
    labels: IntArray,
    vectors: FloatArray,
    features: Features,
    representatives: int,
) -> list[Theme]:
    # Largest first; equal sizes in the order their first text came in.
    order = sorted(np.unique(labels).tolist(), key=lambda label: (-np.sum(labels == label), label))
    themes = []
    for number, label in enumerate(order, start=1):
        in_theme = labels == label
        members = np.flatnonzero(in_theme)
        themes.append(
            Theme(
                id=number,
                label_terms=_label_terms(features, in_theme),
                members=tuple(texts[index] for index in members),
                representative=tuple(
                    texts[index]
                    for index in _most_central(texts, vectors, members, representatives)
                ),
            )
        )
    return themes


def _label_terms(features: Features, in_theme: np.ndarray) -> tuple[str, ...]:
    """Terms weighing more inside the theme than outside it: what sets it apart."""
    if features.label_terms.size == 0:
        return ()
    inside = np.asarray(features.label_matrix[in_theme].mean(axis=0)).ravel()
    outside = (
        np.asarray(features.label_matrix[~in_theme].mean(axis=0)).ravel()
        if (~in_theme).any()
        else np.zeros_like(inside)
    )
    distinctiveness = inside - outside
    # Ties broken alphabetically so the label does not depend on sort stability.
    ranked = np.lexsort((features.label_terms, -distinctiveness))
    top = [index for index in ranked[:LABEL_TERMS] if distinctiveness[index] > 0]
    return tuple(str(features.label_terms[index]) for index in top)


def _most_central(
    texts: list[Text], vectors: FloatArray, members: IntArray, count: int
) -> list[int]:
    """The `count` most central members saying different things (three copies of the same
    words would be one quote), each close to the most central one: a theme that holds
    several unrelated ideas is quoted by its main idea only, never by the others."""
    centroid = vectors[members].mean(axis=0)
    similarity = vectors[members] @ centroid
    # Stable, so among equally central texts the earlier one is quoted.
    ranked = [int(members[index]) for index in np.argsort(-similarity, kind="stable")]
    chosen: list[int] = []
    said: set[str] = set()
    for member in ranked:
        words = " ".join(texts[member].body.casefold().split())
        if words in said or (chosen and vectors[member] @ vectors[chosen[0]] < QUOTE_AFFINITY):
            continue
        said.add(words)
        chosen.append(member)
        if len(chosen) == count:
            break
    return chosen


def _alternate(groups: Iterable[Sequence[Item]], limit: int) -> tuple[Item, ...]:
    """Round-robin over the groups, skipping repeats: each merged theme gets a say."""
    seen: list[Item] = []
    for item in chain.from_iterable(zip_longest(*groups)):
        if item is not None and item not in seen:
            seen.append(item)
    return tuple(seen[:limit])
