"""Forward-mode second-order jets: f, f′ and f″ of a validated expression, carried together.

Every node returns a :class:`Jet` ``(v, d1, d2)`` where ``d1 = dv/dx`` and ``d2 = d²v/dx²``; a
derivative that is identically zero is ``None``, so constants and straight lines never multiply
``0 * inf`` into nan and ``silu(x)`` written as an expression is bit-for-bit the catalogue's. The rules
are the chain and product rules, exact (no finite differences):

* ``a·b``: ``(ab)′ = a′b + ab′``, ``(ab)″ = a″b + 2a′b′ + ab″``
* ``a/b``: with ``q = a/b``, ``q′ = (a′ − q b′)/b``, ``q″ = (a″ − 2q′b′ − q b″)/b``
* ``g(u)``: ``g(u)′ = g′(u)·u′``, ``g(u)″ = g″(u)·u′² + g′(u)·u″``; for a catalogue g its own
  analytic f′, f″ and its kink conventions for the chosen flavour are used.

At a tie of ``max``/``min`` and at 0 of ``abs`` the derivative follows the flavour's autodiff:
PyTorch and JAX split a tie 50/50, TensorFlow (Keras) gives it to the first argument; ``abs′(0)``
is 0 (sign(0)) except in JAX, whose rule is ``x >= 0 ? 1 : -1``. ``where(c, a, b)`` takes the jet
of the chosen branch (every framework does), and a comparison has derivative 0.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import numpy as np

from actplot.expressions.nodes import (
    ActivationCall,
    BinaryOp,
    Compare,
    MathCall,
    Node,
    Number,
    Parameter,
    UnaryOp,
    Variable,
)
from actplot.spec import FloatArray

Value = Any  # a float64 array or scalar (broadcasts against x)

TIE_SPLIT: dict[str, float] = {
    "torch": 0.5,
    "torch:2.6": 0.5,
    "jax": 0.5,
    "keras2": 1.0,
    "keras3": 1.0,
    "keras3:jax": 0.5,
    "keras3:torch": 0.5,
}
"""Share of a max/min tie's derivative that goes to the first argument, per flavour (Keras 3 on
another backend differentiates with that backend's autodiff)."""
ABS_SLOPE_AT_ZERO: dict[str, float] = {
    "torch": 0.0,
    "torch:2.6": 0.0,
    "jax": 1.0,
    "keras2": 0.0,
    "keras3": 0.0,
    "keras3:jax": 1.0,
    "keras3:torch": 0.0,
}
"""abs′(0) per flavour: sign(0) = 0 in PyTorch and TensorFlow, 1 in JAX (``select(x >= 0, g, -g)``)."""


class Jet:
    """Value and its first two derivatives in x; ``None`` means identically zero."""

    __slots__ = ("d1", "d2", "v")

    def __init__(self, v: Value, d1: Value | None = None, d2: Value | None = None) -> None:
        self.v = v
        self.d1 = d1
        self.d2 = d2


ActivationFactory = Callable[[str, tuple[tuple[str, Any], ...]], Any]
"""(catalogue name, resolved parameters) → a configured :class:`~actplot.activation.Activation`."""


class Context:
    """What one evaluation needs: x, parameter values, the highest derivative order wanted, the
    flavour whose conventions apply, and how to build the catalogue activations called."""

    __slots__ = ("activation", "flavor", "order", "params", "x")

    def __init__(
        self, x: FloatArray, params: Mapping[str, Any], order: int, flavor: str, activation: ActivationFactory
    ) -> None:
        self.x = x
        self.params = params
        self.order = order
        self.flavor = flavor
        self.activation = activation


def evaluate(node: Node, context: Context) -> Jet:
    """The jet of ``node`` at ``context.x`` (derivatives up to ``context.order``)."""
    with np.errstate(all="ignore"):
        return _jet(node, context)


def constant_value(node: Node) -> float:
    """The float64 value of a tree without x or parameters (``2*pi``, ``9**9**9`` = inf)."""
    context = Context(np.zeros(1), {}, 0, "torch", _no_activations)
    with np.errstate(all="ignore"):
        return float(np.asarray(_jet(node, context).v, dtype=np.float64).reshape(-1)[0])


def _no_activations(name: str, params: tuple[tuple[str, Any], ...]) -> Any:
    raise ValueError(f"{name}: a constant cannot call an activation")


def component(jet: Jet, order: int, like: FloatArray) -> FloatArray:
    """Component ``order`` of a jet as a float64 array shaped like ``like`` (zeros for ``None``)."""
    value = (jet.v, jet.d1, jet.d2)[order]
    if value is None:
        out = np.zeros_like(like)
    else:
        out = np.broadcast_to(np.asarray(value, dtype=np.float64), like.shape).astype(np.float64, copy=True)
    if order:  # a derivative is undefined where the value is
        out[np.isnan(np.broadcast_to(np.asarray(jet.v, dtype=np.float64), like.shape))] = np.nan
    return out


def _add(a: Value | None, b: Value | None) -> Value | None:
    if a is None:
        return b
    if b is None:
        return a
    return a + b


