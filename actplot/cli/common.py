"""What the ``actplot`` commands share: global state, option aliases, parsing, consoles, errors.

This module must stay cheap to import (``actplot --help`` and ``--version`` import it): only the
standard library and typer at module level. NumPy, rich and the registry are imported inside the
functions that need them; matplotlib never enters here.

The error boundary lives in :class:`ActplotGroup`, the click group class behind ``actplot``. Every
command (including ``gallery``) runs inside its ``main()``, so errors are handled the same way for
the installed entry point, ``python -m actplot`` and ``typer.testing.CliRunner``:

* :class:`actplot.errors.ActplotError` → one line ``Error: …`` on stderr, exit ``exc.exit_code``
  (2 for usage/validation errors, 1 for :class:`~actplot.errors.OutputError`);
* typer/click usage errors (unknown option, missing argument, bad command) → one line, exit 2;
* Ctrl-C → one line ``Interrupted.``, exit 130;
* a closed pipe (``actplot table sigmoid | head -1``) → silent, exit 1;
* anything unexpected → one line naming the exception and ``--debug``, exit 1; with ``--debug``
  (or ``ACTPLOT_DEBUG=1``) the traceback is printed too.
"""

from __future__ import annotations

import contextlib
import difflib
import errno
import inspect
import math
import os
import re
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated, Any

import typer
from typer import _click
from typer.core import TyperCommand, TyperGroup, TyperOption
from typer.exceptions import Abort as _TyperAbort
from typer.exceptions import Exit as _TyperExit

from actplot.text import asciify  # ASCII folding (re-exported: the commands call common.asciify)

if TYPE_CHECKING:
    from rich.console import Console

    from actplot.activation import Activation

# --- limits and defaults -------------------------------------------------------------------------

DEFAULT_RANGE: tuple[float, float] = (-6.0, 6.0)
"""The x window when neither ``--range`` nor ``--xmin/--xmax`` is given."""

MIN_POINTS = 2
MAX_POINTS = 1_000_000
MAX_SPAN = 1e12
"""``xmax − xmin`` may not exceed this (``sampling.MAX_SPAN``; kept here so parsing needs no NumPy)."""

MAX_ABS_X = 1e15
"""``|xmin|``, ``|xmax|`` bound: beyond it float64 grids lose every digit of the spacing."""

FILE_POINTS = 801
"""Default samples per curve for files (``sampling.DEFAULT_POINTS``)."""

TABLE_POINTS = 11
"""Default rows of ``actplot table`` with ``--range`` and no ``--points``."""

EXIT_CODES_HELP = """Exit codes: 0 success; 1 runtime failure (cannot write a file, closed pipe,
unexpected error); 2 usage error (unknown activation, option or value); 130 interrupted (Ctrl-C)."""


# --- global state --------------------------------------------------------------------------------


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
    """Replace the global options (the ``actplot`` callback calls this once per invocation)."""
    global _STATE
    _STATE = GlobalState(**values)
    return _STATE


def _debug_requested() -> bool:
    return _STATE.debug or os.environ.get("ACTPLOT_DEBUG", "") not in ("", "0")


# --- option aliases ------------------------------------------------------------------------------
# Numbers are taken as text and parsed here, so messages can quote what the user typed
# ("--xmin must be a finite number, got '1e400'") instead of typer's generic ones.

def complete_spec(incomplete: str) -> list[str]:
    """Shell completion for SPEC arguments, at every stage of typing one.

    ``sig`` → names and aliases starting so; ``gelu@`` → the flavours that define gelu
    (``gelu@torch``, ``gelu@jax``); ``leaky_relu:`` → its parameters (``leaky_relu:negative_slope=``);
    ``leaky_relu:negative_slope=0.1,`` → the parameters not given yet.
    """
    from actplot import registry

    text = incomplete.strip()
    body, at, flavor_part = text.partition("@")
    name, colon, params_part = body.partition(":")
    if at or colon:
        try:
            spec = registry.lookup(name)
        except Exception:  # noqa: BLE001 - completion never fails: an unknown name completes to nothing
            return []
        if at:
            return [f"{body}@{fl}" for fl in spec.frameworks if fl.startswith(flavor_part.lower())]
        done, _, last = params_part.rpartition(",")
        if "=" in last:
            return []  # a value is being typed: values are free numbers or words
        typed = {item.partition("=")[0].strip() for item in done.split(",") if item}
        given = {key for p in spec.params if typed & {p.name, *p.aliases} for key in (p.name, *p.aliases)}
        prefix = f"{name}:{done + ',' if done else ''}"
        spellings = [p.name for p in spec.params] + [a for p in spec.params for a in p.aliases]
        return [f"{prefix}{key}=" for key in spellings if key.startswith(last) and key not in given]
    known = [*registry.names(), *(a for s in registry.SPECS for a in s.aliases)]
    return [name for name in known if name.startswith(text.lower())]


