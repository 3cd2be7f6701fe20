"""The root of the ``actplot`` command line: the typer app, its global options, the registration of
every command, and :func:`main`, the entry point (``actplot.cli:main``, ``python -m actplot``).

A Ctrl-C handler is installed before the heavier imports below (typer, click, the command
modules), so an interrupt during start-up exits quietly with code 130; after importing, the
importer's own handler is put back and :func:`main` installs the run-time one.
"""

from __future__ import annotations

import os
import signal


def _interrupted_while_importing(signum: int, frame: object) -> None:  # pragma: no cover - timing
    # Ctrl-C before the error boundary runs (while Python imports typer and friends): nothing has
    # been written yet, so leave at once, quietly, with the documented code.
    try:
        os.write(2, b"Interrupted.\n")
    except OSError:  # stderr closed: the exit code still says it
        pass
    finally:
        os._exit(130)


try:
    _previous_sigint = signal.signal(signal.SIGINT, _interrupted_while_importing)
except ValueError:  # not the main thread (e.g. imported by a worker): leave signals alone
    _previous_sigint = None

from typing import Annotated

import typer

from actplot.cli import catalogue, parsing, plot, table
from actplot.cli.boundary import EXIT_CODES_HELP
from actplot.cli.experiment import claims as _claims_command
from actplot.cli.experiment import experiment_app as _experiment_app
from actplot.cli.gallery import gallery as _gallery_command
from actplot.cli.group import ActplotCommand, ActplotGroup
from actplot.cli.help import help_command as _help_command
from actplot.cli.help_format import help_text
from actplot.cli.options import AsciiOpt, DebugOpt, FlavorOpt, NoColorOpt, QuietOpt
from actplot.cli.state import set_state, state
from actplot.cli.verify import verify as _verify_command

ENVIRONMENT_HELP = """Environment: NO_COLOR (no colours), FORCE_COLOR, TERM=dumb, COLUMNS (terminal width),
PYTHONIOENCODING (non-UTF-8 output switches to ASCII), MPLCONFIGDIR (matplotlib's cache folder;
set it where HOME is read-only), ACTPLOT_DEBUG=1 (like --debug), ACTPLOT_NO_PLUGINS=1 (ignore
installed plugins)."""


app = typer.Typer(
    cls=ActplotGroup,
    name="actplot",
    help=help_text(
        """Plot, tabulate and compare activation functions and their exact derivatives.

    [bold]Examples[/bold]

      actplot sigmoid              # a terminal chart (= actplot plot sigmoid)
      actplot sigmoid -d           # with f' (-dd: also f'')
      actplot leaky_relu:negative_slope=0.1 -d -o leaky.svg
      actplot compare gelu gelu:approximate=tanh --diff
      actplot table sigmoid tanh --at=-2,-1,0,1,2 -d --format csv
      actplot list --family rectifier
      actplot info hard_sigmoid@keras2

    SPEC is name, name:param=value,param=value, name@flavor or both
    (flavours: torch, keras3, keras2, jax; keras3:jax and keras3:torch for Keras 3 on
    those backends, torch:2.6 for PyTorch 2.6 and older). Global options (--flavor, -q, --no-color, --ascii,
    --debug) may also follow the command.

    A SPEC may also be an expression in x, quoted: "x*tanh(softplus(x))", "max(x, 0.1*x)@jax",
    "x*sigmoid(b*x); b=1.5" (parameters after ';'). Allowed: numbers, x, pi, e, + - * / **,
    comparisons (1 where true, else 0), exp log log1p expm1 sqrt abs sin cos tanh erf min max
    where(cond, a, b), and every catalogue function, its parameters by keyword:
    leaky_relu(x, negative_slope=0.2). f' and f'' are exact (forward-mode differentiation).
    """,
        EXIT_CODES_HELP,
        ENVIRONMENT_HELP,
    ),
    no_args_is_help=True,
    context_settings={"help_option_names": ["-h", "--help"]},
    rich_markup_mode=None,  # plain click help: see actplot.cli.help_format
    pretty_exceptions_enable=False,
    add_completion=True,
)


def _version_callback(value: bool) -> None:
    if value:
        typer.echo(f"actplot {_version()}")
        raise typer.Exit()


def _version() -> str:
    """The package version; ``actplot/__init__.py`` is its one source (pyproject reads it too)."""
    from actplot import __version__

    return __version__


@app.callback()
def _global_options(
    flavor: FlavorOpt = None,
    quiet: QuietOpt = False,
    no_color: NoColorOpt = False,
    ascii_only: AsciiOpt = False,
    debug: DebugOpt = False,
    version: Annotated[
        bool,
        typer.Option("--version", is_eager=True, callback=_version_callback, help="Print the version and exit."),
    ] = False,
) -> None:
    set_state(
        flavor=parsing.check_flavor(flavor) if flavor is not None else None,
        debug=debug or state().debug,
        quiet=quiet,
        no_color=no_color,
        ascii=ascii_only,
    )


# --- the commands, in the order --help lists them ------------------------------------------------

app.command("plot", cls=ActplotCommand, epilog=EXIT_CODES_HELP)(plot.plot)
app.command("compare", cls=ActplotCommand, epilog=EXIT_CODES_HELP)(plot.compare)
app.command("table", cls=ActplotCommand, epilog=EXIT_CODES_HELP)(table.table)
app.command("list", cls=ActplotCommand, epilog=EXIT_CODES_HELP)(catalogue.list_command)
app.command("info", cls=ActplotCommand, epilog=EXIT_CODES_HELP)(catalogue.info)
app.command("gallery", cls=ActplotCommand)(_gallery_command)
app.command("help", cls=ActplotCommand, epilog=EXIT_CODES_HELP)(_help_command)
app.command("verify", cls=ActplotCommand)(_verify_command)
app.add_typer(_experiment_app, name="experiment")
app.command("claims", cls=ActplotCommand)(_claims_command)


def main() -> None:
    """Entry point of the ``actplot`` script and of ``python -m actplot``."""
    from actplot import _interrupts, output

    output.reserve_closed_descriptors()  # ">&-": no later open() may take descriptor 1 or 2
    _interrupts.install()  # Ctrl-C → one KeyboardInterrupt → "Interrupted.", exit 130
    try:
        app()
    finally:
        _interrupts.ignore_late()


if _previous_sigint is not None:  # importing is over: give the importer its own handler back
    signal.signal(signal.SIGINT, _previous_sigint)


if __name__ == "__main__":  # pragma: no cover
    main()
