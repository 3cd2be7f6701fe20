"""Themes and line styles of drawn figures: colours, greys, font and line sizes, the rc settings
that apply them (inside an ``rc_context``, never globally)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from actplot.errors import ActplotError

THEMES: tuple[str, ...] = ("light", "dark", "grayscale")


OKABE_ITO_AMBER: tuple[str, ...] = (
    "#0072B2",  # blue
    "#D55E00",  # vermillion
    "#009E73",  # bluish green
    "#CC79A7",  # reddish purple
    "#E69F00",  # orange
    "#56B4E9",  # sky blue
    "#000000",  # black
    "#F5C710",  # amber (Okabe–Ito yellow #F0E442 is too light on white)
)
"""Light theme: Okabe–Ito, ordered for contrast on white, amber instead of yellow."""

OKABE_ITO_DARK: tuple[str, ...] = (
    "#56B4E9",  # sky blue
    "#E69F00",  # orange
    "#2BC59A",  # bluish green, lifted for a dark background
    "#E08FC0",  # reddish purple, lifted
    "#F0E442",  # yellow (fine on dark)
    "#FF7F3F",  # vermillion, lifted
    "#E6E6E6",  # near white
    "#4FA3E0",  # blue, lifted
)
"""Dark theme: the Okabe–Ito hues, lightened where the originals are too dark on #1b1e23."""

GREYS: tuple[str, ...] = ("#000000", "#787878", "#4a4a4a", "#000000", "#787878", "#a0a0a0", "#a0a0a0", "#4a4a4a")
"""Grayscale theme: four grey levels (0, 29, 47, 63 % white). The line style alone tells the first
ten functions apart; slots with the same line style (10 apart: grey index k, k+2, k+4, k+6)
always get different levels. The dotted styles (slots 3 and 7) get the darkest greys, the
lightest go to patterns with long dashes (more ink)."""

ORDER_SYMBOLS = ("f(x)", "f′(x)", "f″(x)")
"""Plain Unicode labels (no mathtext: parsing it is the most expensive part of a small figure)."""

DEFAULT_FONT_SIZE = 9.5
DEFAULT_LINE_WIDTH = 1.7


@dataclass(frozen=True, slots=True)
class Theme:
    name: str
    background: str
    foreground: str
    muted: str
    grid: str
    legend_face: str
    legend_edge: str
    colors: tuple[str, ...]
    band_alpha: float = 0.22


_THEMES: dict[str, Theme] = {
    "light": Theme("light", "#ffffff", "#1a1a1a", "#8a8a8a", "#e3e3e3", "#ffffff", "#c8c8c8", OKABE_ITO_AMBER),
    "dark": Theme("dark", "#1b1e23", "#e6e6e6", "#8d939c", "#343a42", "#24282e", "#5a616b", OKABE_ITO_DARK, 0.3),
    "grayscale": Theme("grayscale", "#ffffff", "#000000", "#8a8a8a", "#e6e6e6", "#ffffff", "#b0b0b0", GREYS, 0.18),
}


def theme(name: str) -> Theme:
    """The :class:`Theme` called ``name`` (one of :data:`THEMES`)."""
    try:
        return _THEMES[name]
    except KeyError:
        raise ActplotError(f"theme must be one of {', '.join(THEMES)}; got {name!r}") from None


def _rc(th: Theme, font_size: float = DEFAULT_FONT_SIZE, line_width: float = DEFAULT_LINE_WIDTH) -> dict[str, Any]:
    """rcParams for building and saving a figure in theme ``th`` (applied in an rc_context); every
    text size scales with ``font_size`` (``--font-size``), curves are ``line_width`` points wide."""
    fg = th.foreground
    scale = font_size / DEFAULT_FONT_SIZE
    return {
        "figure.facecolor": th.background,
        "figure.edgecolor": th.background,
        "savefig.facecolor": th.background,
        "savefig.edgecolor": th.background,
        "axes.facecolor": th.background,
        "axes.edgecolor": fg,
        "axes.labelcolor": fg,
        "axes.titlecolor": fg,
        "axes.linewidth": 0.8,
        "axes.unicode_minus": True,
        "axes.formatter.useoffset": False,
        "axes.formatter.limits": (-4, 5),
        "text.color": fg,
        "xtick.color": fg,
        "ytick.color": fg,
        "xtick.labelcolor": fg,
        "ytick.labelcolor": fg,
        "grid.color": th.grid,
        "grid.linewidth": 0.6,
        "legend.facecolor": th.legend_face,
        "legend.edgecolor": th.legend_edge,
        "legend.labelcolor": fg,
        "legend.framealpha": 0.92,
        "legend.fontsize": 8.5 * scale,
        "legend.handlelength": 3.2,
        "font.size": font_size,
        "axes.titlesize": 10.5 * scale,
        "figure.titlesize": 11.5 * scale,
        "lines.linewidth": line_width,
        "mathtext.fontset": "dejavusans",
        "text.hinting": "no_hinting",  # text widths in points whatever the dpi (see export_rc)
        "svg.fonttype": "path",
        "path.simplify": True,
        "agg.path.chunksize": 20000,
        "figure.max_open_warning": 0,
    }


