"""How precisely expression kernels evaluate: double-double (the default) or plain float64.

Every f, f′, f″ of an expression is double-double by default, which keeps ``x*sigmoid(x)`` within
0.5 ULP of silu (see :mod:`actplot.expressions.precise`). Some callers need far less than that from
a value: Newton's method looking for a stationary point uses f′ and f″ only to steer, and then
evaluates f where it lands. For them, plain float64 jets (the catalogue's own f, f′, f″ combined by
the chain and product rules in float64, a few ULP) are enough at a fraction of the cost: a
one-point f′ of ``x*tanh(softplus(x))`` takes ~0.1 ms instead of ~0.3 ms (measured, noisy).

What is drawn or printed stays double-double: where a chart's scale is near the rounding level
(a ``compare --diff`` panel, an expression that cancels such as ``x*sigmoid(x) - silu(x)``), the
float64 curve shows several ULP of noise of its own, and ``table``, ``info`` and the range on a
terminal chart print values.

The choice is a context variable, so it follows the code that asked for it (threads and asyncio
tasks get their own) and cannot leak into later calls::

    with plain_float64():
        slope = act.derivative(x)

It affects only the kernels (``act(x)``, ``act.derivative(x, order=…)``); the kink search and the
classification of kinks always use their own fixed precision, so kinks do not depend on who asked
first. This module imports nothing heavy (the core imports it for any function).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

_DOUBLE_DOUBLE: ContextVar[bool] = ContextVar("actplot_expression_double_double", default=True)


def double_double() -> bool:
    """True (the default) when expression kernels carry double-doubles; False inside :func:`plain_float64`."""
    return _DOUBLE_DOUBLE.get()


@contextmanager
def plain_float64() -> Iterator[None]:
    """Evaluate expression kernels in plain float64 inside this block (for output that is coarser
    than a few ULP: charts, 4-digit summaries)."""
    token = _DOUBLE_DOUBLE.set(False)
    try:
        yield
    finally:
        _DOUBLE_DOUBLE.reset(token)
