"""Real processes: the installed ``actplot`` entry point and ``python -m actplot``.

Covers what CliRunner cannot: encodings of real streams, broken pipes, signals, environment
variables seen by matplotlib, and which modules a command imports (cases 20, 22–25 and 38 of
docs/cli.md, plus a real Ctrl-C).
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.helpers import has_colour

PYTHON = sys.executable
ENTRY = Path(sys.executable).parent / "actplot"
BASE_ENV = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST", "COLUMNS", "NO_COLOR", "FORCE_COLOR"))}
BASE_ENV.update({"COLUMNS": "80", "NO_COLOR": "1", "MPLBACKEND": "Agg", "PYTHONWARNINGS": "error"})

LAUNCHERS = {
    "entry-point": [str(ENTRY)],
    "python-m": [PYTHON, "-m", "actplot"],
}


def strip_ansi(text: str) -> str:
    import re

    return re.sub(r"\x1b\[[0-9;]*m", "", text)


def launch(kind: str) -> list[str]:
    if kind == "entry-point":
        assert ENTRY.exists(), f"install the package first (pip install '.[test]'): no {ENTRY}"
    return LAUNCHERS[kind]


def proc(args: list[str], *, kind: str = "entry-point", env: dict[str, str] | None = None, cwd: Path | None = None, timeout: float = 120):
    merged = dict(BASE_ENV)
    for key, value in (env or {}).items():
        if value is None:
            merged.pop(key, None)
        else:
            merged[key] = value
    return subprocess.run(
        [*launch(kind), *args], capture_output=True, env=merged, cwd=cwd, timeout=timeout, check=False
    )


@pytest.fixture(params=list(LAUNCHERS))
def kind(request):
    return request.param


# --- basics through both launchers ---------------------------------------------------------------


def test_help_and_version(kind):
    result = proc(["--help"], kind=kind)
    assert result.returncode == 0
    assert b"Examples" in result.stdout
    result = proc(["--version"], kind=kind)
    assert result.returncode == 0
    assert result.stdout.startswith(b"actplot ")


def test_terminal_plot_and_table(kind):
    result = proc(["sigmoid", "-d"], kind=kind)
    assert result.returncode == 0, result.stderr
    assert "f\u2032(0) = 0.25".encode() in result.stdout
    assert result.stderr == b""
    result = proc(["table", "sigmoid", "--at=0", "--format", "json"], kind=kind)
    assert json.loads(result.stdout) == [{"x": 0.0, "sigmoid": 0.5}]


def test_usage_error_exit_code(kind):
    result = proc(["sigmod"], kind=kind)
    assert result.returncode == 2
    assert result.stdout == b""
    assert result.stderr.count(b"\n") == 1 and b"Traceback" not in result.stderr


def test_debug_shows_traceback_for_errors(kind):
    result = proc(["--debug", "sigmod"], kind=kind)
    assert result.returncode == 2
    assert b"Traceback" in result.stderr
    assert result.stderr.rstrip().endswith(b"('actplot list' shows them all)")


def test_file_output(kind, tmp_path):
    result = proc(["sigmoid", "-d", "-o", "s.svg"], kind=kind, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "s.svg").read_bytes().startswith(b"<?xml")
    assert result.stdout == b""
    assert b"wrote s.svg" in result.stderr
    quiet = proc(["-q", "sigmoid", "-o", "t.svg"], kind=kind, cwd=tmp_path)
    assert quiet.returncode == 0 and quiet.stderr == b""


def test_stdout_binary_when_redirected(kind, tmp_path):
    result = proc(["sigmoid", "-o", "-", "--format", "png"], kind=kind, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(b"\x89PNG\r\n\x1a\n")
    assert list(tmp_path.iterdir()) == []


# --- case 20: broken pipe ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ["table", "sigmoid", "--points", "200000", "--format", "csv"],
        ["table", "sigmoid", "--points", "3000"],
        ["list", "-q"],  # -q: list ends with a note about flavours on stderr, by design
        ["sigmoid", "-dd"],
        ["info", "sigmoid"],
    ],
)
def test_case_20_broken_pipe(kind, args):
    """Like `actplot ... | head -1` with PYTHONUNBUFFERED=1: exit 1 (documented), nothing on stderr."""
    env = dict(BASE_ENV, PYTHONUNBUFFERED="1", COLUMNS="80")
    with subprocess.Popen([*launch(kind), *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env) as p:
        assert p.stdout is not None and p.stderr is not None
        p.stdout.readline()
        p.stdout.close()
        err = p.stderr.read()
        code = p.wait(timeout=60)
    assert b"Traceback" not in err and b"Exception ignored" not in err, err
    assert err == b""
    assert code in (0, 1)  # 0 only if everything fitted in the pipe buffer before it closed
    if args[-1] == "csv":
        assert code == 1


def test_case_20_shell_pipeline_head():
    launch("entry-point")  # fails (not skips) when the entry point is not installed
    env = dict(BASE_ENV, PYTHONUNBUFFERED="1")
    result = subprocess.run(
        ["bash", "-c", f"set -o pipefail; '{ENTRY}' table sigmoid --points 100000 --format csv | head -1"],
        capture_output=True,
        env=env,
        timeout=60,
    )
    assert result.stdout == b"x,sigmoid\n"
    assert result.stderr == b""
    assert result.returncode == 1


# --- case 22: colour, width, dumb terminals ------------------------------------------------------


@pytest.mark.parametrize(
    "env",
    [
        {"NO_COLOR": "1", "FORCE_COLOR": "1"},
        {"TERM": "dumb", "NO_COLOR": None},
        {"NO_COLOR": None},  # not a TTY: rich strips colour
    ],
)
@pytest.mark.parametrize("args", [["sigmoid", "-d"], ["compare", "sigmoid", "tanh", "--diff"], ["table", "sigmoid", "-d"], ["list"], ["info", "sigmoid"]])
def test_case_22_no_colour_codes(env, args):
    result = proc(args, env={"COLUMNS": "40", **env})
    assert result.returncode == 0, result.stderr
    text = result.stdout.decode()
    assert not has_colour(text)  # bold/dim may remain with NO_COLOR (rich keeps styles)
    assert max(len(line) for line in strip_ansi(text).splitlines()) <= 40


def test_case_22_force_color_colours_the_chart():
    result = proc(["sigmoid"], env={"FORCE_COLOR": "1", "NO_COLOR": None, "TERM": "xterm-256color"})
    assert has_colour(result.stdout.decode())


def test_case_22_columns_sets_the_chart_width():
    for width in (40, 100):
        result = proc(["sigmoid", "-d"], env={"COLUMNS": str(width)})
        lines = result.stdout.decode().splitlines()
        assert max(len(line) for line in lines) <= width
        assert max(len(line) for line in lines) >= width - 3


# --- case 23: ASCII-only output ------------------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ["sigmoid", "-dd"],
        ["compare", "sigmoid", "tanh", "-d", "--diff"],
        ["compare", "sigmoid", "tanh", "--layout", "grid"],
        ["table", "sigmoid", "tanh", "-dd"],
        ["list"],
        ["info", "sigmoid"],
        ["info", "sigmoid", "--format", "markdown"],
        ["list", "--format", "csv"],
        ["table", "sigmoid", "--format", "markdown", "-d"],
        ["--help"],
        ["plot", "--help"],
        ["compare", "--help"],
        ["table", "--help"],
        ["list", "--help"],
        ["info", "--help"],
        ["sigmod"],
    ],
)
@pytest.mark.parametrize("encoding", ["ascii", "latin-1"])
def test_case_23_ascii_encoding(args, encoding):
    result = proc(args, env={"PYTHONIOENCODING": encoding, "PYTHONUTF8": "0", "LC_ALL": "C"})
    assert result.returncode == (2 if args == ["sigmod"] else 0), result.stderr
    assert b"Traceback" not in result.stderr and b"UnicodeEncodeError" not in result.stderr
    result.stdout.decode("ascii")
    result.stderr.decode("ascii")


def test_case_23_ascii_plot_content():
    result = proc(["sigmoid", "-d"], env={"PYTHONIOENCODING": "ascii"})
    text = result.stdout.decode("ascii")
    assert "sigma(x) = 1 / (1 + e^(-x))" in text
    assert "f'(0) = 0.25" in text
    assert "## f(x)" in text


# --- cases 24 and 25: headless and read-only matplotlib config -----------------------------------


def test_case_24_gui_backend_without_display(tmp_path):
    result = proc(["sigmoid", "-o", "s.png"], env={"MPLBACKEND": "TkAgg", "DISPLAY": None, "WAYLAND_DISPLAY": None}, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "s.png").read_bytes().startswith(b"\x89PNG")


def test_case_25_unwritable_matplotlib_config(tmp_path):
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("a file where a directory should be")
    env = {"MPLCONFIGDIR": str(blocker / "mpl"), "HOME": str(blocker / "home"), "XDG_CACHE_HOME": str(blocker / "cache"), "PYTHONWARNINGS": ""}
    result = proc(["sigmoid", "-o", "s.png"], env=env, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "s.png").read_bytes().startswith(b"\x89PNG")
    assert result.stdout == b""  # matplotlib's warning (if any) goes to stderr only


# --- a real Ctrl-C ----------------------------------------------------------------------------------


def test_sigint_while_printing_exits_130():
    env = dict(BASE_ENV, PYTHONUNBUFFERED="1")
    with subprocess.Popen(
        [*launch("entry-point"), "table", "sigmoid", "--points", "1000000", "--format", "csv"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    ) as p:
        assert p.stdout is not None and p.stderr is not None
        p.stdout.readline()
        p.send_signal(signal.SIGINT)
        p.stdout.read()
        err = p.stderr.read()
        code = p.wait(timeout=60)
    assert code == 130, err
    assert err.strip() == b"Interrupted."


def test_sigint_while_writing_a_file_leaves_nothing_half_written(tmp_path):
    target = tmp_path / "c.pdf"
    target.write_bytes(b"old")
    with subprocess.Popen(
        [*launch("entry-point"), "compare", "sigmoid", "tanh", "-dd", "--diff", "--points", "400000", "-o", str(target)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=BASE_ENV,
    ) as p:
        time.sleep(1.0)
        p.send_signal(signal.SIGINT)
        _, err = p.communicate(timeout=120)
    assert b"Traceback" not in err
    names = sorted(x.name for x in tmp_path.iterdir())
    assert names == ["c.pdf"]  # no temporary file left behind
    if p.returncode == 130:
        assert target.read_bytes() == b"old"
    else:  # finished before the signal arrived
        assert p.returncode == 0 and target.read_bytes().startswith(b"%PDF")


def test_case_18_sigint_during_a_gallery_export(tmp_path):
    """Ctrl-C mid-gallery: exit 130, finished files complete, no temporary file, rerun completes."""
    args = [*launch("entry-point"), "gallery", "-o", "g", "--only", "sigmoid-like", "-f", "svg", "-j", "1", "--no-index"]
    with subprocess.Popen(args, cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=BASE_ENV) as p:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and not any((tmp_path / "g").glob("*.svg")):
            time.sleep(0.05)
        p.send_signal(signal.SIGINT)
        _, err = p.communicate(timeout=120)
    assert b"Traceback" not in err
    leftovers = [x.name for x in (tmp_path / "g").iterdir() if ".tmp-" in x.name]
    assert leftovers == []
    if p.returncode == 130:
        for svg in (tmp_path / "g").glob("*.svg"):
            assert svg.read_bytes().rstrip().endswith(b"</svg>")
        again = subprocess.run(args, cwd=tmp_path, capture_output=True, env=BASE_ENV, timeout=600)
        assert again.returncode == 0, again.stderr
    else:
        assert p.returncode == 0  # finished before the signal


# --- case 38: start-up imports ---------------------------------------------------------------------

PROBE = """
import json, sys
sys.argv = ["actplot", *json.loads(sys.argv[1])]
from actplot.cli import main
try:
    main()
