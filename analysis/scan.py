"""The pair scan: every pair of variables, the right test for its kinds, Benjamini-Hochberg
across the scan, ranked by effect size ("most remarkable first").

A variable is what a test compares: a single choice (its options), one option of a multiple
choice (chosen / not chosen among those who answered), a slider (0–100), or "this region /
the rest". "n.v.t." and unanswered are left out of every test; distributions show them.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
from django.utils.translation import gettext as _

from analysis import stats
from analysis.columns import Column
from analysis.matrix import CodedStories
from analysis.params import AnalysisParams
from analysis.questions import Choice
from signifiers.kinds import Coding

CHOICE = "choice"
SLIDER = "slider"
REGION_KEY = "__regio"
SLIDER_VALUES = 101
# Slider bins for charts and drill-down: 0–19, 20–39, 40–59, 60–79, 80–100.
BIN_EDGES = (0, 20, 40, 60, 80, 101)


@dataclass(frozen=True)
class Category:
    label: str
    # What the drill-down filter needs: "<question>:<token>" (see analysis.selectors).
    drill: str


@dataclass(frozen=True)
class Variable:
    id: str
    question: str  # question key; pairs within one question are not tested
    label: str
    kind: str  # CHOICE or SLIDER
    categories: tuple[Category, ...]
    codes: np.ndarray  # int32; -1 left out


def scan_variables(
    columns: list[Column], coded: CodedStories, params: AnalysisParams
) -> list[Variable]:
    variables: list[Variable] = []
    for column in columns:
        q = column.question
        codes = np.where(column.codes >= 0, column.codes, -1).astype(np.int32)
        if q.coding == Coding.CHOICE:
            cats = tuple(Category(c.label, f"{q.key}:{c.token}") for c in q.choices)
            variables.append(Variable(q.key, q.key, q.label, CHOICE, cats, codes))
        elif q.coding == Coding.CHOICES and column.chosen is not None:
            answered = column.codes >= 0
            for j, choice in enumerate(q.choices):
                # Code 0 = chosen, 1 = not chosen (among those who answered the question).
                ind = np.where(answered, np.where(column.chosen[:, j], 0, 1), -1).astype(np.int32)
                variables.append(
                    Variable(
                        f"{q.key}={choice.token}",
                        q.key,
                        f"{q.label}: {choice.label}",
                        CHOICE,
                        _indicator_categories(q.key, choice),
                        ind,
                    )
                )
        elif q.coding == Coding.SCALE:
            variables.append(Variable(q.key, q.key, q.label, SLIDER, (), codes))
    if params.region and params.region in coded.regions:
        inside = coded.region == coded.regions.index(params.region)
        cats = (
            Category(params.region, f"{REGION_KEY}:in"),
            Category(_("rest van het land"), f"{REGION_KEY}:rest"),
        )
        region_codes = np.where(inside, 0, 1).astype(np.int32)
        label = _("Regio %(region)s tegen de rest") % {"region": params.region}
        variables.insert(0, Variable(REGION_KEY, REGION_KEY, label, CHOICE, cats, region_codes))
    return variables


def _indicator_categories(key: str, choice: Choice) -> tuple[Category, ...]:
    return (
        Category(_("gekozen"), f"{key}:{choice.token}"),
        Category(_("niet gekozen"), f"{key}:!{choice.token}"),
    )


# --- Results ---------------------------------------------------------------------------------

OK = "ok"
SPARSE = "sparse"  # te weinig gegevens voor de toets
TOO_FEW = "few"  # fewer than two groups of the minimum size

CHI2 = "chi2"
KRUSKAL = "kw"
SPEARMAN = "spearman"


@dataclass(frozen=True)
class Flag:
    row: int  # index into PairResult.rows
    col: int
    observed: int
    expected: float
    residual: float

    @property
    def more(self) -> bool:
        return self.residual > 0

    @property
    def ratio(self) -> float:
        return self.observed / self.expected if self.expected else float("inf")


@dataclass
class PairResult:
    a: str  # variable ids; for slider × choice `a` is the choice, `b` the slider
    b: str
    test: str
    status: str
    n: int
    statistic: float = float("nan")
    p: float = float("nan")
    q: float = float("nan")
    effect: float = 0.0
    # Kept categories (indices into the variables' categories): rows of `a`, columns of `b`.
    rows: list[int] = field(default_factory=list)
    cols: list[int] = field(default_factory=list)
    table: np.ndarray | None = None  # chi2: counts; kw: groups × slider bins; rho: bins × bins
    expected: np.ndarray | None = None
    residuals: np.ndarray | None = None
    flags: list[Flag] = field(default_factory=list)
    means: np.ndarray | None = None  # kw: mean slider value per group
    differs: int | None = None  # kw: index into `rows` of the group that differs most
    differs_z: float = 0.0
    rest_mean: float = float("nan")
    rho: float = float("nan")

    @property
    def key(self) -> str:
        return f"{self.a}|{self.b}"

    def significant(self, alpha: float) -> bool:
        return self.status == OK and self.q <= alpha


@dataclass
class Scan:
    n: int
    results: list[PairResult]
    alpha: float

    @property
    def ranked(self) -> list[PairResult]:
        return [r for r in self.results if r.significant(self.alpha)]


Progress = Callable[[int, int], None]


def pair_scan(
    variables: list[Variable],
    params: AnalysisParams,
    *,
    progress: Progress | None = None,
) -> Scan:
    pairs = [
        (a, b)
        for i, a in enumerate(variables)
        for b in variables[i + 1 :]
        if a.question != b.question
    ]
    shifted = {v.id: _shift(v.codes) for v in variables}
    results: list[PairResult] = []
    base_of: tuple[str, np.ndarray] | None = None
    for done, (a, b) in enumerate(pairs):
        # Pairs come grouped by their first variable: scale its codes once per group.
        if base_of is None or base_of[0] != a.id:
            base_of = (a.id, shifted[a.id] * STRIDE)
        full = _crosstab_shifted(base_of[1], shifted[b.id], _width(a), _width(b))
        if a.kind == CHOICE and b.kind == CHOICE:
            results.append(_choice_choice(a, b, full, params))
        elif a.kind == SLIDER and b.kind == SLIDER:
            results.append(_slider_slider(a, b, full, params))
        elif a.kind == SLIDER:
            results.append(_slider_choice(b, a, full.T, params))
        else:
            results.append(_slider_choice(a, b, full, params))
        if progress is not None and done % 50 == 0:
            progress(done, len(pairs))
    tested = [r for r in results if r.status == OK]
    if tested:
        q_values = stats.benjamini_hochberg(np.array([r.p for r in tested]))
        for r, q in zip(tested, q_values, strict=True):
            r.q = float(q)
    results.sort(key=lambda r: _rank_key(r, params.alpha))
    n = int(variables[0].codes.size) if variables else 0
    if progress is not None:
        progress(len(pairs), len(pairs))
    return Scan(n=n, results=results, alpha=params.alpha)


def _rank_key(r: PairResult, alpha: float) -> tuple[int, float, float]:
    if r.significant(alpha):
        return (0, -r.effect, r.q)
    if r.status == OK:
        return (1, r.q, -r.effect)
    return (2, 0.0, 0.0)


def crosstab(a: np.ndarray, b: np.ndarray, ka: int, kb: int) -> np.ndarray:
    """Counts of stories per (a, b) among those with both answered (codes −1 left out)."""
    return _crosstab_shifted(_shift(a) * STRIDE, _shift(b), ka, kb)


# Codes are shifted by one so "left out" becomes 0 and a pair's table is one `np.bincount`
# over `a' * STRIDE + b'` with no masking; row and column 0 (left out) are then dropped.
# STRIDE fits the widest variable (a slider's 101 values), so `a' * STRIDE` is computed once
# per variable rather than once per pair.
STRIDE = SLIDER_VALUES + 1


def _shift(codes: np.ndarray) -> np.ndarray:
    return codes.astype(np.intp) + 1


def _crosstab_shifted(a_base: np.ndarray, b_shifted: np.ndarray, ka: int, kb: int) -> np.ndarray:
    counts = np.bincount(a_base + b_shifted, minlength=(ka + 1) * STRIDE)
    return counts.reshape(ka + 1, STRIDE)[1:, 1 : kb + 1]


def _width(v: Variable) -> int:
    return SLIDER_VALUES if v.kind == SLIDER else len(v.categories)


def _choice_choice(
    a: Variable, b: Variable, full: np.ndarray, params: AnalysisParams
) -> PairResult:
    rows = np.flatnonzero(full.sum(axis=1) >= params.min_group)
    cols = np.flatnonzero(full.sum(axis=0) >= params.min_group)
    table = full[np.ix_(rows, cols)]
    result = PairResult(a.id, b.id, CHI2, TOO_FEW, int(table.sum()), rows=rows.tolist())
    result.cols = cols.tolist()
    result.table = table
    if rows.size < 2 or cols.size < 2:
        return result
    chi = stats.chi_square(table)
    result.expected, result.residuals = chi.expected, chi.residuals
    if chi.sparse:
        result.status = SPARSE
        return result
    result.status = OK
    result.statistic, result.p, result.effect = chi.statistic, chi.p, chi.cramers_v
    flagged = (np.abs(chi.residuals) >= params.residual) & (chi.expected >= stats.MIN_EXPECTED)
    result.flags = sorted(
        (
            Flag(
                int(i),
                int(j),
                int(table[i, j]),
                float(chi.expected[i, j]),
                float(chi.residuals[i, j]),
            )
            for i, j in zip(*np.nonzero(flagged), strict=True)
        ),
        key=lambda f: -abs(f.residual),
    )
    return result


def binned(table: np.ndarray, axis: int) -> np.ndarray:
    """Sum a slider axis of 101 values into the five chart bins."""
    return np.add.reduceat(table, BIN_EDGES[:-1], axis=axis)


def _slider_choice(
    group: Variable, slider: Variable, full: np.ndarray, params: AnalysisParams
) -> PairResult:
    rows = np.flatnonzero(full.sum(axis=1) >= params.min_group)
    table = full[rows]
    result = PairResult(group.id, slider.id, KRUSKAL, TOO_FEW, int(table.sum()), rows=rows.tolist())
    result.table = binned(table, axis=1)
    if rows.size < 2:
        return result
    kw = stats.kruskal_wallis(table, np.arange(SLIDER_VALUES, dtype=float))
    if not np.isfinite(kw.statistic):
        return result
    result.status = OK
    result.statistic, result.p = kw.statistic, kw.p
    result.means = kw.means
    # A correlation-like scale, so the ranking can mix tests: |r| for two groups, else √ε².
    if kw.rank_biserial is not None:
        result.effect = abs(kw.rank_biserial)
    else:
        result.effect = float(np.sqrt(kw.epsilon_squared))
    differs = int(np.argmax(np.abs(kw.z_vs_rest)))
    result.differs, result.differs_z = differs, float(kw.z_vs_rest[differs])
    others = np.delete(np.arange(rows.size), differs)
    rest = table[others].sum(axis=0)
    result.rest_mean = float(rest @ np.arange(SLIDER_VALUES) / rest.sum())
    return result


def _slider_slider(
    a: Variable, b: Variable, full: np.ndarray, params: AnalysisParams
) -> PairResult:
    n = int(full.sum())
    result = PairResult(a.id, b.id, SPEARMAN, TOO_FEW, n)
    result.table = binned(binned(full, axis=0), axis=1)
    if n < max(params.min_group, 3):
        return result
    rho = stats.spearman(full)
    if not np.isfinite(rho.rho):
        return result
    result.status = OK
    result.rho, result.p, result.statistic = rho.rho, rho.p, rho.rho
    result.effect = abs(rho.rho)
    return result
