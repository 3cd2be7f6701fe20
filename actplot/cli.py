"""The ``actplot`` command line: plot, compare, table, list, info (and gallery).

Thin typer commands: they parse and validate options (:mod:`actplot._cli_common`), resolve SPECs
through the registry, and hand the work to :mod:`actplot.terminal`, :mod:`actplot.tables` or
:mod:`actplot.render`. Imports are lazy so that ``--help``, ``--version``, ``list``, ``table`` and
terminal plots never import matplotlib (or scipy); only ``-o FILE`` imports :mod:`actplot.render`.
"""

from __future__ import annotations

import os
import signal
import sys


def _interrupted_while_importing(signum: int, frame: object) -> None:  # pragma: no cover - timing
    # Ctrl-C before the error boundary runs (while Python imports typer and friends): nothing has
    # been written yet, so leave at once, quietly, with the documented code.
    try:
        sys.stderr.write("Interrupted.\n")
        sys.stderr.flush()
    finally:
        os._exit(130)


try:
    _previous_sigint = signal.signal(signal.SIGINT, _interrupted_while_importing)
except ValueError:  # not the main thread (e.g. imported by a worker): leave signals alone
    _previous_sigint = None

import math  # noqa: E402
import stat  # noqa: E402
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from actplot import _cli_common as common
from actplot._cli_common import (
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

THEMES = ("light", "dark", "grayscale")
IMAGE_FORMATS = ("png", "svg", "pdf")
LAYOUTS = ("overlay", "grid")
DATA_FORMATS = ("table", "csv", "json", "markdown")
INFO_FORMATS = ("text", "json", "markdown")
TABLE_RANGE = (-5.0, 5.0)
MAX_TABLE_ROWS = 10_000

ENVIRONMENT_HELP = """Environment: NO_COLOR (no colours), FORCE_COLOR, TERM=dumb, COLUMNS (terminal width),
PYTHONIOENCODING (non-UTF-8 output switches to ASCII), MPLCONFIGDIR (matplotlib's cache folder;
set it where HOME is read-only), ACTPLOT_DEBUG=1 (like --debug)."""


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
    try:
        from importlib.metadata import version

        return version("actplot")
    except Exception:  # noqa: BLE001 - not installed (running from a source tree)
        return "unknown"


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
) -> None:
    orders = common.parse_derivative(derivative)
    request = _FigureRequest.parse(
        output, image_format, x_range, xmin, xmax, points, ylim, title, theme, size, dpi, centered_axes, grid, layout
    )
    act = common.resolve(spec)
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
) -> None:
    specs = specs or []
    if len(specs) < 2:
        got = "none" if not specs else f"only {specs[0]!r}"
        raise common.usage_error(f"compare needs at least 2 activations, got {got}; e.g. actplot compare relu elu")
    orders = common.parse_derivative(derivative)
    request = _FigureRequest.parse(
        output, image_format, x_range, xmin, xmax, points, ylim, title, theme, size, dpi, centered_axes, grid, layout
    )
    acts = [common.resolve(s) for s in specs]
    gaps = _gap_lines(acts, orders, request.x_range, request.points) if diff else []
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
    inf as text), json (strict: a list of row objects; nan and +-inf become null), markdown.
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
    data_format: DataFormatOpt = "table",
) -> None:
    fmt = common.choose("--format", data_format, DATA_FORMATS)
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
    acts = [common.resolve(s) for s in specs]

    import numpy as np

    from actplot import tables

    x = np.asarray(x_values, dtype=np.float64) if x_values is not None else tables.decimal_grid(lo, hi, count)
    with np.errstate(all="ignore"):
        columns = tables.value_columns(acts, x, orders)
    if fmt != "table":
        common.write_out(tables.render_values(columns, fmt))
        return
    console = common.make_console()
    ascii_ = common.ascii_output(console.file)
    if ascii_:
        columns = [tables.Column(c.key, common.asciify(c.header), c.values) for c in columns]
    for table in tables.to_rich_tables(columns, width=console.width):
        console.print(table)


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
    family: Annotated[str | None, typer.Option("--family", metavar="FAMILY", help="Only this family.", show_default=False)] = None,
    data_format: DataFormatOpt = "table",
) -> None:
    fmt = common.choose("--format", data_format, DATA_FORMATS)
    from actplot import registry, tables
    from actplot.spec import FAMILIES

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
        str, typer.Option("--format", "-f", metavar="text|json|markdown", help="Output format.")
    ] = "text",
) -> None:
    fmt = common.choose("--format", info_format, INFO_FORMATS)
    window = common.parse_range(x_range, None, None)
    act = common.resolve(spec)
    from actplot import tables

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
    from actplot.cli_gallery import gallery as _gallery_command
