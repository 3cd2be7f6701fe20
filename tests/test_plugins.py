"""The public registry (actplot.register) and plugins from the ``actplot.activations`` entry points:
lazy loading, one-line reports of broken plugins, and the example plugin installed with pip."""

from __future__ import annotations

import dataclasses
import json
import os
import re
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import mpmath
import pytest

import actplot
from actplot import registry
from actplot.errors import ActplotError

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "actplot-example-plugin"


def _demo(name: str = "demo_sigmoid", **changes):
    return dataclasses.replace(actplot.lookup("sigmoid"), **{"name": name, "aliases": (), **changes})


def test_register_adds_everywhere_and_unregister_removes():
    spec = _demo(aliases=("demo_logistic",))
    with registry.registered():
        assert actplot.register(spec) is spec
        assert actplot.SPECS[-1] is spec and actplot.names()[-1] == "demo_sigmoid"
        assert actplot.lookup("demo-logistic") is spec
        assert float(actplot.get("demo_sigmoid")(0.0)) == 0.5
        assert float(actplot.get("2*demo_sigmoid(x)")(0.0)) == 1.0  # and inside expressions
        assert actplot.unregister("demo_logistic") is spec
        assert "demo_sigmoid" not in actplot.names()
        with pytest.raises(actplot.UnknownActivationError):
            actplot.lookup("demo_sigmoid")
    assert "demo_sigmoid" not in actplot.names()


def test_replace_keeps_the_place_and_registered_restores():
    relu = actplot.lookup("relu")
    position = actplot.names().index("relu")
    doubled = dataclasses.replace(relu, value=lambda x, **p: 2 * relu.value(x, **p))
    with registry.registered(doubled, replace=True):
        assert actplot.names().index("relu") == position
        assert float(actplot.get("relu")(1.0)) == 2.0
    assert actplot.lookup("relu") is relu and float(actplot.get("relu")(1.0)) == 1.0


@pytest.mark.parametrize(
    "spec, message",
    [
        ("relu", "takes an actplot.ActivationSpec"),
        (_demo("relu"), "'relu' is already registered (by relu)"),  # built-ins went through register()
        (_demo(aliases=("swish",)), "'swish' is already registered (by silu)"),
        (_demo("Demo-Sigmoid"), "not in canonical snake_case"),
        (_demo("demo sigmoid"), "not in canonical snake_case"),
        (_demo("2demo"), "not in canonical snake_case"),
        (_demo(family="fancy"), "unknown family 'fancy'"),
        (_demo(frameworks={"tf": actplot.Flavor("tf.demo")}), "unknown flavour 'tf'"),
        (_demo(aliases=("demo_sigmoid",)), "given twice"),
        # names an expression gives a fixed meaning: a spec under them would change every expression
        (_demo("exp"), "'exp' is reserved: expressions use it (a math function)"),
        (_demo(aliases=("where",)), "'where' is reserved"),
        (_demo("pi"), "'pi' is reserved: expressions use it (a constant)"),
        (_demo("x"), "'x' is reserved: expressions use it (the variable)"),
    ],
)
def test_register_refuses_invalid_specs(spec, message):
    before = actplot.names()
    with pytest.raises(ActplotError, match=re.escape(message)):
        actplot.register(spec)
    assert actplot.names() == before


# --- entry points, in a fresh process -------------------------------------------------------------


def _dist(site: Path, name: str, entry: str, module: str, body: str) -> None:
    info = site / f"{name}-0.1.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {name}\nVersion: 0.1\n")
    (info / "entry_points.txt").write_text(f"[actplot.activations]\n{entry}\n")
    (site / f"{module}.py").write_text(textwrap.dedent(body))


