"""The public API (actplot/__init__.py): lookup, SPEC strings, errors, dtypes and shapes, registry invariants.

Registry-wide tests are parametrised over ``actplot.SPECS``; tests about one particular function
(leaky_relu's flavours) name it.
"""

from __future__ import annotations

import dataclasses
import math
import re
import warnings

import numpy as np
import pytest

import actplot
from actplot import registry
from actplot.errors import (
    ActplotError,
    FlavorError,
    InputError,
    ParameterError,
    SpecSyntaxError,
    UnknownActivationError,
)
from actplot.spec import ALL_FLAVORS, FAMILIES, FLAVORS, ActivationSpec, Flavor, Param

by_spec = pytest.mark.parametrize("spec", actplot.SPECS, ids=lambda s: s.name)
FLOAT_DTYPES = (np.float16, np.float32, np.float64)


# --- names, lookup, aliases --------------------------------------------------------------------------


def test_public_names():
    for name in actplot.__all__:
        assert hasattr(actplot, name), name
    assert issubclass(UnknownActivationError, LookupError)
    for error in (UnknownActivationError, ParameterError, FlavorError, SpecSyntaxError, InputError):
        assert issubclass(error, ActplotError)
    for error in (ParameterError, FlavorError, SpecSyntaxError, InputError):
        assert issubclass(error, ValueError)


def test_names_stable_and_unique():
    first = actplot.names()
    assert first == [spec.name for spec in actplot.SPECS]
    assert actplot.names() == first
    assert len(set(first)) == len(first)
    first.append("mutated")  # a fresh list each time: callers cannot change the registry
    assert "mutated" not in actplot.names()


def test_names_and_aliases_unique_and_canonical():
    keys = [key for spec in actplot.SPECS for key in (spec.name, *spec.aliases)]
    duplicates = sorted({k for k in keys if keys.count(k) > 1})
    assert not duplicates, f"registered twice: {duplicates}"
    for key in keys:
        assert key == key.strip().lower().replace("-", "_").replace(" ", "_"), key
        assert key.isidentifier(), key


@by_spec
def test_specs_are_deeply_immutable(spec: ActivationSpec):
    """A spec is shared by the whole process: neither its fields nor the mappings inside it
    (frameworks, a flavour's defaults, a kink's per-flavour sides, examples) can be edited."""
    with pytest.raises(dataclasses.FrozenInstanceError):
        spec.name = "changed"  # type: ignore[misc]
    with pytest.raises(TypeError):
        spec.frameworks["torch"] = Flavor("torch.nn.Changed")  # type: ignore[index]
    for flavor in spec.frameworks.values():
        with pytest.raises(TypeError):
            flavor.defaults["alpha"] = 2.0  # type: ignore[index]
    for example in spec.examples:
        with pytest.raises(TypeError):
            example["alpha"] = 2.0  # type: ignore[index]
    for kink in spec.kinks(**spec.defaults()):
        with pytest.raises(TypeError):
            kink.by_flavor["torch"] = "mean"  # type: ignore[index]


def test_constructed_specs_copy_their_mappings():
    """Read-only views are copies: editing the dict a spec was built from changes nothing."""
    from actplot.spec import Kink

    sides = {"jax": "right"}
    kink = Kink(0.0, by_flavor=sides)  # type: ignore[arg-type]
    sides["jax"] = "left"
    assert kink.side_for("jax") == "right"
    defaults = {"alpha": 0.3}
    flavor = Flavor("keras.layers.LeakyReLU", defaults=defaults)
    defaults["alpha"] = 0.5
    assert flavor.defaults["alpha"] == 0.3


@by_spec
def test_get_by_name_and_alias(spec: ActivationSpec):
    assert actplot.lookup(spec.name) is spec
    assert actplot.get(spec.name).spec is spec
    assert actplot.get(spec.name.upper()).spec is spec
    assert actplot.get(f"  {spec.name.replace('_', '-')} ").spec is spec
    for alias in spec.aliases:
        assert actplot.lookup(alias) is spec
        assert actplot.get(alias) == actplot.get(spec.name)


def test_sigmoid_aliases():
    assert actplot.get("logistic") == actplot.get("sigmoid")
    assert actplot.get("Expit").name == "sigmoid"


# --- SPEC strings ---------------------------------------------------------------------------------------


def test_spec_string_flavor():
    act = actplot.get("sigmoid@jax")
    assert (act.name, act.flavor, act.effective_flavor) == ("sigmoid", "jax", "jax")
    assert actplot.get("tanh @ Keras2").flavor == "keras2"
    assert actplot.get("sigmoid").flavor is None and actplot.get("sigmoid").effective_flavor == "torch"
    # an explicit flavor= argument wins over the one in the string
    assert actplot.get("sigmoid@jax", flavor="keras3").flavor == "keras3"