def _mul(a: Value | None, b: Value | None) -> Value | None:
    return None if a is None or b is None else a * b


def _neg(a: Value | None) -> Value | None:
    return None if a is None else -a


def _jet(node: Node, c: Context) -> Jet:
    if isinstance(node, Variable):
        return Jet(c.x, np.float64(1.0) if c.order >= 1 else None, None)
    if isinstance(node, Number):
        return Jet(np.float64(node.value))
    if isinstance(node, Parameter):
        return Jet(np.float64(c.params[node.name]))
    if isinstance(node, UnaryOp):
        a = _jet(node.operand, c)
        return a if node.op == "+" else Jet(-a.v, _neg(a.d1), _neg(a.d2))
    if isinstance(node, BinaryOp):
        return _binary(node.op, _jet(node.left, c), _jet(node.right, c), c)
    if isinstance(node, Compare):
        return _compare(node, c)
    if isinstance(node, MathCall):
        return _math_call(node, c)
    if isinstance(node, ActivationCall):
        return _activation_call(node, c)
    raise TypeError(f"not an expression node: {node!r}")  # unreachable: the parser builds only these


def _binary(op: str, a: Jet, b: Jet, c: Context) -> Jet:
    if op == "+":
        return Jet(a.v + b.v, _add(a.d1, b.d1), _add(a.d2, b.d2))
    if op == "-":
        return Jet(a.v - b.v, _add(a.d1, _neg(b.d1)), _add(a.d2, _neg(b.d2)))
    if op == "*":
        d1 = _add(_mul(a.d1, b.v), _mul(a.v, b.d1))
        d2 = _add(_add(_mul(a.d2, b.v), _mul(2.0, _mul(a.d1, b.d1))), _mul(a.v, b.d2)) if c.order >= 2 else None
        return Jet(a.v * b.v, d1, d2)
    if op == "/":
        q = a.v / b.v
        if b.d1 is None and b.d2 is None:
            return Jet(q, None if a.d1 is None else a.d1 / b.v, None if a.d2 is None else a.d2 / b.v)
        q1 = _add(a.d1, _neg(_mul(q, b.d1)))
        q1 = None if q1 is None else q1 / b.v
        q2 = None
        if c.order >= 2:
            q2 = _add(_add(a.d2, _neg(_mul(2.0, _mul(q1, b.d1)))), _neg(_mul(q, b.d2)))
            q2 = None if q2 is None else q2 / b.v
        return Jet(q, q1, q2)
    if op == "**":
        return _power(a, b, c)
    raise TypeError(f"operator {op!r}")  # unreachable


def _power(a: Jet, b: Jet, c: Context) -> Jet:
    if b.d1 is None and b.d2 is None:  # constant exponent k: (a^k)′ = k a^(k−1) a′
        k = b.v
        value = np.power(a.v, k)
        if a.d1 is None and a.d2 is None:
            return Jet(value)
        k_scalar = float(np.asarray(k).reshape(-1)[0]) if np.ndim(k) == 0 or np.size(k) == 1 else None
        if k_scalar == 0.0:
            return Jet(value)
        if k_scalar == 1.0:
            return Jet(value, a.d1, a.d2)
        if k_scalar == 2.0:
            g1: Value = 2.0 * a.v
            g2: Value = np.float64(2.0)
        else:
            g1 = k * np.power(a.v, k - 1.0)
            g2 = k * (k - 1.0) * np.power(a.v, k - 2.0) if c.order >= 2 else None
        return _chain(value, g1, g2, a, c)
    # a^b = exp(b·log a): differentiate the exponent, then exp
    log_a = Jet(np.log(a.v), None if a.d1 is None else a.d1 / a.v, None)
    if c.order >= 2 and (a.d1 is not None or a.d2 is not None):
        inner = _add(a.d2, _neg(_mul(a.d1, a.d1) / a.v if a.d1 is not None else None))
        log_a = Jet(log_a.v, log_a.d1, None if inner is None else inner / a.v)
    exponent = _binary("*", b, log_a, c)
    value = np.power(a.v, b.v)
    return _chain(value, value, value, exponent, c)


def _chain(value: Value, g1: Value, g2: Value | None, u: Jet, c: Context) -> Jet:
    """g(u) from g(u), g′(u), g″(u) and the jet of u."""
    if c.order == 0 or (u.d1 is None and u.d2 is None):
        return Jet(value)
    d1 = _mul(g1, u.d1)
    d2 = None
    if c.order >= 2:
        d2 = _add(_mul(g2, _mul(u.d1, u.d1)), _mul(g1, u.d2))
    return Jet(value, d1, d2)


