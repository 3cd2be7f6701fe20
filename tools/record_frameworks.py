"""Record what the real frameworks compute, into tests/fixtures/frameworks/*.json.

Run it from an environment where actplot and the frameworks are installed (see docs/frameworks.md):

    python tools/record_frameworks.py                      # every framework and Keras 3 backend found
    python tools/record_frameworks.py --only torch keras3:jax
    python tools/record_frameworks.py --out /tmp/fixtures  # somewhere else

    python tools/record_frameworks.py --part generic --python torch:2.6=/tmp/torch26/bin/python

Each target runs in its own subprocess, because Keras 3 picks its backend (KERAS_BACKEND) once per
process. Two parts are recorded per target: the catalogue (``<target>.json``: points, parameter
sets and autograd calls of actplot.frameworks.bindings.record, the same code ``actplot verify`` runs
live) and the generic operations expressions use (``generic/<target>.json``: ties of max/min,
abs at 0, where and comparisons; see GENERIC_CASES below). ``torch:2.6`` is recorded (generic part
only, plus the catalogue functions that have a torch:2.6 kink convention) with an interpreter that
has PyTorch 2.6 installed, given by ``--python``. A framework that is
not installed is reported and skipped; its old fixture is left alone.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

TARGETS: dict[str, tuple[str, str | None]] = {
    "torch": ("torch", None),
    "jax": ("jax", None),
    "keras3": ("keras3", "tensorflow"),
    "keras3:jax": ("keras3", "jax"),
    "keras3:torch": ("keras3", "torch"),
    "keras2": ("keras2", None),
    "torch:2.6": ("torch", None),
}
"""Fixture name (= the actplot flavour it checks) → (framework, Keras 3 backend)."""

PARTS: dict[str, tuple[str, ...]] = {
    "catalogue": ("torch", "jax", "keras3", "keras3:jax", "keras3:torch", "keras2"),
    "generic": tuple(TARGETS),
}
"""Which targets each part records (the catalogue is not recorded for torch:2.6)."""

RELEASE_PREFIX = {"torch:2.6": ("torch", "2.6.")}
"""A target tied to a release: (package, version prefix) the interpreter must have."""

DEFAULT_OUT = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "frameworks"


def fixture_path(out: Path, target: str) -> Path:
    return out / f"{target.replace(':', '-')}.json"


def record_one(target: str, part: str) -> int:
    """In the subprocess: record and print the JSON on stdout (exit 3 when the framework is missing)."""
    from actplot.frameworks.bindings import FrameworkMissingError, record

    framework, backend = TARGETS[target]
    if target in RELEASE_PREFIX:
        package, prefix = RELEASE_PREFIX[target]
        try:
            version = __import__(package).__version__
        except ImportError:
            version = "not installed"
        if not version.startswith(prefix):
            print(f"{target} needs {package} {prefix}x here, found {version} (give one with --python)", file=sys.stderr)
            return 3
    try:
        data = record(framework, backend) if part == "catalogue" else record_generic(framework, backend)
    except FrameworkMissingError as exc:
        print(exc, file=sys.stderr)
        return 3
    if part == "generic":
        data["flavor"] = target
        if target in RELEASE_PREFIX:  # the catalogue functions whose conventions this release changes
            data["variant_functions"] = record(framework, backend, only=variant_functions(target))["functions"]
    json.dump(data, sys.stdout, indent=1, sort_keys=False)
    return 0


def variant_functions(flavor: str) -> tuple[str, ...]:
    """Catalogue functions with a kink convention of their own for a variant flavour (``torch:2.6``):
    recorded with that release, next to its generic cases."""
    from actplot import registry

    return tuple(
        spec.name for spec in registry.all_specs()
        if any(flavor in kink.by_flavor for kink in spec.kinks(**spec.defaults()))
    )


def _interpreters(pairs: list[str]) -> dict[str, str]:
    found = {}
    for pair in pairs:
        target, _, path = pair.partition("=")
        if target not in TARGETS or not path:
            raise SystemExit(f"--python takes TARGET=PATH with TARGET one of {', '.join(TARGETS)}")
        found[target] = path
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", nargs="*", choices=sorted(TARGETS), help="targets to record (default: all)")
    parser.add_argument("--part", choices=["all", *PARTS], default="all", help="what to record (default: all)")
    parser.add_argument("--python", action="append", default=[], metavar="TARGET=PATH",
                        help="interpreter for one target (e.g. torch:2.6=/tmp/torch26/bin/python)")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="fixture folder")
    parser.add_argument("--child", nargs=2, metavar=("TARGET", "PART"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        return record_one(*args.child)
    interpreters = _interpreters(args.python)
    failed = 0
    for part in PARTS if args.part == "all" else (args.part,):
        out = args.out / "generic" if part == "generic" else args.out
        out.mkdir(parents=True, exist_ok=True)
        for target in args.only or list(TARGETS):
            if target in PARTS[part]:
                failed += _record_target(target, part, out, interpreters.get(target, sys.executable))
    return 1 if failed else 0


def _record_target(target: str, part: str, out: Path, python: str) -> int:
    """Run one target's recording in its own process and write its fixture; 1 if it failed."""
    _, backend = TARGETS[target]
    env = {**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3"}
    if backend:
        env["KERAS_BACKEND"] = backend
    done = subprocess.run(
        [python, __file__, "--child", target, part], env=env, capture_output=True, text=True, check=False,
    )
    if done.returncode == 3:
        print(f"{target} ({part}): skipped ({done.stderr.strip().splitlines()[-1]})")
        return 0
    if done.returncode != 0:
        print(f"{target} ({part}): failed\n{done.stderr[-2000:]}", file=sys.stderr)
        return 1
    data = json.loads(done.stdout)
    path = fixture_path(out, target)
    tmp = path.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
    tmp.replace(path)
    versions = ", ".join(f"{k} {v}" for k, v in data["versions"].items())
    count = len(data["functions"] if part == "catalogue" else data["cases"])
    print(f"{target} ({part}): {count} cases -> {path} ({versions})")
    return 0


# --- generic operations: ties of max/min, abs(0), where and comparisons --------------------------
#
# Expressions (``actplot "max(x, 0.1*x)"``) differentiate max, min, abs, where and comparisons with
# the chosen flavour's conventions (actplot/expressions/jets.py). These cases record what each
# framework's own autodiff returns at the ties, so tests/test_expression_conventions.py can hold
# the conventions against the real frameworks. Each case is an expression in actplot's grammar; it
# is translated node by node into the framework's element-wise ops (maximum, minimum, abs, where,
# comparisons) and differentiated twice like the catalogue functions.

GENERIC_CASES: tuple[tuple[str, tuple[float, ...]], ...] = (
    # ties between a function and itself, and with a constant (both argument orders)
    ("max(x, x)", (-1.0, 0.0, 2.0)),
    ("min(x, x)", (-1.0, 0.0, 2.0)),
    ("max(x, 0)", (-1.0, 0.0, 1.0)),
    ("max(0, x)", (-1.0, 0.0, 1.0)),
    ("min(x, 0)", (-1.0, 0.0, 1.0)),
    ("min(0, x)", (-1.0, 0.0, 1.0)),
    ("max(x, 0.5)", (0.0, 0.5, 1.0)),
    ("max(0.5, x)", (0.0, 0.5, 1.0)),
    ("min(x, 0.5)", (0.0, 0.5, 1.0)),
    ("min(0.5, x)", (0.0, 0.5, 1.0)),
    # ties between two slopes (leaky-ReLU written with max/min), both orders
    ("max(x, 0.1*x)", (-1.0, 0.0, 1.0)),
    ("max(0.1*x, x)", (-1.0, 0.0, 1.0)),
    ("min(x, 0.1*x)", (-1.0, 0.0, 1.0)),
    ("min(0.1*x, x)", (-1.0, 0.0, 1.0)),
    ("max(x, -x)", (-1.0, 0.0, 1.0)),
    # three arguments fold left: max(max(a, b), c)
    ("max(x, 0.1*x, 0.5*x)", (-1.0, 0.0, 1.0)),
    ("min(x, 0.1*x, 0.5*x)", (-1.0, 0.0, 1.0)),
    # second derivative at a tie: a″ and b″ differ (ties at 0 and 1)
    ("max(x*x, x)", (-1.0, 0.0, 0.5, 1.0, 2.0)),
    ("min(x*x, x)", (-1.0, 0.0, 0.5, 1.0, 2.0)),
    ("min(max(x, -1), 1)", (-2.0, -1.0, 0.0, 1.0, 2.0)),
    # abs at 0 (and its second derivative through a product)
    ("abs(x)", (-1.0, -0.0, 0.0, 1.0)),
    ("abs(-x)", (-1.0, 0.0, 1.0)),
    ("abs(x - 0.5)", (0.0, 0.5, 1.0)),
    ("x*abs(x)", (-1.0, 0.0, 1.0)),
    # where: the chosen branch; the comparison decides the tie
    ("where(x > 0, x, 0.1*x)", (-1.0, 0.0, 1.0)),
    ("where(x >= 0, 2*x, -3*x)", (-1.0, 0.0, 1.0)),
    ("where(x < 0, -3*x, 2*x)", (-1.0, 0.0, 1.0)),
    ("where(x <= 0, -3*x, 2*x)", (-1.0, 0.0, 1.0)),
    ("where(x == 0, 5*x, x)", (-1.0, 0.0, 1.0)),
    ("where(x != 0, x, 5*x)", (-1.0, 0.0, 1.0)),
    ("where(x > 0, x*x, -x*x*x)", (-1.0, 0.0, 1.0)),
    ("where(x > 0.5, x, 0)", (0.0, 0.5, 1.0)),
    # a comparison used as a number (1 or 0, derivative 0)
    ("x*(x > 0)", (-1.0, 0.0, 1.0)),
)
"""(expression, points) recorded in every framework."""


class _Ops:
    """One framework's element-wise operations, as the translation of an expression needs them."""

    def __init__(self, maximum: Any, minimum: Any, absolute: Any, where: Any, full_like: Any, to_float: Any) -> None:
        self.maximum = maximum
        self.minimum = minimum
        self.absolute = absolute
        self.where = where
        self.full_like = full_like
        self.to_float = to_float


def _framework_ops(framework: str, namespace: Any) -> _Ops:
    """The generic ops a user of ``framework`` writes (Keras 3: ``keras.ops`` on its backend)."""
    if framework == "torch":
        torch = namespace.torch
        return _Ops(torch.maximum, torch.minimum, torch.abs, torch.where, torch.full_like, lambda t: t.to(torch.float64))
    if framework == "jax":
        jnp = namespace.jnp
        return _Ops(jnp.maximum, jnp.minimum, jnp.abs, jnp.where, jnp.full_like, lambda t: t.astype(jnp.float64))
    if framework == "keras3":
        ops = namespace.ops
        return _Ops(ops.maximum, ops.minimum, ops.absolute, ops.where, ops.full_like, lambda t: ops.cast(t, "float64"))
    if framework == "keras2":
        import tf_keras

        backend = tf_keras.backend
        tf = namespace.tf
        return _Ops(backend.maximum, backend.minimum, backend.abs, tf.where,
                    lambda t, c: tf.fill(tf.shape(t), tf.constant(c, tf.float64)), lambda t: backend.cast(t, "float64"))
    raise ValueError(f"unknown framework {framework!r}")


def _translate(node: Any, x: Any, ops: _Ops) -> Any:
    """The framework tensor (or a Python float for a constant) of an expression node at x."""
    from actplot.expressions import nodes

    if isinstance(node, nodes.Variable):
        return x
    if isinstance(node, nodes.Number):
        return float(node.value)
    if isinstance(node, nodes.UnaryOp):
        inner = _translate(node.operand, x, ops)
        return inner if node.op == "+" else -inner
    if isinstance(node, nodes.BinaryOp) and node.op in _ARITHMETIC:
        return _ARITHMETIC[node.op](_translate(node.left, x, ops), _translate(node.right, x, ops))
    if isinstance(node, nodes.Compare):
        return ops.to_float(_mask(node, x, ops))
    if isinstance(node, nodes.MathCall) and node.name in ("max", "min"):
        pick = ops.maximum if node.name == "max" else ops.minimum
        args = [_tensor(_translate(a, x, ops), x, ops) for a in node.args]
        result = args[0]
        for other in args[1:]:
            result = pick(result, other)
        return result
    if isinstance(node, nodes.MathCall) and node.name == "abs":
        return ops.absolute(_tensor(_translate(node.args[0], x, ops), x, ops))
    if isinstance(node, nodes.MathCall) and node.name == "where" and isinstance(node.args[0], nodes.Compare):
        chosen, other = (_tensor(_translate(a, x, ops), x, ops) for a in node.args[1:])
        return ops.where(_mask(node.args[0], x, ops), chosen, other)
    raise ValueError(f"{node!r} is not used by the generic cases")


_ARITHMETIC: dict[str, Callable[[Any, Any], Any]] = {
    "+": lambda a, b: a + b,
    "-": lambda a, b: a - b,
    "*": lambda a, b: a * b,
    "/": lambda a, b: a / b,
}


def _tensor(value: Any, x: Any, ops: _Ops) -> Any:
    """A constant as a tensor shaped like x (the ops take tensors); a tensor unchanged."""
    return ops.full_like(x, value) if isinstance(value, float) else value


def _mask(node: Any, x: Any, ops: _Ops) -> Any:
    """The boolean tensor of a one-link comparison."""
    if len(node.ops) != 1:
        raise ValueError("the generic cases use single comparisons")
    left = _tensor(_translate(node.operands[0], x, ops), x, ops)
    right = _translate(node.operands[1], x, ops)
    return _COMPARISONS[node.ops[0]](left, right)


_COMPARISONS: dict[str, Callable[[Any, Any], Any]] = {
    ">": lambda a, b: a > b,
    ">=": lambda a, b: a >= b,
    "<": lambda a, b: a < b,
    "<=": lambda a, b: a <= b,
    "==": lambda a, b: a == b,
    "!=": lambda a, b: a != b,
}


def record_generic(framework: str, backend: str | None) -> dict[str, Any]:
    """Value, f′ and f″ of every :data:`GENERIC_CASES` expression in ``framework``'s autodiff."""
    import platform

    import numpy as np

    from actplot.expressions.parser import parse_body
    from actplot.frameworks.bindings import _engine, encode, flavor_of

    engine = _engine(framework, backend)
    ops = _framework_ops(framework, engine.namespace)
    cases = []
    for text, points in GENERIC_CASES:
        tree = parse_body(text, {}, lambda name: None)
        xs = np.array(points, dtype=np.float64)
        entry: dict[str, Any] = {"expression": text, "points": [encode(v) for v in xs]}
        try:
            f, d1, d2 = engine.derivatives(lambda t, tree=tree: _translate(tree, t, ops), xs)
        except Exception as exc:  # noqa: BLE001 - what the framework raises is recorded, not fatal
            entry["error"] = f"{type(exc).__name__}: {exc}"[:300]
            cases.append(entry)
            continue
        for key, values in (("f", f), ("d1", d1), ("d2", d2)):
            entry[key] = None if values is None else [encode(v) for v in np.asarray(values, dtype=np.float64)]
        cases.append(entry)
    return {
        "framework": framework,
        "backend": engine.backend,
        "flavor": flavor_of(framework, engine.backend if framework == "keras3" else None),
        "dtype": "float64",
        "versions": {**engine.versions, "python": platform.python_version(), "numpy": np.__version__},
        "cases": cases,
    }


if __name__ == "__main__":
    sys.exit(main())