def test_default_flavor_applies_only_where_defined():
    assert actplot.get("sigmoid", default_flavor="jax").flavor == "jax"
    assert actplot.get("sigmoid@keras2", default_flavor="jax").flavor == "keras2"
    with pytest.raises(FlavorError):
        actplot.get("sigmoid", default_flavor="pytorch")
    for spec in actplot.SPECS:
        for flavor in FLAVORS:
            act = actplot.get(spec.name, default_flavor=flavor)
            assert act.flavor == (flavor if flavor in spec.frameworks else None), spec.name


@pytest.mark.parametrize(
    "text",
    ["", "   ", "@jax", "sigmoid@", "sigmoid:", ":a=1", "sigmoid:a", "sigmoid:=1", "sigmoid:a=",
     "sigmoid:a=1,a=2", "sigmoid:a=1,,b=2", "sigmoid: , "],
)
def test_garbled_spec_strings(text: str):
    with pytest.raises(SpecSyntaxError):
        actplot.get(text)


@pytest.mark.parametrize(
    "text, message",
    [("@jax", "missing activation name before '@'"), (":a=1", "missing activation name before ':'"),
     ("relu@keras2:max_value=6", "parameters go before the flavour")],
)
def test_garbled_spec_messages_point_at_the_problem(text: str, message: str):
    with pytest.raises(SpecSyntaxError, match=message):
        actplot.get(text)


def test_parameter_and_its_alias_together_is_an_error():
    """leaky_relu's alpha is an alias of negative_slope: giving both is ambiguous, not last-wins."""
    with pytest.raises(ParameterError, match="'negative_slope' given twice"):
        actplot.get("leaky_relu:alpha=0.1,negative_slope=0.2")
    with pytest.raises(ParameterError, match="given twice"):
        actplot.get("leaky_relu", alpha=0.1, negative_slope=0.2)
    # keywords still override the string, whichever spelling either uses
    assert actplot.get("leaky_relu:alpha=0.1", negative_slope=0.3).params["negative_slope"] == 0.3


def test_none_is_not_a_name():
    with pytest.raises(SpecSyntaxError):
        actplot.get(None)  # type: ignore[arg-type]


@pytest.mark.parametrize(("typo", "suggestion"), [("sigmod", "sigmoid"), ("tanhh", "tanh"), ("logistc", "logistic")])
def test_did_you_mean(typo: str, suggestion: str):
    with pytest.raises(UnknownActivationError) as info:
        actplot.get(f"{typo}:x=1@jax")
    assert f"Did you mean {suggestion!r}" in str(info.value) or f"or {suggestion!r}" in str(info.value)
    assert suggestion in info.value.suggestions
    assert info.value.name == f"{typo}"


def test_unknown_without_suggestion():
    with pytest.raises(UnknownActivationError) as info:
        actplot.lookup("xyzzy_quux_plugh")
    assert "Did you mean" not in str(info.value) and info.value.suggestions == []
    assert "actplot list" in str(info.value)


@pytest.mark.parametrize("text", ["sigmoid@pytorch", "sigmoid@tf", "sigmoid@torch@jax"])
def test_unknown_flavor(text: str):
    with pytest.raises(FlavorError) as info:
        actplot.get(text)
    assert "torch" in str(info.value)
    with pytest.raises(FlavorError, match="Did you mean 'jax'"):
        actplot.get("sigmoid", flavor="jaxx")


def test_flavor_that_lacks_the_function():
    """A flavour that exists but does not define the function is a FlavorError naming the ones that do."""
    only_torch = dataclasses.replace(
        actplot.lookup("sigmoid"), name="torch_only_demo", aliases=(), frameworks={"torch": Flavor("torch.demo")}
    )
    nowhere = dataclasses.replace(actplot.lookup("sigmoid"), name="nowhere_demo", aliases=(), frameworks={})
    with registry.registered(only_torch, nowhere):
        _check_flavor_that_lacks_the_function()


def _check_flavor_that_lacks_the_function() -> None:
    assert actplot.get("torch_only_demo@torch").flavor == "torch"
    with pytest.raises(FlavorError, match="flavours that define it: torch"):
        actplot.get("torch_only_demo@jax")
    with pytest.raises(FlavorError):
        actplot.get("torch_only_demo", flavor="keras3")
    with pytest.raises(FlavorError, match="not defined by any framework"):
        actplot.get("nowhere_demo@torch")
    assert actplot.get("torch_only_demo", default_flavor="jax").flavor is None


@by_spec
def test_every_missing_flavor_is_rejected(spec: ActivationSpec):
    for flavor in FLAVORS:
        if flavor in spec.frameworks:
            assert actplot.get(spec.name, flavor=flavor).flavor == flavor
        else:
            with pytest.raises(FlavorError):
                actplot.get(f"{spec.name}@{flavor}")


# --- parameters -------------------------------------------------------------------------------------------


