"""Parameter domains are exactly where every command works.

Every numeric parameter of every activation is swept over magnitudes from the smallest subnormal
(5e-324) to the largest float (1.8e308), both signs. A value is either refused with a
ParameterError, or it works everywhere: f, f′, f″ at ordinary, tiny, huge and infinite x give no
RuntimeWarning (pytest turns warnings into errors) and no nan where the independent 60-digit
mpmath reference has a value; ``properties()`` raises nothing but ActplotErrors; and the CLI
commands (terminal plot, table, info, compare --diff -d) exit 0.

The fast tier checks the edges of every domain (the largest and the smallest accepted magnitude,
and just beyond them); ``-m slow`` runs the full 71-magnitude sweep through the API and the CLI.
"""

from __future__ import annotations

import contextlib
import math
import warnings

import mpmath
import numpy as np
import pytest
from typer.testing import CliRunner

import actplot
from actplot import registry
from actplot.cli import app
from actplot.errors import ActplotError, ParameterError
from actplot.spec import MAX_MAGNITUDE, MIN_MAGNITUDE, Param
from tests.references.all import REFERENCES

X = np.array([-math.inf, -1e300, -1e10, -50.0, -3.0, -1.0, -0.5, -1e-300, -0.0, 0.0, 1e-300, 0.5, 1.0, 3.0, 50.0, 1e10, 1e300, math.inf])
ENV = {"COLUMNS": "80", "NO_COLOR": "1", "TERM": "dumb"}

NUMERIC = [
    (spec.name, p.name)
    for spec in registry.SPECS
    for p in spec.params
    if not p.choices
]
MAGNITUDES = sorted({5e-324, 1.7976931348623157e308, *(10.0**k for k in range(-320, 309, 9))})
"""71 magnitudes: 5e-324, 1e-320, 1e-311, …, 1e307, 1.8e308."""


def _value(param: Param, number: float) -> float | tuple[float, ...]:
    return (number,) * max(param.min_length, 2) if param.vector else number


def _get(name: str, param: Param, number: float) -> actplot.Activation | None:
    """The activation with this value, or None if the domain refuses it (with a ParameterError)."""
    values = {param.name: _value(param, number)}
    if name == "maxout" and param.name == "slopes":  # one intercept per slope
        values["intercepts"] = (0.0,) * len(values[param.name])  # type: ignore[arg-type]
    if name == "maxout" and param.name == "intercepts":
        values["slopes"] = (-1.0, 1.0)
    partners = {("rrelu", "lower"): ("upper", MAX_MAGNITUDE), ("rrelu", "upper"): ("lower", -MAX_MAGNITUDE),
                ("hard_tanh", "min_val"): ("max_val", MAX_MAGNITUDE), ("hard_tanh", "max_val"): ("min_val", -MAX_MAGNITUDE)}
    if (name, param.name) in partners:  # lower <= upper, min_val < max_val: the partner at the far end
        other, far = partners[(name, param.name)]
        values[other] = far
    try:
        return actplot.get(name, **values)
    except ParameterError:
        return None


def _reference_has_value(act: actplot.Activation, x: float, order: int) -> bool:
    """True if the 60-digit reference of f^(order) at x is a number (not nan)."""
    ref = REFERENCES[act.name]
    fn = (ref.f, ref.d1, ref.d2)[order]
    if math.isinf(x):
        x = math.copysign(1e300, x)  # a limit exists only where f has values far out
    params = {k: (tuple(mpmath.mpf(v) for v in val) if isinstance(val, tuple) else (mpmath.mpf(val) if isinstance(val, float) else val)) for k, val in act.params.items()}
    try:
        value = fn(mpmath.mpf(x), **params)
    except (ZeroDivisionError, ValueError, OverflowError):
        return False
    return not mpmath.isnan(value)


def check_works(act: actplot.Activation) -> None:
    """f, f′, f″ without warnings and without nan where the reference has a value; properties."""
    for order in (0, 1, 2):
        y = np.asarray(act(X) if order == 0 else act.derivative(X, order=order))
        for x_value in X[np.isnan(y)]:
            assert not _reference_has_value(act, float(x_value), order), (
                f"{act.spec_string}: f^({order})({x_value}) is nan but the reference has a value"
            )
    with contextlib.suppress(ActplotError):  # a refusal such as "window too narrow" is fine
        act.properties()


def _edges(param: Param) -> tuple[list[float], list[float]]:
    """(accepted values at the domain's edges, refused values just beyond them)."""
    lo, hi, tiny = param.effective_low, param.effective_high, param.smallest_magnitude
    accepted = [v for v in (lo, hi) if math.isfinite(v) and v != 0]
    refused = [5e-324] if tiny and lo <= 5e-324 <= hi else []
    if tiny:
        for sign in (1.0, -1.0):
            if lo <= sign * tiny <= hi:
                accepted.append(sign * tiny)
                refused.append(sign * tiny / 2)
    if hi == MAX_MAGNITUDE:
        refused.append(hi * 2)
    if lo == -MAX_MAGNITUDE:
        refused.append(lo * 2)
    return accepted, refused


