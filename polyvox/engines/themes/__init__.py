"""Open-answer themes: TF-IDF, LSA and k-means per language, labelled with top terms and quotes."""

from polyvox.engines.themes.model import Text, Theme, ThemesError
from polyvox.engines.themes.similar import SimilarPair, ThemeProfile, cross_language_pairs
from polyvox.engines.themes.themes import find_themes, merge_themes

__all__ = [
    "SimilarPair",
    "Text",
    "Theme",
    "ThemeProfile",
    "ThemesError",
    "cross_language_pairs",
    "find_themes",
    "merge_themes",
]
