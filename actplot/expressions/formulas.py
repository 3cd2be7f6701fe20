"""Formulas of an expression: f and f′ as mathtext and as plain text, from the validated tree.

f′ is the symbolic derivative of the tree (the same rules the jets apply numerically), simplified
just enough to read (``0·u``, ``1·u``, ``u + 0`` vanish, numbers fold). Non-smooth pieces are
written with ``where``: ``max(a, b)′ = where(a >= b, a′, b′)`` (the value at a tie is the
flavour's convention, listed under the kinks), ``abs(u)′ = sign(u)·u′``. A catalogue function g
contributes ``g′(u)``, its own analytic derivative.
"""

from __future__ import annotations

import math
from typing import ClassVar

from actplot.expressions.jets import ABS_SLOPE_AT_ZERO, TIE_SPLIT
from actplot.expressions.nodes import (
    ActivationCall,
    BinaryOp,
    Compare,
    MathCall,
    Node,
    Number,
    Parameter,
    ParamNode,
    UnaryOp,
    Variable,
    depends_on_x,
)

GREEK = ("alpha", "beta", "gamma", "delta", "theta", "lambda", "mu", "sigma", "tau", "kappa", "rho", "omega", "phi", "eta")


class _Derivative(Node):
    """g′(u) (``order`` 1) or g″(u) of a catalogue function, for printing only."""

    __slots__ = ("call", "order")
    FIELDS = ("call", "order")
    call: ActivationCall
    order: int

    def __init__(self, call: ActivationCall, order: int) -> None:
        super().__init__(call, order)


class _Sign(Node):
    """sign(u), for printing abs′ only."""

    __slots__ = ("argument",)
    FIELDS = ("argument",)
    argument: Node

    def __init__(self, argument: Node) -> None:
        super().__init__(argument)


def parameter_symbol(name: str) -> str:
    """The mathtext symbol of an expression parameter: ``\\beta`` for ``beta``, else the name."""
    return "\\" + name if name in GREEK else name


# --- symbolic derivative --------------------------------------------------------------------------

ZERO = Number(0.0)
ONE = Number(1.0)


def _is(node: Node, value: float) -> bool:
    return isinstance(node, Number) and not node.name and node.value == value


def add(a: Node, b: Node) -> Node:
    if _is(a, 0.0):
        return b
    if _is(b, 0.0):
        return a
    if isinstance(a, Number) and isinstance(b, Number) and not a.name and not b.name:
        return Number(a.value + b.value)
    if isinstance(b, UnaryOp) and b.op == "-":
        return sub(a, b.operand)
    return BinaryOp("+", a, b)


def sub(a: Node, b: Node) -> Node:
    if _is(b, 0.0):
        return a
    if _is(a, 0.0):
        return neg(b)
    return BinaryOp("-", a, b)


def neg(a: Node) -> Node:
    if isinstance(a, Number) and not a.name:
        return Number(-a.value)
    if isinstance(a, UnaryOp) and a.op == "-":
        return a.operand
    return UnaryOp("-", a)


def mul(a: Node, b: Node) -> Node:
    if _is(a, 0.0) or _is(b, 0.0):
        return ZERO
    if _is(a, 1.0):
        return b
    if _is(b, 1.0):
        return a
    if _is(a, -1.0) or _is(b, -1.0):
        return neg(b if _is(a, -1.0) else a)
    if isinstance(a, Number) and isinstance(b, Number) and not a.name and not b.name:
        return Number(a.value * b.value)
    if isinstance(b, Number) and not isinstance(a, Number):
        a, b = b, a  # numbers first: 2·x, not x·2
    if isinstance(a, UnaryOp) and a.op == "-":
        return neg(mul(a.operand, b))
    if isinstance(b, UnaryOp) and b.op == "-":
        return neg(mul(a, b.operand))
    return BinaryOp("*", a, b)


def div(a: Node, b: Node) -> Node:
    if _is(a, 0.0):
        return ZERO
    if _is(b, 1.0):
        return a
    return BinaryOp("/", a, b)


