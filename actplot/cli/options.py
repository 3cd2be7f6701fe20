"""Every option and argument of the ``actplot`` commands, declared once as an ``Annotated`` alias,
with the choices each accepts and their shell completion.

A command's signature lists these aliases; its body parses the values (:mod:`actplot.cli.parsing`).
Numbers are declared as text on purpose, so that error messages can quote what was typed.
Cheap to import: standard library and typer only.
"""

from __future__ import annotations

from typing import Annotated

import typer

from actplot.cli import completion
from actplot.cli.parsing import MAX_POINTS, MIN_POINTS

# --- the choices options accept (validated by parsing.choose, offered by completion) ------------

THEMES = ("light", "dark", "grayscale")
IMAGE_FORMATS = ("png", "svg", "pdf")
LAYOUTS = ("overlay", "grid")
DATA_FORMATS = ("table", "csv", "json", "markdown")
TABLE_FORMATS = ("table", "csv", "long-csv", "json", "markdown", "latex")
INFO_FORMATS = ("text", "json", "markdown")

complete_theme = completion.completer(lambda: THEMES)
complete_image_format = completion.completer(lambda: IMAGE_FORMATS)
complete_data_format = completion.completer(lambda: DATA_FORMATS)
complete_table_format = completion.completer(lambda: TABLE_FORMATS)
complete_info_format = completion.completer(lambda: INFO_FORMATS)
complete_layout = completion.completer(lambda: LAYOUTS)
complete_image_formats = completion.completer(lambda: IMAGE_FORMATS, comma_list=True)

FILE_ONLY_PARAMS = frozenset(
    {"theme", "size", "dpi", "centered_axes", "grid", "font_size", "line_width", "transparent", "svg_text"}
)
"""Parameters (by their Python name) of plot/compare that only shape a written file. Given
without ``-o``, the chart is still drawn in the terminal and a note on stderr says they were
not used, so nobody waits for a PNG that never comes. A new file-only option adds its name here."""

# --- global options (the root callback) ----------------------------------------------------------

FlavorOpt = Annotated[
    str | None,
    typer.Option(
        "--flavor",
        metavar="FLAVOR",
        help="Default flavour (torch, keras3, keras2, jax, keras3:jax, keras3:torch, torch:2.6) "
        "for functions that define it; name@flavor wins.",
        show_default=False,
        autocompletion=completion.complete_flavor,
    ),
]
QuietOpt = Annotated[bool, typer.Option("--quiet", "-q", help="Only data and errors; no notes on stderr.")]
NoColorOpt = Annotated[bool, typer.Option("--no-color", help="No colours (also: NO_COLOR=1).")]
AsciiOpt = Annotated[bool, typer.Option("--ascii", help="ASCII characters only (automatic for non-UTF-8 output).")]
DebugOpt = Annotated[bool, typer.Option("--debug", help="Show the traceback of unexpected errors.")]

# --- SPECs, the x interval and sampling (plot, compare, and the shared ones of table) -----------