def _bad_values(p: Param) -> list[object]:
    if p.choices:
        return ["not-a-choice", 1.0]
    bad: list[object] = [math.nan, "abc", True]
    if not p.allow_inf:  # with allow_inf, None means inf, as 'none' does in a SPEC string
        bad += [None, math.inf, -math.inf]
    if p.vector:
        return bad[1:2] + [()] * (p.min_length > 0)
    if p.low != -math.inf:
        bad.append(p.low if p.low_open else p.low - max(1.0, abs(p.low)))
    if p.high != math.inf:
        bad.append(p.high if p.high_open else p.high + max(1.0, abs(p.high)))
    return bad


@by_spec
def test_unknown_parameter(spec: ActivationSpec):
    with pytest.raises(ParameterError) as info:
        actplot.get(spec.name, not_a_parameter=1.0)
    message = str(info.value)
    if spec.params:
        assert all(p.name in message for p in spec.params), message
        name = spec.params[0].name
        with pytest.raises(ParameterError, match=f"Did you mean {name!r}"):
            actplot.get(f"{spec.name}:{name}x=1")
    else:
        assert "takes no parameters" in message
        with pytest.raises(ParameterError):
            actplot.get(f"{spec.name}:alpha=1")


@by_spec
def test_bad_parameter_values(spec: ActivationSpec):
    for p in spec.params:
        for value in _bad_values(p):
            with pytest.raises(ParameterError):
                actplot.get(spec.name, **{p.name: value})
        if not p.choices and not p.vector:
            with pytest.raises(ParameterError, match="must be a number"):
                actplot.get(f"{spec.name}:{p.name}=abc")


def test_param_parse_and_validate():
    alpha = Param(name="alpha", default=1.0, doc="scale", low=0.0, low_open=True)
    assert alpha.parse(" 2.5 ") == 2.5 and alpha.validate(3) == 3.0 and isinstance(alpha.validate(3), float)
    assert alpha.domain_text() == "1e-300 <= alpha <= 1e+300"  # MIN_MAGNITUDE, MAX_MAGNITUDE apply
    for bad in (0.0, -1.0, math.nan, math.inf, "1", True):
        with pytest.raises(ParameterError):
            alpha.validate(bad)  # type: ignore[arg-type]
    cap = Param(name="max_value", default=math.inf, doc="cap", low=0.0, allow_inf=True)
    assert cap.parse("none") == math.inf and cap.parse("inf") == math.inf and cap.parse("6") == 6.0
    mode = Param(name="approximate", default="none", doc="", choices=("none", "tanh"))
    assert mode.parse("TANH") == "tanh"
    with pytest.raises(ParameterError, match="one of none, tanh"):
        mode.parse("erf")
    assert cap.validate(None) == math.inf  # None means what 'none' means in a SPEC string
    with pytest.raises(ParameterError, match="max_value must be a number; got None"):
        dataclasses.replace(cap, allow_inf=False).validate(None)
    with pytest.raises(ParameterError, match="alpha must be a number; got None"):
        alpha.validate(None)
    pieces = Param(name="slopes", default=(1.0,), doc="", vector=True, min_length=2)
    assert pieces.parse("1;2; 3") == (1.0, 2.0, 3.0)
    with pytest.raises(ParameterError, match="at least 2"):
        pieces.parse("1")
    with pytest.raises(ParameterError):
        pieces.validate(("a", "b"))


@pytest.mark.parametrize(("name", "param"), [("relu", "max_value"), ("softplus", "threshold")])
def test_none_means_no_cap_like_the_spec_text(name: str, param: str):
    """get('relu', max_value=None) is relu:max_value=none (the doc says 'inf or none: no cap')."""
    act = actplot.get(name, **{param: None})
    assert act.params[param] == math.inf
    assert act == actplot.get(f"{name}:{param}=none") == actplot.get(f"{name}:{param}=inf")
    assert actplot.get(name, flavor="torch", **{param: None}).params[param] == math.inf  # overrides a flavour default


@by_spec
def test_none_is_refused_where_none_is_not_allowed(spec: ActivationSpec):
    for p in spec.params:
        if p.allow_inf:
            assert actplot.get(spec.name, **{p.name: None}).params[p.name] == math.inf
        else:
            with pytest.raises(ParameterError, match=f"{p.name} must be .*; got None"):
                actplot.get(spec.name, **{p.name: None})


# --- leaky_relu flavours -----------------------------------------------------------------------------

LEAKY_SLOPES = {"torch": 0.01, "jax": 0.01, "keras3": 0.2, "keras2": 0.3}
"""Default negative slopes per flavour (README 'Flavours'): torch 0.01, Keras 3 0.2, Keras 2 0.3, JAX 0.01."""


def _slope_param(spec: ActivationSpec) -> str:
    (name,) = [p.name for p in spec.params if not p.choices and not p.vector and p.default == 0.01]
    return name


