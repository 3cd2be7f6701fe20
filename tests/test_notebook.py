"""The notebook API: actplot.plot / actplot.compare draw what the CLI writes, pyplot untouched."""

from __future__ import annotations

import subprocess
import sys
from io import BytesIO
from pathlib import Path

import pytest
from matplotlib.figure import Figure
from typer.testing import CliRunner

import actplot
from actplot.cli import app
from actplot.views import export


def cli_bytes(tmp_path: Path, args: list[str], name: str) -> bytes:
    target = tmp_path / name
    result = CliRunner().invoke(app, [*args, "-o", str(target)], env={"COLUMNS": "80", "NO_COLOR": "1"})
    assert result.exit_code == 0, result.stderr
    return target.read_bytes()


@pytest.mark.parametrize(
    "args, call",
    [
        (["relu6", "-d"], lambda: actplot.plot("relu6", derivative=1)),
        (["compare", "gelu", "gelu:approximate=tanh", "--diff"],
         lambda: actplot.compare("gelu", "gelu:approximate=tanh", diff=True)),
        (["compare", "relu", "elu", "selu", "--layout", "grid", "-d", "--no-sharey", "--theme", "dark"],
         lambda: actplot.compare("relu", "elu", "selu", layout="grid", derivative=1, sharey=False, theme="dark")),
        (["tanh", "--font-size", "12", "--line-width", "2.5", "--centered-axes"],
         lambda: actplot.plot("tanh", font_size=12, line_width=2.5, centered_axes=True)),
    ],
)
def test_the_api_draws_the_bytes_the_cli_writes(tmp_path: Path, args: list[str], call) -> None:
    fig = call()
    assert isinstance(fig, Figure)
    acts = [a for a in args if not a.startswith("-") and a not in ("compare", "grid", "dark", "12", "2.5")]
    salt = "actplot:" + "|".join(actplot.get(a).label for a in acts)
    assert export.figure_bytes(fig, "svg", salt=salt) == cli_bytes(tmp_path, args, "x.svg")


def test_ax_draws_into_the_users_axes() -> None:
    fig = Figure()
    left, right = fig.subplots(1, 2)
    assert actplot.plot("tanh", derivative=1, ax=left) is fig
    assert actplot.compare("relu", "elu", ax=right) is fig
    assert len(fig.axes) == 2
    assert {ln.get_label() for ln in left.get_lines()} >= {"f(x)", "f\u2032(x)"}
    assert right.get_legend() is not None
    with pytest.raises(actplot.ActplotError, match="one panel"):
        actplot.compare("relu", "elu", diff=True, ax=right)


@pytest.mark.parametrize(
    ("call", "curves"),
    [
        (lambda ax: actplot.plot("binary_step", ax=ax), ["f(x)"]),
        (lambda ax: actplot.compare("relu", "elu", "heaviside", derivative=(1,), ax=ax), ["relu", "elu", "binary_step"]),
    ],
)
def test_jump_key_stays_in_a_legend_moved_above_the_users_axes(call, curves: list[str]) -> None:
    """In a small user axes the legend moves above the plot; the ●/○ jump-key entries move with it
    (they were dropped, with matplotlib's "Mismatched number of handles and labels" warning)."""
    fig = Figure(figsize=(4, 3))
    ax = fig.subplots()
    call(ax)
    fig.savefig(BytesIO(), format="png")
    texts = [t.get_text() for t in ax.get_legend().get_texts()]
    assert [t.split(":")[0] for t in texts[: len(curves)]] == curves
    assert texts[len(curves):] == ["value taken at a jump", "value not taken"]


def test_options_are_checked_like_the_cli() -> None:
    with pytest.raises(actplot.ActplotError, match="derivative"):
        actplot.plot("relu", derivative=3)
    with pytest.raises(actplot.ActplotError, match="at least 2"):
        actplot.compare("relu")
    with pytest.raises(actplot.ActplotError, match="theme"):
        actplot.plot("relu", theme="neon")
    with pytest.raises(actplot.UnknownActivationError):
        actplot.plot("relux")


