"""Record what the real frameworks compute, into tests/fixtures/frameworks/*.json.

Run it from an environment where actplot and the frameworks are installed (see docs/frameworks.md):

    python tools/record_frameworks.py                      # every framework and Keras 3 backend found
    python tools/record_frameworks.py --only torch keras3:jax
    python tools/record_frameworks.py --out /tmp/fixtures  # somewhere else

Each target runs in its own subprocess, because Keras 3 picks its backend (KERAS_BACKEND) once per
process. The points, parameter sets and autograd calls are actplot.frameworks.bindings.record, the
same code ``actplot verify`` runs live. A framework that is not installed is reported and skipped;
its old fixture is left alone.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

TARGETS: dict[str, tuple[str, str | None]] = {
    "torch": ("torch", None),
    "jax": ("jax", None),
    "keras3": ("keras3", "tensorflow"),
    "keras3:jax": ("keras3", "jax"),
    "keras3:torch": ("keras3", "torch"),
    "keras2": ("keras2", None),
}
"""Fixture name (= the actplot flavour it checks) → (framework, Keras 3 backend)."""

DEFAULT_OUT = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "frameworks"


def fixture_path(out: Path, target: str) -> Path:
    return out / f"{target.replace(':', '-')}.json"


def record_one(framework: str, backend: str | None) -> int:
    """In the subprocess: record and print the JSON on stdout (exit 3 when the framework is missing)."""
    from actplot.frameworks.bindings import FrameworkMissingError, record

    try:
        data = record(framework, backend)
    except FrameworkMissingError as exc:
        print(exc, file=sys.stderr)
        return 3
    json.dump(data, sys.stdout, indent=1, sort_keys=False)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", nargs="*", choices=sorted(TARGETS), help="targets to record (default: all)")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="fixture folder")
    parser.add_argument("--child", nargs=2, metavar=("FRAMEWORK", "BACKEND"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        framework, backend = args.child
        return record_one(framework, None if backend == "-" else backend)
    args.out.mkdir(parents=True, exist_ok=True)
    failed = 0
    for target in args.only or list(TARGETS):
        framework, backend = TARGETS[target]
        env = {**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3"}
        if backend:
            env["KERAS_BACKEND"] = backend
        done = subprocess.run(
            [sys.executable, __file__, "--child", framework, backend or "-"],
            env=env, capture_output=True, text=True, check=False,
        )
        if done.returncode == 3:
            print(f"{target}: skipped ({done.stderr.strip().splitlines()[-1]})")
            continue
        if done.returncode != 0:
            print(f"{target}: failed\n{done.stderr[-2000:]}", file=sys.stderr)
            failed += 1
            continue
        data = json.loads(done.stdout)
        path = fixture_path(args.out, target)
        tmp = path.with_suffix(".json.tmp")
        tmp.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
        tmp.replace(path)
        versions = ", ".join(f"{k} {v}" for k, v in data["versions"].items())
        print(f"{target}: {len(data['functions'])} cases -> {path} ({versions})")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
