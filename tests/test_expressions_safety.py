"""Expressions are parsed, never run: known escapes and resource attacks are refused with one-line
errors (exit 2), in-process, through the real CLI with a canary file, and under a hypothesis fuzz
during which eval/exec and any non-AST compile() fail loudly."""

from __future__ import annotations

import ast
import builtins
import os
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import actplot
from actplot.errors import ActplotError
from actplot.expressions import parser

CANARY = "actplot_canary_must_not_exist"

# Known escapes from expression evaluators (dunder chains, builtins, lambdas, f-strings, format
# strings, attribute and subscript access, walrus, imports, splats) and resource attacks.
ESCAPES = [
    "__import__('os').system('touch CANARY')",
    "__import__",
    "().__class__.__bases__[0].__subclasses__()",
    "x.__class__",
    "x.real",
    "(lambda: 1)()",
    "[c for c in ().__class__.__bases__]",
    "f'{x}'",
    "'{0.__class__}'.format(x)",
    "open('CANARY', 'w')",
    "exec('import os')",
    "eval('1')",
    "compile('1', 'f', 'eval')",
    "getattr(x, 'real')",
    "globals()",
    "(y := 1) + x",
    "x[0]",
    "x if x else 1",
    "x and 1",
    "not x",
    "~x",
    "x // 2",
    "x @ x",
    "exp(*[x])",
    "exp(**{'x': 1})",
    "silu(x, **{'beta': 1})",
    "import os",
    "x; import os",
    "__builtins__",
    "_x",
    "sigmoid.__globals__",
    "leaky_relu(x, negative_slope=x)",
    "exp",
    "{x}",
    "x is x",
    "x in x",
    "b'x'",
    "1j*x",
    "True*x",
    "None",
    "...",
    "x^2",
    "x % 2",
    "x & 1",
    "\\u005f\\u005fimport\\u005f\\u005f",
    "ｘ",
    "x\x00",
    "exp(x\n)",
    "x;;",
    "x; y",
    "x; 1=2",
    "x; __a=1",
    "x; x=1",
    "x; b=x",
    "x; b=1; b=2",
    "max(x)",
    "where(x, 1)",
    "exp(x, x)",
    "unknown_fn(x)",
    "y*x",
    "x*(1+x",
    "x*1+x)",
    "",
    " ",
]
RESOURCE_ATTACKS = [
    "9**9**9**9*x",
    "(" * 300 + "x" + ")" * 300,
    "-" * 100_000 + "x",
    "+".join(["x"] * 200_000),
    "x" + "*x" * 199,
    "-" * 399 + "x",
    "1" * 5000,
    "exp(" * 31 + "x" + ")" * 31,
    "1e999999*x",
    "x; " + "; ".join(f"p{i}=1" for i in range(40)),
    "max(" + ", ".join(["x"] * 150) + ")",
]


