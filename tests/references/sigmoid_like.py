"""References for the sigmoid-like family, written from the mathematics with mpmath."""

from mpmath import mp

from tests.references import Reference


def _sigmoid(x):
    return 1 / (1 + mp.exp(-x))


def _sigmoid_d1(x):
    # σ(x)σ(−x): no cancellation in the tails
    return _sigmoid(x) * _sigmoid(-x)


def _sigmoid_d2(x):
    # σ(−x) − σ(x) = −tanh(x/2): the difference would cancel to 0 at 60 digits for |x| < 1e-60
    return -_sigmoid_d1(x) * mp.tanh(x / 2)


def _tanh_d1(x):
    return 1 / mp.cosh(x) ** 2


def _tanh_d2(x):
    return -2 * mp.tanh(x) / mp.cosh(x) ** 2


REFERENCES = {
    "sigmoid": Reference(_sigmoid, _sigmoid_d1, _sigmoid_d2, ulps=(2, 4, 8)),
    "tanh": Reference(mp.tanh, _tanh_d1, _tanh_d2, ulps=(2, 4, 8)),
}


# --- hard_sigmoid, hard_tanh, sparse_sigmoid, softsign, log_sigmoid ----------------------------


def _hard_sigmoid(x, half_width):
    c = mp.mpf(half_width)
    if x <= -c:
        return mp.mpf(0)
    if x >= c:
        return mp.mpf(1)
    return (x + c) / (2 * c)


# Derivatives are mp.nan exactly at a kink or jump: f′ does not exist there (actplot's one-sided
# convention is checked by test_kink_conventions; the accuracy test skips these points).


def _hard_sigmoid_d1(x, half_width):
    c = mp.mpf(half_width)
    if abs(x) == c:
        return mp.nan
    return 1 / (2 * c) if -c < x < c else mp.mpf(0)


def _hard_tanh(x, min_val, max_val):
    return min(max(x, mp.mpf(min_val)), mp.mpf(max_val))


def _hard_tanh_d1(x, min_val, max_val):
    if x in (min_val, max_val):
        return mp.nan
    return mp.mpf(1) if min_val < x < max_val else mp.mpf(0)


def _sparse_sigmoid(x):
    if x <= -1:
        return mp.mpf(0)
    if x >= 1:
        return mp.mpf(1)
    return (x + 1) / 2


def _sparse_sigmoid_d1(x):
    if abs(x) == 1:
        return mp.nan
    return mp.mpf(1) / 2 if -1 < x < 1 else mp.mpf(0)


def _softsign(x):
    return x / (1 + abs(x))


def _softsign_d1(x):
    return 1 / (1 + abs(x)) ** 2


def _softsign_d2(x):
    return -2 * mp.sign(x) / (1 + abs(x)) ** 3


def _log_sigmoid(x):
    # log σ(x) = −log(1 + e^−x); log1p keeps the tiny values for large x
    return -mp.log1p(mp.exp(-x))


def _log_sigmoid_d1(x):
    return _sigmoid(-x)


def _log_sigmoid_d2(x):
    return -_sigmoid(x) * _sigmoid(-x)


def _zero(x, **params):
    return mp.mpf(0)


REFERENCES.update(
    {
        "hard_sigmoid": Reference(_hard_sigmoid, _hard_sigmoid_d1, _zero, ulps=(1, 1, 1)),
        "hard_tanh": Reference(_hard_tanh, _hard_tanh_d1, _zero, ulps=(1, 1, 1)),
        "sparse_sigmoid": Reference(_sparse_sigmoid, _sparse_sigmoid_d1, _zero, ulps=(1, 1, 1)),
        "softsign": Reference(_softsign, _softsign_d1, _softsign_d2, ulps=(2, 4, 8)),
        "log_sigmoid": Reference(_log_sigmoid, _log_sigmoid_d1, _log_sigmoid_d2, ulps=(2, 2, 4)),
    }
)
