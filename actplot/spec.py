"""The data that describes one activation function: parameters, kinks, flavours, formulas, kernels.

Everything the CLI, plots, tables, gallery, docs and tests know about an activation comes from one
frozen :class:`ActivationSpec` in the registry. Kernels are plain NumPy functions with this contract:

* they take a contiguous 1-D float64 array and the parameters as keyword arguments,
* they return a float64 array of the same length (a new array or a view of their work),
* they never raise NumPy RuntimeWarnings, for any input (subnormals, huge values, ±inf, nan),
* nan in gives nan out, ±inf gives the mathematical limit.

The :class:`~actplot.activation.Activation` wrapper does the rest (dtype, shape, chunking, the
derivative convention at kinks), so kernels stay short formulas. The whole contract, with the
numerical recipes and how to add a function, is docs/kernels.md.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, Concatenate, Literal, TypeVar

import numpy as np
from numpy.typing import NDArray

from actplot.errors import ParameterError
from actplot.text import format_general

FloatArray = NDArray[np.float64]
BoolArray = NDArray[np.bool_]
IndexArray = NDArray[np.intp]
ParamValue = float | str | tuple[float, ...]

FLAVORS: tuple[str, ...] = ("torch", "keras3", "keras2", "jax")
"""Frameworks whose definitions actplot reproduces; ``name@flavor`` selects one."""

DEFAULT_FLAVOR = "torch"
"""Kink conventions follow PyTorch unless a flavour is chosen; so do parameter defaults, except
where PyTorch departs from the mathematics (its softplus threshold applies only with ``@torch``)."""

FAMILIES: tuple[str, ...] = (
    "sigmoid-like",
    "rectifier",
    "exponential unit",
    "gated/smooth",
    "shrinkage",
    "vector-valued",
    "classic",
)

Side = Literal["left", "right", "mean"]

_K = TypeVar("_K")
_V = TypeVar("_V")


def read_only(mapping: Mapping[_K, _V]) -> Mapping[_K, _V]:
    """A read-only copy of ``mapping``: specs are frozen all the way down, so a caller that edits
    ``spec.frameworks`` or a kink's ``by_flavor`` gets a TypeError instead of changing the registry
    for everyone else in the process."""
    return MappingProxyType(dict(mapping))
KinkKind = Literal["jump", "kink", "curvature"]


Kernel = Callable[Concatenate[FloatArray, ...], FloatArray]
"""f, f′ or f″ of one function: ``kernel(x, **params) -> array like x``.

