"""Exact and stable building blocks shared by the kernels (NumPy only).

Rules followed throughout (docs/kernels.md, "Numerical recipes"): exponentiate only non-positive arguments; never
form 1 − σ, 1 − tanh² or 1 + erf by subtraction; give ±inf explicit limits; select branches with
max/min or an exactly-zero term instead of ``np.where`` on data; recover the rounding error of a
large argument that feeds ``exp`` and apply it as a factor (1 + err).
"""

from __future__ import annotations

import decimal
import functools
import math
from fractions import Fraction
from typing import NamedTuple

import numpy as np

from actplot.spec import FloatArray

_SPLITTER = 134217729.0  # 2**27 + 1, Dekker's constant for float64
_SPLIT_LIMIT = 2.0**996  # above this, splitting would overflow; scale first


def split(a: FloatArray) -> tuple[FloatArray, FloatArray]:
    """Dekker split a = hi + lo with hi holding the top 26 bits (|a| < 2**996)."""
    c = _SPLITTER * a
    hi = c - (c - a)
    return hi, a - hi


def two_prod(a: FloatArray, b: FloatArray | float) -> tuple[FloatArray, FloatArray]:
    """a·b = p + e exactly (no FMA in NumPy: Dekker's algorithm). Needs |a|,|b| < 2**996, no overflow."""
    p = a * b
    a_hi, a_lo = split(a)
    b_hi, b_lo = split(np.asarray(b, dtype=np.float64))
    e = ((a_hi * b_hi - p) + a_hi * b_lo + a_lo * b_hi) + a_lo * b_lo
    return p, e


def two_sum(a: FloatArray, b: FloatArray | float) -> tuple[FloatArray, FloatArray]:
    """a + b = s + e exactly (Knuth's TwoSum)."""
    s = a + b
    bb = s - a
    e = (a - (s - bb)) + (b - bb)
    return s, e


def fast_two_sum(a: FloatArray, b: FloatArray) -> tuple[FloatArray, FloatArray]:
    """a + b = s + e exactly, when |a| ≥ |b| or a is 0 (Dekker's Fast2Sum: three operations)."""
    s = a + b
    return s, b - (s - a)


def dd_add(
    ah: FloatArray, al: FloatArray, bh: FloatArray | float, bl: FloatArray | float
) -> tuple[FloatArray, FloatArray]:
    """(ah + al) + (bh + bl) as a normalised double-double (relative error about 2⁻¹⁰⁴)."""
    s, e = two_sum(ah, bh)
    return fast_two_sum(s, e + (al + bl))


def dd_mul(ah: FloatArray, al: FloatArray, bh: FloatArray, bl: FloatArray | float) -> tuple[FloatArray, FloatArray]:
    """(ah + al)·(bh + bl) as a normalised double-double (the al·bl term is below the precision)."""
    p, e = two_prod(ah, bh)
    return fast_two_sum(p, e + (ah * bl + al * bh))


def fraction_dd(value: Fraction) -> tuple[float, float]:
    """An exact rational as a double-double (hi, lo): hi = the correctly rounded float, lo = the
    rounded remainder. Beyond the float range hi is ±inf and lo is 0."""
    try:
        hi = float(value)
    except OverflowError:
        return (math.inf if value > 0 else -math.inf), 0.0
    return hi, float(value - Fraction(hi))


def sorted_unique(values: np.ndarray) -> np.ndarray:
    """The sorted distinct values of a 1-D array: ``np.unique`` for real, nan-free data, element
    for element (the same sort, the same keep-the-first rule, so -0.0 and 0.0 collapse alike).

    Why not ``np.unique``: since NumPy 2.3 it asks ``np.ma.is_masked`` and so loads ``numpy.ma``
    (~8 ms, a twentieth of a terminal command) for arrays that cannot be masked.
    """
    ordered = np.sort(values)
    if ordered.size < 2:
        return ordered
    keep = np.empty(ordered.size, dtype=bool)
    keep[0] = True
    np.not_equal(ordered[1:], ordered[:-1], out=keep[1:])
    return ordered[keep]


