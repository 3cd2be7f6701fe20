"""Where the commands' output goes: rich consoles, stdout and stderr writers, ASCII folding, and
the check of an ``-o FILE`` target before any work starts.

Every write goes through :mod:`actplot.output` (each byte checked: a full disk is an error, a
closed pipe exit 1). Text for a stream that cannot carry Unicode is folded to ASCII by
:func:`actplot.text.asciify` (one implementation, re-exported here for the commands). Cheap to
import: rich and the output module are loaded inside the functions that need them.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any

from actplot.cli.state import state
from actplot.text import asciify

if TYPE_CHECKING:
    from rich.console import Console

__all__ = [
    "ascii_output",
    "asciify",
    "check_output_file",
    "file_console",
    "info",
    "make_console",
    "stream_is_utf",
    "write_err",
    "write_out",
]


def stream_is_utf(stream: Any) -> bool:
    encoding = (getattr(stream, "encoding", None) or "utf-8").lower().replace("_", "-")
    return encoding.startswith("utf")


def ascii_output(stream: Any = None) -> bool:
    """True when text for ``stream`` (default stdout) must be plain ASCII (``--ascii`` or encoding)."""
    return state().ascii or not stream_is_utf(sys.stdout if stream is None else stream)


def make_console(*, stderr: bool = False, width: int | None = None) -> Console:
    """A rich Console for stdout (or stderr) that writes through :mod:`actplot.output` (every
    write checked) and honours ``--no-color``, NO_COLOR, TERM=dumb, FORCE_COLOR, COLUMNS (clamped
    to a documented minimum and maximum), non-TTY streams and ASCII-only encodings."""
    from actplot import output

    return output.make_console(stderr=stderr, no_color=state().no_color, width=width)


def file_console() -> Console:
    """A console that records a rich table as plain text for a file (no colour, Unicode, 80+ wide)."""
    import io

    from rich.console import Console

    return Console(file=io.StringIO(), record=True, width=80, color_system=None, highlight=False, emoji=False, markup=False)


def write_err(message: str) -> None:
    """One line on stderr, safe for any encoding and for a closed or full stderr (ignored)."""
    from actplot import output

    output.write_text(message.rstrip("\n"), to="stderr", newline=True)


def info(message: str) -> None:
    """A progress/confirmation line on stderr (suppressed by ``-q``)."""
    if not state().quiet:
        write_err(message)


def write_out(text: str) -> None:
    """Text for stdout (data: CSV, JSON, markdown), ASCII-folded when the stream needs it; every
    byte is checked (:mod:`actplot.output`): a full disk is an error, a closed pipe exit 1."""
    from actplot import output

    output.write_text(text, newline=True)


def check_output_file(output: str) -> None:
    """``-o FILE``: refuse, before anything is computed, a name that is a folder or whose folder
    cannot take the file (an :class:`~actplot.errors.OutputError`, exit 1)."""
    from pathlib import Path

    from actplot import _files
    from actplot.errors import OutputError

    _files.check_file_name(output)  # "README/" names a folder: never replace the file README
    target = Path(output)
    try:
        if target.is_dir():
            raise OutputError(f"cannot write {output}: it is a directory")
        problem = _files.folder_problem(target)
    except OSError as exc:  # e.g. a file name longer than the file system allows
        raise OutputError(f"cannot write {output}: {exc.strerror or exc}") from None
    if problem is not None:
        raise OutputError(f"cannot write {output}: {problem}")
