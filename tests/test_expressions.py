"""Expression SPECs: exact derivatives (against mpmath and against the catalogue), kinks, parameters,
flavours, names and formulas. Safety is in test_expressions_safety.py."""

from __future__ import annotations

import functools
import math
import os
import pickle
import re
import subprocess
import sys

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import actplot
from actplot import registry
from actplot.errors import ActplotError, ParameterError
from actplot.expressions.build import ExpressionActivation
from actplot.spec import ALL_FLAVORS
from tests.references import GRID64, SPECIALS, near_roots, split_mp, truth, ulp_errors
from tests.references.all import REFERENCES

EPS = float(np.finfo(np.float64).eps)
TINY = float(np.finfo(np.float64).tiny)
X = np.concatenate([GRID64, SPECIALS])
ELEMENTWISE = [s for s in registry.all_specs() if s.name in REFERENCES and s.band is None and s.vector is None]
"""Catalogue functions an expression may call: element-wise (not softmax) and deterministic (not rrelu)."""


@functools.cache
def _truth(name: str, params: tuple, order: int) -> tuple[np.ndarray, np.ndarray]:
    ref = REFERENCES[name]
    fn = (ref.f, ref.d1, ref.d2)[order]
    return split_mp([truth(fn, float(v), dict(params), ref, order) for v in GRID64])


# --- accuracy against independent mpmath references -------------------------------------------------

# Bounds measured on the scoring grid (tests/references): in ULP where the true value is a normal
# float more than 0.25 from a root; within 0.25 of a root, absolute error in eps; for subnormal
# truths (x < -708) an absolute error (the product of a subnormal sigmoid and x).
# With b·x inside, the rounding of b·x (half an ULP of |b·x|) is amplified by the exponential tail:
# a relative error of up to |b·x|·eps/2 that no evaluation order avoids, allowed as ``amplified·|x|`` ULP.
ACCURACY = [
    # expression, reference, params, ULP bound for f, f', f'' (measured 2.2, 6.9, 13.2), amplified
    ("x*sigmoid(x)", "silu", (("beta", 1.0),), (4.0, 8.0, 16.0), 0.0),
    ("x*sigmoid(b*x); b=1.5", "silu", (("beta", 1.5),), (4.0, 8.0, 16.0), 1.5),
    # measured 2.0, 7.2, 34.5 (f'' at large x, where it is a difference of tiny terms)
    ("x*tanh(softplus(x))", "mish", (), (4.0, 8.0, 48.0), 0.0),
]


@pytest.mark.parametrize("expression, name, params, bounds, amplified", ACCURACY, ids=[a[0] for a in ACCURACY])
@pytest.mark.parametrize("order", [0, 1, 2], ids=["f", "d1", "d2"])
def test_expression_matches_mpmath_reference(expression, name, params, bounds, amplified, order):
    act = actplot.get(expression)
    x = GRID64
    hi, lo = _truth(name, params, order)
    computed = act(x) if order == 0 else act.derivative(x, order=order)
    err = ulp_errors(computed, hi, lo, np.float64)
    roots = near_roots(x, hi)
    abs_err = np.abs((computed - hi) - lo)
    normal = np.abs(hi) >= TINY
    bad = normal & ~roots & (err > bounds[order] + amplified * np.minimum(np.abs(x), 1e300))
    assert not bad.any(), f"{expression} order {order}: {err[bad].max():.3g} ULP at x={x[bad][np.argmax(err[bad])]!r}"
    assert (abs_err[roots & normal] <= 1.0 * EPS).all()
    subnormal = ~normal & np.isfinite(hi)
    assert (abs_err[subnormal] <= 1e-320).all()


# --- every catalogue function written as itself ----------------------------------------------------


def _same(a: np.ndarray, b: np.ndarray) -> bool:
    return bool(np.array_equal(a, b, equal_nan=True))


