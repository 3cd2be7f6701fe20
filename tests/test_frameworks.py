"""Flavours against what the real frameworks computed (fixtures recorded by tools/record_frameworks.py).

No framework is needed: the fixtures hold PyTorch's, JAX's, Keras 3's (per backend) and tf-keras'
own f, f′ and f″ (their autograd) at every kink, jump and switch point, on a grid and at extreme
values. Every recorded number must agree with the matching flavour, or be a documented framework
defect (actplot.frameworks.defects) within its measured size. The tests marked ``frameworks`` run
``actplot verify`` against the installed frameworks and are skipped where they are absent.
"""

from __future__ import annotations

import importlib.util
import json
import math
import subprocess
import sys
import types
from pathlib import Path
from typing import Any

import numpy as np
import pytest

import actplot
from actplot import registry
from actplot.errors import FlavorError, SpecSyntaxError
from actplot.frameworks import bindings as framework_bindings
from actplot.frameworks import defects as framework_defects
from actplot.frameworks import verify
from actplot.frameworks.points import points_for
from actplot.spec import ALL_FLAVORS, FLAVOR_VERSIONS, base_flavor

FIXTURES = Path(__file__).parent / "fixtures" / "frameworks"
RECORDINGS = {p.stem.replace("-", ":"): json.loads(p.read_text(encoding="utf-8")) for p in sorted(FIXTURES.glob("*.json"))}
ENTRIES = [
    pytest.param(flavor, entry, id=f"{flavor}-{entry['name']}-{entry['call']}-{i}")
    for flavor, recording in RECORDINGS.items()
    for i, entry in enumerate(recording["functions"])
]


def test_every_framework_and_backend_is_recorded():
    assert set(RECORDINGS) == {"torch", "jax", "keras3", "keras3:jax", "keras3:torch", "keras2"}
    for flavor, recording in RECORDINGS.items():
        assert recording["flavor"] == flavor
        assert recording["dtype"] == "float64"
        assert recording["versions"] and recording["functions"]


@pytest.mark.parametrize("flavor", sorted(RECORDINGS))
def test_flavour_versions_name_the_recorded_releases(flavor):
    """actplot info and the docs name the versions the fixtures hold; re-recording forces an update."""
    versions = RECORDINGS[flavor]["versions"]
    text = FLAVOR_VERSIONS[flavor]
    for package in ("torch", "jax", "keras", "tensorflow", "tf_keras"):
        if package in versions:
            assert versions[package].split("+")[0] in text, (flavor, package, versions[package], text)


@pytest.mark.parametrize("flavor, entry", ENTRIES)
def test_flavour_agrees_with_the_recorded_framework(flavor, entry):
    """f, f′, f″, kinks and defaults at every recorded point: agree, or a documented defect."""
    rows = verify.compare_entry(entry, flavor)
    differ = [r for r in rows if r.status == "differ"]
    assert not differ, "; ".join(
        f"{r.function}({r.params}) {r.what} at x={r.x!r}: actplot {r.actplot!r}, framework {r.framework!r} {r.note}"
        for r in differ
    )


@pytest.mark.parametrize("flavor, entry", ENTRIES)
def test_fixture_has_every_kink_of_the_flavour(flavor, entry):
    """The recorded points are the ones actplot asks for today (each kink and both floats beside it)."""
    params = verify._params_from_json(entry["params"])
    act = registry.get(entry["name"], flavor, **params)
    recorded = [float(v) for v in entry["points"]]
    wanted = [float(v) for v in points_for(act)]
    assert [(v, math.copysign(1, v)) for v in recorded] == [(v, math.copysign(1, v)) for v in wanted]
    for kink in act.kinks:
        assert kink.x in recorded


def test_every_defect_in_the_table_is_seen_in_a_fixture():
    """A documented defect that no recording shows any more is stale documentation."""
    stale = verify.unused_defects(list(RECORDINGS.values()))
    assert not stale, [(d.flavors, d.function, d.instead) for d in stale]


