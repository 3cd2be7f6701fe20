"""The ``actplot`` command line: plot, compare, table, list, info (and gallery).

Thin typer commands: they parse and validate options (:mod:`actplot.cli.common`), resolve SPECs
through the registry, and hand the work to :mod:`actplot.views.terminal`, :mod:`actplot.views.tables` or
:mod:`actplot.views.render`. Imports are lazy so that ``--help``, ``--version``, ``list``, ``table`` and
terminal plots never import matplotlib (or scipy); only ``-o FILE`` imports :mod:`actplot.views.render`.
"""

from __future__ import annotations

import os
import signal
import sys


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

import stat
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from actplot.cli import common
from actplot.cli.common import (
    CenteredOpt,
    DataFormatOpt,
    DerivativeOpt,
    DpiOpt,
    GridOpt,
    ImageFormatOpt,
    LayoutOpt,
    OutputOpt,
    PointsOpt,
    RangeOpt,
    SizeOpt,
    SpecArg,
    ThemeOpt,
    TitleOpt,
    XmaxOpt,
    XminOpt,
    YlimOpt,
)

if TYPE_CHECKING:
    from actplot.activation import Activation

# --- figure options of plot and compare (beyond the shared ones in _cli_common) ------------------

ShareyOpt = Annotated[
    bool,
    typer.Option("--sharey/--no-sharey", help="--layout grid: one y scale for every function's panel."),
]
FontSizeOpt = Annotated[
    str | None,
    typer.Option("--font-size", metavar="PT", help="Files: base text size in points (default 9.5).", show_default=False),
]
LineWidthOpt = Annotated[
    str | None,
    typer.Option("--line-width", metavar="PT", help="Files: curve width in points (default 1.7).", show_default=False),
]
TransparentOpt = Annotated[bool, typer.Option("--transparent", help="Files: no background fill.")]
SvgTextOpt = Annotated[
    bool, typer.Option("--svg-text", help="SVG: text as <text> elements (searchable) instead of outlines.")
]

THEMES = ("light", "dark", "grayscale")
IMAGE_FORMATS = ("png", "svg", "pdf")
LAYOUTS = ("overlay", "grid")
DATA_FORMATS = ("table", "csv", "json", "markdown")
TABLE_FORMATS = ("table", "csv", "long-csv", "json", "markdown", "latex")
INFO_FORMATS = ("text", "json", "markdown")
TABLE_RANGE = (-5.0, 5.0)
MAX_TABLE_ROWS = 10_000

ENVIRONMENT_HELP = """Environment: NO_COLOR (no colours), FORCE_COLOR, TERM=dumb, COLUMNS (terminal width),
PYTHONIOENCODING (non-UTF-8 output switches to ASCII), MPLCONFIGDIR (matplotlib's cache folder;
set it where HOME is read-only), ACTPLOT_DEBUG=1 (like --debug), ACTPLOT_NO_PLUGINS=1 (ignore
installed plugins)."""


def _help(text: str, *paragraphs: str) -> str:
    """A docstring-style help text followed by shared paragraphs (each kept as written)."""
    import inspect

    return "\n\n".join([inspect.cleandoc(text), *paragraphs])


app = typer.Typer(
    cls=common.ActplotGroup,
    name="actplot",
    help=_help(
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
        common.EXIT_CODES_HELP,
        ENVIRONMENT_HELP,
    ),
    no_args_is_help=True,
    context_settings={"help_option_names": ["-h", "--help"]},
    rich_markup_mode=None,  # plain click help: see _cli_common._HelpMixin
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
    flavor: Annotated[
        str | None,
        typer.Option(
            "--flavor",
            metavar="FLAVOR",
            help="Default flavour (torch, keras3, keras2, jax, keras3:jax, keras3:torch, torch:2.6) "
            "for functions that define it; name@flavor wins.",
            show_default=False,
            autocompletion=common.complete_flavor,
        ),
    ] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Only data and errors; no notes on stderr.")] = False,
    no_color: Annotated[bool, typer.Option("--no-color", help="No colours (also: NO_COLOR=1).")] = False,
    ascii_only: Annotated[bool, typer.Option("--ascii", help="ASCII characters only (automatic for non-UTF-8 output).")] = False,
    debug: Annotated[bool, typer.Option("--debug", help="Show the traceback of unexpected errors.")] = False,
    version: Annotated[
        bool,
        typer.Option("--version", is_eager=True, callback=_version_callback, help="Print the version and exit."),
    ] = False,
) -> None:
    common.set_state(
        flavor=common.check_flavor(flavor) if flavor is not None else None,
        debug=debug or common.state().debug,
        quiet=quiet,
        no_color=no_color,
        ascii=ascii_only,
    )


