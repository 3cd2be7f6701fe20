"""References for the classic family (and erf), written from the mathematics with mpmath at 60 digits.

Plain textbook expressions on mpf numbers; piecewise definitions by Python if/else on x. Where an
expression cancels for small |x| (the sinc derivatives: x·cos x − sin x ≈ −x³/3) the working
precision is raised by the number of digits the cancellation costs, so the truth keeps 60 digits.
"""

from mpmath import mp

from tests.references import HUGE, Reference

NAN = float("nan")


# --- identity, binary step ----------------------------------------------------------------------


def _identity(x):
    return x


def _one(x, **params):
    return mp.mpf(1)


def _zero(x, **params):
    return mp.mpf(0)


def _step(x):
    return mp.mpf(1) if x >= 0 else mp.mpf(0)


# --- arctan ------------------------------------------------------------------------------------


def _arctan_d1(x):
    return 1 / (1 + x**2)


def _arctan_d2(x):
    return -2 * x / (1 + x**2) ** 2


# --- gaussian -----------------------------------------------------------------------------------


def _gaussian(x):
    return mp.exp(-(x**2))


def _gaussian_d1(x):
    return -2 * x * mp.exp(-(x**2))


def _gaussian_d2(x):
    return (4 * x**2 - 2) * mp.exp(-(x**2))


# --- bent identity ------------------------------------------------------------------------------


def _bent(x):
    return (mp.sqrt(x**2 + 1) - 1) / 2 + x


def _bent_d1(x):
    return x / (2 * mp.sqrt(x**2 + 1)) + 1


def _bent_d2(x):
    return 1 / (2 * (x**2 + 1) ** mp.mpf(1.5))


# --- ISRU / ISRLU -------------------------------------------------------------------------------


def _isru(x, alpha):
    return x / mp.sqrt(1 + mp.mpf(alpha) * x**2)


def _isru_d1(x, alpha):
    return (1 + mp.mpf(alpha) * x**2) ** mp.mpf(-1.5)


def _isru_d2(x, alpha):
    a = mp.mpf(alpha)
    return -3 * a * x * (1 + a * x**2) ** mp.mpf(-2.5)


def _isrlu(x, alpha):
    return x if x >= 0 else _isru(x, alpha)


def _isrlu_d1(x, alpha):
    return mp.mpf(1) if x >= 0 else _isru_d1(x, alpha)


def _isrlu_d2(x, alpha):
    return mp.mpf(0) if x >= 0 else _isru_d2(x, alpha)


# --- sinusoid, sinc -----------------------------------------------------------------------------


def _neg_sin(x):
    return -mp.sin(x)


def _extra_digits(x):
    # x·cos x − sin x and (2 − x²)sin x − 2x·cos x are O(x³) differences of O(x) terms
    if abs(x) >= 1:
        return 10
    return 10 + int(-2 * mp.log10(abs(x))) + 2


def _sinc(x):
    if x == 0:
        return mp.mpf(1)
    return mp.sin(x) / x


def _sinc_d1(x):
    if x == 0:
        return mp.mpf(0)
    with mp.extradps(_extra_digits(x)):
        value = (x * mp.cos(x) - mp.sin(x)) / x**2
    return +value


def _sinc_d2(x):
    if x == 0:
        return -mp.mpf(1) / 3
    with mp.extradps(_extra_digits(x)):
        value = ((2 - x**2) * mp.sin(x) - 2 * x * mp.cos(x)) / x**3
    return +value


# --- SQNL ---------------------------------------------------------------------------------------


def _sqnl(x):
    if x > 2:
        return mp.mpf(1)
    if x >= 0:
        return x - x**2 / 4
    if x >= -2:
        return x + x**2 / 4
    return mp.mpf(-1)


def _sqnl_d1(x):
    if x > 2 or x < -2:
        return mp.mpf(0)
    if x >= 0:
        return 1 - x / 2
    return 1 + x / 2


def _sqnl_d2(x):
    if x > 2 or x < -2:
        return mp.mpf(0)
    if x >= 0:
        return -mp.mpf(1) / 2
    return mp.mpf(1) / 2


# --- penalized tanh -----------------------------------------------------------------------------


