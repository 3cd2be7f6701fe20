"""Atomic file writes: a file at the target path is either complete (old or new bytes) or absent.

Standard library only. :func:`write_atomic` writes into a temporary file *in the target's
directory*, named ``.NAME.tmp-<8 random characters>`` (:data:`TEMP_RE`), flushes and fsyncs it, then moves it
over the target with :func:`os.replace` (atomic on POSIX and Windows). The target is never
unlinked first, so an error or Ctrl-C at any point leaves the old bytes in place, and the temporary
file is removed on *any* exception, including :class:`KeyboardInterrupt` and :class:`SystemExit`.

Only a process killed outright (SIGKILL, power loss) can leave a temporary file behind;
:func:`sweep_temp_files` removes such leftovers, matching the exact naming pattern only.
"""

from __future__ import annotations

import os
import re
import secrets
from collections.abc import Iterable
from pathlib import Path

from actplot.errors import OutputError

TEMP_MARK = ".tmp-"
TEMP_RE = re.compile(r"^\.(?P<name>.+)\.tmp-(?P<token>[0-9a-f]{8})$")
"""Temporary files look like ``.relu.png.tmp-3fa9c01b``: dot, target name, ``.tmp-``, 8 hex digits."""

_umask: int | None = None

_ACTIVE: set[str] = set()
"""Temporary files being written right now by this process (see :func:`remove_active_temp_files`)."""


def temp_name(target_name: str) -> str:
    """A fresh temporary file name for ``target_name`` (random 8-hex-digit token)."""
    return f".{target_name}{TEMP_MARK}{secrets.token_hex(4)}"


def _default_mode() -> int:
    """0o666 minus the process umask: what a plain ``open(path, "wb")`` would create."""
    global _umask
    if _umask is None:
        current = os.umask(0o022)
        os.umask(current)
        _umask = current
    return 0o666 & ~_umask


def write_atomic(path: Path | str, data: bytes, *, fsync: bool = True) -> None:
    """Write ``data`` to ``path`` atomically (see the module docstring).

    Raises :class:`~actplot.errors.OutputError` (``"cannot write PATH: reason"``, exit code 1) when
    the directory is missing or not writable, the disk is full, or ``path`` is a directory. An
    existing file keeps its permission bits; a new file gets ``0o666 & ~umask``.
    """
    target = Path(path)
    directory = target.parent
    if target.is_dir():
        raise OutputError(f"cannot write {target}: it is a directory")
    try:
        mode = target.stat().st_mode & 0o7777
    except FileNotFoundError:
        mode = _default_mode()
    except OSError as exc:
        raise OutputError(f"cannot write {target}: {exc.strerror or exc}") from None
    tmp = directory / temp_name(target.name)
    fd = -1
    _ACTIVE.add(str(tmp))
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o600)
        view = memoryview(data)
        while view:
            written = os.write(fd, view)
            view = view[written:]
        if fsync:
            os.fsync(fd)
        os.close(fd)
        fd = -1
        os.chmod(tmp, mode)
        os.replace(tmp, target)
    except BaseException as exc:
        if fd >= 0:
            try:
                os.close(fd)
            except OSError:
                pass
        try:
            os.unlink(tmp)
        except OSError:
            pass
        if isinstance(exc, OSError):
            reason = exc.strerror or str(exc)
            raise OutputError(f"cannot write {target}: {reason}") from None
        raise
    finally:
        _ACTIVE.discard(str(tmp))


def remove_active_temp_files() -> None:
    """Delete the temporary files this process is writing right now.

    For a signal handler that is about to end the process with :func:`os._exit` (a gallery worker
    on SIGTERM): nothing else would remove them. Safe at any moment: a file already moved into
    place or not yet created is simply not found.
    """
    for name in list(_ACTIVE):
        try:
            os.unlink(name)
        except OSError:
            pass


def is_temp_file(name: str, targets: Iterable[str] | None = None) -> bool:
    """True if ``name`` is a temporary file of :func:`write_atomic` (for one of ``targets``)."""
    match = TEMP_RE.match(name)
    if match is None:
        return False
    return targets is None or match.group("name") in set(targets)


def sweep_temp_files(directory: Path | str, targets: Iterable[str] | None = None) -> list[Path]:
    """Delete leftover temporary files in ``directory`` (only for ``targets`` if given).

    Returns the paths removed; a missing directory or a file that vanished meanwhile is not an error.
    """
    wanted = None if targets is None else set(targets)
    removed: list[Path] = []
    try:
        entries = list(os.scandir(directory))
    except OSError:
        return removed
    for entry in entries:
        if not is_temp_file(entry.name, wanted):
            continue
        try:
            if entry.is_file(follow_symlinks=False):
                os.unlink(entry.path)
                removed.append(Path(entry.path))
        except OSError:
            pass
    return removed
