"""Files written by ``actplot … -o FILE``: format, pixel size, parseable content, curve position."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import numpy as np
import pytest

import actplot
from actplot.views import figure_options, render
from tests.helpers import need, run


@pytest.fixture()
def workdir(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    return tmp_path


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")


def test_png_has_the_requested_pixel_size(workdir):
    result = run(["sigmoid", "-d", "-o", "s.png", "--size", "4x3", "--dpi", "50"])
    assert result.exit_code == 0, result.stderr
    assert png_size((workdir / "s.png").read_bytes()) == (200, 150)
    assert "wrote s.png (PNG," in result.stderr
    assert result.stdout == ""


def test_default_png_is_7x5_inches_at_100_dpi(workdir):
    assert run(["sigmoid", "-o", "s.png"]).exit_code == 0
    assert png_size((workdir / "s.png").read_bytes()) == (700, 500)


def test_svg_parses_and_has_no_date(workdir):
    assert run(["compare", "sigmoid", "tanh", "-d", "--diff", "-o", "c.svg", "--title", "Two $\\sigma$"]).exit_code == 0
    data = (workdir / "c.svg").read_bytes()
    root = ET.fromstring(data)
    assert root.tag.endswith("svg")
    assert b"<dc:date>" not in data


def test_pdf_is_complete(workdir):
    assert run(["sigmoid", "-dd", "-o", "s.pdf", "--theme", "dark"]).exit_code == 0
    data = (workdir / "s.pdf").read_bytes()
    assert data.startswith(b"%PDF") and data.rstrip().endswith(b"%%EOF")
    assert b"CreationDate" not in data


@pytest.mark.parametrize("theme", ["light", "dark", "grayscale"])
@pytest.mark.parametrize("layout", ["overlay", "grid"])
def test_every_theme_and_layout(workdir, theme, layout):
    args = ["compare", "sigmoid", "tanh", "-d", "--theme", theme, "--layout", layout, "-o", "x.png", "--dpi", "40"]
    result = run(args)
    assert result.exit_code == 0, result.stderr


def test_figure_options_reach_the_renderer(workdir, monkeypatch):
    seen = {}
    real = render.plot_figure

    def spy(acts, **kwargs):
        seen.update(kwargs, acts=acts)
        return real(acts, **kwargs)

    monkeypatch.setattr(render, "plot_figure", spy)
    args = ["compare", "sigmoid", "tanh@jax", "-dd", "--diff", "--range", "-2", "3", "--points", "99", "--ylim", "-1", "2",
            "--title", "T", "--theme", "dark", "--size", "6x4", "--dpi", "80", "--centered-axes", "--no-grid",
            "--layout", "grid", "-o", "x.svg"]
    assert run(args).exit_code == 0
    options = seen["options"]
    assert [a.label for a in seen["acts"]] == ["sigmoid", "tanh@jax"]
    assert seen["x_range"] == (-2.0, 3.0) and seen["points"] == 99 and seen["orders"] == (0, 1, 2) and seen["diff"] is True
    assert (options.theme, options.size, options.dpi, options.title, options.ylim) == ("dark", (6.0, 4.0), 80.0, "T", (-1.0, 2.0))
    assert options.centered_axes is True and options.grid is False and options.layout == "grid"


def test_curve_is_where_the_function_says(workdir):
    """Pixels of the written PNG under sigmoid's curve differ from the background; pixels far from
    it do not (the axes transform comes from the same figure rebuilt in-process)."""
    from PIL import Image

    args = ["sigmoid", "--range", "-6", "6", "--ylim", "-0.2", "1.2", "--no-grid", "-o", "s.png"]
    assert run(args).exit_code == 0
    image = np.asarray(Image.open(workdir / "s.png").convert("RGB")).astype(int)
    act = actplot.get("sigmoid")
    options = figure_options.FigureOptions(ylim=(-0.2, 1.2), grid=False)
    fig = render.plot_figure([act], x_range=(-6.0, 6.0), points=801, orders=(0,), options=options)
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    FigureCanvasAgg(fig).draw()
    ax = fig.axes[0]
    height = image.shape[0]
    background = image[2, 2]
    on_curve = off_curve = 0
    for x in np.linspace(-5, 5, 21):
        px, py = ax.transData.transform((x, float(act(x))))
        row, col = int(round(height - py)), int(round(px))
        patch = image[row - 2 : row + 3, col - 2 : col + 3]
        on_curve += bool(np.any(np.abs(patch - background).sum(axis=2) > 60))
        # 0.35 above or below the curve (whichever stays inside the axes) must be empty
        y_off = float(act(x)) + (0.35 if act(x) < 0.5 else -0.35)
        qx, qy = ax.transData.transform((x, y_off))
        far = image[int(round(height - qy)) - 1 : int(round(height - qy)) + 2, int(round(qx)) - 1 : int(round(qx)) + 2]
        off_curve += bool(np.any(np.abs(far - background).sum(axis=2) > 60))
    assert on_curve == 21
    assert off_curve <= 2  # the x=0 axis line may cross a probe


def test_same_command_same_bytes_across_processes(workdir):
    import subprocess
    import sys

    cmd = [sys.executable, "-m", "actplot", "compare", "sigmoid", "tanh", "-d", "-o"]
    for name in ("a.svg", "b.svg", "a.pdf", "b.pdf"):  # (PNG: in-process, test_case_37)
        subprocess.run([*cmd, name], check=True, capture_output=True, cwd=workdir)
    for ext in ("svg", "pdf"):
        assert (workdir / f"a.{ext}").read_bytes() == (workdir / f"b.{ext}").read_bytes()


def test_jump_function_file(workdir):
    need("threshold")
    assert run(["threshold", "-d", "--range", "-1", "3", "-o", "t.svg"]).exit_code == 0


def test_leaky_example_from_the_issue(workdir):
    need("leaky_relu")
    spec = "leaky_relu:negative_slope=0.1"
    result = run([spec, "-d", "-o", "leaky.svg"])
    assert result.exit_code == 0, result.stderr
    ET.fromstring((workdir / "leaky.svg").read_bytes())
