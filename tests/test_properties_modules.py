"""The actplot.properties package: its public names, what a terminal plot imports, and the jobs of
its modules checked one at a time against closed-form truths (a parabola's vertex, tanh's limits,
a step's jump), independently of the catalogue and of compute_properties."""

from __future__ import annotations

import importlib
import math
import subprocess
import sys

import numpy as np
import pytest

import actplot.properties
from actplot.properties.continuity import smoothness_of
from actplot.properties.extrema import window_extremum
from actplot.properties.grid import DENSE_POINTS, is_in, real_line_points, window_grid
from actplot.properties.image import image_of_samples
from actplot.properties.limits import limits_at_infinity
from actplot.properties.monotonicity import monotone_sequence, monotonicity_of
from actplot.properties.probe import Probe, check_window, same
from actplot.shape import Image, Interval, Monotonicity, Smoothness

PUBLIC = {
    "Properties": "records",
    "KinkProperties": "records",
    "SMOOTHNESS_CLASSES": "records",
    "MONOTONIC_CLASSES": "records",
    "compute_properties": "compute",
    "window_range": "window",
    "window_image": "window",
    "DENSE_POINTS": "grid",
    "FEATURE_REACH": "grid",
    "FEATURE_POINTS": "grid",
    "TAIL_POINTS": "grid",
    "REL_TOL": "probe",
    "TAIL_PROBES": "limits",
    "MAX_CANDIDATES": "extrema",
    "RUNAWAY": "image",
}
"""Every name the single module ``actplot/properties.py`` offered, and the module that now holds it."""


@pytest.mark.parametrize("name", sorted(PUBLIC))
def test_public_names_are_those_of_their_modules(name: str) -> None:
    module = importlib.import_module(f"actplot.properties.{PUBLIC[name]}")
    assert getattr(actplot.properties, name) is getattr(module, name)


def test_public_api_is_listed_and_nothing_else_is_offered() -> None:
    assert sorted(actplot.properties.__all__) == sorted(PUBLIC) == dir(actplot.properties)
    with pytest.raises(AttributeError, match="no attribute 'compute_property'"):
        actplot.properties.compute_property  # noqa: B018 - a misspelt name fails as usual
    namespace: dict[str, object] = {}
    exec("from actplot.properties import *", namespace)
    assert set(namespace) - {"__builtins__"} == set(PUBLIC)


