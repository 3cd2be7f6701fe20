"""Turn untrusted expression text into a small validated tree, without ever running it.

The grammar is Python's expression syntax restricted by an allow-list::

    SPEC   := EXPR [ ";" NAME "=" CONST ]*          e.g.  "x*sigmoid(b*x); b=1.5"
    EXPR   := numbers, x, pi, e, parameter names, + - * / ** (unary + -),
              comparisons (< <= > >= == !=, chained: 0 < x < 1), parentheses,
              calls of the math set (exp log log1p expm1 sqrt abs sin cos min max where)
              and of catalogue functions (silu(x), leaky_relu(x, negative_slope=0.2))

Safety, in this order: a length cap and a character allow-list on the raw text, a parenthesis
nesting cap, then ``ast.parse(mode="eval")`` (the only thing the text is ever given to), then a
walk that accepts a fixed set of node types and builds our own frozen nodes (:mod:`.nodes`).
Nothing is compiled, evaluated or looked up as a Python attribute; every number becomes a float64,
so ``9**9**9`` is ``inf`` instead of a big-integer computation that never ends.
"""

from __future__ import annotations

import ast
import math
import re
from collections.abc import Callable, Mapping

from actplot.errors import SpecSyntaxError
from actplot.expressions.nodes import (
    CONSTANTS,
    MATH_FUNCTIONS,
    ActivationCall,
    BinaryOp,
    Compare,
    MathCall,
    Node,
    Number,
    Parameter,
    UnaryOp,
    Variable,
    walk,
)
from actplot.spec import ActivationSpec, Param

MAX_LENGTH = 400
"""Longest accepted SPEC text; long enough for any activation formula, short enough to parse fast."""
MAX_NESTING = 32
"""Deepest accepted parenthesis nesting (CPython refuses 200; deeper trees cost stack, not meaning)."""
MAX_DEPTH = 64
"""Deepest accepted tree (operators chain without parentheses: ``-----x``)."""
MAX_NODES = 256
"""Most accepted tree nodes."""
MAX_PARAMETERS = 16

_ALLOWED_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_ .+-*/()<>=!,;")
_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_]*\Z")
_COMPARE_OPS: dict[type, str] = {ast.Lt: "<", ast.LtE: "<=", ast.Gt: ">", ast.GtE: ">=", ast.Eq: "==", ast.NotEq: "!="}
_BINARY_OPS: dict[type, str] = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/", ast.Pow: "**"}
_UNARY_OPS: dict[type, str] = {ast.USub: "-", ast.UAdd: "+"}

_CONSTRUCT_NAMES: dict[type, str] = {
    ast.Attribute: "attribute access ('.')",
    ast.Subscript: "subscripts ('[...]')",
    ast.Lambda: "lambda",
    ast.ListComp: "comprehensions",
    ast.SetComp: "comprehensions",
    ast.DictComp: "comprehensions",
    ast.GeneratorExp: "comprehensions",
    ast.JoinedStr: "f-strings",
    ast.NamedExpr: "assignment expressions (':=')",
    ast.Starred: "starred arguments",
    ast.IfExp: "'if ... else' (use where(cond, a, b))",
    ast.BoolOp: "'and'/'or' (multiply or chain comparisons instead)",
    ast.Tuple: "tuples (except as a list-valued parameter)",
    ast.List: "lists",
    ast.Dict: "dicts",
    ast.Set: "sets",
    ast.Await: "await",
    ast.Yield: "yield",
    ast.YieldFrom: "yield",
    ast.Slice: "slices",
}


class ExpressionError(SpecSyntaxError):
    """An expression SPEC that is not allowed or cannot be parsed (exit code 2).

    ``kind`` is ``"unknown-name"`` or ``"syntax"`` when the text may simply be a misspelt catalogue
    name (the registry then reports the name with suggestions), else ``"invalid"``.
    """

    def __init__(self, message: str, kind: str = "invalid") -> None:
        super().__init__(message)
        self.kind = kind


FunctionResolver = Callable[[str], object | None]
"""Name → catalogue spec (or None): how the parser learns which catalogue functions exist."""