except SystemExit:
    pass
heavy = sorted({m.split(".")[0] for m in sys.modules} & {"matplotlib", "scipy", "pandas", "PIL", "numpy"})
heavy += [m for m in ("numpy.ma",) if m in sys.modules]  # NumPy loads it lazily; ~8 ms a command
import os
with open(os.environ["PROBE_OUT"], "w") as fh:
    json.dump(heavy, fh)
"""


def imported_by(args: list[str], tmp_path: Path) -> set[str]:
    out = tmp_path / "modules.json"
    env = dict(BASE_ENV, PROBE_OUT=str(out))
    result = subprocess.run([PYTHON, "-c", PROBE, json.dumps(args)], capture_output=True, env=env, timeout=120, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    return set(json.loads(out.read_text()))


@pytest.mark.parametrize(
    "args",
    [
        ["--help"],
        ["--version"],
        ["plot", "--help"],
        ["list"],
        ["list", "--format", "json"],
        ["table", "sigmoid"],
        ["table", "sigmoid", "tanh", "-dd", "--format", "csv"],
        ["sigmoid"],
        ["sigmoid", "-dd"],
        ["compare", "sigmoid", "tanh", "-d", "--diff"],
        ["info", "sigmoid"],
        ["sigmod"],
    ],
)
def test_case_38_no_matplotlib_or_scipy(args, tmp_path):
    heavy = imported_by(args, tmp_path)
    assert not heavy & {"matplotlib", "scipy", "pandas", "PIL", "numpy.ma"}


def test_case_38_file_output_does_import_matplotlib(tmp_path):
    """(The probe works: writing a file is the one path that needs matplotlib.)"""
    assert "matplotlib" in imported_by(["sigmoid", "-o", "s.png"], tmp_path)


@pytest.mark.parametrize("args", [["--help"], ["--version"]])
def test_case_38_help_and_version_without_numpy(args, tmp_path):
    assert "numpy" not in imported_by(args, tmp_path)


@pytest.mark.parametrize("args", [["--version"], ["--help"], ["table", "sigmoid"], ["sigmoid"]])
def test_case_38_startup_budget(args):
    """A loose CPU-time budget, robust to a busy machine (benchmarks/bench_cli.py measures ratios)."""
    best = min(_cpu_seconds(args) for _ in range(3))
    assert best < 1.5, f"actplot {' '.join(args)} used {best:.2f} s of CPU"


def _cpu_seconds(args: list[str]) -> float:
    import resource

    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    proc(args)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def test_completion_install_refused_under_python_m(tmp_path):
    """A completion script for "python -m actplot" would hook the shell's `python`: refuse it."""
    home = tmp_path / "home"
    home.mkdir()
    for flag in ("--install-completion", "--show-completion"):
        result = proc([flag], kind="python-m", env={"HOME": str(home), "SHELL": "/bin/bash"})
        assert result.returncode == 2
        assert result.stderr.decode().strip() == (
            "Error: shell completion needs the installed command; run 'actplot --install-completion'"
        )
    assert list(home.iterdir()) == []