except ModuleNotFoundError as exc:  # pragma: no cover - only while cli_gallery.py is being written
    if exc.name != "actplot.cli_gallery":
        raise
else:
    app.command("gallery", cls=common.ActplotCommand)(_gallery_command)


from actplot.cli_verify import verify as _verify_command  # noqa: E402 - registered like gallery

app.command("verify", cls=common.ActplotCommand)(_verify_command)


# --- shared implementation -----------------------------------------------------------------------


class _FigureRequest:
    """Validated range, sampling and figure options of plot/compare."""

    def __init__(self, **values: Any) -> None:
        self.__dict__.update(values)

    x_range: tuple[float, float]
    points: int | None
    ylim: tuple[float, float] | None
    title: str | None
    theme: str
    size: tuple[float, float]
    dpi: float
    centered_axes: bool
    grid: bool
    layout: str
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
            points=n,
            ylim=common.parse_ylim(ylim),
            title=title,
            theme=common.choose("--theme", theme, THEMES),
            size=(width, height),
            dpi=dpi_value,
            centered_axes=centered_axes,
            grid=grid,
            layout=common.choose("--layout", layout, LAYOUTS),
            output=output,
            image_format=image_format,
        )


def _write_figure(acts: list[Activation], orders: tuple[int, ...], request: _FigureRequest, *, diff: bool) -> None:
    """Render with matplotlib (actplot.render) and write the file atomically, or to stdout."""
    from actplot import _mpl_startup

    _mpl_startup.prepare_command_process()
    from actplot import render
    from actplot.errors import OutputError

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


def _gap_lines(
    acts: list[Activation], orders: tuple[int, ...], x_range: tuple[float, float], points: int | None = None
) -> list[str]:
    """The largest |g - f| (and |g' - f'| with -d) of every other activation against the first."""
    import numpy as np

    from actplot.sampling import DIFFERENCE_POINTS, difference
    from actplot.terminal import format_value

    grid_points = max(points or 0, DIFFERENCE_POINTS)  # the grid the drawn difference panel uses
    first = acts[0]
    lines = []
    lo, hi = x_range
    for other in acts[1:]:
        for order in orders:
            mark = ("", "\u2032", "\u2033")[order]
            with np.errstate(all="ignore"):
                d = difference(first, other, lo, hi, points=grid_points, order=order)
            what = f"|{other.label}{mark} - {first.label}{mark}|"
            if math.isnan(d.gap):
                lines.append(f"largest {what}: not finite anywhere on {_interval(lo, hi)}")
            elif d.gap == 0:
                lines.append(f"largest {what} = 0: identical on {_interval(lo, hi)}")
            else:
                place = (f"for x in {_interval(d.where, d.until)}" if d.on_interval else f"at x = {format_value(d.where)}")
                lines.append(f"largest {what} = {d.gap:.3g} {place} (on {_interval(lo, hi)})")
    return lines


