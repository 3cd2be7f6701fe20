"""The validated expression tree: frozen nodes built only by :mod:`.parser` from an allow-listed AST.

Nothing here refers back to Python's ``ast``; evaluation (:mod:`.jets`), kinks (:mod:`.kinks`) and
formulas (:mod:`.formulas`) interpret these nodes and nothing else.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass

CONSTANTS: dict[str, float] = {"pi": math.pi, "e": math.e}
"""Named constants an expression may use."""

MATH_FUNCTIONS: dict[str, int] = {
    "exp": 1,
    "log": 1,
    "log1p": 1,
    "expm1": 1,
    "sqrt": 1,
    "abs": 1,
    "sin": 1,
    "cos": 1,
    "tanh": 1,
    "erf": 1,
    "min": -1,
    "max": -1,
    "where": 3,
}
"""The fixed math set and its arity (-1: two or more). ``tanh`` and ``erf`` are also catalogue
functions; a catalogue function of the same name takes precedence, so its analytic f′, f″ are used."""


class Node:
    """Base class of expression nodes."""

    __slots__ = ()

    def children(self) -> tuple[Node, ...]:
        return ()


@dataclass(frozen=True, slots=True)
class Number(Node):
    value: float
    name: str = ""
    """The constant's name (``pi``, ``e``) for formulas; empty for a literal."""


@dataclass(frozen=True, slots=True)
class Variable(Node):
    """The input x."""


@dataclass(frozen=True, slots=True)
class Parameter(Node):
    """A named parameter (``b`` in ``x*sigmoid(b*x); b=1.5``)."""

    name: str


@dataclass(frozen=True, slots=True)
class UnaryOp(Node):
    op: str  # "-" or "+"
    operand: Node

    def children(self) -> tuple[Node, ...]:
        return (self.operand,)


@dataclass(frozen=True, slots=True)
class BinaryOp(Node):
    op: str  # + - * / **
    left: Node
    right: Node

    def children(self) -> tuple[Node, ...]:
        return (self.left, self.right)


@dataclass(frozen=True, slots=True)
class Compare(Node):
    """``a < b`` (1.0 where true, else 0.0); a chain ``a < b < c`` is true where every link is."""

    ops: tuple[str, ...]
    operands: tuple[Node, ...]

    def children(self) -> tuple[Node, ...]:
        return self.operands


@dataclass(frozen=True, slots=True)
class MathCall(Node):
    name: str
    args: tuple[Node, ...]

    def children(self) -> tuple[Node, ...]:
        return self.args


ParamNode = Node | str | tuple[Node, ...]
"""A catalogue parameter: a constant expression, a choice (``approximate=tanh``) or a list."""


@dataclass(frozen=True, slots=True)
class ActivationCall(Node):
    """A catalogue function applied to an inner expression, with constant keyword parameters."""

    name: str
    argument: Node
    params: tuple[tuple[str, ParamNode], ...]

    def children(self) -> tuple[Node, ...]:
        nodes: list[Node] = [self.argument]
        for _, value in self.params:
            if isinstance(value, Node):
                nodes.append(value)
            elif isinstance(value, tuple):
                nodes.extend(value)
        return tuple(nodes)


def walk(node: Node) -> Iterator[Node]:
    """Every node of the tree, parents first."""
    stack = [node]
    while stack:
        current = stack.pop()
        yield current
        stack.extend(reversed(current.children()))


def depends_on_x(node: Node) -> bool:
    return any(isinstance(n, Variable) for n in walk(node))
