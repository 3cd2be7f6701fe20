"""Computed properties (actplot.properties) against each spec's declared metadata, and known extrema.

The registry-wide tests are parametrised over ``actplot.SPECS``, so every function that lands is
checked without editing this file. The unit tests at the end build small synthetic activations
(relu-like, a step with an unlisted jump, …) so the property code itself is tested independently
of the catalogue.
"""

from __future__ import annotations

import dataclasses
import functools
import json
import math

import numpy as np
import pytest

import actplot
from actplot.activation import Activation
from actplot.errors import InputError
from actplot.notation import image_text
from actplot.properties import MONOTONIC_CLASSES, SMOOTHNESS_CLASSES, Properties, compute_properties
from actplot.shape import Image, Monotonicity, Smoothness, image_differences
from actplot.spec import ActivationSpec, FloatArray, Kink

by_spec = pytest.mark.parametrize("spec", actplot.SPECS, ids=lambda s: s.name)


@functools.cache
def computed(name: str) -> Properties:
    return actplot.get(name).properties()


# --- computed vs declared, every registered function -----------------------------------------------

DECLARED_FIELDS = (
    "bounded",
    "monotonic",
    "monotonic_derivative",
    "smoothness",
    "zero_centered",
    "identity_near_zero",
)


@by_spec
@pytest.mark.parametrize("field", DECLARED_FIELDS)
def test_declared_matches_computed(spec: ActivationSpec, field: str):
    declared = getattr(spec.declared, field)
    got = getattr(computed(spec.name), field)
    assert got == declared, f"{spec.name}.{field}: computed {got!r}, declared {declared!r}"


@by_spec
def test_declared_image_matches_computed(spec: ActivationSpec):
    """The declared f(ℝ) and the computed one are the same object type, compared piece by piece:
    ends (exact ones to ~1e-9, approximate ones to 5 digits), brackets, and the gaps between."""
    assert spec.declared is not None
    props = computed(spec.name)
    problems = image_differences(spec.declared.range, props.image)
    assert not problems, (
        f"{spec.name}: declared {image_text(spec.declared.range)}, computed {props.range_text}: " + "; ".join(problems)
    )


@by_spec
def test_declared_fields_have_the_shared_types(spec: ActivationSpec):
    d = spec.declared
    assert d is not None
    assert isinstance(d.range, Image) and d.range.pieces
    assert isinstance(d.smoothness, Smoothness) and isinstance(d.monotonic, Monotonicity)
    props = computed(spec.name)
    assert type(props.smoothness) is Smoothness and type(props.monotonic) is Monotonicity


@by_spec
def test_no_undeclared_jumps(spec: ActivationSpec):
    props = computed(spec.name)
    assert props.undeclared_jumps == (), f"{spec.name}: f jumps at {props.undeclared_jumps} but no kink is listed"


@by_spec
def test_listed_kinks_match_their_kind(spec: ActivationSpec):
    """A kink listed as 'jump' must make f jump and 'kink' break f′; 'curvature' must leave f′
    continuous (f″ jumps, or a higher derivative: ISRLU's f‴ at 0 is listed that way)."""
    order = {"jump": 0, "kink": 1, "curvature": 2, "smooth": 2}
    for k in computed(spec.name).kinks:
        assert order[k.continuity] == order[k.kind], (
            f"{spec.name}: kink at x={k.x} is listed as {k.kind!r} but is {k.continuity!r} "
            f"(f {k.f_left!r}|{k.f_right!r}, f′ {k.d1_left!r}|{k.d1_right!r}, f″ {k.d2_left!r}|{k.d2_right!r})"
        )


def _configurations() -> list[tuple[str, str | None, tuple]]:
    """Every flavour and every example parameter set of every function (defaults are covered above)."""
    out = []
    for spec in actplot.SPECS:
        out += [(spec.name, flavor, ()) for flavor in spec.frameworks]
        out += [(spec.name, None, tuple(sorted(example.items()))) for example in spec.examples]
    return out


@pytest.mark.parametrize(
    ("name", "flavor", "example"),
    _configurations(),
    ids=lambda v: v if isinstance(v, str) else ",".join(f"{k}={x}" for k, x in v) if isinstance(v, tuple) else "-",
)
def test_every_configuration_has_consistent_kinks(name: str, flavor: str | None, example: tuple):
    """Flavours and examples move kinks and jumps around (torch softplus' threshold, Keras relu's
    threshold, …): each must still list every jump, with kinds that match the values."""
    act = actplot.get(name, flavor=flavor, **dict(example))
    props = act.properties()
    assert props.undeclared_jumps == (), f"{act.label}: f jumps at {props.undeclared_jumps} but no kink is listed"
    order = {"jump": 0, "kink": 1, "curvature": 2, "smooth": 2}
    wrong = [(k.x, k.kind, k.continuity) for k in props.kinks if order[k.continuity] != order[k.kind]]
    assert not wrong, f"{act.label}: listed kinks (x, kind, computed) disagree: {wrong}"