def _penalized_tanh(x, a):
    return mp.tanh(x) if x > 0 else mp.mpf(a) * mp.tanh(x)


def _penalized_tanh_d1(x, a):
    slope = 1 / mp.cosh(x) ** 2
    return slope if x > 0 else mp.mpf(a) * slope


def _penalized_tanh_d2(x, a):
    curve = -2 * mp.tanh(x) / mp.cosh(x) ** 2
    return curve if x > 0 else mp.mpf(a) * curve


# --- soft exponential ---------------------------------------------------------------------------


# Every α and x is a double, so α², α·x and 1 − α² are exact at 60 digits; each expression below
# adds exact terms once, which keeps 60 correct digits wherever the sum is not (nearly) zero.


def _soft_exp_arg(x, a):
    # the argument of ln for α < 0: 1 − α(x + α) = (1 − α²) − αx
    return (1 - a**2) - a * x


def _soft_exp(x, alpha):
    a = mp.mpf(alpha)
    if a == 0:
        return x
    if a < 0 and x >= HUGE:
        # x = HUGE stands for +inf; ln-growth is still finite there (≈ 1841 for a = −1/2), the limit is +inf
        return mp.inf
    if a > 0:
        # (e^(ax) − 1)/a + a: as (expm1(ax) + a²)/a while |expm1| is small, as (e^(ax) − (1 − a²))/a
        # below (a = 1: e^x, with no 60-digit cancellation of expm1(x) + 1 for x → −∞)
        if a * x > -1:
            return (mp.expm1(a * x) + a**2) / a
        return (mp.exp(a * x) - (1 - a**2)) / a
    arg = _soft_exp_arg(x, a)
    if arg < 0:
        return mp.nan
    if arg == 0:
        return mp.ninf
    u = -a * x - a**2  # arg − 1
    if u > -mp.mpf(1) / 2:
        return -mp.log1p(u) / a
    return -mp.log(arg) / a


def _soft_exp_d1(x, alpha):
    a = mp.mpf(alpha)
    if a == 0:
        return mp.mpf(1)
    if a > 0:
        return mp.exp(a * x)
    arg = _soft_exp_arg(x, a)
    if arg < 0:
        return mp.nan
    if arg == 0:
        return mp.inf
    return 1 / arg


def _soft_exp_d2(x, alpha):
    a = mp.mpf(alpha)
    if a == 0:
        return mp.mpf(0)
    if a > 0:
        return a * mp.exp(a * x)
    arg = _soft_exp_arg(x, a)
    if arg < 0:
        return mp.nan
    if arg == 0:
        return mp.ninf
    return a / arg**2


# --- erf ----------------------------------------------------------------------------------------


def _erf_d1(x):
    return 2 / mp.sqrt(mp.pi) * mp.exp(-(x**2))


def _erf_d2(x):
    return -4 * x / mp.sqrt(mp.pi) * mp.exp(-(x**2))


REFERENCES = {
    "identity": Reference(_identity, _one, _zero, ulps=(1, 1, 1)),
    "binary_step": Reference(_step, _zero, _zero, ulps=(1, 1, 1)),
    "arctan": Reference(mp.atan, _arctan_d1, _arctan_d2),
    "gaussian": Reference(_gaussian, _gaussian_d1, _gaussian_d2),
    "bent_identity": Reference(_bent, _bent_d1, _bent_d2),
    "isru": Reference(_isru, _isru_d1, _isru_d2),
    "isrlu": Reference(_isrlu, _isrlu_d1, _isrlu_d2),
    "sinusoid": Reference(
        mp.sin,
        mp.cos,
        _neg_sin,
        limits={float("inf"): (NAN, NAN, NAN), float("-inf"): (NAN, NAN, NAN)},
    ),
    "sinc": Reference(_sinc, _sinc_d1, _sinc_d2, abs_eps=0.0),
    "sqnl": Reference(_sqnl, _sqnl_d1, _sqnl_d2, ulps=(1, 1, 1)),
    "penalized_tanh": Reference(_penalized_tanh, _penalized_tanh_d1, _penalized_tanh_d2),
    "soft_exponential": Reference(_soft_exp, _soft_exp_d1, _soft_exp_d2),
    "erf": Reference(mp.erf, _erf_d1, _erf_d2),
}