def power(a: Node, k: Node) -> Node:
    if _is(k, 1.0):
        return a
    if _is(k, 0.0):
        return ONE
    return BinaryOp("**", a, k)


def derivative(node: Node, flavor: str = "torch") -> Node:
    """d/dx of a tree, as a tree (catalogue functions as g′(u)), exact at ties and at abs(0) in the
    convention of ``flavor`` (the same rules the evaluation uses), so the formula and the values
    printed beside it agree everywhere."""
    if not depends_on_x(node):
        return ZERO
    if isinstance(node, Variable):
        return ONE
    if isinstance(node, UnaryOp):
        d = derivative(node.operand, flavor)
        return d if node.op == "+" else neg(d)
    if isinstance(node, BinaryOp):
        a, b = node.left, node.right
        da, db = derivative(a, flavor), derivative(b, flavor)
        if node.op == "+":
            return add(da, db)
        if node.op == "-":
            return sub(da, db)
        if node.op == "*":
            return add(mul(da, b), mul(a, db))
        if node.op == "/":
            if not depends_on_x(b):
                return div(da, b)
            return div(sub(mul(da, b), mul(a, db)), power(b, Number(2.0)))
        if not depends_on_x(b):  # a^k
            k = b.value if isinstance(b, Number) and not b.name else None
            lowered = Number(k - 1.0) if k is not None else sub(b, ONE)
            return mul(mul(b, power(a, lowered)), da)
        log_a = MathCall("log", (a,))
        return mul(node, add(mul(db, log_a), div(mul(b, da), a)))
    if isinstance(node, Compare):
        return ZERO
    if isinstance(node, MathCall):
        return _math_derivative(node, flavor)
    if isinstance(node, ActivationCall):
        return mul(_Derivative(node, 1), derivative(node.argument, flavor))
    raise TypeError(f"not an expression node: {node!r}")


def _math_derivative(node: MathCall, flavor: str) -> Node:
    name = node.name
    if name in ("max", "min"):
        result = node.args[0]
        slope = derivative(result, flavor)
        wins, loses = (">", "<") if name == "max" else ("<", ">")
        for other in node.args[1:]:
            d_other = derivative(other, flavor)
            if TIE_SPLIT.get(flavor, 0.5) == 1.0:  # a tie goes to the first argument
                slope = MathCall("where", (Compare((wins + "=",), (result, other)), slope, d_other))
            else:  # a tie is shared: half of each slope
                tie = mul(Number(0.5), add(slope, d_other))
                inner = MathCall("where", (Compare((loses,), (result, other)), d_other, tie))
                slope = MathCall("where", (Compare((wins,), (result, other)), slope, inner))
            result = MathCall(name, (result, other))
        return slope
    if name == "where":
        return MathCall("where", (node.args[0], derivative(node.args[1], flavor), derivative(node.args[2], flavor)))
    u = node.args[0]
    du = derivative(u, flavor)
    outer: Node
    if name in ("exp", "expm1"):
        outer = MathCall("exp", (u,))
    elif name == "log":
        return div(du, u)
    elif name == "log1p":
        return div(du, add(ONE, u))
    elif name == "sqrt":
        return div(du, mul(Number(2.0), node))
    elif name == "sin":
        outer = MathCall("cos", (u,))
    elif name == "cos":
        outer = neg(MathCall("sin", (u,)))
    elif name == "abs":
        if ABS_SLOPE_AT_ZERO.get(flavor, 0.0) == 0.0:
            outer = _Sign(u)  # sign(0) = 0
        else:
            outer = MathCall("where", (Compare((">=",), (u, ZERO)), ONE, Number(-1.0)))
    else:  # tanh, erf as math functions (only without the catalogue)
        outer = _Derivative(ActivationCall(name, u, ()), 1)
    return mul(outer, du)


# --- printing ---------------------------------------------------------------------------------------

