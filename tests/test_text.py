"""actplot.text: the number and parameter formatters every output shares (exact strings)."""

from __future__ import annotations

import math

import pytest

from actplot import activation, text


@pytest.mark.parametrize(
    ("value", "digits", "expected"),
    [
        (0.1, 6, "0.1"),
        (1e12, 6, "1e+12"),
        (-2.5e-7, 6, "-2.5e-07"),
        (1 / 3, 5, "0.33333"),
        (-0.0, 6, "-0"),
        (math.inf, 6, "inf"),
        (-math.inf, 5, "-inf"),
        (math.nan, 6, "nan"),
        (123456789.0, 6, "1.23457e+08"),
    ],
)
def test_format_general(value: float, digits: int, expected: str):
    assert text.format_general(value, digits) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [(0.1, "0.1"), (math.inf, "inf"), ((-1.0, 0.25, 1.0), "-1;0.25;1"), ("tanh", "tanh"), (20.0, "20")],
)
def test_format_param(value, expected: str):
    assert text.format_param(value) == expected
    assert activation.format_param is text.format_param  # one implementation, re-exported


def test_domain_and_range_texts_use_the_shared_formatter():
    """Messages built from specs and properties print numbers through format_general."""
    import actplot
    from actplot.spec import Param

    param = Param(name="alpha", default=1.0, doc="slope", low=0.5, high=1e12)
    assert param.domain_text() == "0.5 <= alpha <= 1e+12"
    # ranges to 5 digits: sigmoid (0, 1); SiLU's published minimum −0.278465 at x ≈ −1.2785
    assert actplot.get("sigmoid").properties().range_text == "(0, 1)"
    assert actplot.get("silu").properties().range_text == "[\u2248 \u22120.27846, \u221e)"  # ≈: not exact
    assert actplot.get("hard_swish").properties().range_text == "[\u22120.375, \u221e)"  # exact: no ≈