@pytest.mark.parametrize("spec", ELEMENTWISE, ids=lambda s: s.name)
def test_catalogue_function_as_expression_is_identical(spec):
    """``name(x)`` evaluates through the jets to the catalogue's own f, f′, f″, bit for bit, and has
    its kinks; so does every flavour (``name(x)@flavour``) and every example parameter set."""
    cases: list[tuple[str, dict, str | None]] = [(f"{spec.name}(x)", {}, None)]
    cases += [(f"{spec.name}(x)@{fl}", {}, fl) for fl in spec.frameworks]
    for example in spec.examples:
        args = ", ".join(f"{k}={_literal(v)}" for k, v in example.items())
        cases.append((f"{spec.name}(x, {args})", dict(example), None))
    for text, params, flavor in cases:
        expr = actplot.get(text)
        ref = actplot.get(spec.name, flavor=flavor, **params)
        assert _same(expr(X), ref(X)), text
        assert _same(expr.derivative(X), ref.derivative(X)), text
        assert _same(expr.derivative(X, order=2), ref.derivative(X, order=2)), text
        kinks = [(k.x, k.kind) for k in ref.kinks if abs(k.x) <= 1e4]
        assert [(k.x, k.kind) for k in expr.kinks] == kinks, text
        for kink in ref.kinks:
            at = np.array([kink.x])
            assert _same(expr.derivative(at), ref.derivative(at)), (text, kink)


def _literal(value) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, tuple):
        return "(" + ", ".join(repr(float(v)) for v in value) + ",)"
    return repr(float(value))


# --- kinks and the flavour's conventions -------------------------------------------------------------

KINKS = [
    # text, flavour, x, kind, f'(x) (or f'' for curvature)
    ("max(x, 0.1*x)", None, 0.0, "kink", 0.55),
    ("max(x, 0.1*x)", "jax", 0.0, "kink", 0.55),
    ("max(x, 0.1*x)", "keras2", 0.0, "kink", 1.0),
    ("min(x, 0.1*x)", "keras3", 0.0, "kink", 1.0),
    ("abs(x)", "torch", 0.0, "kink", 0.0),
    ("abs(x)", "jax", 0.0, "kink", 1.0),
    ("abs(x - 0.5)", None, 0.5, "kink", 0.0),
    ("max(x, x/3 + 1)", None, 1.5, "kink", 2.0 / 3.0),
    ("relu(x - 1)", None, 1.0, "kink", 0.0),
    ("relu(x)**2", None, 0.0, "curvature", 0.0),
    ("where(x > 0.5, 1, 0)", None, 0.5, "jump", 0.0),
    ("x*(x >= -2)", None, -2.0, "jump", 1.0),
    ("hard_tanh(2*x)@jax", None, -0.5, "kink", 2.0),
    ("hard_tanh(2*x)", None, 0.5, "kink", 0.0),
]


@pytest.mark.parametrize("text, flavor, x0, kind, slope", KINKS, ids=[f"{k[0]}@{k[1]}:{k[2]}" for k in KINKS])
def test_kinks_found_exactly_with_the_flavours_convention(text, flavor, x0, kind, slope):
    act = actplot.get(text, flavor=flavor)
    found = {k.x: k for k in act.kinks}
    assert x0 in found, f"{text}: kinks {act.kinks}"
    kink = found[x0]
    assert kink.kind == kind
    order = 2 if kind == "curvature" else 1
    got = float(act.derivative(x0, order=order))
    assert math.isclose(got, slope, abs_tol=1e-15) if kind != "curvature" else got in (0.0, 2.0)
    # the side recorded in the Kink says which one-sided limit that value is (so plots agree)
    left = float(act.derivative(math.nextafter(x0, -math.inf), order=order))
    right = float(act.derivative(math.nextafter(x0, math.inf), order=order))
    assert math.isclose(got, _by_rule(kink.rule_for(act.effective_flavor, order), left, right), rel_tol=1e-12, abs_tol=1e-12)


def _by_rule(rule, left: float, right: float) -> float:
    if isinstance(rule, float):
        return rule
    return left if rule == "left" else right if rule == "right" else 0.5 * (left + right)


@pytest.mark.parametrize("flavor", ALL_FLAVORS)
@pytest.mark.parametrize("text", ["abs(x) + max(x, 0.5*x)", "min(x, 1) + abs(x - 1)", "relu(x)**2 + abs(x)", "leaky_relu(2*x) - abs(x)"])
def test_kink_rules_reproduce_every_flavours_derivative(text, flavor):
    """Sampling and drawing read the convention from the Kink (``rule_for``); it must be the value
    the jets give at the point, for every flavour and variant (explicit numbers where the value is
    neither one-sided limit nor their mean, e.g. abs′(0) + max′ in Keras = 0 + 1)."""
    act = actplot.get(text, flavor=flavor)
    assert act.kinks
    for kink in act.kinks:
        for order in (1, 2):
            got = float(act.derivative(kink.x, order=order))
            left = float(act.derivative(math.nextafter(kink.x, -math.inf), order=order))
            right = float(act.derivative(math.nextafter(kink.x, math.inf), order=order))
            expected = _by_rule(kink.rule_for(flavor, order), left, right)
            assert math.isclose(got, expected, rel_tol=1e-12, abs_tol=1e-12), (kink, order, got, expected)


