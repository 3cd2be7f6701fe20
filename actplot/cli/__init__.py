"""The ``actplot`` command line: typer commands that parse, validate and dispatch.

``root`` holds the application, its global options and ``main``; the commands live in ``plot``
(plot, compare), ``table``, ``catalogue`` (list, info), ``experiment``, ``gallery``, ``help`` and
``verify``. What they share has one module per job: ``options`` (every option, declared once),
``parsing`` (typed text → checked values, usage errors), ``console`` (consoles and output),
``completion``, ``argv`` (the default command, global options anywhere), ``group`` (the click
classes), ``help_format``, ``coercion``, ``state`` (the global options of one run) and ``boundary``
(the one place where errors become messages and exit codes). The commands draw nothing
themselves: the library's views (:mod:`actplot.views`) do.
"""

from actplot.cli.root import app, main

__all__ = ["app", "main"]