def test_pyplot_state_is_untouched() -> None:
    code = (
        "import sys, actplot\n"
        "fig = actplot.compare('relu', 'elu', diff=True)\n"
        "actplot.get('sigmoid')._repr_png_()\n"
        "assert 'matplotlib.pyplot' not in sys.modules, 'pyplot imported'\n"
        "import matplotlib.pyplot as plt\n"
        "actplot.plot('tanh')\n"
        "assert plt.get_fignums() == [], plt.get_fignums()\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, env={"MPLBACKEND": "Agg"})


def test_activation_shows_its_plot_and_a_readable_text() -> None:
    act = actplot.get("leaky_relu@keras2")
    png = act._repr_png_()
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    assert repr(act) == "actplot.get('leaky_relu', negative_slope=0.3, flavor='keras2')"

    class Printer:
        def __init__(self) -> None:
            self.out = ""

        def text(self, s: str) -> None:
            self.out += s

    printer = Printer()
    act._repr_pretty_(printer, False)
    assert printer.out.splitlines()[0] == "leaky_relu@keras2  (Leaky ReLU; rectifier)"
    assert "a = 0.3" in printer.out and "kink at x = 0" in printer.out


def test_readme_notebook_example_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import re

    monkeypatch.chdir(tmp_path)
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## Figures for papers") :]
    code = re.search(r"```python\n(.*?)```", section, re.S).group(1)
    namespace: dict[str, object] = {}
    exec(compile(code, "README.md", "exec"), namespace)
    assert (tmp_path / "gelu.pdf").stat().st_size > 0
    own = namespace["own"]
    assert isinstance(own, Figure) and len(own.axes) == 2 and own.axes[1].get_legend() is not None
    readme_image = Path(__file__).resolve().parents[1] / "docs" / "images" / "gelu-exact-vs-tanh.png"
    assert readme_image.is_file()


@pytest.mark.parametrize(
    "fmt, args, call",
    [
        ("pdf", ["sigmoid", "-d"], lambda: actplot.plot("sigmoid", derivative=1)),
        ("svg", ["sigmoid", "--svg-text"], lambda: actplot.plot("sigmoid", svg_text=True)),
        ("png", ["compare", "relu", "elu", "--transparent"], lambda: actplot.compare("relu", "elu", transparent=True)),
        ("svg", ["compare", "gelu", "gelu:approximate=tanh", "--svg-text"],
         lambda: actplot.compare("gelu", "gelu:approximate=tanh", svg_text=True)),
    ],
)
def test_a_plain_savefig_writes_the_file_the_cli_writes(tmp_path: Path, fmt: str, args: list[str], call) -> None:
    """'drawn exactly as the command line draws its file': fig.savefig applies the publication
    settings (Type 42 PDF fonts, SVG <text>, salted ids, no dates, transparency) by itself."""
    import matplotlib

    before = dict(matplotlib.rcParams)
    saved = BytesIO()
    fig = call()
    fig.savefig(saved, format=fmt)
    assert saved.getvalue() == cli_bytes(tmp_path, args, f"x.{fmt}")
    assert dict(matplotlib.rcParams) == before, "a save changed the global rcParams"
    assert fig.canvas.__class__.__name__ == "ExportCanvas", "the save left another canvas on the figure"


def test_notebook_pdf_has_no_type3_fonts_and_svg_text_has_text(tmp_path: Path) -> None:
    from tests.test_render import _pdf_font_subtypes

    actplot.plot("sigmoid", derivative=1, title=r"$\sigma(x)$").savefig(tmp_path / "x.pdf")
    subtypes = _pdf_font_subtypes((tmp_path / "x.pdf").read_bytes())
    assert subtypes and b"Type3" not in subtypes, subtypes
    actplot.plot("sigmoid", svg_text=True).savefig(tmp_path / "x.svg")
    assert (tmp_path / "x.svg").read_text(encoding="utf-8").count("<text") >= 10
    actplot.plot("sigmoid").savefig(tmp_path / "paths.svg")
    assert "<text" not in (tmp_path / "paths.svg").read_text(encoding="utf-8")
    fig = actplot.plot("sigmoid")
    fig.savefig(tmp_path / "x.svg", metadata={"Creator": "me"})  # the user's own options still apply
    assert "me" in (tmp_path / "x.svg").read_text(encoding="utf-8")
