"""Argv fuzz: any command line ends in a documented exit code, one-line errors, no leftovers.

Hypothesis builds command lines from the real vocabulary (commands, activation names with
parameters and flavours, every option, and hostile values: huge, tiny, nan, empty, unicode,
paths with a trailing slash) and runs them in-process. For each: exit code in {0, 1, 2}; no
"Traceback" and no "unexpected" error; an error is one line on stderr; no temporary file and, on
failure, no output file left in the working folder. Derandomised; the slow tier runs longer.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

import actplot
from actplot.cli import app

ENV = {"COLUMNS": "80", "NO_COLOR": "1", "TERM": "dumb"}

FAST = settings(max_examples=60, deadline=None, derandomize=True, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
SLOW = settings(FAST, max_examples=400)

NAMES = actplot.names()
VALUES = ["0", "-1", "1e-300", "1e300", "1e400", "5e-324", "-1.7976931348623157e308", "nan", "inf", "-inf", "",
          "abc", "1;2;3", "none", "0x10", "½", "1_000", "2", "3", "-0"]
COMMANDS = ["", "plot", "compare", "table", "list", "info"]
FLAGS = ["-d", "-dd", "--diff", "--ascii", "-q", "--no-color", "--centered-axes", "--no-grid", "--help"]
VALUE_OPTIONS = ["--points", "-n", "--xmin", "--xmax", "--ylim", "--range", "--digits", "--format", "-f", "--at",
                 "--theme", "--size", "--dpi", "--layout", "--title", "--flavor", "--family", "-o"]
FORMATS = ["png", "svg", "pdf", "csv", "json", "markdown", "latex", "long-csv", "table", "text", "gif"]
OUTPUTS = ["out.png", "out.svg", "out.csv", "out/", "missing/out.png", "-", "out.tex"]


@st.composite
def specs(draw: st.DrawFn) -> str:
    name = draw(st.sampled_from(NAMES))
    spec = actplot.lookup(name)
    text = name
    if spec.params and draw(st.booleans()):
        param = draw(st.sampled_from(spec.params))
        text += f":{param.name}={draw(st.sampled_from(VALUES))}"
    if draw(st.integers(0, 3)) == 0:
        text += "@" + draw(st.sampled_from(["torch", "jax", "keras2", "keras3", "numpy"]))
    return text


@st.composite
def argvs(draw: st.DrawFn) -> list[str]:
    argv: list[str] = []
    command = draw(st.sampled_from(COMMANDS))
    if command:
        argv.append(command)
    argv.extend(draw(st.lists(specs(), min_size=0, max_size=3)))
    for _ in range(draw(st.integers(0, 4))):
        kind = draw(st.integers(0, 2))
        if kind == 0:
            argv.append(draw(st.sampled_from(FLAGS)))
        else:
            option = draw(st.sampled_from(VALUE_OPTIONS))
            if option in ("--format", "-f"):
                value = draw(st.sampled_from(FORMATS))
            elif option == "-o":
                value = draw(st.sampled_from(OUTPUTS))
            else:
                value = draw(st.sampled_from(VALUES))
            argv.extend([option, value] + ([draw(st.sampled_from(VALUES))] if option in ("--range", "--ylim") else []))
    return argv


def _check(argv: list[str], folder: Path) -> None:
    before = set(os.listdir(folder))
    runner = CliRunner()
    result = runner.invoke(app, argv, env=ENV)
    err = result.stderr
    assert result.exit_code in (0, 1, 2), (argv, result.exit_code, err[-300:])
    assert "Traceback" not in result.stdout + err, argv
    assert "Error: unexpected" not in err, (argv, err)
    if result.exit_code != 0 and "--help" not in argv and not err.startswith("Usage:"):
        lines = [line for line in err.splitlines() if line.strip()]
        assert lines and lines[-1].startswith("Error: "), (argv, err)
    after = set(os.listdir(folder))
    assert not [n for n in after if ".tmp-" in n], argv
    if result.exit_code != 0:
        assert after <= before, (argv, after - before)


def _check_in_fresh_folder(argv, tmp_path_factory) -> None:
    """:func:`_check` run from an empty folder of its own (files the command writes land there)."""
    folder = tmp_path_factory.mktemp("fuzz")
    cwd = os.getcwd()
    os.chdir(folder)
    try:
        _check(argv, folder)
    finally:
        os.chdir(cwd)


@given(argv=argvs())
@FAST
def test_argv_fuzz(argv, tmp_path_factory):
    _check_in_fresh_folder(argv, tmp_path_factory)


@pytest.mark.slow
@given(argv=argvs())
@SLOW
def test_argv_fuzz_long(argv, tmp_path_factory):
    _check_in_fresh_folder(argv, tmp_path_factory)
