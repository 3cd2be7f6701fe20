"""The terminal summary's exact range of f: Newton on f′ stops when it has converged.

A Newton step below x's spacing that lands on the bracket end it started from used to restart a
bisection from the other end (about 40 more f′, f″ evaluations for silu or mish on [−6, 6]);
expressions pay ~0.3 ms per single-point evaluation, so that detour alone cost a terminal plot of
``x*tanh(softplus(x))`` 10 % of its wall time. The minimum itself is checked against mpmath.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

import mpmath
import numpy as np
import pytest

import actplot
from actplot.properties import window_range

MAX_SINGLE_POINT_CALLS = 16
"""Grid-point refinement: two bracket ends, then a handful of Newton steps (f′ and f″ each)."""


def _counting(kernel: Callable[..., Any], calls: list[int]) -> Callable[..., Any]:
    def counted(x: np.ndarray, /, **params: Any) -> Any:
        if np.size(x) == 1:
            calls.append(1)
        return kernel(x, **params)

    return counted


def _mish(x: mpmath.mpf) -> mpmath.mpf:
    return x * mpmath.tanh(mpmath.log1p(mpmath.exp(x)))


def _silu(x: mpmath.mpf) -> mpmath.mpf:
    return x / (1 + mpmath.exp(-x))


@pytest.mark.parametrize(
    ("spec", "reference"),
    [("silu", _silu), ("x*sigmoid(x)", _silu), ("mish", _mish), ("x*tanh(softplus(x))", _mish)],
)
def test_window_minimum_refines_in_few_single_point_calls(spec: str, reference: Callable[[mpmath.mpf], mpmath.mpf]) -> None:
    act = actplot.get(spec)
    calls: list[int] = []
    counted = dataclasses.replace(
        act.spec,
        value=_counting(act.spec.value, calls),
        derivative=_counting(act.spec.derivative, calls),
        second_derivative=_counting(act.spec.second_derivative, calls),
    )
    low, _ = window_range(type(act)(counted, act.params, act.flavor), (-6.0, 6.0))  # the same class: an expression stays one
    assert len(calls) <= MAX_SINGLE_POINT_CALLS

    with mpmath.workdps(40):
        x_min = mpmath.findroot(lambda t: mpmath.diff(reference, t), -1.2)
        exact = float(reference(x_min))
    assert abs(low - exact) <= 2 * np.spacing(abs(exact))