# --- plot ----------------------------------------------------------------------------------------


@app.command(
    cls=common.ActplotCommand,
    help="""Draw one activation in the terminal, or write it to PNG/SVG/PDF with -o.

    [bold]Examples[/bold]

      actplot sigmoid                           # 'plot' may be left out
      actplot plot sigmoid --derivative         # f and f'
      actplot tanh -dd --range -3 3             # f, f' and f''
      actplot elu -dd --layout grid -o elu.png  # f, f', f'' in panels of their own
      actplot leaky_relu:negative_slope=0.1 -d -o leaky.svg
      actplot hard_sigmoid@keras2 -o hs.png --dpi 200 --theme dark
      actplot relu -o - --format svg > relu.svg

    In the terminal: a braille chart that fits the width, with the key values f(0), f'(0) and the
    range of f on the interval. Kinks are sampled exactly; jumps are drawn broken, with a filled
    marker where the value is attained and a hollow one for the other limit.
    Files: the format comes from the extension (.png, .svg, .pdf); an existing file is replaced
    atomically; the same command writes the same bytes.
    """,
    epilog=common.EXIT_CODES_HELP,
)
def plot(
    spec: SpecArg,
    derivative: DerivativeOpt = 0,
    output: OutputOpt = None,
    image_format: ImageFormatOpt = None,
    x_range: RangeOpt = None,
    xmin: XminOpt = None,
    xmax: XmaxOpt = None,
    points: PointsOpt = None,
    ylim: YlimOpt = None,
    title: TitleOpt = None,
    theme: ThemeOpt = "light",
    size: SizeOpt = "7x5",
    dpi: DpiOpt = "100",
    centered_axes: CenteredOpt = False,
    grid: GridOpt = True,
    layout: LayoutOpt = "overlay",
    sharey: ShareyOpt = True,
    font_size: FontSizeOpt = None,
    line_width: LineWidthOpt = None,
    transparent: TransparentOpt = False,
    svg_text: SvgTextOpt = False,
) -> None:
    orders = common.parse_derivative(derivative)
    request = _FigureRequest.parse(
        output, image_format, x_range, xmin, xmax, points, ylim, title, theme, size, dpi, centered_axes, grid, layout,
        sharey, font_size, line_width, transparent, svg_text,
    )
    act = common.resolve(spec)
    request.fit_window([act])
    _check_budget([act], orders, request, diff=False)
    if output is None:
        _terminal_plot([act], orders, request)
    else:
        _write_figure([act], orders, request, diff=False)


# --- compare -------------------------------------------------------------------------------------