def test_smooth_expressions_have_no_kinks():
    for text in ("x*sigmoid(x)", "max(x, x)", "exp(-x**2)", "abs(x)**2 + 1", "where(x > 0, x, x)"):
        assert actplot.get(text).kinks == (), text


def test_kinks_are_sampled_and_jumps_broken_like_the_catalogues():
    from actplot import sampling

    act = actplot.get("max(x, 0.3*x + 0.7)")
    assert [k.x for k in act.kinks] == [1.0]
    curve = sampling.sample_curve(act, -2.0, 3.0, points=101)
    assert any(1.0 in piece.x for piece in curve.pieces)  # the kink itself is a sample
    slope = sampling.sample_curve(act, -2.0, 3.0, points=101, order=1)
    assert len(slope.pieces) == 2 and [m.x for m in slope.markers] == [1.0, 1.0]
    step = sampling.sample_curve(actplot.get("where(x > 0.5, 1, 0)"), -1.0, 1.0, points=51)
    assert len(step.pieces) == 2  # broken at the jump, not joined by a vertical line
    # f(0.5) = 0 is attained (closed end on the left piece); 1 is the open right limit
    assert [(m.x, m.y, m.closed) for m in step.markers] == [(0.5, 0.0, True), (0.5, 1.0, False)]


# --- derivatives: the jets agree with the symbolic derivative formula --------------------------------

SYMBOLIC = [
    "exp(-x**2)*sin(3*x)/(1 + x**2)",
    "log1p(x**2)*cos(x) - sqrt(1 + x**2)",
    "x**x",
    "2**x + expm1(x/2)",
    "x/(1 + exp(-x))",
    "log(1 + x**2)**1.5",
]


@pytest.mark.parametrize("text", SYMBOLIC)
def test_jets_agree_with_the_printed_derivative(text):
    """The plain derivative text of a pure-math expression is itself an expression; evaluating it
    gives f′ from a different route (symbolic rules, then jets of the result)."""
    act = actplot.get(text)
    slope = actplot.get(act.spec.derivative_formula_text.replace("·", "*").replace("−", "-").replace("^", "**"))
    x = np.linspace(0.05, 4.0, 80)
    np.testing.assert_allclose(act.derivative(x), slope(x), rtol=1e-12, atol=1e-14)
    np.testing.assert_allclose(act.derivative(x, order=2), slope.derivative(x), rtol=1e-11, atol=1e-13)


def test_derivative_against_mpmath_for_a_pure_math_expression():
    import mpmath

    act = actplot.get("exp(-x**2)*sin(3*x)/(1 + x**2)")
    f = lambda t: mpmath.exp(-(t**2)) * mpmath.sin(3 * t) / (1 + t**2)  # noqa: E731
    for x0 in (-2.5, -0.3, 0.0, 0.7, 1.9):
        mpmath.mp.dps = 40
        d1 = float(mpmath.diff(f, mpmath.mpf(x0), 1))
        d2 = float(mpmath.diff(f, mpmath.mpf(x0), 2))
        assert math.isclose(float(act.derivative(x0)), d1, rel_tol=1e-13, abs_tol=1e-15)
        assert math.isclose(float(act.derivative(x0, order=2)), d2, rel_tol=1e-12, abs_tol=1e-14)


# --- parameters, names, flavours ------------------------------------------------------------------


