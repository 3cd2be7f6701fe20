"""Kinks and jumps of an expression, found from its tree and returned as :class:`~actplot.spec.Kink`.

Where can an expression stop being smooth? Only where one of its non-smooth pieces switches:

* ``max(a, b)``, ``min(a, b)`` and every comparison ``a < b``: where ``a − b`` changes sign,
* ``abs(u)``: where ``u`` does; ``where(c, a, b)`` with a non-comparison ``c``: where ``c`` does,
* a catalogue function ``g(u)``: where ``u`` crosses one of g's own kinks.

Each such switching function ``h`` is evaluated on a search grid; every sign change is narrowed by
bisection down to two adjacent floats, and the one where ``|h|`` is smaller (0 if it is exact) is the
candidate. A candidate is then classified from the expression's own jets one float either side:
``jump`` if f differs, ``kink`` if f′ does, ``curvature`` if only f″ does, and dropped if none does
(``max(x, x)``). Its derivative side per flavour is read from the jet *at* the point, which already
follows each framework's convention (every flavour, variants included; a value that is neither
limit nor their mean is recorded as that number), so drawing and sampling agree with evaluation.

The grid is 0.005 apart on |x| <= 10 and geometric out to |x| = 1e4 (≈5 % steps), so two switches
closer together than a grid step can be missed; at most :data:`MAX_KINKS` kinks (nearest 0) are kept.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable, Mapping
from typing import Any, Protocol

import numpy as np

from actplot._numerics import sorted_unique
from actplot.expressions import jets
from actplot.expressions.nodes import ActivationCall, BinaryOp, Compare, MathCall, Node, Number, depends_on_x, walk
from actplot.spec import ALL_FLAVORS, DEFAULT_FLAVOR, At, Kink, Rule, Side, base_flavor

MAX_KINKS = 64


@functools.cache
def search_grid() -> np.ndarray:
    """The sign-change search grid: 0.005 apart on |x| <= 10, then geometric to 1e4 (built on the
    first search, so an expression without switching functions, such as mish's, never pays for it)."""
    body = np.linspace(-10.0, 10.0, 4001)
    tail = np.geomspace(10.0, 1e4, 160)
    return sorted_unique(np.concatenate([-tail, body, tail]))  # np.unique would load numpy.ma


class Evaluate(Protocol):
    """(node, x, order, flavour, precise) → jet: the caller's evaluator, bound to parameters and
    catalogue; ``precise=False`` (plain float64 arithmetic) is enough for the signs of the search."""

    def __call__(self, node: Node, x: np.ndarray, order: int, flavor: str, precise: bool = True) -> jets.Jet: ...


def switching_functions(
    tree: Node, params: Mapping[str, float], activation: jets.ActivationFactory
) -> list[tuple[Node, str]]:
    """The functions h(x) whose sign changes are the only places the expression can be non-smooth,
    each with the kind of break it can bring (``curvature`` for a catalogue curvature point: only a
    derivative above f″ may jump there, which the one-sided jets cannot see)."""
    found: list[tuple[Node, str]] = []
    for node in walk(tree):
        if isinstance(node, MathCall) and node.name in ("max", "min"):
            args = node.args
            found += [(BinaryOp("-", a, b), "kink") for i, a in enumerate(args) for b in args[i + 1 :]]
        elif isinstance(node, MathCall) and node.name == "abs":
            found.append((node.args[0], "kink"))
        elif isinstance(node, MathCall) and node.name == "where" and not isinstance(node.args[0], Compare):
            found.append((node.args[0], "jump"))
        elif isinstance(node, Compare):
            found += [(BinaryOp("-", a, b), "jump") for a, b in zip(node.operands, node.operands[1:])]
        elif isinstance(node, ActivationCall):
            act = activation(node.name, jets.resolve_params(node, params))
            found += [(BinaryOp("-", node.argument, Number(kink.x)), kink.kind) for kink in act.kinks]
    return [(h, kind) for h, kind in found if depends_on_x(h)]


def find_kinks(tree: Node, params: Mapping[str, float], evaluate: Evaluate, activation: jets.ActivationFactory) -> tuple[Kink, ...]:
    """The expression's kinks and jumps, sorted by x (see the module docstring for the method)."""
    candidates: dict[float, bool] = {}  # x → a catalogue curvature point may be there
    for h, kind in switching_functions(tree, params, activation):

        def values(x: np.ndarray, h: Node = h) -> np.ndarray:
            return jets.component(evaluate(h, x, 0, "torch", precise=False), 0, x)

        for x0 in _sign_changes(values):
            candidates[x0] = candidates.get(x0, False) or kind == "curvature"
    ordered = sorted(candidates, key=abs)
    kinks = [k for k in (_classify(x, tree, evaluate, candidates[x]) for x in ordered) if k is not None]
    return tuple(sorted(kinks[:MAX_KINKS], key=lambda k: k.x))


def _sign_changes(h: Callable[[np.ndarray], np.ndarray]) -> list[float]:
    x = search_grid()
    values = h(x)
    sign = np.sign(values)
    points = [float(p) for p in x[values == 0]]
    left = np.nonzero(sign[:-1] * sign[1:] < 0)[0]
    lo, hi = x[left].copy(), x[left + 1].copy()
    lo_sign = sign[left].copy()
    for _ in range(80):  # from a grid step down to adjacent floats
        if lo.size == 0:
            break
        mid = 0.5 * (lo + hi)
        done = (mid == lo) | (mid == hi)
        if done.all():
            break
        mid_sign = np.sign(h(mid))
        exact = (mid_sign == 0) & ~done
        points += [float(p) for p in mid[exact]]
        keep = ~exact
        go_right = (mid_sign == lo_sign) & ~done
        lo = np.where(go_right, mid, lo)[keep]
        hi = np.where(~go_right & ~done, mid, hi)[keep]
        lo_sign = lo_sign[keep]
    if lo.size:
        ends = h(np.concatenate([lo, hi]))
        n = lo.size
        nearer = np.where(np.abs(ends[:n]) <= np.abs(ends[n:]), lo, hi)
        points += [float(p) for p in nearer if math.isfinite(p)]
    return points


def _classify(x0: float, tree: Node, evaluate: Evaluate, curvature_hint: bool) -> Kink | None:
    probe = np.array([math.nextafter(x0, -math.inf), x0, math.nextafter(x0, math.inf)])
    jet = evaluate(tree, probe, 2, "torch")
    f, d1, d2 = (jets.component(jet, order, probe) for order in range(3))
    step = float(probe[2] - probe[0])
    kind: Any
    if _differ(f[0], f[2], step * (abs(d1[0]) + abs(d1[2]))):
        kind = "jump"
    elif _differ(d1[0], d1[2], step * (abs(d2[0]) + abs(d2[2]))):
        kind = "kink"
    elif _differ(d2[0], d2[2], 0.0) or curvature_hint:
        kind = "curvature"
    else:
        return None
    point = probe[1:2]
    rules: dict[str, tuple[Rule, Rule]] = {}
    for flavor in ALL_FLAVORS:
        jet = evaluate(tree, point, 2, flavor)
        first = _side(float(jets.component(jet, 1, point)[0]), float(d1[0]), float(d1[2]))
        second = _side(float(jets.component(jet, 2, point)[0]), float(d2[0]), float(d2[2]))
        # a derivative continuous here has no convention to record: follow the other order's
        if kind == "curvature" or not _differ(d1[0], d1[2]):
            first = second if isinstance(second, str) else "left"
        if not _differ(d2[0], d2[2]):
            second = first if isinstance(first, str) else "left"
        rules[flavor] = (first, second)
    default = rules[DEFAULT_FLAVOR][0]
    side: Side = default if isinstance(default, str) else "left"
    by_flavor: dict[str, Side | At] = {}
    for flavor, (first, second) in rules.items():
        base = base_flavor(flavor)
        if (first, second) == (side, side) and (base == flavor or rules[base] == (side, side)):
            continue  # Kink.rule_for falls back to the variant's framework, then to ``side``
        by_flavor[flavor] = first if first == second and isinstance(first, str) else At(d1=first, d2=second)
    value_side = _side(float(f[1]), float(f[0]), float(f[2])) if kind == "jump" else "left"
    return Kink(x0, kind, side, by_flavor, value_side if isinstance(value_side, str) else "left")


def _differ(a: float, b: float, change: float = 0.0) -> bool:
    """True if one-sided values ``a``, ``b`` one float either side of a point differ by more than
    ``change`` (what the next derivative explains across that step) plus rounding."""
    if math.isnan(a) or math.isnan(b):
        return math.isnan(a) != math.isnan(b)
    if math.isinf(a) or math.isinf(b):
        return a != b
    gap = abs(a - b)
    allowed = 1.01 * change if math.isfinite(change) else math.inf
    return gap > allowed + 1e-13 * max(abs(a), abs(b)) and gap > 1e-300


def _side(at: float, left: float, right: float) -> Rule:
    """Which one-sided limit (or their mean) the value at the point equals; else that value itself
    (a :data:`~actplot.spec.Rule` may be an explicit number)."""
    options: list[tuple[Side, float]] = [("left", left), ("right", right), ("mean", 0.5 * (left + right))]
    for name, value in options:
        if at == value or not _differ(at, value):
            return name
    return at