@by_spec
def test_properties_are_json_safe(spec: ActivationSpec):
    data = computed(spec.name).as_dict()
    text = json.dumps(data, allow_nan=False)
    assert json.loads(text)["monotonic"] in MONOTONIC_CLASSES
    assert data["smoothness"] in SMOOTHNESS_CLASSES


# --- known extrema -----------------------------------------------------------------------------------

# name: (value, argument, tolerance on the value, tolerance on the argument); sources:
# the published minima of SiLU, GELU, Mish and Hardswish (each is a root of f′, found to 6 digits
# with mpmath); QuickGELU is SiLU scaled by 1/1.702.
_SILU_MIN, _SILU_ARGMIN = -0.2784645427610738, -1.278464542761074
KNOWN_MINIMA: dict[str, tuple[float, float, float, float]] = {
    "silu": (-0.27846, -1.27846, 6e-6, 6e-6),
    "gelu": (-0.16997, -0.7518, 6e-6, 6e-5),
    "mish": (-0.30884, -1.1924, 6e-6, 6e-5),
    "hard_swish": (-0.375, -1.5, 1e-12, 1e-9),
    "quick_gelu": (_SILU_MIN / 1.702, _SILU_ARGMIN / 1.702, 1e-12, 1e-9),
}

KNOWN_MAXIMA: dict[str, tuple[float, float, float, float]] = {
    "gaussian": (1.0, 0.0, 1e-15, 1e-9),
    "sinc": (1.0, 0.0, 1e-15, 1e-9),
}


@pytest.mark.parametrize("name", KNOWN_MINIMA)
def test_known_minimum(name: str):
    value, where, tol_value, tol_where = KNOWN_MINIMA[name]
    props = actplot.get(name).properties()
    assert props.minimum is not None and props.argmin is not None, f"{name}: no interior minimum found"
    assert abs(props.minimum - value) <= tol_value, f"{name}: minimum {props.minimum!r}, expected {value}"
    assert abs(props.argmin - where) <= tol_where, f"{name}: argmin {props.argmin!r}, expected {where}"
    assert props.range_low == props.minimum and props.low_attained
    # refined to a zero of f′ (Newton on f′ = 0), not just the best grid point
    assert abs(float(actplot.get(name).derivative(props.argmin))) <= 1e-12


@pytest.mark.parametrize("name", KNOWN_MAXIMA)
def test_known_maximum(name: str):
    value, where, tol_value, tol_where = KNOWN_MAXIMA[name]
    props = actplot.get(name).properties()
    assert props.maximum is not None and props.argmax is not None, f"{name}: no interior maximum found"
    assert abs(props.maximum - value) <= tol_value and abs(props.argmax - where) <= tol_where


# --- the property code itself, on synthetic activations -----------------------------------------------


def _fake(
    name: str,
    f,
    d1,
    d2=None,
    kinks: tuple[Kink, ...] = (),
) -> Activation:
    """An Activation around plain NumPy lambdas (kernels must be warning-free for all inputs)."""
    base = actplot.lookup("sigmoid")
    zero = lambda x: np.zeros_like(x)  # noqa: E731
    spec = dataclasses.replace(
        base,
        name=name,
        aliases=(),
        value=lambda x: f(x),
        derivative=lambda x: d1(x),
        second_derivative=lambda x: (d2 or zero)(x),
        value_and_derivative=None,
        kinks=lambda **_: kinks,
    )
    return Activation(spec, {}, None)


def _relu() -> Activation:
    return _fake("relu_like", lambda x: np.maximum(x, 0.0), lambda x: (x > 0) * 1.0, kinks=(Kink(0.0),))


def _clip(x: FloatArray, limit: float = 1e3) -> FloatArray:
    return np.clip(x, -limit, limit)


