"""TF-IDF features that work in any language.

Word n-grams carry meaning and make readable labels; character n-grams catch shared stems
("vélo", "vélos") and are the only usable unit in scripts written without spaces, where a
"word" token would be a whole sentence.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer

from polyvox.engines.themes.stopwords import base_language, stop_words_for

UNSPACED_LANGUAGES = frozenset({"zh", "ja", "th", "lo", "km", "my", "bo"})
WORD = re.compile(r"\w+")
# Words of two or more letters: single letters are elisions ("l'", "d'") or initials.
TWO_LETTER_WORDS = r"(?u)\b\w\w+\b"
# Character n-grams are many; cap them so thousands of answers stay quick.
MAX_CHARACTER_FEATURES = 50_000
# Equal weight to both views: each block is L2-normalised, so this keeps rows at norm 1.
BLOCK_WEIGHT = float(np.sqrt(0.5))


@dataclass(frozen=True)
class Features:
    matrix: sparse.csr_matrix  # texts x features, what the texts are compared on
    label_matrix: sparse.csr_matrix  # texts x terms, what theme labels are drawn from
    label_terms: NDArray[np.str_]


def text_features(bodies: Sequence[str], language: str) -> Features:
    if base_language(language) in UNSPACED_LANGUAGES:
        return _unspaced_features(bodies)
    try:
        return _spaced_features(bodies, stop_words_for(language))
    except ValueError:
        # Answers made of stop words only ("and so on") are still answers: compare them
        # on every word rather than fail.
        return _spaced_features(bodies, frozenset())


def _spaced_features(bodies: Sequence[str], stop_words: frozenset[str]) -> Features:
    characters = _character_vectorizer(stop_words).fit_transform(bodies)
    word_vectorizer = _word_vectorizer(stop_words)
    try:
        words = word_vectorizer.fit_transform(bodies)
    except ValueError:  # every word is a stop word or a single letter
        return _character_only(characters)
    matrix = sparse.hstack([BLOCK_WEIGHT * words, BLOCK_WEIGHT * characters]).tocsr()
    terms = np.asarray(word_vectorizer.get_feature_names_out(), dtype=np.str_)
    return Features(matrix=matrix, label_matrix=sparse.csr_matrix(words), label_terms=terms)


def _word_vectorizer(stop_words: frozenset[str]) -> TfidfVectorizer:
    return TfidfVectorizer(
        token_pattern=TWO_LETTER_WORDS,
        stop_words=sorted(stop_words) or None,
        ngram_range=(1, 2),
        sublinear_tf=True,
    )


def _character_vectorizer(stop_words: frozenset[str]) -> TfidfVectorizer:
    def without_stop_words(text: str) -> str:
        # Otherwise "les ", "des " would be the commonest shared n-grams of every French text.
        return " ".join(word for word in WORD.findall(text.lower()) if word not in stop_words)

    return TfidfVectorizer(
        analyzer="char_wb",
        ngram_range=(3, 5),
        preprocessor=without_stop_words,
        sublinear_tf=True,
        max_features=MAX_CHARACTER_FEATURES,
    )


def _unspaced_features(bodies: Sequence[str]) -> Features:
    vectorizer = TfidfVectorizer(
        analyzer="char",
        ngram_range=(1, 3),
        preprocessor=lambda text: re.sub(r"[\W_]+", " ", text.lower()),
        sublinear_tf=True,
        max_features=MAX_CHARACTER_FEATURES,
    )
    matrix = vectorizer.fit_transform(bodies)
    return _character_only(matrix, np.asarray(vectorizer.get_feature_names_out(), dtype=np.str_))


def _character_only(matrix: sparse.csr_matrix, terms: NDArray[np.str_] | None = None) -> Features:
    """Labels from character n-grams: only those of two or more letters mean something."""
    if terms is None:
        return Features(matrix=matrix, label_matrix=matrix, label_terms=np.array([], np.str_))
    readable = np.array([len(term) >= 2 and term.isalnum() for term in terms], dtype=bool)
    return Features(
        matrix=sparse.csr_matrix(matrix),
        label_matrix=sparse.csr_matrix(matrix[:, readable]),
        label_terms=terms[readable],
    )
