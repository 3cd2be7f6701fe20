"""actplot.views.render and actplot._files: figures, styles, deterministic bytes, atomic files."""

from __future__ import annotations

import io
import math
import os
import struct
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import matplotlib
import numpy as np
import pytest
from matplotlib.colors import to_rgb
from matplotlib.lines import Line2D

import actplot
from actplot import _files, sampling
from actplot.errors import ActplotError, OutputError
from actplot.views import export, figure_options, render, styles

NAMES = set(actplot.names())
OPTS = figure_options.FigureOptions()


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert data[12:16] == b"IHDR"
    return struct.unpack(">II", data[16:24])


def curves(ax) -> list[Line2D]:
    """Lines with a line style (not the marker-only lines and not the zero lines)."""
    return [ln for ln in ax.get_lines() if ln.get_linestyle() not in ("None", "none", "") and len(ln.get_xdata()) > 2]


def markers(ax) -> list[Line2D]:
    return [ln for ln in ax.get_lines() if ln.get_linestyle() in ("None", "none", "") and ln.get_marker() == "o"]


def jump_names() -> list[str]:
    out = []
    for spec in actplot.SPECS:
        act = actplot.get(spec.name)
        if any(k.kind == "jump" and -6 < k.x < 6 for k in act.kinks):
            out.append(spec.name)
    return out


# --- format_for and validation ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "explicit", "expected"),
    [("a.png", None, "png"), ("a.SVG", None, "svg"), ("x/y.pdf", None, "pdf"), ("-", "svg", "svg"),
     ("plot", "png", "png"), ("a.png", "PNG", "png")],
)
def test_format_for(path: str, explicit: str | None, expected: str) -> None:
    assert figure_options.format_for(path, explicit) == expected


@pytest.mark.parametrize(
    ("path", "explicit", "message"),
    [("-", None, "needs --format"), ("plot", None, "cannot tell"), ("a.bmpx", None, "unsupported"),
     ("a.png", "svg", "conflicts"), ("a.png", "jpg", "must be one of")],
)
def test_format_for_errors(path: str, explicit: str | None, message: str) -> None:
    with pytest.raises(ActplotError, match=message) as info:
        figure_options.format_for(path, explicit)
    assert info.value.exit_code == 2


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (figure_options.FigureOptions(theme="neon"), "theme"),
        (figure_options.FigureOptions(size=(0.0, 5.0)), "width"),
        (figure_options.FigureOptions(size=(7.0, -1.0)), "height"),
        (figure_options.FigureOptions(size=(7.0, math.nan)), "height"),
        (figure_options.FigureOptions(dpi=0.0), "dpi"),
        (figure_options.FigureOptions(dpi=math.inf), "dpi"),
        (figure_options.FigureOptions(size=(900.0, 1.0), dpi=10_000.0), "8,388,607"),
        (figure_options.FigureOptions(size=(300.0, 300.0), dpi=1000.0), "pixels"),
        (figure_options.FigureOptions(title=r"bad $\foo$ title"), "mathtext"),
        (figure_options.FigureOptions(ylim=(1.0, 1.0)), "LOW < HIGH"),
        (figure_options.FigureOptions(ylim=(0.0, math.inf)), "finite"),
        (figure_options.FigureOptions(layout="stack"), "layout"),
    ],
)
def test_validate_options_rejects(options: figure_options.FigureOptions, message: str) -> None:
    with pytest.raises(ActplotError, match=message) as info:
        figure_options.validate_options(options)
    assert info.value.exit_code == 2


def test_validate_options_pixel_limit_only_for_png() -> None:
    big = figure_options.FigureOptions(size=(900.0, 1.0), dpi=10_000.0)
    with pytest.raises(ActplotError, match="pixels"):
        figure_options.validate_options(big, "png")
    for fmt in ("svg", "pdf"):  # no pixels: accepted, and laid out at a resolution that fits
        figure_options.validate_options(big, fmt)
    dpi = render.layout_dpi(big.size, big.dpi)
    assert dpi < big.dpi and 900.0 * dpi * 1.0 * dpi <= figure_options.MAX_PIXELS
    assert render.layout_dpi((7.0, 5.0), 100.0) == 100.0  # figures within the limit are unchanged


def test_literal_dollar_title_is_not_math() -> None:
    figure_options.validate_options(figure_options.FigureOptions(title="cost $5"))
    fig = render.plot_figure([actplot.get("sigmoid")], x_range=(-1, 1), points=21,
                             options=figure_options.FigureOptions(title="cost $5"))
    assert fig.axes[0].get_title() == "cost $5"
    assert export.figure_bytes(fig, "svg", salt="t")


# --- curves are where the function says ------------------------------------------------------------


