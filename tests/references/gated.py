"""References for the gated/smooth family, written from the mathematics with mpmath.

Softplus-type expressions use max(x, 0) + log1p(e^{−|x|}) (an identity, so that x = ±1e400 needs
no astronomically large intermediate), and squareplus uses b/(2(√(x² + b) − x)) for x < 0 (the
same number without the cancellation that 60 digits cannot absorb at x = −1e400).
"""

from mpmath import mp, mpf

from tests.references import Reference


def _sigmoid(t):
    return 1 / (1 + mp.exp(-t))


def _softplus0(t):
    """log(1 + eᵗ)."""
    return (t if t > 0 else mpf(0)) + mp.log1p(mp.exp(-abs(t)))


# --- softplus (with torch's optional linear fallback) -------------------------------------------


def _linear(x, beta, threshold):
    # Documented model: f = x above the float x0 = fl(threshold/β) (θ = inf: never).
    return threshold != float("inf") and x > mpf(threshold / beta)


def _softplus(x, beta, threshold):
    if _linear(x, beta, threshold):
        return x
    beta = mpf(beta)
    return _softplus0(beta * x) / beta


def _softplus_d1(x, beta, threshold):
    if _linear(x, beta, threshold):
        return mpf(1)
    return _sigmoid(mpf(beta) * x)


def _softplus_d2(x, beta, threshold):
    if _linear(x, beta, threshold):
        return mpf(0)
    beta = mpf(beta)
    return beta * _sigmoid(beta * x) * _sigmoid(-beta * x)


# --- squareplus ---------------------------------------------------------------------------------


def _squareplus(x, b):
    b = mpf(b)
    h = mp.sqrt(x * x + b)
    return (x + h) / 2 if x >= 0 else b / (2 * (h - x))


def _squareplus_d1(x, b):
    b = mpf(b)
    h = mp.sqrt(x * x + b)
    return (1 + x / h) / 2 if x >= 0 else b / (2 * h * (h - x))


def _squareplus_d2(x, b):
    b = mpf(b)
    return b / (2 * (x * x + b) ** mpf(1.5))


# --- sparse_plus --------------------------------------------------------------------------------


def _sparse_plus(x):
    if x <= -1:
        return mpf(0)
    if x >= 1:
        return x
    return (x + 1) ** 2 / 4


def _sparse_plus_d1(x):
    if x <= -1:
        return mpf(0)
    if x >= 1:
        return mpf(1)
    return (x + 1) / 2


def _sparse_plus_d2(x):
    return mpf(0.5) if -1 < x < 1 else mpf(0)


# --- mish ---------------------------------------------------------------------------------------


def _mish(x):
    return x * mp.tanh(_softplus0(x))


def _mish_d1(x):
    s = _softplus0(x)
    return mp.tanh(s) + x * _sigmoid(x) / mp.cosh(s) ** 2


def _mish_d2(x):
    s = _softplus0(x)
    t = mp.tanh(s)
    sech2 = 1 / mp.cosh(s) ** 2
    sig = _sigmoid(x)
    # d/dx[t + x·sech²(s)·σ] with ds/dx = σ, d sech²(s)/dx = −2 sech²·t·σ, σ′ = σ·σ(−x)
    return sech2 * sig * (2 - 2 * x * t * sig + x * _sigmoid(-x))


# --- silu / swish-β -----------------------------------------------------------------------------


def _silu(x, beta):
    return x * _sigmoid(mpf(beta) * x)


def _silu_d1(x, beta):
    u = mpf(beta) * x
    return _sigmoid(u) * (1 + u * _sigmoid(-u))


def _silu_d2(x, beta):
    beta = mpf(beta)
    u = beta * x
    s, sn = _sigmoid(u), _sigmoid(-u)
    return beta * s * sn * (2 + u * (sn - s))


# --- hard_swish ---------------------------------------------------------------------------------


def _hard_swish(x):
    if x <= -3:
        return mpf(0)
    if x >= 3:
        return x
    return x * (x + 3) / 6


def _hard_swish_d1(x):
    if x < -3:
        return mpf(0)
    if x > 3:
        return mpf(1)
    return (2 * x + 3) / 6


def _hard_swish_d2(x):
    return mpf(1) / 3 if -3 < x < 3 else mpf(0)


# --- elish --------------------------------------------------------------------------------------


def _elish(x):
    return x * _sigmoid(x) if x >= 0 else mp.expm1(x) * _sigmoid(x)


def _elish_d1(x):
    s, sn = _sigmoid(x), _sigmoid(-x)
    if x >= 0:
        return s * (1 + x * sn)
    # d/dx[(eˣ − 1)σ] = eˣσ + (eˣ − 1)σσ(−x)
    return mp.exp(x) * s + mp.expm1(x) * s * sn


def _elish_d2(x):
    s, sn = _sigmoid(x), _sigmoid(-x)
    if x >= 0:
        return s * sn * (2 + x * (sn - s))
    # d/dx[eˣσ + (eˣ − 1)σσ₋] = eˣσ + 2eˣσσ₋ + (eˣ − 1)σσ₋(σ₋ − σ)
    return mp.exp(x) * s * (1 + 2 * sn) + mp.expm1(x) * s * sn * (sn - s)


REFERENCES = {
    # target: softplus 2 ULP for f and f′ (no threshold cut-off; the cut-off model is exact)
    "softplus": Reference(
        lambda x, beta, threshold: _softplus(x, beta, threshold),
        lambda x, beta, threshold: _softplus_d1(x, beta, threshold),
        lambda x, beta, threshold: _softplus_d2(x, beta, threshold),
        ulps=(2, 2, 8),
    ),
    # ±1e400 is not far enough out for a large b (f(−1e400) = b/4e400 ≠ 0): exact limits instead
    "squareplus": Reference(
        lambda x, b: _squareplus(x, b),
        lambda x, b: _squareplus_d1(x, b),
        lambda x, b: _squareplus_d2(x, b),
        limits={float("inf"): (float("inf"), 1.0, 0.0), float("-inf"): (0.0, 0.0, 0.0)},
    ),
    "sparse_plus": Reference(_sparse_plus, _sparse_plus_d1, _sparse_plus_d2),
    # silu, mish: 4 ULP values, 8 ULP f′ and f″ everywhere, next to their zeros included (abs_eps=0:
    # no absolute-error allowance near a zero)
    "mish": Reference(_mish, _mish_d1, _mish_d2, ulps=(4, 8, 8), abs_eps=0.0),
    "silu": Reference(
        lambda x, beta: _silu(x, beta),
        lambda x, beta: _silu_d1(x, beta),
        lambda x, beta: _silu_d2(x, beta),
        ulps=(4, 8, 8),
        abs_eps=0.0,
    ),
    "hard_swish": Reference(_hard_swish, _hard_swish_d1, _hard_swish_d2),
    "elish": Reference(_elish, _elish_d1, _elish_d2, abs_eps=0.0),
}
