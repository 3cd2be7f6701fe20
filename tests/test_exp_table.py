"""The table of the double-double exp (``actplot._numerics``): T_i = 2^(−i/128) as T_hi + T_lo,
checked against mpmath at 60 digits (independent of the Decimal construction it is built with)."""

from __future__ import annotations

import math

import mpmath

from actplot._numerics import _exp_table


def test_table_entries_are_two_to_the_minus_i_over_128() -> None:
    table_hi, table_lo = _exp_table()
    assert table_hi.shape == table_lo.shape == (128,)
    with mpmath.workdps(60):
        for i in range(128):
            hi, lo = float(table_hi[i]), float(table_lo[i])
            assert math.ldexp(hi, 26) == round(math.ldexp(hi, 26))  # 26 bits after the point: T·t splits exactly
            truth = mpmath.power(2, mpmath.mpf(-i) / 128)
            assert lo == float(truth - mpmath.mpf(hi))  # T_lo is the rest, rounded once
            assert abs((mpmath.mpf(hi) + mpmath.mpf(lo)) - truth) <= mpmath.mpf(2) ** -80  # |T_lo| < 2⁻²⁶, rounded once