def _interval(lo: float, hi: float) -> str:
    """``[A, B]`` with as many digits as it takes to tell A from B (``[1, 1.000001]``, not ``[1, 1]``)."""
    for digits in (6, 9, 12, 17):
        a, b = f"{lo:.{digits}g}", f"{hi:.{digits}g}"
        if a != b:
            break
    return f"[{a}, {b}]"


def _terminal_plot(
    acts: list[Activation],
    orders: tuple[int, ...],
    request: _FigureRequest,
    *,
    diff: bool = False,
    gap_lines: list[str] | None = None,
) -> None:
    import numpy as np

    from actplot import sampling, terminal

    console = common.make_console()
    ascii_ = common.ascii_output(console.file)
    charset = terminal.ASCII if ascii_ else terminal.UNICODE
    width = max(24, console.width)
    lo, hi = request.x_range
    points = request.points or max(2, width * charset.dots_x)
    primes = ("", "\u2032", "\u2033")
    single = len(acts) == 1

    def curve(act: Activation, order: int) -> Any:
        with np.errstate(all="ignore"):
            return sampling.sample_curve(act, lo, hi, points, order)

    curves = {(i, order): curve(act, order) for i, act in enumerate(acts) for order in orders}
    header: list[terminal.Line] = []
    panels: list[terminal.Panel] = []
    legend: list[terminal.Series] = []
    big = 15 if (len(orders) == 1 or request.layout == "overlay") and single else 11
    small = 9

    if single:
        act = acts[0]
        formulas = [act.formula_text_with_values] + ([act.derivative_formula_text] if len(orders) > 1 else [])
        indent = len(act.label) + 3
        if indent + max(len(f) for f in formulas) > width:
            header.append([(act.label, "bold")])
            header.extend([[("  " + f, None)] for f in formulas])
        else:
            header.append([(act.label, "bold"), ("   " + formulas[0], None)])
            header.extend([[(" " * indent + f, None)] for f in formulas[1:]])
        series = [terminal.Series.from_curve(curves[(0, o)], f"f{primes[o]}(x)", style=o) for o in orders]
        legend = series
        if request.layout == "overlay" or len(orders) == 1:
            panels.append(terminal.Panel(tuple(series), ylim=request.ylim, height=big))
        else:
            for o, s in zip(orders, series):
                panels.append(terminal.Panel((s,), title=f"f{primes[o]}(x)", ylim=request.ylim if o == 0 else None, height=big if o == 0 else small))
    elif request.layout == "overlay":
        for o in orders:
            series = [terminal.Series.from_curve(curves[(i, o)], act.label + primes[o], style=i) for i, act in enumerate(acts)]
            title = "" if len(orders) == 1 and not diff else f"f{primes[o]}(x)"
            panels.append(terminal.Panel(tuple(series), title=title, ylim=request.ylim if o == 0 else None, height=big if o == 0 else small))
        legend = [
            terminal.Series(f"{act.label}   {act.formula_text_with_values}", (), (), style=i) for i, act in enumerate(acts)
        ]
    else:  # grid: a panel per function
        for i, act in enumerate(acts):
            series = [terminal.Series.from_curve(curves[(i, o)], f"f{primes[o]}(x)", style=o) for o in orders]
            panels.append(
                terminal.Panel(tuple(series), title=f"{act.label}   {act.formula_text_with_values}", ylim=request.ylim, height=small)
            )
        legend = [terminal.Series(f"f{primes[o]}(x)", (), (), style=o) for o in orders] if len(orders) > 1 else []

    if diff:
        from actplot.sampling import difference

        for o in orders:
            series = []
            for i, other in enumerate(acts[1:], start=1):
                with np.errstate(all="ignore"):
                    d = difference(acts[0], other, lo, hi, points=max(points, 2), order=o)
                series.append(terminal.Series(f"{other.label} - {acts[0].label}", _finite_pieces(d.x, d.delta), (), style=i))
            panels.append(terminal.Panel(tuple(series), title=f"difference of f{primes[o]} against {acts[0].label}", height=small))

    lines: list[terminal.Line] = [[(request.title, "bold")]] if request.title else []
    lines.extend(header)
    lines.extend(
        terminal.render(
            panels, width=width, x_range=(lo, hi), charset=charset, legend=legend, legend_one_per_line=not single
        )
    )
    if single:
        lines.extend([[(text, None)] for text in _key_values(acts[0], orders, curves, (lo, hi), width)])
    for text in gap_lines or []:
        lines.append([(text, None)])
    if ascii_:
        lines = [[(common.asciify(text), style) for text, style in line] for line in lines]
    console.print(terminal.to_rich(lines), end="", crop=True, soft_wrap=False)