@pytest.mark.parametrize("name", ["leaky_relu"])
@pytest.mark.parametrize(("flavor", "slope"), LEAKY_SLOPES.items())
def test_leaky_relu_flavor_defaults(name: str, flavor: str, slope: float):
    spec = actplot.lookup(name)
    assert flavor in spec.frameworks
    act = actplot.get(name, flavor=flavor)
    assert act.params[_slope_param(spec)] == slope
    assert float(act(-2.0)) == pytest.approx(-2.0 * slope, rel=1e-15)
    assert act.label == f"{name}@{flavor}"


@pytest.mark.parametrize("name", ["leaky_relu"])
def test_leaky_relu_spec_string(name: str):
    p = _slope_param(actplot.lookup(name))
    act = actplot.get(f"{name}:{p}=0.1@keras2")
    assert (act.flavor, act.params[p]) == ("keras2", 0.1)
    assert act(np.array([-2.0, 0.0, 3.0])).tolist() == [-0.2, 0.0, 3.0]
    assert act.label == f"{name}:{p}=0.1@keras2"  # a SPEC: typed back, it gives the same function
    assert actplot.get(act.label) == act
    assert actplot.get(f"{name}:{p}=0.1", **{p: 0.25}).params[p] == 0.25  # keywords override the string
    assert actplot.get(f"{name}:{p}=0.3@keras3") == actplot.get(name, flavor="keras3", **{p: 0.3})
    assert actplot.get(name.replace("_", "-")).name == name
    with pytest.raises(ParameterError, match=f"Did you mean {p!r}"):
        actplot.get(f"{name}:{p[:-1]}=0.1")


@pytest.mark.parametrize("name", ["leaky_relu"])
def test_leaky_relu_kink_convention(name: str):
    """leaky_relu′(0): the left slope in torch, 1 in JAX (what each framework's autodiff returns)."""
    assert float(actplot.get(name, flavor="torch").derivative(0.0)) == 0.01
    assert float(actplot.get(name, flavor="jax").derivative(0.0)) == 1.0


# --- evaluation: dtype, shape, order ------------------------------------------------------------------------


def _all_outputs(act: actplot.Activation, x: object) -> list[object]:
    f, d = act.value_and_derivative(x)
    return [act(x), act.derivative(x), act.derivative(x, order=2), f, d]


@by_spec
@pytest.mark.parametrize("dtype", FLOAT_DTYPES, ids=lambda d: np.dtype(d).name)
def test_float_dtype_and_shape_kept(spec: ActivationSpec, dtype: type):
    act = actplot.get(spec.name)
    x = np.linspace(-3.0, 3.0, 12).astype(dtype).reshape(3, 4)
    for out in _all_outputs(act, x):
        assert isinstance(out, np.ndarray) and out.dtype == dtype and out.shape == (3, 4)
    scalar = dtype(0.5)
    for out in _all_outputs(act, scalar):
        assert isinstance(out, np.generic) and out.dtype == dtype and np.ndim(out) == 0


@by_spec
def test_other_inputs_become_float64(spec: ActivationSpec):
    act = actplot.get(spec.name)
    for x, shape in [
        (np.arange(-3, 4), (7,)),
        (np.arange(-3, 4, dtype=np.int8), (7,)),
        (np.array([True, False]), (2,)),
        ([[-1.0, 0.0, 2.0]], (1, 3)),
        ([1, 2], (2,)),
        (np.array([1.5, -2], dtype=object), (2,)),
    ]:
        for out in _all_outputs(act, x):
            assert isinstance(out, np.ndarray) and out.dtype == np.float64 and out.shape == shape
    for x in (1.5, 2, np.int64(3), np.array(0.25)):
        for out in _all_outputs(act, x):
            assert isinstance(out, np.float64), type(out)
    assert np.array_equal(act(np.arange(-3, 4)), act(np.arange(-3.0, 4.0)))
    assert np.array_equal(act([[-1.0, 0.0, 2.0]]), act(np.array([[-1.0, 0.0, 2.0]])))


@by_spec
@pytest.mark.parametrize("dtype", FLOAT_DTYPES, ids=lambda d: np.dtype(d).name)
def test_empty_input(spec: ActivationSpec, dtype: type):
    act = actplot.get(spec.name)
    for shape in [(0,), (0, 3), (2, 0)]:
        for out in _all_outputs(act, np.empty(shape, dtype=dtype)):
            assert out.shape == shape and out.dtype == dtype


@by_spec
def test_non_contiguous_input_and_no_mutation(spec: ActivationSpec):
    act = actplot.get(spec.name)
    base = np.linspace(-4.0, 4.0, 48).reshape(6, 8)
    keep = base.copy()
    for view in (base[::2, 1::3], base.T, base[:, ::-1]):
        assert not view.flags.c_contiguous
        expected = [np.asarray(o) for o in _all_outputs(act, np.ascontiguousarray(view))]
        for got, want in zip(_all_outputs(act, view), expected):
            assert np.array_equal(got, want, equal_nan=True)
            assert got.shape == view.shape
    assert np.array_equal(base, keep), "an input array was modified in place"
    contiguous = np.linspace(-4.0, 4.0, 9)
    keep = contiguous.copy()
    _all_outputs(act, contiguous)
    assert np.array_equal(contiguous, keep), "an input array was modified in place"