@pytest.mark.parametrize("name", ["sigmoid", "tanh", "gelu", "relu", "elu"])
def test_single_function_lines_follow_the_function(name: str) -> None:
    act = actplot.get(name)
    fig = render.plot_figure([act], x_range=(-4, 4), points=201, orders=(0, 1, 2), options=OPTS)
    (ax,) = fig.axes
    lines = {ln.get_label(): ln for ln in curves(ax)}
    assert set(lines) == set(styles.ORDER_SYMBOLS)
    for order, symbol in enumerate(styles.ORDER_SYMBOLS):
        x = np.asarray(lines[symbol].get_xdata(), dtype=float)
        y = np.asarray(lines[symbol].get_ydata(), dtype=float)
        ok = np.isfinite(x)
        expected = act(x[ok]) if order == 0 else act.derivative(x[ok], order=order)
        kinks = [k.x for k in act.kinks]
        away = np.all(np.abs(x[ok][:, None] - np.array(kinks or [np.inf])[None, :]) > 0, axis=1)
        np.testing.assert_allclose(y[ok][away], np.asarray(expected)[away], rtol=1e-12, atol=1e-12)
        assert x[ok].min() == -4 and x[ok].max() == 4
    assert ax.get_xlim() == (-4.0, 4.0)
    # line styles: f solid, f' dashed, f'' dotted
    assert lines["f(x)"].get_linestyle() == "-"
    assert lines["f′(x)"].get_linestyle() != "-"
    assert lines["f″(x)"].get_linestyle() != "-"
    assert name in ax.get_title() or act.spec.title in ax.get_title()


@pytest.mark.parametrize("name", jump_names()[:6])
def test_jumps_are_broken_with_open_and_closed_markers(name: str) -> None:
    act = actplot.get(name)
    jumps = [k.x for k in act.kinks if k.kind == "jump"]
    assert jumps
    fig = render.plot_figure([act], x_range=(-6, 6), points=401, options=OPTS)
    (ax,) = fig.axes
    (line,) = curves(ax)
    x = np.asarray(line.get_xdata(), dtype=float)
    y = np.asarray(line.get_ydata(), dtype=float)
    # never a vertical segment: no two consecutive finite points share x with different y
    both = np.isfinite(x[:-1]) & np.isfinite(x[1:]) & np.isfinite(y[:-1]) & np.isfinite(y[1:])
    vertical = both & (x[:-1] == x[1:]) & (y[:-1] != y[1:])
    assert not vertical.any()
    assert np.isnan(x).sum() >= 1  # pieces separated
    found = markers(ax)
    background = to_rgb(styles.theme("light").background)
    facecolors = [to_rgb(m.get_markerfacecolor()) for m in found]
    assert background in facecolors  # an open marker
    assert any(fc != background for fc in facecolors)  # a closed marker
    xs = {float(v) for m in found for v in m.get_xdata()}
    assert set(jumps) & xs


def test_sampled_curve_matches_markers() -> None:
    names = jump_names()
    act = actplot.get(names[0])
    curve = sampling.sample_curve(act, -6, 6, 101)
    fig = render.plot_figure([act], x_range=(-6, 6), points=101, options=OPTS)
    shown = sorted((float(x), float(y)) for m in markers(fig.axes[0]) for x, y in zip(m.get_xdata(), m.get_ydata()))
    assert shown == sorted((m.x, m.y) for m in curve.markers if math.isfinite(m.y))


def test_rrelu_band_is_shaded() -> None:
    act = actplot.get("rrelu")
    fig = render.plot_figure([act], x_range=(-4, 4), points=101, options=OPTS)
    ax = fig.axes[0]
    assert ax.collections, "no band drawn"
    lower, upper = act.band(np.array([-4.0]))
    ylo, yhi = ax.get_ylim()
    assert ylo <= float(np.min([lower, upper])) and yhi >= 4.0


def test_one_encoding_per_function_across_panels() -> None:
    """compare -d: a function keeps its colour and dash in the f and the f′ panel; functions differ
    by dash alone among the first five (grayscale print), and by the pair among many."""
    names = actplot.names()[:6]
    acts = [actplot.get(n) for n in names]
    for theme in styles.THEMES:
        fig = render.plot_figure(acts, x_range=(-3, 3), points=101, orders=(0, 1),
                                 options=figure_options.FigureOptions(theme=theme))
        f_ax, d_ax = fig.axes
        f_lines, d_lines = curves(f_ax), curves(d_ax)
        assert len(f_lines) == len(d_lines) == len(acts)
        f_styles = [(to_rgb(ln.get_color()), repr(ln._unscaled_dash_pattern)) for ln in f_lines]
        d_styles = [(to_rgb(ln.get_color()), repr(ln._unscaled_dash_pattern)) for ln in d_lines]
        assert f_styles == d_styles, "a function must look the same in every panel"
        assert len({dash for _, dash in f_styles[:5]}) == 5, "the first five differ by dash alone"
        assert f_ax.get_legend() is not None and d_ax.get_legend() is None, "one key, in the f panel"


def test_many_curves_unique_colour_and_style() -> None:
    from actplot.views import line_styles

    th = styles.theme("light")
    combos = {(s.colour, repr(s.dash)) for s in (line_styles.style_for(th, i, i, 1.7) for i in range(40))}
    assert len(combos) == 40


