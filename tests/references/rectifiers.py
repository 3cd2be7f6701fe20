"""References for the rectifier family, written from the mathematics with mpmath."""

from mpmath import mp

from tests.references import Reference


def _zero(x, **params):
    return mp.mpf(0)


# Derivatives are mp.nan exactly at a kink or jump: f′ does not exist there (actplot's one-sided
# convention is checked by test_kink_conventions; the accuracy test skips these points).


def _relu(x, negative_slope, max_value, threshold):
    # Keras: x·[x > θ] clipped to [0, M], minus a·max(θ − x, 0)
    if x > threshold:
        return min(x, mp.mpf(max_value))
    return mp.mpf(negative_slope) * (x - mp.mpf(threshold))


def _relu_d1(x, negative_slope, max_value, threshold):
    right_slope = 1 if threshold < max_value else 0
    jump = min(threshold, max_value) != 0
    if x == threshold and (jump or negative_slope != right_slope):
        return mp.nan
    if x == max_value and max_value > threshold:
        return mp.nan
    if x < threshold:
        return mp.mpf(negative_slope)
    if x < max_value:
        return mp.mpf(1)
    return mp.mpf(0)


def _relu6(x):
    return min(max(x, mp.mpf(0)), mp.mpf(6))


def _relu6_d1(x):
    if x == 0 or x == 6:
        return mp.nan
    return mp.mpf(1) if 0 < x < 6 else mp.mpf(0)


def _leaky(x, a):
    return x if x >= 0 else mp.mpf(a) * x


def _leaky_d1(x, a):
    if x == 0 and a != 1:
        return mp.nan
    return mp.mpf(1) if x > 0 else mp.mpf(a)


def _rrelu_slope(lower, upper):
    return (mp.mpf(lower) + mp.mpf(upper)) / 2


def _threshold(x, threshold, value):
    return x if x > threshold else mp.mpf(value)


def _step_above(x, level):
    if x == level:
        return mp.nan
    return mp.mpf(1) if x > level else mp.mpf(0)


REFERENCES = {
    "relu": Reference(_relu, _relu_d1, _zero, ulps=(1, 1, 1)),
    "relu6": Reference(_relu6, _relu6_d1, _zero, ulps=(1, 1, 1)),
    "leaky_relu": Reference(
        lambda x, negative_slope: _leaky(x, negative_slope),
        lambda x, negative_slope: _leaky_d1(x, negative_slope),
        _zero,
        ulps=(1, 1, 1),
    ),
    "prelu": Reference(
        lambda x, alpha: _leaky(x, alpha),
        lambda x, alpha: _leaky_d1(x, alpha),
        _zero,
        ulps=(1, 1, 1),
    ),
    "rrelu": Reference(
        lambda x, lower, upper: _leaky(x, _rrelu_slope(lower, upper)),
        lambda x, lower, upper: _leaky_d1(x, _rrelu_slope(lower, upper)),
        _zero,
        ulps=(1, 1, 1),
    ),
    "threshold": Reference(
        _threshold,
        lambda x, threshold, value: _step_above(x, threshold),
        _zero,
        ulps=(1, 1, 1),
    ),
    "thresholded_relu": Reference(
        lambda x, theta: _threshold(x, theta, 0),
        lambda x, theta: _step_above(x, theta),
        _zero,
        ulps=(1, 1, 1),
    ),
}
