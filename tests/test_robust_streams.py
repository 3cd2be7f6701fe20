"""Nothing lost, nothing silent: real ``actplot`` processes against full disks, closed pipes,
closed descriptors, odd terminal widths and Ctrl-C.

The promises (README, "Exit codes and limits"): a full disk is ``Error: cannot write to stdout: No
space left on device`` and exit 1; a reader that stops early (``| head``) ends the run with exit 1
and no message; a closed stdout (``>&-``) is an error, never a silent exit 0; a closed stderr
(``2>&-``) never turns success into failure; ``-o NAME/`` never replaces the file ``NAME``.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ENV = {**os.environ, "NO_COLOR": "1", "TERM": "dumb", "COLUMNS": "80"}
ENV.pop("ACTPLOT_DEBUG", None)


def actplot(*args: str, env: dict[str, str] | None = None, close: tuple[int, ...] = (), **kwargs) -> subprocess.CompletedProcess:
    """Run ``python -m actplot ARGS`` (descriptors in ``close`` closed in the child, like ``>&-``)."""

    def closer() -> None:
        for fd in close:
            os.close(fd)

    return subprocess.run(
        [sys.executable, "-m", "actplot", *args],
        env=env or ENV,
        preexec_fn=closer if close else None,
        timeout=120,
        **kwargs,
    )


def _full(args: list[str], target: str = "/dev/full") -> subprocess.CompletedProcess:
    with open(target, "wb") as sink:
        return actplot(*args, stdout=sink, stderr=subprocess.PIPE, text=False)


needs_dev_full = pytest.mark.skipif(not os.path.exists("/dev/full"), reason="no /dev/full on this system")


@needs_dev_full
@pytest.mark.parametrize(
    "args",
    [
        ["relu", "-o", "-", "-f", "png"],
        ["relu", "-o", "-", "-f", "svg"],
        ["list"],
        ["table", "gelu"],
        ["table", "gelu", "--format", "csv"],
        ["compare", "relu", "elu"],
        ["relu"],
    ],
    ids=" ".join,
)
def test_full_disk_is_an_error(args):
    result = _full(args)
    err = result.stderr.decode()
    assert result.returncode == 1
    assert err.strip() == "Error: cannot write to stdout: No space left on device"


@pytest.fixture
def nearly_full_tmpfs(tmp_path):
    """A 64 KiB tmpfs with 12 KiB left (root only); its path."""
    mount = tmp_path / "small"
    mount.mkdir()
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("mounting a tmpfs needs root")
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(mount)], capture_output=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.decode().strip()}")
    try:
        (mount / "fill").write_bytes(b"\0" * (52 * 1024))
        yield mount
    finally:
        subprocess.run(["umount", str(mount)], capture_output=True)


@pytest.mark.parametrize(
    "args",
    [["relu", "-o", "-", "-f", "png"], ["relu", "-o", "-", "-f", "svg"], ["table", "gelu", "-n", "300", "-dd"], ["list"]],
    ids=" ".join,
)
def test_short_write_on_a_nearly_full_disk_is_an_error(nearly_full_tmpfs, args):
    """The first write is accepted in part (the disk has 12 KiB left): that must not end in exit 0."""
    result = _full(args, str(nearly_full_tmpfs / "out"))
    assert result.returncode == 1
    assert result.stderr.decode().strip() == "Error: cannot write to stdout: No space left on device"


def test_file_on_a_full_disk_leaves_nothing(nearly_full_tmpfs):
    result = actplot("relu", "-o", str(nearly_full_tmpfs / "relu.png"), capture_output=True, text=True)
    assert result.returncode == 1 and "No space left on device" in result.stderr
    assert sorted(p.name for p in nearly_full_tmpfs.iterdir()) == ["fill"]


@pytest.mark.parametrize(
    "args", [["table", "gelu", "--points", "10000", "-dd"], ["table", "gelu", "--points", "100000", "-f", "csv"]], ids=" ".join
)
def test_reader_that_stops_early_means_exit_1_silently(args):
    with subprocess.Popen([sys.executable, "-m", "actplot", *args], env=ENV, stdout=subprocess.PIPE, stderr=subprocess.PIPE) as process:
        assert process.stdout is not None and process.stderr is not None
        head = process.stdout.read(20)
        process.stdout.close()  # like `| head -c 20`
        err = process.stderr.read().decode()
        assert process.wait(timeout=120) == 1
    assert len(head) == 20 and err == ""


@pytest.mark.parametrize(
    "args", [["relu"], ["list"], ["table", "relu"], ["relu", "-o", "-", "-f", "svg"], ["info", "relu", "--format", "json"]], ids=" ".join
)
def test_closed_stdout_is_an_error_not_a_silent_success(args):
    result = actplot(*args, close=(1,), stderr=subprocess.PIPE, text=True)
    assert result.returncode == 1
    assert result.stderr.strip() == "Error: cannot write to stdout: it is closed (Bad file descriptor)"


def test_closed_stdout_does_not_matter_for_a_file(tmp_path):
    target = tmp_path / "relu.png"
    result = actplot("relu", "-o", str(target), close=(1,), stderr=subprocess.PIPE, text=True)
    assert result.returncode == 0 and target.read_bytes().startswith(b"\x89PNG")


def test_dev_stdout_when_stdout_is_closed_is_refused(tmp_path):
    result = actplot("relu", "-o", "/dev/stdout", "-f", "svg", close=(1,), stderr=subprocess.PIPE, text=True, cwd=tmp_path)
    assert result.returncode == 1 and "descriptor 1 is not open" in result.stderr
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("args", [["relu", "-o", "X"], ["compare", "relu", "elu", "--diff", "-o", "X"], ["table", "relu", "-o", "X"]], ids=" ".join)
def test_closed_stderr_keeps_success(tmp_path, args):
    target = tmp_path / "out.png"
    args = [str(target) if a == "X" else a for a in args]
    result = actplot(*args, close=(2,), stdout=subprocess.PIPE)
    assert result.returncode == 0 and target.stat().st_size > 0


@pytest.mark.parametrize("args", [["relu", "-o", "README/", "-f", "png"], ["compare", "relu", "elu", "-o", "README/", "-f", "svg"], ["table", "relu", "-o", "README/"]], ids=" ".join)
def test_trailing_slash_never_replaces_a_file(tmp_path, args):
    (tmp_path / "README").write_text("keep me\n")
    result = actplot(*args, cwd=tmp_path, capture_output=True, text=True)
    assert result.returncode == 1
    assert result.stderr.strip() == "Error: cannot write README/: README is not a folder (a name ending in '/' names a folder)"
    assert (tmp_path / "README").read_text() == "keep me\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["README"]


def test_trailing_slash_of_a_missing_name_creates_nothing(tmp_path):
    result = actplot("relu", "-o", "new/", "-f", "png", cwd=tmp_path, capture_output=True, text=True)
    assert result.returncode == 1 and "names a folder" in result.stderr
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("columns", ["0", "10", "99999999999999999999", "abc", "-5"])
def test_any_columns_value_prints_a_whole_table(columns):
    result = actplot("table", "relu", "sigmoid", "-d", env={**ENV, "COLUMNS": columns}, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "…" not in result.stdout and "0.006692851" in result.stdout  # sigmoid(-5), never cut
    assert max(len(line) for line in result.stdout.splitlines()) <= 1000


@pytest.mark.parametrize("columns", ["0", "10", "99999999999999999999"])
def test_any_columns_value_draws_a_chart(columns):
    result = actplot("relu", env={**ENV, "COLUMNS": columns}, capture_output=True, text=True)
    assert result.returncode == 0 and result.stderr == ""
    lines = result.stdout.splitlines()
    assert len(lines) > 10 and 40 <= max(len(line) for line in lines) <= 1000


def test_ctrl_c_while_the_command_imports_prints_no_traceback():
    """SIGINT after ``import actplot`` but before the CLI's error boundary: one line, exit 130."""
    code = (
        "import os, signal, sys, time\n"
        "sys.argv[0] = os.path.join('bin', 'actplot')\n"
        "import actplot\n"
        "os.kill(os.getpid(), signal.SIGINT)\n"
        "time.sleep(5)\n"
        "print('not interrupted')\n"
    )
    result = subprocess.run([sys.executable, "-c", code], env=ENV, capture_output=True, text=True, timeout=60)
    assert result.returncode == 130
    assert result.stderr == "Interrupted.\n" and result.stdout == ""


def test_importing_the_library_leaves_sigint_alone():
    code = "import signal, actplot; print(signal.getsignal(signal.SIGINT) is signal.default_int_handler)"
    result = subprocess.run([sys.executable, "-c", code], env=ENV, capture_output=True, text=True, timeout=60)
    assert result.stdout.strip() == "True"


def test_output_layer_is_the_only_writer():
    """No command module writes to sys.stdout/sys.stderr or prints directly."""
    package = Path(__file__).resolve().parents[1] / "actplot"
    allowed = {"output.py", "_startup.py"}
    offenders = []
    for path in package.rglob("*.py"):
        if path.name in allowed:
            continue
        text = path.read_text()
        for needle in ("sys.stdout.write", "sys.stderr.write", "sys.stdout.buffer"):
            if needle in text:
                offenders.append(f"{path.name}: {needle}")
        if re.search(r"(?<![\w.])print\(", text):
            offenders.append(f"{path.name}: print(")
    assert offenders == []