@by_spec
def test_large_input_crosses_chunks(spec: ActivationSpec):
    """Results do not depend on where the chunk boundaries fall (CHUNK = 65536 elements)."""
    from actplot.activation import CHUNK

    act = actplot.get(spec.name)
    x = np.linspace(-8.0, 8.0, 2 * CHUNK + 17)
    pieces = [act(x[i : i + 1000]) for i in range(0, x.size, 1000)]
    assert np.array_equal(act(x), np.concatenate(pieces), equal_nan=True)


@pytest.mark.parametrize("order", [0, 3, -1, 1.5, "1", None])
def test_derivative_order_validation(order: object):
    """A bad order is a user error: an ActplotError (InputError), still a ValueError."""
    with pytest.raises(InputError, match="order must be 1 or 2") as caught:
        actplot.get("tanh").derivative(0.5, order=order)  # type: ignore[arg-type]
    assert isinstance(caught.value, ActplotError) and isinstance(caught.value, ValueError)


def test_wrong_argument_types_are_actplot_errors():
    """Non-string names and flavours, and bad properties() arguments, fail with ActplotError
    subclasses (not AttributeError/TypeError from deep inside)."""
    with pytest.raises(SpecSyntaxError, match="must be a string; got int"):
        actplot.lookup(3)  # type: ignore[arg-type]
    with pytest.raises(FlavorError, match="must be a string"):
        actplot.get("relu", flavor=1)  # type: ignore[arg-type]
    with pytest.raises(FlavorError, match="must be a string"):
        actplot.get("relu", default_flavor=1)  # type: ignore[arg-type]
    act = actplot.get("relu")
    for saturation in ("a", None, True):
        with pytest.raises(InputError, match="saturation must be a positive finite number"):
            act.properties(saturation=saturation)  # type: ignore[arg-type]
    with pytest.raises(InputError, match="window must be two numbers"):
        act.properties(window=(0, 10**400))


def test_default_flavor_is_normalised():
    """default_flavor='JAX' selects jax's conventions (leaky_relu′(0) = 1), like flavor='JAX'."""
    act = actplot.get("leaky_relu", default_flavor="JAX")
    assert act.flavor == "jax" and act == actplot.get("leaky_relu", flavor="JAX")
    assert float(act.derivative(0.0)) == 1.0


def test_bad_inputs():
    act = actplot.get("sigmoid")
    with pytest.raises(InputError, match="complex"):
        act(np.array([1 + 2j]))
    with pytest.raises(InputError):
        act(np.array(["abc"]))
    with pytest.raises(InputError):
        act([object()])


@by_spec
def test_element_wise_functions_reject_vector_calls(spec: ActivationSpec):
    act = actplot.get(spec.name)
    if spec.vector is None:
        with pytest.raises(InputError):
            act(np.zeros(4), axis=-1)
        with pytest.raises(InputError):
            act.jacobian(np.zeros(4))
    if spec.band is None:
        with pytest.raises(InputError):
            act.band(np.zeros(4))


EXTREMES = np.array(
    [0.0, -0.0, 5e-324, -5e-324, 1e-310, -1e-310, 1e-300, -1e-300, 1e-8, -1e-8, 0.5, -0.5, 1.0, -1.0, 20.0, -20.0,
     88.0, -88.0, 100.0, -100.0, 700.0, -700.0, 710.0, -710.0, 745.5, -745.5, 1e4, -1e4, 1e30, -1e30, 1e154,
     -1e154, 1e300, -1e300, 1.7976931348623157e308, -1.7976931348623157e308, np.inf, -np.inf, np.nan]
)


@by_spec
@pytest.mark.parametrize("dtype", FLOAT_DTYPES, ids=lambda d: np.dtype(d).name)
def test_no_warnings_at_extreme_inputs(spec: ActivationSpec, dtype: type):
    flavors = [None, *spec.frameworks]
    with np.errstate(over="ignore"):  # casting the probe values down to float16/32 may overflow
        x = EXTREMES.astype(dtype)
    for flavor in flavors:
        act = actplot.get(spec.name, flavor=flavor)
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            outs = _all_outputs(act, x)
        for out in outs:
            assert np.isnan(out[-1]), f"{act.label}: nan in must give nan out; got {out[-1]!r}"


# --- identity: label, repr, equality --------------------------------------------------------------------------