def nan_zero(x: FloatArray) -> FloatArray:
    """0.0 where x is a number (±inf included), nan where x is nan: added to an indicator it
    makes nan propagate without warnings (0·inf would warn)."""
    return np.minimum(np.abs(x), 0.0)


def zero_curvature(x: FloatArray, **_params: object) -> FloatArray:
    """The f″ kernel of a piecewise-linear function: 0 (nan for nan). The Dirac parts at its
    jumps and kinks are not values; the kinks record where they are."""
    return nan_zero(x)


def indicator(mask: np.ndarray, x: FloatArray) -> FloatArray:
    """1.0 where ``mask``, else 0.0, and nan where x is nan."""
    return np.add(mask, nan_zero(x))


def step(x: FloatArray) -> FloatArray:
    """1.0 where x >= 0, else 0.0 (nan gives 0.0)."""
    return (x >= 0.0).astype(np.float64)


def sigmoid_parts(x: FloatArray) -> tuple[FloatArray, FloatArray]:
    """e = exp(−|x|) and r = 1/(1 + e), the two pieces every logistic formula is built from."""
    e = np.abs(x)
    np.negative(e, out=e)
    np.exp(e, out=e)
    r = np.add(e, 1.0)
    np.divide(1.0, r, out=r)
    return e, r


def sigmoid(x: FloatArray) -> FloatArray:
    """σ(x) = 1/(1 + e^−x) = r for x ≥ 0 and e·r for x < 0 (subnormal results kept, nan kept)."""
    e, r = sigmoid_parts(x)
    np.maximum(e, np.greater_equal(x, 0.0), out=e)
    return np.multiply(r, e, out=r)


def sigmoid_neg(x: FloatArray) -> FloatArray:
    """σ(−x) = 1 − σ(x), computed directly."""
    e, r = sigmoid_parts(x)
    np.maximum(e, np.less_equal(x, 0.0), out=e)
    return np.multiply(r, e, out=r)


def sigmoid_derivative(x: FloatArray) -> FloatArray:
    """σ′(x) = σ(x)σ(−x) = e/(1 + e)² with e = exp(−|x|)."""
    e, r = sigmoid_parts(x)
    np.multiply(e, r, out=e)
    return np.multiply(e, r, out=e)


def log1p_exp_neg_abs(x: FloatArray) -> FloatArray:
    """log(1 + e^−|x|), the correction term of softplus and log-sigmoid."""
    return np.log1p(np.exp(-np.abs(x)))


def div_dd(m: FloatArray, d: float) -> tuple[FloatArray, FloatArray]:
    """m/d = t + t_lo to double-double precision (m is overwritten with t_lo).

    With t = fl(m/d) = t_h + t_l (Dekker) and d = d_h + d_l: m − d·t = ((m − t_h·d_h) − t_h·d_l)
    − t_l·d, the first difference exact (Sterbenz) and the rest rounded far below |m − d·t|; then
    t_lo = (m − d·t)/d. Needs finite m and 2⁻⁹⁰⁰ < |d| < 2⁹⁹⁶; where t is subnormal (or the
    partial products underflow) t_lo is not accurate, but it stays below ~|t| in size.
    """
    t = m / d
    d_h = _SPLITTER * d
    d_h -= d_h - d
    d_l = d - d_h
    t_h = t * _SPLITTER
    t_l = t_h - t
    t_h -= t_l
    np.subtract(t, t_h, out=t_l)
    t_l *= d
    t_l += t_h * d_l
    t_h *= d_h
    m -= t_h
    del t_h
    m -= t_l
    del t_l
    m /= d
    return t, m