@app.command(
    cls=common.ActplotCommand,
    help="""Overlay several activations (derivatives in their own panel with -d).

    [bold]Examples[/bold]

      actplot compare relu elu silu
      actplot compare sigmoid tanh -d
      actplot compare gelu gelu:approximate=tanh --diff
      actplot compare hard_sigmoid@keras2 hard_sigmoid@torch --diff -o hs.png
      actplot compare relu elu selu --layout grid -o rectifiers.pdf

    --diff adds a panel of each function minus the first and prints the largest gap and where it
    occurs (for f, and for f' with -d).
    """,
    epilog=common.EXIT_CODES_HELP,
)
def compare(
    specs: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="SPEC",
            help="Two or more activations; the first is the reference for --diff.",
            show_default=False,
            autocompletion=common.complete_spec,
        ),
    ] = None,
    derivative: DerivativeOpt = 0,
    diff: Annotated[bool, typer.Option("--diff", help="Add a difference panel and print the largest gap.")] = False,
    output: OutputOpt = None,
    image_format: ImageFormatOpt = None,
    x_range: RangeOpt = None,
    xmin: XminOpt = None,
    xmax: XmaxOpt = None,
    points: PointsOpt = None,
    ylim: YlimOpt = None,
    title: TitleOpt = None,
    theme: ThemeOpt = "light",
    size: SizeOpt = "7x5",
    dpi: DpiOpt = "100",
    centered_axes: CenteredOpt = False,
    grid: GridOpt = True,
    layout: LayoutOpt = "overlay",
    sharey: ShareyOpt = True,
    font_size: FontSizeOpt = None,
    line_width: LineWidthOpt = None,
    transparent: TransparentOpt = False,
    svg_text: SvgTextOpt = False,
) -> None:
    specs = specs or []
    if len(specs) < 2:
        got = "none" if not specs else f"only {specs[0]!r}"
        raise common.usage_error(f"compare needs at least 2 activations, got {got}; e.g. actplot compare relu elu")
    orders = common.parse_derivative(derivative)
    request = _FigureRequest.parse(
        output, image_format, x_range, xmin, xmax, points, ylim, title, theme, size, dpi, centered_axes, grid, layout,
        sharey, font_size, line_width, transparent, svg_text,
    )
    acts = [common.resolve(s) for s in specs]
    request.fit_window(acts)
    _check_budget(acts, orders, request, diff=diff)
    from actplot.views.terminal_view import gap_lines

    gaps = gap_lines(acts, orders, request.x_range, request.points) if diff else []
    if output is None:
        _terminal_plot(acts, orders, request, diff=diff, gap_lines=gaps)
        return
    _write_figure(acts, orders, request, diff=diff)
    if gaps:
        emit = common.write_err if output == "-" else common.write_out
        for line in gaps:
            emit(line)


# --- table ---------------------------------------------------------------------------------------


@app.command(
    cls=common.ActplotCommand,
    help="""Values (and derivatives) side by side, for humans or for scripts.

    [bold]Examples[/bold]

      actplot table sigmoid                           # 11 points on [-5, 5]
      actplot table sigmoid tanh --at=-2,-1,0,1,2 -d
      actplot table relu --at=-1,0,1 -dd --format json
      actplot table gelu --range -3 3 --points 7 --format csv > gelu.csv

    Write --at=-2,-1,0 (with '=') when the list starts with a minus sign. --at also takes
    inf, -inf and nan. Formats: table (rich, default), csv (exact round-trip numbers; nan and
    inf as text), long-csv (tidy: one row per function, order, x), json (strict: a list of row
    objects; nan and +-inf become null), markdown, latex (booktabs tabular). Column names are
    SPECs (gelu:approximate=tanh) with ' and '' for f' and f''. --digits N rounds every number to
    N significant digits. -o FILE writes the table atomically; big tables are streamed.

      actplot table gelu:approximate=tanh -d -f latex --digits 4 -o gelu.tex
      actplot table relu elu -dd -n 101 -f long-csv -o rectifiers.csv
    """,
    epilog=common.EXIT_CODES_HELP,
)
def table(
    specs: Annotated[
        list[str],
        typer.Argument(metavar="SPEC", help="One or more activations.", show_default=False, autocompletion=common.complete_spec),
    ],
    at: Annotated[
        str | None,
        typer.Option("--at", metavar="X,X,...", help="Comma-separated x values, e.g. --at=-2,-1,0,1,2.", show_default=False),
    ] = None,
    x_range: Annotated[
        tuple[str, str] | None,
        typer.Option("--range", metavar="A B", help="x interval [A, B] (default -5 5).", show_default=False),
    ] = None,
    xmin: XminOpt = None,
    xmax: XmaxOpt = None,
    points: Annotated[
        str | None,
        typer.Option("--points", "-n", metavar="N", help="Rows, evenly spaced on the interval (default 11).", show_default=False),
    ] = None,
    derivative: DerivativeOpt = 0,
    data_format: Annotated[
        str,
        typer.Option(
            "--format",
            "-f",
            metavar="table|csv|long-csv|json|markdown|latex",
            help="Output format. JSON is strict: nan and +-inf become null. long-csv: function,order,x,value.",
            autocompletion=common.complete_table_format,
        ),
    ] = "table",
    digits: Annotated[
        str | None,
        typer.Option("--digits", metavar="N", help="Significant digits, 1..17 (default: 7 for table/markdown/latex, exact for csv/json).", show_default=False),
    ] = None,
    output: Annotated[
        str | None,
        typer.Option("--output", "-o", metavar="FILE", help="Write the table to FILE (atomically) instead of stdout.", show_default=False),
    ] = None,
) -> None:
    fmt = common.choose("--format", data_format, TABLE_FORMATS)
    n_digits = _parse_digits(digits)
    orders = common.parse_derivative(derivative)
    if at is not None:
        if x_range is not None or xmin is not None or xmax is not None or points is not None:
            raise common.usage_error("use either --at or --range/--xmin/--xmax/--points, not both")
        x_values: list[float] | None = _parse_at(at)
    else:
        x_values = None
        lo, hi = common.parse_range(x_range, xmin, xmax, default=TABLE_RANGE)
        count = common.parse_points(points, common.TABLE_POINTS)
    rows = len(x_values) if x_values is not None else count
    if fmt == "table" and rows > MAX_TABLE_ROWS:
        raise common.usage_error(
            f"--format table shows at most {MAX_TABLE_ROWS} rows, got {rows}; use --format csv or json for more"
        )
    if output is not None:
        _check_table_target(output)
    acts = [common.resolve(s) for s in specs]
    from actplot import budget

    budget.check_table(acts, rows, len(orders), option="--points {n}" if x_values is None else "{n} --at values")

    import numpy as np

    from actplot.views import tables

    x = np.asarray(x_values, dtype=np.float64) if x_values is not None else tables.decimal_grid(lo, hi, count)
    if fmt != "table":
        from actplot.views import table_output

        chunks = table_output.stream(acts, x, orders, fmt, digits=n_digits)
        if output is None:
            from actplot import output as out

            out.write_chunks(chunks)
        else:
            _write_table_file(output, chunks, fmt)
        return
    with np.errstate(all="ignore"):
        columns = tables.value_columns(acts, x, orders)
    if n_digits is not None:
        columns = [tables.Column(c.key, c.header, c.values, digits=n_digits) for c in columns]
    console = common.make_console() if output is None else _file_console()
    ascii_ = common.ascii_output(console.file) if output is None else False
    if ascii_:
        columns = [tables.Column(c.key, common.asciify(c.header), c.values, digits=c.digits) for c in columns]
    rich_tables = tables.to_rich_tables(columns, width=console.width)
    if output is None:
        for table_ in rich_tables:
            console.width = max(console.width, console.measure(table_).maximum)  # wider, never cut
            console.print(table_)
        return
    for table_ in rich_tables:
        console.print(table_)
    _write_table_file(output, iter([console.export_text()]), fmt)


