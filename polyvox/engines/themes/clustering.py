"""Reduce TF-IDF to a few dozen latent dimensions (LSA) and pick the number of themes by
silhouette, so that closely related answers fall together even without shared words."""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray
from scipy import sparse
from sklearn.cluster import KMeans
from sklearn.decomposition import TruncatedSVD
from sklearn.metrics import silhouette_score
from sklearn.preprocessing import normalize

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]

MAX_COMPONENTS = 100
# Silhouette is quadratic in the number of texts; a seeded sample keeps large sets quick.
SILHOUETTE_SAMPLE = 2_000
KMEANS_RESTARTS = 10
MIN_THEME_SIZE = 2


def latent_vectors(matrix: sparse.csr_matrix, seed: int) -> FloatArray:
    """Unit-length LSA vectors, one per text."""
    texts, features = matrix.shape
    components = min(MAX_COMPONENTS, texts - 1, features - 1)
    if components < 2:
        dense: FloatArray = np.asarray(matrix.toarray(), dtype=np.float64)
    else:
        svd = TruncatedSVD(n_components=components, random_state=seed)
        # Identical texts give zero variance; only the unused explained-variance ratio
        # divides by it, so its warnings say nothing about the vectors.
        with np.errstate(divide="ignore", invalid="ignore"):
            dense = np.asarray(svd.fit_transform(matrix), dtype=np.float64)
    unit: FloatArray = normalize(dense)
    return unit


def cluster_labels(vectors: FloatArray, max_clusters: int, seed: int) -> IntArray:
    """k-means for every k from 2 up to max_clusters; keep the k with the best silhouette
    among those without a one-text theme, if any has none. One cluster when fewer than
    three distinct texts leave nothing to compare."""
    distinct = len(np.unique(np.round(vectors, 9), axis=0))
    upper = min(max_clusters, len(vectors) - 1, distinct)
    candidates = []
    for clusters in range(2, upper + 1):
        labels = _kmeans(vectors, clusters, seed)
        if len(np.unique(labels)) >= 2:
            candidates.append((_silhouette(vectors, labels, seed), clusters, labels))
    if not candidates:
        return np.zeros(len(vectors), dtype=np.int64)
    # A theme of one answer is an outlier, not a theme: organisers asked for none (as
    # Polis users do), so such splits only win when every split has one.
    without_singletons = [c for c in candidates if np.bincount(c[2]).min() >= MIN_THEME_SIZE]
    # On a tie the smaller k, the simpler reading, wins.
    _, _, best = max(without_singletons or candidates, key=lambda c: (c[0], -c[1]))
    return best


def _kmeans(vectors: FloatArray, clusters: int, seed: int) -> IntArray:
    model = KMeans(n_clusters=clusters, n_init=KMEANS_RESTARTS, random_state=seed)
    labels: IntArray = np.asarray(model.fit_predict(vectors), dtype=np.int64)
    return labels


def _silhouette(vectors: FloatArray, labels: IntArray, seed: int) -> float:
    sample = SILHOUETTE_SAMPLE if len(vectors) > SILHOUETTE_SAMPLE else None
    return float(
        silhouette_score(vectors, labels, metric="cosine", sample_size=sample, random_state=seed)
    )
