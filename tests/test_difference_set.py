"""Where two functions differ most: the whole set, checked against sets derived by hand.

Each case states the two functions' pieces; the expected set follows from them (and from the
value each function takes at its kinks), not from running the code.
"""

from __future__ import annotations

import pytest

import actplot
from actplot import sampling
from actplot.sampling import Stretch

MINUS = "\u2212"


def _difference(first: str, other: str, order: int, window: tuple[float, float] = (-6.0, 6.0)) -> sampling.Difference:
    return sampling.difference(actplot.get(first), actplot.get(other), *window, order=order)


def test_hard_sigmoid_flavours_slopes_differ_most_on_two_open_stretches() -> None:
    # keras2: slope 1/5 on (-2.5, 2.5); torch: slope 1/6 on (-3, 3). Δf' = torch' - keras2' is
    # 1/6 on (-3, -2.5) and (2.5, 3), -1/30 in between, 0 outside; at ±3 and ±2.5 the kink
    # conventions give 0 and -1/30 (never 1/6), so every end is open.
    d = _difference("hard_sigmoid@keras2", "hard_sigmoid@torch", order=1)
    assert d.gap == pytest.approx(1 / 6, rel=1e-12)
    assert d.argmax == (Stretch(-3.0, -2.5, False, False), Stretch(2.5, 3.0, False, False))
    assert d.place == f"for x in ({MINUS}3, {MINUS}2.5) \u222a (2.5, 3)"


def test_hard_sigmoid_flavours_values_differ_most_at_two_points() -> None:
    # Δf = torch - keras2: at x = -2.5 torch is 1/12 and keras2 0; at 2.5 torch 11/12, keras2 1;
    # everywhere else |Δf| is smaller (it is piecewise linear with its corners at ±2.5 and ±3).
    d = _difference("hard_sigmoid@keras2", "hard_sigmoid@torch", order=0)
    assert d.gap == pytest.approx(1 / 12, rel=1e-12)
    assert [(s.low, s.high) for s in d.argmax] == [(-2.5, -2.5), (2.5, 2.5)]
    assert d.place == f"at x in {{{MINUS}2.5, 2.5}}"


def test_relu_and_threshold_slopes_differ_most_on_a_half_open_stretch() -> None:
    # threshold (θ = 1, v = 0): f' = 0 for x <= 1 (its value at the jump is v, constant to the
    # left), 1 beyond. relu' = 1 for x > 0 and relu'(0) = 0. Δf' = -1 on (0, 1], 0 elsewhere.
    d = _difference("relu", "threshold", order=1)
    assert d.gap == 1.0
    assert d.argmax == (Stretch(0.0, 1.0, False, True),)
    assert d.place == "for x in (0, 1]"


def test_relu_and_threshold_values_differ_most_at_the_jump_only() -> None:
    # threshold(1) = 0 while relu(1) = 1; just left of 1 the gap is x < 1, just right 0.
    d = _difference("relu", "threshold", order=0)
    assert d.gap == 1.0 and d.argmax == (Stretch(1.0, 1.0),)
    assert d.place == "at x = 1"


def test_a_stretch_that_takes_its_value_at_the_kink_is_closed_there() -> None:
    # leaky_relu'(x) = 0.01 for x <= 0 (its value at 0 is the left slope), relu'(x) = 0 for x <= 0:
    # Δf' = 0.01 on [-6, 0], 0 beyond; the window's edge closes the left end.
    d = _difference("relu", "leaky_relu", order=1)
    assert d.gap == pytest.approx(0.01)
    assert d.argmax == (Stretch(-6.0, 0.0, True, True),)
    assert d.place == f"for x in [{MINUS}6, 0]"


def test_a_stretch_closed_at_a_kink_where_the_value_is_taken() -> None:
    # relu6 - relu = 0 for x <= 6, 6 - x beyond. Δf' = -1 for x >= 6: relu6'(6) = 0 (its
    # convention) while relu'(6) = 1, so 6 itself belongs: [6, 7.3]. Δf is largest at the edge.
    d = _difference("relu", "relu6", order=1, window=(-6.0, 7.3))
    assert d.argmax == (Stretch(6.0, 7.3, True, True),)
    d0 = _difference("relu", "relu6", order=0, window=(-6.0, 7.3))
    assert d0.gap == pytest.approx(1.3) and d0.argmax == (Stretch(7.3, 7.3),)


def test_a_stretch_ending_between_grid_points_is_found_by_bisection() -> None:
    # |Δ| = min(1, 2 - x) on a grid 0, 0.3, 0.6, ...: the constant stretch ends at x = 1, which is
    # no grid point and no kink; Δ is continuous there, so the end is closed.
    import numpy as np

    x = np.linspace(0.0, 1.8, 7)
    stretch = sampling._plateau_stretch(lambda v: min(1.0, 2.0 - v), x, 0, 3, 1.0 - 1e-9, set())
    assert stretch.low == 0.0 and stretch.low_closed
    assert stretch.high == pytest.approx(1.0, abs=1e-8) and stretch.high_closed  # to the gap tolerance


def test_an_even_difference_names_both_mirror_image_peaks() -> None:
    # gelu_tanh(x) - gelu(x) = x (Φ̃(x) - Φ(x)) with Φ̃ - Φ odd: the difference is even in x,
    # so its largest magnitude is reached at ±x*, with x* ≈ 2.699 (4.73e-4).
    d = _difference("gelu", "gelu:approximate=tanh", order=0)
    assert len(d.argmax) == 2 and all(s.is_point for s in d.argmax)
    left, right = d.argmax[0].low, d.argmax[1].low
    assert left == pytest.approx(-right, abs=1e-6) and right == pytest.approx(2.699, abs=1e-3)
    assert d.gap == pytest.approx(4.73e-4, rel=2e-3)


def test_constant_stretch_is_not_mistaken_for_a_peak() -> None:
    d = _difference("sigmoid", "tanh", order=1)  # tanh' - sigmoid' is largest at 0 alone: 1 - 1/4
    assert d.gap == pytest.approx(0.75, rel=1e-12) and d.argmax == (Stretch(0.0, 0.0),)
    assert d.place == "at x = 0"


def test_identical_functions_have_no_gap() -> None:
    same = _difference("sigmoid", "logistic", order=0)
    assert same.gap == 0.0


@pytest.mark.parametrize(("stretches", "text"), [
    ((Stretch(1.0, 1.0),), "at x = 1"),
    ((Stretch(0.0, 1.0, False, True), Stretch(2.0, 2.0)), "for x in (0, 1] \u222a {2}"),
    ((Stretch(1.0, 1.0000001, True, False),), "for x in [1, 1.0000001)"),
])
def test_set_text_notation(stretches: tuple[Stretch, ...], text: str) -> None:
    assert sampling.set_text(stretches) == text