def test_label_repr_equality_sigmoid():
    act = actplot.get("sigmoid")
    assert act.label == "sigmoid" and repr(act) == "actplot.get('sigmoid')"
    jax = actplot.get("sigmoid", flavor="jax")
    assert jax.label == "sigmoid@jax" and repr(jax) == "actplot.get('sigmoid', flavor='jax')"
    assert act == actplot.get("logistic") and hash(act) == hash(actplot.get("logistic"))
    assert act != jax and act != actplot.get("tanh") and act != "sigmoid"
    assert len({act, actplot.get("expit"), jax}) == 2
    assert act.formula == act.spec.formula and act.derivative_formula == act.spec.derivative_formula
    assert dict(act.params) == {}
    with pytest.raises(TypeError):
        act.params["x"] = 1  # type: ignore[index]


def _configurations(spec: ActivationSpec) -> list[actplot.Activation]:
    acts = [actplot.get(spec.name)]
    acts += [actplot.get(spec.name, flavor=flavor) for flavor in spec.frameworks]
    acts += [actplot.get(spec.name, **example) for example in spec.examples]
    return acts


@by_spec
def test_repr_round_trip_and_label(spec: ActivationSpec):
    for act in _configurations(spec):
        again = eval(repr(act), {"actplot": actplot})
        assert again == act and hash(again) == hash(act), repr(act)
        assert act.label.startswith(spec.name)
        assert act.label.endswith(f"@{act.flavor}") if act.flavor else "@" not in act.label
        assert actplot.get(act.spec_string) == act, act.spec_string  # the SPEC string round-trips too
    default = actplot.get(spec.name)
    assert default.label == spec.name == default.spec_string


# --- registry invariants ----------------------------------------------------------------------------------------


@by_spec
def test_formulas_render_with_mathtext(spec: ActivationSpec):
    from matplotlib.mathtext import MathTextParser

    parser = MathTextParser("path")
    variants = [v.formulas for v in spec.formula_variants]
    for formula in (spec.formula, spec.derivative_formula, *(f for v in variants for f in (v.formula, v.derivative_formula))):
        assert formula and not formula.startswith("$"), formula
        parser.parse("$" + formula + "$")
    for v in variants:
        assert v.formula_text.strip() and v.derivative_formula_text.strip()


@by_spec
def test_every_configuration_has_formulas_for_its_parameters(spec: ActivationSpec):
    """Activation.formula follows the parameters that change the formula's shape; where no variant
    applies it is the spec's own formula."""
    for act in _configurations(spec):
        chosen = [v.formulas for v in spec.formula_variants if v.applies(act.params)]
        expected = chosen[0].formula if chosen else spec.formula
        assert act.formula == expected and act.formula_text and act.derivative_formula_text


@pytest.mark.parametrize(
    ("spec_string", "formula_has", "formula_lacks", "derivative_has"),
    [
        ("gelu", r"\mathrm{erf}", r"\tanh", r"\varphi"),
        ("gelu:approximate=tanh", r"\tanh", r"\mathrm{erf}", r"\tanh"),
        ("gelu@jax", r"\tanh", r"\mathrm{erf}", r"\tanh"),
        ("softplus", r"\log", r"\theta", r"\sigma"),
        ("softplus@torch", r"\theta", "never-there", r"\theta"),
        ("softplus:threshold=5", r"\theta", "never-there", r"\theta"),
    ],
)
def test_formula_follows_shape_parameters(spec_string: str, formula_has: str, formula_lacks: str, derivative_has: str):
    act = actplot.get(spec_string)
    assert formula_has in act.formula and formula_lacks not in act.formula
    assert derivative_has in act.derivative_formula
    text = act.formula_text + act.derivative_formula_text
    assert ("tanh" in text) == ("tanh" in spec_string or "jax" in spec_string)


@by_spec
def test_spec_text_fields(spec: ActivationSpec):
    for field in ("title", "formula_text", "derivative_formula_text", "reference"):
        assert isinstance(getattr(spec, field), str) and getattr(spec, field).strip(), field
    assert spec.family in FAMILIES
    assert set(spec.frameworks) <= set(FLAVORS)
    for flavor in spec.frameworks.values():
        assert flavor.api.strip()


@by_spec
def test_parameter_defaults_are_valid(spec: ActivationSpec):
    names = [p.name for p in spec.params]
    assert len(set(names)) == len(names)
    for p in spec.params:
        assert p.name.isidentifier() and p.doc.strip(), p.name
        assert p.validate(p.default) == p.default, f"{spec.name}.{p.name} default {p.default!r} rejected"
    for flavor_name, flavor in spec.frameworks.items():
        for key, value in flavor.defaults.items():
            assert key in names, f"{spec.name}@{flavor_name}: default for unknown parameter {key!r}"
            assert spec.param(key).validate(value) == value
        actplot.get(spec.name, flavor=flavor_name)  # spec.check accepts the flavour's defaults


@by_spec
def test_examples_are_accepted(spec: ActivationSpec):
    for example in spec.examples:
        act = actplot.get(spec.name, **example)
        assert {k: act.params[k] for k in example} == {k: spec.param(k).validate(v) for k, v in example.items()}
        text = ",".join(f"{k}={';'.join(map(str, v)) if isinstance(v, tuple) else v}" for k, v in example.items())
        assert actplot.get(f"{spec.name}:{text}") == act


