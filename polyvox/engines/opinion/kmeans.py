"""Polis's k-means: deterministic initialisation, warm starts from the last clustering.

Points are 2-D. A clustering is a set of cluster ids, centres, and each point's label
(an index into those arrays).

The k-means is hand-written because scikit-learn's KMeans cannot express Polis's: its
start from the first k distinct points
(in vote order), cluster ids that survive from one update to the next while empty
clusters vanish (scikit-learn relabels 0..k-1 and refills empty clusters), Polis's
convergence test on sorted centres and its "last step's assignment" labels, the warm start
that carries last update's members over (clean-start, uniqify, split the most distal
point), and the sticky assignment with hysteresis.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.spatial import cKDTree

from polyvox.engines.opinion.model import FloatArray, IntArray

# Polis stops when every (sorted) centre moved less than this.
SAME_CLUSTERING_TOLERANCE = 0.01
# Below this many point-centre pairs a dense distance table beats building a k-d tree.
BRUTE_FORCE_LIMIT = 50_000


@dataclass(frozen=True)
class Clustering:
    ids: IntArray
    centers: FloatArray
    labels: IntArray  # per point, an index into ids/centers


@dataclass(frozen=True)
class WarmStart:
    """The previous clustering: its ids and, per cluster, the indices of its member points."""

    ids: IntArray
    members: tuple[IntArray, ...]


def _nearest_two_brute_force(
    points: FloatArray, centers: FloatArray
) -> tuple[IntArray, FloatArray, FloatArray]:
    distances = np.sqrt(
        (points[:, None, 0] - centers[None, :, 0]) ** 2
        + (points[:, None, 1] - centers[None, :, 1]) ** 2
    )
    nearest = np.argmin(distances, axis=1)
    rows = np.arange(len(points))
    closest = distances[rows, nearest]
    distances[rows, nearest] = np.inf
    return nearest.astype(np.int64), closest, distances.min(axis=1)


def nearest_two(points: FloatArray, centers: FloatArray) -> tuple[IntArray, FloatArray, FloatArray]:
    """Each point's nearest centre, its distance, and the distance to the runner-up."""
    if len(centers) == 1:
        distance = np.linalg.norm(points - centers[0], axis=1)
        return np.zeros(len(points), dtype=np.int64), distance, np.full(len(points), np.inf)
    if len(points) * len(centers) <= BRUTE_FORCE_LIMIT:
        return _nearest_two_brute_force(points, centers)
    distances, index = cKDTree(centers).query(points, k=2)
    return np.asarray(index[:, 0], dtype=np.int64), distances[:, 0], distances[:, 1]


def weighted_centers(
    points: FloatArray, weights: FloatArray, labels: IntArray, n_clusters: int
) -> FloatArray:
    """Weighted mean of each cluster's points (NaN for an empty cluster)."""
    total = np.bincount(labels, weights=weights, minlength=n_clusters)
    sums = np.column_stack(
        [np.bincount(labels, weights=weights * points[:, d], minlength=n_clusters) for d in (0, 1)]
    )
    with np.errstate(invalid="ignore", divide="ignore"):
        means: FloatArray = sums / total[:, None]
    return means


def first_distinct_points(points: FloatArray, k: int) -> Clustering:
    """Polis's initial centres: the first k distinct points, ids 0..k-1."""
    _, first = np.unique(points, axis=0, return_index=True)
    chosen = np.sort(first)[:k]
    return Clustering(
        ids=np.arange(len(chosen), dtype=np.int64),
        centers=points[chosen].copy(),
        labels=np.zeros(len(points), dtype=np.int64),
    )


def _sorted_rows(centers: FloatArray) -> FloatArray:
    order = np.lexsort((centers[:, 1], centers[:, 0]))
    return centers[order]


def same_clustering(before: FloatArray, after: FloatArray) -> bool:
    # Like Polis, pair sorted centres and compare as many as both sides have.
    n = min(len(before), len(after))
    moved = np.linalg.norm(_sorted_rows(before)[:n] - _sorted_rows(after)[:n], axis=1)
    return bool(np.all(moved < SAME_CLUSTERING_TOLERANCE))


