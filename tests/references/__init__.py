"""Independent high-precision references for every activation, and the ULP scoring rules.

Each family module here defines ``REFERENCES: dict[str, Reference]`` keyed by canonical name.
A reference is written from the mathematics with mpmath at 60 digits, never from actplot's code.
Its callables take an ``mpf`` x and the parameters as keyword arguments and return an ``mpf``
(``mp.nan`` where the function has no value, e.g. a limit that does not exist).

Scoring (docs/accuracy.md): error in ULP of the true value, ulp(t) = 2^(⌊log2|t|⌋ − 52) clamped at
the smallest subnormal; a true value beyond the float range must come out as the same infinity.
Near a zero of the true curve (|x − r| ≤ 0.25, r a sign change of the truth on the grid) a
reference may allow an absolute error of ``abs_eps`` machine epsilons instead; the default is 0:
every function meets its ULP bound next to its zeros too (float32 keeps half a float32 spacing).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import mpmath
import numpy as np

mp = mpmath.mp
mp.dps = 60

MpFn = Callable[..., "mpmath.mpf"]


@dataclass(frozen=True)
class Reference:
    """The truth for one activation: f, f′, f″ and the accepted error in ULP for each."""

    f: MpFn
    d1: MpFn
    d2: MpFn
    ulps: tuple[float, float, float] = (4.0, 8.0, 8.0)
    abs_eps: float = 0.0
    limits: Mapping[float, tuple[float, float, float]] = field(default_factory=dict)
    """Exact (f, f′, f″) at +inf / −inf where evaluating at a huge x would not give the limit."""
    skip_points: Callable[..., set[float]] | None = None
    """Points (e.g. kinks) where the derivative is a convention, checked elsewhere."""


HUGE = mpmath.mpf(10) ** 400


def _body_and_tails(dtype: type) -> np.ndarray:
    """The scoring grid: dense body, log-spaced tails, tiny, subnormal and huge inputs, ±0."""
    if dtype is np.float64:
        body = np.linspace(-10.0, 10.0, 801)
        tails = np.geomspace(10.0, 800.0, 120)
        tiny = np.geomspace(1e-300, 1e-5, 40)
        sub = np.geomspace(5e-324, 2.2e-308, 8)
        huge = np.geomspace(800.0, 1.7e308, 40)
    else:
        body = np.linspace(-10.0, 10.0, 801)
        tails = np.geomspace(10.0, 100.0, 60)
        tiny = np.geomspace(1.2e-38, 1e-5, 30)
        sub = np.geomspace(1.5e-45, 1.1e-38, 8)
        huge = np.geomspace(100.0, 3.3e38, 30)
    rng = np.random.default_rng(20261123)
    jitter = rng.uniform(-10.0, 10.0, 200)
    pos = np.concatenate([tails, tiny, sub, huge])
    grid = np.concatenate([body, jitter, pos, -pos, [0.0, -0.0]])
    grid = grid.astype(dtype)
    return np.unique(grid)


GRID64 = _body_and_tails(np.float64)
GRID32 = _body_and_tails(np.float32)
SPECIALS = np.array([np.inf, -np.inf, np.nan])


def truth(fn: MpFn, x: float, params: Mapping[str, object], ref: Reference, order: int) -> mpmath.mpf:
    """The reference value at float x (limits at ±inf, nan at nan)."""
    if math.isnan(x):
        return mp.nan
    if math.isinf(x):
        if x in ref.limits:
            return mpmath.mpf(ref.limits[x][order])
        return fn(HUGE if x > 0 else -HUGE, **params)
    return fn(mpmath.mpf(x), **params)


def split_mp(values: list[mpmath.mpf]) -> tuple[np.ndarray, np.ndarray]:
    """Truths as double-double (hi, lo) float64 arrays; hi is ±inf beyond the float64 range."""
    hi = np.empty(len(values))
    lo = np.empty(len(values))
    for i, t in enumerate(values):
        if mpmath.isnan(t):
            hi[i], lo[i] = np.nan, 0.0
            continue
        h = float(t)
        hi[i] = h
        lo[i] = float(t - h) if math.isfinite(h) else 0.0
    return hi, lo


def ulp_of(t: np.ndarray, dtype: type) -> np.ndarray:
    info = np.finfo(dtype)
    tiny = float(info.smallest_subnormal)
    mant = info.nmant
    a = np.abs(t)
    with np.errstate(divide="ignore"):
        exp = np.floor(np.log2(np.where(a > 0, a, 1.0)))
    u = np.exp2(exp - mant)
    return np.maximum(np.where(a > 0, u, tiny), tiny)


def ulp_errors(computed: np.ndarray, hi: np.ndarray, lo: np.ndarray, dtype: type) -> np.ndarray:
    """Error of ``computed`` in ULP of the truth; inf where a finite/non-finite mismatch occurs."""
    with np.errstate(over="ignore", divide="ignore", invalid="ignore"):  # scoring, not the code under test
        return _ulp_errors(computed, hi, lo, dtype)


def _ulp_errors(computed: np.ndarray, hi: np.ndarray, lo: np.ndarray, dtype: type) -> np.ndarray:
    c = computed.astype(np.float64)
    err = np.zeros(c.shape)
    with np.errstate(over="ignore"):  # a float64 truth beyond float32's range rounds to ±inf
        t32 = hi.astype(dtype) if dtype is np.float32 else hi
        overflow = ~np.isfinite(t32) if dtype is np.float32 else ~np.isfinite(hi)
    nan_t = np.isnan(hi)
    both_nan = nan_t & np.isnan(c)
    special = overflow | nan_t
    err[special] = np.where(
        both_nan[special] | (c[special] == t32.astype(np.float64)[special]), 0.0, np.inf
    )
    regular = ~special
    bad = regular & ~np.isfinite(c)
    diff = np.abs((c[regular] - hi[regular]) - lo[regular])
    truth_mag = t32[regular].astype(np.float64)
    err[regular] = diff / ulp_of(np.where(truth_mag == 0, hi[regular], truth_mag), dtype)
    err[bad] = np.inf
    return err


def near_roots(x: np.ndarray, hi: np.ndarray, radius: float = 0.25) -> np.ndarray:
    """Mask of grid points within ``radius`` of a sign change of the truth (grid sorted by x)."""
    mask = np.zeros(x.shape, dtype=bool)
    finite = np.isfinite(hi) & np.isfinite(x) & (np.abs(x) <= 1e3)
    xs, ts = x[finite], hi[finite]
    nz = ts != 0
    xs_nz, ts_nz = xs[nz], ts[nz]
    flips = np.nonzero(np.sign(ts_nz[:-1]) != np.sign(ts_nz[1:]))[0]
    for i in flips:
        a, b = xs_nz[i], xs_nz[i + 1]
        # an isolated exact zero between the two is a root; a long run of zeros (flat part) is not
        if b - a > 2 * radius:
            continue
        mask |= np.abs(x - 0.5 * (a + b)) <= radius + 0.5 * (b - a)
    return mask
