"""The statistics of the pair scan, on count tables (numpy/scipy, no database).

Everything works on tables of counts rather than on per-story values: a slider is an integer
0–100, so a (group × slider value) table holds all that Kruskal-Wallis needs (ranks with ties
are mid-ranks per value) and a (value × value) table all that Spearman's rho needs. That keeps
one pass of `np.bincount` per pair the only per-story work, and the results equal those of
`scipy.stats.kruskal` / `spearmanr` on the raw values (tests/analysis/test_stats.py).
"""

from dataclasses import dataclass

import numpy as np
from scipy import special

# A table is too sparse for the chi-square approximation when more than this share of its
# expected counts is below 5 (Cochran's rule), or when any expected count is 0.
SPARSE_SHARE = 0.2
MIN_EXPECTED = 5.0


@dataclass(frozen=True)
class ChiSquare:
    n: int
    statistic: float
    dof: int
    p: float
    cramers_v: float
    expected: np.ndarray
    # Adjusted standardised residuals (Haberman): ~N(0, 1) per cell under independence.
    residuals: np.ndarray
    sparse: bool


def chi2_sf(statistic: float, dof: int) -> float:
    """P(X² ≥ statistic): scipy.stats.chi2.sf without its per-call overhead (the scan calls
    this about a thousand times; `special.chdtrc` is the function chi2.sf evaluates)."""
    return float(special.chdtrc(dof, statistic))


def is_sparse(expected: np.ndarray) -> bool:
    if expected.size == 0 or (expected == 0).any():
        return True
    return bool((expected < MIN_EXPECTED).mean() > SPARSE_SHARE)


def chi_square(table: np.ndarray) -> ChiSquare:
    """Pearson's chi-square test of independence without continuity correction, so that the
    statistic, Cramér's V and the residuals tell the same story for 2×2 tables too."""
    observed = np.asarray(table, dtype=float)
    n = observed.sum()
    rows = observed.sum(axis=1)
    cols = observed.sum(axis=0)
    expected = np.outer(rows, cols) / n if n else np.zeros_like(observed)
    r, c = observed.shape
    dof = (r - 1) * (c - 1)
    sparse = is_sparse(expected) or dof < 1
    with np.errstate(divide="ignore", invalid="ignore"):
        statistic = float(np.where(expected > 0, (observed - expected) ** 2 / expected, 0).sum())
        variance = expected * np.outer(1 - rows / n, 1 - cols / n)
        residuals = np.where(variance > 0, (observed - expected) / np.sqrt(variance), 0.0)
    p = chi2_sf(statistic, dof) if dof >= 1 else float("nan")
    k = min(r, c) - 1
    cramers_v = float(np.sqrt(statistic / (n * k))) if n and k else float("nan")
    return ChiSquare(
        n=int(n),
        statistic=statistic,
        dof=dof,
        p=p,
        cramers_v=cramers_v,
        expected=expected,
        residuals=residuals,
        sparse=sparse,
    )


def midranks(counts: np.ndarray) -> np.ndarray:
    """Mid-ranks (1-based) of each value given how many observations have it."""
    ends = np.cumsum(counts)
    return ends - (counts - 1) / 2.0


def tie_correction(counts: np.ndarray) -> float:
    n = counts.sum()
    if n < 2:
        return 1.0
    return float(1.0 - (counts**3 - counts).sum() / (n**3 - n))


@dataclass(frozen=True)
class KruskalWallis:
    n: int
    statistic: float
    dof: int
    p: float
    # Epsilon² (H / (n − 1)); for two groups `rank_biserial` is the usual effect size.
    epsilon_squared: float
    rank_biserial: float | None
    group_sizes: np.ndarray
    mean_ranks: np.ndarray
    means: np.ndarray
    # Per group: its mean rank against the rest as a z-score; the largest |z| "differs".
    z_vs_rest: np.ndarray


