"""The work budget: how much a command may compute, checked before anything is computed.

Each option has its own limit (``--points`` ≤ 10⁶, up to 1000 values in a list parameter, …),
but their product had none: ``compare`` of 49 functions with ``--points 1000000 -dd --diff``
took 5 GB. The budget bounds the product. One *value* is one function value f, f′ or f″ at one
x; an activation whose list parameters have n entries (maxout's pieces) costs n values per x.

* curves (plot, compare; terminal and files): functions × points × orders ≤ :data:`MAX_CURVE_VALUES`
  (the ``--diff`` panel samples every function again on its own grid and counts too);
* tables: functions × rows × orders ≤ :data:`MAX_TABLE_VALUES`; tables are streamed block by
  block, so this bounds time (tens of seconds), not memory.

A refusal is one line naming the knob to turn (``--points``, fewer functions, fewer ``-d``), exit 2.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from actplot.errors import ActplotError

if TYPE_CHECKING:
    from actplot.activation import Activation

MAX_CURVE_VALUES = 20_000_000
"""Sampled values for one figure or terminal chart (e.g. 20 functions × 10⁶ points × f only)."""

MAX_TABLE_VALUES = 30_000_000
"""Values in one table (e.g. 10 functions × 10⁶ rows × f, f′, f″)."""


class BudgetError(ActplotError):
    """The request would compute more than the budget allows (exit 2: change the options)."""


def cost(act: Activation) -> int:
    """Values computed per x for one order of ``act``: 1, or the length of its longest list parameter."""
    lengths = [len(v) for v in act.params.values() if isinstance(v, tuple)]
    return max([1, *lengths])


def _check(
    what: str, acts: Sequence[Activation], points: int, orders: int, limit: int, option: str, grid: Callable[[int], int]
) -> None:
    """Refuse if ``grid(points)`` x values for every function and order exceed ``limit``; ``option``
    names the knob with ``{n}`` for the largest count that fits (``"--points {n}"``)."""
    per_x = sum(cost(a) for a in acts) * orders
    total = per_x * grid(points)
    if total <= limit:
        return
    low, high = 1, points  # the largest --points that fits: grid() is non-decreasing
    while low < high:
        middle = (low + high + 1) // 2
        if per_x * grid(middle) <= limit:
            low = middle
        else:
            high = middle - 1
    fits = low >= 2 and per_x * grid(low) <= limit
    functions = f"{len(acts)} function{'s' if len(acts) != 1 else ''}"
    lists = "" if per_x == len(acts) * orders else ", list parameters counting once per entry"
    knob = f"use {option.format(n=f'{low:,}')} or fewer, or" if fits else "use"
    raise BudgetError(
        f"{what} needs {total:,} values ({functions} x {grid(points):,} points x {orders} "
        f"order{'s' if orders != 1 else ''}{lists}); the limit is {limit:,}: {knob} fewer functions or fewer -d"
    )


def check_curves(acts: Sequence[Activation], points: int, orders: int, *, diff_points: int = 0) -> None:
    """Refuse a chart or figure over :data:`MAX_CURVE_VALUES`. With ``diff_points`` (the ``--diff``
    panel's grid, at least that many and at least ``points``), each function is sampled twice."""
    def grid(n: int) -> int:
        return n + (max(n, diff_points) if diff_points else 0)

    _check("this plot", acts, points, orders, MAX_CURVE_VALUES, "--points {n}", grid)


def check_table(acts: Sequence[Activation], rows: int, orders: int, *, option: str = "--points {n}") -> None:
    """Refuse a table over :data:`MAX_TABLE_VALUES` (``option``: how to name the row count, ``{n}``)."""
    _check("this table", acts, rows, orders, MAX_TABLE_VALUES, option, lambda n: n)