def test_dark_theme_every_element_follows() -> None:
    th = styles.theme("dark")
    acts = [actplot.get(n) for n in actplot.names()[:2]]
    fig = render.plot_figure(acts, x_range=(-3, 3), points=101, orders=(0, 1), diff=True,
                             options=figure_options.FigureOptions(theme="dark", title="dark"))
    bg, fg = to_rgb(th.background), to_rgb(th.foreground)
    assert to_rgb(fig.get_facecolor()) == bg
    for ax in fig.axes:
        assert to_rgb(ax.get_facecolor()) == bg
        for spine in ax.spines.values():
            assert to_rgb(spine.get_edgecolor()) == fg
        for label in ax.get_xticklabels() + ax.get_yticklabels():
            assert to_rgb(label.get_color()) == fg
        legend = ax.get_legend()
        if legend is not None:
            assert to_rgb(legend.get_frame().get_facecolor()) == to_rgb(th.legend_face)
            for text in legend.get_texts():
                assert to_rgb(text.get_color()) == fg
        for text in ax.texts:  # annotations (largest gap)
            assert to_rgb(text.get_color()) == fg
        assert to_rgb(ax.yaxis.label.get_color()) == fg
        for ln in markers(ax):
            face = ln.get_markerfacecolor()
            assert to_rgb(face) != (1.0, 1.0, 1.0), "open markers must be filled with the dark background"
    assert to_rgb(fig._suptitle.get_color()) == fg
    # and the bytes really are dark: the PNG's corner pixel is the background
    from io import BytesIO

    from PIL import Image

    image = Image.open(BytesIO(export.figure_bytes(fig, "png", salt="d"))).convert("RGB")
    assert image.getpixel((1, 1)) == tuple(round(c * 255) for c in bg)


def test_grayscale_theme_is_grey() -> None:
    acts = [actplot.get(n) for n in actplot.names()[:4]]
    fig = render.plot_figure(acts, x_range=(-3, 3), points=51, options=figure_options.FigureOptions(theme="grayscale"))
    for ln in curves(fig.axes[0]):
        r, g, b = to_rgb(ln.get_color())
        assert r == g == b


def test_diff_panel_annotates_largest_gap() -> None:
    a, b = actplot.get("gelu"), actplot.get("gelu", approximate="tanh")
    fig = render.plot_figure([a, b], x_range=(-6, 6), points=201, diff=True, options=OPTS)
    diff_ax = fig.axes[-1]
    texts = [t.get_text() for t in diff_ax.texts]
    assert any("max |Δ|" in t for t in texts)
    d = sampling.difference(a, b, -6, 6)
    assert any(f"{d.gap:.3g}" in t for t in texts)
    (line,) = curves(diff_ax)
    assert np.nanmax(np.abs(np.asarray(line.get_ydata(), dtype=float))) == pytest.approx(d.gap, rel=1e-3)


def test_grid_layout_one_panel_per_function() -> None:
    acts = [actplot.get(n) for n in actplot.names()[:3]]
    fig = render.plot_figure(acts, x_range=(-2, 2), points=51, orders=(0, 1),
                             options=figure_options.FigureOptions(layout="grid"))
    visible = [ax for ax in fig.axes if ax.get_visible()]
    assert len(visible) == 3
    assert [ax.get_title(loc="left") for ax in visible] == [a.label for a in acts]


@pytest.mark.parametrize("name", ["sigmoid", "rrelu"])
def test_grid_layout_of_one_function_stacks_its_derivatives(name: str) -> None:
    """plot --layout grid: f, f′, f″ each in its own panel over one x axis; the formula stays in the
    (figure) title; a legend only where a band needs explaining."""
    act = actplot.get(name)
    fig = render.plot_figure([act], x_range=(-3, 3), points=101, orders=(0, 1, 2),
                             options=figure_options.FigureOptions(layout="grid"))
    assert len(fig.axes) == 3
    assert [ax.get_ylabel() for ax in fig.axes] == ["f(x)", "f′(x)", "f″(x)"]
    from actplot.views.titles import math_spacing

    assert math_spacing(act.formula) in fig.get_suptitle()
    assert fig.axes[0].get_shared_x_axes().joined(fig.axes[0], fig.axes[2])
    legends = [ax.get_legend() is not None for ax in fig.axes]
    assert legends == [act.spec.band is not None, False, False]
    for ax, order in zip(fig.axes, (0, 1, 2)):
        (line, *_) = curves(ax)
        x = np.asarray(line.get_xdata(), dtype=float)
        y = np.asarray(line.get_ydata(), dtype=float)
        ok = np.isfinite(y) & ~np.isin(x, [k.x for k in act.kinks])  # at a break: both one-sided values
        assert np.allclose(y[ok], act.derivative(x[ok], order=order) if order else act(x[ok]), atol=1e-9)
    overlay = render.plot_figure([act], x_range=(-3, 3), points=101, orders=(0, 1), options=OPTS)
    assert len(overlay.axes) == 1


def test_flavours_sharing_a_formula_state_their_parameter_values() -> None:
    """hard_sigmoid@keras2 and @torch have one formula; the legend (and a lone title) says c."""
    acts = [actplot.get("hard_sigmoid@keras2"), actplot.get("hard_sigmoid@torch")]
    fig = render.plot_figure(acts, x_range=(-4, 4), points=101, options=OPTS)
    texts = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    assert texts[0].endswith("($c = 2.5$)") and texts[1].endswith("($c = 3$)")
    alone = render.plot_figure(acts[:1], x_range=(-4, 4), points=101, options=OPTS)
    assert alone.axes[0].get_title().endswith("($c = 2.5$)")