def test_relu_like():
    p = compute_properties(_relu())
    assert (p.range_low, p.range_high, p.low_attained, p.high_attained) == (0.0, math.inf, True, False)
    assert p.range_text == "[0, \u221e)"
    assert p.monotonic == "increasing" and p.monotonic_derivative
    assert p.smoothness == "C0" and p.kinks[0].continuity == "kink"
    assert (p.kinks[0].d1_left, p.kinks[0].d1_right, p.kinks[0].d1_at) == (0.0, 1.0, 0.0)
    assert not p.bounded and p.bounded_below and not p.bounded_above
    assert not p.zero_centered and not p.identity_near_zero
    assert p.minimum is None and p.maximum is None
    assert p.saturation_fraction == pytest.approx(0.5, abs=1e-3)
    assert p.as_dict()["limit_pos"] is None and p.as_dict()["limit_neg"] == 0.0


def test_unlisted_jump_is_found():
    step = _fake("step_like", lambda x: (x >= 0.5) * 1.0, lambda x: np.zeros_like(x))
    p = compute_properties(step)
    assert len(p.undeclared_jumps) == 1 and p.undeclared_jumps[0] == pytest.approx(0.5, abs=1e-12)
    assert p.smoothness == "discontinuous"


def test_listed_jump_and_downward_jump():
    up = _fake("up", lambda x: (x >= 0.0) * 1.0, lambda x: np.zeros_like(x), kinks=(Kink(0.0, "jump"),))
    p = compute_properties(up)
    assert p.undeclared_jumps == () and p.smoothness == "discontinuous" and p.monotonic == "increasing"
    assert p.range_text == "{0, 1}"  # the image of a step is its two values, not the interval
    # torch Threshold(1, 2): x if x > 1 else 2 — jumps down at 1, so not monotonic; inf 1 not attained
    down = _fake("down", lambda x: np.where(x > 1.0, x, 2.0), lambda x: (x > 1.0) * 1.0, kinks=(Kink(1.0, "jump"),))
    q = compute_properties(down)
    assert q.monotonic == "no" and q.smoothness == "discontinuous"
    assert q.range_low == pytest.approx(1.0, abs=1e-15) and not q.low_attained
    assert q.argmin == 1.0


def test_curvature_kink_gives_c1_and_identity():
    # ELU with alpha = 1: f′ continuous at 0 (= 1), f″ jumps from 1 to 0
    elu = _fake(
        "elu_like",
        lambda x: np.where(x > 0, x, np.expm1(np.minimum(x, 0.0))),
        lambda x: np.where(x > 0, 1.0, np.exp(np.minimum(x, 0.0))),
        lambda x: np.where(x > 0, 0.0, np.exp(np.minimum(x, 0.0))),
        kinks=(Kink(0.0, "curvature"),),
    )
    p = compute_properties(elu)
    assert p.smoothness == "C1" and p.identity_near_zero and p.zero_centered
    assert p.monotonic_derivative and p.range_text == "(\u22121, \u221e)"


def test_listed_kink_that_is_smooth_gives_c2():
    p = compute_properties(_fake("cube", lambda x: _clip(x) ** 3, lambda x: 3 * _clip(x) ** 2,
                                 lambda x: 6 * _clip(x), kinks=(Kink(0.0, "curvature"),)))
    assert p.smoothness == "C2" and p.kinks[0].continuity == "smooth"
    assert p.monotonic == "increasing"  # non-strict: f′(0) = 0


def test_interior_maximum_and_decreasing():
    gauss = _fake(
        "gauss",
        lambda x: np.exp(-_clip(x) ** 2),
        lambda x: -2 * _clip(x) * np.exp(-_clip(x) ** 2),
        lambda x: (4 * _clip(x) ** 2 - 2) * np.exp(-_clip(x) ** 2),
    )
    p = compute_properties(gauss)
    assert (p.maximum, p.argmax) == (1.0, 0.0) and p.minimum is None
    assert p.range_text == "(0, 1]" and p.bounded and p.monotonic == "no"
    sigmoid = actplot.get("sigmoid")
    mirrored = _fake("mirror", lambda x: sigmoid(-x), lambda x: -sigmoid.derivative(-x))
    assert compute_properties(mirrored).monotonic == "decreasing"


def test_no_limit_but_bounded():
    def periodic(fn):  # nan at ±inf (no limit) without an 'invalid value' warning
        return lambda x: np.where(np.isfinite(x), fn(np.where(np.isfinite(x), x, 0.0)), np.nan)

    sine = _fake("sine", periodic(np.sin), periodic(np.cos), periodic(lambda x: -np.sin(x)))
    p = compute_properties(sine)
    assert math.isnan(p.limit_neg) and math.isnan(p.limit_pos)
    assert p.bounded and p.monotonic == "no" and p.identity_near_zero
    assert p.as_dict()["limit_pos"] is None


