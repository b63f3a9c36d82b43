"""The pair-scan statistics agree with scipy/statsmodels on fixed data."""

import numpy as np
import pytest
from scipy import stats as sps
from statsmodels.stats.multitest import multipletests

from analysis import stats

# A 3 × 4 table with one strong cell (row 0, column 2).
TABLE = np.array(
    [
        [30, 25, 80, 15],
        [40, 35, 20, 30],
        [35, 40, 25, 45],
    ]
)


def test_chi_square_matches_scipy_without_continuity_correction():
    ours = stats.chi_square(TABLE)
    ref = sps.chi2_contingency(TABLE, correction=False)
    assert ours.statistic == pytest.approx(ref.statistic, rel=1e-12)
    assert ours.p == pytest.approx(ref.pvalue, rel=1e-9)
    assert ours.dof == ref.dof
    np.testing.assert_allclose(ours.expected, ref.expected_freq, rtol=1e-12)
    assert not ours.sparse


def test_chi_square_on_2x2_matches_scipy_without_yates():
    table = np.array([[60, 40], [30, 70]])
    ours = stats.chi_square(table)
    ref = sps.chi2_contingency(table, correction=False)
    assert ours.statistic == pytest.approx(ref.statistic)
    assert ours.p == pytest.approx(ref.pvalue)


def test_cramers_v_matches_scipy_association():
    ours = stats.chi_square(TABLE)
    ref = sps.contingency.association(TABLE, method="cramer", correction=False)
    assert ours.cramers_v == pytest.approx(ref, rel=1e-12)


def test_adjusted_residuals_match_hand_computation():
    # Cell (0, 2): n = 420, row total 150, column total 125 → expected 44.64.
    # Adjusted residual = (80 − 44.64) / sqrt(44.64 · (1 − 150/420) · (1 − 125/420)).
    ours = stats.chi_square(TABLE)
    n, row, col = 420, 150, 125
    expected = row * col / n
    by_hand = (80 - expected) / np.sqrt(expected * (1 - row / n) * (1 - col / n))
    assert ours.expected[0, 2] == pytest.approx(44.642857)
    assert ours.residuals[0, 2] == pytest.approx(by_hand)
    assert ours.residuals[0, 2] == pytest.approx(7.8751, abs=1e-3)


def test_adjusted_residuals_of_a_2x2_table_are_the_signed_root_of_chi_square():
    table = np.array([[60, 40], [30, 70]])
    ours = stats.chi_square(table)
    assert abs(ours.residuals[0, 0]) == pytest.approx(np.sqrt(ours.statistic))
    assert ours.residuals[0, 0] > 0 > ours.residuals[0, 1]


def test_table_with_an_expected_cell_of_zero_is_sparse():
    assert stats.chi_square(np.array([[10, 0], [20, 0]])).sparse


def test_table_with_more_than_a_fifth_of_expected_cells_below_five_is_sparse():
    # 2 × 3 with a small column: two of six expected cells (33%) below 5.
    table = np.array([[50, 40, 3], [45, 50, 4]])
    assert stats.chi_square(table).sparse
    assert not stats.chi_square(np.array([[50, 40, 30], [45, 50, 40]])).sparse


def _values_to_table(groups: list[np.ndarray]) -> np.ndarray:
    return np.array([np.bincount(g, minlength=101) for g in groups])


def test_kruskal_wallis_from_a_count_table_matches_scipy_on_raw_values():
    rng = np.random.default_rng(6)
    groups = [
        rng.integers(0, 101, 40),
        np.clip(rng.normal(80, 10, 55).round(), 0, 100).astype(int),
        rng.integers(20, 80, 33),
    ]
    ours = stats.kruskal_wallis(_values_to_table(groups), np.arange(101.0))
    ref = sps.kruskal(*groups)
    assert ours.statistic == pytest.approx(ref.statistic, rel=1e-10)
    assert ours.p == pytest.approx(ref.pvalue, rel=1e-8)
    assert ours.epsilon_squared == pytest.approx(ref.statistic / (128 - 1))
    np.testing.assert_allclose(ours.means, [g.mean() for g in groups])
    # The group with the highest values stands out.
    assert int(np.argmax(np.abs(ours.z_vs_rest))) == 1
    assert ours.z_vs_rest[1] > 0


def test_the_group_against_the_rest_z_matches_mann_whitney_of_that_group_against_the_rest():
    rng = np.random.default_rng(9)
    groups = [rng.integers(0, 101, 50), rng.integers(10, 101, 40), rng.integers(0, 60, 45)]
    ours = stats.kruskal_wallis(_values_to_table(groups))
    for g, group in enumerate(groups):
        rest = np.concatenate([x for i, x in enumerate(groups) if i != g])
        ref = sps.mannwhitneyu(group, rest, use_continuity=False, method="asymptotic")
        assert 2 * sps.norm.sf(abs(ours.z_vs_rest[g])) == pytest.approx(ref.pvalue, rel=1e-9)


def test_kruskal_wallis_with_heavy_ties_applies_the_tie_correction():
    groups = [np.array([0, 0, 50, 50, 100] * 5), np.array([0, 50, 50, 100, 100] * 5)]
    ours = stats.kruskal_wallis(_values_to_table(groups))
    ref = sps.kruskal(*groups)
    assert ours.statistic == pytest.approx(ref.statistic)
    assert ours.p == pytest.approx(ref.pvalue)


def test_rank_biserial_for_two_groups_matches_mann_whitney_u():
    rng = np.random.default_rng(7)
    first, second = rng.integers(30, 101, 45), rng.integers(0, 80, 60)
    ours = stats.kruskal_wallis(_values_to_table([first, second]))
    u = sps.mannwhitneyu(first, second).statistic
    assert ours.rank_biserial is not None
    assert ours.rank_biserial == pytest.approx(2 * u / (45 * 60) - 1)
    assert ours.rank_biserial > 0


def test_spearman_from_a_joint_count_table_matches_scipy():
    rng = np.random.default_rng(8)
    x = rng.integers(0, 101, 300)
    y = np.clip(x + rng.normal(0, 30, 300), 0, 100).round().astype(int)
    table = np.zeros((101, 101))
    np.add.at(table, (x, y), 1)
    ours = stats.spearman(table)
    ref = sps.spearmanr(x, y)
    assert ours.rho == pytest.approx(ref.statistic, rel=1e-10)
    assert ours.p == pytest.approx(ref.pvalue, rel=1e-6)
    assert ours.n == 300


def test_spearman_of_a_constant_is_not_a_number():
    table = np.zeros((101, 101))
    table[50, :] = 1
    assert np.isnan(stats.spearman(table).rho)


def test_benjamini_hochberg_matches_scipy_and_statsmodels():
    p = np.array([0.001, 0.008, 0.039, 0.041, 0.042, 0.06, 0.074, 0.205, 0.212, 0.216, 0.9])
    ours = stats.benjamini_hochberg(p)
    np.testing.assert_allclose(ours, sps.false_discovery_control(p, method="bh"))
    np.testing.assert_allclose(ours, multipletests(p, method="fdr_bh")[1])


def test_benjamini_hochberg_keeps_the_input_order():
    p = np.array([0.04, 0.001, 0.5, 0.01])
    np.testing.assert_allclose(stats.benjamini_hochberg(p), sps.false_discovery_control(p))
