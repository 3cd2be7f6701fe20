"""Atomic file writes: a file at the target path is either complete (old or new bytes) or absent.

Standard library only. :func:`write_atomic` writes into a temporary file *in the target's
directory*, named ``.NAME.tmp-<8 random characters>`` (:data:`TEMP_RE`), flushes and fsyncs it, then moves it
over the target with :func:`os.replace` (atomic on POSIX and Windows). The target is never
unlinked first, so an error or Ctrl-C at any point leaves the old bytes in place, and the temporary
file is removed on *any* exception, including :class:`KeyboardInterrupt` and :class:`SystemExit`.

Only a process killed outright (SIGKILL, power loss) can leave a temporary file behind;
:func:`sweep_temp_files` removes such leftovers, matching the exact naming pattern only.

Targets that are not plain files:

* a symbolic link (or a chain of them, or a dangling one) is written *through*: the final target
  (:func:`os.path.realpath`) is replaced atomically and the link stays a link;
* an existing device, FIFO or other special file (``/dev/null``, a terminal, ``mkfifo`` pipes)
  is never replaced: it is opened and the bytes are written into it directly (there is no file to
  keep whole). A FIFO is opened with ``O_NONBLOCK`` first, so one nobody reads fails at once
  instead of hanging; a socket is refused;
* a path through a file-descriptor link (``/dev/stdout``, ``/dev/fd/N``, ``/proc/self/fd/N``)
  means that descriptor of this process, whatever it is open on (a pipe, a terminal, a shell
  redirection): the bytes are written into the descriptor itself, like the shell's ``>&N``, so
  ``-o /dev/stdout | cmd``, ``> file`` and ``>> log`` all work; a descriptor that is closed or
  open only for reading is refused (see :func:`_through_fd_link`).
"""

from __future__ import annotations

import errno
import os
import re
import secrets
import stat
import sys
from collections.abc import Iterable
from pathlib import Path

from actplot.errors import OutputError
from actplot.output import write_fd

TEMP_MARK = ".tmp-"
TEMP_RE = re.compile(r"^\.(?P<name>.+)\.tmp-(?P<token>[0-9a-f]{8})$")
"""Temporary files look like ``.relu.png.tmp-3fa9c01b``: dot, target name, ``.tmp-``, 8 hex digits."""

_umask: int | None = None

_FD_DIR_RE = re.compile(r"^(/proc/(?P<pid>self|thread-self|\d+)(/task/\d+)?/fd|/dev/fd)$")
"""Folders whose entries are open file descriptors, not files (Linux /proc, BSD/macOS /dev/fd)."""

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


def folder_problem(path: Path | str) -> str | None:
    """Why the folder that should hold ``path`` cannot, or None if it is an existing folder.

    ``"No such file or directory (folder gal does not exist)"`` or
    ``"Not a directory (gal/relu.png is not a folder)"``: the nearest existing ancestor decides,
    so the message names the path component the user has to fix.
    """
    found = _folder_problem(Path(path))
    return None if found is None else f"{found[0]} ({found[1]})"


def _folder_problem(path: Path) -> tuple[str, str] | None:
    parents = list(path.parents)  # nearest first; a relative path ends with Path(".")
    for i, parent in enumerate(parents):
        try:
            st = os.stat(parent)
        except (FileNotFoundError, NotADirectoryError):
            continue
        except OSError:
            return None  # e.g. permission denied: let the write itself report it
        if stat.S_ISDIR(st.st_mode):
            if i == 0:
                return None
            return os.strerror(errno.ENOENT), f"folder {parents[i - 1]} does not exist"
        return os.strerror(errno.ENOTDIR), f"{parent} is not a folder"
    return None


def check_file_name(text: str) -> None:
    """Refuse a file name that ends with a path separator: ``README/`` names a folder, so it must
    never replace the regular file ``README`` (or create a file named ``new`` for ``new/``).

    :class:`pathlib.Path` drops the trailing slash, so callers check the text as typed, before
    turning it into a Path.
    """
    seps = (os.sep, os.altsep) if os.altsep else (os.sep,)
    if not text.endswith(seps) or text in seps:
        if text in seps:
            raise OutputError(f"cannot write {text}: it is a directory")
        return
    folder = text.rstrip("".join(seps)) or text
    try:
        st = os.stat(folder)
    except OSError:
        st = None
    if st is not None and stat.S_ISDIR(st.st_mode):
        raise OutputError(f"cannot write {text}: it is a directory; give a file name inside it")
    if st is not None:
        raise OutputError(f"cannot write {text}: {folder} is not a folder (a name ending in '/' names a folder)")
    raise OutputError(f"cannot write {text}: a name ending in '/' names a folder, and {folder} does not exist")


