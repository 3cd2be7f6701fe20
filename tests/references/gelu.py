"""References for the GELU family (gelu exact / tanh approximation, quick_gelu), written from the
mathematics with mpmath at 60 digits (never from actplot's kernels).

Exact GELU: f = x·Φ(x) with Φ(x) = erfc(−x/√2)/2 (erfc keeps the lower tail relative; for x < 0 as the
equal Γ(1/2, x²/2)/(2√π)), φ the normal density: f′ = Φ + x·φ, f″ = φ·(2 − x²).

tanh approximation: f = (x/2)(1 + tanh u), u = k(x + c·x³), k = √(2/π), c = 0.044715 (decimal, exact
here). 1 + tanh u is evaluated as 2/(1 + e^(−2u)) (the same number, without the cancellation that
would eat all 60 digits for u < −70). Derivatives straight from the tanh form:
f′ = (1 + tanh u)/2 + (x/2)·sech²u·u′,
f″ = sech²u·(u′ + (x/2)·u″ − x·tanh(u)·u′²), u′ = k(1 + 3c·x²), u″ = 6kc·x.

QuickGELU: f = x·σ(βx), β = 1.702 (decimal, exact here): f′ = σ(βx) + βx·σ′(βx),
f″ = β·σ′(βx)·(2 − βx·tanh(βx/2)) using σ″ = σ′·(1 − 2σ) = −σ′·tanh(v/2).
"""

from mpmath import mp

from tests.references import Reference

_C = mp.mpf("0.044715")
_BETA = mp.mpf("1.702")


def _k():
    return mp.sqrt(2 / mp.pi)


def _cdf(x):
    if x < 0:
        # Φ(x) = erfc(|x|/√2)/2 = Γ(1/2, x²/2)/(2√π); mpmath's erfc overflows internally for
        # arguments beyond ~1e154, the incomplete gamma does not
        return mp.gammainc(mp.mpf(1) / 2, x * x / 2) / (2 * mp.sqrt(mp.pi))
    return mp.erfc(-x / mp.sqrt(2)) / 2


def _pdf(x):
    return mp.exp(-(x * x) / 2) / mp.sqrt(2 * mp.pi)


def _u(x):
    return _k() * (x + _C * x**3)


def _half_one_plus_tanh(u):
    # (1 + tanh u)/2 = 1/(1 + e^(−2u)); for u > 0 the exponential is small, for u < 0 this is
    # e^(2u)/(1 + e^(2u)) — written so it cannot cancel either way
    if u >= 0:
        return 1 / (1 + mp.exp(-2 * u))
    e = mp.exp(2 * u)
    return e / (1 + e)


def _sech2(u):
    return 1 / mp.cosh(u) ** 2


def _gelu(x, approximate):
    if approximate == "tanh":
        return x * _half_one_plus_tanh(_u(x))
    return x * _cdf(x)


def _gelu_d1(x, approximate):
    if approximate == "tanh":
        u = _u(x)
        du = _k() * (1 + 3 * _C * x * x)
        return _half_one_plus_tanh(u) + x / 2 * _sech2(u) * du
    return _cdf(x) + x * _pdf(x)


def _gelu_d2(x, approximate):
    if approximate == "tanh":
        u = _u(x)
        du = _k() * (1 + 3 * _C * x * x)
        ddu = 6 * _k() * _C * x
        return _sech2(u) * (du + x / 2 * ddu - x * mp.tanh(u) * du * du)
    return _pdf(x) * (2 - x * x)


def _sigmoid(v):
    if v >= 0:
        return 1 / (1 + mp.exp(-v))
    e = mp.exp(v)
    return e / (1 + e)


def _sigmoid_d1(v):
    return _sigmoid(v) * _sigmoid(-v)


def _quick(x):
    return x * _sigmoid(_BETA * x)


def _quick_d1(x):
    v = _BETA * x
    return _sigmoid(v) + v * _sigmoid_d1(v)


def _quick_d2(x):
    v = _BETA * x
    return _BETA * _sigmoid_d1(v) * (2 - v * mp.tanh(v / 2))


REFERENCES = {
    # 8 ULP values (erfcx + exact x² recipe); f′ and f″ 8 ULP everywhere, next to their zeros
    # included (abs_eps=0: no absolute-error allowance near a zero)
    "gelu": Reference(_gelu, _gelu_d1, _gelu_d2, ulps=(8.0, 8.0, 8.0), abs_eps=0.0),
    "quick_gelu": Reference(_quick, _quick_d1, _quick_d2, ulps=(4.0, 8.0, 8.0), abs_eps=0.0),
}
