"""Helpers shared by the test modules (imported by ``tests/conftest.py`` and the tests).

Test modules never import each other; what several of them need lives here.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from pathlib import Path

from typer.testing import CliRunner

import actplot
from actplot import registry
from actplot.cli import app

ENV = {"COLUMNS": "80", "NO_COLOR": "1", "TERM": "dumb", "LINES": "40"}
BRAILLE = range(0x2800, 0x2900)


def run(args: Sequence[str] | str, env: dict[str, str] | None = None, **kwargs):
    """Invoke actplot in-process; returns typer's Result (stdout, stderr, exit_code)."""
    runner = CliRunner()
    merged = dict(ENV)
    merged.update(env or {})
    return runner.invoke(app, args, env=merged, **kwargs)


def has(name: str) -> bool:
    try:
        registry.lookup(name)
        return True
    except actplot.UnknownActivationError:
        return False


def need(*names: str) -> None:
    missing = [n for n in names if not has(n)]
    assert not missing, f"the registry lacks {', '.join(missing)}"


def one_error_line(result, code: int = 2) -> str:
    """The error contract of docs/cli.md: exit code, exactly one line on stderr, no traceback, no stdout."""
    assert result.exit_code == code, (result.exit_code, result.stdout, result.stderr)
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.stderr and "Traceback" not in result.stdout
    assert result.stdout == ""
    return lines[0]


def snapshot(folder: Path) -> dict[str, str]:
    """Every file under ``folder`` with its SHA-256: compare before/after to prove nothing changed."""
    out = {}
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            out[str(path.relative_to(folder))] = hashlib.sha256(path.read_bytes()).hexdigest()
        else:
            out[str(path.relative_to(folder)) + "/"] = "dir"
    return out


def specs_with(kind: str) -> list[str]:
    """Names of registered activations whose default parameters have a kink of ``kind``."""
    return [s.name for s in registry.SPECS if any(k.kind == kind for k in s.kinks(**s.defaults()))]


def has_colour(text: str) -> bool:
    """True if ``text`` has an ANSI foreground/background colour code (bold/dim do not count)."""
    return re.search(r"\x1b\[(?:[0-9;]*;)?(?:3[0-79]|4[0-79]|9[0-7]|10[0-7]|38;|48;)", text) is not None


def braille_dots(text: str, label_width: int) -> list[tuple[int, int]]:
    """(dot column, dot row) of every braille dot in a chart's canvas rows."""
    bits = ((0, 0, 0x01), (0, 1, 0x02), (0, 2, 0x04), (1, 0, 0x08), (1, 1, 0x10), (1, 2, 0x20), (0, 3, 0x40), (1, 3, 0x80))
    dots = []
    for row, line in enumerate(text.splitlines()):
        for col, ch in enumerate(line[label_width + 2 :]):
            if ord(ch) in BRAILLE:
                value = ord(ch) - 0x2800
                for dx, dy, bit in bits:
                    if value & bit:
                        dots.append((2 * col + dx, 4 * row + dy))
    return dots


def accuracy_cases() -> list[tuple[str, tuple, str | None]]:
    """(name, sorted parameter items, flavour) for every function with its defaults, every flavour
    whose parameters differ from the default, and every example parameter set in its spec."""
    cases = []
    for spec in actplot.SPECS:
        seen = []
        default_params = spec.defaults()
        candidates = [(None, {})]
        candidates += [(flavor, {}) for flavor in spec.frameworks]
        candidates += [(None, dict(example)) for example in spec.examples]
        for flavor, override in candidates:
            params = {**spec.defaults(flavor), **override}
            key = tuple(sorted(params.items()))
            if flavor is not None and params == default_params:
                continue
            if key in seen:
                continue
            seen.append(key)
            cases.append((spec.name, key, flavor))
    return cases


CASES = accuracy_cases()
"""The parameter sets the accuracy and derivative-root tests score (see accuracy_cases)."""


def case_id(case: tuple[str, tuple, str | None]) -> str:
    """A readable test id: ``gelu[approximate=tanh]@jax``."""
    name, params, flavor = case
    text = ",".join(f"{k}={v}" for k, v in params)
    return f"{name}[{text}]" + (f"@{flavor}" if flavor else "")