def test_every_flavour_of_the_catalogue_is_recorded():
    """Each function a framework defines (per the catalogue) has a binding, so it is recorded and verified."""
    bound = {fw: {b.name for b in make()} for fw, make in framework_bindings.BINDINGS.items()}
    missing = []
    for spec in registry.SPECS:
        for flavor in spec.frameworks:
            framework = {"torch": "torch", "jax": "jax", "keras3": "keras3", "keras2": "keras2"}[flavor]
            if spec.name not in bound[framework]:
                missing.append(f"{spec.name}@{flavor}")
    assert not missing


# -- the conventions the issue names, as recorded ---------------------------------------------------

LAMBDA = 1.0507009873554804934193349852946
ALPHA = 1.6732632423543772848170429916717

RECORDED_CONVENTIONS = [
    # (spec, x, order, value the framework's autograd returned)
    ("hard_swish@torch", -3.0, 1, 0.0),
    ("hard_swish@torch", 3.0, 1, 1.0),
    ("hard_swish@torch", -3.0, 2, 0.0),
    ("hard_sigmoid@keras2", -2.5, 1, 0.2),
    ("hard_sigmoid@keras2", 2.5, 1, 0.2),
    ("selu@keras2", 0.0, 1, LAMBDA),
    ("selu@keras2", 0.0, 2, 0.0),
    ("elu@torch", 0.0, 2, 0.0),
    ("celu@torch", 0.0, 2, 0.0),
    ("selu@torch", 0.0, 2, 0.0),
    ("selu@torch", 0.0, 1, LAMBDA * ALPHA),
    ("celu@jax", 0.0, 2, 0.25),
    ("celu:alpha=2@jax", 0.0, 2, 0.125),
    ("softsign@jax", 0.0, 2, -2.0),
    ("hard_tanh@keras3", 1.0, 1, 1.0),
    ("hard_tanh@keras3:jax", -1.0, 1, 1.0),
    ("hard_tanh@keras3:torch", 1.0, 1, 0.0),
    ("leaky_relu@keras3:jax", 0.0, 1, 1.0),
    ("leaky_relu@keras3:torch", 0.0, 1, 0.2),
    ("sparse_sigmoid@keras3", 1.0, 1, 0.0),
    ("sparse_sigmoid@keras3:jax", 1.0, 1, 0.25),
    ("sparse_sigmoid@keras3:torch", -1.0, 1, 0.0),
    ("relu:negative_slope=0.1,max_value=3,threshold=1@keras3:jax", 3.0, 1, 0.5),
    ("relu:negative_slope=0.1,max_value=3,threshold=1@keras3", 3.0, 1, 1.0),
    ("relu:negative_slope=0.1,max_value=3,threshold=1@keras2", 1.0, 1, 0.0),
    ("celu@keras3:jax", 0.0, 2, 0.25),
    ("selu@keras3:torch", 0.0, 1, LAMBDA * ALPHA),
    ("selu@keras3", 0.0, 1, LAMBDA),
]


@pytest.mark.parametrize("spec, x, order, expected", RECORDED_CONVENTIONS)
def test_recorded_kink_conventions(spec, x, order, expected):
    act = actplot.get(spec)
    assert float(act.derivative(x, order=order)) == pytest.approx(expected, rel=1e-15, abs=1e-300)


def test_older_pytorch_convention_stays_available():
    """hard_swish′(−3) changed in PyTorch after 2.6 (recorded with 2.6.0: −½, the inner piece; f′(3)
    = 1 and f″(±3) = 0 as now); torch:2.6 keeps the old value."""
    old = actplot.get("hard_swish@torch:2.6")
    assert float(old.derivative(-3.0)) == pytest.approx(-0.5)
    assert float(old.derivative(3.0)) == pytest.approx(1.0)
    assert float(old.derivative(-3.0, order=2)) == float(old.derivative(3.0, order=2)) == 0.0
    assert old.label == "hard_swish@torch:2.6"
    # everything else follows torch
    assert float(actplot.get("elu@torch:2.6").derivative(0.0, order=2)) == 0.0


