"""Vector-valued activations: softmax, softmin, log_softmax, sparsemax, GLU, and maxout.

These functions are not element-wise, so a plain curve of f(x) needs a choice. Every spec here states its
**1-D view** (``ActivationSpec.view``): the scalar function that ``act(x)``, the plots and the accuracy
tests use. The view is honest: it is one real output of the real function, with the other inputs fixed
by parameters. The softmax family uses component 0 of ``f([x, *others])``, which is σ(x) for the default
others = (0,). GLU fixes the value input ``a`` and sweeps the gate: a·σ(x). It never sets a = b (that is
SiLU; see pytorch#176192). Maxout has user-given pieces and is element-wise already.

The real vector forms are ``act(v, axis=k)`` and ``act.jacobian(v, axis=k)``. They work on N-D arrays
along any axis, and the Jacobian ``J[..., i, j] = ∂f_i/∂x_j`` has that axis moved last. Float16/32/64
inputs keep their dtype: ``Activation`` hands the vector kernels a float64 array and rounds their
result once, as it does for the element-wise kernels, so the kernels here do not check input again.

Each function is laid out in one place: its 1-D view kernels, its vector form, then its spec.

Numerics (docs/kernels.md, "Numerical recipes"). Softmax shifts by the row maximum m. It forms d + err = x − m exactly with
TwoSum and uses e = exp(d)·(1 + err). It sums e in double-double with pairwise TwoSum, so the
normaliser adds only a rounding. The Jacobian diagonal s_i·Σ_{j≠i}s_j uses the exact sum of the other
entries, never s_i(1 − s_i). The 1-D views use logsumexp(others) as a double-double constant (decimal
arithmetic, 60 digits), and apply the rounding error of x − L as a first-order correction, so the tails
e^(x − L) stay accurate for any ``others``.
"""

from __future__ import annotations

import decimal
import functools
import itertools
import math
from fractions import Fraction
from typing import Any

import numpy as np

from actplot._numerics import fraction_dd as _dd
from actplot._numerics import nan_zero, sigmoid, sigmoid_derivative, sigmoid_neg, two_prod, two_sum
from actplot.errors import InputError, ParameterError
from actplot.shape import Monotonicity, Smoothness, between
from actplot.spec import ActivationSpec, BoolArray, Declared, Flavor, FloatArray, IndexArray, Kink, Param, VectorForm

_FMAX = float(np.finfo(np.float64).max)
_CLIP = 2048.0  # |t| beyond this: exp(−|t|) is exactly 0 in float64, σ(t) is exactly 0 or 1


# ================================================================================================
# Shared scalar-parameter helpers (exact, cached per parameter tuple)
# ================================================================================================


@functools.lru_cache(maxsize=256)
def _logsumexp_dd(values: tuple[float, ...]) -> tuple[float, float]:
    """log Σ exp(v) as a double-double (hi, lo), from 60-digit decimal arithmetic.

    Terms more than 200 below the maximum are dropped: they are below the 60th digit.
    """
    if len(values) == 1:
        return float(values[0]), 0.0
    top = max(values)
    with decimal.localcontext() as ctx:
        ctx.prec = 60
        ctx.traps[decimal.Underflow] = False
        dtop = decimal.Decimal(top)
        total = sum(
            ((decimal.Decimal(v) - dtop).exp() for v in values if v - top > -200.0),
            decimal.Decimal(0),
        )
        lse = dtop + total.ln()
        hi = float(lse)
        lo = float(lse - decimal.Decimal(hi))
    return hi, lo


def _merge_kinks(kinks: list[float], table: list[float]) -> tuple[tuple[float, ...], tuple[float, ...]]:
    """Kinks that round to the same float become one; the pieces between them hold no float.

    ``table[0]`` is the slope left of ``kinks[0]`` and ``table[i + 1]`` the slope right of ``kinks[i]``.
    """
    out_k: list[float] = []
    out_t: list[float] = [table[0]]
    for k, right in zip(kinks, table[1:], strict=True):
        if out_k and k == out_k[-1]:
            out_t[-1] = right
        else:
            out_k.append(k)
            out_t.append(right)
    return tuple(out_k), tuple(out_t)


def _margin(center: float) -> float:
    """A distance from ``center`` that is ≥ 2048 and still visible at center's magnitude."""
    return max(_CLIP, abs(center) * 2.0**-40)


# ================================================================================================
# Logistic pieces in a shifted variable t (used by the softmax, softmin, log_softmax and GLU views)
# ================================================================================================


_sig_d1 = sigmoid_derivative  # σ′(t) = e/(1 + e)², e = exp(−|t|)


def _sig_d2(t: FloatArray) -> FloatArray:
    """σ″(t) = σ′(t)(1 − 2σ(t)) = sign(t)·expm1(−|t|)·e/(1 + e)³ (no 1 − 2σ cancellation)."""
    a = -np.abs(t)
    e = np.exp(a)
    r = 1.0 / (1.0 + e)
    return ((np.sign(t) * np.expm1(a)) * (r * r * r)) * e


def _sig_d3(t: FloatArray) -> FloatArray:
    """σ‴(t) = σ′(t)(1 − 6σ′(t)): only used in a first-order correction, so plain is enough."""
    s1 = _sig_d1(t)
    return s1 * (1.0 - 6.0 * s1)


def _shifted(x: FloatArray, sign: float, shift: tuple[float, float]) -> tuple[FloatArray, FloatArray | None]:
    """t = sign·x − L and the rounding error δ of that subtraction (δ = None when it is exact).

    L = hi + lo is a double-double. x is first clipped to within L ± max(2048, |L|·2⁻⁴⁰), where the
    logistic pieces saturate exactly, so t never overflows and TwoSum never sees an infinity.
    """
    hi, lo = shift
    if hi == 0.0 and lo == 0.0:
        return (x if sign > 0 else -x), None
    b = _margin(hi)
    low, high = max(hi - b, -_FMAX), min(hi + b, _FMAX)
    xs = sign * x
    t, err = two_sum(np.clip(xs, low, high), -hi)
    if low == -_FMAX or high == _FMAX:  # L near the end of the float range: ±inf must still saturate
        t = np.where(xs == np.inf, _CLIP, np.where(xs == -np.inf, -_CLIP, t))
    return t, err - lo


# ================================================================================================
# Shared vector-form helpers (rows along the axis, exact row sums)
# ================================================================================================


def _axis_index(x: FloatArray, axis: int) -> int:
    """``axis`` as an index into ``x``'s dimensions.

    :meth:`Activation.__call__ <actplot.activation.Activation.__call__>` and
    :meth:`~actplot.activation.Activation.jacobian` have already turned the input into a contiguous
    float64 array (refusing complex, non-numeric and masked input) and checked that ``axis`` is an
    integer in range; they also round the result once to the input's float dtype. What they allow
    and a vector form cannot take is a 0-d array: it has no axis to work along.
    """
    if x.ndim == 0:
        raise InputError("a vector-valued activation needs an array with at least one dimension")
    return int(axis) % x.ndim


def _rows(arr: FloatArray, axis: int) -> tuple[FloatArray, tuple[int, ...]]:
    """The array with ``axis`` last, as a C-contiguous (rows, n) matrix, and the moved shape."""
    moved = np.moveaxis(arr, axis, -1)
    rows = math.prod(moved.shape[:-1])
    return np.ascontiguousarray(moved).reshape(rows, moved.shape[-1]), moved.shape