def _parse_digits(text: str | None) -> int | None:
    if text is None:
        return None
    from actplot.views.table_output import MAX_DIGITS

    try:
        value = int(text.strip())
    except ValueError:
        raise common.usage_error(f"--digits must be a whole number from 1 to {MAX_DIGITS}, got {text!r}") from None
    if not 1 <= value <= MAX_DIGITS:
        raise common.usage_error(f"--digits must be from 1 to {MAX_DIGITS}, got {value}")
    return value


def _check_table_target(output: str) -> None:
    """-o for tables: a file name (not '-', not a folder), checked before anything is computed."""
    from actplot import _files
    from actplot.errors import OutputError

    if output == "-":
        raise common.usage_error("table writes to stdout without -o; '-o -' is not needed")
    _files.check_file_name(output)
    target = Path(output)
    try:
        if target.is_dir():
            raise OutputError(f"cannot write {output}: it is a directory")
        problem = _files.folder_problem(target)
    except OSError as exc:
        raise OutputError(f"cannot write {output}: {exc.strerror or exc}") from None
    if problem is not None:
        raise OutputError(f"cannot write {output}: {problem}")


def _file_console() -> Any:
    """A console that records a rich table as plain text for a file (no colour, Unicode, 80+ wide)."""
    import io

    from rich.console import Console

    return Console(file=io.StringIO(), record=True, width=80, color_system=None, highlight=False, emoji=False, markup=False)


def _write_table_file(output: str, chunks: Any, fmt: str) -> None:
    from actplot import _files

    _files.write_atomic(output, (chunk.encode("utf-8") for chunk in chunks))
    common.info(f"wrote {output} ({fmt})")


