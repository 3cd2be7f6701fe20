"""Forward-mode second-order jets: f, f′ and f″ of a validated expression, carried together.

Every node returns a :class:`Jet` ``(v, d1, d2)`` where ``d1 = dv/dx`` and ``d2 = d²v/dx²``, each a
double-double part ``(hi, lo)`` (:mod:`actplot.expressions.precise`: the product rule's sums cancel,
so float64 terms would lose several ULP); a derivative that is identically zero is ``None``, so
constants and straight lines never multiply ``0 * inf`` into nan and ``silu(x)`` written as an
expression is bit-for-bit the catalogue's. The rules are the chain and product rules, exact (no
finite differences):

* ``a·b``: ``(ab)′ = a′b + ab′``, ``(ab)″ = a″b + 2a′b′ + ab″``
* ``a/b``: with ``q = a/b``, ``q′ = (a′ − q b′)/b``, ``q″ = (a″ − 2q′b′ − q b″)/b``
* ``g(u)``: ``g(u)′ = g′(u)·u′``, ``g(u)″ = g″(u)·u′² + g′(u)·u″``; for a catalogue g its
  double-double kernel if it has one, else its own analytic f′, f″ and its kink conventions for the
  chosen flavour.

At a tie of ``max``/``min`` and at 0 of ``abs`` the derivative follows the flavour's autodiff, as
recorded from the frameworks (tests/fixtures/frameworks/generic, checked by
tests/test_expression_conventions.py): PyTorch and JAX split a tie 50/50, TensorFlow (Keras 2 and
Keras 3 on its default backend) gives it to the first argument; ``abs′(0)`` is 0 (sign(0)) except
in JAX, whose rule is ``x >= 0 ? 1 : -1``. ``where(c, a, b)`` takes the jet of the chosen branch
(every framework does), and a comparison has derivative 0.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import numpy as np

from actplot.expressions import precise
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
from actplot.expressions.precise import Part
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
    """Value and its first two derivatives in x, each a double-double part ``(hi, lo)``
    (:mod:`actplot.expressions.precise`); ``None`` means identically zero."""

    __slots__ = ("d1", "d2", "v")

    def __init__(self, v: Part, d1: Part | None = None, d2: Part | None = None) -> None:
        self.v = v
        self.d1 = d1
        self.d2 = d2


ActivationFactory = Callable[[str, tuple[tuple[str, Any], ...]], Any]
"""(catalogue name, resolved parameters) → a configured :class:`~actplot.activation.Activation`."""


class Context:
    """What one evaluation needs: x, parameter values, the highest derivative order wanted, the
    flavour whose conventions apply, and how to build the catalogue activations called.

    ``precise`` (the default) carries double-double parts through the arithmetic; the kink search
    turns it off, since it needs only the signs of its switching functions."""

    __slots__ = ("activation", "flavor", "order", "params", "precise", "root", "x")

    def __init__(
        self,
        x: FloatArray,
        params: Mapping[str, Any],
        order: int,
        flavor: str,
        activation: ActivationFactory,
        *,
        precise: bool = True,
    ) -> None:
        self.x = x
        self.params = params
        self.order = order
        self.flavor = flavor
        self.activation = activation
        self.precise = precise
        self.root: Node | None = None


def evaluate(node: Node, context: Context) -> Jet:
    """The jet of ``node`` at ``context.x`` (derivatives up to ``context.order``)."""
    context.root = node
    with np.errstate(all="ignore"):
        return _jet(node, context)


def constant_value(node: Node) -> float:
    """The float64 value of a tree without x or parameters (``2*pi``, ``9**9**9`` = inf)."""
    context = Context(np.zeros(1), {}, 0, "torch", _no_activations)
    with np.errstate(all="ignore"):
        return float(np.asarray(precise.value(_jet(node, context).v), dtype=np.float64).reshape(-1)[0])


def _no_activations(name: str, params: tuple[tuple[str, Any], ...]) -> Any:
    raise ValueError(f"{name}: a constant cannot call an activation")


def component(jet: Jet, order: int, like: FloatArray) -> FloatArray:
    """Component ``order`` of a jet, rounded to float64, shaped like ``like`` (zeros for ``None``)."""
    part = (jet.v, jet.d1, jet.d2)[order]
    if part is None:
        out = np.zeros_like(like)
    else:
        out = np.broadcast_to(np.asarray(precise.value(part), dtype=np.float64), like.shape).astype(np.float64, copy=True)
    if order:  # a derivative is undefined where the value is
        out[np.isnan(np.broadcast_to(np.asarray(jet.v[0], dtype=np.float64), like.shape))] = np.nan
    return out


class _Arithmetic:
    """Sums and products of parts: double-double (``precise``) or plain float64 (``lo`` dropped)."""

    def __init__(self, compensated: bool) -> None:
        self.compensated = compensated

    def add(self, a: Part | None, b: Part | None) -> Part | None:
        if a is None:
            return b
        if b is None:
            return a
        return precise.add(a, b) if self.compensated else (a[0] + b[0], None)

    def sub(self, a: Part | None, b: Part | None) -> Part | None:
        return self.add(a, None if b is None else precise.neg(b))

    def mul(self, a: Part | None, b: Part | None) -> Part | None:
        if a is None or b is None:
            return None
        if _is_one(b):  # x′ = 1 in every chain and product rule: nothing to multiply
            return a
        if _is_one(a):
            return b
        return precise.mul(a, b) if self.compensated else (a[0] * b[0], None)

    def div(self, a: Part | None, b: Part) -> Part | None:
        if a is None:
            return None
        return precise.div(a, b) if self.compensated else (a[0] / b[0], None)


def _is_one(a: Part) -> bool:
    return a[1] is None and np.ndim(a[0]) == 0 and bool(a[0] == 1.0)


_PRECISE = _Arithmetic(True)
_PLAIN = _Arithmetic(False)


def _arithmetic(c: Context) -> _Arithmetic:
    return _PRECISE if c.precise else _PLAIN


def _neg(a: Part | None) -> Part | None:
    return None if a is None else precise.neg(a)


def _plain(value: Value) -> Part:
    return (value, None)




def _jet(node: Node, c: Context) -> Jet:
    if isinstance(node, Variable):
        return Jet(_plain(c.x), _plain(np.float64(1.0)) if c.order >= 1 else None, None)
    if isinstance(node, Number):
        return Jet((np.float64(node.value), np.float64(node.low) if c.precise and node.low else None))
    if isinstance(node, Parameter):
        return Jet(_plain(np.float64(c.params[node.name])))
    if isinstance(node, UnaryOp):
        a = _jet(node.operand, c)
        return a if node.op == "+" else Jet(precise.neg(a.v), _neg(a.d1), _neg(a.d2))
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
    ar = _arithmetic(c)
    if op == "+":
        return Jet(ar.add(a.v, b.v), ar.add(a.d1, b.d1), ar.add(a.d2, b.d2))  # type: ignore[arg-type]
    if op == "-":
        return Jet(ar.sub(a.v, b.v), ar.sub(a.d1, b.d1), ar.sub(a.d2, b.d2))  # type: ignore[arg-type]
    if op == "*":
        d1 = ar.add(ar.mul(a.d1, b.v), ar.mul(a.v, b.d1))
        d2 = None
        if c.order >= 2:
            cross = ar.mul(a.d1, b.d1)
            d2 = ar.add(ar.add(ar.mul(a.d2, b.v), None if cross is None else precise.scale(2.0, cross)), ar.mul(a.v, b.d2))
        return Jet(ar.mul(a.v, b.v), d1, d2)  # type: ignore[arg-type]
    if op == "/":
        q = ar.div(a.v, b.v)
        assert q is not None  # a.v is never None
        if b.d1 is None and b.d2 is None:
            return Jet(q, ar.div(a.d1, b.v), ar.div(a.d2, b.v))
        q1 = ar.div(ar.sub(a.d1, ar.mul(q, b.d1)), b.v)
        q2 = None
        if c.order >= 2:
            twice = ar.mul(q1, b.d1)
            q2 = ar.div(ar.sub(ar.sub(a.d2, None if twice is None else precise.scale(2.0, twice)), ar.mul(q, b.d2)), b.v)
        return Jet(q, q1, q2)
    if op == "**":
        return _power(a, b, c)
    raise TypeError(f"operator {op!r}")  # unreachable


def _power(a: Jet, b: Jet, c: Context) -> Jet:
    if b.d1 is None and b.d2 is None:  # constant exponent k: (a^k)′ = k a^(k−1) a′
        k = precise.value(b.v)
        k_scalar = float(np.asarray(k).reshape(-1)[0]) if np.ndim(k) == 0 or np.size(k) == 1 else None
        if k_scalar is not None and k_scalar.is_integer() and 2.0 <= k_scalar <= MAX_PRODUCT_POWER:
            return _integer_power(a, int(k_scalar), c)
        base = a.v[0]
        value = np.power(base, k)
        if a.d1 is None and a.d2 is None:
            return Jet(_with_shift(value, k * np.power(base, k - 1.0), a.v) if c.precise else _plain(value))
        if k_scalar == 0.0:
            return Jet(_plain(value))
        if k_scalar == 1.0:
            return Jet(a.v, a.d1, a.d2)
        g1 = k * np.power(base, k - 1.0)
        g2 = k * (k - 1.0) * np.power(base, k - 2.0)
        return _chain_values(value, g1, g2, a, c)
    # a^b = exp(b·log a): differentiate the exponent, then exp
    exponent = _binary("*", b, _math_jet("log", a, c), c)
    value = np.power(a.v[0], precise.value(b.v))
    return _chain_values(value, value, value, exponent, c)


MAX_PRODUCT_POWER = 16
"""``a**k`` with an integer 2 ≤ k ≤ this is evaluated as products, so that it is a double-double
like every product; other exponents use ``np.power`` (a negative k too: as a quotient its
derivatives would give inf·0 at a = ±inf and 0)."""


def _integer_power(a: Jet, k: int, c: Context) -> Jet:
    """a**k by binary powering with the product rule (``a**2`` is exactly ``a*a``)."""
    result: Jet | None = None
    square = a
    n = k
    while n:
        if n & 1:
            result = square if result is None else _binary("*", result, square, c)
        n >>= 1
        if n:
            square = _binary("*", square, square, c)
    assert result is not None
    return result


def _with_shift(g0: Value, g1: Value, u: Part) -> Part:
    """g(hi + lo) ≈ g(hi) + g′(hi)·lo: the first-order correction for the low part of the argument."""
    if u[1] is None:
        return _plain(g0)
    return precise.normalise(g0, g1 * u[1])


def _chain_values(g0: Value, g1: Value | None, g2: Value | None, u: Jet, c: Context) -> Jet:
    """g(u) from float64 g(u_hi), g′(u_hi), g″(u_hi) (corrected to first order for u's low part)."""
    if c.order == 0 or (u.d1 is None and u.d2 is None):
        return Jet(_with_shift(g0, g1, u.v) if c.precise and g1 is not None else _plain(g0))
    if not c.precise:
        return _chain_parts([_plain(g0), _plain(g1), None if g2 is None else _plain(g2)], u, c)
    parts: list[Part | None] = [_with_shift(g0, g1, u.v), _with_shift(g1, g2, u.v) if g2 is not None else _plain(g1)]
    parts.append(None if g2 is None else _plain(g2))
    return _chain_parts(parts, u, c)


def _chain_parts(g: list[Any], u: Jet, c: Context) -> Jet:
    """g(u) from the parts g(u), g′(u), g″(u) and the jet of u (chain rule)."""
    if c.order == 0 or (u.d1 is None and u.d2 is None):
        return Jet(g[0])
    ar = _arithmetic(c)
    d1 = ar.mul(g[1], u.d1)
    d2 = None
    if c.order >= 2:
        d2 = ar.add(ar.mul(g[2], ar.mul(u.d1, u.d1)), ar.mul(g[1], u.d2))
    return Jet(g[0], d1, d2)


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
    if name in ("tanh", "erf"):  # only if the catalogue lacks them (it has both)
        return _activation_call(ActivationCall(name, node.args[0], ()), c)
    return _math_jet(name, _jet(node.args[0], c), c)


def _math_jet(name: str, u: Jet, c: Context) -> Jet:
    v = u.v[0]
    if c.precise and name in ("exp", "expm1"):
        kernel = precise.exp_jet if name == "exp" else precise.expm1_jet
        return _chain_parts(kernel(u.v, c.order if c.order else 1), u, c)  # type: ignore[arg-type]
    if name == "exp":
        value = np.exp(v)
        return _chain_values(value, value, value, u, c)
    if name == "expm1":
        value = np.expm1(v)
        return _chain_values(value, np.exp(v), np.exp(v), u, c)
    if name in ("log", "log1p"):
        value = np.log(v) if name == "log" else np.log1p(v)
        w = u.v if name == "log" else precise.add(precise.ONE, u.v)
        if not c.precise or (u.d1 is None and u.d2 is None):
            return _chain_values(value, 1.0 / precise.value(w), None, u, c)
        slope, bend = precise.reciprocal_jet(w)  # 1/w and −1/w² as double-doubles: their sum cancels
        return _chain_parts([_with_shift(value, slope[0], u.v), slope, bend], u, c)
    if name == "sqrt":
        root = np.sqrt(v)
        jet = _chain_values(root, 0.5 / root, -0.25 / (root * v), u, c)
        if c.precise:  # the root itself to double-double (Newton's remainder), not only its argument shift
            jet.v = precise.sqrt_part(u.v)
        return jet
    if name == "sin":
        return _chain_values(np.sin(v), np.cos(v), -np.sin(v), u, c)
    if name == "cos":
        return _chain_values(np.cos(v), -np.sin(v), -np.cos(v), u, c)
    if name == "abs":
        at_zero = ABS_SLOPE_AT_ZERO.get(c.flavor, 0.0)
        sign = np.where(v > 0, 1.0, np.where(v < 0, -1.0, at_zero))
        signed = precise.select(v < 0, precise.neg(u.v), u.v) if c.precise else _plain(v)
        magnitude = (np.abs(signed[0]), signed[1])  # abs(−0.0) = 0.0
        if c.order == 0 or (u.d1 is None and u.d2 is None):
            return Jet(magnitude)
        return _chain_parts([magnitude, _plain(sign), (np.float64(0.0), None)], u, c)
    raise TypeError(f"function {name!r}")  # unreachable: the parser allows only MATH_FUNCTIONS


def _select(mask: Any, a: Part | None, b: Part | None) -> Part | None:
    if a is None and b is None:
        return None
    zero: Part = (np.float64(0.0), None)
    return precise.select(mask, zero if a is None else a, zero if b is None else b)


def _order_masks(a: Part, b: Part) -> tuple[Any, Any]:
    """(a > b, a == b) for double-doubles: by hi, then by lo where the his are equal."""
    a_lo = 0.0 if a[1] is None else a[1]
    b_lo = 0.0 if b[1] is None else b[1]
    same_hi = a[0] == b[0]
    greater = (a[0] > b[0]) | (same_hi & (a_lo > b_lo))
    return greater, same_hi & (a_lo == b_lo)


def _extremum(a: Jet, b: Jet, *, largest: bool, c: Context) -> Jet:
    """max(a, b) or min(a, b); at a tie the flavour's split (``TIE_SPLIT``)."""
    greater, tie = _order_masks(a.v, b.v)
    first = greater if largest else ~greater & ~tie
    nan = np.isnan(a.v[0]) | np.isnan(b.v[0])
    value = _select(first | tie, a.v, b.v)
    assert value is not None
    value = (np.where(nan, np.nan, value[0]), value[1])
    if c.order == 0:
        return Jet(value)
    share = TIE_SPLIT.get(c.flavor, 0.5)
    ar = _arithmetic(c)

    def mix(da: Part | None, db: Part | None) -> Part | None:
        if da is None and db is None:
            return None
        at_tie = ar.add(ar.mul(_plain(np.float64(share)), da), ar.mul(_plain(np.float64(1.0 - share)), db))
        return _select(first, da, _select(tie, at_tie, db))

    return Jet(value, mix(a.d1, b.d1), mix(a.d2, b.d2) if c.order >= 2 else None)


def _where(condition: Jet, a: Jet, b: Jet) -> Jet:
    cond = np.asarray(precise.value(condition.v))
    mask = cond != 0
    value = _select(mask, a.v, b.v)
    assert value is not None
    value = (np.where(np.isnan(cond), np.nan, value[0]), value[1])
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
    """1.0 where the comparison holds, else 0.0 (nan where an operand is nan); double-doubles
    compare by hi, then by lo."""
    values = [_jet(operand, c).v for operand in node.operands]
    truth: Any = True
    undefined: Any = False
    for op, left, right in zip(node.ops, values, values[1:]):
        greater, equal = _order_masks(left, right)
        sign = np.where(greater, 1.0, np.where(equal, 0.0, -1.0))
        truth = np.logical_and(truth, _COMPARE[op](sign, 0.0))
        undefined = np.logical_or(undefined, np.isnan(left[0]) | np.isnan(right[0]))
    return Jet(_plain(np.where(undefined, np.nan, np.where(truth, 1.0, 0.0))))


def _activation_call(node: ActivationCall, c: Context) -> Jet:
    """A catalogue function of an inner expression: its double-double kernel where it has one
    (except when it is the whole expression applied to x itself, which is the catalogue function
    bit for bit), else its own float64 f, f′, f″ with the flavour's conventions at kinks."""
    params = resolve_params(node, c.params)
    act = c.activation(node.name, params)
    u = _jet(node.argument, c)
    itself = node is c.root and isinstance(node.argument, Variable)
    kernel = precise.catalogue_kernel(act.spec.name, act.params) if c.precise and not itself else None
    if kernel is not None:
        return _chain_parts(kernel(u.v, c.order), u, c)  # type: ignore[arg-type]
    arg = np.asarray(u.v[0], dtype=np.float64)
    value = np.asarray(act(arg), dtype=np.float64)
    shifted = c.precise and u.v[1] is not None
    if (c.order == 0 or (u.d1 is None and u.d2 is None)) and not shifted:
        return Jet(_plain(value))
    g1 = np.asarray(act.derivative(arg, order=1), dtype=np.float64)
    # g″ enters f″, and, in double-double, the first-order shift of g′ for u's low part
    g2 = np.asarray(act.derivative(arg, order=2), dtype=np.float64) if c.order >= 2 or (c.precise and c.order >= 1) else None
    return _chain_values(value, g1, g2, u, c)


def resolve_params(node: ActivationCall, params: Mapping[str, float]) -> tuple[tuple[str, Any], ...]:
    """The catalogue parameters of a call with the expression's parameter values substituted."""
    context = Context(np.zeros(1), params, 0, "torch", _no_activations)
    resolved: list[tuple[str, Any]] = []
    with np.errstate(all="ignore"):
        for key, value in node.params:
            if isinstance(value, str):
                resolved.append((key, value))
            elif isinstance(value, tuple):
                resolved.append((key, tuple(_scalar(precise.value(_jet(v, context).v)) for v in value)))
            else:
                resolved.append((key, _scalar(precise.value(_jet(value, context).v))))
    return tuple(resolved)


def _scalar(value: Value) -> float:
    return float(np.asarray(value, dtype=np.float64).reshape(-1)[0])
