"""The one way actplot writes to stdout and stderr: every byte checked, every failure named.

Standard library only (cheap to import). Why a layer of its own: ``sys.stdout.write`` can lose
data silently. A single large write into a pipe or onto a nearly full disk may be accepted only
in part, and Python's buffered writer reports a later failure at interpreter exit, when nobody
checks it, so the command exits 0 with a truncated PNG or table. Here every write goes to the
descriptor with :func:`os.write` in a loop until the last byte is accepted, and the errors are
mapped to the documented outcomes:

* closed pipe (EPIPE, ``actplot table … | head -1``) → :class:`BrokenPipeError` is re-raised and the
  CLI's error boundary exits 1 without a message (the reader chose to stop);
* any other failure on stdout (ENOSPC on a full disk, EIO, EBADF, a descriptor closed when the
  program started) → :class:`~actplot.errors.OutputError` ``"cannot write to stdout: <reason>"``,
  exit 1;
* stderr is for diagnostics: a failure there (closed with ``2>&-``, full) is ignored, so it never
  turns a successful command into a failed one.

Rich renderables are printed through :func:`make_console`, whose file object forwards rich's
finished text here; its width comes from :func:`terminal_width` (``COLUMNS`` clamped to
[:data:`MIN_WIDTH`, :data:`MAX_WIDTH`]).

Descriptors 0, 1 and 2 that are closed when the program starts (``>&-``) are reserved on
``/dev/null`` by :func:`reserve_closed_descriptors`, so that no file the program opens later (a
font, a temporary file) can take descriptor 1 and receive output meant for stdout; they stay
marked as closed (:func:`closed_at_start`) and writing to them is refused.
"""

from __future__ import annotations

import errno
import io
import os
import sys
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from rich.console import Console

StreamName = Literal["stdout", "stderr"]

MIN_WIDTH = 40
"""Narrowest output in columns: ``COLUMNS`` below this (0, 10) counts as this. Tables wider than
the width are printed wider still rather than cut: a number is never shortened to fit."""

MAX_WIDTH = 1000
"""Widest output in columns: larger ``COLUMNS`` (even 99999999999999999999) counts as this."""

DEFAULT_WIDTH = 80
"""Width when ``COLUMNS`` is unset or not a whole number and stdout is not a terminal."""

_FD_OF: dict[str, int] = {"stdout": 1, "stderr": 2}
_CLOSED_AT_START: set[int] = set()


def reserve_closed_descriptors() -> None:
    """Occupy descriptors 0–2 that are closed now with ``/dev/null`` and remember them as closed.

    Call once, first thing in the program. Python has already set ``sys.stdout``/``sys.stderr``
    to None for a closed descriptor; the reservation keeps later ``open`` calls (which take the
    lowest free descriptor) off 0–2.
    """
    for fd in (0, 1, 2):
        try:
            os.fstat(fd)
            continue
        except OSError:
            pass
        try:
            reserved = os.open(os.devnull, os.O_RDWR)
        except OSError:
            return
        # lower descriptors are open (checked in order), so open() took exactly ``fd``
        _CLOSED_AT_START.add(reserved)


def closed_at_start(fd: int) -> bool:
    """True if descriptor ``fd`` (0–2) was closed when the program started."""
    return fd in _CLOSED_AT_START


def _stream(name: StreamName) -> Any:
    stream = sys.stdout if name == "stdout" else sys.stderr
    return stream


def _descriptor(stream: Any) -> int | None:
    """The OS descriptor behind ``stream``, or None for an in-memory stream (tests, CliRunner)."""
    try:
        fd = stream.fileno()
    except (AttributeError, OSError, ValueError):  # io.UnsupportedOperation is both
        return None
    return fd if isinstance(fd, int) and fd >= 0 else None


def stream_encoding(name: StreamName = "stdout") -> str:
    stream = _stream(name)
    return (getattr(stream, "encoding", None) or "utf-8").lower().replace("_", "-")


def stream_is_tty(name: StreamName = "stdout") -> bool:
    stream = _stream(name)
    try:
        return bool(stream is not None and stream.isatty())
    except (AttributeError, OSError, ValueError):
        return False


def write_fd(fd: int, data: bytes) -> None:
    """``os.write`` until every byte is accepted (waiting on a non-blocking descriptor): the one
    loop behind every complete write, to a stream here and to a file in :mod:`actplot._files`."""
    view = memoryview(data)
    while view:
        try:
            written = os.write(fd, view)
        except BlockingIOError:
            import select

            select.select([], [fd], [])
            continue
        except InterruptedError:
            continue
        view = view[written:]


def _failure(name: StreamName, exc: BaseException) -> BaseException:
    if isinstance(exc, BrokenPipeError) or (isinstance(exc, OSError) and exc.errno == errno.EPIPE):
        return BrokenPipeError(errno.EPIPE, os.strerror(errno.EPIPE))
    from actplot.errors import OutputError

    if isinstance(exc, OSError):
        reason = exc.strerror or os.strerror(exc.errno or errno.EIO)
    elif isinstance(exc, ValueError):  # "I/O operation on closed file"
        reason = "it is closed"
    else:
        reason = str(exc) or type(exc).__name__
    return OutputError(f"cannot write to {name}: {reason}")