def _math_call(node: MathCall, c: Context) -> Jet:
    name = node.name
    if name in ("max", "min"):
        jets = [_jet(arg, c) for arg in node.args]
        result = jets[0]
        for other in jets[1:]:
            result = _extremum(result, other, largest=name == "max", c=c)
        return result
    if name == "where":
        return _where(_jet(node.args[0], c), _jet(node.args[1], c), _jet(node.args[2], c))
    u = _jet(node.args[0], c)
    v = u.v
    if name in ("tanh", "erf"):  # only if the catalogue lacks them (it has both)
        return _activation_call(ActivationCall(name, node.args[0], ()), c)
    if name == "exp":
        value = np.exp(v)
        return _chain(value, value, value, u, c)
    if name == "expm1":
        value = np.expm1(v)
        slope = np.exp(v) if c.order else None
        return _chain(value, slope, slope, u, c)
    if name == "log":
        return _chain(np.log(v), 1.0 / v, -1.0 / (v * v), u, c)
    if name == "log1p":
        w = 1.0 + v
        return _chain(np.log1p(v), 1.0 / w, -1.0 / (w * w), u, c)
    if name == "sqrt":
        root = np.sqrt(v)
        return _chain(root, 0.5 / root, -0.25 / (root * v), u, c)
    if name == "sin":
        return _chain(np.sin(v), np.cos(v), -np.sin(v), u, c)
    if name == "cos":
        return _chain(np.cos(v), -np.sin(v), -np.cos(v), u, c)
    if name == "abs":
        at_zero = ABS_SLOPE_AT_ZERO.get(c.flavor, 0.0)
        slope = np.where(v > 0, 1.0, np.where(v < 0, -1.0, at_zero)) if c.order else None
        return _chain(np.abs(v), slope, np.float64(0.0), u, c)
    raise TypeError(f"function {name!r}")  # unreachable: the parser allows only MATH_FUNCTIONS


def _select(mask: Any, a: Value | None, b: Value | None) -> Value | None:
    if a is None and b is None:
        return None
    return np.where(mask, 0.0 if a is None else a, 0.0 if b is None else b)


def _extremum(a: Jet, b: Jet, *, largest: bool, c: Context) -> Jet:
    """max(a, b) or min(a, b); at a tie the flavour's split (``TIE_SPLIT``)."""
    value = np.maximum(a.v, b.v) if largest else np.minimum(a.v, b.v)
    if c.order == 0:
        return Jet(value)
    first = a.v > b.v if largest else a.v < b.v
    tie = a.v == b.v
    share = TIE_SPLIT.get(c.flavor, 0.5)

    def mix(da: Value | None, db: Value | None) -> Value | None:
        if da is None and db is None:
            return None
        da_ = 0.0 if da is None else da
        db_ = 0.0 if db is None else db
        return np.where(first, da_, np.where(tie, share * da_ + (1.0 - share) * db_, db_))

    return Jet(value, mix(a.d1, b.d1), mix(a.d2, b.d2) if c.order >= 2 else None)


def _where(condition: Jet, a: Jet, b: Jet) -> Jet:
    cond = np.asarray(condition.v)
    mask = cond != 0
    value: Any = np.where(mask, a.v, b.v)
    value = np.where(np.isnan(cond), np.nan, value)
    return Jet(value, _select(mask, a.d1, b.d1), _select(mask, a.d2, b.d2))


_COMPARE: dict[str, Callable[[Any, Any], Any]] = {
    "<": np.less,
    "<=": np.less_equal,
    ">": np.greater,
    ">=": np.greater_equal,
    "==": np.equal,
    "!=": np.not_equal,
}


def _compare(node: Compare, c: Context) -> Jet:
    values = [np.asarray(_jet(operand, c).v) for operand in node.operands]
    truth: Any = True
    undefined: Any = False
    for op, left, right in zip(node.ops, values, values[1:]):
        truth = np.logical_and(truth, _COMPARE[op](left, right))
        undefined = np.logical_or(undefined, np.isnan(left) | np.isnan(right))
    return Jet(np.where(undefined, np.nan, np.where(truth, 1.0, 0.0)))


def _activation_call(node: ActivationCall, c: Context) -> Jet:
    params = resolve_params(node, c.params)
    act = c.activation(node.name, params)
    u = _jet(node.argument, c)
    arg = np.asarray(u.v, dtype=np.float64)
    value = np.asarray(act(arg), dtype=np.float64)
    if c.order == 0 or (u.d1 is None and u.d2 is None):
        return Jet(value)
    g1 = np.asarray(act.derivative(arg, order=1), dtype=np.float64)
    g2 = np.asarray(act.derivative(arg, order=2), dtype=np.float64) if c.order >= 2 else None
    return _chain(value, g1, g2, u, c)


def resolve_params(node: ActivationCall, params: Mapping[str, float]) -> tuple[tuple[str, Any], ...]:
    """The catalogue parameters of a call with the expression's parameter values substituted."""
    context = Context(np.zeros(1), params, 0, "torch", _no_activations)
    resolved: list[tuple[str, Any]] = []
    with np.errstate(all="ignore"):
        for key, value in node.params:
            if isinstance(value, str):
                resolved.append((key, value))
            elif isinstance(value, tuple):
                resolved.append((key, tuple(_scalar(_jet(v, context).v) for v in value)))
            else:
                resolved.append((key, _scalar(_jet(value, context).v)))
    return tuple(resolved)


def _scalar(value: Value) -> float:
    return float(np.asarray(value, dtype=np.float64).reshape(-1)[0])