@pytest.fixture(scope="module")
def plugin_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A site directory with one good plugin and four broken ones."""
    site = tmp_path_factory.mktemp("site")
    good = """
        import dataclasses
        import actplot
        SPECS = [dataclasses.replace(actplot.lookup("sigmoid"), name="plugged_sigmoid", aliases=())]
    """
    _dist(site, "good_plugin", "good = good_plugin_mod:SPECS", "good_plugin_mod", good)
    _dist(site, "broken_import", "broken = broken_import_mod:SPECS", "broken_import_mod", "raise ImportError('no module named torch_extras')\n")
    clash = "import actplot\nSPECS = actplot.lookup('relu')\n"
    _dist(site, "clashing_plugin", "clash = clashing_plugin_mod:SPECS", "clashing_plugin_mod", clash)
    _dist(site, "not_a_spec", "junk = not_a_spec_mod:SPECS", "not_a_spec_mod", "SPECS = 42\n")
    _dist(site, "exiting_plugin", "quitter = exiting_plugin_mod:SPECS", "exiting_plugin_mod", "import sys\nsys.exit(3)\n")
    return site


def _run(*args: str, site: Path | None = None, **env: str) -> subprocess.CompletedProcess[str]:
    environ = {**os.environ, "COLUMNS": "100", "NO_COLOR": "1", **env}
    if "ACTPLOT_NO_PLUGINS" not in env:
        environ.pop("ACTPLOT_NO_PLUGINS", None)
    if site is not None:
        environ["PYTHONPATH"] = os.pathsep.join([str(site), environ.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    return subprocess.run([sys.executable, "-m", "actplot", *args], capture_output=True, text=True, env=environ, timeout=120)


def test_broken_plugins_are_reported_in_one_line_each_and_break_nothing(plugin_site: Path):
    listed = _run("list", "--format", "json", site=plugin_site)
    assert listed.returncode == 0, listed.stderr
    names = [row["name"] for row in json.loads(listed.stdout)]
    assert names[-1] == "plugged_sigmoid" and "relu" in names
    lines = listed.stderr.strip().splitlines()
    assert len(lines) == 4, listed.stderr
    assert all(line.startswith("actplot: warning: plugin ") and "not loaded" in line for line in lines)
    assert any("'broken'" in line and "ImportError: no module named torch_extras" in line for line in lines)
    assert any("'clash'" in line and "already registered" in line for line in lines)
    assert any("'junk'" in line and "got int" in line for line in lines)
    assert any("'quitter'" in line and "SystemExit: 3" in line for line in lines)  # sys.exit never ends actplot
    plotted = _run("table", "plugged_sigmoid", "--at=0", "--format", "csv", site=plugin_site)
    assert plotted.returncode == 0 and "0.5" in plotted.stdout


def test_plugins_load_only_when_needed(plugin_site: Path):
    hit = _run("table", "relu", "--at=1", "--format", "csv", site=plugin_site)
    assert hit.returncode == 0 and hit.stderr == ""  # a built-in name never touches the entry points
    expression = _run("table", "x*sigmoid(x)", "--at=1", "--format", "csv", site=plugin_site)
    assert expression.returncode == 0 and expression.stderr == ""
    miss = _run("table", "no_such_function", "--at=1", site=plugin_site)
    assert miss.returncode == 2
    assert "not loaded" in miss.stderr and miss.stderr.strip().splitlines()[-1].startswith("Error: unknown activation")
    off = _run("list", "--format", "json", site=plugin_site, ACTPLOT_NO_PLUGINS="1")
    assert off.returncode == 0 and off.stderr == ""
    assert "plugged_sigmoid" not in off.stdout


# --- the example plugin, installed with pip --------------------------------------------------------


@pytest.fixture(scope="module")
def example_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    work = tmp_path_factory.mktemp("example")
    source = work / "src"
    shutil.copytree(EXAMPLE, source, ignore=shutil.ignore_patterns("build", "*.egg-info", "__pycache__"))
    target = work / "site"
    pip = [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--no-build-isolation", "--no-index"]
    done = subprocess.run([*pip, "--target", str(target), str(source)], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    return target


def test_example_plugin_installs_and_works_like_a_builtin(example_site: Path):
    listed = _run("list", "--family", "classic", "--format", "json", site=example_site)
    assert listed.returncode == 0 and listed.stderr == ""
    assert "log_cosh" in [row["name"] for row in json.loads(listed.stdout)]
    table = _run("table", "log_cosh", "--at=-2,0,3", "-d", "--format", "json", site=example_site)
    assert table.returncode == 0, table.stderr
    rows = json.loads(table.stdout)
    text = json.dumps(rows)
    for x0 in (-2.0, 3.0):
        assert repr(float(mpmath.log(mpmath.cosh(x0))))[:12] in text
        assert repr(float(mpmath.tanh(x0)))[:12] in text
    expression = _run("table", "x*log_cosh(x)@jax", "--at=2", "--format", "csv", site=example_site)
    assert expression.returncode == 0, expression.stderr
    assert f"{2 * float(mpmath.log(mpmath.cosh(2))):.6g}"[:6] in expression.stdout
    info = _run("info", "logcosh", site=example_site)
    assert info.returncode == 0 and "Log-cosh" in info.stdout


def test_example_plugin_passes_the_accuracy_tests(example_site: Path):
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(example_site), str(ROOT)]),
        "ACTPLOT_TEST_REFERENCES": "actplot_example_plugin.references:REFERENCES",
    }
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-o", "addopts=", "-q", "-p", "no:cacheprovider", "tests/test_accuracy.py", "-k", "log_cosh"],
        cwd=ROOT, capture_output=True, text=True, env=env, timeout=600,
    )
    assert run.returncode == 0, run.stdout[-3000:]
    summary = run.stdout.strip().splitlines()[-1]
    # f, f', f'' in float64 and float32, and the kink conventions: all run, none skipped
    assert summary.startswith("7 passed") and "skipped" not in summary, summary
