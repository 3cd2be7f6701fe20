"""The output folder: settle one file's bytes against what is on disk, and list what does not belong.

Every file is rendered to bytes first and then *settled*: a file that already holds exactly those
bytes is kept, a missing one is written atomically (:func:`actplot._files.write_atomic`), a
differing one is replaced only with ``force`` — otherwise it is a *conflict* and left alone. In
check mode nothing is written and the file is reported ok, stale or missing. Keeping identical
files is what lets an interrupted run complete when rerun.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Sequence
from pathlib import Path

from actplot._files import write_atomic
from actplot.errors import OutputError
from actplot.gallery.plan import Settings

# what settling did to one output file
WRITTEN, OVERWRITTEN, UNCHANGED, CONFLICT = "written", "overwritten", "unchanged", "conflict"
OK, STALE, MISSING = "ok", "stale", "missing"
"""Check mode: the file matches, differs, or is absent."""
DONE_STATUSES = (WRITTEN, OVERWRITTEN, UNCHANGED, OK)
"""The file holds (or already held) exactly what the code draws."""


def settle(path: Path, data: bytes, settings: Settings) -> str:
    """Compare ``data`` with the file at ``path``; write it if allowed. Returns the status."""
    try:
        mode = path.stat().st_mode
    except OSError:
        mode = None  # missing (or unreadable): the read below reports it
    if mode is not None and not stat.S_ISREG(mode) and not stat.S_ISDIR(mode):
        # a FIFO or device where an image belongs: reading it could block forever
        raise OutputError(f"cannot write {path}: it is not a regular file")
    try:
        old: bytes | None = path.read_bytes()
    except FileNotFoundError:
        old = None
    except IsADirectoryError:
        raise OutputError(f"cannot write {path}: it is a directory") from None
    except OSError as exc:
        raise OutputError(f"cannot read {path}: {exc.strerror or exc}") from None
    if settings.check:
        return OK if old == data else (MISSING if old is None else STALE)
    if old == data:
        return UNCHANGED
    if old is None:
        write_atomic(path, data)
        return WRITTEN
    if settings.force:
        write_atomic(path, data)
        return OVERWRITTEN
    return CONFLICT


def make_dir(out: Path) -> None:
    """Create the output folder (and its parents); a file in its place is an :class:`OutputError`."""
    if out.exists() and not out.is_dir():
        raise OutputError(f"cannot write into {out}: it is not a directory")
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"cannot create {out}: {exc.strerror or exc}") from None


def extra_files(out: Path, planned: Sequence[str]) -> list[str]:
    """Visible files in ``out`` that the gallery would not produce (hidden files are ignored)."""
    try:
        present = [e.name for e in os.scandir(out) if e.is_file() and not e.name.startswith(".")]
    except OSError:
        return []
    wanted = set(planned)
    return sorted(name for name in present if name not in wanted)


def written_since(out: Path, names: Sequence[str], since: float) -> list[str]:
    """Those of ``names`` that were moved into place at or after ``since`` (wall-clock seconds).

    A file only ever appears complete (atomic rename), so one modified since a run started is a
    finished file of that run, even if the worker that wrote it was stopped before reporting it.
    """
    found = []
    for name in names:
        try:
            if (out / name).stat().st_mtime >= since - 0.05:
                found.append(name)
        except OSError:
            pass
    return found