def _dd_sum(e: FloatArray) -> tuple[FloatArray, FloatArray]:
    """Row sums of finite e as a normalised double-double (hi, lo), shape (rows, 1).

    Pairwise TwoSum tree: hi is the correctly rounded sum up to a tiny fraction of an ULP.
    """
    hi = e
    lo = np.zeros_like(e)
    while hi.shape[-1] > 1:
        if hi.shape[-1] % 2:
            pad = np.zeros((hi.shape[0], 1))
            hi = np.concatenate([hi, pad], axis=1)
            lo = np.concatenate([lo, pad], axis=1)
        s, err = two_sum(hi[:, 0::2], hi[:, 1::2])
        lo = (lo[:, 0::2] + lo[:, 1::2]) + err
        hi = s
    return two_sum(hi, lo)


class _Rows:
    """The shared softmax work on a (rows, n) matrix: shifted exponentials and their exact sum.

    ``ok`` marks rows whose maximum is finite. The other rows are computed on zeros and then fixed.
    A row with exactly one +inf (and no nan) takes the limit, one-hot at that entry. A row of all −inf,
    a row with several +inf, or a row with a nan gives nan.
    """

    def __init__(self, x: FloatArray) -> None:
        m = np.max(x, axis=-1, keepdims=True)
        self.ok = np.isfinite(m)
        if not self.ok.all():
            x = np.where(self.ok, x, 0.0)
            m = np.where(self.ok, m, 0.0)
        self.x = x
        self.m = m
        # a per-row floor under which exp(x − m) is 0; it keeps x − m from overflowing
        mc = np.maximum(m, -1e308)
        floor = np.where(m < -1e308, -_FMAX, mc - np.maximum(_CLIP, np.abs(mc) * 2.0**-40))
        d, err = two_sum(np.maximum(x, floor), -m)
        e = np.exp(d)
        e = (e + e * err) * (x > -np.inf)  # masked (−inf) entries contribute exactly 0
        self.e = e
        self.hi, self.lo = _dd_sum(e)
        self.s = e / self.hi

    def others_sum(self) -> FloatArray:
        """Σ_{j≠i} e_j for every i, from the double-double total (no cancellation)."""
        s, err = two_sum(self.hi, -self.e)
        return s + (err + self.lo)

    def special_rows(self, raw: FloatArray) -> tuple[IndexArray, FloatArray, BoolArray]:
        """For the rows that are not ok: their index, a one-hot limit (or nan), and 'single' flags."""
        bad = np.nonzero(~self.ok[:, 0])[0]
        xb = raw[bad]
        pinf = xb == np.inf
        single = (pinf.sum(axis=-1) == 1) & ~np.isnan(xb).any(axis=-1)
        onehot = np.where(single[:, None], pinf.astype(np.float64), np.nan)
        return bad, onehot, single


def _vector_apply(x: FloatArray, axis: int, core: Any) -> FloatArray:
    ax = _axis_index(x, axis)
    rows, shape = _rows(x, ax)
    if rows.shape[-1] == 0:
        return x.copy()
    out = core(rows).reshape(shape)
    return np.moveaxis(out, -1, ax)


def _vector_jacobian(x: FloatArray, axis: int, core: Any) -> FloatArray:
    ax = _axis_index(x, axis)
    rows, shape = _rows(x, ax)
    n = rows.shape[-1]
    if n == 0:
        return np.zeros((*shape, 0))
    jac = core(rows)
    return jac.reshape(*shape[:-1], *jac.shape[-2:])


def _set_diagonal(jac: FloatArray, diag: FloatArray) -> None:
    idx = np.arange(diag.shape[-1])
    jac[:, idx, idx] = diag


# ================================================================================================
# The parameter and note the softmax family shares
# ================================================================================================


_OTHERS = Param(
    name="others",
    default=(0.0,),
    doc="the other entries of the input vector; the 1-D view shows output 0 as x sweeps",
    symbol="o",
    vector=True,
)

_SOFTMAX_VIEW_NOTE = (
    "Not an element-wise function. The curve is output 0 of the function applied to [x, *others], with "
    "the others fixed by the 'others' parameter (default (0,)). Use act(v, axis=k) and "
    "act.jacobian(v, axis=k) for the vector form."
)


# ================================================================================================
# softmax
# ================================================================================================


# --- softmax: 1-D view --------------------------------------------------------------------------


def _softmax_shift(others: tuple[float, ...]) -> tuple[float, float]:
    return _logsumexp_dd(tuple(others))


def softmax_value(x: FloatArray, *, others: tuple[float, ...] = (0.0,)) -> FloatArray:
    r"""Component 0 of softmax([x, o₁, …, o_k]).

    .. math:: s_0 = \frac{e^{x}}{e^{x} + \sum_j e^{o_j}} = \sigma(x - L),\quad L = \log\sum_j e^{o_j}

    σ(t) is evaluated as in :func:`actplot._numerics.sigmoid`. The rounding error δ of t = x − L (L as
    a double-double) is applied as σ(t) + δ·σ′(t). For the default others = (0,) it is σ(x).
    """
    t, delta = _shifted(x, 1.0, _softmax_shift(others))
    if delta is None:
        return sigmoid(t)
    return sigmoid(t) + delta * _sig_d1(t)


def softmax_first(x: FloatArray, *, others: tuple[float, ...] = (0.0,)) -> FloatArray:
    r""".. math:: s_0' = s_0 \sum_{j \ge 1} s_j = \sigma(t)\,\sigma(-t) = e/(1+e)^2,\ e = e^{-|t|}

    Never s₀(1 − s₀), which has no correct digit once s₀ rounds to 1.
    """
    t, delta = _shifted(x, 1.0, _softmax_shift(others))
    if delta is None:
        return _sig_d1(t)
    return _sig_d1(t) + delta * _sig_d2(t)


def softmax_second(x: FloatArray, *, others: tuple[float, ...] = (0.0,)) -> FloatArray:
    r""".. math:: s_0'' = s_0 r\,(r - s_0),\ r = \sum_{j\ge1} s_j

    = σ″(t) = sign(t)·expm1(−|t|)·e/(1 + e)³, with no 1 − 2σ cancellation.
    """
    t, delta = _shifted(x, 1.0, _softmax_shift(others))
    if delta is None:
        return _sig_d2(t)
    return _sig_d2(t) + delta * _sig_d3(t)


# --- softmax: vector form -----------------------------------------------------------------------


def _softmax_rows(x: FloatArray) -> FloatArray:
    r = _Rows(x)
    s = r.s
    if not r.ok.all():
        bad, onehot, _ = r.special_rows(x)
        s[bad] = onehot
    return s


def _softmax_jac_rows(x: FloatArray) -> FloatArray:
    r = _Rows(x)
    s = r.s
    diag = s * (r.others_sum() / r.hi)
    if not r.ok.all():
        bad, onehot, single = r.special_rows(x)
        s[bad] = onehot
        diag[bad] = np.where(single[:, None], 0.0, np.nan)
    jac = -(s[:, :, None] * s[:, None, :])
    _set_diagonal(jac, diag)
    return jac