def test_the_terminal_summary_imports_only_the_window_path() -> None:
    """A terminal plot asks for window_range/window_image: the records, the kink analysis, the
    limits at ±∞ and compute_properties stay unloaded (and so do matplotlib and SciPy)."""
    code = (
        "import sys, actplot\n"
        "from actplot.properties import window_image, window_range\n"
        "window_image(actplot.get('threshold'), (-6.0, 6.0)), window_range(actplot.get('elu'), (-6.0, 6.0))\n"
        "print(sorted(m for m in sys.modules if m.startswith('actplot.properties.')))\n"
        "print(sorted(set(sys.modules) & {'matplotlib', 'scipy', 'numpy.ma'}))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60)
    loaded, heavy = out.stdout.splitlines()
    assert loaded == str([f"actplot.properties.{m}" for m in ("extrema", "grid", "image", "probe", "window")])
    assert heavy == "[]"  # numpy.ma too: np.unique and np.isin would load it (~8 ms)


class _Closed:
    """A duck-typed activation from closed forms: f, f′, f″ as NumPy callables."""

    def __init__(self, f, d1, d2) -> None:
        self.f, self.d1, self.d2 = f, d1, d2

    def __call__(self, x):
        return self.f(x)

    def derivative(self, x, order=1):
        return self.d1(x) if order == 1 else self.d2(x)


# --- probe ------------------------------------------------------------------------------------------


def test_same_compares_within_relative_tolerance_and_handles_nan_and_inf() -> None:
    assert same(1.0, 1.0 + 1e-13, 0.0) and not same(1.0, 1.0 + 1e-11, 0.0)
    assert same(0.0, 1e-20, 1e-19) and not same(0.0, 1e-20, 0.0)
    assert same(math.nan, math.nan, 0.0) and not same(math.nan, 0.0, 1.0)
    assert same(math.inf, math.inf, 0.0) and not same(math.inf, 1e308, 1e308)


@pytest.mark.parametrize("window", [(1.0, 1.0), (2.0, 1.0), (0.0, math.inf), ("a", 1.0), (1.0,)])
def test_a_window_must_be_two_finite_increasing_numbers(window) -> None:
    with pytest.raises(actplot.InputError, match="window must be"):
        check_window(window)


# --- grid -------------------------------------------------------------------------------------------


def test_window_grid_holds_zero_the_kinks_and_their_float_neighbours_as_probes() -> None:
    grid = window_grid(-1.0, 2.0, [0.3])
    assert np.all(np.diff(grid.x) > 0) and grid.x[0] == -1.0 and grid.x[-1] == 2.0
    assert grid.even.size == DENSE_POINTS and {0.0, 0.3} <= set(grid.x.tolist())
    probes = set(grid.x[grid.is_probe].tolist())
    assert probes == {math.nextafter(0.3, -math.inf), math.nextafter(0.3, math.inf)}
    everything = real_line_points(grid, -1.0, 2.0)
    assert everything[0] == -1e300 and everything[-1] == 1e300 and np.all(np.diff(everything) > 0)
    assert set(grid.x.tolist()) <= set(everything.tolist()) and {-25.0, 25.0} <= set(everything.tolist())


@pytest.mark.parametrize(
    "values",
    [[], [0.3], [0.0], [-0.0, 2.0], [math.nextafter(0.3, math.inf), -6.0, 1e-300, 6.0], np.linspace(-6.0, 6.0, 4001)],
    ids=["none", "one", "zero", "minus_zero", "mixed", "the_even_grid"],
)
def test_is_in_agrees_with_numpy_isin(values) -> None:
    x = np.concatenate([np.linspace(-6.0, 6.0, 1201), [math.nextafter(0.3, math.inf), 1e-300, -0.0]])
    np.testing.assert_array_equal(is_in(x, values), np.isin(x, values))


# --- limits -----------------------------------------------------------------------------------------


def _x_sigmoid(x):
    with np.errstate(invalid="ignore", over="ignore"):
        return x / (1.0 + np.exp(-x))


@pytest.mark.parametrize(
    ("fn", "expected"),
    [
        (np.tanh, (-1.0, 1.0)),
        (lambda x: x, (-math.inf, math.inf)),
        (lambda x: -np.abs(x), (-math.inf, -math.inf)),
        (np.sin, (math.nan, math.nan)),
        (_x_sigmoid, (0.0, math.inf)),  # (−inf)·0 = nan at −inf itself: the tail says 0
        (lambda x: np.where(np.isinf(x), 0.5, np.sign(x)), (-1.0, 1.0)),  # a wrong value at ±inf
    ],
    ids=["tanh", "identity", "minus_abs", "sin", "x_sigmoid", "wrong_at_inf"],
)
def test_limits_at_infinity(fn, expected) -> None:
    with np.errstate(invalid="ignore"):
        got = limits_at_infinity(fn)
    np.testing.assert_array_equal(got, np.array(expected))


# --- continuity and monotonicity --------------------------------------------------------------------


def test_smoothness_class_follows_the_worst_point() -> None:
    assert smoothness_of((), jumps=False) == Smoothness.CINF
    assert smoothness_of((), jumps=True) == Smoothness.DISCONTINUOUS


def test_a_downward_jump_breaks_monotonicity_although_the_slope_never_falls() -> None:
    x = np.linspace(-1.0, 1.0, 201)
    f = np.where(x < 0.5, x, x - 1.0)  # slope 1 everywhere, one step down
    assert monotonicity_of(x, np.ones_like(x), 1.0) == Monotonicity.INCREASING
    assert monotonicity_of(f, np.ones_like(x), 1.0) == Monotonicity.NO
    assert monotonicity_of(-x, -np.ones_like(x), 1.0) == Monotonicity.DECREASING
    assert monotone_sequence(x**3, 1.0) and not monotone_sequence(x**2, 1.0)


# --- extrema and image ------------------------------------------------------------------------------


def test_newton_refines_a_grid_minimum_to_the_vertex() -> None:
    """(x − 1/3)² + 2 has its minimum 2 at x = 1/3, which no grid point hits."""
    vertex = 1.0 / 3.0
    probe = Probe(_Closed(lambda x: (x - vertex) ** 2 + 2.0, lambda x: 2.0 * (x - vertex), lambda x: 2.0 + 0.0 * x))
    x = np.linspace(-1.0, 1.0, 101)
    low = window_extremum(probe, x, probe.f(x), np.zeros(x.size, dtype=bool), [], 1.0, sign=1.0)
    assert low.x == pytest.approx(vertex, abs=1e-15) and low.value == 2.0
    assert low.attained and low.interior
    high = window_extremum(probe, x, probe.f(x), np.zeros(x.size, dtype=bool), [], 1.0, sign=-1.0)
    assert (high.x, high.interior) == (-1.0, False)


def test_image_of_a_step_is_two_points_and_a_jump_leaves_a_gap() -> None:
    x = np.array([-2.0, -1.0, math.nextafter(0.0, -math.inf), 0.0, math.nextafter(0.0, math.inf), 1.0, 2.0])
    step = (x >= 0.0) * 1.0
    image = image_of_samples(x, step, np.array([0.0, 1.0]), [0.0], (0.0, 1.0, True, True), 1.0)
    assert image == Image((Interval(0.0, 0.0, True, True), Interval(1.0, 1.0, True, True)))
    # x + 2·[x > 0] on (−2, 2): [−2, 0] ∪ (2, 4], the value at 0 is 0
    ramp = x + 2.0 * (x > 0.0)
    image = image_of_samples(x, ramp, np.array([math.nan, math.nan]), [0.0], (-2.0, 4.0, True, True), 4.0)
    assert image == Image((Interval(-2.0, 0.0, True, True), Interval(2.0, 4.0, False, True)))