def _finite_pieces(x: Any, y: Any) -> tuple[tuple[Any, Any], ...]:
    import numpy as np

    ok = np.isfinite(y)
    pieces = []
    start = None
    for i, good in enumerate(ok):
        if good and start is None:
            start = i
        elif not good and start is not None:
            pieces.append((x[start:i], y[start:i]))
            start = None
    if start is not None:
        pieces.append((x[start:], y[start:]))
    return tuple(pieces)


def _key_values(
    act: Activation, orders: tuple[int, ...], curves: dict[Any, Any], x_range: tuple[float, float], width: int
) -> list[str]:
    """f(0), f'(0), f''(0); the range of f on the interval; kinks and jumps inside it."""
    import numpy as np

    from actplot.terminal import format_value

    primes = ("", "\u2032", "\u2033")
    lo, hi = x_range
    items = []
    with np.errstate(all="ignore"):
        for o in orders:
            value = float(act(0.0) if o == 0 else act.derivative(0.0, order=o))
            items.append(f"f{primes[o]}(0) = {format_value(value)}")
    curve = curves[(0, 0)]
    finite = curve.finite_values()
    if finite.size:
        from actplot.properties import window_range

        with np.errstate(all="ignore"):
            low, high = window_range(act, (lo, hi))  # exact, not the chart's width-dependent samples
        span = f"{format_value(low)} .. {format_value(high)}"
        everywhere = finite.size == sum(p.y.size for p in curve.pieces) + len(curve.markers)
        items.append(f"f on {_interval(lo, hi)}: {span}" + ("" if everywhere else " where finite"))
    inside = [k for k in act.kinks if lo <= k.x <= hi]
    for kink in inside[:4]:
        if kink.kind == "jump":
            items.append(f"jump at x = {format_value(kink.x)}: f({format_value(kink.x)}) = {format_value(float(act(kink.x)))}")
        elif kink.kind == "kink":
            rule = kink.side_for(act.effective_flavor)
            side = f"{rule} limit" if isinstance(rule, str) else "recorded value"
            value = format_value(float(act.derivative(kink.x)))
            items.append(f"kink at x = {format_value(kink.x)}: f\u2032({format_value(kink.x)}) = {value} ({side}, {act.effective_flavor})")
    if len(inside) > 4:
        items.append(f"{len(inside) - 4} more kinks: actplot info {act.name}")
    return _pack(items, width)


def _pack(items: list[str], width: int, gap: str = "   ") -> list[str]:
    """Items joined by ``gap`` into lines no wider than ``width`` (an item longer than that alone)."""
    lines: list[str] = []
    for item in items:
        if lines and len(lines[-1]) + len(gap) + len(item) <= width:
            lines[-1] += gap + item
        else:
            lines.append(item)
    return lines


def main() -> None:
    """Entry point of the ``actplot`` script and of ``python -m actplot``."""
    try:
        signal.signal(signal.SIGINT, signal.default_int_handler)  # Ctrl-C → KeyboardInterrupt → 130
    except ValueError:  # pragma: no cover - not the main thread
        pass
    app()


if _previous_sigint is not None:  # importing is over: give the importer its own handler back
    signal.signal(signal.SIGINT, _previous_sigint)


if __name__ == "__main__":  # pragma: no cover
    main()