def test_named_parameters_and_overrides():
    act = actplot.get("x*sigmoid(b*x); b=1.5")
    silu = actplot.get("silu", beta=1.5)
    x = np.linspace(-4, 4, 17)
    np.testing.assert_allclose(act(x), silu(x), rtol=4 * EPS, atol=1e-300)
    assert dict(act.params) == {"b": 1.5}
    two = actplot.get("x*sigmoid(b*x); b=1.5", b=2)
    np.testing.assert_allclose(two(x), actplot.get("silu", beta=2.0)(x), rtol=4 * EPS, atol=1e-300)
    assert two.label == "x*sigmoid(b*x); b=2"
    assert actplot.get(two.spec_string) == two
    with pytest.raises(ParameterError, match="no parameter 'c'"):
        actplot.get("x*sigmoid(b*x); b=1.5", c=1)
    assert float(actplot.get("x*a; a=2*pi")(1.0)) == 2 * math.pi
    assert actplot.get("leaky_relu(x, negative_slope=s); s=0.2")(-1.0) == pytest.approx(-0.2)
    with pytest.raises(ActplotError, match=r"in elu\(\.\.\.\): alpha must satisfy .*got -1"):
        actplot.get("elu(x, alpha=a); a=-1")
    with pytest.raises(ActplotError, match="alpha must satisfy"):
        actplot.get("elu(x, alpha=a); a=1", a=-1)


def test_catalogue_keywords_aliases_and_choices():
    x = np.linspace(-3, 3, 13)
    assert _same(actplot.get("leaky_relu(x, negative_slope=0.2)")(x), actplot.get("leaky_relu", negative_slope=0.2)(x))
    assert _same(actplot.get("gelu(x, approximate=tanh)")(x), actplot.get("gelu:approximate=tanh")(x))
    with pytest.raises(ActplotError, match="one of none, tanh"):
        actplot.get("gelu(x, approximate=fast)")
    with pytest.raises(ActplotError, match="by keyword"):
        actplot.get("leaky_relu(x, 0.2)")


def test_flavour_applies_to_catalogue_calls_and_conventions():
    keras = actplot.get("x*hard_sigmoid(x)@keras2")
    assert keras.flavor == "keras2" and keras.label == "x*hard_sigmoid(x)@keras2"
    hs = actplot.get("hard_sigmoid@keras2")
    assert float(keras(1.0)) == float(hs(1.0))
    # --flavor (default_flavor) applies to expressions too; an explicit flavour wins
    assert actplot.get("abs(x)", default_flavor="jax").derivative(0.0) == 1.0
    assert actplot.get("abs(x)@torch", default_flavor="jax").derivative(0.0) == 0.0
    with pytest.raises(ActplotError, match="unknown flavour"):
        actplot.get("abs(x)@tf")


def test_identity_pickle_and_equality():
    act = actplot.get("x*tanh(softplus(x))@jax")
    assert isinstance(act, ExpressionActivation)
    assert act.name == "x*tanh(softplus(x))" and act.label == "x*tanh(softplus(x))@jax"
    assert pickle.loads(pickle.dumps(act)) == act
    assert actplot.get("x * tanh( softplus(x) )@jax") == act  # canonical text
    assert repr(act) == "actplot.get('x*tanh(softplus(x))@jax')"
    assert act.spec.family == "expression"


def test_names_that_missed_the_catalogue_are_tried_as_expressions():
    assert float(actplot.get("-x")(2.0)) == -2.0
    assert float(actplot.get("x-1")(2.0)) == 1.0
    assert float(actplot.get("x")(3.0)) == 3.0
    assert actplot.get("x-1@keras3:jax").label == "x - 1@keras3:jax"  # a flavour variant holds ':'
    with pytest.raises(actplot.UnknownActivationError):
        actplot.get("sigmod:x=1")
    with pytest.raises(actplot.UnknownActivationError, match="silu"):
        actplot.get("slu")


def test_inputs_keep_shape_and_dtype():
    act = actplot.get("x*sigmoid(x)")
    x32 = np.linspace(-3, 3, 12, dtype=np.float32).reshape(3, 4)
    assert act(x32).dtype == np.float32 and act(x32).shape == (3, 4)
    assert act.derivative(x32, order=2).shape == (3, 4)
    assert np.isnan(act.derivative(np.nan))


# --- formulas and info ------------------------------------------------------------------------------

FORMULAS = [
    "x*tanh(softplus(x))",
    "leaky_relu(x, negative_slope=0.2)**2/sqrt(1 + x**2)",
    "where(0 < x < 1, exp(-x), log1p(abs(x)))",
    "max(x, 1e-5*x, -pi)",
    "gelu(x, approximate=tanh) + x**-1.5",
    "x*sigmoid(beta*x); beta=1.702",
    "maxout(x, slopes=(1, 2), intercepts=(0, 1))",
    "(x != 0)*sin(x)/x + (x == 0)",
]


