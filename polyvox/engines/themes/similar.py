"""Themes of different languages that say the same thing: candidates for an organiser's merge.

Texts are grouped per language (words do not match across languages), so the same idea
comes out once per language. What each theme says in one shared language (its organiser's
name, its texts' translations) is compared on character n-grams, which also catch close
spellings ("Wi-Fi", "wifi") and cognates ("algorithms", "algorithmes")."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

from polyvox.engines.themes.clustering import FloatArray
from polyvox.engines.themes.features import WORD

# Cosine similarity of two themes' character n-grams from which a merge is suggested: names
# of one idea ("Free public wifi", "Public wifi for free") score above 0.6, unrelated
# names below 0.2 (tests/engines/themes/test_similar.py).
SUGGEST_FROM = 0.45


@dataclass(frozen=True)
class ThemeProfile:
    """What a theme says, in one language shared by every profile compared: its name, and
    a longer reading (its texts' translations, or its label terms) for themes not named."""

    id: int
    language: str  # the language its texts were grouped in
    name: str
    reading: str = ""


@dataclass(frozen=True)
class SimilarPair:
    first: int
    second: int
    similarity: float


def cross_language_pairs(
    profiles: Sequence[ThemeProfile], *, threshold: float = SUGGEST_FROM
) -> list[SimilarPair]:
    """Pairs of themes grouped in different languages that read alike, most alike first;
    each theme in one pair at most (its closest), so one click merges one idea. Two named
    themes compare by name; otherwise by name and reading together."""
    if len({profile.language for profile in profiles}) < 2:
        return []
    names = _similarity([profile.name for profile in profiles])
    readings = _similarity([f"{profile.name} {profile.reading}" for profile in profiles])
    candidates = []
    for i, first in enumerate(profiles):
        for j in range(i + 1, len(profiles)):
            if first.language == profiles[j].language:
                continue
            both_named = bool(WORD.search(first.name) and WORD.search(profiles[j].name))
            score = names[i, j] if both_named else readings[i, j]
            if score >= threshold:
                candidates.append((float(score), i, j))
    # Most alike first; ties in the order the themes came in, so the result is stable.
    candidates.sort(key=lambda item: (-item[0], item[1], item[2]))
    paired: set[int] = set()
    pairs = []
    for score, i, j in candidates:
        if i in paired or j in paired:
            continue
        paired |= {i, j}
        pairs.append(SimilarPair(profiles[i].id, profiles[j].id, round(score, 3)))
    return pairs


def _similarity(bodies: list[str]) -> FloatArray:
    """Cosine similarity of every pair (zero for texts without a word)."""
    if not any(WORD.search(body) for body in bodies):
        return np.zeros((len(bodies), len(bodies)), dtype=np.float64)
    vectorizer = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), lowercase=True)
    vectors = vectorizer.fit_transform(bodies)
    similarity: FloatArray = np.asarray((vectors @ vectors.T).todense(), dtype=np.float64)
    return similarity