def _completer(choices: Callable[[], Sequence[str]], *, comma_list: bool = False) -> Callable[[str], list[str]]:
    """A typer ``autocompletion`` callback offering ``choices()`` (read when completing, so the
    lists stay those the commands validate against); ``comma_list``: complete after the last comma
    (``--format png,s`` → ``png,svg``)."""

    def complete(incomplete: str) -> list[str]:
        head, comma, last = incomplete.rpartition(",") if comma_list else ("", "", incomplete)
        prefix = head + comma
        taken = set(head.split(",")) if comma_list else set()
        return [prefix + c for c in choices() if c.lower().startswith(last.lower()) and c not in taken]

    return complete


def _cli_choices(name: str) -> Callable[[], Sequence[str]]:
    def read() -> Sequence[str]:
        from actplot.cli import commands

        values: Sequence[str] = getattr(commands, name)
        return values

    return read


def _flavors() -> Sequence[str]:
    from actplot.spec import FLAVORS

    return FLAVORS


def _families() -> Sequence[str]:
    from actplot.spec import FAMILIES

    return FAMILIES


def _gallery_selection() -> Sequence[str]:
    from actplot import registry
    from actplot.spec import FAMILIES

    return [*registry.names(), *FAMILIES]


complete_flavor = _completer(_flavors)
complete_family = _completer(_families)
complete_theme = _completer(_cli_choices("THEMES"))
complete_image_format = _completer(_cli_choices("IMAGE_FORMATS"))
complete_data_format = _completer(_cli_choices("DATA_FORMATS"))
complete_table_format = _completer(_cli_choices("TABLE_FORMATS"))
complete_info_format = _completer(_cli_choices("INFO_FORMATS"))
complete_layout = _completer(_cli_choices("LAYOUTS"))
complete_image_formats = _completer(_cli_choices("IMAGE_FORMATS"), comma_list=True)
complete_gallery_only = _completer(_gallery_selection, comma_list=True)


