"""The notebook API: ``actplot.plot`` and ``actplot.compare`` return a matplotlib ``Figure``.

Both take the command line's figure options as keyword arguments and draw through the same
figure plan and renderer as ``actplot plot/compare -o FILE``, so a notebook figure and a file
written by the CLI are the same picture. They build a ``matplotlib.figure.Figure`` directly:
pyplot's global state (current figure, open-figure registry, backend) is never touched, so a
figure is not shown twice and never leaks; Jupyter displays the returned Figure. Its canvas
(:class:`actplot.views.export.ExportCanvas`) makes a plain ``fig.savefig("x.pdf")`` write the
file the command line writes (TrueType PDF fonts, ``<text>`` with ``svg_text=True``, no dates).
With ``ax=`` the curves go into the user's own axes (e.g. one cell of ``plt.subplots``) and that
axes' Figure is returned; it saves as the user's figure does.

>>> import actplot
>>> fig = actplot.plot("relu6", derivative=1)            # doctest: +SKIP
>>> fig.savefig("relu6.pdf")                              # doctest: +SKIP
>>> actplot.compare("gelu", "gelu:approximate=tanh", diff=True)   # doctest: +SKIP
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from actplot.errors import ActplotError

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from actplot.activation import Activation

DEFAULT_RANGE: tuple[float, float] = (-6.0, 6.0)
"""The command line's default window (widened, as there, to show every kink)."""
DEFAULT_POINTS = 801
INLINE_SIZE: tuple[float, float] = (6.0, 3.6)
"""Size (inches) of an Activation's inline picture in a notebook."""


def _activation(item: str | Activation) -> Activation:
    from actplot.activation import Activation
    from actplot.registry import get

    if isinstance(item, Activation):
        return item
    if isinstance(item, str):
        return get(item)
    raise ActplotError(f"expected an activation or a SPEC string such as 'leaky_relu:alpha=0.1', got {item!r}")


def _orders(derivative: int | Sequence[int]) -> tuple[int, ...]:
    if isinstance(derivative, bool) or not isinstance(derivative, (int, Sequence)):
        raise ActplotError(f"derivative must be 0, 1 or 2 (or a list of orders), got {derivative!r}")
    if isinstance(derivative, int):
        if not 0 <= derivative <= 2:
            raise ActplotError(f"derivative must be 0, 1 or 2, got {derivative}")
        return tuple(range(derivative + 1))
    orders = tuple(int(o) for o in derivative)
    if not orders or any(o not in (0, 1, 2) for o in orders):
        raise ActplotError(f"derivative orders must be 0, 1 or 2, got {list(derivative)}")
    return orders


def _draw(
    acts: list[Activation],
    *,
    derivative: int | Sequence[int],
    diff: bool,
    x_range: tuple[float, float] | str | None,
    points: int,
    ax: Any,
    options: dict[str, Any],
) -> Figure:
    from actplot.views import figure_options, plan, render

    if x_range is None or x_range == "auto":
        window = plan.default_window(acts, DEFAULT_RANGE, auto=x_range == "auto")
    else:
        try:
            window = (float(x_range[0]), float(x_range[1]))
        except (TypeError, ValueError, IndexError):
            raise ActplotError(f"x_range must be a pair of numbers (A, B) or 'auto', got {x_range!r}") from None
    size = options.pop("size", None)
    if size is not None:
        options["size"] = (float(size[0]), float(size[1]))
    chosen = figure_options.FigureOptions(**options)
    figure_options.validate_options(chosen)
    return render.plot_figure(acts, x_range=window, points=points, orders=_orders(derivative), diff=diff,
                              options=chosen, ax=ax)


def plot(
    activation: str | Activation,
    *,
    derivative: int | Sequence[int] = 0,
    x_range: tuple[float, float] | str | None = None,
    points: int = DEFAULT_POINTS,
    ylim: tuple[float, float] | None = None,
    title: str | None = None,
    theme: str = "light",
    size: tuple[float, float] | None = None,
    dpi: float = 100.0,
    centered_axes: bool = False,
    grid: bool = True,
    layout: str = "overlay",
    font_size: float | None = None,
    line_width: float | None = None,
    transparent: bool = False,
    svg_text: bool = False,
    ax: Any = None,
) -> Figure:
    """One activation (a SPEC string or an :class:`~actplot.activation.Activation`) and, with
    ``derivative=1`` or ``2``, its derivatives — the figure ``actplot plot SPEC -d -o FILE`` writes.

    ``x_range`` defaults to the function's own view (declared, else [−6, 6] widened to show
    every kink); ``"auto"`` computes one from its features, as ``--range auto`` does; ``ax`` draws into that axes
    instead of a new Figure (one panel: ``layout="grid"`` needs a Figure of its own).
    """
    act = _activation(activation)
    return _draw([act], derivative=derivative, diff=False, x_range=x_range, points=points, ax=ax, options={
        "ylim": ylim, "title": title, "theme": theme, "size": size, "dpi": dpi, "centered_axes": centered_axes, "grid": grid,
        "layout": layout, "font_size": font_size, "line_width": line_width, "transparent": transparent, "svg_text": svg_text})


def compare(
    *activations: str | Activation,
    derivative: int | Sequence[int] = 0,
    diff: bool = False,
    x_range: tuple[float, float] | str | None = None,
    points: int = DEFAULT_POINTS,
    ylim: tuple[float, float] | None = None,
    title: str | None = None,
    labels: Sequence[str] | None = None,
    theme: str = "light",
    size: tuple[float, float] | None = None,
    dpi: float = 100.0,
    centered_axes: bool = False,
    grid: bool = True,
    layout: str = "overlay",
    sharey: bool = True,
    font_size: float | None = None,
    line_width: float | None = None,
    transparent: bool = False,
    svg_text: bool = False,
    ax: Any = None,
) -> Figure:
    """Two or more activations on shared axes — the figure ``actplot compare A B ... -o FILE``
    writes; ``diff=True`` adds the difference panels (each minus the first, largest gap marked)."""
    if len(activations) < 2:
        raise ActplotError(f"compare needs at least 2 activations, got {len(activations)}")
    acts = [_activation(a) for a in activations]
    return _draw(acts, derivative=derivative, diff=diff, x_range=x_range, points=points, ax=ax, options={
        "ylim": ylim, "title": title, "labels": tuple(labels) if labels is not None else None, "theme": theme, "size": size,
        "dpi": dpi, "centered_axes": centered_axes, "grid": grid, "layout": layout, "sharey": sharey, "font_size": font_size,
        "line_width": line_width, "transparent": transparent, "svg_text": svg_text})


def activation_png(act: Activation) -> bytes:
    """The inline picture of an activation in a notebook: f and f′ as PNG bytes."""
    from actplot.views import export

    fig = plot(act, derivative=1, size=INLINE_SIZE, points=401)
    return export.figure_bytes(fig, "png", salt=act.label)


def activation_text(act: Activation) -> str:
    """A readable plain-text description: name, family, formula, derivative, kinks."""
    lines = [f"{act.label}  ({act.spec.title}; {act.spec.family})", f"  {act.formula_text_with_values}"]
    if act.derivative_formula_text:
        lines.append(f"  {act.derivative_formula_text}")
    kinks = [k for k in act.kinks if k.kind in ("kink", "jump")]
    if kinks:
        lines.append("  " + ", ".join(f"{k.kind} at x = {k.x:g}" for k in kinks))
    return "\n".join(lines)