@pytest.mark.parametrize("text", FORMULAS)
def test_formulas_render_as_mathtext(text):
    from matplotlib.mathtext import MathTextParser

    act = actplot.get(text)
    parser = MathTextParser("path")
    for formula in (act.formula, act.derivative_formula):
        parser.parse(f"${formula}$")
    assert act.formula_text and act.derivative_formula_text


def test_info_data_for_an_expression():
    from actplot.views.info import InfoModel

    act = actplot.get("max(x, 0.1*x)@jax")
    data = InfoModel.build(act, (-6.0, 6.0)).as_json()
    assert data["name"] == "max(x, 0.1*x)" and data["label"] == "max(x, 0.1*x)@jax"
    assert data["formula_mathtext"] == r"\max\left(x,\ 0.1\,x\right)"
    assert data["derivative_formula"] == "where(x > 0.1·x, 1, where(x < 0.1·x, 0.1, 0.55))"  # JAX shares a tie
    assert [k["x"] for k in data["kinks"]] == [0.0]
    assert data["properties"]["smoothness"] == "C0"
    assert data["properties"]["monotonic"] == "increasing"
    beta = InfoModel.build(actplot.get("x*sigmoid(beta*x); beta=1.5"), (-6.0, 6.0)).as_json()
    assert beta["formula_values"] == "β = beta = 1.5" or beta["formula_values"] == "β = 1.5"


