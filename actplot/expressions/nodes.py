"""The validated expression tree: frozen nodes built only by :mod:`.parser` from an allow-listed AST.

Nothing here refers back to Python's ``ast``; evaluation (:mod:`.jets`), kinks (:mod:`.kinks`) and
formulas (:mod:`.formulas`) interpret these nodes and nothing else.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from typing import ClassVar

CONSTANTS: dict[str, float] = {"pi": math.pi, "e": math.e}
CONSTANTS_LOW: dict[str, float] = {"pi": 1.2246467991473532e-16, "e": 1.4456468917292502e-16}
"""π − fl(π) and e − fl(e), rounded: the named constants as double-doubles."""
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
    """Base class of expression nodes: immutable, compared and hashed by their fields.

    Plain slotted classes rather than dataclasses: creating a dataclass compiles code at import,
    which would cost a terminal plot of an expression several milliseconds before any work.
    """

    __slots__ = ()
    FIELDS: ClassVar[tuple[str, ...]] = ()
    """The constructor's arguments in order (``__slots__`` may be sorted; this is the signature)."""

    def __init__(self, *values: object) -> None:
        for field, value in zip(self.FIELDS, values, strict=True):
            object.__setattr__(self, field, value)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"{type(self).__name__} is immutable")

    def _fields(self) -> tuple[object, ...]:
        return tuple(getattr(self, field) for field in self.FIELDS)

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and other._fields() == self._fields()  # type: ignore[attr-defined]

    def __hash__(self) -> int:
        return hash((type(self).__name__, self._fields()))

    def __repr__(self) -> str:
        return f"{type(self).__name__}({', '.join(repr(v) for v in self._fields())})"

    def children(self) -> tuple[Node, ...]:
        return ()


class Number(Node):
    """A float64 constant; ``name`` is the constant's name (``pi``, ``e``) for formulas, else empty.

    ``low`` is what the float64 ``value`` misses of the number as written (``1.702`` − fl(1.702),
    π − fl(π)), so that precise evaluation can use the constant as a double-double."""

    __slots__ = ("low", "name", "value")
    FIELDS = ("value", "name", "low")
    value: float
    name: str
    low: float

    def __init__(self, value: float, name: str = "", low: float = 0.0) -> None:
        super().__init__(value, name, low)


class Variable(Node):
    """The input x."""

    __slots__ = ()


class Parameter(Node):
    """A named parameter (``b`` in ``x*sigmoid(b*x); b=1.5``)."""

    __slots__ = ("name",)
    FIELDS = ("name",)
    name: str

    def __init__(self, name: str) -> None:
        super().__init__(name)


class UnaryOp(Node):
    __slots__ = ("op", "operand")
    FIELDS = ("op", "operand")
    op: str  # "-" or "+"
    operand: Node

    def __init__(self, op: str, operand: Node) -> None:
        super().__init__(op, operand)

    def children(self) -> tuple[Node, ...]:
        return (self.operand,)


class BinaryOp(Node):
    __slots__ = ("left", "op", "right")
    FIELDS = ("op", "left", "right")
    op: str  # + - * / **
    left: Node
    right: Node

    def __init__(self, op: str, left: Node, right: Node) -> None:
        super().__init__(op, left, right)

    def children(self) -> tuple[Node, ...]:
        return (self.left, self.right)


class Compare(Node):
    """``a < b`` (1.0 where true, else 0.0); a chain ``a < b < c`` is true where every link is."""

    __slots__ = ("operands", "ops")
    FIELDS = ("ops", "operands")
    ops: tuple[str, ...]
    operands: tuple[Node, ...]

    def __init__(self, ops: tuple[str, ...], operands: tuple[Node, ...]) -> None:
        super().__init__(ops, operands)

    def children(self) -> tuple[Node, ...]:
        return self.operands


class MathCall(Node):
    __slots__ = ("args", "name")
    FIELDS = ("name", "args")
    name: str
    args: tuple[Node, ...]

    def __init__(self, name: str, args: tuple[Node, ...]) -> None:
        super().__init__(name, args)

    def children(self) -> tuple[Node, ...]:
        return self.args


ParamNode = Node | str | tuple[Node, ...]
"""A catalogue parameter: a constant expression, a choice (``approximate=tanh``) or a list."""


class ActivationCall(Node):
    """A catalogue function applied to an inner expression, with constant keyword parameters."""

    __slots__ = ("argument", "name", "params")
    FIELDS = ("name", "argument", "params")
    name: str
    argument: Node
    params: tuple[tuple[str, ParamNode], ...]

    def __init__(self, name: str, argument: Node, params: tuple[tuple[str, ParamNode], ...]) -> None:
        super().__init__(name, argument, params)

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