def _reason(exc: OSError) -> str:
    return exc.strerror or str(exc)


def write_atomic(path: Path | str, data: bytes | Iterable[bytes], *, fsync: bool = True) -> None:
    """Write ``data`` to ``path`` atomically (see the module docstring).

    Raises :class:`~actplot.errors.OutputError` (``"cannot write PATH: reason"``, exit code 1) when
    the directory is missing or not writable, the disk is full, or ``path`` is a directory. An
    existing file keeps its permission bits; a new file gets ``0o666 & ~umask``.

    A symbolic link is followed to its final target, which is replaced atomically (the link is
    kept). An existing special file (device, FIFO) is written into directly, not replaced: see
    :func:`_write_special`; so is a descriptor link such as ``/dev/stdout``
    (:func:`_write_into_fd_link`). Error messages name ``path`` as given.

    ``data`` may be an iterable of byte chunks (a streamed table): they are written one by one,
    so memory holds one chunk, and the target still appears only once the last chunk is written.
    """
    chunks: Iterable[bytes] = (bytes(data),) if isinstance(data, (bytes, bytearray, memoryview)) else data
    if isinstance(path, str):
        check_file_name(path)
    target = Path(path)
    descriptor = _through_fd_link(target)
    if descriptor is not None:
        _write_into_fd_link(target, *descriptor, chunks)
        return
    final = Path(os.path.realpath(target))  # follows links (also chains and dangling ones)
    try:
        st: os.stat_result | None = os.stat(final)
    except (FileNotFoundError, NotADirectoryError):
        st = None
    except OSError as exc:  # e.g. a symlink loop, permission denied
        raise OutputError(f"cannot write {target}: {_reason(exc)}") from None
    if st is None:
        problem = folder_problem(target)
        if problem is None:
            found = _folder_problem(final)  # a dangling link whose target's folder is missing
            if found is not None:
                problem = f"{found[0]} ({found[1]}; {target} links to {final})"
        if problem is not None:
            raise OutputError(f"cannot write {target}: {problem}")
        mode = _default_mode()
    elif stat.S_ISDIR(st.st_mode):
        raise OutputError(f"cannot write {target}: it is a directory")
    elif not stat.S_ISREG(st.st_mode):
        _write_special(target, final, chunks, st, fsync=fsync)
        return
    else:
        mode = st.st_mode & 0o7777
    _replace_atomically(target, final, chunks, mode, fsync=fsync)


def _replace_atomically(target: Path, final: Path, data: Iterable[bytes], mode: int, *, fsync: bool) -> None:
    """Temporary file next to ``final``, fsync, :func:`os.replace` over ``final``; clean up on any error."""
    tmp = final.parent / temp_name(final.name)
    fd = -1
    _ACTIVE.add(str(tmp))
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o600)
        for chunk in data:
            view = memoryview(chunk)
            while view:
                written = os.write(fd, view)
                view = view[written:]
        if fsync:
            os.fsync(fd)
        os.close(fd)
        fd = -1
        os.chmod(tmp, mode)
        os.replace(tmp, final)
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
            raise OutputError(f"cannot write {target}: {_reason(exc)}") from None
        raise
    finally:
        _ACTIVE.discard(str(tmp))