def test_sigmoid_values():
    p = actplot.get("sigmoid").properties()
    assert (p.f0, p.df0, p.limit_neg, p.limit_pos) == (0.5, 0.25, 0.0, 1.0)
    assert p.range_text == "(0, 1)"
    # |σ′| < 0.1 outside ±ln((1 + √0.6)/(1 − √0.6)) = ±2.0634…
    edge = math.log((1 + math.sqrt(0.6)) / (1 - math.sqrt(0.6)))
    assert p.saturation_fraction == pytest.approx((6 - edge) / 6, abs=1e-3)
    wide = actplot.get("sigmoid").properties(window=(-1.0, 1.0), saturation=0.3)
    assert wide.window == (-1.0, 1.0) and wide.saturation_fraction == 1.0


@pytest.mark.parametrize("window", [(1.0, -1.0), (0.0, 0.0), (-math.inf, 1.0), (0.0, math.nan), ("a", 1)])
def test_bad_window(window):
    with pytest.raises(InputError):
        compute_properties(actplot.get("tanh"), window=window)


@pytest.mark.parametrize("saturation", [0.0, -1.0, math.nan, math.inf])
def test_bad_saturation(saturation):
    with pytest.raises(InputError):
        compute_properties(actplot.get("tanh"), saturation=saturation)


@pytest.mark.parametrize(
    "name, window, low, argmin",
    [
        ("gelu", (-1e9, 1e9), -0.16997120747990366, -0.7517915246935644),
        ("silu", (-1e12, 1e12), -0.2784645427610738, -1.2784645427610738),
        ("hard_swish", (-1e4, 1e4), -0.375, -1.5),
        ("sinc", (-1e4, 1e4), -0.21723362821122166, -4.493409457909064),
    ],
)
def test_wide_windows_keep_the_features_near_zero(name, window, low, argmin):
    """An even grid on ±1e9 steps over SiLU's dip; the fixed fine grid near 0 must still find it."""
    p = actplot.get(name).properties(window=window)
    assert p.monotonic == "no"
    assert p.range_low == pytest.approx(low, rel=1e-12)
    assert p.minimum == pytest.approx(low, rel=1e-12) and abs(p.argmin - argmin) < 1e-6


@pytest.mark.parametrize("name, window, low", [("silu", (0.0, 6.0), -0.2784645427610738),
                                               ("sinc", (-1.0, 1.0), -0.21723362821122166)])
def test_range_over_the_line_is_exact_when_the_extremum_lies_outside_the_window(name, window, low):
    p = actplot.get(name).properties(window=window)
    assert p.range_low == pytest.approx(low, rel=1e-12)
    assert p.minimum is None  # the window itself has no interior minimum


@by_spec
def test_window_range_matches_the_full_computation(spec: ActivationSpec):
    """window_range (the terminal summary's quick path) finds the same extremes on the window as
    compute_properties, to the last bit."""
    from actplot.properties import window_range

    props = computed(spec.name)
    low, high = window_range(actplot.get(spec.name), (-6.0, 6.0))
    assert (low, high) == (props.window_min, props.window_max)


@pytest.mark.parametrize(
    ("spec_text", "image"),
    [
        # x if x > θ else v: the constant v, then the open ray above θ (v inside it: one interval)
        ("threshold", "{0} \u222a (1, \u221e)"),
        ("threshold:threshold=1,value=-3", "{\u22123} \u222a (1, \u221e)"),
        ("threshold:threshold=1,value=2", "(1, \u221e)"),
        ("threshold:threshold=1,value=1", "[1, \u221e)"),
        ("thresholded_relu", "{0} \u222a (1, \u221e)"),
        # x if |x| > λ else 0
        ("hardshrink", "(\u2212\u221e, \u22120.5) \u222a {0} \u222a (0.5, \u221e)"),
        ("hardshrink:lambd=2", "(\u2212\u221e, \u22122) \u222a {0} \u222a (2, \u221e)"),
        ("binary_step", "{0, 1}"),
        # continuous functions keep their one interval
        ("relu", "[0, \u221e)"),
        ("softshrink", "\u211d"),
        ("sigmoid", "(0, 1)"),
    ],
)
def test_image_of_discontinuous_functions(spec_text: str, image: str):
    from actplot import registry

    p = registry.get(spec_text).properties()
    assert p.range_text == image
    assert (p.image.low, p.image.high) == (p.range_low, p.range_high)
    assert all(a.high <= b.low for a, b in zip(p.image.pieces, p.image.pieces[1:]))