# -- the flavour grammar --------------------------------------------------------------------------


@pytest.mark.parametrize("text, flavor", [
    ("leaky_relu@keras3:jax", "keras3:jax"),
    ("leaky_relu@Keras3:Torch", "keras3:torch"),
    ("leaky_relu@keras3:tensorflow", "keras3"),
    ("leaky_relu:negative_slope=0.1@keras3:jax", "keras3:jax"),
    ("hard_swish@torch:2.6", "torch:2.6"),
])
def test_flavour_variants_parse(text, flavor):
    act = actplot.get(text)
    assert act.flavor == flavor
    assert actplot.get(act.spec_string) == act
    # a variant has its framework's parameters
    assert dict(act.params) == {**act.spec.defaults(base_flavor(flavor)), **dict(act.params)}


def test_keras3_variants_take_keras3_defaults():
    assert actplot.get("leaky_relu@keras3:jax").params["negative_slope"] == 0.2


@pytest.mark.parametrize("text, error, words", [
    ("relu@keras3:cntk", FlavorError, "unknown flavour"),
    ("relu@keras3:", FlavorError, "unknown flavour"),
    ("rrelu@keras3:jax", FlavorError, "not defined by keras3:jax"),
    ("relu@keras3:threshold=1", SpecSyntaxError, "parameters go before the flavour"),
])
def test_flavour_variant_errors(text, error, words):
    with pytest.raises(error, match=words):
        actplot.get(text)


def test_every_flavour_has_versions():
    assert set(FLAVOR_VERSIONS) == set(ALL_FLAVORS)


# -- verify, with a fake framework ----------------------------------------------------------------


class _Result:
    """What the fake framework returns: f, f′, f″ at once (its 'autograd' is actplot's exact maths)."""

    def __init__(self, f: np.ndarray, d1: np.ndarray, d2: np.ndarray) -> None:
        self.f, self.d1, self.d2 = f, d1, d2


class _Columns:
    def __init__(self, x: np.ndarray, others: tuple[float, ...], before: bool) -> None:
        self.x, self.others, self.before = x, others, before


class _Rows:
    def __init__(self, result: _Result) -> None:
        self.result = result

    def __getitem__(self, key: Any) -> _Result:
        return self.result


def _fake_jax_nn(plant: dict[str, Any]) -> types.SimpleNamespace:
    """jax.nn as actplot@jax computes it, with ``plant`` replacing chosen results."""
    names = {b.api.split("(")[0].removeprefix("jax.nn."): b.name for b in framework_bindings.BINDINGS["jax"]()}

    def make(attr: str) -> Any:
        name = names[attr]

        def fn(x: Any, axis: int = -1, **kwargs: Any) -> Any:
            if "approximate" in kwargs:
                kwargs["approximate"] = "tanh" if kwargs["approximate"] else "none"
            if isinstance(x, _Columns):
                key = "a" if x.before else "others"
                kwargs[key] = x.others[0] if x.before else x.others
                xs = x.x
            else:
                xs = x
            act = registry.get(name, "jax", **kwargs)
            with np.errstate(all="ignore"):
                result = _Result(act(xs), act.derivative(xs, 1), act.derivative(xs, 2))
            if name in plant:
                plant[name](xs, result)
            return _Rows(result) if isinstance(x, _Columns) else result

        return fn

    return types.SimpleNamespace(**{attr: make(attr) for attr in names})