def _parse_at(text: str) -> list[float]:
    items = [item.strip() for item in text.replace(";", ",").split(",")]
    if not any(items):
        raise common.usage_error("--at needs at least one number, e.g. --at=-2,-1,0,1,2")
    if len(items) > common.MAX_POINTS:
        raise common.usage_error(f"--at takes at most {common.MAX_POINTS} values, got {len(items)}")
    values = []
    for item in items:
        if not item:
            raise common.usage_error(f"--at has an empty item in {text!r}; write e.g. --at=-2,-1,0")
        values.append(common.parse_float("--at", item, finite=False))
    return values


# --- list ----------------------------------------------------------------------------------------


@app.command(
    "list",
    cls=common.ActplotCommand,
    help="""Every activation: name, aliases, family, parameters (with defaults) and formula.

    [bold]Examples[/bold]

      actplot list
      actplot list --family rectifier
      actplot list --format json | jq '.[].name'

    Families: sigmoid-like, rectifier, exponential unit, gated/smooth, shrinkage, vector-valued,
    classic (a unique prefix is enough, e.g. --family exp).
    """,
    epilog=common.EXIT_CODES_HELP,
)
def list_command(
    family: Annotated[
        str | None,
        typer.Option(
            "--family", metavar="FAMILY", help="Only this family.", show_default=False, autocompletion=common.complete_family
        ),
    ] = None,
    data_format: DataFormatOpt = "table",
) -> None:
    fmt = common.choose("--format", data_format, DATA_FORMATS)
    from actplot import registry
    from actplot.spec import FAMILIES
    from actplot.views import tables

    specs = list(registry.SPECS)
    if family is not None:
        chosen = _choose_family(family, FAMILIES)
        specs = [s for s in specs if s.family == chosen]
    if fmt != "table":
        common.write_out(tables.render_catalogue(specs, fmt))
        return
    console = common.make_console()
    fold = common.asciify if common.ascii_output(console.file) else None
    table = tables.catalogue_table(specs, fold=fold)
    if specs:
        table.caption = (
            "Flavours (name@flavour): torch, jax, keras2, keras3 (Keras 3 on TensorFlow, its default backend), "
            "keras3:jax, keras3:torch (Keras 3 on those backends), torch:2.6 (PyTorch 2.6 and older)"
        )
        table.caption_justify = "left"
    console.print(table)
    if not specs:
        common.info("no activations in this family yet")


def _choose_family(text: str, families: tuple[str, ...]) -> str:
    key = text.strip().lower().replace("_", " ").replace("-", " ")

    def norm(f: str) -> str:
        return f.lower().replace("-", " ").replace("/", " ")

    for family in families:
        if key == norm(family):
            return family
    starts = [f for f in families if norm(f).startswith(key) or norm(f).replace(" ", "").startswith(key.replace(" ", ""))]
    if len(starts) == 1:
        return starts[0]
    if len(starts) > 1 and key:
        raise common.usage_error(f"--family {text!r} could be {' or '.join(starts)}; type more of the name")
    return common.choose("--family", text, families)


# --- info ----------------------------------------------------------------------------------------


@app.command(
    cls=common.ActplotCommand,
    help="""Everything about one activation: formulas, parameters per flavour, computed properties,
    kinks and the derivative convention there, framework equivalents, reference.

    [bold]Examples[/bold]

      actplot info sigmoid
      actplot info leaky_relu@keras2
      actplot info gelu:approximate=tanh --format json

    Properties are computed from the function on --range (default -6 6) and over the real line.
    """,
    epilog=common.EXIT_CODES_HELP,
)
def info(
    spec: SpecArg,
    x_range: Annotated[
        tuple[str, str] | None,
        typer.Option("--range", metavar="A B", help="Window for the computed properties (default -6 6).", show_default=False),
    ] = None,
    info_format: Annotated[
        str,
        typer.Option(
            "--format", "-f", metavar="text|json|markdown", help="Output format.", autocompletion=common.complete_info_format
        ),
    ] = "text",
) -> None:
    fmt = common.choose("--format", info_format, INFO_FORMATS)
    window = common.parse_range(x_range, None, None)
    act = common.resolve(spec)
    from actplot.views import tables

    properties = act.properties(window)
    data = tables.info_data(act, window, properties)
    if fmt == "json":
        common.write_out(tables.dumps(data))
        return
    if fmt == "markdown":
        common.write_out(tables.info_markdown(data, properties))
        return
    console = common.make_console()
    for renderable in tables.info_renderables(data, properties, ascii_only=common.ascii_output(console.file)):
        console.print(renderable)


# --- gallery (owned by the render helper) --------------------------------------------------------