def softmax_vector(x: FloatArray, axis: int = -1, **_: Any) -> FloatArray:
    r"""softmax along ``axis``: s_i = e^{x_i − m}/Σ_j e^{x_j − m}, m = max_j x_j (docs/kernels.md, recipes 1 and 5).

    −inf entries are masked (output 0). A row of all −inf is nan (there is no distribution), and so is a
    row with nan or with several +inf. A single +inf gives its one-hot limit. Accuracy: ≤ 4 ULP per
    entry in float64.
    """
    return _vector_apply(x, axis, _softmax_rows)


def softmax_jacobian(x: FloatArray, axis: int = -1, **_: Any) -> FloatArray:
    r"""J = diag(s) − s sᵀ, with the diagonal s_i·Σ_{j≠i} s_j (no 1 − s_i): ≤ 8 ULP per entry."""
    return _vector_jacobian(x, axis, _softmax_jac_rows)


# --- softmax: spec ------------------------------------------------------------------------------

SOFTMAX = ActivationSpec(
    name="softmax",
    title="Softmax",
    family="vector-valued",
    params=(_OTHERS,),
    formula=r"s_0 = \frac{e^{x}}{e^{x} + \sum_{j} e^{o_j}}",
    formula_text="s₀ = eˣ / (eˣ + Σⱼ e^(oⱼ))",
    derivative_formula=r"s_0' = s_0 \sum_{j \geq 1} s_j = s_0\,(1 - s_0)",
    derivative_formula_text="s₀′ = s₀·Σ_{j≥1} sⱼ = s₀(1 − s₀)",
    value=softmax_value,
    derivative=softmax_first,
    second_derivative=softmax_second,
    view=(
        "f(x) = softmax([x, *others])[0]. With the default others = (0,) this is the logistic sigmoid "
        "σ(x), since softmax([x, 0])₀ = eˣ/(eˣ + 1)."
    ),
    vector=VectorForm(value=softmax_vector, jacobian=softmax_jacobian),
    declared=Declared(
        range=between(0, 1),
        bounded=True,
        monotonic=Monotonicity.INCREASING,
        monotonic_derivative=False,
        smoothness=Smoothness.CINF,
        zero_centered=False,
        identity_near_zero=False,
    ),
    reference="Bridle (1990), 'Probabilistic interpretation of feedforward classification network outputs'",
    frameworks={
        "torch": Flavor(
            "torch.nn.Softmax(dim), torch.softmax(x, dim)",
            note="pass dim explicitly: an implicit dim (dim=None) is deprecated",
        ),
        "keras3": Flavor("keras.activations.softmax(x, axis=-1)"),
        "keras2": Flavor(
            "tf.keras.activations.softmax(x, axis=-1)",
            note="raises ValueError on a 1-D tensor; it needs at least a batch dimension",
        ),
        "jax": Flavor(
            "jax.nn.softmax(x, axis=-1, where=None)",
            note="'where' masks entries, like actplot's -inf entries",
        ),
    },
    notes=(
        _SOFTMAX_VIEW_NOTE + " In the vector form, -inf entries are masked (output 0). A row of all -inf "
        "is nan (no distribution exists), and so is a row containing nan or several +inf. A single +inf "
        "gives its one-hot limit. Accuracy: at most 4 ULP per output and 8 ULP per Jacobian entry in "
        "float64 (max shift with TwoSum correction; Jacobian diagonal s_i·Σ_{j≠i}s_j)."
    ),
    examples=({"others": (1.5, -0.5, 3.0)}, {"others": (-700.0, -701.5)}, {"others": (1000.0,)}),
)


# ================================================================================================
# softmin
# ================================================================================================


# --- softmin: 1-D view --------------------------------------------------------------------------


def _softmin_shift(others: tuple[float, ...]) -> tuple[float, float]:
    return _logsumexp_dd(tuple(-o for o in others))


def softmin_value(x: FloatArray, *, others: tuple[float, ...] = (0.0,)) -> FloatArray:
    r"""Component 0 of softmin([x, o₁, …, o_k]) = softmax(−[x, o₁, …, o_k])₀.

    .. math:: m_0 = \frac{e^{-x}}{e^{-x} + \sum_j e^{-o_j}} = \sigma(-x - L'),\quad L' = \log\sum_j e^{-o_j}

    The default others = (0,) gives σ(−x), computed directly (no 1 − σ).
    """
    shift = _softmin_shift(others)
    t, delta = _shifted(x, -1.0, shift)
    if delta is None:
        return sigmoid_neg(x)
    return sigmoid(t) + delta * _sig_d1(t)


def softmin_first(x: FloatArray, *, others: tuple[float, ...] = (0.0,)) -> FloatArray:
    r""".. math:: m_0' = -m_0 \sum_{j \ge 1} m_j = -\sigma(t)\,\sigma(-t),\ t = -x - L'"""
    t, delta = _shifted(x, -1.0, _softmin_shift(others))
    if delta is None:
        return -_sig_d1(t)
    return -(_sig_d1(t) + delta * _sig_d2(t))


def softmin_second(x: FloatArray, *, others: tuple[float, ...] = (0.0,)) -> FloatArray:
    r""".. math:: m_0'' = \sigma''(t),\ t = -x - L' \quad (\text{two sign flips cancel})"""
    t, delta = _shifted(x, -1.0, _softmin_shift(others))
    if delta is None:
        return _sig_d2(t)
    return _sig_d2(t) + delta * _sig_d3(t)


# --- softmin: vector form -----------------------------------------------------------------------


def softmin_vector(x: FloatArray, axis: int = -1, **_: Any) -> FloatArray:
    r"""softmin along ``axis`` = softmax(−x). +inf entries are masked (output 0)."""
    return _vector_apply(x, axis, lambda rows: _softmax_rows(-rows))


def softmin_jacobian(x: FloatArray, axis: int = -1, **_: Any) -> FloatArray:
    r"""J = −(diag(m) − m mᵀ), m = softmin(x) (chain rule through −x)."""
    return _vector_jacobian(x, axis, lambda rows: -_softmax_jac_rows(-rows))


# --- softmin: spec ------------------------------------------------------------------------------

SOFTMIN = ActivationSpec(
    name="softmin",
    title="Softmin",
    family="vector-valued",
    params=(_OTHERS,),
    formula=r"m_0 = \frac{e^{-x}}{e^{-x} + \sum_{j} e^{-o_j}}",
    formula_text="m₀ = e⁻ˣ / (e⁻ˣ + Σⱼ e^(−oⱼ))",
    derivative_formula=r"m_0' = -m_0 \sum_{j \geq 1} m_j = -m_0\,(1 - m_0)",
    derivative_formula_text="m₀′ = −m₀·Σ_{j≥1} mⱼ = −m₀(1 − m₀)",
    value=softmin_value,
    derivative=softmin_first,
    second_derivative=softmin_second,
    view=(
        "f(x) = softmin([x, *others])[0] = softmax(−[x, *others])[0]. With the default others = (0,) "
        "this is σ(−x)."
    ),
    vector=VectorForm(value=softmin_vector, jacobian=softmin_jacobian),
    declared=Declared(
        range=between(0, 1),
        bounded=True,
        monotonic=Monotonicity.DECREASING,
        monotonic_derivative=False,
        smoothness=Smoothness.CINF,
        zero_centered=False,
        identity_near_zero=False,
    ),
    reference="PyTorch documentation, torch.nn.Softmin (softmax of the negated input)",
    frameworks={
        "torch": Flavor(
            "torch.nn.Softmin(dim), torch.nn.functional.softmin(x, dim)",
            note="pass dim explicitly: an implicit dim (dim=None) is deprecated",
        ),
    },
    notes=(
        _SOFTMAX_VIEW_NOTE + " In the vector form, +inf entries are masked (output 0). Other special rows "
        "mirror softmax."
    ),
    examples=({"others": (1.5, -0.5, 3.0)}, {"others": (700.0, 699.0)}),
)