def kmeans_steps(
    points: FloatArray, weights: FloatArray, start: Clustering, max_iterations: int
) -> Clustering:
    """Lloyd steps as Polis runs them: empty clusters vanish, ids are kept.

    Polis returns the last step's assignment (made with the centres before the final
    update), so the labels here are the same. Hamerly's bounds skip the points whose
    nearest centre cannot have changed, which is most of them after a few steps; the
    assignment is still exactly the nearest centre.
    """
    ids, centers = start.ids, start.centers
    labels, upper, lower = nearest_two(points, centers)
    for _ in range(max_iterations + 1):
        unsure = np.flatnonzero(upper >= lower)
        if len(unsure):
            labels[unsure], upper[unsure], lower[unsure] = nearest_two(points[unsure], centers)
        new_centers = weighted_centers(points, weights, labels, len(centers))
        occupied = np.bincount(labels, minlength=len(centers)) > 0
        remap = np.cumsum(occupied) - 1
        converged = same_clustering(centers, new_centers[occupied])
        shift = np.linalg.norm(new_centers[occupied] - centers[occupied], axis=1)
        ids, centers, labels = ids[occupied], new_centers[occupied], remap[labels]
        if converged:
            break
        upper = upper + shift[labels]
        lower = lower - shift.max()
    return Clustering(ids=ids, centers=centers, labels=labels)


def _distinct_count(points: FloatArray) -> int:
    return len(np.unique(points, axis=0))


def _recenter(points: FloatArray, weights: FloatArray, members: list[IntArray]) -> FloatArray:
    return np.array([np.average(points[m], axis=0, weights=weights[m]) for m in members])


def _merge_identical(
    ids: list[int], members: list[IntArray], centers: FloatArray
) -> tuple[list[int], list[IntArray]]:
    """Polis's uniqify: clusters that landed on the same centre become one."""
    merged_ids: list[int] = []
    merged_members: list[IntArray] = []
    merged_centers: list[tuple[float, float]] = []
    for cluster_id, member, center in zip(ids, members, centers, strict=True):
        key = (float(center[0]), float(center[1]))
        if key in merged_centers:
            at = merged_centers.index(key)
            if len(member) >= len(merged_members[at]):
                merged_ids[at] = cluster_id
            merged_members[at] = np.concatenate([merged_members[at], member])
        else:
            merged_ids.append(cluster_id)
            merged_members.append(member)
            merged_centers.append(key)
    return merged_ids, merged_members


def _split_most_distal(
    points: FloatArray, ids: list[int], members: list[IntArray], centers: FloatArray
) -> bool:
    """Give the point farthest from every centre its own cluster; False if none is apart."""
    distances = np.linalg.norm(points[:, None, :] - centers[None, :, :], axis=2)
    nearest = distances.min(axis=1)
    # Polis's max-key keeps the last of equal maxima.
    outlier = len(nearest) - 1 - int(np.argmax(nearest[::-1]))
    if nearest[outlier] <= 0:
        return False
    for index, member in enumerate(members):
        members[index] = member[member != outlier]
    ids.append(max(ids) + 1)
    members.append(np.array([outlier], dtype=np.int64))
    return True


def clean_start(points: FloatArray, weights: FloatArray, warm: WarmStart, k: int) -> Clustering:
    """Polis's clean-start-clusters: carry the last clusters over to the new points."""
    present = [(int(i), m) for i, m in zip(warm.ids, warm.members, strict=True) if len(m)]
    if not present:
        everyone = np.arange(len(points), dtype=np.int64)
        present = [(int(max(warm.ids, default=-1)) + 1, everyone)]
    ids = [i for i, _ in present]
    members = [m for _, m in present]
    ids, members = _merge_identical(ids, members, _recenter(points, weights, members))
    possible = min(k, _distinct_count(points))
    while True:
        kept = [index for index, m in enumerate(members) if len(m)]
        ids, members = [ids[i] for i in kept], [members[i] for i in kept]
        centers = _recenter(points, weights, members)
        if len(ids) >= possible or not _split_most_distal(points, ids, members, centers):
            break
    return Clustering(
        ids=np.array(ids, dtype=np.int64),
        centers=centers,
        labels=np.zeros(len(points), dtype=np.int64),
    )


