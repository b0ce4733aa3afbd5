"""Intervals and tests on shares, vectorised over arrays of counts."""

from __future__ import annotations

import math
from statistics import NormalDist

import numpy as np

from .answers import FloatArray


def normal_quantile(confidence: float) -> float:
    """Two-sided critical value: 1.959964 for 95%."""
    return NormalDist().inv_cdf(0.5 + confidence / 2)


def wilson_interval(
    count: FloatArray, n: FloatArray, *, confidence: float = 0.95
) -> tuple[FloatArray, FloatArray]:
    """Wilson score interval for count / n; NaN where n is 0.

    Wilson rather than the textbook p +- z*se: it stays inside [0, 1] and keeps its
    coverage for the small sites and the shares near 0 or 1 that dialogues produce.
    """
    z = normal_quantile(confidence)
    count, n = np.asarray(count, np.float64), np.asarray(n, np.float64)
    with np.errstate(divide="ignore", invalid="ignore"):
        p = count / n
        denominator = 1 + z * z / n
        centre = (p + z * z / (2 * n)) / denominator
        half_width = z * np.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denominator
    # At count 0 (or n) the bound is exactly 0 (or 1); rounding would leave 2.8e-17.
    low = np.where(count == 0, 0.0, np.clip(centre - half_width, 0.0, 1.0))
    high = np.where(count == n, 1.0, np.clip(centre + half_width, 0.0, 1.0))
    low, high = np.where(n > 0, low, np.nan), np.where(n > 0, high, np.nan)
    return low, high


def two_proportion_z_test(
    count_a: FloatArray, n_a: FloatArray, count_b: FloatArray, n_b: FloatArray
) -> tuple[FloatArray, FloatArray]:
    """z statistic and two-sided p-value for p_a - p_b, with the pooled standard error.

    NaN where either side is empty or the pooled share is 0 or 1 (no variation to test).
    """
    count_a, n_a = np.asarray(count_a, np.float64), np.asarray(n_a, np.float64)
    count_b, n_b = np.asarray(count_b, np.float64), np.asarray(n_b, np.float64)
    with np.errstate(divide="ignore", invalid="ignore"):
        pooled = (count_a + count_b) / (n_a + n_b)
        standard_error = np.sqrt(pooled * (1 - pooled) * (1 / n_a + 1 / n_b))
        z = (count_a / n_a - count_b / n_b) / standard_error
    valid = (n_a > 0) & (n_b > 0) & (standard_error > 0)
    z = np.where(valid, z, np.nan)
    p_value = np.where(valid, 2 * _normal_upper_tail(np.abs(z)), np.nan)
    return z, p_value


def _normal_upper_tail(z: FloatArray) -> FloatArray:
    # math.erfc rather than scipy.special: importing scipy costs more than the whole tally.
    upper_tail = np.frompyfunc(lambda value: 0.5 * math.erfc(value / math.sqrt(2)), 1, 1)
    return np.asarray(upper_tail(z), np.float64)
