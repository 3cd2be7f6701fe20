"""Parsing what the user typed: numbers, ranges, point counts, sizes, choices, SPECs.

Every parser either returns a checked value or raises a usage error (an
:class:`~actplot.errors.ActplotError`, exit 2) whose message quotes what was typed and says what
would work; :func:`choose` adds "Did you mean ...?". Numbers are taken as text and parsed here, so
messages can quote the user's input ("--xmin must be a finite number, got '1e400'") instead of
typer's generic ones. Standard library only at import time (NumPy is never needed to parse).
"""

from __future__ import annotations

import difflib
import math
from collections.abc import Sequence
from typing import TYPE_CHECKING

from actplot.cli.state import state

if TYPE_CHECKING:
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

# --- parsers -------------------------------------------------------------------------------------


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

    return registry.get(spec_text, default_flavor=state().flavor)


def check_flavor(value: str) -> str:
    from actplot import registry

    return registry.check_flavor(value)


def parse_at(text: str) -> list[float]:
    """``--at=-2,-1,0``: the x values of a table (``inf``, ``-inf`` and ``nan`` allowed)."""
    items = [item.strip() for item in text.replace(";", ",").split(",")]
    if not any(items):
        raise usage_error("--at needs at least one number, e.g. --at=-2,-1,0,1,2")
    if len(items) > MAX_POINTS:
        raise usage_error(f"--at takes at most {MAX_POINTS} values, got {len(items)}")
    values = []
    for item in items:
        if not item:
            raise usage_error(f"--at has an empty item in {text!r}; write e.g. --at=-2,-1,0")
        values.append(parse_float("--at", item, finite=False))
    return values


def parse_digits(text: str | None) -> int | None:
    """``--digits N``: significant digits of a table, 1..MAX_DIGITS, or None for the format's own."""
    if text is None:
        return None
    from actplot.views.table_output import MAX_DIGITS

    try:
        value = int(text.strip())
    except ValueError:
        raise usage_error(f"--digits must be a whole number from 1 to {MAX_DIGITS}, got {text!r}") from None
    if not 1 <= value <= MAX_DIGITS:
        raise usage_error(f"--digits must be from 1 to {MAX_DIGITS}, got {value}")
    return value


def parse_points_size(name: str, text: str, low: float, high: float) -> float:
    """A size in typographic points (``--font-size``, ``--line-width``) within [low, high]."""
    value = parse_float(name, text)
    if not low <= value <= high:
        raise usage_error(f"{name} must be between {low:g} and {high:g} points, got {text}")
    return value


def choose_family(text: str, families: tuple[str, ...]) -> str:
    """``--family``: a family by its name, case and separators ignored, or by a unique prefix."""
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
        raise usage_error(f"--family {text!r} could be {' or '.join(starts)}; type more of the name")
    return choose("--family", text, families)