def test_interrupt_leaves_no_teardown_noise():
    """Ctrl-C can leave objects half-built (pyparsing's mathtext grammar did, in a real run): their
    complaints from __del__ at exit must not follow "Interrupted." as an "Exception ignored" traceback."""
    code = (
        "import sys\n"
        "from actplot.cli import boundary\n"
        "class HalfBuilt:\n"
        "    def __del__(self):\n"
        "        raise RuntimeError('left half-built by Ctrl-C')\n"
        "def work():\n"
        "    global keep\n"
        "    keep = HalfBuilt()\n"
        "    raise KeyboardInterrupt\n"
        "sys.exit(boundary.run_guarded(work))\n"
    )
    result = subprocess.run([PYTHON, "-c", code], capture_output=True, env=BASE_ENV, timeout=60, check=False)
    assert result.returncode == 130
    assert result.stderr == b"Interrupted.\n"


def test_ctrl_c_inside_a_weakref_callback_still_interrupts():
    """A Ctrl-C that lands inside a weakref callback (matplotlib has many) cannot propagate there.
    Python would print "Exception ignored … KeyboardInterrupt" and drop it, and the command would
    finish with exit 0; instead it is delivered again where it can propagate: exit 130, one line."""
    code = (
        "import signal, sys, weakref\n"
        "from actplot import _interrupts\nfrom actplot.cli import boundary\n"
        "_interrupts.install()\n"
        "class Artist: pass\n"
        "def work():\n"
        "    artist = Artist()\n"
        "    ref = weakref.ref(artist, lambda r: signal.raise_signal(signal.SIGINT) or sum(range(1000)))\n"
        "    del artist\n"  # the callback runs here, and the signal is handled inside it
        "    for _ in range(10**7):\n"
        "        pass\n"
        "    print('finished without noticing the interrupt')\n"
        "    return 0\n"
        "sys.exit(boundary.run_guarded(work))\n"
    )
    result = subprocess.run([PYTHON, "-c", code], capture_output=True, env=BASE_ENV, timeout=60, check=False)
    assert (result.returncode, result.stdout, result.stderr) == (130, b"", b"Interrupted.\n")


