"""Gaussian-error gates: GELU (exact and tanh approximation) and QuickGELU.

All three are x times a smooth gate that tends to 0 on the left and 1 on the right, so they share
one structure: with Q the *small* side of the gate (Q = Φ(−|x|), resp. σ(−|v|)),

    f = x·Q for x < 0 and x − x·Q for x ≥ 0, i.e. f = max(x·Q, x − x·Q)  (Q ≤ 1/2: exact select).

Q carries a factor e^(−u) with u ≥ 0 (u = x²/2 for the exact GELU; u = |v| for the sigmoid gates).
That exponential is where float64 accuracy is lost or kept:

* u is formed as a double-double (u_hi + u_lo: Dekker products of |x| and double-double constants,
  x² exact) and the low part is applied as a factor (1 − u_lo). Rounding u to a double alone costs
  up to u·2^−53 relative — hundreds of ULP in the left tail.
* Results that are subnormal (x ≲ −38.6 exact, ≲ −21 tanh form, ≲ −434 QuickGELU) must be rounded
  once, at the very last multiplication: for u > 600 the exponential is taken as e^(−u + 128·ln2)
  (the shift subtracts exactly) and the product is multiplied by 2^−128 at the end.
* |x| is clamped before squaring or cubing (40 exact, 100 tanh form, 1000 QuickGELU: every output
  has saturated to x or 0 exactly there), so nothing overflows and ±inf give their limits.

SciPy (erfcx, ndtr) is imported inside the exact-GELU kernels, never at module import.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from actplot import _zero_tables as zeros
from actplot._numerics import patch_zeros, split, step, two_prod, two_sum
from actplot.shape import Monotonicity, Smoothness, between
from actplot.spec import ActivationSpec, Declared, Flavor, FloatArray, Formulas, FormulaVariant, IndexArray, Param

# --- double-double constants (hi + lo, computed with mpmath at 50 digits) -----------------------

_R2_HI, _R2_LO = 0.7071067811865476, -4.833646656726457e-17  # 1/√2
_C1_HI, _C1_LO = 0.3989422804014327, -2.49232720227773e-17  # 1/√(2π)
_A_HI, _A_LO = 1.5957691216057308, -9.96930880911092e-17  # 2k = 2√(2/π)
_B_HI, _B_LO = 0.07135481627260025, -6.175149918155315e-19  # 2k·0.044715
_B3_HI, _B3_LO = 0.21406444881780073, 1.2025242832367862e-17  # 3·2kc
_B12_HI, _B12_LO = 0.8562577952712029, 4.810097132947145e-17  # 12·2kc
_BETA_HI, _BETA_LO = 1.702, 4.263256414560601e-17  # 1.702 (decimal)
_BETA2_HI, _BETA2_LO = 2.896804, 6.545519681822043e-17  # 1.702²
_SHIFT_HI, _SHIFT_LO = 88.72283911167301, -1.124247479347874e-14  # 128·ln 2; hi is a multiple of 2^−43
_SHIFT_FROM = 600.0  # above this u, e^(−u) is computed shifted by 2^128
_UNSHIFT = 2.0**-128

_CLAMP_EXACT = 40.0  # |x| beyond: exact GELU = x or −0, f′ = 1 or 0, f″ = 0 (all underflow to 0 at −40)
_CLAMP_TANH = 100.0  # u(100) ≈ 7e4
_CLAMP_QUICK = 1000.0  # u(1000) = 1702


def _exp_neg(u: FloatArray, u_lo: FloatArray) -> tuple[FloatArray, FloatArray]:
    """e^(−(u + u_lo)) = es·scale for u ≥ 0, es normal for u < 796; scale is 1 or 2^−128 (exact select).

    (u is a double-double's high part; u_lo its small low part, applied as a factor 1 − u_lo.)
    For u ≤ 600 this is e^(−u)(1 − u_lo); above, e^(128 ln2 − u)·(1 − u_lo + shift_lo) with the
    subtraction exact (u < 1024 and the shift both lie on the 2^−43 grid), so a subnormal result is
    produced only by the caller's final multiplication by ``scale``.
    """
    big = (u > _SHIFT_FROM).astype(np.float64)
    ex = np.exp(big * _SHIFT_HI - u)
    es = ex + ex * (big * _SHIFT_LO - u_lo)
    scale = np.maximum(big * _UNSHIFT, 1.0 - big)
    return es, scale


# --- exact GELU ----------------------------------------------------------------------------------


_INNER = 1.0  # |x| below: Φ(−|x|) from ndtr (≤ 3 ULP there; SciPy's erfcx is 5–7 ULP near 0)


def _exact_parts(x: FloatArray) -> tuple[FloatArray, FloatArray, FloatArray, FloatArray, IndexArray, FloatArray]:
    """Pieces of Φ(−|x|) = ½·erfcx(|x|/√2)·e^(−x²/2) shared by f and f′.

    ax = min(|x|, 40); hw = ½·erfcx(ax/√2); e^(−x²/2) = es·scale from the exact x²; and the
    indices ``inner`` where |x| < 1 with q_in = ndtr(−|x|) there (SciPy's erfcx is 5–7 ULP near 0,
    ndtr ≤ 3).
    """
    from scipy.special import erfcx, ndtr

    ax = np.minimum(np.abs(x), _CLAMP_EXACT)
    # erfcx changes by at most its own relative amount under a relative change of its argument,
    # so the rounding of ax/√2 costs ≤ 0.5 ULP here (not the ≈ x² amplification erfc would have)
    hw = 0.5 * erfcx(ax * _R2_HI)
    s, s_lo = two_prod(ax, ax)
    es, scale = _exp_neg(0.5 * s, 0.5 * s_lo)
    inner = np.flatnonzero(ax < _INNER)
    q_in = ndtr(-ax[inner])
    return ax, hw, es, scale, inner, q_in


def _exact_value(x, ax, hw, es, scale, inner, q_in):  # type: ignore[no-untyped-def]
    # x·Φ(−|x|) with the exponential multiplied last (subnormal results), then the exact select
    xc = np.copysign(ax, x)
    xq = ((xc * hw) * es) * scale
    xq[inner] = xc[inner] * q_in
    return np.maximum(xq, x - xq)


def _exact_first(x, ax, hw, es, scale, inner, q_in):  # type: ignore[no-untyped-def]
    # f′(−|x|) = Φ(−|x|) − |x|·φ(x) = e^(−x²/2)·(½erfcx(|x|/√2) − |x|/√(2π)) = g·e^(−x²/2);
    # f′ = g·e^(−x²/2) for x < 0 and 1 − g·e^(−x²/2) for x ≥ 0 (f′(x) + f′(−x) = 1)
    p, p_lo = two_prod(ax, _C1_HI)
    p_lo = p_lo + ax * _C1_LO
    ge = (((hw - p) - p_lo) * es) * scale
    e_in = es[inner]  # scale is 1 for |x| < 1
    ge[inner] = q_in - (p[inner] * e_in + p_lo[inner] * e_in)
    pos = step(x)
    return patch_zeros(pos + (1.0 - 2.0 * pos) * ge, x, 0.0, zeros.GELU_FIRST)


def gelu_exact_value(x: FloatArray) -> FloatArray:
    r"""Exact GELU.

    .. math:: \mathrm{GELU}(x) = x\,\Phi(x) = \tfrac{x}{2}\bigl(1 + \mathrm{erf}(x/\sqrt{2})\bigr)

    With Q = Φ(−|x|) = ½·erfcx(|x|/√2)·e^(−x²/2) (never 1 + erf, which cancels for x < 0):
    GELU = max(x·Q, x − x·Q). x² is exact (Dekker) and e^(−x²/2) is applied last, so the tail
    keeps its accuracy down to the subnormal results near x = −38; Q = ndtr(−|x|) for |x| < 1.
    """
    return _exact_value(x, *_exact_parts(x))


def gelu_exact_first(x: FloatArray) -> FloatArray:
    r""".. math:: \mathrm{GELU}'(x) = \Phi(x) + x\,\varphi(x)

    g = ½erfcx(|x|/√2) − |x|/√(2π) (the second term a double-double product), then g·e^(−x²/2)
    for x < 0 and 1 − g·e^(−x²/2) for x ≥ 0: the common factor e^(−x²/2) is never part of a
    cancellation. Zero at x ≈ −0.7518: within 0.5 of it, where ½erfcx − |x|/√(2π) still cancels,
    f′ = d·P(d) with d = x − r to the last bit and P a fitted polynomial (see ``patch_zeros``).
    """
    return _exact_first(x, *_exact_parts(x))


def gelu_exact_second(x: FloatArray) -> FloatArray:
    r""".. math:: \mathrm{GELU}''(x) = \varphi(x)\,(2 - x^{2})

    2 − x² = (2 − s) − s_lo with x² = s + s_lo exact (2 − s is exact near the zeros ±√2).
    """
    ax = np.minimum(np.abs(x), _CLAMP_EXACT)
    s, s_lo = two_prod(ax, ax)
    es, scale = _exp_neg(0.5 * s, 0.5 * s_lo)
    b = (2.0 - s) - s_lo
    return ((b * _C1_HI + b * _C1_LO) * es) * scale


# --- sigmoid gates: x·σ(v(x)), v odd and increasing ------------------------------------------------


def _gate_u(x: FloatArray, approximate: str) -> tuple[FloatArray, FloatArray, FloatArray, Any, Any]:
    """ax = |x| clamped, u = |v| as a double-double (u, u_lo), and x² = s + s_lo exactly.

    tanh form: u = |x|·(2k + 2kc·x²); QuickGELU: u = 1.702·|x| (x² not needed: s, s_lo = None).
    (The last two are typed Any: arrays or None depending on the *value* of ``approximate``.)
    """
    if approximate == "tanh":
        ax = np.minimum(np.abs(x), _CLAMP_TANH)
        a_hi, a_lo = split(ax)  # Dekker products below, the split of |x| computed once
        s = ax * ax
        s_lo = ((a_hi * a_hi - s) + (a_hi + a_hi) * a_lo) + a_lo * a_lo
        b, b_lo = two_prod(s, _B_HI)
        b_lo = b_lo + (s * _B_LO + s_lo * _B_HI)
        q, q_lo = two_sum(b, _A_HI)  # q = 2k + 2kc·x²
        q_lo = q_lo + (b_lo + _A_LO)
        q_hi, q_mid = split(q)
        u = ax * q
        u_lo = ((a_hi * q_hi - u) + a_hi * q_mid + a_lo * q_hi) + a_lo * q_mid
        return ax, u, u_lo + ax * q_lo, s, s_lo
    ax = np.minimum(np.abs(x), _CLAMP_QUICK)
    u, u_lo = two_prod(ax, _BETA_HI)
    return ax, u, u_lo + ax * _BETA_LO, None, None


_GateParts = tuple[FloatArray, FloatArray, FloatArray, FloatArray, FloatArray, FloatArray, FloatArray]


def _gate_parts(x: FloatArray, approximate: str) -> _GateParts:
    """ax, e^(−|v|) = es·scale, r = σ(|v|) = 1/(1 + e^(−|v|)), x² (tanh form only) and |v| = u + u_lo."""
    ax, u, u_lo, s, _ = _gate_u(x, approximate)
    es, scale = _exp_neg(u, u_lo)
    r = 1.0 / (1.0 + es * scale)
    return ax, es, scale, r, s, u, u_lo


def _gate_value(x: FloatArray, ax: FloatArray, es: FloatArray, scale: FloatArray, r: FloatArray) -> FloatArray:
    # x·σ(−|v|) = x·e·r with e applied last; x·σ(v) = max(x·σ(−|v|), x − x·σ(−|v|))
    xq = ((np.copysign(ax, x) * r) * es) * scale
    return np.maximum(xq, x - xq)


def _gate_first(
    x: FloatArray,
    ax: FloatArray,
    es: FloatArray,
    scale: FloatArray,
    r: FloatArray,
    s: FloatArray,
    u: FloatArray,
    u_lo: FloatArray,
    approximate: str,
) -> FloatArray:
    # f′ = σ(v) + x·v′·σ′(v), σ′ = e·r²: x ≥ 0: r + x·v′·r²·e; x < 0: e·r·(1 + x·v′·r);
    # next to the zero of f′ (where 1 + x·v′·r cancels) d·P(d) instead (see ``patch_zeros``):
    # in x for the tanh form, in v = 1.702x (the zero of SiLU′) for QuickGELU
    pos = step(x)
    slope = _A_HI + _B3_HI * s if approximate == "tanh" else _BETA_HI  # v′
    xv = np.copysign(ax, x) * slope
    out = pos * r + ((r * ((1.0 - pos) + xv * r)) * es) * scale
    if approximate == "tanh":
        return patch_zeros(out, x, 0.0, zeros.GELU_TANH_FIRST)
    return patch_zeros(out, np.copysign(u, x), u_lo * np.copysign(1.0, x), zeros.QUICK_GELU_FIRST)


def _gate_second(x: FloatArray, approximate: str) -> FloatArray:
    """f″ = σ′(v)·(K − |x|·v′²·tanh(|v|/2)), K = 2v′ + x·v″, σ′(v) = e·r².

    The bracket has zeros (|x| ≈ 1.4185 tanh form, ≈ 1.4097 QuickGELU) where its two terms cancel, so
    K and |x|·v′²·T are double-doubles and T = tanh(|v|/2) is np.tanh corrected for u_lo; within
    0.5 of those zeros in x (tanh form), resp. 0.6 in v = 1.702x (QuickGELU), f″ = d·P(d) (see ``patch_zeros``).
    """
    ax, u, u_lo, s, s_lo = _gate_u(x, approximate)
    es, scale = _exp_neg(u, u_lo)
    t = np.tanh(0.5 * u)
    t = t + (1.0 - t * t) * (0.5 * u_lo)
    r = 0.5 + 0.5 * t  # σ(|v|)
    d: FloatArray | float
    d_lo: FloatArray | float
    k: FloatArray | float
    k_lo: FloatArray | float
    if approximate == "tanh":
        # v′ = 2k + 3·2kc·x², K = 2·2k + 12·2kc·x²
        d, d_lo = two_prod(s, _B3_HI)
        d, d2 = two_sum(d, _A_HI)
        d_lo = d_lo + (s * _B3_LO + s_lo * _B3_HI) + d2 + _A_LO
        k, k_lo = two_prod(s, _B12_HI)
        k, k2 = two_sum(k, 2.0 * _A_HI)
        k_lo = k_lo + (s * _B12_LO + s_lo * _B12_HI) + k2 + 2.0 * _A_LO
        sq, sq_lo = two_prod(d, d)
        d, d_lo = sq, sq_lo + 2.0 * d * d_lo  # v′² = (d + d_lo)²
    else:
        d, d_lo = _BETA2_HI, _BETA2_LO
        k, k_lo = 2.0 * _BETA_HI, 2.0 * _BETA_LO
    p, p_lo = two_prod(ax, d)
    p_lo = p_lo + ax * d_lo
    pt, pt_lo = two_prod(p, t)
    pt_lo = pt_lo + p_lo * t
    bracket = (k - pt) + (k_lo - pt_lo)
    out = (((r * r) * bracket) * es) * scale
    if approximate == "tanh":
        return patch_zeros(out, x, 0.0, zeros.GELU_TANH_SECOND)
    return patch_zeros(out, np.copysign(u, x), u_lo * np.copysign(1.0, x), zeros.QUICK_GELU_SECOND, scale=_BETA_HI)


# --- GELU (both forms) -------------------------------------------------------------------------------


def gelu_value(x: FloatArray, approximate: str = "none") -> FloatArray:
    r"""GELU, exact (``approximate='none'``) or the tanh approximation.

    .. math:: x\,\Phi(x) \quad\text{or}\quad \tfrac{x}{2}\bigl(1 + \tanh(k(x + c\,x^{3}))\bigr),\
              k = \sqrt{2/\pi},\ c = 0.044715

    The tanh form is evaluated as x·σ(v), v = 2k·x(1 + c·x²), because ½(1 + tanh u) = σ(2u)
    (1 + tanh u cancels completely for x < −7); v is a double-double (see the module docstring).
    """
    if approximate == "tanh":
        ax, es, scale, r, _, _, _ = _gate_parts(x, "tanh")
        return _gate_value(x, ax, es, scale, r)
    return gelu_exact_value(x)


def gelu_first(x: FloatArray, approximate: str = "none") -> FloatArray:
    r"""GELU′: Φ(x) + x·φ(x), or for the tanh form σ(v) + x·v′·σ(v)σ(−v), v′ = 2k(1 + 3c·x²)."""
    if approximate == "tanh":
        return _gate_first(x, *_gate_parts(x, "tanh"), "tanh")
    return gelu_exact_first(x)


def gelu_second(x: FloatArray, approximate: str = "none") -> FloatArray:
    r"""GELU″: φ(x)(2 − x²), or for the tanh form σ′(v)(4k + 24kc·x² − |x|·v′²·tanh(|v|/2))."""
    if approximate == "tanh":
        return _gate_second(x, "tanh")
    return gelu_exact_second(x)


def gelu_pair(x: FloatArray, approximate: str = "none") -> tuple[FloatArray, FloatArray]:
    """GELU and GELU′ sharing erfcx and the exponential (resp. σ's pieces)."""
    if approximate == "tanh":
        gate = _gate_parts(x, "tanh")
        return _gate_value(x, *gate[:4]), _gate_first(x, *gate, "tanh")
    parts = _exact_parts(x)
    return _exact_value(x, *parts), _exact_first(x, *parts)


GELU = ActivationSpec(
    name="gelu",
    title="GELU",
    family="gated/smooth",
    params=(
        Param(
            name="approximate",
            default="none",
            doc="'none': exact x·Φ(x); 'tanh': the tanh approximation of the GELU paper",
            choices=("none", "tanh"),
        ),
    ),
    formula=r"x\,\Phi(x) = \frac{x}{2}\left(1 + \mathrm{erf}\left(\frac{x}{\sqrt{2}}\right)\right)",
    formula_text="x·Φ(x) = (x/2)(1 + erf(x/√2))",
    derivative_formula=r"\Phi(x) + x\,\varphi(x),\ \varphi(x) = e^{-x^{2}/2}/\sqrt{2\pi}",
    derivative_formula_text="Φ(x) + x·φ(x), φ(x) = e^(−x²/2)/√(2π)",
    formula_variants=(
        FormulaVariant(
            applies=lambda params: params["approximate"] == "none",
            formulas=Formulas(
                formula=r"x\,\Phi(x) = \frac{x}{2}\left(1 + \mathrm{erf}\left(\frac{x}{\sqrt{2}}\right)\right)",
                formula_text="x·Φ(x) = (x/2)(1 + erf(x/√2))",
                derivative_formula=r"\Phi(x) + x\,\varphi(x),\ \varphi(x) = e^{-x^{2}/2}/\sqrt{2\pi}",
                derivative_formula_text="Φ(x) + x·φ(x), φ(x) = e^(−x²/2)/√(2π)",
            ),
        ),
        FormulaVariant(
            applies=lambda params: params["approximate"] == "tanh",
            formulas=Formulas(
                formula=r"\frac{x}{2}\left(1 + \tanh\left(\sqrt{2/\pi}\,(x + 0.044715\,x^3)\right)\right)",
                formula_text="(x/2)(1 + tanh(√(2/π)(x + 0.044715x³)))",
                derivative_formula=(
                    r"\frac{1 + t}{2} + \frac{x}{2}\,(1 - t^2)\,\sqrt{2/\pi}\,(1 + 0.134145\,x^2),\ "
                    r"t = \tanh\left(\sqrt{2/\pi}\,(x + 0.044715\,x^3)\right)"
                ),
                derivative_formula_text=(
                    "(1 + t)/2 + (x/2)(1 − t²)·√(2/π)(1 + 0.134145x²), t = tanh(√(2/π)(x + 0.044715x³))"
                ),
            ),
        ),
    ),
    value=gelu_value,
    derivative=gelu_first,
    second_derivative=gelu_second,
    value_and_derivative=gelu_pair,
    declared=Declared(
        range=between(-0.16997, math.inf, low_attained=True, low_approximate=True),
        bounded=False,
        monotonic=Monotonicity.NO,
        monotonic_derivative=False,
        smoothness=Smoothness.CINF,
        zero_centered=True,
        identity_near_zero=False,
    ),
    reference="Hendrycks & Gimpel, 'Gaussian Error Linear Units (GELUs)' (2016), arXiv:1606.08415",
    frameworks={
        "torch": Flavor("torch.nn.GELU(approximate='none'), torch.nn.functional.gelu"),
        "keras3": Flavor(
            "keras.activations.gelu(x, approximate=False)",
            note="keras.ops.gelu defaults to approximate=True (the tanh form)",
        ),
        "keras2": Flavor("tf.keras.activations.gelu(x, approximate=False) (tf.nn.gelu)"),
        "jax": Flavor(
            "jax.nn.gelu(x, approximate=True)",
            defaults={"approximate": "tanh"},
            note="JAX defaults to the tanh approximation; approximate=False gives the exact form",
        ),
    },
    examples=({"approximate": "tanh"},),
    notes=(
        "The default differs between frameworks: exact in torch, keras.activations and tf.keras, the tanh "
        "approximation in JAX and keras.ops.gelu; the two differ by up to 4.73e-4 (near x = −2.70). "
        "Minimum of the exact form −0.16997 at x ≈ −0.7518."
    ),
)

# --- QuickGELU ------------------------------------------------------------------------------------


def quick_gelu_value(x: FloatArray) -> FloatArray:
    r"""QuickGELU (the sigmoid approximation of GELU used by OpenAI CLIP).

    .. math:: x\,\sigma(1.702\,x)

    1.702·|x| is a double-double (1.702 itself is not a double), so the left tail keeps its
    accuracy; the exponential is applied last (subnormal results near x = −435).
    """
    return _gate_value(x, *_gate_parts(x, "quick")[:4])


def quick_gelu_first(x: FloatArray) -> FloatArray:
    r""".. math:: \sigma(1.702x)\,\bigl(1 + 1.702x\,\sigma(-1.702x)\bigr)"""
    return _gate_first(x, *_gate_parts(x, "quick"), "quick")


def quick_gelu_second(x: FloatArray) -> FloatArray:
    r""".. math:: 1.702\,\sigma'(v)\,\bigl(2 - v\tanh(v/2)\bigr),\ v = 1.702x"""
    return _gate_second(x, "quick")


def quick_gelu_pair(x: FloatArray) -> tuple[FloatArray, FloatArray]:
    parts = _gate_parts(x, "quick")
    return _gate_value(x, *parts[:4]), _gate_first(x, *parts, "quick")


QUICK_GELU = ActivationSpec(
    name="quick_gelu",
    aliases=("quickgelu",),
    title="QuickGELU",
    family="gated/smooth",
    formula=r"x\,\sigma(1.702\,x)",
    formula_text="x·σ(1.702x)",
    derivative_formula=r"\sigma(1.702x)\,\left(1 + 1.702x\,(1 - \sigma(1.702x))\right)",
    derivative_formula_text="σ(1.702x)(1 + 1.702x(1 − σ(1.702x)))",
    value=quick_gelu_value,
    derivative=quick_gelu_first,
    second_derivative=quick_gelu_second,
    value_and_derivative=quick_gelu_pair,
    declared=Declared(
        range=between(-0.16361, math.inf, low_attained=True, low_approximate=True),
        bounded=False,
        monotonic=Monotonicity.NO,
        monotonic_derivative=False,
        smoothness=Smoothness.CINF,
        zero_centered=True,
        identity_near_zero=False,
    ),
    reference=(
        "Hendrycks & Gimpel, 'Gaussian Error Linear Units (GELUs)' (2016), arXiv:1606.08415, §2 "
        "(x·σ(1.702x)); used as QuickGELU in OpenAI CLIP"
    ),
    notes=(
        "Not in torch, Keras or JAX. A swish x·σ(βx) with β = 1.702 approximating the exact GELU: they differ "
        "by up to 0.0203 (at x ≈ ±2.27). Minimum −0.16361 at x ≈ −0.7512."
    ),
)

SPECS: tuple[ActivationSpec, ...] = (GELU, QUICK_GELU)