@pytest.mark.parametrize(("name", "param_name"), NUMERIC)
def test_domain_edges_work_and_beyond_is_refused(name, param_name):
    param = registry.lookup(name).param(param_name)
    accepted, refused = _edges(param)
    spec = registry.lookup(name)
    for number in accepted:
        act = _get(name, param, number)
        if act is None:  # only a rule between parameters (lower <= upper) may refuse an edge value
            assert spec.check is not None, f"{name}:{param_name}={number!r} is inside the stated domain but refused"
            continue
        check_works(act)
    for number in refused:
        with pytest.raises(ParameterError):
            actplot.get(name, **{param_name: _value(param, number)})


def test_default_magnitude_limits_are_stated():
    assert MIN_MAGNITUDE == 1e-300 and MAX_MAGNITUDE == 1e300
    relu_slope = registry.lookup("relu").param("negative_slope")
    assert "1e+300" in relu_slope.domain_text() and "1e-300" in relu_slope.domain_text()
    assert "1e-100" in registry.lookup("soft_exponential").param("alpha").domain_text()


def test_info_and_list_show_the_domain():
    runner = CliRunner()
    result = runner.invoke(app, ["list", "--format", "json"], env=ENV)
    assert result.exit_code == 0
    assert "negative_slope = 0 or 1e-300 <= negative_slope <= 1e+300" in result.stdout
    result = runner.invoke(app, ["info", "relu", "--format", "json"], env=ENV)
    assert "1e+300" in result.stdout


@pytest.mark.parametrize(
    ("name", "values"),
    [
        ("relu", {"negative_slope": 10**400}),
        ("relu", {"negative_slope": -(10**5000)}),
        ("softmax", {"others": "12"}),
        ("softmax", {"others": b"12"}),
        ("softmax", {"others": {1.0, 2.0}}),
        ("softmax", {"others": False}),
        ("softmax", {"others": (True, 1.0)}),
        ("softmax", {"others": [10**400]}),
        ("softmax", {"others": (0.0,) * 1001}),
        ("soft_exponential", {"alpha": 1e-300}),
        ("hard_sigmoid", {"half_width": 1e-310}),
        ("relu", {"negative_slope": 1.7976931348623157e308}),
    ],
)
def test_bad_parameter_values_are_parameter_errors(name, values):
    with pytest.raises(ParameterError):
        actplot.get(name, **values)


def test_sequences_of_numbers_are_accepted():
    assert actplot.get("softmax", others=[1, 2.5]).params["others"] == (1.0, 2.5)
    assert actplot.get("softmax", others=np.array([1.0, 2.0])).params["others"] == (1.0, 2.0)


def test_float128_beyond_float64_does_not_warn():
    if np.finfo(np.longdouble).max <= np.finfo(np.float64).max:
        pytest.skip("this platform's long double is float64")
    x = np.array([np.longdouble("1e400"), np.longdouble("-1e400"), 1], dtype=np.longdouble)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert actplot.get("relu")(x).tolist() == [math.inf, 0.0, 1.0]
        assert actplot.get("sigmoid").derivative(x).tolist()[:2] == [0.0, 0.0]


def _cli_commands(spec_text: str, name: str) -> list[list[str]]:
    return [[spec_text, "-dd"], ["table", spec_text, "-dd"], ["info", spec_text], ["compare", name, spec_text, "--diff", "-d"]]


def _run_cli(commands: list[list[str]]) -> None:
    runner = CliRunner()
    for args in commands:
        result = runner.invoke(app, args, env=ENV)
        text = result.stdout + result.stderr
        assert result.exit_code == 0, f"actplot {' '.join(args)} -> {result.exit_code}: {text.strip()[-300:]}"
        assert "Warning" not in text and "Traceback" not in text


@pytest.mark.parametrize(("name", "param_name"), [n for n in NUMERIC if not registry.lookup(n[0]).param(n[1]).vector])
def test_cli_commands_work_at_the_domain_edges(name, param_name):
    """The largest and the smallest accepted magnitude of every scalar parameter, through the CLI."""
    param = registry.lookup(name).param(param_name)
    accepted, _ = _edges(param)
    extremes = sorted(accepted, key=abs)
    for number in {extremes[0], extremes[-1]} if extremes else set():
        act = _get(name, param, number)
        if act is None:  # refused by a rule between parameters (min_val < max_val), as above
            assert registry.lookup(name).check is not None
            continue
        _run_cli(_cli_commands(act.spec_string, name))


@pytest.mark.slow
@pytest.mark.parametrize(("name", "param_name"), NUMERIC)
def test_full_range_sweep(name, param_name, tmp_path, monkeypatch):
    """Every magnitude 5e-324 … 1.8e308, both signs: refused, or working in the API and the CLI."""
    monkeypatch.chdir(tmp_path)
    param = registry.lookup(name).param(param_name)
    for magnitude in MAGNITUDES:
        for number in (magnitude, -magnitude):
            act = _get(name, param, number)
            if act is None:
                continue
            check_works(act)
            if not param.vector:
                _run_cli([*_cli_commands(act.spec_string, name), [act.spec_string, "-o", "sweep.png", "-n", "50"]])