# --- exp and expm1 of a non-positive argument to double-double accuracy ------------------------
#
# α·expm1(x) and α·eˣ rounded once. np.expm1/np.exp are faithful, not correctly rounded, so
# multiplying their result by an α that is not a power of 2 rounds twice and reaches ~1.3 ULP.
# Here e^z is carried as 2ᴷ·(1 + W) with W = W_hi + W_lo to a relative error below 2⁻⁶⁰ and
# the product with α is exact (Dekker) up to the one final rounding: ≤ 0.5 ULP + 2⁻⁷ ULP.
#
# Reduction: z = k·(ln2/128) + t with k = rint(z·128/ln2), |t| ≤ ln2/256; k = 128·K − i with
# K = trunc(k/128) ≤ 0 and i ∈ [0, 127]; eᶻ = 2ᴷ·T_i·eᵗ with T_i = 2^(−i/128) from a table
# (T_hi has 26 significant bits, so T_hi·t_hi splits exactly into two products) and
# u = eᵗ − 1 from a degree-6 Taylor polynomial (truncation |t|⁶/5040 < 2⁻⁶³ relative).
#
# Memory: these run on 8192-element chunks, and more than about 8 live 64 KiB arrays make glibc
# hand the heap top back to the system after every call (the next call page-faults it in again:
# 2-3x slower, measured). So the helpers work in place, consume their array arguments (documented as
# "overwritten") and keep at most 6 arrays alive.

EXP_DD_MIN = -1500.0
"""Lowest argument the helpers below accept; callers clip there (e^−1500 · 2¹⁰²⁴ rounds to 0)."""

_INV_C = 184.6649652337873  # 128/ln2 (it only chooses k: any nearby value works)
_C_HI = 0.005415212347998022  # ln2/128 to 34 bits: k·_C_HI is exact for |k| < 2¹⁹ (|z| ≤ 1500)
_C_LO = 1.2655086083325438e-13  # ln2/128 − _C_HI, rounded
_TAYLOR = (1.0 / 720.0, 1.0 / 120.0, 1.0 / 24.0, 1.0 / 6.0, 0.5)
_MAGIC = 2.0**52  # v + 2⁵² has the integer v in its low mantissa bits (0 ≤ v < 2⁵²)
_MAGIC_BITS = 0x4330000000000000  # the bit pattern of 2⁵²


@functools.cache
def _exp_table() -> tuple[np.ndarray, np.ndarray]:
    """T_i = 2^(−i/128), i = 0…127, as T_hi (26 significant bits) and T_lo = T − T_hi rounded.

    Built on first use (≈ 5 ms, Decimal at 50 digits): only a non-unit α needs it.
    """
    with decimal.localcontext() as ctx:
        ctx.prec = 50
        ln2 = decimal.Decimal(2).ln()
        exact = [Fraction((-(decimal.Decimal(i) / 128) * ln2).exp()) for i in range(128)]
    hi = [math.ldexp(round(t * 2**26), -26) for t in exact]  # T ∈ (1/2, 1]: 26 bits after the point
    lo = [float(t - Fraction(h)) for t, h in zip(exact, hi)]
    return np.array(hi), np.array(lo)


def _pow2_inplace(e: FloatArray) -> FloatArray:
    """Overwrite the integer-valued floats e ∈ [−1022, 1023] with 2**e (exact, no allocation)."""
    e += 1023.0 + _MAGIC  # exact: an integer below 2⁵³
    bits = e.view(np.int64)
    bits -= _MAGIC_BITS  # now the integer e + 1023
    bits <<= 52  # … moved into the exponent field
    return e


