"""References for the shrinkage family, written from the mathematics with mpmath."""

from mpmath import mp

from tests.references import Reference


def _zero(x, **params):
    return mp.mpf(0)


def _hardshrink(x, lambd):
    return x if abs(x) > lambd else mp.mpf(0)


def _outside(x, lambd):
    # f′ does not exist at ±λ (jump or kink): mp.nan there; the conventions are tested elsewhere
    if abs(x) == lambd and lambd > 0:
        return mp.nan
    return mp.mpf(1) if abs(x) > lambd else mp.mpf(0)


def _softshrink(x, lambd):
    lam = mp.mpf(lambd)
    if x > lam:
        return x - lam
    if x < -lam:
        return x + lam
    return mp.mpf(0)


def _tanhshrink(x):
    # x − tanh(x) ≈ x³/3 cancels: carry enough extra digits to keep 60 after the cancellation
    if x == 0:
        return mp.mpf(0)
    extra = max(0, int(-2 * mp.log10(abs(x)))) + 10
    with mp.workdps(mp.dps + extra):
        return +(x - mp.tanh(x))


def _tanhshrink_d1(x):
    return mp.tanh(x) ** 2


def _tanhshrink_d2(x):
    return 2 * mp.tanh(x) / mp.cosh(x) ** 2


REFERENCES = {
    "hardshrink": Reference(_hardshrink, _outside, _zero, ulps=(1, 1, 1)),
    "softshrink": Reference(_softshrink, _outside, _zero, ulps=(1, 1, 1)),
    "tanhshrink": Reference(_tanhshrink, _tanhshrink_d1, _tanhshrink_d2, ulps=(4, 8, 8)),
}