@pytest.mark.parametrize("text", ESCAPES + RESOURCE_ATTACKS, ids=lambda t: repr(t[:40]))
def test_escapes_and_attacks_are_refused_or_harmless(text: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    text = text.replace("CANARY", CANARY)
    start = time.perf_counter()
    try:
        act = actplot.get(text)
    except ActplotError as exc:
        message = str(exc)
        assert "\n" not in message and len(message) < 400
        assert "Traceback" not in message
    else:
        # only plain arithmetic gets through: float64 overflow gives inf, no hang and no side effect
        with np.errstate(all="ignore"):
            act(np.linspace(-1, 1, 5))
    assert time.perf_counter() - start < 2.0
    assert not (tmp_path / CANARY).exists()


def test_harmless_overflow_is_float64() -> None:
    start = time.perf_counter()
    act = actplot.get("9**9**9*x")
    assert float(act(1.0)) == float("inf")
    assert float(actplot.get("1e999999*x")(1.0)) == float("inf")
    assert time.perf_counter() - start < 1.0


ERRORS = [
    ("x*(1+x", "invalid expression at column 7: missing ')'"),
    ("x*1+x)", "invalid expression at column 6: unmatched ')'"),
    ("y*x", "unknown name 'y' (allowed: x, pi, e, parameters)"),
    ("x*sigmoid(b*y); b=1", "unknown name 'y' (allowed: x, pi, e, b)"),
    ("x.real", "invalid expression at column 1: attribute access ('.') not allowed"),
    ("(lambda: 1)()", "character ':' is not allowed"),
    ("x + (lambda x=1: x)", "character ':' is not allowed"),
    ("x^2", "character '^' is not allowed (use ** for powers)"),
    ("x[0]", "character '[' is not allowed"),
    ("x if x else 1", "'if ... else' (use where(cond, a, b)) not allowed"),
    ("(y := 1) + x", "character ':' is not allowed"),
    ("exp(x, x)", "exp() takes 1 argument; got 2"),
    ("unknown_fn(x)", "unknown function 'unknown_fn'"),
    ("x; b", "'b' is not name=value"),
    ("x; x=1", "'x' is reserved"),
    ("x" + "*x" * 300, "characters; at most 400 are allowed"),
    ("(" * 40 + "x" + ")" * 40, "parentheses nested deeper than 32"),
    ("x; b=x", "the value of 'b' must be a number"),
    ("exp", "'exp' is a function; call it, e.g. exp(x)"),
    # parameter values are finite numbers inside the parameters' domain
    ("x*b; b=1/0", "b=1/0 is inf; a parameter must be a finite number"),
    ("x*b; b=0/0", "b=0/0 is nan; a parameter must be a finite number"),
    ("x*b; b=sqrt(-1)", "b=sqrt(-1) is nan"),
    ("x*b; b=1e301", "invalid expression: "),
    # a catalogue call is a Python-like call: one value per parameter, element-wise functions only
    ("leaky_relu(x, negative_slope=0.2, negative_slope=0.3)", "leaky_relu: parameter negative_slope given twice"),
    ("leaky_relu(x, negative_slope=0.2, alpha=0.3)", "leaky_relu: parameter negative_slope given twice"),
    ("softmax(x)", "softmax is vector-valued"),
    ("2*glu(x)", "glu is vector-valued"),
    ("rrelu(x)", "rrelu is random"),
]


@pytest.mark.parametrize("text, message", ERRORS, ids=[e[0][:30] for e in ERRORS])
def test_errors_name_the_position_or_construct(text: str, message: str) -> None:
    with pytest.raises(ActplotError) as info:
        actplot.get(text)
    assert message in str(info.value)


def _cli(*args: str, cwd: Path) -> subprocess.Popen[str]:
    env = {**os.environ, "COLUMNS": "80", "NO_COLOR": "1"}
    return subprocess.Popen(
        [sys.executable, "-m", "actplot", *args], cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )


CLI_ESCAPES = [
    ["__import__('os').system('touch CANARY')"],
    ["compare", "silu", "open('CANARY','w').write('x')"],
    ["table", "().__class__.__bases__[0].__subclasses__()", "--at=0"],
    ["info", "exec('open(\"CANARY\",\"w\")')"],
    ["x*(1+x"],
    ["9**9**9**9*x; b=__import__"],
]


def test_the_real_cli_refuses_escapes_with_exit_2_and_creates_no_file(tmp_path: Path) -> None:
    runs = [(argv, _cli(*(a.replace("CANARY", CANARY) for a in argv), cwd=tmp_path)) for argv in CLI_ESCAPES]
    for argv, proc in runs:
        out, err = proc.communicate(timeout=120)
        assert proc.returncode == 2, (argv, out, err)
        lines = err.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("Error: "), (argv, err)
        assert "Traceback" not in err and out == ""
    assert not (tmp_path / CANARY).exists()
    assert list(tmp_path.iterdir()) == []


# --- fuzz: whatever the text, the result is an activation or an ActplotError; nothing is executed ---

TOKENS = [
    "x", "pi", "e", "b", "(", ")", "*", "**", "+", "-", "/", "<", "<=", "==", "!=", ">", ",", ";", "=", ".",
    "1", "0", "2.5", "1e308", "exp", "log", "sqrt", "abs", "max", "min", "where", "silu", "relu",
    "leaky_relu", "negative_slope", "__class__", "__import__", "lambda", ":", "[", "]", "'", "import", "os",
    "if", "else", "for", "in", "not", "and", " ",
]  # fmt: skip


def _guarded_builtins(monkeypatch: pytest.MonkeyPatch, text: str) -> None:
    """compile() of the user's text to code, and eval/exec/os.system of it, fail the test (other
    callers, e.g. hypothesis compiling its own modules, pass through)."""
    real_compile, real_eval, real_exec = builtins.compile, builtins.eval, builtins.exec
    user = text.strip()

    def mentions_user_text(source: object) -> bool:
        return bool(user) and isinstance(source, (str, bytes)) and user in (source if isinstance(source, str) else source.decode("latin-1"))

    def only_ast(source, filename, mode, flags=0, *args, **kwargs):  # type: ignore[no-untyped-def]
        if mentions_user_text(source) and not flags & ast.PyCF_ONLY_AST:
            raise AssertionError(f"compile() of user text to code: {source!r}")
        return real_compile(source, filename, mode, flags, *args, **kwargs)

    def guarded(real):  # type: ignore[no-untyped-def]
        def call(source, *args, **kwargs):  # type: ignore[no-untyped-def]
            if mentions_user_text(source) or not isinstance(source, (str, bytes)):
                raise AssertionError(f"eval/exec of {source!r}")
            return real(source, *args, **kwargs)

        return call

    def refuse(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise AssertionError("os.system called")

    monkeypatch.setattr(builtins, "compile", only_ast)
    monkeypatch.setattr(builtins, "eval", guarded(real_eval))
    monkeypatch.setattr(builtins, "exec", guarded(real_exec))
    monkeypatch.setattr(os, "system", refuse)


@settings(derandomize=True, max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(TOKENS), min_size=1, max_size=14).map("".join) | st.text(max_size=30))
def test_fuzz_never_runs_user_text(monkeypatch: pytest.MonkeyPatch, text: str) -> None:
    with monkeypatch.context() as patch:
        _guarded_builtins(patch, text)
        try:
            act = actplot.get(text)
        except ActplotError as exc:
            assert "\n" not in str(exc) or "\n" in text  # an unknown name is quoted as typed
            return
    with np.errstate(all="ignore"):
        x = np.array([-2.0, -0.5, 0.0, 0.5, 2.0])
        assert act(x).shape == x.shape
        assert act.derivative(x, order=2).shape == x.shape


def test_parser_checks_come_before_ast_parse(monkeypatch: pytest.MonkeyPatch) -> None:
    """Over-long, non-ASCII or too deeply nested text never reaches the parser."""
    calls = []
    real = ast.parse
    monkeypatch.setattr(parser.ast, "parse", lambda *a, **k: calls.append(a) or real(*a, **k))
    for text in ("x" * 500, "é*x", "(" * 100 + "x" + ")" * 100):
        with pytest.raises(ActplotError):
            actplot.get(text)
    assert calls == []
