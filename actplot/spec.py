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
from actplot.shape import Image, Monotonicity, Smoothness
from actplot.text import format_general

FloatArray = NDArray[np.float64]
BoolArray = NDArray[np.bool_]
IndexArray = NDArray[np.intp]
ParamValue = float | str | tuple[float, ...]

FLAVORS: tuple[str, ...] = ("torch", "keras3", "keras2", "jax")
"""Frameworks whose definitions actplot reproduces; ``name@flavor`` selects one."""

FLAVOR_VARIANTS: Mapping[str, str] = {
    "keras3:jax": "keras3",
    "keras3:torch": "keras3",
    "torch:2.6": "torch",
}
"""Flavours that refine a framework flavour: Keras 3 on a backend other than its default
(TensorFlow), and PyTorch 2.6 or older where a convention changed since. A variant has its
framework's parameters and API, and its own kink conventions where they differ (see
:meth:`Kink.rule_for`)."""

FLAVOR_ALIASES: Mapping[str, str] = {"keras3:tensorflow": "keras3"}
"""Other spellings of a flavour: ``@keras3`` is Keras 3 on its default backend, TensorFlow."""

ALL_FLAVORS: tuple[str, ...] = (*FLAVORS, *FLAVOR_VARIANTS)
"""Every flavour name ``name@flavor`` and ``--flavor`` accept (besides the aliases)."""

FLAVOR_VERSIONS: Mapping[str, str] = {
    "torch": "PyTorch 2.13.0",
    "torch:2.6": "PyTorch 2.6 and older (only where a convention changed since)",
    "jax": "JAX 0.10.2",
    "keras3": "Keras 3.15.1 on TensorFlow 2.21.0 (Keras's default backend)",
    "keras3:jax": "Keras 3.15.1 on JAX 0.10.2",
    "keras3:torch": "Keras 3.15.1 on PyTorch 2.13.0",
    "keras2": "tf-keras 2.21.0 on TensorFlow 2.21.0",
}
"""The framework release (and backend) each flavour was recorded from and is tested against."""


def base_flavor(flavor: str) -> str:
    """The framework flavour a variant refines: ``keras3:jax`` → ``keras3``; others unchanged."""
    return FLAVOR_VARIANTS.get(flavor, flavor)


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
    max_length: int = 1000
    """Most values a vector parameter takes (a work budget: maxout's kinks grow with the pieces)."""
    min_magnitude: float = 0.0
    """Nonzero values must have ``|value| >= min_magnitude`` (0 itself stays allowed), on top of
    :data:`MIN_MAGNITUDE`, which applies wherever the bounds let a value come near 0."""
    allow_inf: bool = False
    """Accept +inf, written ``inf`` or ``none`` in a SPEC string and ``math.inf`` or ``None`` in Python."""
    aliases: tuple[str, ...] = ()
    """Other names the parameter goes by in some framework (Keras 2's ``alpha`` for a slope)."""

    @property
    def label(self) -> str:
        """The parameter as shown in legends: its mathtext symbol or its name."""
        return self.symbol or self.name

    @property
    def effective_low(self) -> float:
        """The lower bound that applies: ``low``, or −:data:`MAX_MAGNITUDE` if ``low`` is −inf."""
        return -MAX_MAGNITUDE if self.low == -math.inf else self.low

    @property
    def effective_high(self) -> float:
        """The upper bound for finite values: ``high``, or :data:`MAX_MAGNITUDE` if ``high`` is inf."""
        return MAX_MAGNITUDE if self.high == math.inf else self.high

    @property
    def smallest_magnitude(self) -> float:
        """Nonzero values need at least this magnitude: :data:`MIN_MAGNITUDE` where the bounds
        reach 0 (an explicit nonzero bound such as ``low=1e-250`` is the spec's own choice)."""
        reaches_zero = self.low <= 0.0 <= self.high
        return max(self.min_magnitude, MIN_MAGNITUDE if reaches_zero else 0.0)

    def domain_text(self) -> str:
        """The valid values in words, e.g. ``0 < alpha <= 1e+100`` or ``one of none, tanh``."""
        if self.choices:
            return f"one of {', '.join(self.choices)}"
        lo, hi, tiny, name = self.effective_low, self.effective_high, self.smallest_magnitude, self.name
        lo_op = "<" if self.low_open else "<="
        hi_op = "<" if self.high_open else "<="
        if tiny and lo == 0.0:  # [0, hi] or (0, hi]
            core = f"{format_general(tiny)} <= {name} {hi_op} {format_general(hi)}"
            if not self.low_open:
                core = f"{name} = 0 or {core}"
        elif tiny and hi == 0.0:
            core = f"{format_general(lo)} {lo_op} {name} <= {format_general(-tiny)}"
            if not self.high_open:
                core = f"{name} = 0 or {core}"
        else:
            core = f"{format_general(lo)} {lo_op} {name} {hi_op} {format_general(hi)}"
            if tiny:
                core += f", and {name} = 0 or |{name}| >= {format_general(tiny)}"
        if self.allow_inf:
            core += ", or inf"
        if self.vector:
            return f"{core} (each of {self.min_length} to {self.max_length} values, separated by ';')"
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
            if _is_number(value):
                value = (value,)  # type: ignore[assignment]
            if isinstance(value, np.ndarray):
                value = tuple(value.tolist()) if value.ndim == 1 else value  # type: ignore[assignment]
            # an ordered sequence of numbers: not text ("12" is not (1, 2)), bytes, a set (no order)
            if not isinstance(value, (list, tuple)) or not all(_is_number(v) for v in value):
                raise ParameterError(f"{self.name} must be a list of numbers; got {_short_repr(value)}")
            if len(value) > self.max_length:
                raise ParameterError(f"{self.name} takes at most {self.max_length} values; got {len(value)}")
            values = tuple(_to_float(self.name, v) for v in value)
            if len(values) < self.min_length:
                raise ParameterError(f"{self.name} needs at least {self.min_length} values; got {len(values)}")
            for v in values:
                self._check_number(v)
            return values
        if not _is_number(value):
            raise ParameterError(f"{self.name} must be a number; got {_short_repr(value)}")
        number = _to_float(self.name, value)
        self._check_number(number)
        return number

    def _check_number(self, v: float) -> None:
        if math.isnan(v) or (math.isinf(v) and not self.allow_inf):
            raise ParameterError(f"{self.name} must be a finite number; got {v}")
        if math.isinf(v):  # allow_inf: +inf means "no cap"
            if v < 0 or self.high != math.inf:
                raise ParameterError(f"{self.name} must satisfy {self.domain_text()}; got {format_general(v)}")
            return
        too_low = v <= self.low if self.low_open else v < self.effective_low
        too_high = v >= self.high if self.high_open else v > self.effective_high
        too_small = v != 0 and abs(v) < self.smallest_magnitude
        if too_low or too_high or too_small:
            raise ParameterError(f"{self.name} must satisfy {self.domain_text()}; got {format_general(v)}")