@pytest.mark.parametrize("count", [3, 4])
def test_long_formula_legends_stay_inside_the_figure_and_leave_the_axes_room(count: int) -> None:
    """Legends of long labels and formulas wrap (formula under its label) and shrink; they never
    push the axes off the figure (constrained layout collapsing) or hang off its edge."""
    specs = ["relu:negative_slope=0.1,max_value=6,threshold=0.5", "softplus:beta=10,threshold=0.4",
             "gelu:approximate=tanh", "hard_tanh:min_val=-2,max_val=3"][:count]
    acts = [actplot.get(s) for s in specs]
    fig = render.plot_figure(acts, x_range=(-6, 6), points=201, orders=(0, 1), options=OPTS)
    renderer = fig.canvas.get_renderer()
    fig.draw(renderer)
    width = fig.bbox.width
    for ax in fig.axes:
        assert ax.get_position().width > 0.4
    legend = fig.axes[0].get_legend()  # the one key: function i looks the same in the f′ panel
    box = legend.get_window_extent(renderer)
    assert box.x0 >= -1 and box.x1 <= width + 1, (box, width)
    assert fig.axes[1].get_legend() is None


def test_grid_keeps_each_function_in_its_colour_and_names_differences() -> None:
    """--layout grid -d: a function's f and f′ share its colour (orders differ by line style); the
    difference panel's legend says 'g − f' like the overlay layout."""
    acts = [actplot.get(n) for n in ("relu", "elu", "selu")]
    fig = render.plot_figure(acts, x_range=(-3, 3), points=101, orders=(0, 1), diff=True,
                             options=figure_options.FigureOptions(layout="grid"))
    colours = [{ln.get_color() for ln in curves(ax)} for ax in fig.axes[:3]]
    assert all(len(c) == 1 for c in colours) and len(set.union(*colours)) == 3
    legend = fig.axes[3].get_legend()
    diff_labels = [t.get_text() for t in legend.get_texts()]
    if diff_labels[0].startswith("elu \u2212"):  # room for the full labels
        assert [label.split("  (")[0] for label in diff_labels] == ["elu \u2212 relu", "selu \u2212 relu"]
        assert all("max |\u0394| = " in label for label in diff_labels)
    else:  # a narrow panel: the legend's title names what is subtracted, the labels the functions
        assert diff_labels == ["elu", "selu"] and "difference to relu" in legend.get_title().get_text()


def test_identical_functions_get_no_largest_gap_callout() -> None:
    fig = render.plot_figure([actplot.get("relu"), actplot.get("relu@keras3")], x_range=(-3, 3), points=101,
                             diff=True, options=OPTS)
    diff_ax = fig.axes[-1]
    assert not diff_ax.texts and not markers(diff_ax)
    assert [t.get_text() for t in diff_ax.get_legend().get_texts()] == ["relu@keras3 \u2212 relu  (identical: \u0394 = 0)"]


def _vertical_zero_lines(ax) -> int:
    return sum(1 for ln in ax.get_lines() if list(ln.get_xdata()) == [0, 0])


def test_no_vertical_zero_line_through_a_jump_at_zero() -> None:
    """The grey x = 0 line would look like the vertical segment a jump must never get."""
    step = render.plot_figure([actplot.get("binary_step")], x_range=(-2, 2), points=101, options=OPTS)
    assert _vertical_zero_lines(step.axes[0]) == 0
    smooth = render.plot_figure([actplot.get("relu")], x_range=(-2, 2), points=101, options=OPTS)
    assert _vertical_zero_lines(smooth.axes[0]) == 1
    both = render.plot_figure([actplot.get("relu")], x_range=(-2, 2), points=101, orders=(0, 1),
                              options=figure_options.FigureOptions(layout="grid"))
    assert [_vertical_zero_lines(ax) for ax in both.axes] == [1, 0]  # f′ of relu jumps at 0


def test_a_gap_held_along_a_stretch_is_reported_as_an_interval() -> None:
    """hard_sigmoid's slopes differ by 1/6 on (−3, −2.5) ∪ (2.5, 3) (torch vs keras2): one x would
    mislead; a smooth difference still has its single peaks."""
    keras2, torch = actplot.get("hard_sigmoid@keras2"), actplot.get("hard_sigmoid@torch")
    d = sampling.difference(keras2, torch, -6, 6, order=1)
    assert [(s.low, s.high) for s in d.argmax] == [(-3.0, -2.5), (2.5, 3.0)] and d.gap == pytest.approx(1 / 6)
    peak = sampling.difference(actplot.get("gelu"), actplot.get("gelu:approximate=tanh"), -6, 6)
    assert all(s.is_point for s in peak.argmax) and peak.where == pytest.approx(-2.699, abs=1e-3)
    from typer.testing import CliRunner

    from actplot.cli import app

    out = CliRunner().invoke(app, ["compare", "hard_sigmoid@keras2", "hard_sigmoid@torch", "--diff", "-d"],
                             env={"COLUMNS": "120"}).stdout
    assert "= 0.167 for x in (\u22123, \u22122.5) \u222a (2.5, 3)" in out


def test_centered_axes_and_grid_off() -> None:
    fig = render.plot_figure([actplot.get("tanh")], x_range=(-3, 3), points=51,
                             options=figure_options.FigureOptions(centered_axes=True, grid=False))
    ax = fig.axes[0]
    assert ax.spines["left"].get_position() == ("data", 0.0)
    assert ax.spines["bottom"].get_position() == ("data", 0.0)
    assert not ax.spines["top"].get_visible()
    assert not any(line.get_visible() for line in ax.get_xgridlines())


