"""60-digit mpmath references for the plugin's functions, in the form actplot's test suite reads
(``ACTPLOT_TEST_REFERENCES=actplot_example_plugin.references:REFERENCES``): name → f, d1, d2 and,
optionally, the accepted error in ULP for each."""

from __future__ import annotations

import mpmath


def _f(x):
    # log(cosh x) = log1p(2 sinh²(x/2)): at 60 digits cosh(1e-36) is exactly 1, so log(cosh x) would be 0
    return mpmath.log1p(2 * mpmath.sinh(x / 2) ** 2)


def _d1(x):
    return mpmath.tanh(x)


def _d2(x):
    return mpmath.sech(x) ** 2


REFERENCES = {"log_cosh": {"f": _f, "d1": _d1, "d2": _d2, "ulps": (4.0, 8.0, 8.0)}}