try:
    from actplot.cli.gallery import gallery as _gallery_command
except ModuleNotFoundError as exc:  # pragma: no cover - only while cli_gallery.py is being written
    if exc.name != "actplot.cli.gallery":
        raise
else:
    app.command("gallery", cls=common.ActplotCommand)(_gallery_command)


from actplot.cli.help import help_command as _help_command

app.command("help", cls=common.ActplotCommand, epilog=common.EXIT_CODES_HELP)(_help_command)

from actplot.cli.verify import verify as _verify_command

app.command("verify", cls=common.ActplotCommand)(_verify_command)

# --- experiment and claims (owned by the experiments helper) -------------------------------------

from actplot.cli.experiment import claims as _claims_command
from actplot.cli.experiment import experiment_app as _experiment_app

app.add_typer(_experiment_app, name="experiment")
app.command("claims", cls=common.ActplotCommand)(_claims_command)


# --- shared implementation -----------------------------------------------------------------------


class _FigureRequest:
    """Validated range, sampling and figure options of plot/compare (one object for both)."""

    def __init__(self, **values: Any) -> None:
        self.__dict__.update(values)

    x_range: tuple[float, float]
    range_given: bool
    points: int | None
    ylim: tuple[float, float] | None
    title: str | None
    theme: str
    size: tuple[float, float]
    dpi: float
    centered_axes: bool
    grid: bool
    layout: str
    sharey: bool
    font_size: float | None
    line_width: float | None
    transparent: bool
    svg_text: bool
    output: str | None
    image_format: str | None

    @classmethod
    def parse(
        cls,
        output: str | None,
        image_format: str | None,
        x_range: tuple[str, str] | None,
        xmin: str | None,
        xmax: str | None,
        points: str | None,
        ylim: tuple[str, str] | None,
        title: str | None,
        theme: str,
        size: str,
        dpi: str,
        centered_axes: bool,
        grid: bool,
        layout: str,
        sharey: bool = True,
        font_size: str | None = None,
        line_width: str | None = None,
        transparent: bool = False,
        svg_text: bool = False,
    ) -> _FigureRequest:
        lo, hi = common.parse_range(x_range, xmin, xmax, for_drawing=True)
        n = None if points is None else common.parse_points(points, common.FILE_POINTS)
        dpi_value = common.parse_float("--dpi", dpi)
        if dpi_value <= 0:
            raise common.usage_error(f"--dpi must be positive, got {dpi!r}")
        width, height = common.parse_size(size)
        if output is None and image_format is not None:
            raise common.usage_error("--format needs -o FILE (or -o - for stdout)")
        if output is not None and output != "-" and not output.strip():
            raise common.usage_error("-o needs a file name (or '-' for stdout)")
        return cls(
            x_range=(lo, hi),
            range_given=x_range is not None or xmin is not None or xmax is not None,
            points=n,
            ylim=common.parse_ylim(ylim),
            title=title,
            theme=common.choose("--theme", theme, THEMES),
            size=(width, height),
            dpi=dpi_value,
            centered_axes=centered_axes,
            grid=grid,
            layout=common.choose("--layout", layout, LAYOUTS),
            sharey=sharey,
            font_size=None if font_size is None else _points_option("--font-size", font_size, 4.0, 40.0),
            line_width=None if line_width is None else _points_option("--line-width", line_width, 0.2, 10.0),
            transparent=transparent,
            svg_text=svg_text,
            output=output,
            image_format=image_format,
        )

    def fit_window(self, acts: list[Activation]) -> None:
        """Without --range/--xmin/--xmax: the default window, widened to show every kink and
        jump of ``acts`` with room around it (relu6's cap at 6, not its corner at the edge)."""
        if not self.range_given:
            from actplot.views.plan import default_window

            self.x_range = default_window(acts, common.DEFAULT_RANGE)


def _points_option(name: str, text: str, low: float, high: float) -> float:
    value = common.parse_float(name, text)
    if not low <= value <= high:
        raise common.usage_error(f"{name} must be between {low:g} and {high:g} points, got {text}")
    return value


