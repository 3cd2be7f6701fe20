"""``actplot plot`` and ``actplot compare``: one or several activations drawn in the terminal, or
written to PNG/SVG/PDF with ``-o``.

The two commands share ONE set of figure options: they are declared once
(:func:`_figure_options`), added to both commands' signatures by :func:`takes_figure_options`, and
parsed into one :class:`FigureRequest`. The commands draw nothing themselves: the plan and the
renderers live in :mod:`actplot.views` (the terminal in ``terminal_view``, files in ``render``,
which alone imports matplotlib, and only for ``-o``).
"""

from __future__ import annotations

import inspect
import stat
import sys
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from actplot.cli import console, parsing
from actplot.cli.options import (
    LAYOUTS,
    THEMES,
    CenteredOpt,
    CompareSpecsArg,
    DerivativeOpt,
    DiffOpt,
    DpiOpt,
    FontSizeOpt,
    GridOpt,
    ImageFormatOpt,
    LayoutOpt,
    LineWidthOpt,
    OutputOpt,
    PointsOpt,
    RangeOpt,
    ShareyOpt,
    SizeOpt,
    SpecArg,
    SvgTextOpt,
    ThemeOpt,
    TitleOpt,
    TransparentOpt,
    XmaxOpt,
    XminOpt,
    YlimOpt,
)

if TYPE_CHECKING:
    from actplot.activation import Activation

DIFFERENCE_GRID = 20001
"""Points of the --diff grid (``sampling.DIFFERENCE_POINTS``; kept here so parsing needs no NumPy)."""


# --- the shared figure options -------------------------------------------------------------------


def _figure_options(
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
    """The options of plot and compare that shape the figure, in the order ``--help`` lists them
    (a signature only: :func:`takes_figure_options` copies it into both commands)."""


Command = TypeVar("Command", bound=Callable[..., None])


def takes_figure_options(command: Command) -> Command:
    """Give ``command`` (whose signature ends in ``**figure``) the parameters of
    :func:`_figure_options` after its own, so typer builds the same options for plot and compare
    and passes them on as keyword arguments."""
    own = [p for p in inspect.signature(command, eval_str=True).parameters.values() if p.kind is not p.VAR_KEYWORD]
    shared = list(inspect.signature(_figure_options, eval_str=True).parameters.values())
    command.__signature__ = inspect.Signature([*own, *shared])  # type: ignore[attr-defined]
    command.__annotations__ = {p.name: p.annotation for p in [*own, *shared]} | {"return": None}
    return command


@dataclass(frozen=True, slots=True)
class FigureRequest:
    """Validated range, sampling and figure options of plot/compare (one object for both)."""

    x_range: tuple[float, float]
    range_given: bool
    auto_range: bool
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
    ) -> FigureRequest:
        """The figure options as typed (text) → checked values, or a usage error naming the option."""
        lo, hi = parsing.parse_range(x_range, xmin, xmax, for_drawing=True)
        auto_range = (lo, hi) == parsing.AUTO_RANGE
        if auto_range:
            lo, hi = parsing.DEFAULT_RANGE  # until fit_window computes it
        n = None if points is None else parsing.parse_points(points, parsing.FILE_POINTS)
        dpi_value = parsing.parse_float("--dpi", dpi)
        if dpi_value <= 0:
            raise parsing.usage_error(f"--dpi must be positive, got {dpi!r}")
        width, height = parsing.parse_size(size)
        if output is None and image_format is not None:
            raise parsing.usage_error("--format needs -o FILE (or -o - for stdout)")
        if output is not None and output != "-" and not output.strip():
            raise parsing.usage_error("-o needs a file name (or '-' for stdout)")
        return cls(
            x_range=(lo, hi),
            range_given=not auto_range and (x_range is not None or xmin is not None or xmax is not None),
            auto_range=auto_range,
            points=n,
            ylim=parsing.parse_ylim(ylim),
            title=title,
            theme=parsing.choose("--theme", theme, THEMES),
            size=(width, height),
            dpi=dpi_value,
            centered_axes=centered_axes,
            grid=grid,
            layout=parsing.choose("--layout", layout, LAYOUTS),
            sharey=sharey,
            font_size=None if font_size is None else parsing.parse_points_size("--font-size", font_size, 4.0, 40.0),
            line_width=None if line_width is None else parsing.parse_points_size("--line-width", line_width, 0.2, 10.0),
            transparent=transparent,
            svg_text=svg_text,
            output=output,
            image_format=image_format,
        )

    def fit_window(self, acts: list[Activation]) -> FigureRequest:
        """Without --range/--xmin/--xmax: the functions' own windows (declared, else the default
        one widened to show every kink); with ``--range auto`` the computed ones (see
        :func:`actplot.views.plan.default_window`)."""
        if self.range_given:
            return self
        from actplot.views.plan import default_window

        return replace(self, x_range=default_window(acts, parsing.DEFAULT_RANGE, auto=self.auto_range))


# --- the commands --------------------------------------------------------------------------------


@takes_figure_options
def plot(spec: SpecArg, derivative: DerivativeOpt = 0, **figure: Any) -> None:
    """Draw one activation in the terminal, or write it to PNG/SVG/PDF with -o.

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
    """
    orders = parsing.parse_derivative(derivative)
    request = FigureRequest.parse(**figure)
    act = parsing.resolve(spec)
    request = request.fit_window([act])
    _check_budget([act], orders, request, diff=False)
    if request.output is None:
        _terminal_plot([act], orders, request)
    else:
        _write_figure([act], orders, request, diff=False)


