"""References for the vector-valued family, written from the mathematics with mpmath at 60 digits.

The 1-D views (``REFERENCES``):

* softmax: component 0 of softmax([x, *others]) = eˣ/(eˣ + Σ e^o). f′ = s₀·r and f″ = s₀·r·(r − s₀),
  with r = Σ e^o/(eˣ + Σ e^o) = Σ_{j≥1} s_j formed directly (never 1 − s₀).
* softmin: the same with x and the others negated. f′ = −s₀·r and f″ = s₀·r·(r − s₀).
* log_softmax: x − log(eˣ + Σ e^o) written as −log1p(Σ e^(o − x)), so there is no cancellation at 60
  digits. f′ = r and f″ = −s₀·r.
* sparsemax: the textbook algorithm on z = [x, *others] (sort, support size k, τ = (S_k − 1)/k).
  p₀ = max(x − τ, 0), p₀′ = 1 − 1/k on the support and 0 off it (nan at a support change, where
  f′ does not exist), p₀″ = 0. Exact rational arithmetic, since the support test decides the slope.
* glu (gate swept, value a fixed): a·σ(x), a·σ(x)σ(−x), a·σ(x)σ(−x)(σ(−x) − σ(x)).
* maxout: max_i(w_i·x + b_i). f′ = the slope of the leading piece, nan at a kink (two leading pieces
  with different slopes). f″ = 0.

The vector forms (``softmax_row``, ``log_softmax_row``, ``sparsemax_row``, ``glu_row`` and their
Jacobians) are used by tests/test_vector_forms.py on single rows of mpf values.
"""

from fractions import Fraction

from mpmath import mp

from tests.references import Reference

# --- 1-D views ----------------------------------------------------------------------------------


def _softmax_parts(x, others):
    ex = mp.exp(x)
    rest = mp.fsum(mp.exp(mp.mpf(o)) for o in others)
    total = ex + rest
    return ex / total, rest / total


def _softmax(x, others):
    return _softmax_parts(x, others)[0]


def _softmax_d1(x, others):
    s0, r = _softmax_parts(x, others)
    return s0 * r


def _softmax_d2(x, others):
    # r − s₀ = (Σ e^o − eˣ)/total = s₀·expm1(L − x), L = log Σ e^o: no cancellation near the root x = L
    s0, r = _softmax_parts(x, others)
    lse = mp.log(mp.fsum(mp.exp(mp.mpf(o)) for o in others))
    return s0 * r * s0 * mp.expm1(lse - x)


def _softmin(x, others):
    return _softmax_parts(-x, [-o for o in others])[0]


def _softmin_d1(x, others):
    s0, r = _softmax_parts(-x, [-o for o in others])
    return -s0 * r


def _softmin_d2(x, others):
    return _softmax_d2(-x, [-o for o in others])


def _log_softmax(x, others):
    return -mp.log1p(mp.fsum(mp.exp(mp.mpf(o) - x) for o in others))


def _log_softmax_d1(x, others):
    return _softmax_parts(x, others)[1]


def _log_softmax_d2(x, others):
    s0, r = _softmax_parts(x, others)
    return -s0 * r


def _exact(v):
    """An mpf (finite, e.g. a float or ±1e400) as an exact Fraction."""
    return Fraction(*mp.mpf(v).as_integer_ratio())


def _sparsemax_support(z):
    """(τ, k) of sparsemax(z) in exact rational arithmetic: k = max{k : 1 + k·z₍ₖ₎ > Σ_{j≤k} z₍ⱼ₎}.

    Exact, because the support test decides a slope: at 60 digits a 1e−300 difference would be lost.
    """
    zs = sorted((_exact(v) for v in z), reverse=True)
    total = Fraction(0)
    k_best, s_best = 0, Fraction(0)
    for k, v in enumerate(zs, start=1):
        total += v
        if 1 + k * v > total:
            k_best, s_best = k, total
    return (s_best - 1) / k_best, k_best


def _to_mp(q):
    return mp.mpf(q.numerator) / q.denominator


def _sparsemax(x, others):
    tau, _ = _sparsemax_support([x, *others])
    return _to_mp(max(_exact(x) - tau, Fraction(0)))


def _sparsemax_d1(x, others):
    # at a support change (an entry exactly at τ) the derivative does not exist: nan, and the
    # convention there is checked by test_kink_conventions from the one-sided limits
    z = [_exact(v) for v in (x, *others)]
    tau, k = _sparsemax_support([x, *others])
    if tau in z:
        return mp.nan
    return _to_mp(1 - Fraction(1, k)) if z[0] > tau else mp.mpf(0)


def _zero(x, **params):
    return mp.mpf(0)


def _sig(x):
    return 1 / (1 + mp.exp(-x))


def _glu(x, a):
    return mp.mpf(a) * _sig(x)


def _glu_d1(x, a):
    return mp.mpf(a) * _sig(x) * _sig(-x)


def _glu_d2(x, a):
    # σ(−x) − σ(x) = −tanh(x/2), without the cancellation near 0
    return -mp.mpf(a) * _sig(x) * _sig(-x) * mp.tanh(x / 2)


def _maxout_lead(x, slopes, intercepts):
    values = [mp.mpf(w) * x + mp.mpf(b) for w, b in zip(slopes, intercepts, strict=True)]
    top = max(values)
    lead = {mp.mpf(w) for w, v in zip(slopes, values, strict=True) if v == top}
    # two leading pieces with different slopes: a kink, where f′ does not exist (nan; the convention
    # is checked from the one-sided limits by test_kink_conventions)
    return top, (lead.pop() if len(lead) == 1 else mp.nan)