def _write_figure(acts: list[Activation], orders: tuple[int, ...], request: _FigureRequest, *, diff: bool) -> None:
    """Render with matplotlib (actplot.views.render) and write the file atomically, or to stdout."""
    from actplot import _mpl_startup

    _mpl_startup.prepare_command_process()
    from actplot.errors import OutputError
    from actplot.views import render

    output = request.output
    assert output is not None
    fmt = render.format_for(output, request.image_format)
    to_stdout = output == "-"
    if to_stdout:
        if fmt != "svg" and _stdout_is_tty():
            raise common.usage_error(
                f"refusing to write binary {fmt.upper()} to a terminal; redirect stdout or use -o FILE"
            )
    else:
        from actplot import _files

        _files.check_file_name(output)  # "README/" names a folder: never replace the file README
        target = Path(output)
        try:
            if target.is_dir():
                raise OutputError(f"cannot write {output}: it is a directory")
            problem = _files.folder_problem(target)
        except OSError as exc:  # e.g. a file name longer than the file system allows
            raise OutputError(f"cannot write {output}: {exc.strerror or exc}") from None
        if problem is not None:
            raise OutputError(f"cannot write {output}: {problem}")
    options = render.FigureOptions(
        theme=request.theme,
        size=request.size,
        dpi=request.dpi,
        title=request.title,
        ylim=request.ylim,
        centered_axes=request.centered_axes,
        grid=request.grid,
        layout=request.layout,
        sharey=request.sharey,
        font_size=request.font_size,
        line_width=request.line_width,
        transparent=request.transparent,
        svg_text=request.svg_text,
    )
    render.validate_options(options, fmt)
    figure = render.plot_figure(
        acts,
        x_range=request.x_range,
        points=request.points or common.FILE_POINTS,
        orders=orders,
        diff=diff,
        options=options,
    )
    salt = "actplot:" + "|".join(a.label for a in acts)
    render.save_figure(figure, "-" if to_stdout else Path(output), fmt, salt=salt)
    if not to_stdout:
        try:
            st = Path(output).stat()
        except OSError:
            st = None
        if st is not None and stat.S_ISREG(st.st_mode):
            common.info(f"wrote {output} ({fmt.upper()}, {_human_bytes(st.st_size)})")
        else:  # a device, FIFO or descriptor: its size says nothing about what was written
            common.info(f"wrote {output} ({fmt.upper()})")


def _check_budget(acts: list[Activation], orders: tuple[int, ...], request: _FigureRequest, *, diff: bool) -> None:
    """Refuse (exit 2, naming --points) a chart or figure whose functions x points x orders is too
    much work, before anything is sampled (terminal charts sample about 2 points per column)."""
    from actplot import budget
    from actplot.output import MAX_WIDTH

    points = request.points or (common.FILE_POINTS if request.output is not None else 2 * MAX_WIDTH)
    budget.check_curves(acts, points, len(orders), diff_points=DIFFERENCE_GRID if diff else 0)


DIFFERENCE_GRID = 20001
"""Points of the --diff grid (``sampling.DIFFERENCE_POINTS``; kept here so parsing needs no NumPy)."""


def _stdout_is_tty() -> bool:
    try:
        return sys.stdout.isatty()
    except (AttributeError, ValueError):
        return False


def _human_bytes(size: int) -> str:
    if size < 1024:
        return f"{size} B"
    if size < 1024 * 1024:
        return f"{size / 1024:.1f} KiB"
    return f"{size / 1024 / 1024:.1f} MiB"


def _terminal_plot(
    acts: list[Activation],
    orders: tuple[int, ...],
    request: _FigureRequest,
    *,
    diff: bool = False,
    gap_lines: list[str] | None = None,
) -> None:
    """Print the plan of this plot or comparison as braille charts (:mod:`actplot.views.terminal_view`)."""
    from actplot.views import terminal
    from actplot.views import terminal_view as views

    console = common.make_console()
    ascii_ = common.ascii_output(console.file)
    lines = views.terminal_lines(
        acts,
        orders,
        views.TerminalRequest(request.x_range, request.points, request.ylim, request.title, request.layout,
                              request.sharey),
        width=max(24, console.width),
        height=views.terminal_rows(),
        charset=terminal.ASCII if ascii_ else terminal.UNICODE,
        diff=diff,
        gap_lines=gap_lines or (),
    )
    if ascii_:
        lines = [[(common.asciify(text), style) for text, style in line] for line in lines]
    console.print(terminal.to_rich(lines), end="", crop=True, soft_wrap=False)


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