def exp_reduce(z: FloatArray, z_lo: FloatArray | None = None) -> tuple[FloatArray, FloatArray, FloatArray]:
    """e^{z + z_lo} = 2ᴷ·(1 + W_hi + W_lo): returns (K, W_hi, W_lo). z and z_lo are overwritten.

    z ∈ [EXP_DD_MIN, 0] or nan (nan propagates into W; K stays finite); |z_lo| ≤ 2⁻⁵⁰|z|.
    K ≤ 0 is integer-valued; W = T·eᵗ − 1 ∈ (−1/2, 0.003] has a relative error below 2⁻⁶⁰ (also
    for tiny z, where W_hi carries z to its last bit) and |W_lo| ≤ 2⁻²⁵|W_hi|.
    """
    kf = z * _INV_C
    np.rint(kf, out=kf)
    np.fmax(kf, -300000.0, out=kf)  # only acts on nan: keeps the index and K finite
    # t = z − k·ln2/128 = t_hi + t_lo, z − k·_C_HI exact (Sterbenz); t_hi in z's storage
    t_lo = kf * _C_HI
    z -= t_lo
    np.multiply(kf, -_C_LO, out=t_lo)
    if z_lo is not None:
        z_lo += t_lo
        t_lo = z_lo
    # u = eᵗ − 1 = t_hi + rest with rest = t_lo + t²·(1/2 + t/6 + t²/24 + t³/120 + t⁴/720)
    ts = z + t_lo
    rest = ts * _TAYLOR[0]
    for c in _TAYLOR[1:]:
        rest += c
        rest *= ts
    rest *= ts
    del ts
    rest += t_lo
    del t_lo
    # K = trunc(k/128) and i = 128·(K − k/128) ∈ [0, 127], both exact
    kf *= 1.0 / 128.0
    big_k = np.trunc(kf)
    np.subtract(big_k, kf, out=kf)
    kf *= 128.0
    index = kf.astype(np.intp)
    del kf
    table_hi, table_lo = _exp_table()
    t_small = table_lo.take(index)
    # T·eᵗ = T_hi + T_hi·t_hi + [T_hi·rest + T_lo·(1 + u)]; the bracket first (frees T_lo)
    low = z + rest
    low *= t_small
    low += t_small
    del t_small
    t_big = table_hi.take(index)
    del index
    rest *= t_big
    low += rest
    del rest
    # T_hi·t_hi = q + q2 exactly: t_hi = h + l (Dekker) and T_hi has 26 bits
    q = z * _SPLITTER
    d = q - z
    q -= d
    del d
    z -= q
    z *= t_big  # q2
    low += z
    del z
    q *= t_big
    # W = (T_hi − 1) + q + low: T_hi − 1 is exact and |T_hi − 1| ≥ |q| unless T_hi = 1 (Fast2Sum)
    t_big -= 1.0
    w_hi = t_big + q
    np.subtract(w_hi, t_big, out=t_big)
    np.subtract(q, t_big, out=q)
    del t_big
    q += low
    return big_k, w_hi, q


def expm1_from(big_k: FloatArray, w_hi: FloatArray, w_lo: FloatArray) -> tuple[FloatArray, FloatArray]:
    """expm1 = hi + lo (relative error below 2⁻⁶⁰) from :func:`exp_reduce`; all three overwritten."""
    # expm1 = 2ᴷ·W + (2ᴷ − 1): 2ᴷ − 1 = c + c_lo exactly, then Fast2Sum(c, 2ᴷ·W_hi) (|c| ≥ 1/2 or 0)
    p2 = _pow2_inplace(np.maximum(big_k, -1022.0, out=big_k))  # K < −1022 only where e^z ≪ 2⁻⁵⁴
    c = p2 - 1.0
    c_lo = c + 1.0
    np.subtract(p2, c_lo, out=c_lo)
    w_hi *= p2
    w_lo *= p2
    del p2
    w_lo += c_lo
    del c_lo
    hi = c + w_hi
    np.subtract(hi, c, out=c)
    np.subtract(w_hi, c, out=w_hi)
    del c
    w_lo += w_hi
    return hi, w_lo


def exp_from(w_hi: FloatArray, w_lo: FloatArray) -> tuple[FloatArray, FloatArray]:
    """M = 1 + W as M_hi + M_lo (M ∈ (1/2, 1.003], e^z = 2ᴷ·M); w_hi is overwritten."""
    m_hi = w_hi + 1.0  # Fast2Sum(1, W_hi): |W_hi| < 1
    m_hi -= 1.0  # exact; restored below
    err = np.subtract(w_hi, m_hi, out=w_hi)
    m_hi += 1.0
    err += w_lo
    return m_hi, err


@functools.lru_cache(maxsize=64)
def _scale_parts(scale: float) -> tuple[float, float, float, float]:
    """scale = a·back with back a power of 2 and a ∈ [2¹⁰⁵, 2¹⁰⁶) (a ≥ 1 when scale < 2⁻⁹⁶⁹), so
    that y·a splits exactly (Dekker: no underflow in the partial products) for every y ≥ 2⁻¹⁰⁷⁴
    that matters. Returns (a, a_hi, a_lo, back)."""
    _, e = math.frexp(scale)  # scale = m·2^e, m ∈ [1/2, 1)
    shift = min(106 - e, 1074)
    a = math.ldexp(scale, shift)
    c = _SPLITTER * a
    a_hi = c - (c - a)
    return a, a_hi, a - a_hi, math.ldexp(1.0, -shift)


