"""The global options of one ``actplot`` invocation (``--flavor``, ``-q``, ``--no-color``,
``--ascii``, ``--debug``), set once by the root callback and read by every command.

Standard library only: every other CLI module may import this one.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any


@dataclass(slots=True)
class GlobalState:
    """Options of the ``actplot`` callback that every command reads."""

    flavor: str | None = None
    debug: bool = False
    quiet: bool = False
    no_color: bool = False
    ascii: bool = False


_STATE = GlobalState()


def state() -> GlobalState:
    """The global options of the current invocation."""
    return _STATE


def set_state(**values: Any) -> GlobalState:
    """Replace the global options (the ``actplot`` callback calls this once per invocation, and the
    group resets them before each run so that nothing leaks from one run to the next)."""
    global _STATE
    _STATE = GlobalState(**values)
    return _STATE


def debug_requested() -> bool:
    """``--debug`` or ``ACTPLOT_DEBUG=1``: show tracebacks of unexpected errors."""
    return _STATE.debug or os.environ.get("ACTPLOT_DEBUG", "") not in ("", "0")