_PRECEDENCE = {"compare": 1, "+": 2, "-": 2, "*": 3, "/": 3, "unary": 4, "**": 5, "atom": 6}


def _precedence(node: Node) -> int:
    if isinstance(node, BinaryOp):
        return _PRECEDENCE[node.op]
    if isinstance(node, UnaryOp):
        return _PRECEDENCE["unary"]
    if isinstance(node, Compare):
        return _PRECEDENCE["compare"]
    if isinstance(node, Number) and (node.value < 0 or "e" in number_text(node.value)) and not node.name:
        return _PRECEDENCE["unary"]
    return _PRECEDENCE["atom"]


def number_text(value: float) -> str:
    """The shortest text that reads back as the same float64 (``0.1``, ``2``, ``1e-05``, ``inf``)."""
    if math.isinf(value):
        return "inf" if value > 0 else "-inf"
    if math.isnan(value):
        return "nan"
    text = repr(value)
    if text.endswith(".0"):
        text = text[:-2]
    short = f"{value:.12g}"
    return short if float(short) == value and len(short) < len(text) else text


def plain(node: Node) -> str:
    """The tree as expression text that parses back to the same tree (``x*sigmoid(1.5*x)``)."""
    return _Plain().show(node)


def pretty(node: Node) -> str:
    """The tree as readable Unicode text (``x·sigmoid(1.5·x)``, ``x^2``, ``a ≤ b``) for headers."""
    return _Pretty().show(node)


def mathtext(node: Node) -> str:
    """The tree as matplotlib mathtext, without the surrounding ``$``."""
    return _MathText().show(node)


class _Printer:
    times = "*"
    compare_ops: ClassVar[dict[str, str]] = {}

    def show(self, node: Node) -> str:
        if isinstance(node, Number):
            return self.number(node)
        if isinstance(node, Variable):
            return "x"
        if isinstance(node, Parameter):
            return self.parameter(node.name)
        if isinstance(node, UnaryOp):
            return node.op + self.wrap(node.operand, _PRECEDENCE["unary"], strict=False)
        if isinstance(node, BinaryOp):
            return self.binary(node)
        if isinstance(node, Compare):
            parts = [self.wrap(node.operands[0], 2, strict=False)]
            for op, operand in zip(node.ops, node.operands[1:]):
                parts += [self.compare_ops.get(op, op), self.wrap(operand, 2, strict=False)]
            return " ".join(parts)
        if isinstance(node, MathCall):
            return self.math_call(node)
        if isinstance(node, ActivationCall):
            return self.activation_call(node, "")
        if isinstance(node, _Derivative):
            return self.activation_call(node.call, "'" * node.order)
        if isinstance(node, _Sign):
            return self.call("sign", [self.show(node.argument)])
        raise TypeError(f"not an expression node: {node!r}")

    def wrap(self, node: Node, level: int, *, strict: bool) -> str:
        text = self.show(node)
        inner = _precedence(node)
        needs = inner < level or (strict and inner == level)
        return self.paren(text) if needs else text

    def paren(self, text: str) -> str:
        return f"({text})"

    def binary(self, node: BinaryOp) -> str:
        level = _PRECEDENCE[node.op]
        if node.op == "**":
            return f"{self.wrap(node.left, level, strict=True)}**{self.wrap(node.right, level, strict=False)}"
        left = self.wrap(node.left, level, strict=False)
        right = self.wrap(node.right, level, strict=node.op in ("-", "/"))
        if node.op in ("+", "-"):
            return f"{left} {node.op} {right}"
        return f"{left}{self.times if node.op == '*' else '/'}{right}"

    def number(self, node: Number) -> str:
        return node.name or number_text(node.value)

    def parameter(self, name: str) -> str:
        return name

    def call(self, name: str, args: list[str]) -> str:
        return f"{name}({', '.join(args)})"

    def math_call(self, node: MathCall) -> str:
        return self.call(node.name, [self.show(a) for a in node.args])

    def param_value(self, value: ParamNode) -> str:
        if isinstance(value, str):
            return value
        if isinstance(value, tuple):
            return "(" + ", ".join(self.show(v) for v in value) + ("," if len(value) == 1 else "") + ")"
        return self.show(value)

    def activation_call(self, node: ActivationCall, primes: str) -> str:
        args = [self.show(node.argument)] + [f"{k}={self.param_value(v)}" for k, v in node.params]
        return self.call(node.name + primes, args)


