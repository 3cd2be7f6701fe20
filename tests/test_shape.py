"""The shared property vocabulary (actplot.shape) and its one notation (actplot.notation.image_text)."""

from __future__ import annotations

import dataclasses
import math

import pytest

from actplot.notation import image_text
from actplot.shape import REALS, Image, Interval, Monotonicity, Smoothness, between, image_differences, points
from actplot.spec import Declared
from actplot.text import asciify


@pytest.mark.parametrize(
    ("image", "text"),
    [
        (between(0, 1), "(0, 1)"),
        (between(0, math.inf, low_attained=True), "[0, \u221e)"),
        (between(-1, 1, low_attained=True, high_attained=True), "[\u22121, 1]"),
        (REALS, "\u211d"),
        (between(-math.inf, 0), "(\u2212\u221e, 0)"),
        (points(0, 1), "{0, 1}"),
        (points(0) | between(1, math.inf), "{0} \u222a (1, \u221e)"),
        (between(-math.inf, -0.5) | points(0) | between(0.5, math.inf), "(\u2212\u221e, \u22120.5) \u222a {0} \u222a (0.5, \u221e)"),
        # ≈ where the end is marked approximate or 5 digits do not give it exactly
        (between(-0.16997, math.inf, low_attained=True, low_approximate=True), "[\u2248 \u22120.16997, \u221e)"),
        (between(-math.pi / 2, math.pi / 2), "(\u2248 \u22121.5708, \u2248 1.5708)"),
        (between(-0.375, math.inf, low_attained=True), "[\u22120.375, \u221e)"),
        (between(-0.0, 1, low_attained=True), "[0, 1)"),  # never −0
        (Image(), "\u2205"),
    ],
)
def test_image_text(image: Image, text: str):
    assert image_text(image) == text


def test_image_text_folds_to_ascii():
    assert asciify(image_text(points(0) | between(1, math.inf))) == "{0} U (1, inf)"
    assert asciify(image_text(REALS)) == "R"
    assert asciify(image_text(between(-0.16997, 0, low_approximate=True))) == "(~ -0.16997, 0)"


def test_union_sorts_and_refuses_overlaps():
    assert (between(1, 2) | points(0)).pieces == (Interval(0.0, 0.0, True, True), Interval(1.0, 2.0))
    with pytest.raises(ValueError, match="disjoint"):
        between(0, 2) | between(1, 3)


@pytest.mark.parametrize(
    "make",
    [
        lambda: Interval(1.0, 0.0),
        lambda: Interval(math.nan, 1.0),
        lambda: Interval(0.0, 0.0),  # a single value must be attained
        lambda: Interval(0.0, math.inf, high_approximate=True),
    ],
)
def test_interval_refuses_nonsense(make):
    with pytest.raises(ValueError):
        make()


def test_image_differences_compare_ends_brackets_and_gaps():
    threshold = points(0) | between(1, math.inf)
    assert image_differences(threshold, points(0) | between(1, math.inf)) == []
    assert image_differences(threshold, between(0, math.inf, low_attained=True)) == [
        "2 piece(s) declared, 1 computed"
    ]
    closed = between(0, 1, low_attained=True)
    assert "declared attained, computed only approached" in image_differences(closed, between(0, 1))[0]
    # an approximate end agrees to 5 digits, an exact one does not
    silu = between(-0.27846, math.inf, low_attained=True, low_approximate=True)
    exact = between(-0.2784645427610738, math.inf, low_attained=True)
    assert image_differences(silu, exact) == []
    assert image_differences(between(-0.27846, math.inf, low_attained=True), exact)


def test_declared_takes_enums_or_their_values_and_refuses_prose_ranges():
    common = {"bounded": False, "monotonic_derivative": True, "zero_centered": False, "identity_near_zero": False}
    d = Declared(range=REALS, monotonic="increasing", smoothness="Cinf", **common)  # type: ignore[arg-type]
    assert d.monotonic is Monotonicity.INCREASING and d.smoothness is Smoothness.CINF
    assert d.smoothness == "Cinf"  # a StrEnum is its value
    with pytest.raises(ValueError):
        Declared(range=REALS, monotonic="sometimes", smoothness="C0", **common)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"actplot\.shape\.Image"):
        Declared(range="[0, inf)", monotonic="no", smoothness="C0", **common)  # type: ignore[arg-type]
    with pytest.raises(dataclasses.FrozenInstanceError):
        d.range = REALS  # type: ignore[misc]