def _maxout(x, slopes, intercepts):
    return _maxout_lead(x, slopes, intercepts)[0]


def _maxout_d1(x, slopes, intercepts):
    return _maxout_lead(x, slopes, intercepts)[1]


REFERENCES = {
    # The softmax-family views are σ(t) and log σ(t) in t = x − L, so they get the sigmoid/log_sigmoid
    # value target of 2 ULP. The default others = (0,) is exactly that kernel. Other shifts add a rounding
    # of x − L, corrected to first order. The derivatives are σ′ (sigmoid′ target 4; log_softmax′ = σ(−t)
    # with the correction measures 2.04, so 4) and σ″ (8). Measured max, float64: softmax
    # 1.99 / 3.57 / 4.97, softmin 1.99 / 3.41 / 4.84, log_softmax 1.20 / 2.04 / 3.57.
    "softmax": Reference(_softmax, _softmax_d1, _softmax_d2, ulps=(2, 4, 8)),
    "softmin": Reference(_softmin, _softmin_d1, _softmin_d2, ulps=(2, 4, 8)),
    "log_softmax": Reference(_log_softmax, _log_softmax_d1, _log_softmax_d2, ulps=(2, 4, 8)),
    # Piecewise linear: ≤ 1 ULP values (measured 0.46). The slopes m/(m + 1) are correctly rounded
    # constants (≤ 0.5), and f″ is exactly 0.
    "sparsemax": Reference(_sparsemax, _sparsemax_d1, _zero, ulps=(1, 0.5, 0)),
    # a·σ(x), with a·e^(−|x|) formed as (a·h)·h: measured 3.41 / 4.44 / 5.84
    "glu": Reference(_glu, _glu_d1, _glu_d2, ulps=(4, 8, 8)),
    # Pieces are exact products and sums rounded once: ≤ 1 ULP (1.0 only for subnormal results).
    # Slopes are the parameters themselves.
    "maxout": Reference(_maxout, _maxout_d1, _zero, ulps=(1, 0, 0)),
}


# --- vector forms (single rows of mpf; −inf entries allowed, nan not) ----------------------------


def softmax_row(row):
    """softmax of one row: e^{x_i − m}/Σ_j e^{x_j − m}; nan for a row of all −inf."""
    m = max(row)
    if m == mp.ninf:
        return [mp.nan] * len(row)
    e = [mp.exp(v - m) for v in row]
    total = mp.fsum(e)
    return [v / total for v in e]


def softmax_row_jacobian(row):
    """J_ij = s_i(δ_ij − s_j); the diagonal is s_i·Σ_{j≠i} s_j (no cancellation)."""
    s = softmax_row(row)
    n = len(row)
    return [
        [s[i] * mp.fsum(s[k] for k in range(n) if k != i) if i == j else -s[i] * s[j] for j in range(n)]
        for i in range(n)
    ]


def log_softmax_row(row):
    """x_i − m − log Σ_j e^{x_j − m} (−inf for masked entries).

    The log is log1p of the sum over all but one maximal entry k: at 60 digits, log(1 + 1e−87) would
    be 0.
    """
    m = max(row)
    if m == mp.ninf:
        return [mp.nan] * len(row)
    k = row.index(m)
    lse = mp.log1p(mp.fsum(mp.exp(v - m) for j, v in enumerate(row) if j != k))
    return [v - m - lse for v in row]


def log_softmax_row_jacobian(row):
    """J_ij = δ_ij − s_j; the diagonal is Σ_{j≠i} s_j."""
    s = softmax_row(row)
    n = len(row)
    return [[mp.fsum(s[k] for k in range(n) if k != i) if i == j else -s[j] for j in range(n)] for i in range(n)]


def sparsemax_row(row):
    """The projection onto the simplex: max(z_i − τ, 0), exact, with −inf entries at 0."""
    finite = [v for v in row if v != mp.ninf]
    if not finite:
        return [mp.nan] * len(row)
    tau, _ = _sparsemax_support(finite)
    return [mp.mpf(0) if v == mp.ninf else _to_mp(max(_exact(v) - tau, Fraction(0))) for v in row]


def sparsemax_row_jacobian(row):
    """J_ij = δ_ij − 1/|S| for i, j in the support S = {i : z_i > τ}, else 0."""
    finite = [v for v in row if v != mp.ninf]
    tau, k = _sparsemax_support(finite)
    inside = [v != mp.ninf and _exact(v) > tau for v in row]
    n = len(row)
    return [
        [_to_mp((1 if i == j else 0) - Fraction(1, k)) if inside[i] and inside[j] else mp.mpf(0) for j in range(n)]
        for i in range(n)
    ]


def glu_row(row):
    """a ⊗ σ(b) with (a, b) the two halves of the row."""
    h = len(row) // 2
    return [row[i] * _sig(row[h + i]) for i in range(h)]


def glu_row_jacobian(row):
    """(n/2) × n: ∂/∂a_i = σ(b_i), ∂/∂b_i = a_i σ(b_i) σ(−b_i)."""
    h = len(row) // 2
    jac = [[mp.mpf(0)] * (2 * h) for _ in range(h)]
    for i in range(h):
        a, b = row[i], row[h + i]
        jac[i][i] = _sig(b)
        jac[i][h + i] = a * _sig(b) * _sig(-b)
    return jac
