"""References for the exponential-unit family, written from the mathematics with mpmath.

Piecewise definitions follow each function's documented convention at 0 (x ≤ 0 is the exponential
branch); the derivative *at* a kink is checked by test_kink_conventions, not here.
"""

from mpmath import mp, mpf

from tests.references import Reference

# SELU constants as published (Klambauer et al. 2017), kept at full precision here.
SELU_LAMBDA = mpf("1.0507009873554804934193349852946")
SELU_ALPHA = mpf("1.6732632423543772848170429916717")


def _elu(x, alpha):
    alpha = mpf(alpha)
    return x if x > 0 else alpha * mp.expm1(x)


def _elu_d1(x, alpha):
    return mpf(1) if x > 0 else mpf(alpha) * mp.exp(x)


def _elu_d2(x, alpha):
    return mpf(0) if x > 0 else mpf(alpha) * mp.exp(x)


def _celu(x, alpha):
    alpha = mpf(alpha)
    return x if x > 0 else alpha * mp.expm1(x / alpha)


def _celu_d1(x, alpha):
    return mpf(1) if x > 0 else mp.exp(x / mpf(alpha))


def _celu_d2(x, alpha):
    alpha = mpf(alpha)
    return mpf(0) if x > 0 else mp.exp(x / alpha) / alpha


def _selu(x):
    return SELU_LAMBDA * x if x > 0 else SELU_LAMBDA * SELU_ALPHA * mp.expm1(x)


def _selu_d1(x):
    return SELU_LAMBDA if x > 0 else SELU_LAMBDA * SELU_ALPHA * mp.exp(x)


def _selu_d2(x):
    return mpf(0) if x > 0 else SELU_LAMBDA * SELU_ALPHA * mp.exp(x)


REFERENCES = {
    # target: elu/celu 1 ULP for f and f′ for every α. α = 1 uses np.expm1/np.exp (0.74 /
    # 0.50 ULP measured); any other α rounds α·expm1 and α·eˣ once (double-double exp/expm1, exact
    # product: ≤ 0.501 ULP measured). Results in the subnormal range round twice (≤ 0.75 ULP), and
    # the split truth hi + lo cannot carry a fraction of the smallest subnormal, so a few subnormal
    # results score exactly 1.0 here. f″ keeps the generic 8.
    # abs_eps=0: the root at x = 0 is simple (f ≈ αx), so the ULP bound holds there too; the
    # generic ±0.25 absolute-error window would hide any relative error of tiny results.
    "elu": Reference(
        lambda x, alpha: _elu(x, alpha),
        lambda x, alpha: _elu_d1(x, alpha),
        lambda x, alpha: _elu_d2(x, alpha),
        ulps=(1, 1, 8),
        abs_eps=0.0,
    ),
    "celu": Reference(
        lambda x, alpha: _celu(x, alpha),
        lambda x, alpha: _celu_d1(x, alpha),
        lambda x, alpha: _celu_d2(x, alpha),
        ulps=(1, 1, 8),
        abs_eps=0.0,
    ),
    # target: selu 2 ULP for f and f′ (λα·expm1 rounds twice: measured 1.44); strict at
    # the root x = 0 as for elu
    "selu": Reference(_selu, _selu_d1, _selu_d2, ulps=(2, 2, 8), abs_eps=0.0),
    "exponential": Reference(mp.exp, mp.exp, mp.exp),
}