def split_parameters(text: str) -> tuple[str, dict[str, float], dict[str, str]]:
    """``"x*sigmoid(b*x); b=1.5"`` → (``"x*sigmoid(b*x)"``, ``{"b": 1.5}``, spelled values).

    Each value is a constant expression (``b=1/3``, ``c=2*pi``) evaluated safely to a float.
    """
    check_text(text)
    body, *assignments = text.split(";")
    values: dict[str, float] = {}
    spelled: dict[str, str] = {}
    column = len(body) + 2
    if len(assignments) > MAX_PARAMETERS:
        raise ExpressionError(f"invalid expression: at most {MAX_PARAMETERS} parameters after ';'")
    for item in assignments:
        name, eq, value_text = item.partition("=")
        where = f"at column {column}"
        column += len(item) + 1
        if not item.strip():
            raise ExpressionError(f"invalid expression {where}: nothing between ';' separators; write '; name=value'")
        if not eq or not name.strip() or not value_text.strip():
            raise ExpressionError(f"invalid expression {where}: {item.strip()!r} is not name=value")
        key = name.strip()
        if not _NAME.match(key) or "__" in key:
            raise ExpressionError(f"invalid expression {where}: {key!r} is not a parameter name (letters, digits, '_')")
        if key in CONSTANTS or key == "x" or key in MATH_FUNCTIONS:
            raise ExpressionError(f"invalid expression {where}: {key!r} is reserved; choose another parameter name")
        if key in values:
            raise ExpressionError(f"invalid expression {where}: parameter {key!r} given twice")
        constant = parse_body(value_text.strip(), {}, lambda _name: None)
        if any(isinstance(n, (Variable, Parameter, ActivationCall)) for n in walk(constant)):
            raise ExpressionError(f"invalid expression {where}: the value of {key!r} must be a number (it may use pi and e)")
        from actplot.expressions.jets import constant_value

        value = constant_value(constant)
        if not math.isfinite(value):
            raise ExpressionError(f"invalid expression {where}: {key}={value_text.strip()} is {value:g}; a parameter must be a finite number")
        values[key] = value
        spelled[key] = value_text.strip()
    if not body.strip():
        raise ExpressionError("invalid expression: nothing before ';'")
    return body.strip(), values, spelled


def check_text(text: str) -> None:
    """Length, characters and parenthesis nesting, checked before the parser sees the text."""
    if len(text) > MAX_LENGTH:
        raise ExpressionError(f"invalid expression: {len(text)} characters; at most {MAX_LENGTH} are allowed")
    for column, char in enumerate(text, start=1):
        if char not in _ALLOWED_CHARS:
            shown = repr(char) if char.isprintable() else f"U+{ord(char):04X}"
            hint = " (use ** for powers)" if char == "^" else ""
            raise ExpressionError(f"invalid expression at column {column}: character {shown} is not allowed{hint}")
    depth = 0
    for column, char in enumerate(text, start=1):
        if char == "(":
            depth += 1
            if depth > MAX_NESTING:
                raise ExpressionError(f"invalid expression at column {column}: parentheses nested deeper than {MAX_NESTING}")
        elif char == ")":
            depth -= 1
            if depth < 0:
                raise ExpressionError(f"invalid expression at column {column}: unmatched ')'")
    if depth > 0:
        raise ExpressionError(f"invalid expression at column {len(text) + 1}: missing ')'")


def parse_body(text: str, parameters: Mapping[str, float], resolve: FunctionResolver) -> Node:
    """The validated tree of one expression (no ``;`` part). ``parameters`` are the names it may use."""
    check_text(text)
    if not text.strip():
        raise ExpressionError("invalid expression: it is empty")
    try:
        tree = ast.parse(text.strip(), mode="eval")
    except SyntaxError as exc:
        column = (exc.offset or 1) + (len(text) - len(text.lstrip()))
        message = (exc.msg or "syntax error").replace("'(' was never closed", "missing ')'")
        raise ExpressionError(f"invalid expression at column {column}: {message}", "syntax") from None
    except (ValueError, MemoryError, RecursionError, OverflowError) as exc:
        raise ExpressionError(f"invalid expression: {type(exc).__name__}") from None
    builder = _Builder(text.strip(), parameters, resolve, offset=len(text) - len(text.lstrip()))
    node = builder.build(tree.body, depth=0)
    return node


