"""Base clusters (k = 100 over participants), then opinion groups over the base clusters."""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

import numpy as np
import numpy.typing as npt

from polyvox.engines.opinion.kmeans import (
    Clustering,
    WarmStart,
    best_of_starts,
    polis_kmeans,
    silhouette,
)
from polyvox.engines.opinion.model import Cluster, FloatArray, KSmoother

BASE_K = 100
BASE_ITERATIONS = 100
# Polis passes its group iteration setting under a key kmeans ignores, so groups get the
# default of 20 iterations; we keep that to reproduce its groups.
GROUP_ITERATIONS = 20
K_BUFFER = 4
# A cold start has no history for Polis's arbitrary first-k-distinct start to build on,
# so it also tries this many k-means++ starts and keeps the tightest clustering.
COLD_RESTARTS = 15
# Polis lets points move to whichever centre is nearest after a warm start (1.0). Sticky
# membership keeps a participant (and a base cluster) in its last cluster unless another
# centre is this many times nearer. Replaying the openData conversations in 20 updates,
# 1.5 keeps group changes under 3% per update once k is stable (Polis's rule: up to 10%).
POLIS_STICKINESS = 1.0
DEFAULT_STICKINESS = 1.5


@dataclass(frozen=True)
class GroupChoice:
    clusterings: dict[int, Clustering]
    silhouettes: dict[int, float]
    smoother: KSmoother
    chosen_k: int | None


Key = TypeVar("Key", bound=Hashable)  # participant ids or indexes, as the caller has them


def warm_start_for(
    previous: Sequence[Cluster], key_to_index: Mapping[Key, int]
) -> WarmStart | None:
    if not previous:
        return None
    members = tuple(
        np.array([key_to_index[m] for m in c.members if m in key_to_index], dtype=np.int64)
        for c in previous
    )
    return WarmStart(ids=np.array([c.id for c in previous], dtype=np.int64), members=members)


def base_clusters(
    points: FloatArray,
    keys: Sequence[Hashable],  # participant ids as the caller gave them
    previous: Sequence[Cluster],
    stickiness: float = DEFAULT_STICKINESS,
) -> Clustering:
    """Cluster participants' positions into at most 100 base clusters, sorted by id."""
    warm = warm_start_for(previous, {key: index for index, key in enumerate(keys)})
    weights = np.ones(len(points))
    clustering = polis_kmeans(points, weights, BASE_K, BASE_ITERATIONS, warm, stickiness)
    return sort_by_id(clustering)


def sort_by_id(clustering: Clustering) -> Clustering:
    order = np.argsort(clustering.ids, kind="stable")
    rank = np.empty(len(order), dtype=np.int64)
    rank[order] = np.arange(len(order))
    return Clustering(
        ids=clustering.ids[order], centers=clustering.centers[order], labels=rank[clustering.labels]
    )


def candidate_ks(n_base_clusters: int, max_k: int) -> range:
    return range(2, min(max_k, 2 + n_base_clusters // 12) + 1)


def has_singleton_group(clustering: Clustering, weights: FloatArray) -> bool:
    sizes = np.bincount(clustering.labels, weights=weights, minlength=len(clustering.ids))
    return bool(np.any(sizes < 2))


def smooth_k(previous: KSmoother, best_k: int) -> KSmoother:
    """The displayed k switches only once the same best k has won K_BUFFER updates running."""
    count = previous.last_k_count + 1 if previous.last_k == best_k else 1
    switch = count >= K_BUFFER or previous.smoothed_k is None
    smoothed = best_k if switch else previous.smoothed_k
    return KSmoother(last_k=best_k, last_k_count=count, smoothed_k=smoothed)


def _best_k(silhouettes: dict[int, float], eligible: list[int]) -> int:
    # Polis's max-key keeps the last of equal maxima, i.e. the larger k.
    return max(eligible, key=lambda k: (silhouettes[k], k))


def choose_groups(
    base: Clustering,
    base_weights: FloatArray,
    previous_clusterings: dict[int, tuple[Cluster, ...]],
    previous_smoother: KSmoother,
    max_k: int,
    cold_start_seed: int | None = None,
    stickiness: float = DEFAULT_STICKINESS,
) -> GroupChoice:
    """Groups for every candidate k, then the k to show.

    With `cold_start_seed` (no previous state at all), each k keeps the best of Polis's
    start and COLD_RESTARTS seeded k-means++ starts; otherwise Polis's rule applies.
    """
    points, keys = base.centers, [int(i) for i in base.ids]
    key_to_index = {key: index for index, key in enumerate(keys)}
    distances = np.linalg.norm(points[:, None, :] - points[None, :, :], axis=2)
    clusterings: dict[int, Clustering] = {}
    silhouettes: dict[int, float] = {}
    for k in candidate_ks(len(keys), max_k):
        warm = warm_start_for(previous_clusterings.get(k, ()), key_to_index)
        if warm is None and cold_start_seed is not None:
            rng = np.random.default_rng([cold_start_seed, k])
            found = best_of_starts(points, base_weights, k, GROUP_ITERATIONS, rng, COLD_RESTARTS)
        else:
            found = polis_kmeans(points, base_weights, k, GROUP_ITERATIONS, warm, stickiness)
        clustering = sort_by_id(found)
        clusterings[k] = clustering
        silhouettes[k] = silhouette(distances, clustering.labels)
    if not clusterings:
        return GroupChoice({}, {}, previous_smoother, None)
    # Never show a group of one participant while some k avoids it.
    eligible = [k for k, c in clusterings.items() if not has_singleton_group(c, base_weights)]
    smoother = smooth_k(previous_smoother, _best_k(silhouettes, eligible or list(clusterings)))
    chosen = smoother.smoothed_k if smoother.smoothed_k in clusterings else smoother.last_k
    return GroupChoice(clusterings, silhouettes, smoother, chosen)


def merge_singleton_groups(clustering: Clustering, weights: FloatArray) -> Clustering:
    """Last resort when every k has a lone participant: fold such groups into the nearest."""
    labels = clustering.labels.copy()
    ids, centers = clustering.ids, clustering.centers
    while len(ids) > 1:
        sizes = np.bincount(labels, weights=weights, minlength=len(ids))
        small = np.flatnonzero(sizes < 2)
        if not len(small):
            break
        lone = int(small[0])
        gaps = np.linalg.norm(centers - centers[lone], axis=1)
        gaps[lone] = np.inf
        target = int(np.argmin(gaps))
        labels[labels == lone] = target
        keep = np.arange(len(ids)) != lone
        remap = np.cumsum(keep) - 1
        ids, centers, labels = ids[keep], centers[keep], remap[labels]
    return Clustering(ids=ids, centers=centers, labels=labels)


def to_clusters(clustering: Clustering, member_keys: npt.NDArray[Any]) -> tuple[Cluster, ...]:
    order = np.argsort(clustering.labels, kind="stable")
    bounds = np.searchsorted(clustering.labels[order], np.arange(len(clustering.ids) + 1))
    return tuple(
        Cluster(
            id=int(cluster_id),
            members=tuple(member_keys[order[bounds[i] : bounds[i + 1]]].tolist()),
            center=(float(clustering.centers[i, 0]), float(clustering.centers[i, 1])),
        )
        for i, cluster_id in enumerate(clustering.ids)
    )