# ================================================================================================
# log_softmax
# ================================================================================================


# --- log_softmax: 1-D view ----------------------------------------------------------------------


def _log_softmax_t(x: FloatArray, shift: tuple[float, float]) -> tuple[FloatArray, FloatArray | None, float]:
    """t = x − L, δ, and the input below which x − L is beyond −max float (→ −inf), for log_softmax.

    log_softmax does not saturate below (it is ≈ x − L), so x is only clipped from above. It is clipped
    from below at the overflow threshold, and inputs under it are set to −inf by the caller.
    """
    hi, lo = shift
    if hi == 0.0 and lo == 0.0:
        return x, None, -math.inf
    floor = math.nextafter(hi - _FMAX, math.inf) if hi > 0 else -_FMAX
    high = min(hi + _margin(hi), _FMAX)
    t, err = two_sum(np.clip(x, floor, high), -hi)
    if high == _FMAX:  # +inf must still saturate
        t = np.where(x == np.inf, _CLIP, t)
    return t, err - lo, floor


def log_softmax_value(x: FloatArray, *, others: tuple[float, ...] = (0.0,)) -> FloatArray:
    r"""Component 0 of log_softmax([x, o₁, …, o_k]).

    .. math:: x - \log\Big(e^{x} + \sum_j e^{o_j}\Big) = \log\sigma(x - L) = -\mathrm{softplus}(L - x)

    Evaluated as log σ(t) = min(t, 0) − log1p(exp(−|t|)): both terms ≤ 0, so nothing cancels. For
    t ≪ 0 it is t itself, kept exact by TwoSum. Where x − L is below −max float, the result is −inf.
    """
    t, delta, floor = _log_softmax_t(x, _softmax_shift(others))
    f = np.minimum(t, 0.0) - np.log1p(np.exp(-np.abs(t)))
    if delta is None:
        return f
    f = f + delta * sigmoid_neg(t)
    below = x < floor
    if below.any():
        f[below] = -np.inf
    return f


def log_softmax_first(x: FloatArray, *, others: tuple[float, ...] = (0.0,)) -> FloatArray:
    r""".. math:: 1 - s_0 = \sum_{j\ge1} s_j = \sigma(-t),\ t = x - L \quad(\text{never } 1 - \sigma(t))"""
    t, delta, _ = _log_softmax_t(x, _softmax_shift(others))
    if delta is None:
        return sigmoid_neg(t)
    return sigmoid_neg(t) - delta * _sig_d1(t)


def log_softmax_second(x: FloatArray, *, others: tuple[float, ...] = (0.0,)) -> FloatArray:
    r""".. math:: -s_0 \sum_{j\ge1} s_j = -\sigma'(t)"""
    t, delta, _ = _log_softmax_t(x, _softmax_shift(others))
    if delta is None:
        return -_sig_d1(t)
    return -(_sig_d1(t) + delta * _sig_d2(t))


# --- log_softmax: vector form -------------------------------------------------------------------


def _log_softmax_rows(x: FloatArray) -> FloatArray:
    r = _Rows(x)
    # log Σe = log1p(R) with R = Σ_{j≠k} e_j over all but one maximal entry k (e_k = 1 exactly)
    k = np.argmax(r.x, axis=-1)[:, None]
    rest = np.take_along_axis(r.others_sum(), k, axis=-1)
    c_hi, c_lo = two_sum(r.m, np.log1p(rest))
    # x − c overflows only below c − max float; such entries are −inf
    floor = np.where(c_hi > 0, np.nextafter(np.maximum(c_hi, 0.0) - _FMAX, np.inf), -_FMAX)
    y, err = two_sum(np.maximum(r.x, floor), -c_hi)
    y = y + (err - c_lo)
    below = r.x < floor
    if below.any():
        y[below] = -np.inf
    if not r.ok.all():
        bad, onehot, _ = r.special_rows(x)
        y[bad] = np.where(onehot == 1.0, 0.0, np.where(onehot == 0.0, -np.inf, np.nan))
    return y


def _log_softmax_jac_rows(x: FloatArray) -> FloatArray:
    r = _Rows(x)
    s = r.s
    diag = r.others_sum() / r.hi
    if not r.ok.all():
        bad, onehot, single = r.special_rows(x)
        s[bad] = onehot
        diag[bad] = np.where(single[:, None], 1.0 - onehot, np.nan)
    n = s.shape[-1]
    jac = np.broadcast_to(-s[:, None, :], (s.shape[0], n, n)).copy()
    _set_diagonal(jac, diag)
    return jac


def log_softmax_vector(x: FloatArray, axis: int = -1, **_: Any) -> FloatArray:
    r"""log_softmax along ``axis``: y_i = x_i − m − log1p(Σ_{j≠k} e^{x_j − m}), k = argmax.

    y_i = x_i − c uses TwoSum against the double-double c = m + log1p(R), so nothing cancels. Masked
    −inf entries give −inf. Bad rows follow softmax (a single +inf: 0 there and −inf elsewhere).
    """
    return _vector_apply(x, axis, _log_softmax_rows)


def log_softmax_jacobian(x: FloatArray, axis: int = -1, **_: Any) -> FloatArray:
    r"""J_ij = δ_ij − s_j, with the diagonal 1 − s_i computed as Σ_{j≠i} s_j."""
    return _vector_jacobian(x, axis, _log_softmax_jac_rows)


# --- log_softmax: spec --------------------------------------------------------------------------

LOG_SOFTMAX = ActivationSpec(
    name="log_softmax",
    aliases=("logsoftmax",),
    title="Log-softmax",
    family="vector-valued",
    params=(_OTHERS,),
    formula=r"x - \log\left(e^{x} + \sum_{j} e^{o_j}\right)",
    formula_text="x − log(eˣ + Σⱼ e^(oⱼ))",
    derivative_formula=r"1 - s_0 = \sum_{j \geq 1} s_j",
    derivative_formula_text="1 − s₀ = Σ_{j≥1} sⱼ",
    value=log_softmax_value,
    derivative=log_softmax_first,
    second_derivative=log_softmax_second,
    view=(
        "f(x) = log_softmax([x, *others])[0] = log σ(x − L) = −softplus(L − x), with L = "
        "logsumexp(others). With the default others = (0,) this is log σ(x) (log_sigmoid)."
    ),
    vector=VectorForm(value=log_softmax_vector, jacobian=log_softmax_jacobian),
    declared=Declared(
        range=between(-math.inf, 0),
        bounded=False,
        monotonic=Monotonicity.INCREASING,
        monotonic_derivative=True,
        smoothness=Smoothness.CINF,
        zero_centered=False,
        identity_near_zero=False,
    ),
    reference="Log of the softmax (Bridle 1990); PyTorch documentation, torch.nn.LogSoftmax",
    frameworks={
        "torch": Flavor(
            "torch.nn.LogSoftmax(dim), torch.log_softmax(x, dim)",
            note="pass dim explicitly: an implicit dim (dim=None) is deprecated",
        ),
        "keras3": Flavor("keras.activations.log_softmax(x, axis=-1)"),
        "jax": Flavor("jax.nn.log_softmax(x, axis=-1, where=None)"),
    },
    notes=(
        _SOFTMAX_VIEW_NOTE + " In the vector form, -inf entries give -inf. A single +inf gives 0 there "
        "and -inf elsewhere. Rows of all -inf, with nan or with several +inf give nan. Results below "
        "-max float are -inf."
    ),
    examples=({"others": (1.5, -0.5, 3.0)}, {"others": (700.0, 699.0)}),
)