SpecArg = Annotated[
    str,
    typer.Argument(
        metavar="SPEC",
        help="Activation: name, name:param=value,..., name@flavor (see 'actplot list'), or an expression in x such as \"x*tanh(softplus(x))\".",
        show_default=False,
        autocompletion=complete_spec,
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

# --- parsing helpers -----------------------------------------------------------------------------


def usage_error(message: str) -> Exception:
    """An :class:`~actplot.errors.ActplotError` (exit 2) without importing the core eagerly."""
    from actplot.errors import ActplotError

    return ActplotError(message)


def choose(option: str, value: str, choices: Sequence[str]) -> str:
    """``value`` if it is one of ``choices`` (case-insensitive), else a usage error with a hint."""
    key = value.strip().lower()
    for choice in choices:
        if key == choice.lower():
            return choice
    close = difflib.get_close_matches(key, [c.lower() for c in choices], n=1)
    hint = f" Did you mean {close[0]!r}?" if close else ""
    raise usage_error(f"{option} must be one of {', '.join(choices)}; got {value!r}.{hint}")


def parse_float(option: str, text: str, *, finite: bool = True) -> float:
    """A number typed by the user; ``finite`` rejects nan/inf (and overflow such as 1e400)."""
    try:
        value = float(text.strip().replace("\u2212", "-"))
    except ValueError:
        raise usage_error(f"{option} must be a number, got {text!r}") from None
    if finite and not math.isfinite(value):
        raise usage_error(f"{option} must be a finite number, got {text!r}")
    return value


def parse_points(text: str | None, default: int) -> int:
    """``--points``: a whole number in [MIN_POINTS, MAX_POINTS]."""
    if text is None:
        return default
    raw = text.strip().replace("_", "")
    try:
        value = int(raw)
    except ValueError:
        raise usage_error(f"--points must be a whole number between {MIN_POINTS} and {MAX_POINTS}, got {text!r}") from None
    if not MIN_POINTS <= value <= MAX_POINTS:
        raise usage_error(f"--points must be between {MIN_POINTS} and {MAX_POINTS}, got {value}")
    return value


MIN_PLOT_SPAN_RELATIVE = 1e-9
"""A drawn interval must be at least this fraction of max(|A|, |B|) wide: narrower, the x tick
labels need more digits than fit side by side (and float64 has too few points to draw)."""
MIN_PLOT_SPAN = 1e-250
"""… and at least this wide: matplotlib widens narrower axis limits to ±0.05 (then no curve shows)."""


def parse_range(
    x_range: tuple[str, str] | None,
    xmin: str | None,
    xmax: str | None,
    default: tuple[float, float] = DEFAULT_RANGE,
    *,
    for_drawing: bool = False,
) -> tuple[float, float]:
    """The x window from ``--range A B`` or ``--xmin/--xmax`` (either may be given alone);
    ``for_drawing``: also wide enough to draw (tables may zoom in further)."""
    if x_range is not None and (xmin is not None or xmax is not None):
        raise usage_error("use either --range A B or --xmin/--xmax, not both")
    if x_range is not None:
        lo = parse_float("--range", x_range[0])
        hi = parse_float("--range", x_range[1])
        names = ("--range A", "--range B")
    else:
        lo = default[0] if xmin is None else parse_float("--xmin", xmin)
        hi = default[1] if xmax is None else parse_float("--xmax", xmax)
        names = ("--xmin", "--xmax")
    for name, value in zip(names, (lo, hi)):
        if abs(value) > MAX_ABS_X:
            raise usage_error(f"{name} must be within +-{MAX_ABS_X:g}, got {value:g}")
    if not lo < hi:
        if x_range is not None:
            raise usage_error(f"--range A B needs A < B, got {lo:g} {hi:g}")
        raise usage_error(f"--xmin must be less than --xmax, got {lo:g} and {hi:g}")
    if hi - lo > MAX_SPAN:
        raise usage_error(f"the x interval is {hi - lo:g} wide; the limit is {MAX_SPAN:g}")
    if for_drawing:
        need = max(MIN_PLOT_SPAN_RELATIVE * max(abs(lo), abs(hi)), MIN_PLOT_SPAN)
        if hi - lo < need:
            raise usage_error(
                f"the x interval [{lo:.17g}, {hi:.17g}] is too narrow to draw; make it at least {need:.3g} wide "
                "(actplot table shows values on any interval)"
            )
    return lo, hi


def parse_ylim(ylim: tuple[str, str] | None) -> tuple[float, float] | None:
    if ylim is None:
        return None
    lo = parse_float("--ylim", ylim[0])
    hi = parse_float("--ylim", ylim[1])
    if not lo < hi:
        raise usage_error(f"--ylim LOW HIGH needs LOW < HIGH, got {lo:g} {hi:g}")
    return lo, hi


def parse_size(text: str) -> tuple[float, float]:
    """``--size 7x5`` (inches) → (7.0, 5.0)."""
    parts = text.strip().lower().replace("\u00d7", "x").split("x")
    if len(parts) != 2:
        raise usage_error(f"--size must be WIDTHxHEIGHT in inches, e.g. 7x5; got {text!r}")
    width = parse_float("--size width", parts[0])
    height = parse_float("--size height", parts[1])
    if width <= 0 or height <= 0:
        raise usage_error(f"--size must be positive, got {text!r}")
    return width, height


def parse_derivative(count: int) -> tuple[int, ...]:
    """``-d`` count → curve orders: 0 → (0,), 1 → (0, 1), 2 → (0, 1, 2)."""
    if count > 2:
        raise usage_error(f"-d can be given at most twice (-dd: second derivative), got {count}")
    return tuple(range(count + 1))


def resolve(spec_text: str) -> Activation:
    """The activation a SPEC names, with the global ``--flavor`` as default flavour."""
    from actplot import registry

    return registry.get(spec_text, default_flavor=_STATE.flavor)


def check_flavor(value: str) -> str:
    from actplot import registry

    return registry.check_flavor(value)


# --- text and consoles ---------------------------------------------------------------------------

def stream_is_utf(stream: Any) -> bool:
    encoding = (getattr(stream, "encoding", None) or "utf-8").lower().replace("_", "-")
    return encoding.startswith("utf")


def ascii_output(stream: Any = None) -> bool:
    """True when text for ``stream`` (default stdout) must be plain ASCII (``--ascii`` or encoding)."""
    return _STATE.ascii or not stream_is_utf(sys.stdout if stream is None else stream)


def make_console(*, stderr: bool = False, width: int | None = None) -> Console:
    """A rich Console for stdout (or stderr) that writes through :mod:`actplot.output` (every
    write checked) and honours ``--no-color``, NO_COLOR, TERM=dumb, FORCE_COLOR, COLUMNS (clamped
    to a documented minimum and maximum), non-TTY streams and ASCII-only encodings."""
    from actplot import output

    return output.make_console(stderr=stderr, no_color=_STATE.no_color, width=width)


def write_err(message: str) -> None:
    """One line on stderr, safe for any encoding and for a closed or full stderr (ignored)."""
    from actplot import output

    output.write_text(message.rstrip("\n"), to="stderr", newline=True)


def info(message: str) -> None:
    """A progress/confirmation line on stderr (suppressed by ``-q``)."""
    if not _STATE.quiet:
        write_err(message)


def write_out(text: str) -> None:
    """Text for stdout (data: CSV, JSON, markdown), ASCII-folded when the stream needs it; every
    byte is checked (:mod:`actplot.output`): a full disk is an error, a closed pipe exit 1."""
    from actplot import output

    output.write_text(text, newline=True)


# --- the click group: default command, global options anywhere, one error boundary -------------

GLOBAL_FLAGS = ("--debug", "-q", "--quiet", "--no-color", "--ascii")
GLOBAL_VALUE_OPTIONS = ("--flavor",)
EAGER_OPTIONS = ("--help", "-h", "--version", "--install-completion", "--show-completion")
DEFAULT_COMMAND = "plot"


def _one_line(text: str) -> str:
    return " ".join(part.strip() for part in str(text).splitlines() if part.strip())


class _PlainCoercion:
    """Coercion for parameters whose parsed value already has the right type (text, tuples of
    text, counts): what typer's pydantic ``TypeAdapter`` would do for them, without importing
    pydantic (≈ 0.1 s, a fifth of the cost of a whole ``-o s.png`` run). Numbers are parsed by
    the commands themselves (see :func:`parse_float`), so nothing else is needed."""

    __slots__ = ("kind",)

    def __init__(self, kind: str) -> None:
        self.kind = kind

    def coerce(self, value: Any, param: Any, ctx: Any) -> Any:
        multi = param.multiple or param.nargs == -1
        if value is None:
            return () if multi else None
        if self.kind == "str":
            return value if isinstance(value, str) else str(value)
        if self.kind == "int":
            return int(value)
        if self.kind == "bool":
            if isinstance(value, str):
                return value.strip().lower() in ("1", "true", "yes", "on", "y", "t")
            return bool(value)
        items = [v if isinstance(v, str) else str(v) for v in value]
        return items if self.kind == "list" else tuple(items)


def _plain_kind(param: Any) -> str | None:
    import types
    import typing

    annotation = getattr(getattr(param, "type_descriptor", None), "annotation", None)
    if annotation is None:
        return None
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        if len(args) != 1:
            return None
        annotation = args[0]
        origin = typing.get_origin(annotation)
    if annotation is str:
        return "str"
    if annotation is bool:
        return "bool"
    if annotation is int and getattr(param, "count", False):
        return "int"
    if origin in (tuple, list) and all(a is str for a in typing.get_args(annotation) if a is not Ellipsis):
        return "list" if origin is list else "tuple"
    return None


def use_plain_coercion(params: list[Any]) -> list[Any]:
    """Give plain parameters :class:`_PlainCoercion` (others keep typer's); returns ``params``."""
    for param in params:
        if getattr(param, "_runtime_param", "absent") is not None:
            continue  # already set, or not typer's lazy slot (another typer version): leave it
        kind = _plain_kind(param)
        if kind is not None:
            param._runtime_param = _PlainCoercion(kind)
    return params


_MARKUP = re.compile(r"\[/?(?:bold|dim|italic|underline|b|i|u)\]|\[/\]")


def _write_verbatim(formatter: Any, text: str) -> None:
    """Help text with rich markup tags removed: indented blocks (examples) exactly as written,
    prose paragraphs re-wrapped to the terminal width."""
    text = _MARKUP.sub("", inspect.cleandoc(text).partition("\f")[0])
    if not text.strip():
        return
    formatter.write_paragraph()
    with formatter.indentation():
        for i, block in enumerate(re.split(r"\n\s*\n", text.strip("\n"))):
            if i:
                formatter.write("\n")
            lines = block.splitlines()
            if all(line.startswith((" ", "\t")) for line in lines):
                for line in lines:
                    for piece in fit_example(" " * formatter.current_indent + line, formatter.width):
                        formatter.write(piece + "\n")
            else:
                formatter.write_text(" ".join(line.strip() for line in lines))


def fit_example(line: str, width: int) -> list[str]:
    """An example line of help text as one or more lines no wider than ``width``.

    Examples are printed as written (their alignment carries meaning), so a line that is too wide
    is not re-flowed as prose: its ``# comment`` moves onto its own line above the command, and a
    command still too wide is broken between words with a shell continuation (`` \\``), which a
    user can paste as it stands.
    """
    if len(line) <= width:
        return [line]
    indent = line[: len(line) - len(line.lstrip())]
    command, hash_, comment = line.strip().partition("  # ")
    out: list[str] = []
    if hash_:
        out.extend(_break_words(indent + "# " + comment.strip(), width, indent + "# ", ""))
    out.extend(_break_words(indent + command.rstrip(), width, indent + "    ", " \\"))
    return out


def _break_words(text: str, width: int, follow: str, mark: str) -> list[str]:
    """``text`` broken at spaces so each line (plus ``mark`` where it continues) fits ``width``;
    continuation lines start with ``follow``. A single word wider than that stays whole."""
    if len(text) <= width:
        return [text]
    lines: list[str] = []
    current = text[: len(text) - len(text.lstrip())]
    start = True
    for word in text.split():
        candidate = current + ("" if start else " ") + word
        if not start and len(candidate) + len(mark) > width:
            lines.append(current + mark)
            current, start = follow + word, False
        else:
            current, start = candidate, False
    lines.append(current)
    return lines


class _HelpMixin:
    """Plain help (click's layout, no rich): faster to print than the floor typer app's rich help,
    clean in pipes and ASCII-safe; the text after the usage line is printed as written."""

    def format_help_text(self, ctx: _click.Context, formatter: Any) -> None:
        _write_verbatim(formatter, getattr(self, "help", None) or "")

    def format_epilog(self, ctx: _click.Context, formatter: Any) -> None:
        _write_verbatim(formatter, getattr(self, "epilog", None) or "")

    def get_help(self, ctx: _click.Context) -> str:
        text: str = super().get_help(ctx)  # type: ignore[misc]
        return text if stream_is_utf(sys.stdout) else asciify(text)


FILE_ONLY_PARAMS = frozenset(
    {"theme", "size", "dpi", "centered_axes", "grid", "font_size", "line_width", "transparent", "svg_text"}
)
"""Parameters (by their Python name) of plot/compare that only shape a written file. Given
without ``-o``, the chart is still drawn in the terminal and a note on stderr says they were
not used, so nobody waits for a PNG that never comes. A new file-only option adds its name here."""


def unused_file_options(ctx: _click.Context) -> list[str]:
    """The file-only options typed on this command line although no ``-o`` was given."""
    if "output" not in ctx.params or ctx.params["output"] is not None:
        return []
    from typer._click.core import ParameterSource

    given = []
    for param in ctx.command.params:
        name = param.name or ""
        if name in FILE_ONLY_PARAMS and ctx.get_parameter_source(name) == ParameterSource.COMMANDLINE:
            value = ctx.params.get(name)
            flag = param.opts[0]
            if isinstance(value, bool) and getattr(param, "secondary_opts", None) and not value:
                flag = param.secondary_opts[0]  # --no-grid, not --grid
            given.append(flag)
    return given


class ActplotCommand(_HelpMixin, TyperCommand):
    """A typer command whose text/flag/count parameters skip pydantic (see :class:`_PlainCoercion`)."""

    def get_params(self, ctx: _click.Context) -> list[Any]:
        return use_plain_coercion(super().get_params(ctx))

    def invoke(self, ctx: _click.Context) -> Any:
        result = super().invoke(ctx)
        unused = unused_file_options(ctx)
        if unused:
            them = "has" if len(unused) == 1 else "have"
            info(f"Note: {', '.join(unused)} {them} no effect in the terminal; add -o FILE to write a figure")
        return result


class ActplotGroup(_HelpMixin, TyperGroup):
    """``actplot``'s group: ``actplot SPEC …`` means ``actplot plot SPEC …``; global options may
    follow the command; every failure leaves as one line on stderr and a documented exit code."""

    def get_params(self, ctx: _click.Context) -> list[Any]:
        return use_plain_coercion(super().get_params(ctx))

    # -- shell completion -----------------------------------------------------------------------
    def make_context(
        self, info_name: str | None, args: list[str], parent: _click.Context | None = None, **extra: Any
    ) -> _click.Context:
        if extra.get("resilient_parsing") and parent is None:
            # shell completion builds its contexts from the words typed so far: give it the same
            # command line a run would see ("actplot relu --theme" is "actplot plot relu --theme");
            # a global option waiting for its value ("actplot relu --flavor") is completed by the
            # group itself, so no command is entered
            args = [] if args and args[-1] in GLOBAL_VALUE_OPTIONS else self.rewrite_args(args)
        return super().make_context(info_name, args, parent=parent, **extra)

    def shell_complete(self, ctx: _click.Context, incomplete: str) -> list[Any]:
        """After ``actplot``: the commands, global options, and SPECs (``plot`` may be left out)."""
        items: list[Any] = super().shell_complete(ctx, incomplete)
        if not incomplete.startswith("-") and not ctx._protected_args and not ctx.args:
            from typer._click.shell_completion import CompletionItem

            items += [CompletionItem(name) for name in complete_spec(incomplete)]
        return items

    # -- argv rewriting -------------------------------------------------------------------------
    def rewrite_args(self, args: list[str]) -> list[str]:
        args = list(args)
        i = 0
        while i < len(args):
            token = args[i]
            if token in GLOBAL_FLAGS or token in EAGER_OPTIONS or token.startswith("--flavor="):
                i += 1
            elif token in GLOBAL_VALUE_OPTIONS:
                i += 2
            else:
                break
        if i >= len(args) or args[i] == "--":
            return args
        head = args[i]
        if head not in self.commands:
            if head.startswith("-"):
                known = [*GLOBAL_FLAGS, *GLOBAL_VALUE_OPTIONS, *EAGER_OPTIONS]
                if difflib.get_close_matches(head.split("=")[0], known, n=1, cutoff=0.75):
                    return args  # a misspelt global option: let the group say "No such option"
            elif _looks_like_command_typo(head, list(self.commands)):
                return args  # "No such command 'plto'. Did you mean 'plot'?"
            args.insert(i, DEFAULT_COMMAND)
            head = DEFAULT_COMMAND
        command = self.commands[head]
        front, rest = args[: i + 1], args[i + 1 :]
        hoisted, kept = self._hoist_globals(command, rest)
        return front[:i] + hoisted + front[i:] + kept

    @staticmethod
    def _hoist_globals(command: _click.Command, rest: list[str]) -> tuple[list[str], list[str]]:
        """Move global options found after the command in front of it (unless it defines them)."""
        own: dict[str, int] = {}
        for param in command.params:
            if isinstance(param, TyperOption):
                takes = 0 if (param.is_flag or param.count) else max(param.nargs, 1)
                for name in (*param.opts, *param.secondary_opts):
                    own[name] = takes
        hoisted: list[str] = []
        kept: list[str] = []
        j = 0
        while j < len(rest):
            token = rest[j]
            if token == "--":
                kept.extend(rest[j:])
                break
            name = token.split("=", 1)[0] if token.startswith("--") else token
            if name in own:
                width = 1 if "=" in token and token.startswith("--") else 1 + own[name]
                kept.extend(rest[j : j + width])
                j += width
            elif token in GLOBAL_FLAGS:
                hoisted.append(token)
                j += 1
            elif token in GLOBAL_VALUE_OPTIONS and j + 1 < len(rest):
                hoisted.extend(rest[j : j + 2])
                j += 2
            elif name in GLOBAL_VALUE_OPTIONS and "=" in token:
                hoisted.append(token)
                j += 1
            else:
                kept.append(token)
                j += 1
        return hoisted, kept

    # -- the error boundary ---------------------------------------------------------------------
    def main(  # type: ignore[override]
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        windows_expand_args: bool = True,
        **extra: Any,
    ) -> Any:
        if args is None:
            args = sys.argv[1:]
        args = [str(a) for a in args]
        if prog_name is None:
            prog_name = _click.utils._detect_program_name()
        if " " in prog_name and {"--install-completion", "--show-completion"} & set(args):
            # "python -m actplot": a completion script for that would hook the shell's `python`
            write_err("Error: shell completion needs the installed command; run 'actplot --install-completion'")
            code = 2
            if standalone_mode:
                sys.exit(code)
            return code
        if os.environ.get(complete_var or f"_{prog_name}_COMPLETE".replace("-", "_").upper(), "").endswith("_bash"):
            _register_bash_completion()
        self._main_shell_completion(extra, prog_name, complete_var)
        global _STATE
        _STATE = GlobalState(debug="--debug" in args)  # fresh per run; the callback fills it in
        code = run_guarded(lambda: self._run(prog_name, args, extra))
        if standalone_mode:
            sys.exit(code)
        return code

    def _run(self, prog_name: str, args: list[str], extra: dict[str, Any]) -> int:
        args = self.rewrite_args(args)
        with self.make_context(prog_name, args, **extra) as ctx:
            self.invoke(ctx)
        return 0


_BASH_BREAKS = (":", "=")
"""Characters of bash's COMP_WORDBREAKS that occur inside SPECs (``name:param=value``)."""


def glue_bash_words(words: list[str], current: int) -> tuple[list[str], str, str]:
    """Undo bash's word breaks inside SPECs: ``leaky_relu : neg`` (three words as bash sends them)
    is one word ``leaky_relu:neg``. Returns (complete words, the incomplete word, the part of it
    that bash does not replace) — bash replaces only its own current word, so a completion must be
    written without that part."""
    glued: list[str] = []
    starts: list[int] = []  # for each glued word, the index of its first bash word
    for i, word in enumerate(words[: current + 1]):
        if glued and (word in _BASH_BREAKS or glued[-1].endswith(_BASH_BREAKS)):
            glued[-1] += word
        else:
            glued.append(word)
            starts.append(i)
    if current >= len(words):  # a new, empty word
        return glued, "", ""
    incomplete = glued.pop()
    first = starts[-1]
    kept = "".join(words[first:current])
    return glued, incomplete, kept


def _register_bash_completion() -> None:
    """Use :func:`glue_bash_words` for bash completion (typer's own class re-registers itself
    whenever the command is built, so this runs just before completing)."""
    from typer._click.shell_completion import CompletionItem, add_completion_class
    from typer._completion_classes import BashComplete, click_split_arg_string

    class ActplotBashComplete(BashComplete):
        _kept = ""

        def get_completion_args(self) -> tuple[list[str], str]:
            words = click_split_arg_string(os.environ["COMP_WORDS"])
            current = int(os.environ["COMP_CWORD"])
            glued, incomplete, self._kept = glue_bash_words(words, current)
            return glued[1:], incomplete

        def format_completion(self, item: CompletionItem) -> str:
            value = str(item.value)
            if self._kept and value.startswith(self._kept):
                item = CompletionItem(value[len(self._kept):], type=item.type, help=item.help)
            return str(super().format_completion(item))

    add_completion_class(ActplotBashComplete, "bash")


def _looks_like_command_typo(head: str, commands: list[str]) -> bool:
    """True if ``head`` is closer to a command name than to any activation name."""
    if ":" in head or "@" in head:
        return False
    word = head.lower()
    close = difflib.get_close_matches(word, commands, n=1, cutoff=0.6)
    if not close:
        return False
    try:
        from actplot import registry

        registry.lookup(word)
        return False  # a real activation name wins
    except Exception:  # noqa: BLE001 - unknown name (or a broken registry): compare similarity
        pass
    try:
        from actplot import registry

        names = [*registry.names(), *(a for s in registry.SPECS for a in s.aliases)]
    except Exception:  # noqa: BLE001 - a broken registry: no names to compare with
        names = []
    command_score = difflib.SequenceMatcher(None, word, close[0]).ratio()
    best_name = max((difflib.SequenceMatcher(None, word, n).ratio() for n in names), default=0.0)
    return command_score >= best_name


def _quiet_teardown() -> None:
    """After an interrupt, say nothing more: objects that Ctrl-C left half-built (e.g. pyparsing's
    grammar inside matplotlib's mathtext) may complain from ``__del__`` as the interpreter exits,
    which Python prints as "Exception ignored … Traceback". With --debug they are still shown."""
    if not _debug_requested():
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
    if _debug_requested():
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
