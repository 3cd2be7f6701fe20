"""Ctrl-C while the ``actplot`` command is still importing: one line, exit 130, no traceback.

Standard library only, and tiny: it runs as the first thing ``import actplot`` does when the
process is the ``actplot`` command (not when a program imports the library). Until the CLI's
error boundary is in place (:func:`actplot.cli.main`), SIGINT ends the process at once with
``Interrupted.`` on stderr and exit code 130, instead of a Python ``KeyboardInterrupt``
traceback from the middle of an import. Nothing has been written yet at that point, so leaving
with :func:`os._exit` loses nothing. :mod:`actplot.cli` replaces the handler when it is ready.
"""

from __future__ import annotations

import os
import signal


def _interrupted(signum: int, frame: object) -> None:  # pragma: no cover - timing dependent
    try:
        os.write(2, b"Interrupted.\n")
    except OSError:  # stderr closed ("2>&-"): the exit code still says it
        pass
    finally:
        os._exit(130)


def quiet_interrupts_while_importing() -> None:
    """Install the quiet SIGINT handler (only from the main thread, and only if SIGINT is not ignored)."""
    try:
        if signal.getsignal(signal.SIGINT) is signal.SIG_IGN:  # e.g. started with nohup or in the background
            return
        signal.signal(signal.SIGINT, _interrupted)
    except (ValueError, OSError):  # not the main thread
        pass
