"""References for the sigmoid-like family, written from the mathematics with mpmath."""

from mpmath import mp

from tests.references import Reference


def _sigmoid(x):
    return 1 / (1 + mp.exp(-x))


def _sigmoid_d1(x):
    # σ(x)σ(−x): no cancellation in the tails
    return _sigmoid(x) * _sigmoid(-x)


def _sigmoid_d2(x):
    return _sigmoid_d1(x) * (_sigmoid(-x) - _sigmoid(x))


def _tanh_d1(x):
    return 1 / mp.cosh(x) ** 2


def _tanh_d2(x):
    return -2 * mp.tanh(x) / mp.cosh(x) ** 2


REFERENCES = {
    "sigmoid": Reference(_sigmoid, _sigmoid_d1, _sigmoid_d2, ulps=(2, 4, 8)),
    "tanh": Reference(mp.tanh, _tanh_d1, _tanh_d2, ulps=(2, 4, 8)),
}