# ================================================================================================
# sparsemax
# ================================================================================================


# --- sparsemax: 1-D view (exact piecewise-linear structure from `others`) -----------------------


@functools.lru_cache(maxsize=256)
def _sparsemax_pieces(others: tuple[float, ...]) -> tuple[tuple, tuple, tuple]:
    """Lines, kinks and slopes of x ↦ sparsemax([x, *others])₀ (exact rationals, then rounded).

    Sort the others in decreasing order: o₍₁₎ ≥ o₍₂₎ ≥ …, with S_m = o₍₁₎ + … + o₍ₘ₎. M is the support
    size of sparsemax(others) and h_m = (S_m − 1)/m. On x > τ_o = h_M the output is the minimum of the
    lines g_m(x) = m(x − h_m)/(m + 1), m = 0..M (g₀ ≡ 1). These are the supporting lines of a concave
    function. Below τ_o the output is 0. So f = max(0, min_m g_m(x)). Kinks are at τ_o and where
    o₍ₘ₎ leaves the support: x_m = (m + 1)·o₍ₘ₎ − S_m + 1. The slope drops from m/(m + 1) to
    (m − 1)/m there.
    """
    o = sorted((Fraction(v) for v in others), reverse=True)
    total = Fraction(0)
    sums: list[Fraction] = []
    support = 0
    for k, value in enumerate(o, start=1):
        total += value
        sums.append(total)
        if 1 + k * value > total:
            support = k
    lines = tuple((m, _dd((sums[m - 1] - 1) / m)) for m in range(1, support + 1))
    points = [(sums[support - 1] - 1) / support]
    slopes = [Fraction(support, support + 1)]
    for m in range(support, 0, -1):
        points.append((m + 1) * o[m - 1] - sums[m - 1] + 1)
        slopes.append(Fraction(m - 1, m))
    merged_x: list[Fraction] = []
    merged_slope: list[Fraction] = []
    for px, sl in zip(points, slopes, strict=True):
        if merged_x and px == merged_x[-1]:
            merged_slope[-1] = sl
        else:
            merged_x.append(px)
            merged_slope.append(sl)
    kinks, table = _merge_kinks([_dd(px)[0] for px in merged_x], [0.0, *(float(s) for s in merged_slope)])
    return lines, kinks, table


def _scaled_difference(d_hi: FloatArray, d_lo: FloatArray, num: int, den: int) -> FloatArray:
    """num·(d_hi + d_lo)/den, rounded almost correctly (exact product, exact division remainder)."""
    p, pe = two_prod(d_hi, float(num))
    pe = pe + num * d_lo
    q = p / den
    r_hi, r_lo = two_prod(q, float(den))
    rem = (p - r_hi) - r_lo
    return q + (rem + pe) / den


def sparsemax_value(x: FloatArray, *, others: tuple[float, ...] = (0.0,)) -> FloatArray:
    r"""Component 0 of sparsemax([x, o₁, …, o_k]) (Martins & Astudillo 2016).

    .. math:: p_0 = \max(x - \tau, 0),\quad \sum_i \max(z_i - \tau, 0) = 1,\ z = [x, o_1, \ldots, o_k]

    Evaluated exactly from its pieces: f = max(0, min_m m(x − h_m)/(m + 1)) (see
    :func:`_sparsemax_pieces`). Each h_m is a double-double, x − h_m uses TwoSum, and the factor m/(m + 1)
    is applied with an exact product and remainder. So each piece is rounded about once, and none
    cancels. For others = (0,) this is clip((x + 1)/2, 0, 1) = sparse_sigmoid(x).
    """
    lines, kinks, _ = _sparsemax_pieces(tuple(others))
    lo_x = max(kinks[0] - max(1.0, abs(kinks[0]) * 2.0**-40), -_FMAX)
    hi_x = min(kinks[-1] + max(1.0, abs(kinks[-1]) * 2.0**-40), _FMAX)
    xc = np.clip(x, lo_x, hi_x)
    best = np.ones_like(xc)
    for m, (h_hi, h_lo) in lines:
        d_hi, d_lo = two_sum(xc, -h_hi)
        d_lo = d_lo - h_lo
        np.minimum(best, _scaled_difference(d_hi, d_lo, m, m + 1), out=best)
    out = np.maximum(best, 0.0)
    if lo_x == -_FMAX or hi_x == _FMAX:  # kinks near the end of the float range: the limits at ±inf
        out = np.where(x == np.inf, 1.0, np.where(x == -np.inf, 0.0, out))
    return out


def _piecewise_slope(x: FloatArray, kinks: tuple[float, ...], table: tuple[float, ...]) -> FloatArray:
    """The slope of the piece containing x (x at a kink: the right piece; the wrapper pins kinks)."""
    idx = np.searchsorted(np.asarray(kinks), x, side="right")
    out = np.asarray(table)[idx]
    nan = np.isnan(x)
    if nan.any():
        out[nan] = np.nan
    return out


def sparsemax_first(x: FloatArray, *, others: tuple[float, ...] = (0.0,)) -> FloatArray:
    r""".. math:: p_0' = 1 - 1/|S| \text{ if } p_0 > 0 \text{ else } 0,\ S = \text{support}

    With m of the others in the support this is m/(m + 1). It is 0 below τ_o and 0 once x alone holds
    all the mass.
    """
    _, kinks, table = _sparsemax_pieces(tuple(others))
    return _piecewise_slope(x, kinks, table)


def sparsemax_second(x: FloatArray, *, others: tuple[float, ...] = (0.0,)) -> FloatArray:
    r""".. math:: p_0'' = 0 \text{ (piecewise linear; kinks listed)}"""
    return nan_zero(x)


def sparsemax_kinks(*, others: tuple[float, ...] = (0.0,)) -> tuple[Kink, ...]:
    _, kinks, _ = _sparsemax_pieces(tuple(others))
    return tuple(Kink(k, "kink", "mean") for k in kinks if math.isfinite(k))


# --- sparsemax: vector form ---------------------------------------------------------------------


