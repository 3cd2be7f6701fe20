"""Bad input and faults, one test (or more) per numbered case of docs/cli.md.

Each case asserts the exit code, a single line on stderr without a traceback, nothing on stdout
unless stated, and that no file was created or changed (directory listing + SHA-256 before/after).
Gallery-only cases (16, 18, 21 for the gallery) are tested with the gallery command; here their
plot/table counterparts are covered.
"""

from __future__ import annotations

import errno
import json
import math
import os
import time
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import actplot
from actplot import registry
from actplot.spec import rule_text
from tests.helpers import ENV, has_colour, need, one_error_line, run, snapshot, specs_with


@pytest.fixture()
def workdir(tmp_path, monkeypatch):
    """An empty current directory; tests compare its snapshot before/after."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


def unchanged(workdir: Path, args: list[str], code: int = 2, **kwargs) -> str:
    before = snapshot(workdir)
    result = run(args, **kwargs)
    line = one_error_line(result, code)
    assert snapshot(workdir) == before, "files changed"
    return line


# 1 -------------------------------------------------------------------------------------------------
def test_case_01_misspelt_activation_suggests(workdir):
    line = unchanged(workdir, ["sigmod"])
    assert line.startswith("Error: unknown activation 'sigmod'. Did you mean 'sigmoid'")
    line = unchanged(workdir, ["table", "sigmod"])
    assert "Did you mean 'sigmoid'" in line


def test_case_01_misspelt_parameter_suggests(workdir):
    need("elu")
    line = unchanged(workdir, ["elu:alpah=1"])
    assert "no parameter 'alpah'" in line and "Did you mean 'alpha'?" in line


def test_case_01_bad_parameter_value_names_the_domain(workdir):
    need("elu")
    line = unchanged(workdir, ["elu:alpha=-1"])
    assert "alpha must satisfy" in line


def test_case_01_bad_flavour(workdir):
    line = unchanged(workdir, ["sigmoid@jx"])
    assert "Did you mean 'jax'?" in line
    line = unchanged(workdir, ["--flavor", "kears2", "sigmoid"])
    assert "Did you mean 'keras2'?" in line


def test_case_01_spec_syntax(workdir):
    for bad in ("sigmoid:", "sigmoid@", ":x=1", "sigmoid:alpha"):
        unchanged(workdir, [bad])


# 2 -------------------------------------------------------------------------------------------------
def test_case_02_misspelt_command(workdir):
    line = unchanged(workdir, ["plto", "sigmoid"])
    assert line.startswith("Error: No such command 'plto'. Did you mean 'plot'?")
    line = unchanged(workdir, ["tabel", "sigmoid"])
    assert "Did you mean 'table'?" in line
    line = unchanged(workdir, ["lst"])
    assert "Did you mean 'list'?" in line


# 3 -------------------------------------------------------------------------------------------------
def test_case_03_misspelt_option(workdir):
    line = unchanged(workdir, ["sigmoid", "--dpl", "300"])
    assert "No such option: --dpl" in line and "--dpi" in line
    line = unchanged(workdir, ["--verison"])
    assert "No such option: --verison" in line and "--version" in line
    line = unchanged(workdir, ["table", "sigmoid", "--fromat", "json"])
    assert "--format" in line


# 4 -------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("specs", [[], ["sigmoid"]])
def test_case_04_compare_needs_two(workdir, specs):
    line = unchanged(workdir, ["compare", *specs])
    assert "compare needs at least 2 activations" in line


def test_case_04_table_needs_one(workdir):
    line = unchanged(workdir, ["table"])
    assert "Missing argument" in line


# 5 -------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "args, message",
    [
        (["--xmin", "nan"], "--xmin must be a finite number, got 'nan'"),
        (["--xmax", "inf"], "--xmax must be a finite number, got 'inf'"),
        (["--xmin", "1e400"], "--xmin must be a finite number, got '1e400'"),
        (["--xmin", "-inf"], "--xmin must be a finite number"),
        (["--range", "nan", "1"], "--range must be a finite number"),
        (["--xmin", "abc"], "--xmin must be a number, got 'abc'"),
        (["--ylim", "0", "nan"], "--ylim must be a finite number"),
    ],
)
@pytest.mark.parametrize("command", [["plot", "sigmoid"], ["compare", "sigmoid", "tanh"], ["table", "sigmoid"]])
def test_case_05_non_finite_range(workdir, command, args, message):
    if command[0] == "table" and args[0] == "--ylim":
        pytest.skip("table has no --ylim")
    line = unchanged(workdir, [*command, *args])
    assert message in line


def test_case_05_with_output_file(workdir):
    line = unchanged(workdir, ["sigmoid", "--xmin", "nan", "-o", "s.png"])
    assert "finite" in line


# 6 -------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("lo, hi", [("3", "3"), ("5", "-5")])
def test_case_06_empty_or_reversed_range(workdir, lo, hi):
    line = unchanged(workdir, ["sigmoid", "--xmin", lo, "--xmax", hi])
    assert "--xmin must be less than --xmax" in line
    line = unchanged(workdir, ["sigmoid", "--range", lo, hi])
    assert "needs A < B" in line
    line = unchanged(workdir, ["table", "sigmoid", "--range", lo, hi])
    assert "needs A < B" in line


def test_case_06_ylim_reversed(workdir):
    assert "LOW < HIGH" in unchanged(workdir, ["sigmoid", "--ylim", "1", "1"])


def test_case_06_range_and_xmin_conflict(workdir):
    assert "either --range" in unchanged(workdir, ["sigmoid", "--range", "-1", "1", "--xmin", "0"])


# 7 -------------------------------------------------------------------------------------------------
def test_case_07_absurd_span(workdir):
    line = unchanged(workdir, ["sigmoid", "--xmin", "-1e308", "--xmax", "1e308"])
    assert "within" in line
    line = unchanged(workdir, ["sigmoid", "--xmin", "-1e13", "--xmax", "1e13"])
    assert "limit is 1e+12" in line


@pytest.mark.parametrize(
    ("lo", "hi", "need"),
    [("0", "1e-300", "1e-250"), ("1", "1.000000000001", "1e-09"), ("-1e6", "-999999.9999999", "0.001")],
)
@pytest.mark.parametrize("command", [["sigmoid"], ["sigmoid", "-o", "s.png"], ["compare", "sigmoid", "tanh"]])
def test_case_07_interval_too_narrow_to_draw(workdir, command, lo, hi, need):
    """An interval float64 or matplotlib cannot draw (no curve, tick labels running together) is
    refused with the width needed; a table still shows values there."""
    line = unchanged(workdir, [*command, "--range", lo, hi])
    assert "too narrow to draw" in line and f"at least {need} wide" in line
    assert run(["table", "sigmoid", "--range", lo, hi, "--points", "3"]).exit_code == 0


def test_terminal_summary_tells_close_interval_ends_apart():
    result = run(["sigmoid", "--range", "1", "1.000001"])
    assert result.exit_code == 0 and "f on [1, 1.000001]" in result.stdout


# 8 -------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("points", ["0", "1", "-5", "1e3", "1000000000", "2.5", "many"])
@pytest.mark.parametrize("command", [["sigmoid"], ["table", "sigmoid"], ["compare", "sigmoid", "tanh"]])
def test_case_08_points_bounds(workdir, command, points):
    line = unchanged(workdir, [*command, "--points", points])
    assert "--points must be" in line and "between 2 and 1000000" in line


def test_case_08_points_edges_accepted():
    assert run(["table", "sigmoid", "--points", "2", "--format", "csv"]).exit_code == 0
    assert run(["sigmoid", "--points", "2"]).exit_code == 0
    assert run(["table", "sigmoid", "--points", "1_000", "--format", "csv"]).exit_code == 0


def test_case_08_human_table_row_cap(workdir):
    line = unchanged(workdir, ["table", "sigmoid", "--points", "10001"])
    assert "at most 10000 rows" in line and "--format csv" in line
    assert run(["table", "sigmoid", "--points", "10001", "--format", "csv"]).exit_code == 0


def test_case_08_many_points_in_the_terminal_stay_fast():
    start = time.perf_counter()
    result = run(["sigmoid", "-dd", "--points", "1000000"])
    assert result.exit_code == 0
    assert time.perf_counter() - start < 30


def test_case_08_at_bounds(workdir):
    assert "--at" in unchanged(workdir, ["table", "sigmoid", "--at=1,,2"])
    assert "--at" in unchanged(workdir, ["table", "sigmoid", "--at=x"])
    assert "either --at" in unchanged(workdir, ["table", "sigmoid", "--at=1", "--points", "3"])


@pytest.mark.parametrize(
    "args, message",
    [
        (["--dpi", "5"], "--dpi must be between 10 and 10000, got 5"),  # FreeType fails below 10
        (["--size", "0.1x0.1"], "--size width is 0.1 inches; the minimum is 1"),
    ],
)
def test_case_09_file_limits(workdir, args, message):
    assert message in unchanged(workdir, ["sigmoid", "-o", "s.png", *args])
    if args[0] == "--dpi":  # the gallery has no --size
        assert message in unchanged(workdir, ["gallery", "-o", "g", "--only", "relu", *args])


# 9 -------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "args, message",
    [
        (["--dpi", "0"], "--dpi must be positive"),
        (["--dpi", "-5"], "--dpi must be positive"),
        (["--dpi", "nan"], "--dpi must be a finite number"),
        (["--size", "0x5"], "--size must be positive"),
        (["--size", "7x-1"], "--size must be positive"),
        (["--size", "7"], "--size must be WIDTHxHEIGHT"),
        (["--size", "axb"], "--size width must be a number"),
        (["--theme", "neon"], "--theme must be one of light, dark, grayscale"),
        (["--layout", "stack"], "--layout must be one of overlay, grid"),
        (["-ddd"], "-d can be given at most twice"),
    ],
)
def test_case_09_figure_options_validated_before_anything(workdir, args, message):
    line = unchanged(workdir, ["sigmoid", "-o", "s.png", *args])
    assert message in line
    line = unchanged(workdir, ["sigmoid", *args])  # the terminal path validates them too
    assert message in line


# 10 ------------------------------------------------------------------------------------------------
def test_case_10_pixel_limit(workdir):
    line = unchanged(workdir, ["sigmoid", "--size", "1000x5", "--dpi", "10000", "-o", "s.png"])
    assert "10,000,000 pixels wide" in line and "8,388,607" in line
    line = unchanged(workdir, ["sigmoid", "--size", "5x1000", "--dpi", "10000", "-o", "s.png"])
    assert "pixels high" in line


# 11 ------------------------------------------------------------------------------------------------
def test_case_11_unknown_extension_lists_formats(workdir):
    line = unchanged(workdir, ["sigmoid", "-o", "plot.bmpx"])
    assert "png" in line and "svg" in line and "pdf" in line


def test_case_11_no_extension(workdir):
    before = snapshot(workdir)
    result = run(["sigmoid", "-o", "plot"])
    if result.exit_code == 2:  # policy: require --format (or an extension)
        one_error_line(result, 2)
        assert snapshot(workdir) == before
    else:  # policy: documented default format
        assert result.exit_code == 0
    result = run(["sigmoid", "-o", "plot", "--format", "png"])
    assert result.exit_code == 0, result.stderr
    assert (workdir / "plot").read_bytes().startswith(b"\x89PNG")


def test_case_11_upper_case_extension(workdir):
    result = run(["sigmoid", "-o", "plot.PNG"])
    assert result.exit_code == 0, result.stderr
    assert (workdir / "plot.PNG").read_bytes().startswith(b"\x89PNG")


# 12 ------------------------------------------------------------------------------------------------
def test_case_12_extension_conflicts_with_format(workdir):
    line = unchanged(workdir, ["sigmoid", "-o", "out.png", "--format", "svg"])
    assert "png" in line and "svg" in line


def test_case_12_format_without_output(workdir):
    assert "--format needs -o" in unchanged(workdir, ["sigmoid", "--format", "svg"])


# 13 ------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("fmt", ["png", "pdf"])
def test_case_13_binary_to_a_terminal_refused(workdir, monkeypatch, fmt):
    from actplot.cli import plot

    monkeypatch.setattr(plot, "_stdout_is_tty", lambda: True)
    line = unchanged(workdir, ["sigmoid", "-o", "-", "--format", fmt])
    assert "refusing to write binary" in line


@pytest.mark.parametrize("fmt, magic", [("png", b"\x89PNG"), ("pdf", b"%PDF"), ("svg", b"<?xml")])
def test_case_13_redirected_stdout_gets_bytes_only(workdir, fmt, magic):
    result = run(["sigmoid", "-d", "-o", "-", "--format", fmt])
    assert result.exit_code == 0, result.stderr
    assert result.stdout_bytes.startswith(magic)
    assert snapshot(workdir) == {}


def test_case_13_compare_diff_to_stdout_keeps_report_on_stderr(workdir):
    result = run(["compare", "sigmoid", "tanh", "--diff", "-o", "-", "--format", "svg"])
    assert result.exit_code == 0, result.stderr
    assert result.stdout_bytes.startswith(b"<?xml")
    assert "largest |tanh \u2212 sigmoid|" in result.stderr


# 14 ------------------------------------------------------------------------------------------------
def test_case_14_missing_directory(workdir):
    line = unchanged(workdir, ["sigmoid", "-o", "missing_dir/x.png"], code=1)
    assert line.startswith("Error: cannot write missing_dir/x.png: No such file or directory")


def test_case_14_parent_is_a_file(workdir):
    (workdir / "afile").write_text("keep")
    line = unchanged(workdir, ["sigmoid", "-o", "afile/x.png"], code=1)
    assert "cannot write afile/x.png" in line


def test_case_14_target_is_a_directory(workdir):
    (workdir / "adir.png").mkdir()
    line = unchanged(workdir, ["sigmoid", "-o", "adir.png"], code=1)
    assert "is a directory" in line


def test_case_14_disk_full(workdir, monkeypatch):
    def full(fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    line = unchanged(workdir, ["sigmoid", "-o", "x.png"], code=1)
    assert "cannot write x.png: No space left on device" in line


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write into read-only directories")
def test_case_14_read_only_directory(workdir):
    ro = workdir / "ro"
    ro.mkdir()
    ro.chmod(0o500)
    try:
        line = unchanged(workdir, ["sigmoid", "-o", "ro/x.png"], code=1)
        assert "cannot write ro/x.png" in line
    finally:
        ro.chmod(0o700)


# 15 ------------------------------------------------------------------------------------------------
def test_case_15_existing_file_replaced_whole(workdir):
    (workdir / "s.svg").write_text("old")
    result = run(["sigmoid", "-o", "s.svg"])
    assert result.exit_code == 0, result.stderr
    assert (workdir / "s.svg").read_bytes().startswith(b"<?xml")
    assert sorted(p.name for p in workdir.iterdir()) == ["s.svg"]


def test_case_15_failed_render_keeps_old_file(workdir, monkeypatch):
    from actplot.views import render

    (workdir / "s.svg").write_text("old valid file")

    def boom(*args, **kwargs):
        raise RuntimeError("renderer exploded")

    monkeypatch.setattr(render, "plot_figure", boom)
    line = unchanged(workdir, ["sigmoid", "-o", "s.svg"], code=1)
    assert "RuntimeError" in line and "--debug" in line
    assert (workdir / "s.svg").read_text() == "old valid file"


# 16 ------------------------------------------------------------------------------------------------
GALLERY = ["gallery", "-o", "g", "--only", "sigmoid", "-f", "svg", "-j", "1", "--no-index"]


def test_case_16_gallery_refuses_to_clobber(workdir):
    first = run(GALLERY)
    assert first.exit_code == 0, first.stderr
    (workdir / "g" / "sigmoid.svg").write_bytes(b"edited by hand")
    before = snapshot(workdir)
    second = run(GALLERY)
    assert second.exit_code == 2
    assert "Traceback" not in second.stderr
    assert [line for line in second.stderr.splitlines() if line.startswith("Error:")] == [
        "Error: refusing to overwrite 1 file(s) that differ from what would be drawn (use --force): sigmoid.svg"
    ]
    assert snapshot(workdir) == before
    forced = run([*GALLERY, "--force"])
    assert forced.exit_code == 0
    assert (workdir / "g" / "sigmoid.svg").read_bytes().startswith(b"<?xml")
    assert sorted(p.name for p in (workdir / "g").iterdir()) == ["sigmoid.svg"]


def test_case_21_gallery_json_stdout_is_json_only(workdir):
    result = run([*GALLERY, "--json"])
    assert result.exit_code == 0, result.stderr
    summary = json.loads(result.stdout)
    assert summary["written"] == ["sigmoid.svg"]


# 17 ------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("fmt", ["svg", "pdf", "png"])
def test_case_17_bad_mathtext_title(workdir, fmt):
    before = snapshot(workdir)
    result = run(["sigmoid", "--title", r"$\foo$", "-o", f"t.{fmt}"])
    if result.exit_code == 2:  # validated up front
        one_error_line(result, 2)
        assert snapshot(workdir) == before
    else:  # rendered literally
        assert result.exit_code == 0, result.stderr
        assert (workdir / f"t.{fmt}").stat().st_size > 100


def test_case_17_title_in_terminal_is_plain_text():
    result = run(["sigmoid", "--title", r"$\foo$"])
    assert result.exit_code == 0
    assert result.stdout.splitlines()[0] == r"$\foo$"


# 18, 19 --------------------------------------------------------------------------------------------
@pytest.mark.parametrize("where", ["plot_figure", "save_figure"])
def test_case_19_ctrl_c_while_rendering_or_writing(workdir, monkeypatch, where):
    from actplot.views import export, render

    (workdir / "s.svg").write_bytes(b"old bytes")

    def interrupt(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(render if where == "plot_figure" else export, where, interrupt)
    result = run(["sigmoid", "-o", "s.svg"])
    assert result.exit_code == 130
    assert result.stderr.strip() == "Interrupted."
    assert "Traceback" not in result.stderr
    assert (workdir / "s.svg").read_bytes() == b"old bytes"
    assert sorted(p.name for p in workdir.iterdir()) == ["s.svg"]


def test_case_19_ctrl_c_inside_the_atomic_write(workdir, monkeypatch):
    (workdir / "s.pdf").write_bytes(b"old bytes")
    real_replace = os.replace

    def interrupt(src, dst, *a, **k):
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", interrupt)
    result = run(["sigmoid", "-o", "s.pdf"])
    monkeypatch.setattr(os, "replace", real_replace)
    assert result.exit_code == 130
    assert (workdir / "s.pdf").read_bytes() == b"old bytes"
    assert sorted(p.name for p in workdir.iterdir()) == ["s.pdf"]


def test_case_18_ctrl_c_in_terminal_commands(monkeypatch):
    from actplot import sampling

    def interrupt(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(sampling, "sample_curve", interrupt)
    result = run(["sigmoid"])
    assert result.exit_code == 130 and result.stderr == "Interrupted.\n"


# 20 (broken pipe) is a real-process test: test_cli_process.py::test_case_20_broken_pipe ------------
def test_case_20_broken_pipe_in_process(monkeypatch):
    from actplot import output

    real_write_text = output.write_text

    def closed(text, *, to="stdout", **kwargs):  # every stdout write goes through the output layer
        if to == "stdout":
            raise BrokenPipeError(errno.EPIPE, "Broken pipe")
        real_write_text(text, to=to, **kwargs)

    monkeypatch.setattr(output, "write_text", closed)
    result = run(["table", "sigmoid", "--format", "csv"])
    assert result.exit_code == 1
    assert result.stderr == ""


# 21 ------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "args",
    [
        ["table", "sigmoid", "tanh", "-dd", "--format", "json"],
        ["list", "--format", "json"],
        ["info", "sigmoid", "--format", "json"],
        ["-q", "table", "sigmoid", "--format", "json"],
    ],
)
def test_case_21_json_stdout_is_json_only(args):
    result = run(args)
    assert result.exit_code == 0
    json.loads(result.stdout)
    assert result.stderr == ""


# 22 ------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "args",
    [["sigmoid", "-d"], ["compare", "sigmoid", "tanh", "-d", "--diff"], ["table", "sigmoid", "tanh", "-dd"], ["list"], ["info", "sigmoid"]],
)
def test_case_22_narrow_no_colour_dumb_terminal(args):

    result = run(args, env={"COLUMNS": "40", "NO_COLOR": "1", "TERM": "dumb"})
    assert result.exit_code == 0, result.stderr
    assert not has_colour(result.stdout)
    assert max(len(line) for line in result.stdout.splitlines()) <= 40


# 23 ------------------------------------------------------------------------------------------------
# (real processes with PYTHONIOENCODING=ascii: test_cli_process.py::test_case_23_ascii_encoding)
@pytest.mark.parametrize("args", [["sigmoid", "-dd"], ["table", "sigmoid", "-d"], ["list"], ["info", "sigmoid"], ["compare", "sigmoid", "tanh", "--diff"]])
def test_case_23_ascii_charset_in_process(args):
    result = CliRunnerAscii.invoke(args)
    assert result.exit_code == 0, result.stderr
    assert result.stdout_bytes.isascii()


class CliRunnerAscii:
    @staticmethod
    def invoke(args):
        from typer.testing import CliRunner

        from actplot.cli import app

        return CliRunner(charset="ascii").invoke(app, args, env=ENV)


# 24, 25 (MPLBACKEND=TkAgg without DISPLAY; unwritable MPLCONFIGDIR): real processes in
# test_cli_process.py.


# 26 ------------------------------------------------------------------------------------------------
def test_case_26_json_nan_inf_become_null():
    def reject(constant):
        raise ValueError(f"non-standard JSON constant {constant}")

    result = run(["table", "sigmoid", "--at=nan,inf,-inf", "-dd", "--format", "json"])
    rows = json.loads(result.stdout, parse_constant=reject)
    assert all(row["x"] is None for row in rows)
    assert rows[0]["sigmoid"] is None  # nan in, nan out → null
    json.loads(run(["info", "sigmoid", "--format", "json"]).stdout, parse_constant=reject)
    json.loads(run(["list", "--format", "json"]).stdout, parse_constant=reject)


# 27 ------------------------------------------------------------------------------------------------
EXTREMES = "-1000,1000,inf,-inf,nan,-0.0,0.0"


@pytest.mark.parametrize("name", registry.names())
def test_case_27_extreme_inputs(name):
    """f at ±1000, ±inf, nan, -0.0 through `table`: no warning (pytest turns warnings into errors,
    so a RuntimeWarning would fail the command), nan only for nan, f(±0) finite."""
    result = run(["table", name, f"--at={EXTREMES}", "-dd", "--format", "csv"])
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    rows = [line.split(",") for line in result.stdout.splitlines()[1:]]
    values = {row[0]: [float(v) for v in row[1:]] for row in rows}
    act = actplot.get(name)
    assert all(math.isnan(v) for v in values["nan"])
    for x in ("-0.0", "0.0"):
        assert math.isfinite(values[x][0])
    for x in ("-1000.0", "1000.0"):
        expected = float(act(float(x)))
        assert values[x][0] == expected or (math.isnan(expected) and math.isnan(values[x][0]))
        assert not math.isnan(values[x][0]), f"{name}({x}) is nan"


# 28 ------------------------------------------------------------------------------------------------
def _kink_cases() -> list[tuple[str, str, float]]:
    cases = []
    for spec in registry.SPECS:
        flavors = list(spec.frameworks) or [None]
        for flavor in flavors:
            act = actplot.get(spec.name, flavor=flavor) if flavor else actplot.get(spec.name)
            for kink in act.kinks:
                if kink.kind in ("kink", "jump"):
                    cases.append((spec.name, flavor or "", kink.x))
    return cases


@pytest.mark.parametrize("name, flavor, x", _kink_cases())
def test_case_28_derivative_at_kinks_follows_the_flavour_convention(name, flavor, x):
    spec_text = f"{name}@{flavor}" if flavor else name
    act = actplot.get(spec_text)
    kink = next(k for k in act.kinks if k.x == x)
    probe = np.array([math.nextafter(x, -math.inf), math.nextafter(x, math.inf)])
    left, right = act.spec.derivative(probe, **act.params)
    side = kink.side_for(act.effective_flavor)
    expected = side if isinstance(side, float) else {"left": left, "right": right, "mean": 0.5 * (left + right)}[side]
    result = run(["table", spec_text, f"--at={x!r}", "-d", "--format", "json"])
    assert result.exit_code == 0, result.stderr
    row = json.loads(result.stdout)[0]
    key = next(k for k in row if k.endswith("'"))
    assert row[key] == pytest.approx(float(expected), abs=1e-12)
    info = json.loads(run(["info", spec_text, "--format", "json"]).stdout)
    kinks = [k for k in info["kinks"] if k["x"] == x]
    assert kinks and kinks[0]["by_flavor"][act.effective_flavor]["side_d1"] == rule_text(side)


def test_case_28_kinks_shown_in_terminal_plot():
    kinked = specs_with("kink")
    act = actplot.get(kinked[0])
    x = act.kinks[0].x
    result = run([kinked[0], "-d", "--range", str(x - 2), str(x + 2)])
    assert result.exit_code == 0
    text = " ".join(result.stdout.split())
    assert "kink at x = " in text and f"limit, {act.effective_flavor})" in text


# 36 ------------------------------------------------------------------------------------------------
TOKENS = st.sampled_from(
    [
        "sigmoid", "tanh", "sigmod", "plot", "compare", "table", "list", "info", "-d", "-dd", "--diff",
        "--range", "--xmin", "--xmax", "--points", "--at", "--at=-1,0,1", "--format", "json", "csv",
        "markdown", "--flavor", "jax", "keras2", "-q", "--no-color", "--ascii", "--ylim", "--layout",
        "grid", "--title", "nan", "inf", "-1", "0", "1", "3", "1e400", "--", "-", "--help",
        "--version", "--family", "sigmoid-like", "@", ":", "sigmoid@jax", "sigmoid:x=1", "",
    ]
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(argv=st.lists(st.one_of(TOKENS, st.text(max_size=12)), max_size=7))
def test_case_36_fuzzed_argv_never_escapes(argv, tmp_path_factory):
    folder = tmp_path_factory.mktemp("fuzz")
    cwd = os.getcwd()
    os.chdir(folder)  # a random "-o x" may write a file: keep it out of the repository
    try:
        result = run(argv, catch_exceptions=False)
    finally:
        os.chdir(cwd)
    assert result.exit_code in (0, 1, 2), (argv, result.exit_code, result.stderr)
    assert "Traceback" not in result.stdout and "Traceback" not in result.stderr
    if result.exit_code != 0:
        assert len(result.stderr.splitlines()) <= 1 or "Usage" in result.stdout + result.stderr


# 37 ------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("fmt", ["svg", "pdf", "png"])
def test_case_37_same_command_same_bytes(workdir, fmt):
    args = ["compare", "sigmoid", "tanh", "-d", "--diff"]
    assert run([*args, "-o", f"a.{fmt}"]).exit_code == 0
    assert run([*args, "-o", f"b.{fmt}"]).exit_code == 0
    assert (workdir / f"a.{fmt}").read_bytes() == (workdir / f"b.{fmt}").read_bytes()


# 38 (start-up without matplotlib/scipy): test_cli_process.py::test_case_38_* -------------------------


def test_plot_of_several_functions_points_to_compare(workdir):
    for args in (["plot", "relu", "elu"], ["relu", "elu"]):
        line = unchanged(workdir, args)
        assert "(elu)" in line and "actplot compare" in line


def test_file_name_too_long_is_a_write_error(workdir):
    name = "a" * 300 + ".png"
    for target in (name, name[:-4] + "/x.png"):
        line = unchanged(workdir, ["sigmoid", "-o", target], code=1)
        assert line.startswith(f"Error: cannot write {target}: ") and "too long" in line
