"""The ``actplot`` command line: typer commands that parse, validate and dispatch.

``commands`` holds the application and the plot, compare, table, list and info commands;
``experiment``, ``gallery``, ``help`` and ``verify`` add their command groups; ``common`` holds
the shared options, parsing and the error boundary. The commands draw nothing themselves: the
library's views (:mod:`actplot.views`) do.
"""

from actplot.cli.commands import app, main

__all__ = ["app", "main"]
