"""actplot._files.write_atomic on targets that are not plain files: symlinks, devices, FIFOs.

A symlink is written through (the link stays, its final target gets the new bytes, atomically); an
existing device or FIFO is written into, never replaced. The tests that touch /dev/null first make
:func:`os.replace` and :func:`os.rename` fail, so a regression fails the test instead of replacing
/dev/null with a regular file (the tests may run as root).
"""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from actplot import _files
from actplot.errors import OutputError

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
ROOT = Path(__file__).resolve().parent.parent

needs_fifo = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="this platform has no FIFOs (os.mkfifo)")


def _is_char_device(path: str) -> bool:
    try:
        return stat.S_ISCHR(os.stat(path).st_mode)
    except OSError:
        return False


needs_dev_null = pytest.mark.skipif(not _is_char_device("/dev/null"), reason="this platform has no /dev/null device")
needs_dev_full = pytest.mark.skipif(not _is_char_device("/dev/full"), reason="this platform has no /dev/full device")


def symlink(link: Path, target: str | Path) -> None:
    """os.symlink, or skip where the platform cannot make symlinks (e.g. Windows without the privilege)."""
    try:
        os.symlink(target, link)
    except (NotImplementedError, OSError) as exc:
        if os.name != "nt":
            raise
        pytest.skip(f"cannot create symlinks here: {exc}")


def temp_files(directory: Path) -> list[str]:
    return [p.name for p in directory.iterdir() if _files.is_temp_file(p.name)]


@pytest.fixture()
def never_replace(monkeypatch: pytest.MonkeyPatch):
    """Make any rename/replace fail loudly: writing to a device must never move a file over it."""

    def refuse(*args, **kwargs):
        raise AssertionError(f"a special file must not be replaced: os.replace/rename{args}")

    monkeypatch.setattr(_files.os, "replace", refuse)
    monkeypatch.setattr(_files.os, "rename", refuse)
    yield
    monkeypatch.undo()


def cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[bytes]:
    env = dict(os.environ, NO_COLOR="1", COLUMNS="80", PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    return subprocess.run([sys.executable, "-m", "actplot", *args], capture_output=True, cwd=cwd, env=env, timeout=120,
                          check=False)


# --- symlinks ----------------------------------------------------------------------------------------------


def test_write_through_a_symlink_keeps_the_link(tmp_path: Path) -> None:
    store = tmp_path / "store"
    store.mkdir()
    real = store / "real.png"
    real.write_bytes(b"old")
    real.chmod(0o640)
    link = tmp_path / "link.png"
    symlink(link, real)
    _files.write_atomic(link, b"new bytes")
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert real.read_bytes() == b"new bytes" and link.read_bytes() == b"new bytes"
    assert stat.S_ISREG(os.lstat(real).st_mode)
    if os.name == "posix":
        assert real.stat().st_mode & 0o777 == 0o640  # the target's permission bits are kept
    assert temp_files(tmp_path) == [] and temp_files(store) == []


def test_write_through_a_chain_of_relative_symlinks(tmp_path: Path) -> None:
    (tmp_path / "real.png").write_bytes(b"old")
    symlink(tmp_path / "middle.png", "real.png")
    symlink(tmp_path / "first.png", "middle.png")
    _files.write_atomic(tmp_path / "first.png", b"chained")
    assert (tmp_path / "first.png").is_symlink() and (tmp_path / "middle.png").is_symlink()
    assert os.readlink(tmp_path / "first.png") == "middle.png"
    assert (tmp_path / "real.png").read_bytes() == b"chained"


def test_write_through_a_dangling_symlink_creates_its_target(tmp_path: Path) -> None:
    (tmp_path / "out").mkdir()
    link = tmp_path / "link.png"
    symlink(link, tmp_path / "out" / "new.png")
    assert not link.exists()
    _files.write_atomic(link, b"created")
    assert link.is_symlink()
    assert (tmp_path / "out" / "new.png").read_bytes() == b"created"
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["new.png"]


def test_dangling_symlink_into_a_missing_folder_is_a_one_line_error(tmp_path: Path) -> None:
    link = tmp_path / "link.png"
    symlink(link, tmp_path / "missing" / "new.png")
    with pytest.raises(OutputError) as info:
        _files.write_atomic(link, b"data")
    message = str(info.value)
    assert message.startswith(f"cannot write {link}: ") and "\n" not in message
    assert "missing" in message and "does not exist" in message
    assert info.value.exit_code == 1
    assert link.is_symlink()


def test_symlink_loop_is_an_error_not_a_replacement(tmp_path: Path) -> None:
    symlink(tmp_path / "a.png", "b.png")
    symlink(tmp_path / "b.png", "a.png")
    with pytest.raises(OutputError, match="cannot write"):
        _files.write_atomic(tmp_path / "a.png", b"data")
    assert (tmp_path / "a.png").is_symlink() and (tmp_path / "b.png").is_symlink()


def test_interrupt_through_a_symlink_keeps_link_and_old_bytes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store = tmp_path / "store"
    store.mkdir()
    (store / "real.png").write_bytes(b"old")
    link = tmp_path / "link.png"
    symlink(link, store / "real.png")

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(_files.os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        _files.write_atomic(link, b"new")
    monkeypatch.undo()
    assert link.is_symlink() and (store / "real.png").read_bytes() == b"old"
    assert temp_files(store) == [] and temp_files(tmp_path) == []


def test_a_regular_file_where_a_folder_should_be(tmp_path: Path) -> None:
    (tmp_path / "relu.png").write_bytes(b"a file")
    with pytest.raises(OutputError) as info:
        _files.write_atomic(tmp_path / "relu.png" / "x.png", b"data")
    message = str(info.value)
    assert "is not a folder" in message and str(tmp_path / "relu.png") in message
    assert "does not exist" not in message
    assert (tmp_path / "relu.png").read_bytes() == b"a file"


def test_folder_problem_names_the_component_to_fix(tmp_path: Path) -> None:
    (tmp_path / "file").write_bytes(b"")
    assert _files.folder_problem(tmp_path / "x.png") is None
    assert _files.folder_problem(tmp_path / "a" / "b" / "x.png") == (
        f"No such file or directory (folder {tmp_path / 'a'} does not exist)"
    )
    assert _files.folder_problem(tmp_path / "file" / "b" / "x.png") == (
        f"Not a directory ({tmp_path / 'file'} is not a folder)"
    )


# --- FIFOs -------------------------------------------------------------------------------------------------


@needs_fifo
def test_fifo_with_a_reader_gets_the_bytes_and_stays_a_fifo(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.png"
    os.mkfifo(fifo)
    payload = os.urandom(3 * 1024 * 1024)  # far more than a pipe buffer: the writer must wait for the reader
    # A reader that exists before write_atomic opens the FIFO (never read from): the non-blocking
    # open for writing succeeds whatever the thread below is doing yet.
    keeper = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)
    received: list[bytes] = []

    def reader() -> None:
        with open(fifo, "rb") as stream:  # blocks until write_atomic opens the write end
            received.append(stream.read())  # until EOF: the writer closed

    thread = threading.Thread(target=reader, daemon=True)
    thread.start()
    try:
        _files.write_atomic(fifo, payload)
        thread.join(30)
        assert not thread.is_alive()
    finally:
        os.close(keeper)
    assert received == [payload]
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert temp_files(tmp_path) == []


@needs_fifo
def test_fifo_without_a_reader_fails_promptly(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.png"
    os.mkfifo(fifo)
    outcome: list[BaseException | None] = []

    def attempt() -> None:
        try:
            _files.write_atomic(fifo, b"data")
            outcome.append(None)
        except BaseException as exc:  # noqa: BLE001 - handed to the test thread
            outcome.append(exc)

    started = time.monotonic()
    thread = threading.Thread(target=attempt, daemon=True)
    thread.start()
    thread.join(10)
    if thread.is_alive():  # a blocking open: release it with a reader so the thread can end
        fd = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)
        thread.join(5)
        os.close(fd)
        pytest.fail("write_atomic blocked on a FIFO nobody reads")
    assert time.monotonic() - started < 5
    assert len(outcome) == 1 and isinstance(outcome[0], OutputError)
    message = str(outcome[0])
    assert message.startswith(f"cannot write {fifo}: ") and "\n" not in message
    assert "FIFO" in message and "reading" in message
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert temp_files(tmp_path) == []


# --- devices -----------------------------------------------------------------------------------------------


@needs_dev_null
def test_dev_null_is_written_not_replaced(never_replace) -> None:
    before = os.stat("/dev/null")
    _files.write_atomic("/dev/null", b"x" * 100_000)
    after = os.stat("/dev/null")
    assert stat.S_ISCHR(after.st_mode)
    assert (after.st_ino, after.st_rdev) == (before.st_ino, before.st_rdev)


@needs_dev_full
def test_dev_full_is_a_one_line_error(never_replace) -> None:
    with pytest.raises(OutputError) as info:
        _files.write_atomic("/dev/full", b"data")
    message = str(info.value)
    assert message == "cannot write /dev/full: No space left on device"
    assert info.value.exit_code == 1
    assert stat.S_ISCHR(os.stat("/dev/full").st_mode)


# --- descriptor links (/dev/stdout, /dev/fd/N) -------------------------------------------------------------


def _fd_path(fd: int) -> str:
    path = f"/dev/fd/{fd}"
    if not os.path.exists(path):
        pytest.skip("this platform has no /dev/fd")
    return path


def test_descriptor_link_to_a_pipe_writes_into_the_pipe(never_replace) -> None:
    read_end, write_end = os.pipe()
    try:
        _files.write_atomic(_fd_path(write_end), b"through the pipe")
        os.close(write_end)
        write_end = -1
        with os.fdopen(read_end, "rb") as stream:
            read_end = -1
            assert stream.read() == b"through the pipe"
    finally:
        for fd in (read_end, write_end):
            if fd >= 0:
                os.close(fd)


def test_descriptor_link_to_a_redirected_file_keeps_its_append_mode(tmp_path: Path, never_replace) -> None:
    log = tmp_path / "log.png"
    log.write_bytes(b"previous\n")
    inode = log.stat().st_ino
    with open(log, "ab") as stream:  # like the shell's >> log
        _files.write_atomic(_fd_path(stream.fileno()), b"appended")
    assert log.read_bytes() == b"previous\nappended"
    assert log.stat().st_ino == inode
    assert temp_files(tmp_path) == []


def test_descriptor_open_for_reading_is_refused_and_left_alone(tmp_path: Path, never_replace) -> None:
    # With stdout closed at start-up, descriptor 1 may be a file the process reads (a font, say).
    source = tmp_path / "font.ttf"
    source.write_bytes(b"font bytes")
    with open(source, "rb") as stream, pytest.raises(OutputError, match="not open for writing"):
        _files.write_atomic(_fd_path(stream.fileno()), b"png bytes")
    assert source.read_bytes() == b"font bytes"


# --- the installed command line, end to end ---------------------------------------------------------------


def test_cli_writes_through_a_symlink(tmp_path: Path) -> None:
    real = tmp_path / "real.png"
    real.write_bytes(b"old")
    link = tmp_path / "link.png"
    symlink(link, "real.png")
    result = cli("sigmoid", "-o", str(link), "--size", "2x2", "--dpi", "30", cwd=tmp_path)
    assert result.returncode == 0, result.stderr.decode()
    assert b"Traceback" not in result.stderr
    assert link.is_symlink() and os.readlink(link) == "real.png"
    assert real.read_bytes().startswith(PNG_MAGIC)
    assert temp_files(tmp_path) == []


@needs_dev_null
def test_cli_to_dev_null_succeeds_and_keeps_the_device(tmp_path: Path, never_replace) -> None:
    _files.write_atomic("/dev/null", PNG_MAGIC)  # in-process guard first: the subprocess cannot be patched
    before = os.stat("/dev/null")
    result = cli("sigmoid", "-o", "/dev/null", "--format", "png", "--size", "2x2", "--dpi", "30", cwd=tmp_path)
    assert result.returncode == 0, result.stderr.decode()
    assert b"Traceback" not in result.stderr
    after = os.stat("/dev/null")
    assert stat.S_ISCHR(after.st_mode) and (after.st_ino, after.st_rdev) == (before.st_ino, before.st_rdev)


@needs_dev_full
def test_cli_to_dev_full_fails_with_one_line(tmp_path: Path) -> None:
    result = cli("sigmoid", "-o", "/dev/full", "--format", "png", "--size", "2x2", "--dpi", "30", cwd=tmp_path)
    assert result.returncode == 1
    lines = result.stderr.decode().splitlines()
    assert len(lines) == 1 and "/dev/full" in lines[0] and "No space left on device" in lines[0], lines
    assert result.stdout == b""
    assert stat.S_ISCHR(os.stat("/dev/full").st_mode)


def test_cli_to_dev_stdout_writes_the_bytes_to_the_pipe(tmp_path: Path) -> None:
    if not os.path.exists("/dev/stdout"):
        pytest.skip("this platform has no /dev/stdout")
    result = cli("sigmoid", "-o", "/dev/stdout", "--format", "png", "--size", "2x2", "--dpi", "30", cwd=tmp_path)
    assert result.returncode == 0, result.stderr.decode()
    assert result.stdout.startswith(PNG_MAGIC) and result.stdout.rstrip().endswith(b"IEND\xaeB`\x82")
