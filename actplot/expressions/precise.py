"""Double-double arithmetic for expression jets, and double-double kernels for a few primitives.

Why: in ``x*sigmoid(x)`` the product rule adds terms such as ``σ(x) + x·σ′(x)`` and
``2σ′(x) + x·σ″(x)`` that cancel (by a factor of up to ~8 on the scoring grid, more next to a zero of
the result). Each term is a float64 with 1–3 ULP of error of its own, and the cancellation
multiplies those errors: 6.9 ULP in f′ and 13 ULP in f″ with plain float64 arithmetic. Compensated
arithmetic alone (the sums and products below) removes only the rounding of the sums; the terms
themselves must be more accurate than a float64 too. So a jet carries every component as an
unevaluated sum ``hi + lo`` (a double-double), the arithmetic is exact up to ~2⁻¹⁰⁴ relative
(Knuth's TwoSum, Dekker's TwoProduct: NumPy has no FMA), and the primitives that matter most for
gated activations — exp, expm1, sqrt, the logistic sigmoid, tanh, softplus and erf — have kernels that
return f, f′ and f″ as double-doubles (relative error about 2⁻⁶⁰, from the table-driven exp of
``actplot._numerics``), evaluated at the double-double argument. Every other function is evaluated
in float64 at ``hi`` and corrected to first order for ``lo`` (``g(hi + lo) ≈ g(hi) + g′(hi)·lo``),
which removes the amplified rounding of an argument like ``b·x`` in an exponential tail.

A part is ``(hi, lo)``; ``lo`` is ``None`` where it is exactly zero. Where ``hi`` is not finite (or
an error term overflows) ``lo`` is 0: the result is then the float64 one.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import numpy as np

from actplot._numerics import EXP_DD_MIN, exp_from, exp_reduce, expm1_from, two_prod, two_sum

Value = Any
Part = tuple[Value, Value | None]
"""hi + lo as a pair of float64 arrays or scalars; lo None means 0."""

_EXP_MAX_DD = 700.0
"""Above this argument exp is evaluated in float64 (1/e^−z would lose the subnormal e^−z)."""


def finite_lo(lo: Value) -> Value:
    """lo, set to 0 where it is not finite (inf·0 and inf − inf in error terms, a Dekker split
    that overflows): the result is then the float64 one."""
    finite = np.isfinite(lo)
    return lo if finite.all() else np.where(finite, lo, 0.0)


def normalise(hi: Value, lo: Value | None) -> Part:
    """hi + lo renormalised so that hi is the rounded sum (Fast2Sum: |lo| is small against hi)."""
    if lo is None:
        return hi, None
    lo = finite_lo(lo)
    s = hi + lo
    return s, finite_lo(lo - (s - hi))


def add(a: Part, b: Part) -> Part:
    """(a + b) to double-double accuracy."""
    s, e = two_sum(a[0], b[0])
    if a[1] is not None:
        e = e + a[1]
    if b[1] is not None:
        e = e + b[1]
    return normalise(s, e)


def neg(a: Part) -> Part:
    return -a[0], (None if a[1] is None else -a[1])


def mul(a: Part, b: Part) -> Part:
    """a·b to double-double accuracy (the lo·lo term is below the precision)."""
    p, e = two_prod(a[0], b[0])
    if b[1] is not None:
        e = e + a[0] * b[1]
    if a[1] is not None:
        e = e + a[1] * b[0]
    return normalise(p, e)


def scale(k: float, a: Part) -> Part:
    """k·a for k a power of two (exact)."""
    return k * a[0], (None if a[1] is None else k * a[1])


def div(a: Part, b: Part) -> Part:
    """a/b: q = fl(a_hi/b_hi), then the remainder a − q·b (exact product) divided by b_hi."""
    q = a[0] / b[0]
    p, pe = two_prod(q, b[0])
    r = (a[0] - p) - pe
    if a[1] is not None:
        r = r + a[1]
    if b[1] is not None:
        r = r - q * b[1]
    return normalise(q, r / b[0])


def value(a: Part) -> Value:
    """hi + lo rounded once."""
    return a[0] if a[1] is None else a[0] + a[1]


def select(mask: Any, a: Part, b: Part) -> Part:
    """a where mask, else b (both parts)."""
    lo = None if a[1] is None and b[1] is None else np.where(mask, 0.0 if a[1] is None else a[1], 0.0 if b[1] is None else b[1])
    return np.where(mask, a[0], b[0]), lo


def reciprocal_jet(w: Part) -> tuple[Part, Part]:
    """(1/w, −1/w²) as double-doubles: the derivatives of log at w."""
    inverse = div(ONE, w)
    return inverse, neg(mul(inverse, inverse))


def sqrt_part(a: Part) -> Part:
    """√a with the remainder a − s² (exact product) as the correction (a − s²)/(2s)."""
    s = np.sqrt(a[0])
    p, pe = two_prod(s, s)
    r = (a[0] - p) - pe
    if a[1] is not None:
        r = r + a[1]
    return normalise(s, r / (2.0 * s))


# --- exp of a non-positive argument, and what is built from it ----------------------------------


def _exp_neg(z: Value, z_lo: Value | None, with_expm1: bool = True) -> tuple[Part, Part | None]:
    """e^{z + z_lo} and (if asked) expm1(z + z_lo) as parts, for z ≤ 0 (or nan); relative error
    ≈ 2⁻⁶⁰."""
    zc = np.array(np.maximum(z, EXP_DD_MIN), dtype=np.float64, ndmin=1)
    zl = None
    if z_lo is not None:
        zl = np.array(np.where(zc > EXP_DD_MIN, z_lo, 0.0), dtype=np.float64, ndmin=1)
        zl = np.where(np.isfinite(zl), zl, 0.0)
        zl = np.broadcast_to(zl, zc.shape).copy()
    far = zc < _EXPM1_FROM_EXP
    big_k, w_hi, w_lo = exp_reduce(zc, zl)  # overwrites zc and zl
    if with_expm1:
        m_hi, m_lo = expm1_from(big_k.copy(), w_hi.copy(), w_lo.copy())
    e_hi, e_lo = exp_from(w_hi, w_lo)
    k = big_k.astype(np.int64)
    e = normalise(np.ldexp(e_hi, k), np.ldexp(e_lo, k))
    shape = np.shape(z) if z_lo is None else np.broadcast_shapes(np.shape(z), np.shape(z_lo))
    if not with_expm1:
        return _shaped(e, shape), None
    # far out, e < 2⁻⁵⁷ and expm1 = −1 + e exactly as a double-double (expm1_from's low part is
    # not meant for 2ᴷ below the normal range)
    m = select(far, (np.full_like(e[0], -1.0), e[0] + (0.0 if e[1] is None else e[1])), (m_hi, m_lo))
    return _shaped(e, shape), _shaped(m, shape)


_EXPM1_FROM_EXP = -40.0


def _shaped(a: Part, shape: tuple[int, ...]) -> Part:
    return np.reshape(a[0], shape), (None if a[1] is None else np.reshape(a[1], shape))


def _reflect(u: Part, factor: float) -> tuple[Any, Value, Value | None]:
    """(u < 0, −factor·|u_hi|, the matching low part): the argument of e^{−factor·|u|}."""
    negative = np.asarray(u[0]) < 0
    z = -factor * np.abs(u[0])
    z_lo = None if u[1] is None else np.where(negative, factor * u[1], -factor * u[1])
    return negative, z, z_lo


ONE: Part = (np.float64(1.0), None)


def exp_jet(u: Part, order: int) -> list[Part]:
    """exp, exp′, exp″ (all e^u) at the double-double u."""
    negative, z, z_lo = _reflect(u, 1.0)
    e, _ = _exp_neg(z, z_lo, with_expm1=False)
    inverse = div(ONE, e)
    big = np.asarray(u[0]) > _EXP_MAX_DD
    plain = np.exp(np.minimum(u[0], 710.0)) if np.any(big) else 0.0
    result = select(negative, e, inverse)
    if np.any(big):
        result = select(big, (np.exp(u[0]), None if u[1] is None else plain * u[1]), result)
    result = normalise(*result)
    return [result] * (order + 1)


def expm1_jet(u: Part, order: int) -> list[Part]:
    """expm1 and its derivatives (e^u) at the double-double u; expm1(u) = −expm1(−u)/e^{−u} for u > 0."""
    negative, z, z_lo = _reflect(u, 1.0)
    e, m = _exp_neg(z, z_lo)
    assert m is not None
    positive_side = div(neg(m), e)
    result = select(negative, m, positive_side)
    big = np.asarray(u[0]) > _EXP_MAX_DD
    if np.any(big):
        result = select(big, (np.expm1(u[0]), None), result)
    out = [normalise(*result)]
    if order >= 1:
        out += exp_jet(u, order - 1)
    return out


def _logistic(u: Part, with_expm1: bool) -> tuple[Any, Part, Part | None, Part]:
    """(u < 0, e = e^−|u|, expm1(−|u|) = e − 1 if asked, r = 1/(1 + e)): the pieces of σ and softplus."""
    negative, z, z_lo = _reflect(u, 1.0)
    e, m = _exp_neg(z, z_lo, with_expm1)
    r = div(ONE, add(ONE, e))
    return negative, e, m, r


def sigmoid_jet(u: Part, order: int) -> list[Part]:
    """σ = r (u ≥ 0) or e·r (u < 0); σ′ = e·r²; σ″ = σ′·(1 − 2σ) with 1 − 2σ = ∓(1 − e)·r."""
    negative, e, m, r = _logistic(u, with_expm1=order >= 2)
    low = mul(e, r)
    out = [select(negative, low, r)]
    if order >= 1:
        slope = mul(low, r)
        out.append(slope)
        if order >= 2:
            assert m is not None
            centred = mul(neg(m), r)  # (1 − e)·r = |1 − 2σ|
            out.append(mul(slope, select(negative, centred, neg(centred))))
    return out


def tanh_jet(u: Part, order: int) -> list[Part]:
    """tanh = ±(1 − e)/(1 + e) with e = e^{−2|u|}; tanh′ = 4e/(1 + e)²; tanh″ = −2·tanh·tanh′."""
    negative, z, z_lo = _reflect(u, 2.0)
    e, m = _exp_neg(z, z_lo)
    assert m is not None
    r = div(ONE, add(ONE, e))
    size = mul(neg(m), r)
    t = select(negative, neg(size), size)
    out = [t]
    if order >= 1:
        slope = scale(4.0, mul(mul(e, r), r))
        out.append(slope)
        if order >= 2:
            out.append(scale(-2.0, mul(t, slope)))
    return out


_SERIES_BELOW = 2.0**-30
"""Below this, log1p(e) is summed as e − e²/2 + e³/3 (the Newton step below would lose digits)."""


def softplus_jet(u: Part, order: int) -> list[Part]:
    """softplus = max(u, 0) + log1p(e), e = e^−|u|; softplus′ = σ(u), softplus″ = σ′(u).

    log1p(e) to double-double: y = fl(log1p(e)), corrected by δ = (1 + e)·e^{−y} − 1 (so that
    log1p(e) = y + log1p(δ) ≈ y + δ); for tiny e the series e − e²/2 + e³/3 instead.
    """
    negative, e, _, r = _logistic(u, with_expm1=False)
    y = np.log1p(e[0])
    exp_minus_y, _ = _exp_neg(-y, None, with_expm1=False)
    product = mul(add(ONE, e), exp_minus_y)
    newton = normalise(y, (product[0] - 1.0) + (0.0 if product[1] is None else product[1]))
    e_lo = 0.0 if e[1] is None else e[1]
    series = normalise(e[0], e_lo - 0.5 * e[0] * e[0] + e[0] * e[0] * e[0] / 3.0)
    log_term = select(np.asarray(e[0]) < _SERIES_BELOW, series, newton)
    positive_part = select(negative, (np.zeros_like(u[0]), None), u)
    out = [add(positive_part, log_term)]
    if order >= 1:
        low = mul(e, r)
        out.append(select(negative, low, r))
        if order >= 2:
            out.append(mul(low, r))
    return out


_TWO_OVER_SQRT_PI: Part = (np.float64(1.1283791670955126), np.float64(1.533545961316588e-17))
_ERFC_FROM = 0.5
"""Where |u| ≥ this, erf(u) = ±(1 − erfc(|u|)) keeps erfc's relative accuracy in the low part
(1 + erf(u) for u ≪ 0 is then accurate, which fl(erf(u)) = −1 is not)."""


def erf_jet(u: Part, order: int) -> list[Part]:
    """erf and its derivatives at the double-double u.

    Where |u| ≥ ½: erf = ±(1 − erfcx(|u|)·e^{−u²}) with u² an exact product and e^{−u²} a
    double-double, so 1 + erf(u) for u ≪ 0 keeps erfcx's relative accuracy (fl(erf(u)) would be −1,
    and SciPy's erfc rounds u² inside: ~300 ULP at u = −26). Below ½: fl(erf(u)), shifted to first
    order for u's low part. erf′ = (2/√π)·e^{−u²}; erf″ = −2u·erf′. SciPy is imported on first use,
    as the catalogue's erf does.
    """
    from scipy.special import erf, erfcx

    hi = np.asarray(u[0], dtype=np.float64)
    square = mul(u, u)
    gauss, _ = _exp_neg(-square[0], None if square[1] is None else -square[1], with_expm1=False)
    slope = mul(_TWO_OVER_SQRT_PI, gauss)
    tail = mul((erfcx(np.abs(hi)), None), gauss)
    far = add(ONE, neg(tail))
    far = select(hi < 0, neg(far), far)
    near = normalise(erf(hi), None if u[1] is None else slope[0] * u[1])
    out = [select(np.abs(hi) >= _ERFC_FROM, far, near)]
    if order >= 1:
        out.append(slope)
        if order >= 2:  # −2u·erf′, and 0 where erf′ is (u = ±inf would give inf·0)
            out.append(select(slope[0] == 0.0, (np.zeros_like(hi), None), scale(-2.0, mul(u, slope))))
    return out


Kernel = Callable[[Part, int], list[Part]]

_CATALOGUE: dict[str, Callable[[Mapping[str, Any]], Kernel | None]] = {
    "sigmoid": lambda params: sigmoid_jet,
    "tanh": lambda params: tanh_jet,
    "erf": lambda params: erf_jet,
    "softplus": lambda params: softplus_jet if params.get("beta", 1.0) == 1.0 and params.get("threshold", np.inf) == np.inf else None,
}
"""Catalogue functions with a double-double kernel, and the parameter values it covers (softplus:
β = 1 without PyTorch's linear cut-off; other parameter values use the catalogue in float64)."""


def catalogue_kernel(name: str, params: Mapping[str, Any]) -> Kernel | None:
    """The double-double kernel of a catalogue function with these parameters, if there is one."""
    chooser = _CATALOGUE.get(name)
    return None if chooser is None else chooser(params)