SpecArg = Annotated[
    str,
    typer.Argument(
        metavar="SPEC",
        help="Activation: name, name:param=value,..., name@flavor (see 'actplot list'), or an expression in x such as \"x*tanh(softplus(x))\".",
        show_default=False,
        autocompletion=completion.complete_spec,
    ),
]
RangeOpt = Annotated[
    tuple[str, str] | None,
    typer.Option(
        "--range", metavar="A B", help="x interval [A, B] (default -6 6, widened to show every kink).", show_default=False
    ),
]
XminOpt = Annotated[str | None, typer.Option("--xmin", metavar="X", help="Left end of the x interval.")]
XmaxOpt = Annotated[str | None, typer.Option("--xmax", metavar="X", help="Right end of the x interval.")]
PointsOpt = Annotated[
    str | None,
    typer.Option(
        "--points",
        "-n",
        metavar="N",
        help=f"Samples per curve, {MIN_POINTS}..{MAX_POINTS:_}; kinks and jumps are always added exactly.",
        show_default=False,
    ),
]
DerivativeOpt = Annotated[
    int,
    typer.Option(
        "--derivative",
        "-d",
        count=True,
        metavar="",
        help="Also show f' (-d) or f' and f'' (-dd).",
        show_default=False,
    ),
]
YlimOpt = Annotated[
    tuple[str, str] | None,
    typer.Option("--ylim", metavar="LOW HIGH", help="y-axis limits (terminal and files).", show_default=False),
]
TitleOpt = Annotated[
    str | None,
    typer.Option("--title", metavar="TEXT", help="Title (files: mathtext between $...$ is rendered)."),
]
OutputOpt = Annotated[
    str | None,
    typer.Option(
        "--output",
        "-o",
        metavar="FILE",
        help="Write PNG/SVG/PDF (format from the extension); '-' writes to stdout. Without -o: draw in the terminal.",
        show_default=False,
    ),
]
ImageFormatOpt = Annotated[
    str | None,
    typer.Option(
        "--format",
        "-f",
        metavar="png|svg|pdf",
        help="File format; needed for '-o -'.",
        show_default=False,
        autocompletion=complete_image_format,
    ),
]
ThemeOpt = Annotated[
    str, typer.Option(
        "--theme", metavar="light|dark|grayscale", help="Colour theme (files).", autocompletion=complete_theme
    )
]
SizeOpt = Annotated[str, typer.Option("--size", metavar="WxH", help="Figure size in inches (files).")]
DpiOpt = Annotated[str, typer.Option("--dpi", metavar="DPI", help="Resolution of PNG files, dots per inch.")]
CenteredOpt = Annotated[
    bool,
    typer.Option("--centered-axes", help="Draw the axes through the origin (files).", show_default=False),
]
GridOpt = Annotated[bool, typer.Option("--grid/--no-grid", help="Background grid (files).")]
LayoutOpt = Annotated[
    str,
    typer.Option(
        "--layout",
        metavar="overlay|grid",
        help="overlay: curves share panels; grid: a panel per function (plot: per derivative order).",
        autocompletion=complete_layout,
    ),
]
DataFormatOpt = Annotated[
    str,
    typer.Option(
        "--format",
        "-f",
        metavar="table|csv|json|markdown",
        help="Output format. JSON is strict: nan and +-inf become null.",
        autocompletion=complete_data_format,
    ),
]

# --- figure options of plot and compare beyond the shared ones above -----------------------------

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
CompareSpecsArg = Annotated[
    list[str] | None,
    typer.Argument(
        metavar="SPEC",
        help="Two or more activations; the first is the reference for --diff.",
        show_default=False,
        autocompletion=completion.complete_spec,
    ),
]
DiffOpt = Annotated[bool, typer.Option("--diff", help="Add a difference panel and print the largest gap.")]

# --- table ---------------------------------------------------------------------------------------

TableSpecsArg = Annotated[
    list[str],
    typer.Argument(metavar="SPEC", help="One or more activations.", show_default=False, autocompletion=completion.complete_spec),
]
AtOpt = Annotated[
    str | None,
    typer.Option("--at", metavar="X,X,...", help="Comma-separated x values, e.g. --at=-2,-1,0,1,2.", show_default=False),
]
TableRangeOpt = Annotated[
    tuple[str, str] | None,
    typer.Option("--range", metavar="A B", help="x interval [A, B] (default -5 5).", show_default=False),
]
TablePointsOpt = Annotated[
    str | None,
    typer.Option("--points", "-n", metavar="N", help="Rows, evenly spaced on the interval (default 11).", show_default=False),
]
TableFormatOpt = Annotated[
    str,
    typer.Option(
        "--format",
        "-f",
        metavar="table|csv|long-csv|json|markdown|latex",
        help="Output format. JSON is strict: nan and +-inf become null. long-csv: function,order,x,value.",
        autocompletion=complete_table_format,
    ),
]
DigitsOpt = Annotated[
    str | None,
    typer.Option("--digits", metavar="N", help="Significant digits, 1..17 (default: 7 for table/markdown/latex, exact for csv/json).", show_default=False),
]
TableOutputOpt = Annotated[
    str | None,
    typer.Option("--output", "-o", metavar="FILE", help="Write the table to FILE (atomically) instead of stdout.", show_default=False),
]

# --- list and info -------------------------------------------------------------------------------

FamilyOpt = Annotated[
    str | None,
    typer.Option(
        "--family", metavar="FAMILY", help="Only this family.", show_default=False, autocompletion=completion.complete_family
    ),
]
InfoRangeOpt = Annotated[
    tuple[str, str] | None,
    typer.Option("--range", metavar="A B", help="Window for the computed properties (default -6 6).", show_default=False),
]
InfoFormatOpt = Annotated[
    str,
    typer.Option(
        "--format", "-f", metavar="text|json|markdown", help="Output format.", autocompletion=complete_info_format
    ),
]