def _sparsemax_parts(x: FloatArray) -> tuple[FloatArray, BoolArray, FloatArray, BoolArray]:
    """(p, support mask, support size k, 'bad rows' mask) for a (rows, n) matrix.

    Shift-invariance: w = z − max z as a double-double (TwoSum). Entries more than about 4 below the
    maximum can never be in the support (τ ≥ max − 1) and are set to −4. The sorted prefix condition
    1 + k·w₍ₖ₎ > Σ_{j≤k} w₍ⱼ₎ is evaluated in double-double, so the support is exact. So is
    τ = (S_k − 1)/k, and p = max(w − τ, 0) keeps relative accuracy down to tiny entries.
    """
    rows, n = x.shape
    m = np.max(x, axis=-1, keepdims=True)
    ok = np.isfinite(m)
    if not ok.all():
        x = np.where(ok, x, 0.0)
        m = np.where(ok, m, 0.0)
    far = (0.5 * x - 0.5 * m) < -2.0  # no overflow; also true for −inf entries
    xf = np.where(far, m, x)
    w_hi, w_lo = two_sum(xf, -m)
    w_hi = np.where(far, -4.0, w_hi)
    w_lo = np.where(far, 0.0, w_lo)
    order = np.argsort(-(w_hi + w_lo), axis=-1, kind="stable")
    sh = np.take_along_axis(w_hi, order, axis=-1)
    sl = np.take_along_axis(w_lo, order, axis=-1)
    s_hi = np.zeros((rows, 1))
    s_lo = np.zeros((rows, 1))
    k_star = np.zeros((rows, 1))
    best_hi = np.zeros((rows, 1))
    best_lo = np.zeros((rows, 1))
    for k in range(1, n + 1):
        a_hi, a_lo = sh[:, k - 1 : k], sl[:, k - 1 : k]
        t, terr = two_sum(s_hi, a_hi)
        s_hi, s_lo = two_sum(t, terr + (s_lo + a_lo))
        # D = 1 + k·w_(k) − S_k in double-double; w_(k) is in the support iff D > 0
        p, pe = two_prod(a_hi, float(k))
        u, ue = two_sum(-s_hi, 1.0)
        d1, d1e = two_sum(p, u)
        d_hi, d_lo = two_sum(d1, ((d1e + ue) + (pe + k * a_lo)) - s_lo)
        inside = (d_hi > 0) | ((d_hi == 0) & (d_lo > 0))
        k_star = np.where(inside, float(k), k_star)
        best_hi = np.where(inside, s_hi, best_hi)
        best_lo = np.where(inside, s_lo, best_lo)
    # τ = (S − 1)/k* as a double-double
    a_hi, a_err = two_sum(best_hi, -1.0)
    a_lo = a_err + best_lo
    tau_hi = a_hi / k_star
    r_hi, r_lo = two_prod(tau_hi, k_star)
    tau_lo = (((a_hi - r_hi) - r_lo) + a_lo) / k_star
    sorted_mask = np.arange(n)[None, :] < k_star
    mask = np.empty_like(sorted_mask)
    np.put_along_axis(mask, order, sorted_mask, axis=-1)
    d, derr = two_sum(w_hi, -tau_hi)
    p = np.maximum(d + (derr + (w_lo - tau_lo)), 0.0) * mask
    return p, mask, k_star, ~ok[:, 0]


def _sparsemax_rows(x: FloatArray) -> FloatArray:
    p, _, _, bad = _sparsemax_parts(x)
    if bad.any():
        idx = np.nonzero(bad)[0]
        xb = x[idx]
        pinf = xb == np.inf
        single = (pinf.sum(axis=-1) == 1) & ~np.isnan(xb).any(axis=-1)
        p[idx] = np.where(single[:, None], pinf.astype(np.float64), np.nan)
    return p


def _sparsemax_jac_rows(x: FloatArray) -> FloatArray:
    _, mask, k_star, bad = _sparsemax_parts(x)
    sup = mask.astype(np.float64)
    jac = -(sup[:, :, None] * sup[:, None, :]) / k_star[:, :, None]
    _set_diagonal(jac, sup * ((k_star - 1.0) / k_star))
    if bad.any():
        idx = np.nonzero(bad)[0]
        xb = x[idx]
        single = ((xb == np.inf).sum(axis=-1) == 1) & ~np.isnan(xb).any(axis=-1)
        jac[idx] = np.where(single[:, None, None], 0.0, np.nan)
    return jac


def sparsemax_vector(x: FloatArray, axis: int = -1, **_: Any) -> FloatArray:
    r"""sparsemax along ``axis``: the Euclidean projection of x onto the probability simplex.

    −inf entries are masked (output 0). Bad rows follow softmax (all −inf or nan: nan; a single +inf:
    one-hot).
    """
    return _vector_apply(x, axis, _sparsemax_rows)


def sparsemax_jacobian(x: FloatArray, axis: int = -1, **_: Any) -> FloatArray:
    r"""J = diag(u) − u uᵀ/|S|, u the 0/1 support indicator: on the support δ_ij − 1/|S|, else 0.

    At a support change (an entry exactly at τ) the entry counts as outside, the one-sided choice of the
    strict condition z_i > τ.
    """
    return _vector_jacobian(x, axis, _sparsemax_jac_rows)


# --- sparsemax: spec ----------------------------------------------------------------------------

SPARSEMAX = ActivationSpec(
    name="sparsemax",
    title="Sparsemax",
    family="vector-valued",
    params=(_OTHERS,),
    formula=r"\max(x - \tau, 0),\ \sum_i \max(z_i - \tau, 0) = 1,\ z = [x, o_1, \ldots, o_k]",
    formula_text="max(x − τ, 0), Σᵢ max(zᵢ − τ, 0) = 1, z = [x, o₁, …, o_k]",
    derivative_formula=r"1 - 1/|S|\ \mathrm{if}\ x \in S\ \mathrm{else}\ 0",
    derivative_formula_text="1 − 1/|S| if x ∈ S else 0",
    value=sparsemax_value,
    derivative=sparsemax_first,
    second_derivative=sparsemax_second,
    kinks=sparsemax_kinks,
    view=(
        "f(x) = sparsemax([x, *others])[0], piecewise linear with kinks where the support changes. With "
        "the default others = (0,) this is clip((x + 1)/2, 0, 1) = sparse_sigmoid(x), with kinks at ±1."
    ),
    vector=VectorForm(value=sparsemax_vector, jacobian=sparsemax_jacobian),
    declared=Declared(
        range=between(0, 1, low_attained=True, high_attained=True),
        bounded=True,
        monotonic=Monotonicity.INCREASING,
        monotonic_derivative=False,
        smoothness=Smoothness.C0,
        zero_centered=False,
        identity_near_zero=False,
    ),
    reference=(
        "Martins & Astudillo (2016), 'From Softmax to Sparsemax: A Sparse Model of Attention and "
        "Multi-Label Classification', arXiv:1602.02068"
    ),
    frameworks={
        "keras3": Flavor("keras.activations.sparsemax(x, axis=-1)", note="Keras 3.8+"),
    },
    notes=(
        _SOFTMAX_VIEW_NOTE + " Kink convention (no framework pins one; Keras takes the backend's "
        "autodiff): f′ at a kink is the mean of both one-sided slopes. That matches "
        "jax.nn.sparse_sigmoid′(±1) = 0.25. The vector form masks -inf entries like softmax."
    ),
    examples=({"others": (0.5, -0.25)}, {"others": (1e6, 1e6 - 0.5)}),
)


# ================================================================================================
# GLU
# ================================================================================================


# --- GLU: 1-D view ------------------------------------------------------------------------------