def test_readme_expression_example_runs():
    """The README's expression block runs as written and shows what it says."""
    import pathlib
    import re

    readme = (pathlib.Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## Your own activations") :]
    code = re.search(r"```python\n(.*?)```", section, re.S).group(1)
    namespace: dict[str, object] = {}
    exec(compile(code, "README.md", "exec"), namespace)
    assert namespace["act"].label == "x*sigmoid(b*x); b=1.5@jax"


def test_info_shows_each_flavours_convention_at_a_kink():
    from actplot.views.info import InfoModel

    data = InfoModel.build(actplot.get("abs(x) + x*sigmoid(b*x); b=1.5"), (-6.0, 6.0)).as_json()
    (kink,) = data["kinks"]
    slopes = {fl: conv["d1"] for fl, conv in kink["by_flavor"].items()}
    assert slopes == {
        "torch": 0.5,
        "torch:2.6": 0.5,
        "keras3": 0.5,
        "keras3:torch": 0.5,
        "keras2": 0.5,
        "jax": 1.5,
        "keras3:jax": 1.5,
    }
    assert set(data["frameworks"]) == set(actplot.FLAVORS)
    assert data["name"] == "abs(x) + x*sigmoid(b*x); b=1.5"


# --- properties of random valid expressions ------------------------------------------------------


_LEAVES = st.sampled_from(["x", "0.5", "2", "1.5", "pi", "x"])


def _tree(functions: list[str]) -> st.SearchStrategy[str]:
    def extend(inner: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
        unary = st.tuples(st.sampled_from(functions), inner).map(lambda t: f"{t[0]}({t[1]})")
        binary = st.tuples(inner, st.sampled_from(["+", "-", "*"]), inner).map(lambda t: f"({t[0]} {t[1]} {t[2]})")
        quotient = inner.map(lambda e: f"({e})/(1 + ({e})**2)")
        return unary | binary | quotient

    return st.recursive(_LEAVES, extend, max_leaves=6)


def _plain(text: str) -> str:
    for pretty, plain in (("·", "*"), ("−", "-"), ("^", "**"), ("≥", ">="), ("≤", "<="), ("≠", "!="), ("π", "pi")):
        text = text.replace(pretty, plain)
    return text


@settings(derandomize=True, max_examples=60, deadline=None)
@given(_tree(["sin", "cos", "exp", "expm1", "log1p"]))
def test_random_expressions_jets_match_their_symbolic_derivative(text):
    act = actplot.get(text)
    slope = actplot.get(_plain(act.spec.derivative_formula_text))
    x = np.linspace(-1.3, 1.7, 13)
    with np.errstate(all="ignore"):
        d1, s1 = act.derivative(x), slope(x)
        d2, s2 = act.derivative(x, order=2), slope.derivative(x)
    ok = np.isfinite(d1) & np.isfinite(s1) & (np.abs(s1) < 1e12)
    np.testing.assert_allclose(d1[ok], s1[ok], rtol=1e-9, atol=1e-9)
    ok = np.isfinite(d2) & np.isfinite(s2) & (np.abs(s2) < 1e12)
    np.testing.assert_allclose(d2[ok], s2[ok], rtol=1e-8, atol=1e-8)


@settings(derandomize=True, max_examples=40, deadline=None)
@given(_tree(["sin", "sqrt", "abs", "silu", "leaky_relu", "tanh", "erf", "softplus"]))
def test_random_expressions_have_renderable_formulas(text):
    from matplotlib.mathtext import MathTextParser

    act = actplot.get(text)
    parser = MathTextParser("path")
    parser.parse(f"${act.formula}$")
    parser.parse(f"${act.derivative_formula}$")
    assert actplot.get(act.spec_string) == act  # the canonical text parses back to the same function


@pytest.mark.parametrize(
    "args",
    [
        ["x*tanh(softplus(x)) + abs(x)", "-dd"],
        ["compare", "silu", "x*sigmoid(1.5*x)", "--diff"],
        ["table", "max(x, 0.1*x)", "--at=-1,0,1"],
        ["info", "x*sigmoid(b*x); b=1.5"],
    ],
)
def test_terminal_commands_on_expressions_import_no_matplotlib(args):
    probe = (
        "import sys\n"
        f"sys.argv = ['actplot', *{args!r}]\n"
        "from actplot.cli import main\n"
        "try:\n    main()\nexcept SystemExit as exc:\n    assert not exc.code, exc.code\n"
        "heavy = [m for m in ('matplotlib', 'scipy') if m in sys.modules]\n"
        "sys.stderr.write('HEAVY=' + ','.join(heavy))\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=120, env={**os.environ, "COLUMNS": "80"})
    assert done.returncode == 0, done.stderr
    assert done.stderr.strip().endswith("HEAVY="), done.stderr


# --- what info prints agrees with the values -----------------------------------------------------


@pytest.mark.parametrize("flavor", ALL_FLAVORS)
@pytest.mark.parametrize("text", ["max(x, 0)", "min(x, 0.1*x)", "abs(x)", "max(x, 0.5*x) + abs(x - 1)", "max(x, -x, 2)"])
def test_printed_derivative_is_exact_at_ties_and_abs_zero(text, flavor):
    """The f′ formula ``info`` prints, read back as an expression, gives the same values as the
    jets everywhere, including at ties of max/min and at abs(0), in each flavour's convention."""
    act = actplot.get(f"{text}@{flavor}")
    printed = act.spec.derivative_formula_text.removeprefix("f′(x) = ")
    readable = printed.replace("·", "*").replace("−", "-").replace("≥", ">=").replace("≤", "<=")
    readable = re.sub(r"sign\(([^()]*)\)", r"where(\1 > 0, 1, where(\1 < 0, -1, 0))", readable)  # sign(0) = 0
    slope = actplot.get(readable)
    x = np.array([-3.0, -2.0, -1.0, -0.5, 0.0, 0.5, 1.0, 2.0, 3.0])
    assert _same(slope(x), act.derivative(x)), (printed, slope(x), act.derivative(x))


LIMITS = [
    # expression, (f(−∞), f(+∞)), (f′(−∞), f′(+∞)): read from the tails where ±inf itself gives nan or a tie
    ("max(x, 0.1*x)", (-math.inf, math.inf), (0.1, 1.0)),
    ("min(x, 0.1*x, 2)", (-math.inf, 2.0), (1.0, 0.0)),
    ("x*sigmoid(x)", (0.0, math.inf), (0.0, 1.0)),
    ("x*exp(-x*x)", (0.0, 0.0), (0.0, 0.0)),
    ("log(1 + abs(x))", (math.inf, math.inf), (0.0, 0.0)),
    ("sin(x)", (math.nan, math.nan), (math.nan, math.nan)),
    ("x*sin(x)", (math.nan, math.nan), (math.nan, math.nan)),
]


@pytest.mark.parametrize("text, f_limits, slope_limits", LIMITS, ids=[entry[0] for entry in LIMITS])
def test_limits_at_infinity_of_expressions(text, f_limits, slope_limits):
    props = actplot.get(text).properties()
    got = (props.limit_neg, props.limit_pos), (props.slope_limit_neg, props.slope_limit_pos)
    np.testing.assert_equal(got, (f_limits, slope_limits))