@pytest.fixture
def fake_jax(monkeypatch):
    plant: dict[str, Any] = {}

    def engine() -> Any:
        ns = framework_bindings._Namespace({"nn": _fake_jax_nn(plant)})
        ns.columns = lambda x, others: _Columns(x, tuple(others), False)
        ns.columns_before = lambda x, before: _Columns(x, tuple(before), True)

        def derivatives(fn: Any, xs: np.ndarray) -> Any:
            result = fn(xs)
            return result.f, result.d1, result.d2

        return framework_bindings._Engine({"jax": "0.0-fake"}, ns, derivatives, "jax")

    monkeypatch.setattr(framework_bindings, "_jax_engine", engine)
    return plant


def _run(args: list[str], env: dict[str, str] | None = None) -> Any:
    from typer.testing import CliRunner

    from actplot.cli import app

    return CliRunner().invoke(app, args, env=env)


def test_verify_fake_framework_all_agree(fake_jax):
    result = _run(["verify", "--framework", "jax", "--format", "json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)[0]
    assert report["flavor"] == "jax" and report["versions"]["jax"] == "0.0-fake"
    assert report["summary"]["differ"] == 0
    whats = {r["what"] for r in report["rows"]}
    assert {"value", "f′", "f″", "kink", "default"} <= whats


def test_verify_reports_a_wrong_convention_with_both_numbers(fake_jax):
    def left_slope_at_zero(xs: np.ndarray, result: _Result) -> None:
        result.d1 = np.where(xs == 0.0, 0.01, result.d1)  # as if JAX took the left slope

    fake_jax["leaky_relu"] = left_slope_at_zero
    result = _run(["verify", "--framework", "jax", "--format", "json", "--only", "leaky_relu"])
    assert result.exit_code == 1, result.output
    rows = json.loads(result.stdout)[0]["rows"]
    kink = next(r for r in rows if r["what"] == "kink" and r["params"].startswith("framework defaults"))
    assert kink["status"] == "differ" and kink["actplot"] == 1.0 and kink["framework"] == 0.01
    table = _run(["verify", "--framework", "jax", "--only", "leaky_relu"])
    assert table.exit_code == 1 and "differ" in table.stdout and "leaky_relu" in table.stdout


def test_verify_names_a_documented_defect_as_the_framework_s(fake_jax):
    def sloppy_tails(xs: np.ndarray, result: _Result) -> None:
        result.d2 = np.where(np.abs(xs) > 4, result.d2 + 3e-14, result.d2)

    fake_jax["gelu"] = sloppy_tails
    result = _run(["verify", "--framework", "jax", "--format", "json", "--only", "gelu"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)[0]["rows"]
    assert any(r["status"] == "defect" and r["status_text"] == "framework differs from the mathematics" for r in rows)


def test_verify_a_defect_beyond_its_documented_size_is_a_difference(fake_jax):
    def worse(xs: np.ndarray, result: _Result) -> None:
        result.d2 = np.where(np.abs(xs) > 4, result.d2 + 1e-9, result.d2)

    fake_jax["gelu"] = worse
    assert _run(["verify", "--framework", "jax", "--only", "gelu"]).exit_code == 1


def test_verify_missing_framework_is_a_usage_error_with_the_install_hint(monkeypatch):
    monkeypatch.setitem(sys.modules, "torch", None)  # import torch raises ImportError
    result = _run(["verify", "--framework", "torch"])
    assert result.exit_code == 2
    assert "torch is not installed; pip install torch" in result.stderr
    assert result.stdout == ""


def test_verify_missing_framework_in_a_subprocess_has_no_traceback(tmp_path):
    blocker = tmp_path / "torch.py"
    blocker.write_text("raise ImportError('blocked for the test')\n")
    env = {"PYTHONPATH": str(tmp_path), "PATH": "/usr/bin:/bin"}
    done = subprocess.run([sys.executable, "-m", "actplot", "verify", "--framework", "torch"],
                          capture_output=True, text=True, env=env, check=False)
    assert done.returncode == 2
    assert done.stderr.strip() == "Error: torch is not installed; pip install torch"


def test_verify_backend_needs_keras3():
    result = _run(["verify", "--framework", "torch", "--backend", "jax"])
    assert result.exit_code == 2 and "--backend applies to --framework keras3 only" in result.stderr


def test_defect_table_entries_are_well_formed():
    for d in framework_defects.DEFECTS:
        assert set(d.flavors) <= set(ALL_FLAVORS), d
        registry.lookup(d.function)
        assert d.instead and d.size and set(d.orders) <= {0, 1, 2}


# -- the real frameworks (skipped unless installed) ------------------------------------------------

REAL_TARGETS = [
    ("torch", None, "torch"),
    ("jax", None, "jax"),
    ("keras3", "tensorflow", "tensorflow"),
    ("keras3", "jax", "jax"),
    ("keras3", "torch", "torch"),
    ("keras2", None, "tf_keras"),
]


@pytest.mark.frameworks
@pytest.mark.parametrize("framework, backend, needs", REAL_TARGETS)
def test_verify_against_the_installed_framework(framework, backend, needs):
    wanted = [needs] + (["keras"] if framework == "keras3" else [])
    absent = [m for m in wanted if importlib.util.find_spec(m) is None]
    if absent:
        pytest.skip(f"{', '.join(absent)} not installed in this environment (see docs/frameworks.md)")
    args = [sys.executable, "-m", "actplot", "verify", "--framework", framework, "--format", "json"]
    if backend:
        args += ["--backend", backend]
    done = subprocess.run(args, capture_output=True, text=True, check=False, timeout=900,
                          env={**__import__("os").environ, "TF_CPP_MIN_LOG_LEVEL": "3"})
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]


# -- the command line knows the variants -----------------------------------------------------------


def test_cli_flavor_option_and_spec_accept_variants():
    by_option = _run(["--flavor", "keras3:jax", "table", "leaky_relu", "--at=0", "-d", "--format", "json"])
    assert by_option.exit_code == 0, by_option.stderr
    row = json.loads(by_option.stdout)[0]
    assert row[next(k for k in row if k.endswith(("′(x)", "'")))] == 1.0
    by_spec = _run(["table", "hard_swish@torch:2.6", "--at=-3,3", "-d", "--format", "json"])
    assert by_spec.exit_code == 0, by_spec.stderr
    slopes = [r[next(k for k in r if k.endswith(("'", "′(x)")))] for r in json.loads(by_spec.stdout)]
    assert slopes == pytest.approx([-0.5, 1.0], rel=1e-15)


def test_cli_unknown_variant_is_a_one_line_usage_error():
    result = _run(["table", "relu@keras3:cntk", "--at=0"])
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: unknown flavour 'keras3:cntk'") and result.stderr.count("\n") == 1


def test_info_names_versions_backends_and_defects():
    data = json.loads(_run(["info", "gelu@keras2", "--format", "json"]).stdout)
    assert data["framework_versions"]["keras2"] == FLAVOR_VERSIONS["keras2"]
    assert data["framework_versions"]["keras3:jax"] == FLAVOR_VERSIONS["keras3:jax"]
    defects = {tuple(d["flavors"]): d for d in data["framework_defects"]}
    assert "float32" in defects[("keras2", "keras3")]["instead"]
    text = _run(["info", "celu@jax"]).stdout
    assert "Keras 3.15.1 on JAX 0.10.2" in text and "0.25" in text
    kinks = json.loads(_run(["info", "celu@jax", "--format", "json"]).stdout)["kinks"][0]["by_flavor"]
    assert kinks["jax"]["side_d2"] == "value 0.25" and kinks["torch"]["side_d2"] == "right"


def test_list_names_the_variants():
    data = json.loads(_run(["list", "--format", "json"]).stdout)
    relu = next(r for r in data if r["name"] == "relu")
    assert relu["flavor_variants"] == ["keras3:jax", "keras3:torch", "torch:2.6"]
    assert "keras3:jax" in _run(["list"], env={"COLUMNS": "200"}).stdout