def _scaled_logistic(a: Any, x: FloatArray, order: int) -> FloatArray:
    """a·σ(x), a·σ′(x) or a·σ″(x) with a scalar or an array, without a subnormal intermediate.

    e^{−|x|} is used as h·h with h = exp(−|x|/2), multiplied in last. So a = 1e300 times a tail
    value that only exists as a subnormal still gets all its digits.
    """
    v = -np.abs(x)
    h = np.exp(0.5 * v)
    r = 1.0 / (1.0 + np.exp(v))
    if order == 0:
        hh = np.maximum(h, np.greater_equal(x, 0.0))  # 1 for x ≥ 0, h for x < 0
        return ((a * r) * hh) * hh
    if order == 1:
        return ((a * (r * r)) * h) * h
    return (((a * np.sign(x)) * np.expm1(v)) * (r * r * r) * h) * h


def glu_value(x: FloatArray, *, a: float = 1.0) -> FloatArray:
    r"""The GLU output for a fixed value input a as the gate x sweeps.

    .. math:: f(x) = a\,\sigma(x)

    This is GLU([a, x]) = a ⊗ σ(x), with the second half (the gate) as the variable. For a = 1 it is
    exactly the logistic sigmoid.
    """
    if a == 1.0:
        return sigmoid(x)
    return _scaled_logistic(a, x, 0)


def glu_first(x: FloatArray, *, a: float = 1.0) -> FloatArray:
    r""".. math:: f'(x) = a\,\sigma(x)\,\sigma(-x)"""
    return _scaled_logistic(a, x, 1)


def glu_second(x: FloatArray, *, a: float = 1.0) -> FloatArray:
    r""".. math:: f''(x) = a\,\sigma'(x)\,(1 - 2\sigma(x)) = a\,\mathrm{sign}(x)\,\mathrm{expm1}(-|x|)\,e/(1+e)^3"""
    return _scaled_logistic(a, x, 2)


# --- GLU: vector form ---------------------------------------------------------------------------