def _is_number(value: object) -> bool:
    """A real number, not a bool (``False`` is not a slope)."""
    return isinstance(value, (int, float, np.floating, np.integer)) and not isinstance(value, (bool, np.bool_))


def _to_float(name: str, value: object) -> float:
    """``float(value)``; an integer beyond the float range (10**400) is a ParameterError."""
    try:
        return float(value)  # type: ignore[arg-type]
    except OverflowError:
        raise ParameterError(f"{name} must be a finite number; got an integer of about {int(abs(int(value)).bit_length() * 0.30103)} digits") from None  # type: ignore[call-overload]


def _short_repr(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


MAX_MAGNITUDE = 1e300
"""Finite parameter values are at most this large in magnitude unless a spec sets its own bounds:
beyond, products such as slope·x for the x a chart or table shows leave the float range and
every command would have to special-case infinities (a domain that is exactly where all of
plot, compare --diff, table, info and -o work)."""

MIN_MAGNITUDE = 1e-300
"""Nonzero parameter values are at least this large in magnitude where the bounds reach 0
(kinks at subnormal x, reciprocals 1/value beyond the float range)."""

_INF_WORDS = ("none", "inf", "+inf")
"""SPEC text that means +inf for an ``allow_inf`` parameter (``None`` does in Python)."""


def _parse_number(name: str, text: str) -> float:
    try:
        return float(text)
    except ValueError:
        raise ParameterError(f"{name} must be a number; got {text!r}") from None


Rule = Side | float
"""What a derivative is at a kink: a one-sided limit (``left``, ``right``), their ``mean``, or an
explicit number where a framework's autodiff returns neither (tf.keras' hard_sigmoid′(±2.5) = 0.2
from ``clip_by_value``; JAX's celu″(0) = 1/(4α))."""


@dataclass(frozen=True, slots=True)
class At:
    """A flavour's convention at one kink, per derivative order (``None``: the kink's own ``side``).

    f′ and f″ can follow different rules: PyTorch's elu′(0) is the left limit but its double
    backward gives elu″(0) = 0, the right one.
    """

    d1: Rule | None = None
    d2: Rule | None = None


@dataclass(frozen=True, slots=True)
class Kink:
    """A point where f (``jump``), f′ (``kink``) or f″ or a higher derivative (``curvature``) jumps.

    At exactly ``x`` the derivatives take the one-sided limit named by ``side`` (``mean`` is the
    average of both sides); ``by_flavor`` overrides it where a framework's autodiff differs, e.g.
    leaky_relu′(0) is the left slope in PyTorch and 1 in JAX: either a side for both orders, or
    an :class:`At` with a rule per order. Each entry is recorded from the framework and tested
    against its fixture. The *value* at a jump is the kernel's and is documented by ``value_side``.
    """

    x: float
    kind: KinkKind = "kink"
    side: Side = "left"
    by_flavor: Mapping[str, Side | At] = field(default_factory=dict)
    value_side: Side = "left"

    def __post_init__(self) -> None:
        object.__setattr__(self, "by_flavor", read_only(self.by_flavor))

    def rule_for(self, flavor: str, order: int = 1) -> Rule:
        """The rule for f′ (``order=1``) or f″ (``order=2``) under ``flavor``.

        A variant without an entry of its own follows its framework (``keras3:jax`` →
        ``keras3``, ``torch:2.6`` → ``torch``), and a flavour without one the kink's ``side``.
        """
        for key in (flavor, base_flavor(flavor)):
            entry = self.by_flavor.get(key)
            if entry is None:
                continue
            if isinstance(entry, At):
                rule = entry.d1 if order == 1 else entry.d2
                if rule is None:
                    continue
                return rule
            return entry
        return self.side

    def side_for(self, flavor: str) -> Rule:
        """The rule for f′ under ``flavor`` (see :meth:`rule_for`)."""
        return self.rule_for(flavor, 1)


def rule_text(rule: Rule) -> str:
    """``left``, ``right``, ``mean`` or the explicit value (``value 0.2``)."""
    return rule if isinstance(rule, str) else f"value {rule:.17g}"


def each(flavors: tuple[str, ...], rule: Side | At) -> dict[str, Side | At]:
    """One rule for several flavours: ``by_flavor=each(("jax", "keras3:jax"), "right")``."""
    return dict.fromkeys(flavors, rule)


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
    """Properties stated by hand for the default parameters; the tests compare each field with the
    computed :class:`~actplot.properties.Properties` field of the same name and type.

    ``range`` is f(ℝ) as an :class:`~actplot.shape.Image` (``between(0, math.inf,
    low_attained=True)`` for [0, ∞); an end known only numerically gets ``*_approximate``);
    ``smoothness`` a :class:`~actplot.shape.Smoothness`, ``monotonic`` a
    :class:`~actplot.shape.Monotonicity` (their string values, ``"C0"``, ``"no"``, are accepted and
    converted, so a plugin may write either).
    """

    range: Image
    bounded: bool
    monotonic: Monotonicity
    monotonic_derivative: bool
    smoothness: Smoothness
    zero_centered: bool
    identity_near_zero: bool

    def __post_init__(self) -> None:
        if not isinstance(self.range, Image):
            raise TypeError(
                f"Declared.range must be an actplot.shape.Image (e.g. between(0, math.inf)), not {self.range!r}"
            )
        object.__setattr__(self, "monotonic", Monotonicity(self.monotonic))
        object.__setattr__(self, "smoothness", Smoothness(self.smoothness))


def no_kinks(**params: ParamValue) -> tuple[Kink, ...]:
    return ()


@dataclass(frozen=True, slots=True, kw_only=True)
class VectorForm:
    """The vector form of a vector-valued activation along ``axis`` and its Jacobian.

    ``value(x, axis, **params)`` returns an array like ``x`` (GLU: half the length along axis);
    ``jacobian(x, axis, **params)`` returns ``J[..., i, j] = ∂f_i/∂x_j`` over that axis (moved last).
    Like the element-wise kernels they get what :class:`~actplot.activation.Activation` prepared —
    a contiguous float64 array and an integer axis in range — and return float64; ``Activation``
    rounds the result to the input's dtype.
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
    reference: str
    declared: Declared | None = None
    """What is stated by hand (every catalogue function has it; an expression states nothing)."""
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
    window: tuple[float, float] | None = None
    """The x window of the default view (numbers for the default parameters), declared where the
    generic [−6, 6] hides what defines the function: relu6's cap, hardshrink's jumps at ±0.5, the
    shape of soft_exponential before its growth takes the whole axis. Without it plots show the
    generic window (widened to take in every kink); ``--range auto`` computes one for anything."""
    formula_variants: tuple[FormulaVariant, ...] = ()
    """Formulas for particular parameter values; the first that applies wins, else the fields above
    (which describe the function as a whole, e.g. for ``actplot list``)."""

    def __post_init__(self) -> None:
        if self.window is not None:
            lo, hi = (float(v) for v in self.window)
            if not (math.isfinite(lo) and math.isfinite(hi) and lo < hi):
                raise ValueError(f"{self.name}: window must be finite with low < high; got {self.window!r}")
            object.__setattr__(self, "window", (lo, hi))
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
        framework = None if flavor is None else base_flavor(flavor)
        if framework is not None and framework in self.frameworks:
            values.update(self.frameworks[framework].defaults)
        return values