@by_spec
def test_declared_values_valid(spec: ActivationSpec):
    d = spec.declared
    assert d is not None
    assert d.monotonic in ("increasing", "decreasing", "no")
    assert d.smoothness in ("discontinuous", "C0", "C1", "C2", "Cinf")
    for field in ("bounded", "monotonic_derivative", "zero_centered", "identity_near_zero"):
        assert isinstance(getattr(d, field), bool), field
    assert d.range.pieces


@by_spec
def test_kinks_are_valid(spec: ActivationSpec):
    for act in _configurations(spec):
        xs = [k.x for k in act.kinks]
        assert xs == sorted(xs) and len(set(xs)) == len(xs), act.label
        for k in act.kinks:
            assert math.isfinite(k.x)
            assert k.kind in ("jump", "kink", "curvature")
            assert k.side in ("left", "right", "mean") and k.value_side in ("left", "right", "mean")
            assert set(k.by_flavor) <= set(ALL_FLAVORS)
            for rule in k.by_flavor.values():
                rules = (rule,) if isinstance(rule, str) else (rule.d1, rule.d2)
                assert all(r is None or r in ("left", "right", "mean") or isinstance(r, float) for r in rules)


# --- findings of a notebook-user walk-through ------------------------------------------------------


@pytest.mark.parametrize(
    "bad, message",
    [
        (None, "got NoneType None"),
        (np.array([1.0, None], dtype=object), "got NoneType None"),
        ("1.5", "got an array of <U3"),
        (np.array(["2020-01-01"], dtype="datetime64[D]"), "datetime64"),
        (np.array([1], dtype="timedelta64[s]"), "timedelta64"),
        (np.ma.masked_array([1.0, 2.0], mask=[0, 1]), "masked arrays are not supported"),
        ([[1.0], [1.0, 2.0]], "not ragged"),
        (10**400, "within float64's range"),
    ],
)
def test_non_numbers_are_refused_not_turned_into_nan(bad, message):
    act = actplot.get("sigmoid")
    for call in (act, act.derivative, act.value_and_derivative):
        with pytest.raises(InputError, match=re.escape(message)):
            call(bad)


def test_real_numbers_in_any_container_are_accepted():
    act = actplot.get("sigmoid")
    assert np.array_equal(act(np.array([1, 2.5, True], dtype=object)), act(np.array([1.0, 2.5, 1.0])))
    assert act(3) == act(3.0) and act(np.int8(3)) == act(3.0)


def test_name_and_axis_types_are_checked():
    with pytest.raises(SpecSyntaxError, match="must be a string; got int"):
        actplot.get(3)  # type: ignore[arg-type]
    softmax = actplot.get("softmax")
    with pytest.raises(InputError, match=r"axis must be an integer; got 1\.0"):
        softmax(np.ones((2, 3)), axis=1.0)  # type: ignore[arg-type]
    with pytest.raises(InputError, match="axis 2 is out of range"):
        softmax(np.ones((2, 3)), axis=2)
    with pytest.raises(InputError, match="no Jacobian matrix; use derivative"):
        actplot.get("sigmoid").jacobian([1.0, 2.0])
    with pytest.raises(SpecSyntaxError, match="separated by ';'"):
        actplot.get("softmax:others=1,2")


def test_activations_are_immutable_and_picklable():
    import copy
    import pickle

    for act in (actplot.get("leaky_relu", alpha=0.1, flavor="keras2"), actplot.get("gelu@jax"),
                actplot.get("maxout:slopes=1;0;-1,intercepts=0;0;0"), actplot.get("elu", alpha=2.5)):
        for clone in (pickle.loads(pickle.dumps(act)), copy.deepcopy(act), copy.copy(act)):
            assert clone == act and hash(clone) == hash(act) and repr(clone) == repr(act)
        for name, value in (("flavor", "bogus"), ("params", {"alpha": -5.0}), ("spec", None)):
            with pytest.raises(AttributeError, match="immutable"):
                setattr(act, name, value)


def test_band_keeps_the_dtype():
    low, high = actplot.get("rrelu").band(np.array([-1.0, 1.0], dtype=np.float32))
    assert low.dtype == high.dtype == np.float32