def accepts_bytes(name: StreamName = "stdout") -> bool:
    """True if ``name`` can take binary data (a descriptor or a binary buffer; a closed stream
    counts as yes, so that writing reports it as closed)."""
    stream = _stream(name)
    return stream is None or _descriptor(stream) is not None or getattr(stream, "buffer", None) is not None


def write_bytes(data: bytes, *, to: StreamName = "stdout") -> None:
    """Write all of ``data`` to ``to`` (see the module docstring for failures)."""
    try:
        _write_bytes(data, to)
    except (OSError, ValueError, AttributeError) as exc:
        if to == "stderr":
            return
        raise _failure(to, exc) from None


def _write_bytes(data: bytes, name: StreamName) -> None:
    stream = _stream(name)
    if stream is None:
        raise OSError(errno.EBADF, "it is closed (Bad file descriptor)")
    fd = _descriptor(stream)
    if fd is not None:
        stream.flush()  # text printed earlier through the stream goes first
        write_fd(fd, data)
        return
    binary = getattr(stream, "buffer", None)
    if binary is not None:
        stream.flush()
        binary.write(data)
        binary.flush()
        return
    stream.write(data.decode(getattr(stream, "encoding", None) or "utf-8", errors="replace"))
    stream.flush()


def write_text(text: str, *, to: StreamName = "stdout", newline: bool = False) -> None:
    """Write ``text`` (ASCII-folded when the stream cannot take Unicode); ``newline`` ends it with one."""
    if newline and not text.endswith("\n"):
        text += "\n"
    encoding = stream_encoding(to)
    if not encoding.startswith("utf"):
        from actplot.text import asciify

        text = asciify(text)
    stream = _stream(to)
    if stream is not None and _descriptor(stream) is None and getattr(stream, "buffer", None) is None:
        try:  # an in-memory text stream (tests): hand it the text as is
            stream.write(text)
            stream.flush()
        except (OSError, ValueError) as exc:
            if to == "stdout":
                raise _failure(to, exc) from None
        return
    write_bytes(text.encode(encoding, errors="replace"), to=to)


def write_chunks(chunks: Iterable[str], *, to: StreamName = "stdout") -> None:
    """Write text pieces as they come (large tables: memory stays at one piece, not the whole)."""
    for chunk in chunks:
        if chunk:
            write_text(chunk, to=to)


def terminal_width(name: StreamName = "stdout") -> int:
    """Columns to lay out for: ``COLUMNS`` if it is a whole number, else the terminal's width,
    else :data:`DEFAULT_WIDTH`; always within [:data:`MIN_WIDTH`, :data:`MAX_WIDTH`]."""
    text = os.environ.get("COLUMNS", "").strip()
    width: int | None = None
    if text.isascii() and text.isdigit():  # no int() of a 10**6-digit string: the length decides
        width = (int(text) if len(text) <= 8 else MAX_WIDTH) or None
    if width is None:
        stream = _stream(name)
        fd = _descriptor(stream) if stream is not None else None
        if fd is not None and stream_is_tty(name):
            try:
                width = os.get_terminal_size(fd).columns or None
            except OSError:
                width = None
    return max(MIN_WIDTH, min(MAX_WIDTH, width or DEFAULT_WIDTH))


MAX_HEIGHT = 1000
"""Tallest output in lines: larger ``LINES`` counts as this (charts cap their own height lower)."""

DEFAULT_HEIGHT = 25
"""Height when ``LINES`` is unset or not a whole number and stdout is not a terminal."""


def terminal_height(name: StreamName = "stdout") -> int:
    """Lines to lay out for: ``LINES`` if it is a positive whole number, else the terminal's
    height, else :data:`DEFAULT_HEIGHT`; at most :data:`MAX_HEIGHT` (a huge ``LINES`` is not an int() of
    a million digits)."""
    text = os.environ.get("LINES", "").strip()
    height: int | None = None
    if text.isascii() and text.isdigit():
        height = (int(text) if len(text) <= 8 else MAX_HEIGHT) or None
    if height is None:
        stream = _stream(name)
        fd = _descriptor(stream) if stream is not None else None
        if fd is not None and stream_is_tty(name):
            try:
                height = os.get_terminal_size(fd).lines or None
            except OSError:
                height = None
    return max(1, min(MAX_HEIGHT, height or DEFAULT_HEIGHT))


class _ConsoleFile(io.TextIOBase):
    """What rich writes to: forwards finished text to :func:`write_text`; mirrors the real stream's
    encoding and terminal-ness so rich picks colours and box characters as it would for it."""

    def __init__(self, name: StreamName) -> None:
        super().__init__()
        self._name: StreamName = name

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return stream_encoding(self._name)

    def isatty(self) -> bool:
        return stream_is_tty(self._name)

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:  # type: ignore[override]
        write_text(text, to=self._name)
        return len(text)

    def flush(self) -> None:
        return None


def make_console(*, stderr: bool = False, no_color: bool = False, width: int | None = None) -> Console:
    """A rich Console whose output goes through this module (checked writes, clamped width)."""
    from rich.console import Console

    name: StreamName = "stderr" if stderr else "stdout"
    chosen = terminal_width(name) if width is None else max(MIN_WIDTH, min(MAX_WIDTH, width))
    file: Any = _ConsoleFile(name)
    return Console(
        file=file,
        no_color=True if no_color else None,
        highlight=False,
        emoji=False,
        markup=False,
        width=chosen,
        height=terminal_height(name),
        soft_wrap=False,
    )
