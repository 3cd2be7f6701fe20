"""Plain float64 evaluation of expressions (``actplot.expressions.precision``): what it costs in
accuracy (against mpmath), that it stays inside its block, and that kinks never depend on it."""

from __future__ import annotations

import functools
import threading

import numpy as np
import pytest

import actplot
from actplot.expressions import precision
from actplot.expressions.build import expression_spec
from tests.references import GRID64, near_roots, split_mp, truth, ulp_errors
from tests.references.all import REFERENCES

EPS = float(np.finfo(np.float64).eps)
TINY = float(np.finfo(np.float64).tiny)
BODY = GRID64[np.abs(GRID64) <= 30.0]
"""Where Newton looks for stationary points of a terminal chart's window (its default is [−6, 6])."""

PLAIN_BOUNDS = [
    # expression, reference, its parameters, ULP bound in float64 for f, f′, f″ on |x| <= 30 away
    # from zeros: the measured error rounded up (the double-double default is 0.50 for all six)
    ("x*sigmoid(x)", "silu", (("beta", 1.0),), (3.0, 8.0, 16.0)),  # 2.20, 6.91, 13.21
    ("x*tanh(softplus(x))", "mish", (), (3.0, 8.0, 24.0)),  # 1.99, 7.17, 22.38
]


@functools.cache
def _truth(name: str, params: tuple[tuple[str, float], ...], order: int) -> tuple[np.ndarray, np.ndarray]:
    ref = REFERENCES[name]
    fn = (ref.f, ref.d1, ref.d2)[order]
    return split_mp([truth(fn, float(v), dict(params), ref, order) for v in BODY])


def _worst_ulp(values: np.ndarray, name: str, params: tuple[tuple[str, float], ...], order: int) -> float:
    hi, lo = _truth(name, params, order)
    err = ulp_errors(values, hi, lo, np.float64)
    keep = ~near_roots(BODY, hi) & (np.abs(hi) >= TINY)
    return float(err[keep].max())


@pytest.mark.parametrize("expression, name, params, bounds", PLAIN_BOUNDS, ids=[p[0] for p in PLAIN_BOUNDS])
@pytest.mark.parametrize("order", [0, 1, 2], ids=["f", "d1", "d2"])
def test_plain_float64_is_a_few_ulp_and_stays_in_its_block(
    expression: str, name: str, params: tuple[tuple[str, float], ...], bounds: tuple[float, ...], order: int
) -> None:
    act = actplot.get(expression)

    def values() -> np.ndarray:
        return act(BODY) if order == 0 else act.derivative(BODY, order=order)

    with precision.plain_float64():
        assert not precision.double_double()
        plain = values()
    exact = values()  # after the block: double-double again
    assert precision.double_double()
    assert _worst_ulp(plain, name, params, order) <= bounds[order]
    assert _worst_ulp(exact, name, params, order) <= 1.0
    if order:  # the switch really changes the arithmetic (f may round the same either way)
        assert not np.array_equal(plain, exact)


@pytest.mark.parametrize("text", ["max(x, 0.3*x + 0.7)", "abs(x) + max(x, 0.5*x)", "where(x > 1, 1, 0) + x*sigmoid(x)", "relu(x)**2 + abs(x)"])
def test_kinks_do_not_depend_on_the_precision_in_force(text: str) -> None:
    expression_spec.cache_clear()
    with precision.plain_float64():
        found_inside = actplot.get(text).kinks
    expression_spec.cache_clear()
    found_outside = actplot.get(text).kinks
    assert found_inside == found_outside
    assert found_inside  # each of these has a kink or a jump


def test_the_switch_belongs_to_the_code_that_set_it() -> None:
    seen: list[bool] = []
    with precision.plain_float64():
        worker = threading.Thread(target=lambda: seen.append(precision.double_double()))
        worker.start()
        worker.join()
        assert not precision.double_double()
    assert seen == [True]
    with pytest.raises(RuntimeError), precision.plain_float64():
        raise RuntimeError("leaves the block")
    assert precision.double_double()


PAIR_FORMS = [
    "x*sigmoid(x)",
    "x*sigmoid(b*x); b=1.5",
    "x*tanh(softplus(x))",
    "0.5*x*(1+erf(x/sqrt(2)))",
    "where(x > 0, x, exp(x) - 1)",
    "max(x, 0.01*x)",
    "abs(x) + max(x, 0.5*x)",
    "log(1 + x*x) + sqrt(x*x + 1)",
    "leaky_relu(x, negative_slope=0.2)",
]


def _agree(got: np.ndarray, want: np.ndarray) -> bool:
    """Equal (nan with nan), or within one ULP."""
    with np.errstate(invalid="ignore"):
        close = np.abs(got - want) <= np.spacing(np.fmax(np.abs(got), np.abs(want)))
    return bool(((got == want) | (np.isnan(got) & np.isnan(want)) | close).all())


@pytest.mark.parametrize("text", PAIR_FORMS)
def test_value_and_derivative_is_one_jet_with_the_same_values(text: str) -> None:
    """f and f′ from one first-order jet (what a network's forward pass asks for) are the values
    of the separate calls, specials and kinks included, in one chunk and in several."""
    act = actplot.get(text)
    assert act.spec.value_and_derivative is not None
    short = np.concatenate([GRID64, [np.inf, -np.inf, np.nan, 0.0, -0.0, 1.0, -1.0]])
    long = np.linspace(-9.0, 9.0, 40_001)
    for x in (short, long):
        with np.errstate(all="ignore"):
            value, slope = act.value_and_derivative(x)
            assert _agree(value, act(x)) and _agree(slope, act.derivative(x))
