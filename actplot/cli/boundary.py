"""The error boundary: the one place where every way a command can fail becomes one line on stderr
and a documented exit code.

* :class:`actplot.errors.ActplotError` → ``Error: …``, exit ``exc.exit_code`` (2 for usage and
  validation errors, 1 for :class:`~actplot.errors.OutputError`);
* typer/click usage errors (unknown option, missing argument, bad command) → one line, exit 2;
* Ctrl-C → ``Interrupted.``, exit 130;
* a closed pipe (``actplot table sigmoid | head -1``) → silent, exit 1;
* anything unexpected → one line naming the exception and ``--debug``, exit 1; with ``--debug``
  (or ``ACTPLOT_DEBUG=1``) the traceback is printed too.

:class:`actplot.cli.group.ActplotGroup` runs every command inside :func:`run_guarded`, so errors
are handled alike for the installed entry point, ``python -m actplot`` and typer's ``CliRunner``.
Commands raise; they never print errors or choose exit codes themselves.
"""

from __future__ import annotations

import contextlib
import errno
import os
import sys
from collections.abc import Callable

from typer import _click
from typer.exceptions import Abort as _TyperAbort
from typer.exceptions import Exit as _TyperExit

from actplot.cli.console import write_err
from actplot.cli.state import debug_requested

EXIT_CODES_HELP = """Exit codes: 0 success; 1 runtime failure (cannot write a file, closed pipe,
unexpected error); 2 usage error (unknown activation, option or value); 130 interrupted (Ctrl-C)."""
"""The exit codes as every command's --help states them (the codes :func:`run_guarded` returns)."""

USAGE_EXIT = 2


def usage_failure(message: str) -> int:
    """A usage error found before any command runs: ``Error: message`` on stderr, exit code 2."""
    write_err(f"Error: {message}")
    return USAGE_EXIT


def _one_line(text: str) -> str:
    return " ".join(part.strip() for part in str(text).splitlines() if part.strip())


def _quiet_teardown() -> None:
    """After an interrupt, say nothing more: objects that Ctrl-C left half-built (e.g. pyparsing's
    grammar inside matplotlib's mathtext) may complain from ``__del__`` as the interpreter exits,
    which Python prints as "Exception ignored … Traceback". With --debug they are still shown."""
    if not debug_requested():
        sys.unraisablehook = lambda unraisable: None


def run_guarded(body: Callable[[], int]) -> int:
    """Run ``body`` and turn every way it can fail into (one stderr line, exit code)."""
    from actplot import _interrupts
    from actplot.errors import ActplotError

    try:
        with _interrupts.guarded():
            return body()
    except _TyperExit as exc:
        return int(exc.exit_code)
    except _click.exceptions.NoArgsIsHelpError as exc:
        text = exc.format_message()  # plain help text; rich mode has printed it already
        if text.strip():
            write_err(text)
        return 2
    except _click.exceptions.UsageError as exc:
        message = _one_line(exc.format_message())
        ctx = exc.ctx
        hint = f" (see '{ctx.command_path} --help')" if ctx is not None else ""
        if ctx is not None and ctx.command.name == "plot" and "extra argument" in message:
            hint = " (plot draws one function; to overlay several: actplot compare SPEC SPEC ...)"
        write_err(f"Error: {message}{hint}")
        return exc.exit_code
    except _click.exceptions.ClickException as exc:
        write_err(f"Error: {_one_line(exc.format_message())}")
        return exc.exit_code
    except ActplotError as exc:
        _maybe_traceback()
        write_err(f"Error: {_one_line(str(exc))}")
        return exc.exit_code
    except KeyboardInterrupt:
        _maybe_traceback()
        write_err("Interrupted.")
        _quiet_teardown()
        return 130
    except _TyperAbort:
        write_err("Interrupted.")
        _quiet_teardown()
        return 130
    except OSError as exc:
        if _is_broken_pipe(exc):
            _silence_stdout()
            return 1
        _maybe_traceback()
        where = f"{exc.filename}: " if getattr(exc, "filename", None) else ""
        write_err(f"Error: {where}{exc.strerror or exc}")
        return 1
    except RecursionError:
        _maybe_traceback()
        write_err("Error: internal error (RecursionError); run with --debug for the traceback")
        return 1
    except Exception as exc:  # noqa: BLE001 - the boundary: nothing escapes as a traceback
        _maybe_traceback()
        detail = _one_line(str(exc))[:300]
        write_err(
            f"Error: unexpected {type(exc).__name__}{': ' + detail if detail else ''} "
            "(run with --debug for the traceback)"
        )
        return 1


def _maybe_traceback() -> None:
    if debug_requested():
        import traceback

        with contextlib.suppress(OSError, ValueError, UnicodeError, AttributeError):  # AttributeError: stderr closed ("2>&-")
            traceback.print_exc(file=sys.stderr)


def _is_broken_pipe(exc: OSError) -> bool:
    if isinstance(exc, BrokenPipeError) or exc.errno == errno.EPIPE:
        return True
    return exc.errno == errno.EINVAL and _stdout_closed()  # Windows reports a closed pipe as EINVAL


def _stdout_closed() -> bool:
    try:
        sys.stdout.flush()
    except (OSError, ValueError, AttributeError):  # AttributeError: stdout closed at start (None)
        return True
    return False


def _silence_stdout() -> None:
    """After EPIPE: point stdout at /dev/null so the interpreter's final flush stays quiet."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):  # io.UnsupportedOperation is both
        pass