def test_user_ylim_applies_and_huge_values_do_not_crash() -> None:
    fig = render.plot_figure([actplot.get("sigmoid")], x_range=(-3, 3), points=51,
                             options=figure_options.FigureOptions(ylim=(-0.5, 2.0)))
    assert fig.axes[0].get_ylim() == (-0.5, 2.0)
    act = actplot.get("exponential")
    for x_range in ((-5.0, 50.0), (-5.0, 800.0)):  # e^800 is inf in float64
        fig = render.plot_figure([act], x_range=x_range, points=401, orders=(0, 1), options=OPTS)
        lo, hi = fig.axes[0].get_ylim()
        assert math.isfinite(lo) and math.isfinite(hi) and lo < hi
        assert export.figure_bytes(fig, "png", salt="e")[:4] == b"\x89PNG"


def test_auto_limits() -> None:
    assert render.auto_limits([np.array([np.nan, np.inf])]) is None
    lo, hi = render.auto_limits([np.array([0.0, 1.0, np.inf, np.nan])])
    assert lo < 0 < 1 < hi < 1.2
    lo, hi = render.auto_limits([np.zeros(5)])
    assert lo < 0 < hi
    lo, hi = render.auto_limits([np.array([1e308, -1e308])])
    assert math.isfinite(hi - lo)
    lo, hi = render.auto_limits([np.full(3, 1e10)])
    assert lo < 1e10 < hi


def test_robust_limits_let_an_outlier_run_off() -> None:
    x = np.linspace(-6, 6, 101)
    curves_ = [np.tanh(x), np.clip(x, 0, None), 1 / (1 + np.exp(-x)), np.exp(x)]
    lo, hi = render.robust_limits(curves_)
    assert hi < 20 and lo < -1
    _, hi2 = render.robust_limits(curves_[:3])
    assert hi2 >= 6


def test_robust_limits_never_cut_a_curve_against_flat_ones() -> None:
    """relu′ beside the derivatives of two step functions (zero): relu′ is no outlier of a zero
    span — the panel shows 0 and 1, and nothing overflows in the tick labels."""
    x = np.linspace(-6, 6, 101)
    lo, hi = render.robust_limits([(x > 0).astype(float), np.zeros_like(x), np.zeros_like(x)])
    assert lo < 0 and 1 < hi < 1.2


def test_compare_with_two_step_functions_draws_every_derivative() -> None:
    """The f′ panel of relu, binary_step and heaviside reaches 1 (relu′ drawn, not cut off), and
    its tick labels are plain numbers (warnings are errors in the test run)."""
    acts = [actplot.get(name) for name in ("relu", "binary_step", "heaviside")]
    fig = render.plot_figure(acts, x_range=(-6, 6), points=401, orders=(0, 1), diff=True, options=OPTS)
    fig.canvas.draw()
    derivative_panel = fig.axes[1]
    assert derivative_panel.get_ylim()[1] > 1.0
    labels = [t.get_text() for t in derivative_panel.get_yticklabels()]
    assert labels and not any("inf" in t for t in labels)


def test_no_finite_value_is_an_error() -> None:
    with pytest.raises(OutputError, match="not finite"):
        render._check_finite_values([np.array([np.nan])], [actplot.get("sigmoid")], (0,), (-1.0, 1.0))


# --- bytes: formats, sizes, determinism --------------------------------------------------------------


def _figure() -> object:
    acts = [actplot.get(n) for n in actplot.names()[:2]]
    return render.plot_figure(acts, x_range=(-5, 5), points=301, orders=(0, 1), diff=True,
                              options=figure_options.FigureOptions(size=(6.0, 4.5), dpi=80, title=r"$\alpha$ test"))


def test_formats_sizes_and_content() -> None:
    fig = _figure()
    png = export.figure_bytes(fig, "png", salt="a")
    assert png_size(png) == (480, 360)
    assert b"Software" not in png
    svg = export.figure_bytes(fig, "svg", salt="a")
    root = ET.fromstring(svg)
    assert root.tag.endswith("svg") and root.get("width") == "432pt" and root.get("height") == "324pt"
    assert b"dc:date" not in svg and b"Matplotlib v" not in svg
    pdf = export.figure_bytes(fig, "pdf", salt="a")
    assert pdf.startswith(b"%PDF-") and pdf.rstrip().endswith(b"%%EOF")
    for key in (b"CreationDate", b"Producer", b"Creator"):
        assert key not in pdf