def round_scaled(hi: FloatArray, lo: FloatArray, scale: float) -> FloatArray:
    """scale·(hi + lo) rounded once (twice only into the subnormal range: ≤ 0.5 ULP + 2⁻⁵⁴|result|
    relative). |hi| ≤ 4, |lo| ≤ 2⁻²⁰|hi| (or negligible), 0 < scale < 2¹⁰²⁴. hi, lo overwritten.

    With hi = h + l (Dekker) and a = a_hi + a_lo: hi·a = p + e, e = (h·a_hi − p) + h·a_lo + l·a
    where the first two terms are exact and l·a (26 × 53 bits) is rounded at 2⁻⁷⁸|p|.
    """
    a, a_hi, a_lo, back = _scale_parts(scale)
    h = hi * _SPLITTER
    p = h - hi
    h -= p  # h: the top 26 bits of hi
    hi -= h  # l
    np.add(h, hi, out=p)  # = hi exactly
    p *= a
    hi += lo
    hi *= a  # (l + lo)·a
    np.multiply(h, a_lo, out=lo)
    h *= a_hi
    h -= p  # exact
    h += lo
    h += hi
    p += h
    if back != 1.0:
        p *= back
    return p


def times_pow2(r: FloatArray, e: FloatArray) -> FloatArray:
    """r·2ᵉ in r's storage for integer-valued e ≤ 1023 (e overwritten), r·2ᵉ finite and
    |r| ∈ [1/4, 4] or 0: exact where the result is normal, one rounding below."""
    low = np.flatnonzero(e < -1022.0)
    if low.size:
        r_low = r[low]
        e_low = e[low].astype(np.int64)
    r *= _pow2_inplace(np.maximum(e, -1022.0, out=e))
    if low.size:
        r[low] = np.ldexp(r_low, e_low)
    return r


def scaled_exp_from(big_k: FloatArray, m_hi: FloatArray, m_lo: FloatArray, scale: float) -> FloatArray:
    """scale·2ᴷ·(M_hi + M_lo) rounded once (0 < scale < 2¹⁰²⁴); m_hi, m_lo overwritten, K kept."""
    mant, e = math.frexp(scale)  # scale = 2·mant · 2^(e−1), 2·mant ∈ [1, 2)
    if mant == 0.5:
        r = np.add(m_hi, m_lo, out=m_hi)
    else:
        r = round_scaled(m_hi, m_lo, 2.0 * mant)
    return times_pow2(r, big_k + float(e - 1))


def expm1_dd(z: FloatArray, z_lo: FloatArray | None = None) -> tuple[FloatArray, FloatArray]:
    """expm1(z + z_lo) as hi + lo, relative error below 2⁻⁶⁰; z ∈ [EXP_DD_MIN, 0] or nan.
    z and z_lo are overwritten."""
    return expm1_from(*exp_reduce(z, z_lo))


def exp_dd_scaled(z: FloatArray, z_lo: FloatArray | None, scale: float) -> FloatArray:
    """scale·e^{z + z_lo} rounded once (into the subnormal range: ≤ 0.5 ULP + 2⁻⁵⁴ relative);
    z ∈ [EXP_DD_MIN, 0] or nan, 0 < scale < 2¹⁰²⁴. z and z_lo are overwritten."""
    big_k, w_hi, w_lo = exp_reduce(z, z_lo)
    m_hi, m_lo = exp_from(w_hi, w_lo)
    return scaled_exp_from(big_k, m_hi, m_lo, scale)


# --- derivatives next to their zeros ------------------------------------------------------------
#
# Near a simple zero r of g = f′ or f″, g(x) ≈ g′(r)·(x − r) is much smaller than the O(1) terms a
# closed form adds, so the closed form's absolute error of a fraction of an epsilon becomes
# thousands of ULP of the result. There g is evaluated as g(r + d) = d·P(d): d = (x − r_hi) − r_lo
# is accurate to about 1 ULP (x − r_hi is exact by Sterbenz's lemma wherever d is small), and P — a
# polynomial fitted to g(r + d)/d in mpmath, see tools/derivative_zero_tables.py — has no zero
# there, so Horner's rule in double evaluates it to about 1 ULP.