class _Plain(_Printer):
    pass


class _Pretty(_Printer):
    times = "·"
    compare_ops: ClassVar[dict[str, str]] = {"<=": "≤", ">=": "≥", "!=": "≠"}

    def binary(self, node: BinaryOp) -> str:
        if node.op == "**":
            return f"{self.wrap(node.left, 5, strict=True)}^{self.wrap(node.right, 5, strict=False)}"
        return super().binary(node).replace(" - ", " − ")

    def show(self, node: Node) -> str:
        if isinstance(node, UnaryOp) and node.op == "-":
            return "−" + self.wrap(node.operand, _PRECEDENCE["unary"], strict=False)
        if isinstance(node, Number) and not node.name:
            return number_text(node.value).replace("-", "−").replace("inf", "∞")
        if isinstance(node, Number) and node.name == "pi":
            return "π"
        return super().show(node)


class _MathText(_Printer):
    times = r"\,"
    compare_ops: ClassVar[dict[str, str]] = {"<": "<", "<=": r"\leq", ">": ">", ">=": r"\geq", "==": "=", "!=": r"\neq"}
    _NAMED: ClassVar[dict[str, str]] = {"exp": r"\exp", "log": r"\log", "sin": r"\sin", "cos": r"\cos", "tanh": r"\tanh", "max": r"\max", "min": r"\min"}

    def paren(self, text: str) -> str:
        return rf"\left({text}\right)"

    def number(self, node: Number) -> str:
        if node.name:
            return r"\pi" if node.name == "pi" else "e"
        text = number_text(node.value)
        if "inf" in text:
            return text.replace("inf", r"\infty")
        if "e" in text:
            mantissa, exponent = text.split("e")
            power = f"10^{{{int(exponent)}}}"
            return power if mantissa == "1" else rf"{mantissa}\times{power}"
        return text

    def parameter(self, name: str) -> str:
        return parameter_symbol(name)

    def binary(self, node: BinaryOp) -> str:
        if node.op == "/":
            return rf"\frac{{{self.show(node.left)}}}{{{self.show(node.right)}}}"
        if node.op == "**":
            return f"{self.wrap(node.left, _PRECEDENCE['**'], strict=True)}^{{{self.show(node.right)}}}"
        if node.op == "*":
            left = self.wrap(node.left, 3, strict=False)
            right = self.wrap(node.right, 3, strict=False)
            sep = r"\cdot" if isinstance(node.right, Number) or right[:1].isdigit() or right.startswith("-") else r"\,"
            return f"{left}{sep}{right}"
        return super().binary(node)

    def call(self, name: str, args: list[str]) -> str:
        head = self._NAMED.get(name) or r"\mathrm{" + name.replace("_", r"\_").replace("'", "") + "}" + (
            "'" * name.count("'")
        )
        return head + r"\left(" + r",\ ".join(args) + r"\right)"

    def math_call(self, node: MathCall) -> str:
        args = [self.show(a) for a in node.args]
        if node.name == "sqrt":
            return rf"\sqrt{{{args[0]}}}"
        if node.name == "abs":
            return f"|{args[0]}|"
        if node.name == "exp" and len(args[0]) <= 12:
            return f"e^{{{args[0]}}}"
        return self.call(node.name, args)

    def activation_call(self, node: ActivationCall, primes: str) -> str:
        args = [self.show(node.argument)]
        args += [r"\mathrm{" + k.replace("_", r"\_") + "}=" + self.param_value(v) for k, v in node.params]
        return self.call(node.name + primes, args)