@pytest.mark.parametrize("fmt", ["png", "svg", "pdf"])
def test_each_save_draws_the_figure_once(fmt: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """The layout runs once in plot_figure; a save must not lay out or draw again (an attached
    layout engine, even the "none" placeholder, makes savefig draw everything twice)."""
    from matplotlib.figure import Figure

    fig = _figure()
    assert fig.get_layout_engine() is None
    draws = []
    original = Figure.draw
    monkeypatch.setattr(Figure, "draw", lambda self, renderer: (draws.append(renderer), original(self, renderer)))
    export.figure_bytes(fig, fmt, salt="a")
    assert len(draws) == 1


def _pdf_font_subtypes(pdf: bytes) -> set[bytes]:
    """The /Subtype of every /Type /Font object of a PDF (objects of the uncompressed structure)."""
    import re

    subtypes = set()
    for body in re.findall(rb"\d+ 0 obj\s*<<(.*?)>>\s*endobj", pdf, flags=re.S):
        if re.search(rb"/Type\s*/Font\b", body):
            found = re.search(rb"/Subtype\s*/(\w+)", body)
            if found:
                subtypes.add(found.group(1))
    return subtypes


def test_pdf_embeds_truetype_fonts_not_type3() -> None:
    """Venue checkers reject Type 3 fonts: every text font of a PDF (titles, mathtext, ticks) is
    TrueType (Type 42) or a composite (Type0) over one, with the font program embedded."""
    fig = render.plot_figure([actplot.get("sigmoid")], x_range=(-5, 5), points=101, orders=(0, 1),
                             options=figure_options.FigureOptions(title=r"$\sigma(x)$ and text"))
    pdf = export.figure_bytes(fig, "pdf", salt="a")
    subtypes = _pdf_font_subtypes(pdf)
    assert subtypes and b"Type3" not in subtypes, subtypes
    assert subtypes <= {b"TrueType", b"Type0", b"CIDFontType2"}, subtypes
    assert b"/FontFile2" in pdf


_STARTUP_FIGURE = (
    "import sys, zlib\n"
    "if sys.argv[1] == 'command':\n"
    "    from actplot import _mpl_startup\n"
    "    _mpl_startup.prepare_command_process()\n"
    "import actplot\n"
    "from actplot.views import export, figure_options, render\n"
    "acts = [actplot.get('gelu'), actplot.get('squareplus'), actplot.get('hard_sigmoid')]\n"
    "for fmt in ('png', 'svg', 'pdf'):\n"
    "    fig = render.plot_figure(acts, x_range=(-5, 5), points=301, orders=(0, 1),\n"
    "                             options=figure_options.FigureOptions(title=r'$\\sqrt{x^2+b}\\,\\sigma(x)$'))\n"
    "    print(fmt, zlib.crc32(export.figure_bytes(fig, fmt, salt='a')))\n"
    "from matplotlib.lines import Line2D\n"
    "print('antialiased' in Line2D.set.__doc__)\n"
)


def test_command_start_up_draws_the_same_bytes_and_leaves_library_imports_alone() -> None:
    """prepare_command_process skips matplotlib's artist property tables (docstrings only): PNG, SVG
    and PDF bytes are the same as without it, and a plain ``import actplot.views.render`` (a notebook)
    keeps the full docstrings."""
    runs = {
        mode: subprocess.run([sys.executable, "-c", _STARTUP_FIGURE, mode], capture_output=True, text=True,
                             check=True).stdout.split("\n")
        for mode in ("command", "library")
    }
    assert runs["command"][:3] == runs["library"][:3]
    assert [line.split()[0] for line in runs["library"][:3]] == ["png", "svg", "pdf"]
    assert runs["library"][3] == "True"
    assert runs["command"][3] == "False"


def test_png_command_never_loads_hashlib_or_the_glyph_list_and_the_stand_ins_still_work(tmp_path: Path) -> None:
    """The CLI defers hashlib (OpenSSL) and fontTools.agl, which only usetex/TeX paths read; anything
    that reads from them afterwards gets the real modules."""
    code = (
        "import sys, types\n"
        "from actplot.cli import main\n"
        f"sys.argv = ['actplot', 'sigmoid', '-d', '-q', '-o', {str(tmp_path / 's.png')!r}]\n"
        "try:\n"
        "    main()\n"
        "except SystemExit as exit:\n"
        "    assert not exit.code, exit.code\n"
        "real = lambda name: type(sys.modules.get(name)) is types.ModuleType\n"
        "import matplotlib.figure, matplotlib.artist\n"
        "print(real('hashlib'), real('fontTools.agl'), matplotlib.artist.kwdoc(matplotlib.figure.Figure)[:11])\n"
        "import hashlib, fontTools.agl\n"
        "from fontTools.agl import toUnicode\n"
        "print(hashlib.sha256(b'').hexdigest()[:8], fontTools.agl.toUnicode('alpha'), toUnicode('A'))\n"
        "print(real('hashlib'), real('fontTools.agl'))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split("\n")[:3] == ["False False Properties:", "e3b0c442 \u03b1 A", "True True"]
    assert (tmp_path / "s.png").read_bytes().startswith(b"\x89PNG")


def test_png_opens_with_requested_size() -> None:
    from io import BytesIO

    from PIL import Image

    for size, dpi in (((7.0, 5.0), 100.0), ((3.0, 2.0), 50.0)):
        fig = render.plot_figure([actplot.get("tanh")], x_range=(-2, 2), points=51,
                                 options=figure_options.FigureOptions(size=size, dpi=dpi))
        image = Image.open(BytesIO(export.figure_bytes(fig, "png", salt="s")))
        image.verify()
        assert image.size == (round(size[0] * dpi), round(size[1] * dpi))


def test_bytes_are_deterministic_and_salted() -> None:
    first = {fmt: export.figure_bytes(_figure(), fmt, salt="x") for fmt in figure_options.FORMATS}
    second = {fmt: export.figure_bytes(_figure(), fmt, salt="x") for fmt in figure_options.FORMATS}
    assert first == second
    other = export.figure_bytes(_figure(), "svg", salt="y")
    assert other != first["svg"]  # element ids follow the salt: no collisions when inlined together


def test_bytes_identical_across_processes(tmp_path: Path) -> None:
    code = (
        "import sys, actplot\nfrom actplot.views import export, figure_options, render\n"
        "fig = render.plot_figure([actplot.get(actplot.names()[0])], x_range=(-3, 3), points=101, orders=(0, 1),"
        " options=figure_options.FigureOptions())\n"
        "sys.stdout.buffer.write(b''.join(export.figure_bytes(fig, f, salt='p') for f in figure_options.FORMATS))\n"
    )
    outs = [subprocess.run([sys.executable, "-c", code], capture_output=True, check=True).stdout for _ in range(2)]
    assert outs[0] == outs[1] and len(outs[0]) > 1000


def test_rcparams_are_not_changed() -> None:
    before = dict(matplotlib.rcParams)
    fig = _figure()
    export.figure_bytes(fig, "svg", salt="z")
    render.plot_figure([actplot.get("tanh")], x_range=(-1, 1), points=11, options=figure_options.FigureOptions(theme="dark"))
    after = dict(matplotlib.rcParams)
    assert {k for k in before if before[k] != after[k]} == set()


def test_render_never_imports_pyplot() -> None:
    code = (
        "import sys, actplot\nfrom actplot.views import export, figure_options, render\n"
        "fig = render.plot_figure([actplot.get('tanh')], x_range=(-1, 1), points=11, options=figure_options.FigureOptions())\n"
        "export.figure_bytes(fig, 'png', salt='x')\n"
        "assert 'matplotlib.pyplot' not in sys.modules, 'pyplot imported'\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, env={**os.environ, "MPLBACKEND": "TkAgg"})


def test_reused_figure_gives_identical_bytes() -> None:
    acts = actplot.names()[:3]
    fresh = [export.figure_bytes(render.plot_figure([actplot.get(n)], x_range=(-3, 3), points=101, orders=(0, 1),
                                                    options=OPTS), "png", salt=n) for n in acts]
    fig = None
    reused = []
    for n in acts:
        fig = render.plot_figure([actplot.get(n)], x_range=(-3, 3), points=101, orders=(0, 1), options=OPTS, figure=fig)
        reused.append(export.figure_bytes(fig, "png", salt=n))
    assert fresh == reused


# --- atomic files ------------------------------------------------------------------------------------------


def _temp_files(directory: Path) -> list[str]:
    return [p.name for p in directory.iterdir() if _files.is_temp_file(p.name)]


def test_save_figure_writes_atomically(tmp_path: Path) -> None:
    target = tmp_path / "plot.svg"
    fig = _figure()
    export.save_figure(fig, target, "svg", salt="a")
    assert target.read_bytes() == export.figure_bytes(fig, "svg", salt="a")
    assert _temp_files(tmp_path) == []


@pytest.mark.parametrize("fmt", figure_options.FORMATS)
def test_failing_render_keeps_the_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fmt: str) -> None:
    target = tmp_path / f"plot.{fmt}"
    target.write_bytes(b"old content")
    from matplotlib.figure import Figure

    def boom(self, *args, **kwargs):
        raise ValueError("renderer exploded")

    monkeypatch.setattr(Figure, "savefig", boom)
    with pytest.raises(ValueError):
        export.save_figure(_figure(), target, fmt, salt="a")
    assert target.read_bytes() == b"old content"
    assert _temp_files(tmp_path) == []


def test_bad_mathtext_in_a_figure_keeps_the_old_file(tmp_path: Path) -> None:
    target = tmp_path / "plot.pdf"
    target.write_bytes(b"old content")
    fig = render.plot_figure([actplot.get("tanh")], x_range=(-1, 1), points=11, options=OPTS)
    fig.axes[0].set_title(r"$\foo$")  # bypasses validate_options: fails inside savefig
    with pytest.raises(ValueError):
        export.save_figure(fig, target, "pdf", salt="a")
    assert target.read_bytes() == b"old content"
    assert _temp_files(tmp_path) == []


@pytest.mark.parametrize("where", ["write", "fsync", "replace"])
def test_keyboard_interrupt_during_write(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, where: str) -> None:
    target = tmp_path / "plot.png"
    target.write_bytes(b"old content")
    real = getattr(os, where)

    def interrupted(*args, **kwargs):
        if where == "replace":
            raise KeyboardInterrupt
        real(*args, **kwargs)
        raise KeyboardInterrupt

    monkeypatch.setattr(_files.os, where, interrupted)
    with pytest.raises(KeyboardInterrupt):
        _files.write_atomic(target, b"new content" * 1000)
    monkeypatch.undo()
    assert target.read_bytes() == b"old content"
    assert _temp_files(tmp_path) == []


def test_write_atomic_errors_and_modes(tmp_path: Path) -> None:
    with pytest.raises(OutputError, match="cannot write") as info:
        _files.write_atomic(tmp_path / "missing" / "x.png", b"data")
    assert info.value.exit_code == 1
    with pytest.raises(OutputError, match="directory"):
        _files.write_atomic(tmp_path, b"data")
    new = tmp_path / "new.bin"
    _files.write_atomic(new, b"abc")
    assert new.read_bytes() == b"abc"
    mask = os.umask(0)
    os.umask(mask)
    assert new.stat().st_mode & 0o777 == 0o666 & ~mask
    new.chmod(0o640)
    _files.write_atomic(new, b"xyz")
    assert new.stat().st_mode & 0o777 == 0o640 and new.read_bytes() == b"xyz"


def test_sweep_removes_only_the_exact_pattern(tmp_path: Path) -> None:
    keep = [".relu.png.tmp-xyz", "relu.png.tmp-0123abcd", ".relu.png", "relu.png", ".relu.png.tmp-0123abcdef"]
    drop = [".relu.png.tmp-0123abcd", ".index.html.tmp-deadbeef"]
    for name in keep + drop:
        (tmp_path / name).write_bytes(b"x")
    removed = _files.sweep_temp_files(tmp_path, ["relu.png"])
    assert [p.name for p in removed] == [".relu.png.tmp-0123abcd"]
    removed = _files.sweep_temp_files(tmp_path)
    assert [p.name for p in removed] == [".index.html.tmp-deadbeef"]
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(keep)


def test_save_to_stdout(capfdbinary: pytest.CaptureFixture[bytes]) -> None:
    fig = render.plot_figure([actplot.get("tanh")], x_range=(-1, 1), points=11, options=OPTS)
    export.save_figure(fig, "-", "svg", salt="o")
    out = capfdbinary.readouterr().out
    assert out == export.figure_bytes(fig, "svg", salt="o")


def test_broken_registry_formula_falls_back_to_text() -> None:
    import dataclasses

    from actplot import registry

    spec = registry.lookup(actplot.names()[0])
    broken = dataclasses.replace(spec, formula=r"\notacommand{x}", formula_text="plain(x)")
    with registry.registered(broken, replace=True):
        act = actplot.get(spec.name)
    fig = render.plot_figure([act], x_range=(-1, 1), points=11, options=OPTS)
    assert "plain(x)" in fig.axes[0].get_title() and "$" not in fig.axes[0].get_title()
    assert export.figure_bytes(fig, "svg", salt="f")
    other = actplot.get(actplot.names()[1])
    fig = render.plot_figure([act, other], x_range=(-1, 1), points=11, options=OPTS)
    texts = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    assert texts[0] == act.label and "$" in texts[1]
    fallback = figure_options.FigureOptions(title=r"$\notacommand$", title_fallback="plain title")
    fig = render.plot_figure([act, other], x_range=(-1, 1), points=11, options=fallback)
    assert fig._suptitle.get_text() == "plain title"


@pytest.mark.parametrize(
    "acts, size, title",
    [
        (["softplus"], (5.0, 4.0), "A very long title that goes on and on and does not fit on the figure at all, really"),
        (["hard_sigmoid"], (3.0, 2.5), None),  # the registry's mathtext title, on a small figure
        (["gelu", "gelu:approximate=tanh"], (4.0, 4.0), r"Exact and tanh GELU compared side by side, $\alpha$ and more"),
        (["softplus"], (2.0, 2.0), "Averyveryverylongtitlewithoutanyspacesatallthatcannotbebrokenanywhere"),
    ],
)
def test_titles_stay_inside_the_figure(acts, size, title) -> None:
    fig = render.plot_figure([actplot.get(a) for a in acts], x_range=(-5, 5), points=101, orders=(0, 1),
                             options=figure_options.FigureOptions(size=size, title=title))
    renderer = fig.canvas.get_renderer()
    titles = [t for ax in fig.axes for t in (ax.title,) if t.get_text()] + [t for t in fig.texts if t.get_text()]
    if fig._suptitle is not None:  # the suptitle artist (private in matplotlib)
        titles.append(fig._suptitle)
    assert titles
    for t in titles:
        box = t.get_window_extent(renderer)
        inside = box.x0 >= -0.5 and box.x1 <= fig.bbox.width + 0.5
        # only an unbreakable title at the smallest font may still overflow
        assert inside or t.get_fontsize() == render.MIN_FIT_POINTS, (t.get_text(), box, fig.bbox.width)
        assert t.get_fontsize() >= render.MIN_FIT_POINTS


def test_many_functions_keep_legends_and_gap_labels_off_the_curves() -> None:
    names = ["sigmoid", "tanh", "softsign", "arctan"]
    fig = render.plot_figure([actplot.get(n) for n in names], x_range=(-6, 6), points=201, orders=(0, 1), diff=True,
                             options=figure_options.FigureOptions())
    renderer = fig.canvas.get_renderer()
    assert [ax.get_legend() is not None for ax in fig.axes] == [True, False, True, True]  # f key, Δ labels
    for ax in (fig.axes[0], fig.axes[-1]):
        legend = ax.get_legend()
        assert legend.get_window_extent(renderer).x0 >= ax.get_window_extent(renderer).x1  # beside the axes
    diff_labels = [t.get_text() for t in fig.axes[-1].get_legend().get_texts()]
    assert all("max |Δ| = " in label for label in diff_labels) and len(diff_labels) == 3
    assert not [c for c in fig.axes[-1].get_children() if type(c).__name__ == "Annotation"]


def test_svg_clip_ids_do_not_depend_on_the_last_bits_of_the_layout() -> None:
    """The layout may place a clip rectangle one ULP apart between runs: the SVG id stays the same;
    two rectangles that differ only beyond the written decimals still get two ids."""
    from matplotlib.backends.backend_svg import RendererSVG

    def ids(*rects: tuple[float, ...]) -> list[str]:
        renderer = RendererSVG(100, 100, io.StringIO())
        with matplotlib.rc_context({"svg.hashsalt": "test"}), export._stable_clip_ids():
            return [renderer._make_id("p", rect) for rect in rects]

    a = (11.3175, 194.5895305531727, 485.341875, 32.24685143689024)
    b = (11.3175, 194.58953055317275, 485.341875, 32.24685143689018)
    assert ids(a) == ids(b)
    first, second = ids(a, b)
    assert first != second and first == ids(a)[0]
    assert ids((1.0, 2.0, 3.0, 4.0)) != ids((1.0, 2.0, 3.0, 4.5))