def _write_special(target: Path, final: Path, data: Iterable[bytes], st: os.stat_result, *, fsync: bool) -> None:
    """Write ``data`` straight into the existing special file ``final`` (device, FIFO); never replace it.

    There is nothing to keep whole, so there is no temporary file and no fsync (``/dev/null``
    rejects it). A FIFO is opened with ``O_NONBLOCK``: with no reader that fails with ENXIO at
    once (a plain open would block until a reader appears), and is reported as such; once open,
    the descriptor is made blocking again so a slow reader is waited for, not lost. A socket
    cannot be opened at all and is refused. If the path turned into a regular file between the
    check and the open, it is left alone and written atomically instead.
    """
    kind = st.st_mode
    if stat.S_ISSOCK(kind):
        raise OutputError(f"cannot write {target}: it is a socket, not a file")
    fifo = stat.S_ISFIFO(kind)
    flags = os.O_WRONLY | getattr(os, "O_BINARY", 0) | getattr(os, "O_NOCTTY", 0)
    if fifo:
        flags |= getattr(os, "O_NONBLOCK", 0)
    try:
        fd = os.open(final, flags)
    except OSError as exc:
        if fifo and exc.errno == errno.ENXIO:
            raise OutputError(f"cannot write {target}: it is a FIFO and nobody is reading from it") from None
        raise OutputError(f"cannot write {target}: {_reason(exc)}") from None
    try:
        now = os.fstat(fd).st_mode
        if stat.S_ISREG(now):  # replaced by a plain file meanwhile: do not overwrite it in place
            os.close(fd)
            fd = -1
            _replace_atomically(target, final, data, now & 0o7777, fsync=fsync)
            return
        if fifo:
            os.set_blocking(fd, True)
        for chunk in data:
            write_fd(fd, chunk)
    except OSError as exc:
        raise OutputError(f"cannot write {target}: {_reason(exc)}") from None
    finally:
        if fd >= 0:
            try:
                os.close(fd)
            except OSError:
                pass


def _through_fd_link(path: Path) -> tuple[int | None, str] | None:
    """``(pid, name)`` if ``path`` names an open file descriptor, else None.

    That is, if it resolves through an entry ``name`` of /proc/PID/fd (Linux; ``/dev/stdout`` ->
    ``/proc/self/fd/1``) or of /dev/fd (BSD, macOS: ``pid`` None, this process). Such "magic"
    links are not paths to follow: for a pipe :func:`os.path.realpath` yields
    ``/proc/PID/fd/pipe:[123]``, which cannot be created, and replacing a redirected file would
    cut the shell's descriptor off from the new bytes (and lose what ``>>`` had kept). Only the
    last component's chain of links is followed (at most 40).
    """
    current = os.path.abspath(path)
    for _ in range(40):
        head, tail = os.path.split(current)
        real_head = os.path.realpath(head)
        match = _FD_DIR_RE.match(real_head.replace(os.sep, "/"))
        if match:
            pid = match.group("pid")
            return (int(pid) if pid and pid.isdigit() else None), tail
        try:
            link = os.readlink(os.path.join(real_head, tail))
        except (OSError, ValueError):  # not a link (or gone): an ordinary path
            return None
        current = os.path.normpath(os.path.join(real_head, link))
    return None


def _write_into_fd_link(target: Path, pid: int | None, name: str, data: Iterable[bytes]) -> None:
    """Write ``data`` into this process's descriptor ``name`` (see :func:`_through_fd_link`).

    The descriptor itself is written to, never reopened: its offset and append mode are the
    redirection's, and a pipe needs no reader check. Refused: another process's descriptor, a
    closed one, and one open only for reading (with stdout closed at start-up, descriptor 1 may
    well be some file this process is reading: appending to it would corrupt it).
    """
    if pid is not None and pid != os.getpid():
        raise OutputError(f"cannot write {target}: it is a descriptor of another process")
    if not name.isdigit():
        raise OutputError(f"cannot write {target}: not an open descriptor")
    fd = int(name)
    from actplot import output

    if output.closed_at_start(fd):
        raise OutputError(f"cannot write {target}: descriptor {fd} is not open")
    try:
        import fcntl

        flags = fcntl.fcntl(fd, fcntl.F_GETFL)
    except OSError:
        raise OutputError(f"cannot write {target}: descriptor {fd} is not open") from None
    if flags & getattr(os, "O_ACCMODE", 3) == os.O_RDONLY:
        raise OutputError(f"cannot write {target}: descriptor {fd} is not open for writing")
    for stream in (sys.stdout, sys.stderr):  # keep text already printed before these bytes
        try:
            if stream is not None and stream.fileno() == fd:
                stream.flush()
        except (AttributeError, OSError, ValueError):
            pass
    try:
        for chunk in data:
            write_fd(fd, chunk)
    except OSError as exc:
        raise OutputError(f"cannot write {target}: {_reason(exc)}") from None


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