class _Builder:
    """Walks a Python AST, accepting only the allowed node types; returns our own nodes."""

    def __init__(self, text: str, parameters: Mapping[str, float], resolve: FunctionResolver, *, offset: int) -> None:
        self.text = text
        self.parameters = parameters
        self.resolve = resolve
        self.offset = offset
        self.count = 0

    def fail(self, node: ast.AST, message: str, kind: str = "invalid") -> ExpressionError:
        column = getattr(node, "col_offset", 0) + 1 + self.offset
        return ExpressionError(f"invalid expression at column {column}: {message}", kind)

    def build(self, node: ast.AST, depth: int) -> Node:
        self.count += 1
        if self.count > MAX_NODES:
            raise self.fail(node, f"more than {MAX_NODES} terms; simplify it")
        if depth > MAX_DEPTH:
            raise self.fail(node, f"nested deeper than {MAX_DEPTH} levels")
        if isinstance(node, ast.Constant):
            return self._constant(node)
        if isinstance(node, ast.Name):
            return self._name(node)
        if isinstance(node, ast.UnaryOp):
            op = _UNARY_OPS.get(type(node.op))
            if op is None:
                raise self.fail(node, f"operator {_op_text(node.op)} is not allowed")
            return UnaryOp(op, self.build(node.operand, depth + 1))
        if isinstance(node, ast.BinOp):
            op = _BINARY_OPS.get(type(node.op))
            if op is None:
                hint = " (use ** for powers)" if isinstance(node.op, ast.BitXor) else ""
                raise self.fail(node, f"operator {_op_text(node.op)} is not allowed{hint}")
            return BinaryOp(op, self.build(node.left, depth + 1), self.build(node.right, depth + 1))
        if isinstance(node, ast.Compare):
            ops = []
            for op_node in node.ops:
                op = _COMPARE_OPS.get(type(op_node))
                if op is None:
                    raise self.fail(node, f"comparison {_op_text(op_node)} is not allowed")
                ops.append(op)
            operands = (self.build(node.left, depth + 1), *(self.build(c, depth + 1) for c in node.comparators))
            return Compare(tuple(ops), operands)
        if isinstance(node, ast.Call):
            return self._call(node, depth)
        raise self.fail(node, f"{_CONSTRUCT_NAMES.get(type(node), type(node).__name__)} not allowed")

    def _constant(self, node: ast.Constant) -> Node:
        value = node.value
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            what = "strings" if isinstance(value, (str, bytes)) else f"{type(value).__name__} literals"
            raise self.fail(node, f"{what} are not allowed; only numbers")
        try:
            number = float(value)
        except OverflowError:  # an integer literal beyond float64's range
            number = math.inf
        return Number(number)

    def _name(self, node: ast.Name) -> Node:
        name = node.id
        if name.startswith("_"):
            raise self.fail(node, f"name {name!r} is not allowed (names may not start with '_')")
        if name == "x":
            return Variable()
        if name in CONSTANTS:
            return Number(CONSTANTS[name], name)
        if name in self.parameters:
            return Parameter(name)
        if name in MATH_FUNCTIONS or self.resolve(name) is not None:
            raise self.fail(node, f"{name!r} is a function; call it, e.g. {name}(x)")
        allowed = ", ".join(["x", "pi", "e", *self.parameters]) + (", parameters" if not self.parameters else "")
        hint = "" if self.parameters else f" (name parameters after ';', e.g. '...; {name}=1.5')"
        raise self.fail(node, f"unknown name {name!r} (allowed: {allowed}){hint}", "unknown-name")

    def _call(self, node: ast.Call, depth: int) -> Node:
        if not isinstance(node.func, ast.Name):
            raise self.fail(node, "only named functions can be called, e.g. exp(x)")
        name = node.func.id
        if name.startswith("_"):
            raise self.fail(node, f"name {name!r} is not allowed (names may not start with '_')")
        for arg in node.args:
            if isinstance(arg, ast.Starred):
                raise self.fail(arg, "starred arguments ('*args') are not allowed")
        for keyword in node.keywords:
            if keyword.arg is None:
                raise self.fail(keyword.value, "keyword splats ('**kwargs') are not allowed")
        spec = self.resolve(name)
        if isinstance(spec, ActivationSpec):
            return self._activation_call(node, name, spec, depth)
        if name in MATH_FUNCTIONS:
            arity = MATH_FUNCTIONS[name]
            if node.keywords:
                raise self.fail(node, f"{name}() takes no keyword arguments")
            count = len(node.args)
            if arity == -1 and count < 2:
                raise self.fail(node, f"{name}() needs at least 2 arguments; got {count}")
            if arity >= 0 and count != arity:
                raise self.fail(node, f"{name}() takes {arity} argument{'s' if arity != 1 else ''}; got {count}")
            return MathCall(name, tuple(self.build(a, depth + 1) for a in node.args))
        raise self.fail(node, f"unknown function {name!r} (allowed: {', '.join(MATH_FUNCTIONS)}, and catalogue functions; 'actplot list')")

    def _activation_call(self, node: ast.Call, name: str, spec: ActivationSpec, depth: int) -> Node:
        if len(node.args) != 1:
            known = ", ".join(f"{p.name}=..." for p in spec.params)
            example = f"{name}(x{', ' + known if known else ''})"
            raise self.fail(node, f"{name}() takes one argument and its parameters by keyword: {example}")
        if spec.vector is not None:
            raise self.fail(node, f"{name} is vector-valued (it mixes the components of a vector), so an element-wise "
                            "expression cannot call it; write its scalar form, e.g. exp(x)/(exp(x) + 1)")
        if spec.band is not None:
            raise self.fail(node, f"{name} is random (a slope drawn per element in training), so an expression cannot "
                            "call it; use its deterministic counterpart, e.g. leaky_relu")
        argument = self.build(node.args[0], depth + 1)
        params: list[tuple[str, object]] = []
        given: set[str] = set()
        for keyword in node.keywords:
            key = keyword.arg
            assert key is not None
            value = keyword.value
            param = _find_param(spec, key)
            canonical = param.name if param is not None else key
            if canonical in given:
                raise self.fail(keyword.value, f"{name}: parameter {canonical} given twice")
            given.add(canonical)
            if param is not None and param.choices:
                if not isinstance(value, ast.Name) or value.id not in param.choices:
                    raise self.fail(value, f"{name}: {key} must be one of {', '.join(param.choices)} (written without quotes)")
                params.append((key, value.id))
            elif param is not None and param.vector and isinstance(value, ast.Tuple):
                items = tuple(self._constant_node(element, depth + 1) for element in value.elts)
                params.append((key, items))
            else:
                params.append((key, self._constant_node(value, depth + 1)))
        return ActivationCall(spec.name, argument, tuple(params))  # type: ignore[arg-type]

    def _constant_node(self, node: ast.AST, depth: int) -> Node:
        built = self.build(node, depth)
        if any(isinstance(n, (Variable, ActivationCall)) for n in walk(built)):
            raise self.fail(node, "a parameter value may not depend on x (use numbers, pi, e and named parameters)")
        return built


def _find_param(spec: ActivationSpec, key: str) -> Param | None:
    for p in spec.params:
        if key == p.name or key in p.aliases:
            return p
    return None


def _op_text(op: ast.AST) -> str:
    symbols = {
        ast.BitXor: "'^'", ast.BitAnd: "'&'", ast.BitOr: "'|'", ast.FloorDiv: "'//'", ast.Mod: "'%'",
        ast.MatMult: "'@'", ast.LShift: "'<<'", ast.RShift: "'>>'", ast.Not: "'not'", ast.Invert: "'~'",
        ast.Is: "'is'", ast.IsNot: "'is not'", ast.In: "'in'", ast.NotIn: "'not in'",
    }
    return symbols.get(type(op), type(op).__name__)
