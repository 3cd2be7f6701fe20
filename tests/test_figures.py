"""Figure defects of the publication-figures issue, each pinned on the Figure's artists and data
(legend boxes against the drawn vertices and callouts, colours, dashes, markers, tick labels),
never on pixels. Figures are drawn through :func:`actplot.views.render.plot_figure`, the CLI's path."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from io import BytesIO

import numpy as np
import pytest
from matplotlib.colors import to_rgba
from matplotlib.lines import Line2D
from matplotlib.text import Annotation

import actplot
from actplot.gallery import draw as gallery_draw
from actplot.gallery import plan as gallery_plan
from actplot.views import coverage, export, figure_options, markers, render, styles, titles


def draw(specs, **kwargs) -> object:
    options = kwargs.pop("options", figure_options.FigureOptions())
    x_range = kwargs.pop("x_range", (-6.0, 6.0))
    return render.plot_figure([actplot.get(s) for s in specs], x_range=x_range, points=kwargs.pop("points", 401),
                              options=options, **kwargs)


def data_lines(ax) -> list[Line2D]:
    """Curves and markers (not the thin grey zero lines at z ≤ 1)."""
    return [ln for ln in ax.get_lines() if ln.get_zorder() > 1.0]


def covered_vertices(ax, box) -> int:
    n = 0
    for line in data_lines(ax):
        xy = np.column_stack([np.asarray(line.get_xdata(), float), np.asarray(line.get_ydata(), float)])
        xy = xy[np.all(np.isfinite(xy), axis=1)]
        if xy.size:
            p = ax.transData.transform(xy)
            n += int(np.sum((p[:, 0] > box.x0) & (p[:, 0] < box.x1) & (p[:, 1] > box.y0) & (p[:, 1] < box.y1)))
    return n


def assert_legends_hide_nothing(fig) -> None:
    renderer = fig.canvas.get_renderer()
    for ax in fig.axes:
        legend = ax.get_legend()
        if legend is None:
            continue
        box = legend.get_window_extent(renderer)
        assert covered_vertices(ax, box) == 0, f"the legend of {ax.get_ylabel()!r} covers data"
        for child in ax.get_children():
            if isinstance(child, Annotation) and child.get_text().startswith("max"):
                assert not box.overlaps(child.get_window_extent(renderer)), "the legend covers the callout"
        for inset in ax.child_axes:
            assert not box.overlaps(inset.get_tightbbox(renderer)), "the legend covers the inset or its labels"


LEGEND_CASES = [
    (["gelu", "gelu:approximate=tanh"], {"diff": True}, figure_options.FigureOptions()),
    (["hard_sigmoid@keras2", "hard_sigmoid@torch"], {"diff": True}, figure_options.FigureOptions()),
    (["hard_sigmoid@keras2", "hard_sigmoid@torch"], {"diff": True, "orders": (0, 1)}, figure_options.FigureOptions()),
    (["sigmoid", "tanh", "softsign"], {"diff": True, "orders": (0, 1)}, figure_options.FigureOptions(theme="dark")),
    (["relu"], {"orders": (0, 1, 2)}, figure_options.FigureOptions()),
    (["gelu", "gelu:approximate=tanh"], {}, figure_options.FigureOptions()),
]


@pytest.mark.parametrize("specs, kwargs, options", LEGEND_CASES)
def test_no_legend_hides_data_or_a_callout(specs, kwargs, options) -> None:
    assert_legends_hide_nothing(draw(specs, options=options, **kwargs))


@pytest.mark.parametrize("name", ["hard_tanh", "gelu", "hard_sigmoid", "leaky_relu"])
def test_gallery_legends_hide_nothing(name: str) -> None:
    fig = gallery_draw.draw_item(gallery_plan.function_item(name), gallery_plan.Settings(out_dir="unused"))
    assert_legends_hide_nothing(fig)


def test_diff_with_derivatives_draws_the_delta_f_prime_panel_in_files() -> None:
    fig = draw(["hard_sigmoid@keras2", "hard_sigmoid@torch"], diff=True, orders=(0, 1))
    labels = [ax.get_ylabel() for ax in fig.axes]
    assert labels == ["f(x)", "f\u2032(x)", "\u0394f(x)", "\u0394f\u2032(x)"]
    keras2, torch = actplot.get("hard_sigmoid@keras2"), actplot.get("hard_sigmoid@torch")
    (line, *_) = [ln for ln in data_lines(fig.axes[3]) if len(ln.get_xdata()) > 10]
    x = np.asarray(line.get_xdata(), float)
    y = np.asarray(line.get_ydata(), float)
    ok = np.isfinite(y) & ~np.isin(x, [-3.0, -2.5, 2.5, 3.0])
    np.testing.assert_allclose(y[ok], torch.derivative(x[ok]) - keras2.derivative(x[ok]), atol=1e-12)


@pytest.mark.parametrize("specs, order", [(["relu", "binary_step"], 0), (["hard_sigmoid@keras2", "hard_sigmoid@torch"], 1)])
def test_difference_panels_break_at_jumps_and_mark_both_limits(specs, order) -> None:
    fig = draw(specs, diff=True, orders=tuple(range(order + 1)), x_range=(-4.0, 4.0))
    ax = fig.axes[-1]
    curves = [ln for ln in data_lines(ax) if ln.get_linestyle() != "None"]
    for line in curves:
        x = np.asarray(line.get_xdata(), float)
        y = np.asarray(line.get_ydata(), float)
        ok = np.isfinite(x[:-1]) & np.isfinite(x[1:]) & np.isfinite(y[:-1]) & np.isfinite(y[1:])
        vertical = ok & (x[:-1] == x[1:]) & (y[:-1] != y[1:])
        assert not vertical.any(), "a jump drawn as a vertical segment"
    rings = [ln for ln in data_lines(ax) if ln.get_linestyle() == "None" and ln.get_marker() == "o"]
    faces = {to_rgba(ln.get_markerfacecolor()) == to_rgba(ln.get_markeredgecolor()) for ln in rings}
    assert faces == {True, False}, "both a filled (attained) and an open (other limit) marker"


def point_markers(ax) -> list[tuple[float, float, float, float, float, str, bool]]:
    """(x px, y px, outer radius pt, ring inner radius pt, zorder, marker, clipped) of every drawn
    circle or diamond marker of ``ax`` (the radii are what a reader sees, outline included)."""
    found = []
    for ln in data_lines(ax):
        if ln.get_linestyle() != "None" or ln.get_marker() not in ("o", "D"):
            continue
        size, edge = ln.get_markersize(), ln.get_markeredgewidth()
        # 'o' of size s is a circle of diameter s; 'D' is a square of side s (corners at s/√2)
        outer = (size / 2 if ln.get_marker() == "o" else size / np.sqrt(2)) + edge / 2
        inner = size / 2 - edge / 2
        for x, y in ax.transData.transform(np.column_stack([ln.get_xdata(), ln.get_ydata()])):
            found.append((x, y, outer, inner, ln.get_zorder(), ln.get_marker(), ln.get_clip_on()))
    return found


def assert_no_marker_hidden(fig) -> None:
    """Markers that overlap: the one on top is nested inside the lower one's ring, with a gap that
    shows whether the lower one is filled or open; markers that only touch leave most of the lower
    one visible. Markers are drawn unclipped (whole at the panel's edge)."""
    fig.canvas.draw()
    pt = fig.dpi / 72
    for ax in fig.axes:
        found = point_markers(ax)
        for i, a in enumerate(found):
            assert not a[6], "a marker clipped at the panel's edge"
            for b in found[i + 1:]:
                low, top = (a, b) if a[4] < b[4] else (b, a)
                distance = np.hypot(a[0] - b[0], a[1] - b[1]) / pt
                if distance >= low[2] + top[2]:
                    continue  # apart
                assert low[4] != top[4], "two overlapping markers on one layer"
                if distance < 0.5:
                    assert top[2] <= low[3] - 0.5, f"a marker covers the ring of the one under it ({top[2]:.2f} pt vs {low[3]:.2f} pt)"
                else:
                    assert distance + low[2] > top[2] + 1.0, "a marker hidden under another"


MARKER_CASES = [
    (["hard_tanh@torch", "hard_tanh@jax"], {"orders": (0, 1)}, figure_options.FigureOptions()),
    (["sigmoid", "tanh", "relu"], {"diff": True, "orders": (0, 1)}, figure_options.FigureOptions(theme="dark")),
    (["relu", "threshold"], {"diff": True, "orders": (0, 1)}, figure_options.FigureOptions()),
    (["binary_step"], {"orders": (0, 1, 2), "x_range": (-2.0, 2.0)}, figure_options.FigureOptions()),
    (["hard_tanh@torch", "hard_tanh@jax", "hard_tanh@keras3"], {"orders": (1,)}, figure_options.FigureOptions()),
]


@pytest.mark.parametrize("specs, kwargs, options", MARKER_CASES)
def test_markers_at_one_point_nest_and_none_is_covered(specs, kwargs, options) -> None:
    assert_no_marker_hidden(draw(specs, options=options, **kwargs))


def test_gallery_jump_markers_nest_and_none_is_covered() -> None:
    assert_no_marker_hidden(gallery_draw.draw_item(gallery_plan.function_item("hard_tanh"), gallery_plan.Settings(out_dir="unused")))


def test_a_lone_jump_marker_keeps_its_order_size() -> None:
    single = draw(["binary_step"], orders=(0,), x_range=(-2.0, 2.0))
    sizes = {ln.get_markersize() for ln in data_lines(single.axes[0]) if ln.get_marker() == "o"}
    assert sizes == {markers.marker_size(0, 0)}


def key_texts(fig) -> list[str]:
    return [t.get_text() for legend in fig.legends for t in legend.get_texts()]


@pytest.mark.parametrize("specs, kwargs", [(["hard_tanh@torch", "hard_tanh@jax"], {"orders": (0, 1)}),
                                           (["relu", "threshold"], {"diff": True}), (["binary_step"], {})])
def test_a_figure_with_jumps_explains_its_markers_once(specs, kwargs) -> None:
    fig = draw(specs, **kwargs)
    texts = key_texts(fig)
    assert [t for t in texts if t in markers.JUMP_KEY] == list(markers.JUMP_KEY)
    handles = {t.get_text(): h for legend in fig.legends for t, h in zip(legend.get_texts(), legend.legend_handles)}
    filled, hollow = (handles[label] for label in markers.JUMP_KEY)
    assert filled.get_marker() == hollow.get_marker() == "o"
    assert to_rgba(filled.get_markerfacecolor()) == to_rgba(filled.get_markeredgecolor())
    assert to_rgba(hollow.get_markerfacecolor()) == to_rgba(styles.theme("light").background)
    assert not any(t in markers.JUMP_KEY for ax in fig.axes if ax.get_legend() for t in
                   (x.get_text() for x in ax.get_legend().get_texts()))


def test_a_figure_without_jumps_has_no_jump_key() -> None:
    assert not set(key_texts(draw(["sigmoid", "tanh"], orders=(0, 1)))) & set(markers.JUMP_KEY)


def test_users_axes_get_the_jump_key_in_their_legend() -> None:
    from matplotlib.figure import Figure

    ax = Figure().subplots()
    actplot.plot("binary_step", ax=ax)
    assert [t.get_text() for t in ax.get_legend().get_texts()][-2:] == list(markers.JUMP_KEY)


def test_difference_legends_share_one_font_size() -> None:
    fig = draw(["sigmoid", "tanh", "relu"], diff=True, orders=(0, 1), options=figure_options.FigureOptions(theme="dark"))
    sizes = {t.get_fontsize() for ax in fig.axes if ax.get_legend() for t in ax.get_legend().get_texts()}
    assert len(sizes) == 1, sizes


def test_grid_sharey_and_no_empty_cell() -> None:
    specs = ["relu", "elu", "selu", "silu", "mish"]
    shared = draw(specs, options=figure_options.FigureOptions(layout="grid"))
    assert len(shared.axes) == 5 and all(ax.get_visible() for ax in shared.axes)
    assert len({ax.get_ylim() for ax in shared.axes}) == 1
    separate = draw(specs, options=figure_options.FigureOptions(layout="grid", sharey=False))
    assert len({ax.get_ylim() for ax in separate.axes}) > 1
    boxes = [ax.get_position() for ax in shared.axes]
    top, bottom = boxes[:3], boxes[3:]
    left_gap = bottom[0].x0 - top[0].x0
    right_gap = top[-1].x1 - bottom[-1].x1
    assert left_gap > 0.05 and abs(left_gap - right_gap) < 0.02, "the short last row is centred"


def test_centered_axes_do_not_strike_the_zero_labels() -> None:
    fig = draw(["tanh"], options=figure_options.FigureOptions(centered_axes=True), x_range=(-3.0, 3.0))
    ax = fig.axes[0]
    for axis in (ax.xaxis, ax.yaxis):
        formatter = axis.get_major_formatter()
        formatter.set_locs(axis.get_majorticklocs())
        assert formatter(0.0) == "" and formatter(1.0) != ""
    assert [t.get_text() for t in ax.texts if t.get_text() == "0"] == ["0"], "one 0 beside the origin"


def test_small_differences_get_a_power_in_the_label_not_an_offset_text() -> None:
    fig = draw(["gelu", "gelu:approximate=tanh"], diff=True)
    fig.canvas.draw()
    diff_ax = fig.axes[-1]
    assert diff_ax.yaxis.get_offset_text().get_text() == ""
    assert diff_ax.get_ylabel().endswith("\u00d710\u207b\u2074")
    labels = [t.get_text() for t in diff_ax.get_yticklabels() if t.get_text()]
    assert labels and all(abs(float(s.replace("\u2212", "-"))) <= 10 for s in labels)


def test_mathtext_has_thin_spaces_and_full_size_fractions_for_every_function() -> None:
    unspaced = re.compile(r"[A-Za-z0-9)}]\s*\\(tanh|max|min|log|exp|sin|arctan)(?![A-Za-z])")
    for spec in actplot.SPECS:
        act = actplot.get(spec.name)
        if not act.formula:
            continue
        text = titles.math_spacing(act.formula)
        assert not unspaced.search(text.replace(r"\,\\", "")), (spec.name, text)
        assert r"\frac" not in text.replace(r"\dfrac", ""), spec.name
        figure_options.check_mathtext(f"${text}$", spec.name)
    assert titles.math_spacing(r"x \tanh(y)") == r"x\,\tanh(y)"
    assert titles.math_spacing(r"\lambda \max(0, x)") == r"\lambda\,\max(0, x)"
    assert titles.math_spacing(r"\min(\max(0, x), 6)") == r"\min(\max(0, x), 6)"
    assert titles.math_spacing(r"x_{\min}") == r"x_{\min}"


def test_family_sheets_are_small_multiples_on_their_own_scales() -> None:
    items = {it.stem: it for it in gallery_plan.plan()}
    for family in ("classic", "rectifier"):
        slug = gallery_plan.family_slug(family)
        for stem in (f"family-{slug}", f"family-{slug}-derivative"):
            item = items[stem]
            fig = gallery_draw.draw_item(item, gallery_plan.Settings(out_dir="unused"))
            assert len(fig.axes) == len(item.names)
            assert [ax.get_title(loc="left") for ax in fig.axes] == list(item.names)
            order = 1 if stem.endswith("derivative") else 0
            for ax, name in zip(fig.axes, item.names):
                act = actplot.get(name)
                x = np.linspace(*ax.get_xlim(), 301)
                y = np.asarray(act.derivative(x) if order else act(x), float)
                lo, hi = ax.get_ylim()
                y = y[np.isfinite(y)]
                assert lo <= y.min() and y.max() <= hi
                assert hi - lo <= 3 * (y.max() - y.min()) + 1.0, f"{name} squashed by another member's range"


def test_relu6_default_window_shows_its_cap() -> None:
    fig = gallery_draw.draw_item(gallery_plan.function_item("relu6"), gallery_plan.Settings(out_dir="unused"))
    assert fig.axes[0].get_xlim()[1] >= 6 + 0.2 * 12


def test_coinciding_flavours_get_a_difference_inset() -> None:
    fig = draw(["gelu", "gelu:approximate=tanh"])
    (inset,) = fig.axes[0].child_axes
    a, b = actplot.get("gelu"), actplot.get("gelu:approximate=tanh")
    (line,) = [ln for ln in inset.get_lines() if len(ln.get_xdata()) > 10]
    x, y = np.asarray(line.get_xdata(), float), np.asarray(line.get_ydata(), float)
    np.testing.assert_allclose(y, b(x) - a(x), atol=1e-15)
    assert not draw(["relu", "relu@keras3"]).axes[0].child_axes, "identical curves: nothing to magnify"
    assert not draw(["relu", "elu"]).axes[0].child_axes, "distinct curves need no inset"


def test_font_size_and_line_width_options() -> None:
    base = draw(["tanh"])
    big = draw(["tanh"], options=figure_options.FigureOptions(font_size=14.0, line_width=3.0))
    assert big.axes[0].title.get_fontsize() > base.axes[0].title.get_fontsize() * 1.4
    assert {ln.get_linewidth() for ln in data_lines(big.axes[0]) if ln.get_linestyle() != "None"} == {3.0}
    with pytest.raises(actplot.ActplotError, match="--font-size"):
        figure_options.validate_options(figure_options.FigureOptions(font_size=0.5))


def test_transparent_png_has_no_background() -> None:
    from PIL import Image

    fig = draw(["tanh"], options=figure_options.FigureOptions(transparent=True))
    image = Image.open(BytesIO(export.figure_bytes(fig, "png", salt="t"))).convert("RGBA")
    assert image.getpixel((1, 1))[3] == 0
    opaque = Image.open(BytesIO(export.figure_bytes(draw(["tanh"]), "png", salt="t"))).convert("RGBA")
    assert opaque.getpixel((1, 1))[3] == 255


def test_svg_text_option_writes_text_elements() -> None:
    def texts(svg: bytes) -> list[str]:
        root = ET.fromstring(svg)
        return ["".join(el.itertext()) for el in root.iter() if el.tag.endswith("}text")]

    with_text = export.figure_bytes(draw(["tanh"], options=figure_options.FigureOptions(svg_text=True)), "svg", salt="s")
    assert {"\u22124", "x"} <= set(texts(with_text)), "tick labels and the axis label as text"
    assert texts(export.figure_bytes(draw(["tanh"]), "svg", salt="s")) == []


def test_pdf_font_subsets_leave_matplotlib_as_they_found_it() -> None:
    from matplotlib.backends import _backend_pdf_ps

    before = _backend_pdf_ps.subset
    pdf = export.figure_bytes(draw(["gelu"], options=figure_options.FigureOptions(title=r"$x\,\Phi(x)$")), "pdf", salt="p")
    assert _backend_pdf_ps.subset is before
    assert pdf == export.figure_bytes(draw(["gelu"], options=figure_options.FigureOptions(title=r"$x\,\Phi(x)$")), "pdf",
                                      salt="p")
    assert b"/FontFile2" in pdf and b"/Subtype /Type3" not in pdf


def test_svg_text_formulas_use_no_font_a_browser_lacks() -> None:
    """With --svg-text, a formula whose brackets or root sign come from the STIX size fonts (absent
    in browsers: the formula renders garbled) is written as outlines; plain text stays <text>."""
    svg = export.figure_bytes(draw(["gelu", "gelu:approximate=tanh"], options=figure_options.FigureOptions(svg_text=True)),
                              "svg", salt="s").decode()
    families = set(re.findall(r"font-family:\s*([^;\"]+)", svg))
    assert families and all(f.strip().startswith("'DejaVu Sans") for f in families), families
    texts = ["".join(el.itertext()) for el in ET.fromstring(svg).iter() if el.tag.endswith("}text")]
    assert "f(x)" in texts and "x" in texts
    assert not any("erf" in t or "tanh" in t for t in texts), "the formulas with big brackets stay outlines"


def layout_of(fig) -> list[tuple[str, tuple[float, ...]]]:
    """Every axes and legend, and where it sits in figure coordinates (after the layout)."""
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    w, h = fig.bbox.width, fig.bbox.height
    placed = []
    for ax in fig.axes:
        placed.append(("axes", tuple(ax.get_position().bounds)))
        legend = ax.get_legend()
        if legend is not None:
            box = legend.get_window_extent(renderer)
            placed.append(("legend " + str(legend._loc), (box.x0 / w, box.y0 / h, box.x1 / w, box.y1 / h)))
    return placed


@pytest.mark.parametrize("specs, kwargs", [(["gelu", "gelu:approximate=tanh"], {"diff": True}),
                                           (["sigmoid", "tanh", "relu"], {"diff": True, "orders": (0, 1)})])
def test_the_layout_is_the_same_at_every_dpi(specs, kwargs) -> None:
    """A preview at 100 dpi and an export at 300 dpi are one picture: the same elements at the same
    places in figure coordinates (text metrics may differ by a fraction of a pixel)."""
    low = layout_of(draw(specs, options=figure_options.FigureOptions(dpi=100), **kwargs))
    high = layout_of(draw(specs, options=figure_options.FigureOptions(dpi=250), **kwargs))
    assert [name for name, _ in low] == [name for name, _ in high]
    for (name, a), (_, b) in zip(low, high):
        assert np.allclose(a, b, atol=0.004), (name, a, b)
    high_fig = draw(specs, options=figure_options.FigureOptions(dpi=300), **kwargs)
    assert high_fig.dpi == 300


@pytest.mark.parametrize("font", [None, 7.0, 14.0])
def test_inset_text_is_readable_in_print(font) -> None:
    fig = draw(["gelu", "gelu:approximate=tanh"], options=figure_options.FigureOptions(font_size=font))
    (inset,) = fig.axes[0].child_axes
    sizes = [t.get_fontsize() for t in (inset.title, inset._left_title, *inset.get_xticklabels(), *inset.get_yticklabels())
             if t.get_text()]
    assert sizes and min(sizes) >= min(7.0, font or 9.5), sizes
    assert min(sizes) >= (font or 9.5) - 2.0


@pytest.mark.parametrize("specs, kwargs", [(["gelu", "gelu:approximate=tanh"], {}),
                                           (["gelu", "gelu:approximate=tanh"], {"diff": True}),
                                           (["leaky_relu:negative_slope=0.2@torch", "elu:alpha=0.5"], {"orders": (0, 1)})])
def test_legend_names_are_specs_the_cli_accepts(specs, kwargs) -> None:
    fig = draw(specs, **kwargs)
    legend = fig.axes[0].get_legend()
    names = [re.split(r":\s\s|:\n", t.get_text())[0] for t in legend.get_texts()]
    assert names == specs
    assert [actplot.get(n).spec_string for n in names] == specs
    for ax in fig.axes[1:]:
        if ax.get_legend() is not None:
            for text in ax.get_legend().get_texts():
                assert "(" not in text.get_text().split("  (")[0], text.get_text()


def title_texts(fig) -> list[str]:
    texts = [ax.get_title() for ax in fig.axes] + ([fig._suptitle.get_text()] if fig._suptitle else [])
    return [t for t in texts if "$" in t]


def test_one_title_rule_formula_titles_and_given_titles_alike() -> None:
    """The gallery's 'flavours differ' title (a given title) sets its fractions at full size, as
    the formula title of `actplot gelu -dd` does."""
    sheet = title_texts(gallery_draw.draw_item(gallery_plan.function_item("gelu"), gallery_plan.Settings(out_dir="unused")))
    own = title_texts(draw(["gelu"], orders=(0, 1, 2)))
    assert sheet and own
    formula = re.search(r"\$(.*?)\$", own[0]).group(1)
    assert r"\dfrac" in formula and formula in sheet[0]
    assert r"\frac" not in sheet[0].replace(r"\dfrac", "")
    given = draw(["relu"], options=figure_options.FigureOptions(title=r"cost \$5: $\frac{a}{b}$"))
    assert title_texts(given) == [r"cost \$5: $\dfrac{a}{b}$"]


def curve_crossings(ax, box) -> list[float]:
    """zorders of the data lines that pass through ``box`` (pixels)."""
    crossing = []
    for line in data_lines(ax):
        xy = np.column_stack([np.asarray(line.get_xdata(), float), np.asarray(line.get_ydata(), float)])
        xy = xy[np.all(np.isfinite(xy), axis=1)]
        if xy.size == 0:
            continue
        p = ax.transData.transform(xy)
        if coverage.segments_crossing(p, box) or np.any((p[:, 0] >= box.x0) & (p[:, 0] <= box.x1)
                                                        & (p[:, 1] >= box.y0) & (p[:, 1] <= box.y1)):
            crossing.append(line.get_zorder())
    return crossing


@pytest.mark.parametrize("specs, orders", [(["tanh"], (0, 1, 2)), (["sigmoid", "tanh", "softsign"], (0,))])
def test_centered_axes_no_curve_strikes_a_tick_label(specs, orders) -> None:
    """Every tick label a curve passes through sits on an opaque box in the background colour,
    drawn above that curve; the grid stays under the curves."""
    fig = draw(specs, orders=orders, options=figure_options.FigureOptions(centered_axes=True))
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    background = to_rgba(styles.theme("light").background)
    struck = 0
    for ax in fig.axes:
        labels = [t for t in (*ax.get_xticklabels(), *ax.get_yticklabels()) if t.get_text() and t.get_visible()]
        labels += [t for t in ax.texts if t.get_text() == "0"]
        assert labels
        for label in labels:
            text_box = label.get_window_extent(renderer)
            crossing = curve_crossings(ax, text_box)
            struck += bool(crossing)
            patch = label.get_bbox_patch()
            assert patch is not None and to_rgba(patch.get_facecolor()) == background, label.get_text()
            patch_box = patch.get_window_extent(renderer)
            assert patch_box.x0 <= text_box.x0 + 0.5 and patch_box.x1 >= text_box.x1 - 0.5
            layer = ax.xaxis.get_zorder() if label in ax.get_xticklabels() else (
                ax.yaxis.get_zorder() if label in ax.get_yticklabels() else label.get_zorder())
            assert all(layer > z for z in crossing), f"a curve drawn over the label {label.get_text()!r}"
        grid = [ln for ln in ax.get_lines() if ln.get_zorder() < 1.0]
        assert grid and not any(ln.get_visible() for ln in ax.xaxis.get_gridlines() + ax.yaxis.get_gridlines())
    assert struck, "the case has labels a curve passes through (else it tests nothing)"


def drawn_texts(fig) -> list[tuple[str, object]]:
    """(text, extent in pixels) of every text a reader sees: titles, axis and tick labels, legend
    entries and titles, callouts (their text, without the line to the point)."""
    from matplotlib.text import Text

    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    seen = []
    for ax in fig.axes:
        for axis in (ax.xaxis, ax.yaxis):
            for tick in axis._update_ticks():
                for label in (tick.label1, tick.label2):
                    if label.get_visible() and label.get_text():
                        seen.append(label)
    for text in fig.findobj(Text):
        if text in seen or not text.get_visible() or not text.get_text().strip():
            continue
        if any(text is t for ax in fig.axes for axis in (ax.xaxis, ax.yaxis)
               for tick in axis.get_major_ticks() + axis.get_minor_ticks() for t in (tick.label1, tick.label2)):
            continue  # tick labels of ticks outside the view are not drawn
        seen.append(text)
    return [(t.get_text(), Text.get_window_extent(t, renderer)) for t in seen]


@pytest.mark.parametrize("specs, kwargs, size", [
    (["hard_sigmoid@keras2", "hard_sigmoid@torch"], {"diff": True}, (3.4, 2.6)),
    (["gelu", "gelu:approximate=tanh"], {"diff": True, "orders": (0, 1)}, (3.4, 3.0)),
    (["gelu", "gelu:approximate=tanh"], {"diff": True}, (3.4, 2.6)),
    (["sigmoid", "tanh", "relu"], {"diff": True, "orders": (0, 1)}, (3.4, 3.0)),
])
def test_a_paper_column_figure_has_no_text_overlaps_and_nothing_outside(specs, kwargs, size) -> None:
    """At 3.4 in wide (one column of a two-column paper): every text inside the figure, no two
    texts on top of each other, and the plot keeps most of the width (no legend squeezing it)."""
    fig = draw(specs, options=figure_options.FigureOptions(size=size, dpi=300), **kwargs)
    texts = drawn_texts(fig)
    frame = fig.bbox
    for text, box in texts:
        assert box.x0 >= frame.x0 - 1 and box.x1 <= frame.x1 + 1 and box.y0 >= frame.y0 - 1 \
            and box.y1 <= frame.y1 + 1, f"{text!r} runs outside the figure"
    for i, (a, box_a) in enumerate(texts):
        for b, box_b in texts[i + 1:]:
            assert not box_a.overlaps(box_b), f"{a!r} overlaps {b!r}"
    for ax in fig.axes:
        if not ax.get_label().startswith("<") and ax.get_subplotspec() is not None:
            assert ax.get_position().width > 0.6, "the plot is squeezed"


def test_centered_axes_legend_covers_no_tick_label_or_axis_name() -> None:
    fig = draw(["relu", "threshold"], orders=(0, 1), options=figure_options.FigureOptions(centered_axes=True, size=(5.0, 3.5)))
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    for ax in fig.axes:
        legend = ax.get_legend()
        if legend is None:
            continue
        box = legend.get_window_extent(renderer)
        texts = [t for t in (*ax.get_xticklabels(), *ax.get_yticklabels(), *ax.texts) if t.get_visible() and t.get_text()]
        covered = [t.get_text() for t in texts if box.overlaps(t.get_window_extent(renderer))]
        assert not covered, covered