def kruskal_wallis(table: np.ndarray, values: np.ndarray | None = None) -> KruskalWallis:
    """Kruskal-Wallis H across the rows of a (group × value) count table. Columns are the
    distinct values in increasing order (`values`, default 0, 1, 2, …)."""
    counts = np.asarray(table, dtype=float)
    if values is None:
        values = np.arange(counts.shape[1], dtype=float)
    per_value = counts.sum(axis=0)
    sizes = counts.sum(axis=1)
    n = per_value.sum()
    ranks = midranks(per_value)
    rank_sums = counts @ ranks
    with np.errstate(divide="ignore", invalid="ignore"):
        mean_ranks = rank_sums / sizes
        means = (counts @ values) / sizes
    k = counts.shape[0]
    correction = tie_correction(per_value)
    if n < 2 or k < 2 or correction == 0:
        nan = float("nan")
        return KruskalWallis(
            int(n), nan, k - 1, nan, nan, None, sizes, mean_ranks, means, np.zeros(k)
        )
    h = 12.0 / (n * (n + 1)) * float((rank_sums**2 / sizes).sum()) - 3.0 * (n + 1)
    h /= correction
    p = chi2_sf(h, k - 1)
    # Variance of a group's mean rank under H0, drawn without replacement from all n ranks.
    with np.errstate(divide="ignore", invalid="ignore"):
        var = (n + 1) * (n - sizes) / (12.0 * sizes) * correction
        z = np.where(var > 0, (mean_ranks - (n + 1) / 2.0) / np.sqrt(var), 0.0)
    biserial = None
    if k == 2:
        # Glass's rank-biserial correlation: positive when the first group ranks higher.
        biserial = float(2.0 * (mean_ranks[0] - mean_ranks[1]) / n)
    return KruskalWallis(
        n=int(n),
        statistic=h,
        dof=k - 1,
        p=p,
        epsilon_squared=h / (n - 1),
        rank_biserial=biserial,
        group_sizes=sizes,
        mean_ranks=mean_ranks,
        means=means,
        z_vs_rest=z,
    )


@dataclass(frozen=True)
class Spearman:
    n: int
    rho: float
    p: float


def spearman(table: np.ndarray) -> Spearman:
    """Spearman's rho from a (value × value) count table, with scipy's t-based p-value."""
    counts = np.asarray(table, dtype=float)
    n = counts.sum()
    rx = midranks(counts.sum(axis=1))
    ry = midranks(counts.sum(axis=0))
    if n < 3:
        return Spearman(int(n), float("nan"), float("nan"))
    mx = (counts.sum(axis=1) @ rx) / n
    my = (counts.sum(axis=0) @ ry) / n
    dx, dy = rx - mx, ry - my
    cov = dx @ counts @ dy
    var_x = counts.sum(axis=1) @ dx**2
    var_y = counts.sum(axis=0) @ dy**2
    if var_x == 0 or var_y == 0:
        return Spearman(int(n), float("nan"), float("nan"))
    rho = float(np.clip(cov / np.sqrt(var_x * var_y), -1.0, 1.0))
    dof = n - 2
    if abs(rho) >= 1.0:
        return Spearman(int(n), rho, 0.0)
    t = rho * np.sqrt(dof / ((1.0 - rho) * (1.0 + rho)))
    # Two-sided p of Student's t: 2·P(T > |t|) = 2·stdtr(dof, −|t|).
    return Spearman(int(n), rho, float(2 * special.stdtr(dof, -abs(t))))


def benjamini_hochberg(p_values: np.ndarray) -> np.ndarray:
    """Benjamini-Hochberg adjusted p-values (q-values), same order as the input."""
    p = np.asarray(p_values, dtype=float)
    m = p.size
    if m == 0:
        return p
    order = np.argsort(p)
    scaled = p[order] * m / np.arange(1, m + 1)
    # Monotone from the largest p down, as in the step-up procedure.
    adjusted = np.minimum.accumulate(scaled[::-1])[::-1]
    result = np.empty(m)
    result[order] = np.minimum(adjusted, 1.0)
    return result
