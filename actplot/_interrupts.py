"""Ctrl-C for the command line: one KeyboardInterrupt, raised where it can propagate, never twice.

Python's default SIGINT handler raises KeyboardInterrupt at whatever bytecode is running. Two
things go wrong with that under load:

* the signal can land inside a weakref callback or a ``__del__`` (matplotlib registers many
  weakref callbacks). An exception there cannot propagate: Python prints
  "Exception ignored in: <function …> … KeyboardInterrupt" and *drops* the interrupt, so the
  command carries on and exits 0 after the user pressed Ctrl-C;
* a second or late signal (a repeated Ctrl-C, or one that arrives while the process is already
  finishing) raises again inside clean-up code or interpreter shutdown, with a traceback.

:func:`install` fixes both at their cause. Its handler raises only for the first signal; a
KeyboardInterrupt that Python reports as unraisable is delivered again to the main thread (by
``_thread.interrupt_main``) at the next point where it can propagate, instead of being printed and
lost. :func:`ignore_late` is called once the command's outcome is decided. Standard library only:
``actplot --help`` imports this module.
"""

from __future__ import annotations

import _thread
import contextlib
import os
import signal
import sys
import time
from collections.abc import Iterator
from types import FrameType
from typing import Any

_state = {"raised": False, "in_hook": False, "phase": "starting"}
"""``raised``: a KeyboardInterrupt has been raised for a Ctrl-C (later signals are ignored);
``in_hook``: the main thread is inside :func:`_unraisable`; ``phase``: ``starting`` until the
error boundary runs the command (a Ctrl-C then leaves at once, quietly: nothing is written yet),
``guarded`` while it does (a Ctrl-C raises, once), ``done`` after (a Ctrl-C is ignored)."""

_previous_hook: Any = None


def _on_sigint(signum: int, frame: FrameType | None) -> None:
    if _state["phase"] == "starting":  # before the error boundary: leave like start-up does
        try:
            os.write(2, b"Interrupted.\n")
        except OSError:
            pass
        finally:
            os._exit(130)
    if _state["raised"] or _state["phase"] == "done":
        return  # the first Ctrl-C is being handled, or the outcome is decided: change nothing
    _state["raised"] = True
    raise KeyboardInterrupt


@contextlib.contextmanager
def guarded() -> Iterator[None]:
    """The error boundary runs the command inside this: Ctrl-C raises KeyboardInterrupt here (for
    the boundary to turn into exit 130) and is ignored once the command has finished."""
    _state["phase"] = "guarded"
    try:
        yield
    finally:
        _state["phase"] = "done"


def _redeliver() -> None:
    """From a helper thread: once the main thread has left the hook, simulate the Ctrl-C again.
    (Called from the hook itself, the handler would run inside the hook and be lost once more.)"""
    while _state["in_hook"]:
        time.sleep(0.001)
    _thread.interrupt_main(signal.SIGINT)


def _unraisable(unraisable: Any) -> None:
    """Re-deliver a KeyboardInterrupt that landed where it could not propagate; drop the
    ResourceWarning of a file the interrupt left open (an import or read cut short by Ctrl-C: the
    file is closed by the collector, and under ``-W error`` its warning would be printed before
    "Interrupted."); pass the rest on."""
    if _state["raised"] and issubclass(unraisable.exc_type, ResourceWarning):
        return
    if not issubclass(unraisable.exc_type, KeyboardInterrupt):
        (_previous_hook or sys.__unraisablehook__)(unraisable)
        return
    _state["in_hook"] = True
    _state["raised"] = False
    _thread.start_new_thread(_redeliver, ())
    _state["in_hook"] = False


def install() -> None:
    """Use the handler and the unraisable hook above (main thread only; elsewhere a no-op)."""
    global _previous_hook
    try:
        signal.signal(signal.SIGINT, _on_sigint)
    except ValueError:  # not the main thread: signals are not ours to handle
        return
    _state["raised"] = False
    _state["phase"] = "starting"
    _previous_hook = sys.unraisablehook
    sys.unraisablehook = _unraisable


def ignore_late() -> None:
    """The command has finished (or is leaving with its exit code): a Ctrl-C now changes nothing."""
    try:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
    except ValueError:
        pass