@pytest.mark.parametrize(
    ("spec_string", "values", "values_text"),
    [
        ("sigmoid", "", ""),
        ("relu", "", ""),  # max(0, x): no symbol left ('a' in \max is not the slope)
        ("relu:negative_slope=0.1,max_value=6", r"a = 0.1,\ M = 6,\ \theta = 0", "a = 0.1, M = 6, θ = 0"),
        ("hard_sigmoid@keras2", "c = 2.5", "c = 2.5"),
        ("hard_sigmoid@torch", "c = 3", "c = 3"),
        ("leaky_relu@keras2", "a = 0.3", "a = 0.3"),
        ("hard_tanh", r"x_{\min} = -1,\ x_{\max} = 1", "x_min = −1, x_max = 1"),
        ("softplus@torch", r"\beta = 1,\ \theta = 20", "β = 1, θ = 20"),
        ("maxout", r"w = (-1, 0.25, 1),\ b = (-1.25, 0, 0)", "w = (−1, 0.25, 1), b = (−1.25, 0, 0)"),
        ("gelu", "", ""),
    ],
)
def test_formula_values_name_the_parameters_the_formula_uses(spec_string: str, values: str, values_text: str):
    act = actplot.get(spec_string)
    assert act.formula_values == values and act.formula_values_text == values_text


@pytest.mark.parametrize(
    ("spec_string", "named", "symbols"),
    [
        ("relu", "", {}),
        (
            "relu:negative_slope=0.1,max_value=6",
            "a = negative_slope = 0.1, M = max_value = 6, θ = threshold = 0",
            {"a": "negative_slope", "M": "max_value", "θ": "threshold"},
        ),
        ("hard_tanh:min_val=-2,max_val=3", "x_min = min_val = −2, x_max = max_val = 3", {"x_min": "min_val", "x_max": "max_val"}),
        ("softplus@torch", "β = beta = 1, θ = threshold = 20", {"β": "beta", "θ": "threshold"}),
    ],
)
def test_formula_values_named(spec_string: str, named: str, symbols: dict[str, str]):
    act = actplot.get(spec_string)
    assert act.formula_values_named == named and act.formula_symbols == symbols
    assert [p.name for p, _ in act.formula_parameters] == list(symbols.values())


def test_relu_formula_has_no_defaults_note_beside_other_values():
    """relu with other parameters: the formula text does not also say 'defaults a = 0, …', which
    would contradict the values shown beside it; the catalogue line (spec.formula_text) keeps it."""
    spec = actplot.lookup("relu")
    assert "defaults" in spec.formula_text
    assert actplot.get("relu").formula_text == "f(x) = max(0, x)"
    for text in ("relu:negative_slope=0.1,max_value=6", "relu:threshold=5", "relu@keras2", "relu:max_value=6"):
        act = actplot.get(text)
        if act.formula_values_text:
            assert "defaults" not in act.formula_text and "defaults" not in act.derivative_formula_text, text
    act = actplot.get("relu:negative_slope=0.1,max_value=6")
    assert act.formula_text == "f(x) = min(x, M) if x > θ, a·(x − θ) otherwise"


@by_spec
def test_plain_formula_uses_the_symbols_of_its_values(spec: ActivationSpec):
    """Every symbol in formula_values_text also appears in formula_text (hard_tanh said min_val
    in the text but x_min in the values)."""
    for act in _configurations(spec):
        for symbol in act.formula_symbols:
            assert symbol in act.formula_text, (act.label, symbol, act.formula_text)
        if spec.name == "hard_tanh":
            assert "min_val" not in act.formula_text + act.derivative_formula_text


@pytest.mark.parametrize(
    ("alpha", "has", "lacks"),
    [
        (-0.5, "ln(", ("e^(αx)", "x (α = 0)")),
        (0.0, "f(x) = x", ("ln(", "e^(")),
        (0.5, "e^(αx)", ("ln(", "x (α = 0)")),
    ],
)
def test_soft_exponential_shows_only_its_branch(alpha: float, has: str, lacks: tuple[str, ...]):
    act = actplot.get("soft_exponential", alpha=alpha)
    text = act.formula_text + " " + act.derivative_formula_text
    assert has in text and "(α < 0)" not in text and "(α > 0)" not in text
    for needle in lacks:
        assert needle not in text
    assert ("\\ln" in act.formula) == (alpha < 0) and ("e^{" in act.formula) == (alpha > 0)
    assert act.derivative_formula_text == {-0.5: "f′(x) = 1/(1 − α(α + x))", 0.0: "f′(x) = 1", 0.5: "f′(x) = e^(αx)"}[alpha]
    # the domain for α < 0, x > 1/α − α, is stated: f is nan below −1.5 for α = −0.5
    if alpha < 0:
        assert "x > 1/α − α" in act.formula_text and math.isnan(float(act(-1.6)))


@by_spec
def test_formula_values_render_with_mathtext(spec: ActivationSpec):
    from matplotlib.mathtext import MathTextParser

    parser = MathTextParser("path")
    for act in _configurations(spec):
        if act.formula_values:
            parser.parse("$" + act.formula_values + "$")


def test_readme_python_example_runs():
    """The README's API block runs as written (no name or keyword in it has drifted)."""
    import pathlib
    import re as _re

    readme = (pathlib.Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## Python API") :]
    code = _re.search(r"```python\n(.*?)```", section, _re.S).group(1)
    namespace: dict[str, object] = {}
    exec(compile(code, "README.md", "exec"), namespace)
    assert namespace["act"].formula_values_text == "a = 0.3"