def test_ctrl_c_that_leaves_a_file_open_prints_one_line_under_strict_warnings():
    """A Ctrl-C can cut short code that holds an open file (Python's own import reading a ``.pyc``
    did, once, in CI). The collector closes the file later; under ``-W error`` its ResourceWarning
    would be printed as "Exception ignored …" before "Interrupted." — it is dropped instead."""
    code = (
        "import signal, sys\n"
        "from actplot import _interrupts\nfrom actplot.cli import boundary\n"
        "_interrupts.install()\n"
        "def work():\n"
        "    opened = [open(sys.executable, 'rb')]\n"
        "    try:\n"
        "        signal.raise_signal(signal.SIGINT)\n"
        "        sum(range(1000))\n"
        "    finally:\n"
        "        opened.clear()\n"  # the file is collected while the interrupt propagates
        "    return 0\n"
        "sys.exit(boundary.run_guarded(work))\n"
    )
    result = subprocess.run([PYTHON, "-c", code], capture_output=True, env=BASE_ENV, timeout=60, check=False)
    assert (result.returncode, result.stdout, result.stderr) == (130, b"", b"Interrupted.\n")


def test_late_and_repeated_ctrl_c_are_ignored():
    """After the first Ctrl-C (or once the command is done) further signals change nothing: no second
    KeyboardInterrupt inside clean-up code, no traceback at exit."""
    code = (
        "import signal, sys\n"
        "from actplot import _interrupts\nfrom actplot.cli import boundary\n"
        "_interrupts.install()\n"
        "def work():\n"
        "    try:\n"
        "        signal.raise_signal(signal.SIGINT)\n"
        "        sum(range(1000))\n"
        "    finally:\n"
        "        signal.raise_signal(signal.SIGINT)\n"  # a repeated Ctrl-C during clean-up
        "        sum(range(1000))\n"
        "    return 0\n"
        "code = boundary.run_guarded(work)\n"
        "_interrupts.ignore_late()\n"
        "signal.raise_signal(signal.SIGINT)\n"  # a late one after the outcome is decided
        "sum(range(1000))\n"
        "sys.exit(code)\n"
    )
    result = subprocess.run([PYTHON, "-c", code], capture_output=True, env=BASE_ENV, timeout=60, check=False)
    assert (result.returncode, result.stderr) == (130, b"Interrupted.\n")


def test_an_svg_is_the_same_file_in_every_process(tmp_path):
    """The same command writes the same SVG in every process (the layout's last bits follow memory
    addresses; the clip-path ids must not)."""
    digests = set()
    for run in range(6):
        target = tmp_path / f"c{run}.svg"
        args = [*launch("entry-point"), "compare", "softplus", "relu", "--diff", "-dd", "--centered-axes", "-q", "-o", str(target)]
        subprocess.run(args, capture_output=True, env=BASE_ENV, timeout=120, check=True)
        digests.add(target.read_bytes())
    assert len(digests) == 1