The first argument is the float64 input; the parameters follow by keyword, each kernel naming only
the ones it uses with their own types (``alpha: float``, ``approximate: str``). A Protocol with
``**params: ParamValue`` would demand that every kernel accept *any* keyword of *any* parameter
type, which no real kernel does; ``Concatenate[FloatArray, ...]`` checks what can be checked
statically (the array in, the array out) and :meth:`ActivationSpec.defaults` plus
:class:`Param` validation guarantee the keywords at run time."""

PairKernel = Callable[Concatenate[FloatArray, ...], tuple[FloatArray, FloatArray]]
"""f and f′ together, for functions where sharing work pays: ``(x, **params) -> (f, f′)``."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Param:
    """One parameter of an activation, with its valid domain.

    Numeric parameters accept ``low <= value <= high`` (``low_open``/``high_open`` make a bound
    strict). ``choices`` makes a string parameter; ``vector`` a tuple of floats written ``1;2;3``.
    """

    name: str
    default: ParamValue
    doc: str
    symbol: str = ""
    low: float = -math.inf
    high: float = math.inf
    low_open: bool = False
    high_open: bool = False
    choices: tuple[str, ...] = ()
    vector: bool = False
    min_length: int = 1
    allow_inf: bool = False
    """Accept +inf, written ``inf`` or ``none`` in a SPEC string and ``math.inf`` or ``None`` in Python."""
    aliases: tuple[str, ...] = ()
    """Other names the parameter goes by in some framework (Keras 2's ``alpha`` for a slope)."""

    @property
    def label(self) -> str:
        """The parameter as shown in legends: its mathtext symbol or its name."""
        return self.symbol or self.name

    def domain_text(self) -> str:
        """The valid values in words, e.g. ``alpha > 0`` or ``one of none, tanh``."""
        if self.choices:
            return f"one of {', '.join(self.choices)}"
        lo = "" if self.low == -math.inf else f"{format_general(self.low)} {'<' if self.low_open else '<='} "
        hi = "" if self.high == math.inf else f" {'<' if self.high_open else '<='} {format_general(self.high)}"
        core = f"{lo}{self.name}{hi}" if (lo or hi) else f"{self.name} any finite number"
        if self.vector:
            return f"{core} (each of at least {self.min_length} values, separated by ';')"
        return core

    def parse(self, text: str) -> ParamValue:
        """Turn the text after ``name=`` into a validated value (``inf``/``none`` allowed if allow_inf)."""
        text = text.strip()
        if self.allow_inf and text.lower() in _INF_WORDS:
            return self.validate(math.inf)
        if self.choices:
            return self.validate(text.lower())
        if self.vector:
            parts = [p for p in text.replace(" ", ";").split(";") if p]
            return self.validate(tuple(_parse_number(self.name, p) for p in parts))
        return self.validate(_parse_number(self.name, text))

    def validate(self, value: ParamValue | None) -> ParamValue:
        """Check a value against the domain; return it normalised (floats, lower-case choices).

        With ``allow_inf``, ``None`` means what the text ``none`` means in a SPEC string: inf (Keras'
        ``max_value=None``, no cap). Every other parameter refuses ``None``.
        """
        if value is None and self.allow_inf:
            value = math.inf
        if self.choices:
            if not isinstance(value, str) or value.lower() not in self.choices:
                raise ParameterError(f"{self.name} must be {self.domain_text()}; got {value!r}")
            return value.lower()
        if self.vector:
            if isinstance(value, (int, float)):
                value = (float(value),)
            try:
                values = tuple(float(v) for v in value)  # type: ignore[union-attr]
            except (TypeError, ValueError):
                raise ParameterError(f"{self.name} must be a list of numbers; got {value!r}") from None
            if len(values) < self.min_length:
                raise ParameterError(f"{self.name} needs at least {self.min_length} values; got {len(values)}")
            for v in values:
                self._check_number(v)
            return values
        if isinstance(value, bool) or not isinstance(value, (int, float, np.floating, np.integer)):
            raise ParameterError(f"{self.name} must be a number; got {value!r}")
        number = float(value)
        self._check_number(number)
        return number

    def _check_number(self, v: float) -> None:
        if math.isnan(v) or (math.isinf(v) and not self.allow_inf):
            raise ParameterError(f"{self.name} must be a finite number; got {v}")
        too_low = v <= self.low if self.low_open else v < self.low
        too_high = v >= self.high if self.high_open else v > self.high
        if too_low or too_high:
            raise ParameterError(f"{self.name} must satisfy {self.domain_text()}; got {format_general(v)}")


_INF_WORDS = ("none", "inf", "+inf")
"""SPEC text that means +inf for an ``allow_inf`` parameter (``None`` does in Python)."""


def _parse_number(name: str, text: str) -> float:
    try:
        return float(text)
    except ValueError:
        raise ParameterError(f"{name} must be a number; got {text!r}") from None


@dataclass(frozen=True, slots=True)
class Kink:
    """A point where f (``jump``), f′ (``kink``) or f″ or a higher derivative (``curvature``) jumps.

    At exactly ``x`` the derivatives take the one-sided limit named by ``side`` (``mean`` is the
    average of both sides); ``by_flavor`` overrides it where a framework's autodiff differs, e.g.
    leaky_relu′(0) is the left slope in PyTorch and 1 in JAX. The *value* at a jump is the
    kernel's and is documented by ``value_side``.
    """

    x: float
    kind: KinkKind = "kink"
    side: Side = "left"
    by_flavor: Mapping[str, Side] = field(default_factory=dict)
    value_side: Side = "left"

    def __post_init__(self) -> None:
        object.__setattr__(self, "by_flavor", read_only(self.by_flavor))

    def side_for(self, flavor: str) -> Side:
        return self.by_flavor.get(flavor, self.side)