def _glu_halves(rows: FloatArray, ax: int) -> tuple[FloatArray, FloatArray]:
    n = rows.shape[-1]
    if n % 2:
        raise InputError(f"glu splits axis {ax} into two halves, so its length must be even; got {n}")
    return rows[:, : n // 2], rows[:, n // 2 :]


def _glu_apply(x: FloatArray, axis: int, jac: bool) -> FloatArray:
    ax = _axis_index(x, axis)
    rows, shape = _rows(x, ax)
    a, b = _glu_halves(rows, ax)
    half = a.shape[-1]
    inf_a = np.isinf(a)
    if not jac:
        out = _scaled_logistic(np.where(inf_a, np.sign(a), a), b, 0)
        if inf_a.any():  # ±inf·σ(b): ±inf for b > −inf (σ(b) > 0), nan for b = −inf (∞·0)
            out = np.where(inf_a, np.where(b > -np.inf, a, np.nan), out)
        out = out.reshape(*shape[:-1], half)
        return np.moveaxis(out, -1, ax)
    gate = sigmoid(b)
    slope = _scaled_logistic(np.where(inf_a, np.sign(a), a), b, 1)
    if inf_a.any():  # ±inf·σ′(b): ±inf for finite b, nan for b = ±inf
        slope = np.where(inf_a, np.where(np.isfinite(b), a, np.nan), slope)
    out = np.zeros((rows.shape[0], half, 2 * half))
    idx = np.arange(half)
    out[:, idx, idx] = gate
    out[:, idx, half + idx] = slope
    return out.reshape(*shape[:-1], half, 2 * half)


def glu_vector(x: FloatArray, axis: int = -1, **_: Any) -> FloatArray:
    r"""GLU along ``axis``: split into halves (a, b) and return a ⊗ σ(b), half as long along axis.

    The length along ``axis`` must be even (InputError otherwise), as in nn.GLU and jax.nn.glu.
    """
    return _glu_apply(x, axis, jac=False)


def glu_jacobian(x: FloatArray, axis: int = -1, **_: Any) -> FloatArray:
    r"""J of shape (..., n/2, n): ∂out_i/∂a_i = σ(b_i), ∂out_i/∂b_i = a_i σ(b_i)σ(−b_i), all else 0."""
    return _glu_apply(x, axis, jac=True)


# --- GLU: spec ----------------------------------------------------------------------------------

GLU = ActivationSpec(
    name="glu",
    title="GLU (gated linear unit)",
    family="vector-valued",
    params=(
        Param(
            name="a",
            default=1.0,
            doc="the fixed value input (first half) in the 1-D view; the gate b = x is swept",
            symbol="a",
        ),
    ),
    formula=r"a\,\sigma(x)",
    formula_text="a·σ(x)",
    derivative_formula=r"a\,\sigma(x)\,(1 - \sigma(x))",
    derivative_formula_text="a·σ(x)(1 − σ(x))",
    value=glu_value,
    derivative=glu_first,
    second_derivative=glu_second,
    view=(
        "GLU splits its input into halves (a, b) and returns a ⊗ σ(b). The 1-D view fixes the value "
        "input a (parameter 'a', default 1) and sweeps the gate b = x: f(x) = a·σ(x). It never sets "
        "a = b: that is SiLU, the mistake in the removed PyTorch doc image (pytorch#176192)."
    ),
    vector=VectorForm(value=glu_vector, jacobian=glu_jacobian),
    declared=Declared(
        range=between(0, 1),
        bounded=True,
        monotonic=Monotonicity.INCREASING,
        monotonic_derivative=False,
        smoothness=Smoothness.CINF,
        zero_centered=False,
        identity_near_zero=False,
    ),
    reference=(
        "Dauphin, Fan, Auli & Grangier (2017), 'Language Modeling with Gated Convolutional Networks', "
        "arXiv:1612.08083"
    ),
    frameworks={
        "torch": Flavor("torch.nn.GLU(dim=-1), torch.nn.functional.glu(x, dim=-1)"),
        "keras3": Flavor("keras.activations.glu(x, axis=-1)", note="Keras 3.7+"),
        "jax": Flavor("jax.nn.glu(x, axis=-1)", note="checks the even size with an assert"),
    },
    notes=(
        "Not an element-wise function. act(v, axis=k) splits axis k into halves (a, b) and returns "
        "a·σ(b), half as long along k. An odd length is an InputError. act.jacobian(v, axis=k) has shape "
        "(..., n/2, n)."
    ),
    examples=({"a": -2.5}, {"a": 1e38}),
)


# ================================================================================================
# maxout: max over user pieces (element-wise; its 1-D view is the function itself)
# ================================================================================================


_MAXOUT_SLOPE_LIMIT = 1e18  # keeps every exact product w·x below 2⁹⁹⁶ (Dekker's limit) after scaling
_BIG = 2.0**900


@functools.lru_cache(maxsize=256)
def _maxout_hull(slopes: tuple[float, ...], intercepts: tuple[float, ...]) -> tuple[tuple, tuple]:
    """Kinks of the upper envelope max_i(w_i x + b_i) (exact, then rounded) and the slope table.

    Lines are sorted by slope. Equal slopes keep the largest intercept, and lines that never strictly
    lead are dropped. The kinks are where consecutive leading lines meet. Kinks beyond the float range
    stay in the table as ±inf (finite x never reaches them).
    """
    lines = sorted(zip((Fraction(w) for w in slopes), (Fraction(b) for b in intercepts), strict=True))
    hull: list[tuple[Fraction, Fraction]] = []
    for w, b in lines:
        if hull and hull[-1][0] == w:
            hull.pop()  # same slope, and sorting put the larger intercept last
        while len(hull) >= 2:
            (w1, b1), (w2, b2) = hull[-2], hull[-1]
            # line 2 never leads if line 3 overtakes line 1 no later than line 2 does
            if (b1 - b) * (w2 - w1) <= (b1 - b2) * (w - w1):
                hull.pop()
            else:
                break
        hull.append((w, b))
    kinks = [_dd((b1 - b2) / (w2 - w1))[0] for (w1, b1), (w2, b2) in itertools.pairwise(hull)]
    return _merge_kinks(kinks, [float(w) for w, _ in hull])


def _maxout_limits(slopes: tuple[float, ...], intercepts: tuple[float, ...]) -> tuple[float, float]:
    """f(−inf), f(+inf): the extreme slope decides, a zero slope leaves the best flat intercept."""

    def limit(sign: float) -> float:
        lead = max(sign * w for w in slopes)
        if lead > 0:
            return math.inf
        if lead < 0:
            return -math.inf
        return max(b for w, b in zip(slopes, intercepts, strict=True) if w == 0)

    return limit(-1.0), limit(1.0)


def maxout_value(x: FloatArray, *, slopes: tuple[float, ...], intercepts: tuple[float, ...]) -> FloatArray:
    r"""Maxout with fixed pieces (Goodfellow et al. 2013).

    .. math:: f(x) = \max_i\,(w_i x + b_i)

    Each piece is evaluated exactly and rounded once. w·x uses Dekker's two_prod and the + b uses
    TwoSum, so no piece loses digits near its zero. Inputs above 2⁹⁰⁰ in magnitude are scaled by 2⁻¹²⁸
    first. A result beyond the float range becomes ±inf, and ±inf inputs give the limits.
    """
    xf = np.where(np.isinf(x), 0.0, x)
    k = np.where(np.abs(xf) > _BIG, -128, 0)
    xs = np.ldexp(xf, k)
    unit = np.ldexp(1.0, k)
    best: FloatArray | None = None
    flat = -math.inf
    for w, b in zip(slopes, intercepts, strict=True):
        if w == 0.0:
            flat = max(flat, b)
            continue
        p, pe = two_prod(xs, w)
        s, se = two_sum(p, b * unit)
        v = s + (pe + se)
        best = v if best is None else np.maximum(best, v)
    if best is None:
        out = np.full_like(xf, flat)
    else:
        scaled = k != 0
        if scaled.any():
            over = scaled & (np.abs(best) > _FMAX * 2.0**-128)
            out = np.array(best)
            np.multiply(best, 2.0**128, out=out, where=scaled & ~over)
            out[over] = np.copysign(np.inf, best[over])
        else:
            out = best
        if flat > -math.inf:
            out = np.maximum(out, flat)
    out[np.isnan(x)] = np.nan
    left, right = _maxout_limits(slopes, intercepts)
    out[x == np.inf] = right
    out[x == -np.inf] = left
    return out


def maxout_first(x: FloatArray, *, slopes: tuple[float, ...], intercepts: tuple[float, ...]) -> FloatArray:
    r""".. math:: f'(x) = w_{i^*},\ i^* = \arg\max_i\,(w_i x + b_i)

    This is the slope of the leading piece, read from the exact kink positions.
    """
    kinks, table = _maxout_hull(tuple(slopes), tuple(intercepts))
    return _piecewise_slope(x, kinks, table)


def maxout_second(x: FloatArray, *, slopes: tuple[float, ...], intercepts: tuple[float, ...]) -> FloatArray:
    r""".. math:: f''(x) = 0 \text{ (piecewise linear; kinks listed)}"""
    return nan_zero(x)


def maxout_kinks(*, slopes: tuple[float, ...], intercepts: tuple[float, ...]) -> tuple[Kink, ...]:
    kinks, _ = _maxout_hull(tuple(slopes), tuple(intercepts))
    return tuple(Kink(k, "kink", "mean") for k in kinks if math.isfinite(k))


def maxout_check(*, slopes: tuple[float, ...], intercepts: tuple[float, ...]) -> None:
    if len(slopes) != len(intercepts):
        raise ParameterError(
            f"maxout needs one intercept per slope; got {len(slopes)} slopes and {len(intercepts)} intercepts"
        )


# --- maxout: spec -------------------------------------------------------------------------------

MAXOUT = ActivationSpec(
    name="maxout",
    title="Maxout",
    family="vector-valued",
    params=(
        Param(
            name="slopes",
            default=(-1.0, 0.25, 1.0),
            doc="slopes w_i of the affine pieces",
            symbol="w",
            vector=True,
            min_length=2,
            low=-_MAXOUT_SLOPE_LIMIT,
            high=_MAXOUT_SLOPE_LIMIT,
        ),
        Param(
            name="intercepts",
            default=(-1.25, 0.0, 0.0),
            doc="intercepts b_i of the affine pieces, one per slope",
            symbol="b",
            vector=True,
            min_length=2,
        ),
    ),
    check=maxout_check,
    formula=r"\max_i\,(w_i x + b_i)",
    formula_text="max_i (w_i·x + b_i)",
    derivative_formula=r"w_{i^*},\ i^* = \arg\max_i\,(w_i x + b_i)",
    derivative_formula_text="w_i*, i* = argmax_i (w_i·x + b_i)",
    value=maxout_value,
    derivative=maxout_first,
    second_derivative=maxout_second,
    kinks=maxout_kinks,
    view=(
        "Maxout takes the max over k affine pieces. With a scalar input and fixed pieces "
        "(slopes w_i, intercepts b_i) the curve is that function itself, f(x) = max_i(w_i·x + b_i). "
        "There is no vector form. The default pieces −x − 1.25, x/4 and x make a convex curve with "
        "kinks at −1 and 0."
    ),
    declared=Declared(
        range=between(-0.25, math.inf, low_attained=True),
        bounded=False,
        monotonic=Monotonicity.NO,
        monotonic_derivative=True,
        smoothness=Smoothness.C0,
        zero_centered=True,
        identity_near_zero=False,
    ),
    reference="Goodfellow, Warde-Farley, Mirza, Courville & Bengio (2013), 'Maxout Networks', arXiv:1302.4389",
    notes=(
        "Not in the four framework APIs. In a network the pieces are learned per unit. Kink convention "
        "(none pinned): f′ at a kink is the mean of the two one-sided slopes. That is the even tie split "
        "of torch.amax / jnp.max between the two tied pieces. Slopes are limited to |w| ≤ 1e18."
    ),
    examples=(
        {"slopes": (-0.3, 0.1, 0.7), "intercepts": (0.0, 0.0, 0.0)},
        {"slopes": (-0.875, 0.125, 0.75), "intercepts": (-1.5, -0.5, -1.75)},
    ),
)


SPECS: tuple[ActivationSpec, ...] = (SOFTMAX, SOFTMIN, LOG_SOFTMAX, SPARSEMAX, GLU, MAXOUT)
