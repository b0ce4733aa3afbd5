"""Polis's PCA: mean imputation, two components, sparsity-aware projection.

Missing votes are filled with the statement's mean, so after centring they are exactly
zero: the centred matrix keeps the sparsity of the votes and every product stays sparse.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import scipy.linalg
import scipy.sparse as sp
import scipy.sparse.linalg as spla

from polyvox.engines.opinion.matrix import VoteMatrix
from polyvox.engines.opinion.model import FloatArray

N_COMPONENTS = 2
# Up to this many statements a dense eigendecomposition is faster than Lanczos (measured:
# 50 statements 1.2 ms vs 2 ms; 197 and 314 statements 40-45 ms vs 3-16 ms).
DENSE_LIMIT = 100


@dataclass(frozen=True)
class Pca:
    center: FloatArray
    components: FloatArray  # shape (2, n_statements); a missing component is all zeros


def centred_matrix(
    matrix: VoteMatrix, moderated_out: npt.NDArray[np.bool_]
) -> tuple[sp.csr_matrix, FloatArray]:
    """Votes minus their statement means; moderated-out columns are zero, as Polis zeroes them."""
    kept = ~moderated_out[matrix.cols]
    rows, cols = matrix.rows[kept], matrix.cols[kept]
    values = matrix.values[kept].astype(np.float64)
    n_statements = matrix.shape[1]
    sums = np.bincount(cols, weights=values, minlength=n_statements)
    counts = np.bincount(cols, minlength=n_statements)
    center = np.divide(sums, counts, out=np.zeros(n_statements), where=counts > 0)
    centred = sp.csr_matrix((values - center[cols], (rows, cols)), shape=matrix.shape)
    return centred, center


def _top_eigenvectors(
    centred: sp.csr_matrix, start: FloatArray | None, seed: int
) -> tuple[FloatArray, FloatArray]:
    n_statements = centred.shape[1]
    # Lanczos needs some variance to start from (ARPACK refuses an all-zero Krylov space).
    small = n_statements <= DENSE_LIMIT or n_statements <= N_COMPONENTS + 1
    if small or centred.shape[0] <= N_COMPONENTS or not centred.count_nonzero():
        return _dense_top_eigenvectors(centred)
    operator = spla.LinearOperator(
        (n_statements, n_statements),
        matvec=lambda v: centred.T @ (centred @ v),
        dtype=np.float64,
    )
    # Lanczos is power iteration with memory: the same fixed point, far fewer products.
    # Warm-starting from the previous first component keeps updates cheap.
    v0 = start if start is not None else np.random.default_rng(seed).random(n_statements)
    try:
        eigenvalues, eigenvectors = spla.eigsh(
            operator, k=N_COMPONENTS, which="LA", v0=v0, tol=1e-10
        )
    except spla.ArpackError:
        # A degenerate start or no convergence: the dense solver always answers.
        return _dense_top_eigenvectors(centred)
    order = np.argsort(eigenvalues)[::-1]
    return eigenvalues[order], eigenvectors[:, order].T


def _dense_top_eigenvectors(centred: sp.csr_matrix) -> tuple[FloatArray, FloatArray]:
    n_statements = centred.shape[1]
    gram = (centred.T @ centred).toarray()
    top = (max(n_statements - N_COMPONENTS, 0), n_statements - 1)
    # Only the top pair is needed; the relatively robust driver finds it directly.
    eigenvalues, eigenvectors = scipy.linalg.eigh(gram, subset_by_index=top, driver="evr")
    return eigenvalues[::-1], eigenvectors[:, ::-1].T


def _pad(eigenvalues: FloatArray, components: FloatArray) -> tuple[FloatArray, FloatArray]:
    """With a single statement there is one component; the second is all zeros."""
    missing = N_COMPONENTS - len(eigenvalues)
    if missing <= 0:
        return eigenvalues, components
    zeros = np.zeros((missing, components.shape[1]))
    return np.concatenate([eigenvalues, np.zeros(missing)]), np.vstack([components, zeros])


def _orient(components: FloatArray, previous: FloatArray | None) -> FloatArray:
    """Fix each component's arbitrary sign so the map does not flip between updates."""
    oriented = components.copy()
    for index, component in enumerate(oriented):
        if previous is not None and abs(float(component @ previous[index])) > 1e-12:
            flip = component @ previous[index] < 0
        else:
            flip = component[np.argmax(np.abs(component))] < 0
        if flip:
            oriented[index] = -component
    return oriented


def fit_pca(
    matrix: VoteMatrix,
    moderated_out: npt.NDArray[np.bool_],
    previous_components: FloatArray | None,
    seed: int,
) -> tuple[Pca, sp.csr_matrix]:
    centred, center = centred_matrix(matrix, moderated_out)
    start = None if previous_components is None else previous_components.sum(axis=0)
    if start is not None and not np.any(start):
        start = None
    eigenvalues, components = _pad(*_top_eigenvectors(centred, start, seed))
    # A component without variance (tiny conversations) is reported as zeros, not noise.
    components[eigenvalues <= 1e-12] = 0.0
    return Pca(center=center, components=_orient(components, previous_components)), centred


def project_participants(
    matrix: VoteMatrix, centred: sp.csr_matrix, pca: Pca, moderated_out: npt.NDArray[np.bool_]
) -> FloatArray:
    """Project on the components, then push sparse voters out by sqrt(n statements / n votes).

    Polis zero-fills moderated-out columns for everyone, so they count as votes here.
    """
    n_statements = matrix.shape[1]
    projection = np.asarray(centred @ pca.components.T)
    own_votes = np.bincount(
        matrix.rows[~moderated_out[matrix.cols]], minlength=matrix.shape[0]
    ).astype(np.float64)
    n_votes = own_votes + float(moderated_out.sum())
    scale = np.sqrt(n_statements / np.maximum(n_votes, 1.0))
    return projection * scale[:, None]


def statement_extremity(pca: Pca) -> FloatArray:
    """Distance from the centre of a lone agree vote on each statement (Polis's comment projection)."""
    n_statements = len(pca.center)
    offset = 1.0 - pca.center
    lengths = np.linalg.norm(pca.components, axis=0)
    extremity: FloatArray = np.abs(offset) * lengths * np.sqrt(n_statements)
    return extremity