@dataclass(frozen=True, slots=True)
class Flavor:
    """How one framework spells an activation, and the defaults that differ from actplot's."""

    api: str
    defaults: Mapping[str, ParamValue] = field(default_factory=dict)
    note: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "defaults", read_only(self.defaults))


@dataclass(frozen=True, slots=True, kw_only=True)
class Declared:
    """Properties stated by hand for the default parameters; tests check them against computed ones.

    ``smoothness`` is ``"discontinuous"``, ``"C0"``, ``"C1"``, ``"C2"`` or ``"Cinf"``;
    ``monotonic`` is ``"increasing"``, ``"decreasing"`` or ``"no"`` (non-strict monotonicity counts).
    """

    range: str
    bounded: bool
    monotonic: str
    monotonic_derivative: bool
    smoothness: str
    zero_centered: bool
    identity_near_zero: bool


def no_kinks(**params: ParamValue) -> tuple[Kink, ...]:
    return ()


@dataclass(frozen=True, slots=True, kw_only=True)
class VectorForm:
    """The vector form of a vector-valued activation along ``axis`` and its Jacobian.

    ``value(x, axis, **params)`` returns an array like ``x`` (GLU: half the length along axis);
    ``jacobian(x, axis, **params)`` returns ``J[..., i, j] = ∂f_i/∂x_j`` over that axis (moved last).
    """

    value: Callable[..., FloatArray]
    jacobian: Callable[..., FloatArray]


@dataclass(frozen=True, slots=True, kw_only=True)
class Formulas:
    """f and f′ as mathtext (no surrounding ``$``) and as plain Unicode text."""

    formula: str
    formula_text: str
    derivative_formula: str
    derivative_formula_text: str


@dataclass(frozen=True, slots=True, kw_only=True)
class FormulaVariant:
    """The formulas that hold when ``applies(params)`` is true, for parameters that change the shape
    of the formula rather than a constant in it (GELU's ``approximate``, torch's softplus threshold)."""

    applies: Callable[[Mapping[str, Any]], bool]
    """Sees the complete, validated parameters; each value already has its :class:`Param`'s type
    (a float for a number, a str for a choice), which a single mapping type cannot say per key."""
    formulas: Formulas


@dataclass(frozen=True, slots=True, kw_only=True)
class ActivationSpec:
    """Everything actplot knows about one activation function."""

    name: str
    title: str
    family: str
    formula: str
    formula_text: str
    derivative_formula: str
    derivative_formula_text: str
    value: Kernel
    derivative: Kernel
    second_derivative: Kernel
    declared: Declared
    reference: str
    aliases: tuple[str, ...] = ()
    params: tuple[Param, ...] = ()
    kinks: Callable[..., tuple[Kink, ...]] = no_kinks
    frameworks: Mapping[str, Flavor] = field(default_factory=dict)
    value_and_derivative: PairKernel | None = None
    check: Callable[..., None] | None = None
    view: str = ""
    vector: VectorForm | None = None
    band: Callable[..., tuple[FloatArray, FloatArray]] | None = None
    notes: str = ""
    examples: tuple[Mapping[str, ParamValue], ...] = ()
    formula_variants: tuple[FormulaVariant, ...] = ()
    """Formulas for particular parameter values; the first that applies wins, else the fields above
    (which describe the function as a whole, e.g. for ``actplot list``)."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "frameworks", read_only(self.frameworks))
        object.__setattr__(self, "examples", tuple(read_only(example) for example in self.examples))

    def param(self, name: str) -> Param:
        for p in self.params:
            if p.name == name:
                return p
        raise KeyError(name)

    def formulas_for(self, params: Mapping[str, ParamValue]) -> Formulas:
        """The formulas of this function with these (complete, validated) parameter values."""
        for variant in self.formula_variants:
            if variant.applies(params):
                return variant.formulas
        return Formulas(
            formula=self.formula,
            formula_text=self.formula_text,
            derivative_formula=self.derivative_formula,
            derivative_formula_text=self.derivative_formula_text,
        )

    def defaults(self, flavor: str | None = None) -> dict[str, ParamValue]:
        """Parameter defaults, with a flavour's own defaults applied where it has them."""
        values = {p.name: p.default for p in self.params}
        if flavor is not None and flavor in self.frameworks:
            values.update(self.frameworks[flavor].defaults)
        return values