class ZeroTable(NamedTuple):
    """Zeros r = hi + lo of one derivative, sorted, with radii and polynomial coefficients.

    ``rows[k]`` is (r_hi, r_lo, radius, (c_0, c_1, …)) with P_k(d) = Σ c_j d^j; ``by_degree[j]``
    holds c_j of every zero (zero-padded), for evaluating many zeros at once.
    """

    rows: tuple[tuple[float, float, float, tuple[float, ...]], ...]
    roots_hi: np.ndarray
    roots_lo: np.ndarray
    radii: np.ndarray
    by_degree: np.ndarray
    midpoints: np.ndarray


def zero_table(rows: tuple[tuple[float, float, float, tuple[float, ...]], ...]) -> ZeroTable:
    """Build a :class:`ZeroTable` from rows (root_hi, root_lo, radius, coefficients), sorted by root."""
    rows = tuple(sorted(rows))
    degree = max(len(row[3]) for row in rows)
    by_degree = np.zeros((degree, len(rows)))
    for k, row in enumerate(rows):
        by_degree[: len(row[3]), k] = row[3]
    hi = np.array([row[0] for row in rows])
    return ZeroTable(
        rows=rows,
        roots_hi=hi,
        roots_lo=np.array([row[1] for row in rows]),
        radii=np.array([row[2] for row in rows]),
        by_degree=by_degree,
        midpoints=0.5 * (hi[1:] + hi[:-1]),
    )


def _times_polynomial(d: FloatArray, coefficients: tuple[float, ...]) -> FloatArray:
    """d·P(d), P(d) = Σ c_j d^j by Horner's rule, in d's storage (about 1 ULP: the terms decay)."""
    acc = d * coefficients[-1]
    for c in coefficients[-2:0:-1]:
        acc += c
        acc *= d
    acc += coefficients[0]
    acc *= d
    return acc


def patch_zeros(
    out: FloatArray,
    t: FloatArray,
    t_lo: FloatArray | float,
    table: ZeroTable,
    scale: float = 1.0,
    candidates: np.ndarray | None = None,
) -> FloatArray:
    """Overwrite ``out`` with scale·d·P(d) wherever t + t_lo lies within a radius of a tabulated zero.

    g(t) is the tabulated derivative; d = (t − r_hi) + (t_lo − r_lo), with t + t_lo an exact
    double-double argument (t_lo = 0.0 for a plain argument). Without ``candidates`` each zero
    costs one pass over t (nan and ±inf are never near); a caller with many zeros passes the
    indices that may be near one (found by a cheaper test), and only those within a radius of the
    nearest zero are overwritten.
    """
    if candidates is None:
        for r_hi, r_lo, radius, coefficients in table.rows:
            near = np.greater(t, r_hi - radius)  # two comparisons into one boolean array: the
            near &= np.less(t, r_hi + radius)  # cheapest full pass (|t − r| < radius costs 2.5×)
            idx = np.flatnonzero(near)
            if idx.size:
                d = t[idx] - r_hi  # exact (Sterbenz) where d is small, one rounding elsewhere
                d += (t_lo if isinstance(t_lo, float) else t_lo[idx]) - r_lo
                values = _times_polynomial(d, coefficients)
                out[idx] = values * scale if scale != 1.0 else values
        return out
    if candidates.size == 0:
        return out
    ts = t[candidates]
    k = np.searchsorted(table.midpoints, ts)  # the nearest zero
    d = ts - table.roots_hi[k]
    d += (t_lo if isinstance(t_lo, float) else t_lo[candidates]) - table.roots_lo[k]
    keep = np.abs(d) < table.radii[k]
    if not keep.all():
        candidates, d, k = candidates[keep], d[keep], k[keep]
    acc = table.by_degree[-1].take(k)
    for row in table.by_degree[-2::-1]:
        acc *= d
        acc += row.take(k)
    acc *= d
    if scale != 1.0:
        acc *= scale
    out[candidates] = acc
    return out