def polis_kmeans(
    points: FloatArray,
    weights: FloatArray,
    k: int,
    max_iterations: int,
    warm: WarmStart | None = None,
    stickiness: float = 1.0,
) -> Clustering:
    """Polis's k-means; with a warm start, optionally stickier than Polis (stickiness > 1)."""
    if warm is None or not len(warm.ids):
        return kmeans_steps(points, weights, first_distinct_points(points, k), max_iterations)
    start = clean_start(points, weights, warm, k)
    if stickiness > 1.0:
        anchors = _anchors(start, warm, len(points))
        return sticky_kmeans_steps(points, weights, start, anchors, stickiness, max_iterations)
    return kmeans_steps(points, weights, start, max_iterations)


def sticky_kmeans_steps(
    points: FloatArray,
    weights: FloatArray,
    start: Clustering,
    anchors: IntArray,
    stickiness: float,
    max_iterations: int,
) -> Clustering:
    """Lloyd steps with hysteresis: a point stays with its anchor (its last cluster, an index
    into start's clusters, -1 for none) unless the nearest centre is `stickiness` times
    nearer. Empty clusters vanish and convergence is judged as in Polis."""
    ids, centers = start.ids, start.centers
    labels = anchors
    for _ in range(max_iterations + 1):
        nearest, to_nearest, _ = nearest_two(points, centers)
        anchored = np.flatnonzero(anchors >= 0)
        to_anchor = np.linalg.norm(points[anchored] - centers[anchors[anchored]], axis=1)
        labels = nearest.copy()
        keep = to_anchor <= stickiness * to_nearest[anchored]
        labels[anchored[keep]] = anchors[anchored[keep]]
        new_centers = weighted_centers(points, weights, labels, len(centers))
        occupied = np.bincount(labels, minlength=len(centers)) > 0
        remap = np.where(occupied, np.cumsum(occupied) - 1, -1)
        converged = same_clustering(centers, new_centers[occupied])
        ids, centers, labels = ids[occupied], new_centers[occupied], remap[labels]
        anchors = np.where(anchors >= 0, remap[np.maximum(anchors, 0)], -1)
        if converged:
            break
    return Clustering(ids=ids, centers=centers, labels=labels)


def _anchors(start: Clustering, warm: WarmStart, n_points: int) -> IntArray:
    """Each point's last cluster as an index into start's clusters (-1 if new or gone)."""
    position = {int(cluster_id): index for index, cluster_id in enumerate(start.ids)}
    anchors = np.full(n_points, -1, dtype=np.int64)
    for cluster_id, members in zip(warm.ids.tolist(), warm.members, strict=True):
        if cluster_id in position:
            anchors[members] = position[cluster_id]
    return anchors


def inertia(points: FloatArray, weights: FloatArray, clustering: Clustering) -> float:
    offsets = points - clustering.centers[clustering.labels]
    return float(np.sum(weights * np.sum(offsets**2, axis=1)))


def silhouette(distances: FloatArray, labels: IntArray) -> float:
    """Mean silhouette over points (unweighted, as Polis); a point alone in its cluster scores 0.

    Hand-written on the (at most 100 x 100) distance table: scikit-learn's
    silhouette_score spends most of its time validating its input at this size.
    """
    n_points = len(labels)
    _, labels = np.unique(labels, return_inverse=True)
    n_clusters = int(labels.max()) + 1 if n_points else 0
    if n_clusters < 2:
        # k-means collapsed to one cluster: the worst score, so such a k is never preferred.
        return -1.0
    one_hot = np.zeros((n_points, n_clusters))
    one_hot[np.arange(n_points), labels] = 1.0
    sizes = one_hot.sum(axis=0)
    # Sum of distances from each point to each cluster's members (self-distance is 0).
    totals = distances @ one_hot
    own_size = sizes[labels] - 1.0
    rows = np.arange(n_points)
    with np.errstate(invalid="ignore", divide="ignore"):
        within = totals[rows, labels] / own_size
        means = totals / sizes
    means[rows, labels] = np.inf
    nearest_other = means.min(axis=1)
    larger = np.maximum(within, nearest_other)
    scores = np.where(
        (own_size > 0) & (larger > 0),
        (nearest_other - within) / np.where(larger > 0, larger, 1),
        0.0,
    )
    return float(scores.mean())
