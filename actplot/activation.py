"""An activation with its parameters and flavour bound: the object ``actplot.get()`` returns."""

from __future__ import annotations

import math
import numbers
import re
import sys
from collections.abc import Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, NamedTuple

import numpy as np

from actplot.errors import InputError
from actplot.spec import DEFAULT_FLAVOR, ActivationSpec, FloatArray, Kernel, Kink, PairKernel, Param, ParamValue
from actplot.text import format_param as format_param  # re-exported: actplot.frameworks.verify imports it from here

if TYPE_CHECKING:
    from actplot.properties import Properties

CHUNK = 8192
"""Elements per kernel call. Each float64 temporary is then 64 KiB, below glibc's 128 KiB mmap
threshold, so temporaries come from the heap instead of fresh pages: 65536-element chunks were
2-4x slower on multi-step kernels (sigmoid 0.054 vs 0.12 of the copy floor, same run)."""


class Activation:
    """A callable activation: ``act(x)``, ``act.derivative(x, order=1|2)``, ``act.properties()``.

    Inputs may be any real array-like (or scalar). The result has the input's shape; float16,
    float32 and float64 inputs keep their dtype (they are evaluated in float64 and rounded once),
    anything else becomes float64. Vector-valued activations (softmax, GLU, …) are evaluated in
    their documented 1-D view unless ``axis`` is given.
    """

    __slots__ = ("_kink_cache", "_lean", "flavor", "params", "spec")

    def __init__(self, spec: ActivationSpec, params: Mapping[str, ParamValue], flavor: str | None) -> None:
        self.spec = spec
        self.params: Mapping[str, ParamValue] = MappingProxyType(dict(params))
        self.flavor = flavor
        self._kink_cache: dict[tuple[int, float], float] = {}
        self._lean: _LeanPlan | None = None

    # -- identity -------------------------------------------------------------------------------
    @property
    def name(self) -> str:
        return self.spec.name

    @property
    def formula(self) -> str:
        """f(x) as matplotlib mathtext (without the surrounding dollar signs), for these parameters
        (e.g. the tanh form for ``gelu:approximate=tanh``)."""
        return self.spec.formulas_for(self.params).formula

    @property
    def formula_text(self) -> str:
        """f(x) as plain Unicode text, for these parameters."""
        return self.spec.formulas_for(self.params).formula_text

    @property
    def derivative_formula(self) -> str:
        """f′(x) as matplotlib mathtext, for these parameters."""
        return self.spec.formulas_for(self.params).derivative_formula

    @property
    def derivative_formula_text(self) -> str:
        """f′(x) as plain Unicode text, for these parameters."""
        return self.spec.formulas_for(self.params).derivative_formula_text

    @property
    def formula_values(self) -> str:
        """The values of the parameters that appear in :attr:`formula`, as mathtext (``c = 2.5``;
        ``\\alpha = 1,\\ \\theta = 0``); ``""`` when the formula has no parameter symbols. Shown
        beside the formula, so that two flavours with one formula (hard_sigmoid@torch, @keras2)
        can be told apart."""
        return r",\ ".join(f"{p.symbol} = {_show_value(v, math_text=True)}" for p, v in self.formula_parameters)

    @property
    def formula_values_text(self) -> str:
        """:attr:`formula_values` as plain Unicode text (``c = 2.5``)."""
        return ", ".join(f"{_plain_symbol(p.symbol)} = {_show_value(v, math_text=False)}" for p, v in self.formula_parameters)

    @property
    def formula_text_with_values(self) -> str:
        """:attr:`formula_text` followed by its values: ``f(x) = … (c = 2.5)``."""
        values = self.formula_values_text
        return f"{self.formula_text}   ({values})" if values else self.formula_text

    @property
    def formula_values_named(self) -> str:
        """:attr:`formula_values_text` with each symbol's parameter name, for ``actplot info``:
        ``a = negative_slope = 0.1, M = max_value = 6``; ``""`` when the formula names no parameter."""
        parts = []
        for p, v in self.formula_parameters:
            symbol = _plain_symbol(p.symbol)
            name = "" if symbol == p.name else f" = {p.name}"
            parts.append(f"{symbol}{name} = {_show_value(v, math_text=False)}")
        return ", ".join(parts)

    @property
    def formula_symbols(self) -> dict[str, str]:
        """Plain-text symbol → parameter name for the parameters in :attr:`formula` (``{"a": "negative_slope"}``)."""
        return {_plain_symbol(p.symbol): p.name for p, _ in self.formula_parameters}

    @property
    def formula_parameters(self) -> tuple[tuple[Param, ParamValue], ...]:
        """(parameter, value) for each parameter whose symbol appears in :attr:`formula`, in the
        spec's order."""
        formula = self.formula
        return tuple(
            (p, self.params[p.name])
            for p in self.spec.params
            if p.symbol and p.name in self.params and re.search(_SYMBOL_EDGE.format(re.escape(p.symbol)), formula)
        )

    @property
    def effective_flavor(self) -> str:
        """The flavour whose conventions apply: the chosen one, else actplot's default."""
        return self.flavor or DEFAULT_FLAVOR

    @property
    def kinks(self) -> tuple[Kink, ...]:
        """Kinks and jumps for these parameters, sorted by x."""
        return tuple(sorted(self.spec.kinks(**self.params), key=lambda k: k.x))

    @property
    def label(self) -> str:
        """The name every view shows for this activation: its SPEC string (:attr:`spec_string`,
        e.g. ``leaky_relu:negative_slope=0.1@keras2``), so that a legend, a terminal key, a table
        column or a note can be typed back on the command line as it reads."""
        return self.spec_string

    @property
    def spec_string(self) -> str:
        """The SPEC string that :func:`actplot.get` turns back into this activation, e.g.
        ``leaky_relu:negative_slope=0.1@keras2`` (only parameters that differ from the defaults)."""
        defaults = self.spec.defaults(self.flavor)
        changed = [f"{k}={_spec_param(v)}" for k, v in self.params.items() if v != defaults.get(k)]
        text = self.spec.name + (f":{','.join(changed)}" if changed else "")
        return text + (f"@{self.flavor}" if self.flavor else "")

    def __repr__(self) -> str:
        params = ", ".join(f"{k}={_repr_param(v)}" for k, v in self.params.items())
        flavor = f", flavor={self.flavor!r}" if self.flavor else ""
        return f"actplot.get({self.spec.name!r}{', ' if params else ''}{params}{flavor})"

    def _repr_png_(self) -> bytes:
        """Jupyter shows an activation as its plot (f and f′); see :mod:`actplot.views.notebook`."""
        from actplot.views.notebook import activation_png

        return activation_png(self)

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        """IPython's text form: name, formula, derivative and kinks (``repr()`` stays evaluable)."""
        from actplot.views.notebook import activation_text

        printer.text(repr(self) if cycle else activation_text(self))

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, Activation)
            and other.spec is self.spec
            and dict(other.params) == dict(self.params)
            and other.flavor == self.flavor
        )

    def __hash__(self) -> int:
        return hash((self.spec.name, tuple(self.params.items()), self.flavor))

    def __setattr__(self, name: str, value: Any) -> None:
        # validated once by actplot.get(); changing spec, params or flavour afterwards would bypass
        # that (and change the hash of an object that may already sit in a dict)
        if name in ("spec", "params", "flavor") and hasattr(self, name):
            raise AttributeError(f"an Activation is immutable; use actplot.get() for other settings (not {name}=)")
        object.__setattr__(self, name, value)

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickled (and deep-copied) by name, parameters and flavour: the spec's kernels are functions
        that need not be picklable, and the registry rebuilds the same activation."""
        return (_rebuild, (self.spec.name, dict(self.params), self.flavor))

    # -- evaluation -----------------------------------------------------------------------------
    def __call__(self, x: Any, axis: int | None = None) -> Any:
        """f(x) element-wise; with ``axis``, the vector form along that axis (vector-valued only)."""
        if axis is not None:
            vector = self._vector("call it without axis=")
            arr, out_dtype = _prepare(x)
            return _round_to(vector.value(arr, _check_axis(axis, arr), **self.params), out_dtype)
        return self._evaluate(self.spec.value, x)

    def derivative(self, x: Any, order: int = 1) -> Any:
        """The analytic derivative f′ (``order=1``) or f″ (``order=2``), element-wise.

        At a kink or jump the one-sided limit named by the kink's convention for this flavour is
        returned (see :attr:`kinks`); at a jump the Dirac part is ignored.
        """
        if order == 1:
            return self._evaluate(self.spec.derivative, x, order=1)
        if order == 2:
            return self._evaluate(self.spec.second_derivative, x, order=2)
        raise InputError(f"order must be 1 or 2; got {order!r}")

    def value_and_derivative(self, x: Any) -> tuple[Any, Any]:
        """f(x) and f′(x) together, sharing intermediate results where the kernel can."""
        pair = self.spec.value_and_derivative
        if pair is None or self._kinks_at_derivative_order(1):
            return self(x), self.derivative(x)
        arr, out_dtype = _prepare(x)
        flat = arr.ravel()
        f = np.empty(flat.shape, dtype=out_dtype)
        d = np.empty(flat.shape, dtype=out_dtype)
        for start in range(0, flat.size, CHUNK):
            with np.errstate(over="ignore", under="ignore"):
                value, slope = pair(flat[start : start + CHUNK], **self.params)
            _store(f, start, value)
            _store(d, start, slope)
        return _shape_like(f, arr), _shape_like(d, arr)

    def trusted_value_and_derivative(self, x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """f(x) and f′(x) for a trusted array: the lean path for hot loops (the experiments' network).

        ``x`` must be a float32 or float64 ``numpy.ndarray`` (anything else is refused with
        :class:`InputError`; nothing is converted), for an element-wise activation. The results
        are bit-identical to :meth:`value_and_derivative`: the same kernels run on the same
        float64 values, chunk by chunk, the same kink conventions are pinned, and each result is
        rounded once to x's dtype. What is saved is per-call bookkeeping, which dominates on
        small arrays (a 64 × 64 batch): the input checks, the float64 copy of the whole input,
        re-deriving the kinks and their one-sided slopes (done once per activation and kept), and
        the separate f and f′ passes over the input when a kink is pinned.
        """
        plan = self._lean or self._lean_plan()
        if type(x) is np.ndarray and x.size <= CHUNK and x.dtype.char in "fd":
            # one chunk, the common case in a network, inline (a third of the call is Python overhead)
            with np.errstate(over="ignore", under="ignore"):
                value, slope = _lean_chunk(plan, x.astype(np.float64).reshape(-1), True)
                return value.astype(x.dtype).reshape(x.shape), slope.astype(x.dtype).reshape(x.shape)  # type: ignore[union-attr]
        value, slope = _lean_apply(plan, _trusted(x), derivative=True)
        return value, slope  # type: ignore[return-value]

    def trusted_value(self, x: np.ndarray) -> np.ndarray:
        """f(x) for a trusted float32 or float64 array, bit-identical to ``self(x)``: the lean path of
        :meth:`trusted_value_and_derivative` for passes that need no derivative."""
        plan = self._lean or self._lean_plan()
        return _lean_apply(plan, _trusted(x), derivative=False)[0]

    def jacobian(self, x: Any, axis: int = -1) -> FloatArray:
        """J[..., i, j] = ∂f_i/∂x_j of the vector form along ``axis`` (vector-valued only)."""
        vector = self._vector("it has no Jacobian matrix; use derivative() for f′")
        arr, out_dtype = _prepare(x)
        return _round_to(vector.jacobian(arr, _check_axis(axis, arr), **self.params), out_dtype)

    def band(self, x: Any) -> tuple[FloatArray, FloatArray]:
        """Lower and upper curve of a randomised activation (RReLU): where f can fall."""
        if self.spec.band is None:
            raise InputError(f"{self.name} is deterministic; it has no band")
        arr, out_dtype = _prepare(x)
        low, high = self.spec.band(arr, **self.params)
        return _round_to(low, out_dtype), _round_to(high, out_dtype)

    def properties(self, window: tuple[float, float] = (-6.0, 6.0), *, saturation: float = 0.1) -> Properties:
        """Properties computed from the function itself (see :mod:`actplot.properties`)."""
        from actplot.properties import compute_properties

        with np.errstate(over="ignore", under="ignore"):  # extreme parameters: ±inf is the true limit
            return compute_properties(self, window=window, saturation=saturation)

    # -- internals ------------------------------------------------------------------------------
    def _vector(self, advice: str) -> Any:
        if self.spec.vector is None:
            raise InputError(f"{self.name} is element-wise; {advice}")
        return self.spec.vector

    def _lean_plan(self) -> _LeanPlan:
        """What the trusted path needs, derived once: the kernels, the parameters as a plain dict
        and f′ at each pinned kink (the flavour's one-sided limit, as :meth:`_evaluate` pins it).
        The pair kernel is used exactly where :meth:`value_and_derivative` uses it. A kink where
        the f′ kernel already returns the pinned slope (relu′(0) = 0 under most flavours) needs
        no pinning: kernels are element-wise, so what they return at x = kink.x (and at −0.0 for
        a kink at 0, which compares equal) is the same in any array, and is checked here once."""
        pinned = self._kinks_at_derivative_order(1)
        pair = self.spec.value_and_derivative if not pinned else None
        params = dict(self.params)
        slopes = []
        for kink in pinned:
            slope = self._one_sided(self.spec.derivative, 1, kink)
            at = np.array([kink.x, -0.0] if kink.x == 0.0 else [kink.x])
            with np.errstate(over="ignore", under="ignore"):
                kernel_at = np.asarray(self.spec.derivative(at, **params), dtype=np.float64)
            if not np.array_equal(kernel_at.view(np.int64), np.full(at.shape, slope).view(np.int64)):
                slopes.append((kink.x, slope))
        plan = _LeanPlan(self.spec.value, self.spec.derivative, pair, params, tuple(slopes))
        self._lean = plan
        return plan

    def _kinks_at_derivative_order(self, order: int) -> tuple[Kink, ...]:
        # f′ is pinned at jumps and kinks of f; f″ also at points where only f″ jumps.
        kinds = ("jump", "kink") if order == 1 else ("jump", "kink", "curvature")
        return tuple(k for k in self.kinks if k.kind in kinds)

    def _one_sided(self, kernel: Kernel, order: int, kink: Kink) -> float:
        key = (order, kink.x)
        if key not in self._kink_cache:
            rule = kink.rule_for(self.effective_flavor, order)
            if not isinstance(rule, str):  # an explicit value recorded from the framework
                self._kink_cache[key] = float(rule)
                return self._kink_cache[key]
            probe = np.array([math.nextafter(kink.x, -math.inf), math.nextafter(kink.x, math.inf)])
            with np.errstate(over="ignore", under="ignore"):
                left, right = kernel(probe, **self.params)
            self._kink_cache[key] = float(left if rule == "left" else right if rule == "right" else 0.5 * (left + right))
        return self._kink_cache[key]

    def _evaluate(self, kernel: Kernel, x: Any, order: int = 0) -> Any:
        arr, out_dtype = _prepare(x)
        flat = arr.ravel()
        out = np.empty(flat.shape, dtype=out_dtype)
        pinned = self._kinks_at_derivative_order(order) if order else ()
        for start in range(0, flat.size, CHUNK):
            chunk = flat[start : start + CHUNK]
            with np.errstate(over="ignore", under="ignore"):  # a true value beyond the float range is ±inf
                result = kernel(chunk, **self.params)
            for kink in pinned:
                at = chunk == kink.x
                if at.any():
                    result = np.array(result, copy=True)
                    result[at] = self._one_sided(kernel, order, kink)
            _store(out, start, result)
        return _shape_like(out, arr)


class _LeanPlan(NamedTuple):
    """The kernels, parameters and pinned kink slopes of one activation, for the trusted path."""

    value: Kernel
    derivative: Kernel
    pair: PairKernel | None
    params: dict[str, ParamValue]
    pinned: tuple[tuple[float, float], ...]


def _lean_chunk(plan: _LeanPlan, wide: FloatArray, derivative: bool) -> tuple[FloatArray, FloatArray | None]:
    """f (and f′) of one float64 chunk, as :meth:`Activation._evaluate` and
    :meth:`Activation.value_and_derivative` compute them (the caller sets the error state)."""
    if not derivative:
        return plan.value(wide, **plan.params), None
    if plan.pair is not None:
        return plan.pair(wide, **plan.params)  # type: ignore[no-any-return]
    value = plan.value(wide, **plan.params)
    slope = plan.derivative(wide, **plan.params)
    for at_x, pinned in plan.pinned:
        at = wide == at_x
        if at.any():
            slope = np.array(slope, copy=True)
            slope[at] = pinned
    return value, slope


def _lean_apply(plan: _LeanPlan, x: np.ndarray, *, derivative: bool) -> tuple[np.ndarray, np.ndarray | None]:
    """The trusted path: one chunk straight through, larger arrays chunk by chunk (float64
    temporaries of at most :data:`CHUNK` elements, as in the checked path)."""
    flat = x.reshape(-1)
    with np.errstate(over="ignore", under="ignore"):  # as in the checked path: ±inf is the true value
        if flat.size <= CHUNK:
            value, slope = _lean_chunk(plan, flat.astype(np.float64), derivative)
            return (value.astype(x.dtype).reshape(x.shape),
                    None if slope is None else slope.astype(x.dtype).reshape(x.shape))
        values = np.empty(flat.size, x.dtype)
        slopes = np.empty(flat.size, x.dtype) if derivative else None
        for start in range(0, flat.size, CHUNK):
            value, slope = _lean_chunk(plan, flat[start : start + CHUNK].astype(np.float64), derivative)
            values[start : start + CHUNK] = value
            if slopes is not None:
                slopes[start : start + CHUNK] = slope
    return values.reshape(x.shape), None if slopes is None else slopes.reshape(x.shape)


def _trusted(x: np.ndarray) -> np.ndarray:
    """``x`` if it is a float32 or float64 array, else an :class:`InputError` (the trusted path
    refuses what it would otherwise silently convert)."""
    if not isinstance(x, np.ndarray) or x.dtype.char not in "fd":
        raise InputError(f"the trusted path takes float32 or float64 arrays; got {type(x).__name__}")
    return x


_SYMBOL_EDGE = r"(?<![A-Za-z\\]){}(?![A-Za-z])"
"""A parameter symbol as a whole token of mathtext: ``a`` in ``a\\,(x - \\theta)``, not in ``\\max``."""

_GREEK = {"alpha": "α", "beta": "β", "gamma": "γ", "theta": "θ", "lambda": "λ", "mu": "μ", "sigma": "σ"}


def _plain_symbol(symbol: str) -> str:
    """``\\theta`` → θ, ``x_{\\min}`` → x_min."""
    text = re.sub(r"\\([A-Za-z]+)", lambda m: _GREEK.get(m.group(1), m.group(1)), symbol)
    return text.replace("{", "").replace("}", "")


def _show_value(value: ParamValue, *, math_text: bool) -> str:
    if isinstance(value, tuple):
        return "(" + ", ".join(_show_value(v, math_text=math_text) for v in value) + ")"
    if isinstance(value, str):
        return value
    v = float(value)
    if math.isinf(v):
        sign = "-" if v < 0 else ""
        return sign + (r"\infty" if math_text else "∞")
    text = f"{v:.6g}"
    return text if math_text else text.replace("-", "−")


def _rebuild(name: str, params: dict[str, ParamValue], flavor: str | None) -> Activation:
    from actplot import registry

    return registry.get(name, flavor, default_flavor=None, **params)


def _store(out: np.ndarray, start: int, result: FloatArray) -> None:
    """Write a float64 chunk into the output, rounding once to its dtype."""
    if out.dtype == np.float64:
        out[start : start + result.size] = result
    else:
        with np.errstate(over="ignore"):  # a float64 result beyond float32's range rounds to ±inf
            out[start : start + result.size] = result


def _round_to(result: FloatArray, dtype: np.dtype[Any]) -> Any:
    """A float64 result rounded once to the caller's dtype (a scalar for 0-d results)."""
    with np.errstate(over="ignore"):  # a float64 result beyond float32's range rounds to ±inf
        rounded = np.asarray(result).astype(dtype, copy=False)
    return rounded[()] if rounded.ndim == 0 else rounded


_MAX_INT = int(np.finfo(np.float64).max)
"""Beyond this a Python int has no float64 value (float() raises OverflowError)."""


def _is_masked(x: Any) -> bool:
    """Whether x is a NumPy masked array, without importing ``numpy.ma``.

    ``np.ma`` is loaded lazily by NumPy and costs ~8 ms; x can only be a masked array if some code
    has already loaded it, so the check looks in ``sys.modules`` instead of touching ``np.ma``.
    """
    ma = sys.modules.get("numpy.ma")
    return ma is not None and isinstance(x, ma.MaskedArray)


def _prepare(x: Any) -> tuple[FloatArray, np.dtype[Any]]:
    """A contiguous float64 copy-or-view of x and the dtype the result should have.

    Accepted: real numbers (Python or NumPy scalars, sequences, arrays of float, int, uint or
    bool, object arrays holding real numbers). Refused with :class:`InputError`, never turned into
    a silent nan or number: None, strings, dates, complex numbers, ragged nesting, integers too
    large for float64, masked arrays (the mask would be lost).
    """
    if _is_masked(x):
        raise InputError("masked arrays are not supported (the mask would be lost); pass x.filled(np.nan)")
    try:
        raw = np.asarray(x)
    except (ValueError, OverflowError):
        raise InputError("input must be a number or a rectangular (not ragged) array of numbers") from None
    kind = raw.dtype.kind
    if kind == "c":
        raise InputError("complex input is not supported; pass real numbers")
    if kind == "O":
        for v in raw.flat:
            if not isinstance(v, numbers.Real):
                raise InputError(f"input must be real numbers; got {type(v).__name__} {v!r}"[:200])
            if isinstance(v, numbers.Integral) and abs(int(v)) > _MAX_INT:
                raise InputError("input must be real numbers within float64's range; got a larger integer")
    elif kind not in "fiub":
        raise InputError(f"input must be real numbers; got an array of {raw.dtype}")
    if kind == "O":
        try:
            raw = raw.astype(np.float64)
        except (TypeError, ValueError, OverflowError):
            raise InputError(f"input must be real numbers; got an array of {raw.dtype}") from None
    out_dtype = raw.dtype if raw.dtype.kind == "f" and raw.dtype.itemsize <= 8 else np.dtype(np.float64)
    with np.errstate(over="ignore"):  # float128 beyond float64's range: ±inf, its nearest float64
        return np.asarray(raw, dtype=np.float64, order="C"), out_dtype


def _check_axis(axis: Any, arr: np.ndarray) -> int:
    if isinstance(axis, bool) or not isinstance(axis, (int, np.integer)):
        raise InputError(f"axis must be an integer; got {axis!r}")
    if not -max(arr.ndim, 1) <= axis < max(arr.ndim, 1):
        raise InputError(f"axis {axis} is out of range for an array of {arr.ndim} dimension(s)")
    return int(axis)


def _shape_like(out: np.ndarray, arr: np.ndarray) -> Any:
    shaped = out.reshape(arr.shape)
    return shaped[()] if shaped.ndim == 0 else shaped



def _repr_param(v: ParamValue) -> str:
    return "float('inf')" if v == math.inf else repr(v)


def _spec_param(v: ParamValue) -> str:
    """A parameter value as SPEC text that parses back to the same value (repr keeps every digit)."""
    if isinstance(v, tuple):
        return ";".join(_spec_param(e) for e in v)
    if isinstance(v, float):
        return "inf" if v == math.inf else "-inf" if v == -math.inf else repr(v)
    return str(v)


