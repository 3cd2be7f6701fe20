"""An expression SPEC as a full activation: a frozen spec whose kernels are jets, and its Activation.

``actplot.get("x*sigmoid(b*x); b=1.5@jax")`` lands here (through the registry). The result behaves
like any catalogue activation (``act(x)``, ``act.derivative(x, order=2)``, ``act.kinks``,
``act.properties()``), so plot, compare, table and info need nothing special.

Names: an expression's ``name`` is its canonical text with the current parameter values
(``x*sigmoid(b*x); b=1.5``); ``label`` adds ``@flavour`` when one was chosen, and is also its SPEC
string, so labels, legends, JSON and file salts all show the text that rebuilds it.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Mapping
from typing import Any

import numpy as np

from actplot.activation import Activation
from actplot.errors import ActplotError, ParameterError
from actplot.expressions import formulas, jets, kinks, precision
from actplot.expressions.detect import looks_like_expression as looks_like_expression
from actplot.expressions.nodes import MATH_FUNCTIONS, ActivationCall, Node, walk
from actplot.expressions.parser import ExpressionError, parse_body, split_parameters
from actplot.spec import ActivationSpec, Flavor, FloatArray, Kink, Param, ParamValue

CHUNK = 16384
"""Inputs longer than this are evaluated in pieces of this size: a double-double jet keeps dozens of
temporaries alive, which then stay in the CPU cache instead of page-faulting fresh memory."""

FAMILY = "expression"
"""The family shown for expressions (they are not in the catalogue's families)."""

def split_flavor(text: str) -> tuple[str, str | None]:
    """``"x*tanh(x)@jax"`` → (``"x*tanh(x)"``, ``"jax"``); the flavour is checked by the caller."""
    body, at, flavor = text.strip().partition("@")
    if at and not flavor.strip():
        raise ExpressionError(f"{text!r}: missing flavour after '@'")
    return body.strip(), (flavor.strip() if at else None)


class ExpressionActivation(Activation):
    """An :class:`Activation` whose spec was built from expression text.

    Its derivative kernels are jets that already apply each primitive's convention at kinks for
    the flavour, so nothing is pinned afterwards.
    """

    __slots__ = ()

    @property
    def name(self) -> str:
        return expression_text(self.spec, self.params)

    @property
    def label(self) -> str:
        return self.name + (f"@{self.flavor}" if self.flavor else "")

    @property
    def spec_string(self) -> str:
        return self.label

    def __repr__(self) -> str:
        return f"actplot.get({self.label!r})"

    def __eq__(self, other: object) -> bool:
        """Same expression text, parameter values and flavour (however the defaults were spelled)."""
        return isinstance(other, ExpressionActivation) and other.label == self.label

    def __hash__(self) -> int:
        return hash(self.label)

    def __reduce__(self) -> tuple[Any, ...]:
        from actplot import registry

        return (registry.get, (self.label,))

    def _kinks_at_derivative_order(self, order: int) -> tuple[Kink, ...]:
        return ()


def expression_text(spec: ActivationSpec, params: Mapping[str, ParamValue]) -> str:
    """The canonical SPEC text of an expression with these parameter values."""
    body = spec.name.partition(";")[0].strip()  # the spec's name carries the default values
    assignments = "".join(f"; {p.name}={formulas.number_text(float(params[p.name]))}" for p in spec.params)  # type: ignore[arg-type]
    return body + assignments


def get_expression(
    text: str,
    flavor: str | None,
    default_flavor: str | None,
    params: Mapping[str, ParamValue | None],
) -> ExpressionActivation:
    """The activation an expression SPEC names (``flavor``/``@flavour`` first, then ``default_flavor``)."""
    from actplot import registry

    body, text_flavor = split_flavor(text)
    chosen = registry.check_flavor(flavor) if flavor is not None else None
    if chosen is None and text_flavor is not None:
        chosen = registry.check_flavor(text_flavor)
    if chosen is None and default_flavor is not None:
        chosen = registry.check_flavor(default_flavor)
    spec = expression_spec(body, chosen)
    values: dict[str, ParamValue] = spec.defaults()
    for key, raw in params.items():
        try:
            param = spec.param(key)
        except KeyError:
            known = ", ".join(p.name for p in spec.params) or "none"
            raise ParameterError(f"the expression has no parameter {key!r}; its parameters: {known}") from None
        values[key] = param.validate(raw)
    act = ExpressionActivation(spec, values, chosen)
    _check_calls(spec, values)
    return act


@functools.lru_cache(maxsize=128)
def expression_spec(text: str, flavor: str | None) -> ActivationSpec:
    """The frozen spec of an expression (cached: the same text and flavour give the same object)."""
    body, defaults, _ = split_parameters(text)
    tree = parse_body(body, defaults, _resolve_function)
    factory = _ActivationCache(flavor)
    effective = flavor or "torch"
    _check_calls_tree(tree, defaults, factory)

    def chunk_components(x: FloatArray, params: Mapping[str, ParamValue], orders: tuple[int, ...]) -> list[FloatArray]:
        context = jets.Context(x, params, max(orders), effective, factory, precise=precision.double_double())  # type: ignore[arg-type]
        jet = jets.evaluate(tree, context)
        return [jets.component(jet, order, x) for order in orders]

    def components(x: FloatArray, params: Mapping[str, ParamValue], orders: tuple[int, ...]) -> list[FloatArray]:
        """The derivatives of ``orders`` from one jet of the highest order, in chunks of
        :data:`CHUNK` points (temporaries that stay in cache: double-doubles need many)."""
        if x.ndim != 1 or x.size <= CHUNK:
            return chunk_components(x, params, orders)
        outs = [np.empty_like(x) for _ in orders]
        for start in range(0, x.size, CHUNK):
            parts = chunk_components(x[start : start + CHUNK], params, orders)
            for out, part in zip(outs, parts, strict=True):
                out[start : start + CHUNK] = part
        return outs

    def kernel(order: int) -> Any:
        def run(x: FloatArray, /, **params: ParamValue) -> FloatArray:
            return components(x, params, (order,))[0]

        return run

    def value_and_derivative(x: FloatArray, /, **params: ParamValue) -> tuple[FloatArray, FloatArray]:
        """f and f′ from one first-order jet (it carries f anyway): what a network's forward pass
        asks for, at the cost of one evaluation instead of two."""
        value, slope = components(x, params, (0, 1))
        return value, slope

    def evaluate(node: Node, x: np.ndarray, order: int, fl: str, params: Mapping[str, float], precise: bool) -> jets.Jet:
        return jets.evaluate(node, jets.Context(x, params, order, fl, factory, precise=precise))

    kink_cache: dict[tuple[tuple[str, Any], ...], tuple[Kink, ...]] = {}

    def find(**params: ParamValue) -> tuple[Kink, ...]:
        key = tuple(sorted(params.items()))
        if key not in kink_cache:
            values = {k: float(v) for k, v in params.items()}  # type: ignore[arg-type]

            def bound(node: Node, x: np.ndarray, order: int, flavor: str, precise: bool = True) -> jets.Jet:
                return evaluate(node, x, order, flavor, values, precise)

            kink_cache[key] = kinks.find_kinks(tree, values, bound, factory)
        return kink_cache[key]

    params = tuple(
        Param(name=k, default=v, doc="expression parameter", symbol=formulas.parameter_symbol(k)) for k, v in defaults.items()
    )
    for param in params:  # the values after ';' obey the same domain as a value given with --param
        try:
            param.validate(param.default)
        except ParameterError as exc:
            raise ExpressionError(f"invalid expression: {exc}") from None
    canonical = formulas.plain(tree)
    slope = formulas.derivative(tree, effective)
    defaults_text = "".join(f"; {k}={formulas.number_text(v)}" for k, v in defaults.items())
    return ActivationSpec(
        name=canonical + defaults_text,
        title="Expression",
        family=FAMILY,
        formula=formulas.mathtext(tree),
        formula_text=formulas.pretty(tree),
        derivative_formula=formulas.mathtext(slope),
        derivative_formula_text=formulas.pretty(slope),
        value=kernel(0),
        derivative=kernel(1),
        second_derivative=kernel(2),
        value_and_derivative=value_and_derivative,
        reference="User-defined expression; derivatives by forward-mode differentiation (exact, no finite differences).",
        params=params,
        kinks=find,
        frameworks=_FLAVORS,
    )


_FLAVORS = {
    "torch": Flavor("the same expression in PyTorch", note="max/min tie: ½ to each side; abs′(0) = 0"),
    "keras3": Flavor("the same expression in Keras 3 (TensorFlow backend)", note="max/min tie: all to the first argument; abs′(0) = 0"),
    "keras2": Flavor("the same expression in Keras 2 (TensorFlow)", note="max/min tie: all to the first argument; abs′(0) = 0"),
    "jax": Flavor("the same expression in JAX", note="max/min tie: ½ to each side; abs′(0) = 1"),
}
"""Every framework can write an expression; the flavour picks its autodiff at ties and kinks and its
version of each catalogue function called."""




def _resolve_function(name: str) -> ActivationSpec | None:
    """The catalogue spec a call name refers to (built-ins first, plugins only if still unknown)."""
    from actplot import registry

    spec = registry.find(name, plugins=False)
    if spec is None and name not in MATH_FUNCTIONS:
        spec = registry.find(name)
    return spec


class _ActivationCache:
    """Catalogue activations used inside one expression, built once per parameter set."""

    def __init__(self, flavor: str | None) -> None:
        self.flavor = flavor
        self.cache: dict[tuple[str, tuple[tuple[str, Any], ...]], Activation] = {}

    def __call__(self, name: str, params: tuple[tuple[str, Any], ...]) -> Activation:
        key = (name, params)
        act = self.cache.get(key)
        if act is None:
            from actplot import registry

            for value in params:
                if isinstance(value[1], float) and math.isnan(value[1]):
                    raise ParameterError(f"{name}: parameter {value[0]} is nan")
            act = registry.get(name, default_flavor=self.flavor, **dict(params))
            self.cache[key] = act
        return act


def _check_calls_tree(tree: Node, params: Mapping[str, float], factory: _ActivationCache) -> None:
    for node in walk(tree):
        if isinstance(node, ActivationCall):
            try:
                factory(node.name, jets.resolve_params(node, params))
            except ActplotError as exc:
                raise ExpressionError(f"invalid expression: in {node.name}(...): {exc}") from None


def _check_calls(spec: ActivationSpec, values: Mapping[str, ParamValue]) -> None:
    """Catalogue calls accept the (possibly overridden) parameter values; fails with their message."""
    if not spec.params:
        return
    spec.kinks(**values)  # builds every catalogue activation with these values (and caches the kinks)