@takes_figure_options
def compare(specs: CompareSpecsArg = None, derivative: DerivativeOpt = 0, diff: DiffOpt = False, **figure: Any) -> None:
    """Overlay several activations (derivatives in their own panel with -d).

    [bold]Examples[/bold]

      actplot compare relu elu silu
      actplot compare sigmoid tanh -d
      actplot compare gelu gelu:approximate=tanh --diff
      actplot compare hard_sigmoid@keras2 hard_sigmoid@torch --diff -o hs.png
      actplot compare relu elu selu --layout grid -o rectifiers.pdf

    --diff adds a panel of each function minus the first and prints the largest gap and where it
    occurs (for f, and for f' with -d).
    """
    specs = specs or []
    if len(specs) < 2:
        got = "none" if not specs else f"only {specs[0]!r}"
        raise parsing.usage_error(f"compare needs at least 2 activations, got {got}; e.g. actplot compare relu elu")
    orders = parsing.parse_derivative(derivative)
    request = FigureRequest.parse(**figure)
    acts = [parsing.resolve(s) for s in specs]
    request = request.fit_window(acts)
    _check_budget(acts, orders, request, diff=diff)
    from actplot.views.plan import style_repeat_note
    from actplot.views.terminal_view import gap_lines

    if (note := style_repeat_note(len(acts))) is not None:
        console.info(note)
    gaps = gap_lines(acts, orders, request.x_range, request.points) if diff else []
    if request.output is None:
        _terminal_plot(acts, orders, request, diff=diff, gap_lines=gaps)
        return
    _write_figure(acts, orders, request, diff=diff)
    if gaps:  # the result with a file; with the picture on stdout, notes on stderr (silenced by -q)
        emit = console.info if request.output == "-" else console.write_out
        for line in gaps:
            emit(line)


# --- dispatch to the views -----------------------------------------------------------------------


def _check_budget(acts: list[Activation], orders: tuple[int, ...], request: FigureRequest, *, diff: bool) -> None:
    """Refuse (exit 2, naming --points) a chart or figure whose functions x points x orders is too
    much work, before anything is sampled (terminal charts sample about 2 points per column)."""
    from actplot import budget
    from actplot.output import MAX_WIDTH

    points = request.points or (parsing.FILE_POINTS if request.output is not None else 2 * MAX_WIDTH)
    budget.check_curves(acts, points, len(orders), diff_points=DIFFERENCE_GRID if diff else 0)


def _terminal_plot(
    acts: list[Activation],
    orders: tuple[int, ...],
    request: FigureRequest,
    *,
    diff: bool = False,
    gap_lines: list[str] | None = None,
) -> None:
    """Print the plan of this plot or comparison as braille charts (:mod:`actplot.views.terminal_view`)."""
    from actplot.views import terminal_view as views
    from actplot.views.braille import ASCII, UNICODE
    from actplot.views.styled_lines import to_rich

    out = console.make_console()
    ascii_ = console.ascii_output(out.file)
    lines = views.terminal_lines(
        acts,
        orders,
        views.TerminalRequest(request.x_range, request.points, request.ylim, request.title, request.layout,
                              request.sharey),
        width=max(24, out.width),
        height=views.terminal_rows(),
        charset=ASCII if ascii_ else UNICODE,
        diff=diff,
        gap_lines=gap_lines or (),
    )
    if ascii_:
        lines = [[(console.asciify(text), style) for text, style in line] for line in lines]
    out.print(to_rich(lines), end="", crop=True, soft_wrap=False)


def _write_figure(acts: list[Activation], orders: tuple[int, ...], request: FigureRequest, *, diff: bool) -> None:
    """Render with matplotlib (actplot.views.render) and write the file atomically, or to stdout."""
    from actplot import _mpl_startup

    _mpl_startup.prepare_command_process()
    from actplot.views import export, figure_options, render

    output = request.output
    assert output is not None
    fmt = figure_options.format_for(output, request.image_format)
    to_stdout = output == "-"
    if to_stdout:
        if fmt != "svg" and _stdout_is_tty():
            raise parsing.usage_error(
                f"refusing to write binary {fmt.upper()} to a terminal; redirect stdout or use -o FILE"
            )
    else:
        console.check_output_file(output)
    options = figure_options.FigureOptions(
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
    figure_options.validate_options(options, fmt)
    figure = render.plot_figure(
        acts,
        x_range=request.x_range,
        points=request.points or parsing.FILE_POINTS,
        orders=orders,
        diff=diff,
        options=options,
    )
    salt = "actplot:" + "|".join(a.label for a in acts)
    export.save_figure(figure, "-" if to_stdout else Path(output), fmt, salt=salt)
    if not to_stdout:
        try:
            st = Path(output).stat()
        except OSError:
            st = None
        if st is not None and stat.S_ISREG(st.st_mode):
            console.info(f"wrote {output} ({fmt.upper()}, {_human_bytes(st.st_size)})")
        else:  # a device, FIFO or descriptor: its size says nothing about what was written
            console.info(f"wrote {output} ({fmt.upper()})")


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
