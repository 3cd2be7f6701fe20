"""The gallery index as one data model, written out by two writers (Markdown and HTML).

The model holds everything both pages show: the families in registry order, for each family its
comparison sheets and its functions, and for each function its formulas, parameters, computed
properties, framework flavors, where the flavors differ, its reference, and the links to its
image files. :mod:`actplot.gallery.markdown_page` and :mod:`actplot.gallery.html_page` only lay
the model out; neither decides what is listed or where a link points, so the two pages cannot
disagree on entries or links.

A :class:`FunctionEntry` is computed in the worker that drew the function (it is plain, frozen
and picklable) and gathered by the runner; :func:`build_index` groups the entries by family.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from actplot import notation, registry
from actplot.gallery.flavors import flavor_groups
from actplot.gallery.plan import FAMILY, FUNCTION, Item
from actplot.spec import FAMILIES, FLAVORS, ActivationSpec
from actplot.text import format_param

THUMB_WIDTH = 320
"""Width in CSS pixels of a function's thumbnail in both pages."""

LEGEND_TEXT = (
    "One function: solid f, dashed f′, dash-dotted f″. Several (flavours, family sheets): one colour and "
    "line style per function, the same in every panel. A filled dot is the value attained at a jump, an open dot the "
    "other one-sided limit; lines are never joined across a jump. Where framework flavours resolve to "
    "different parameters, each flavour group is drawn and labelled. Properties are computed from the "
    "functions (range over ℝ, monotonicity, smoothness class, f′(0) with actplot's kink convention)."
)
"""How to read the figures (the drawing conventions), shown under the title of both pages."""


@dataclass(frozen=True, slots=True)
class ImageLinks:
    """Where one figure's links point: a PNG thumbnail (SVG without PNG) linking to the full image
    (SVG if drawn, it scales), and, for a function, one link per drawn format."""

    thumb: str | None
    full: str
    files: tuple[tuple[str, str], ...] = ()
    """(format, file name) for every format of the run, in the run's order (functions only)."""

    @classmethod
    def for_stem(cls, stem: str, formats: Sequence[str], *, every_format: bool = False) -> ImageLinks:
        thumb = f"{stem}.png" if "png" in formats else (f"{stem}.svg" if "svg" in formats else None)
        full = f"{stem}.svg" if "svg" in formats else (f"{stem}.png" if "png" in formats else f"{stem}.{formats[0]}")
        files = tuple((fmt, f"{stem}.{fmt}") for fmt in formats) if every_format else ()
        return cls(thumb, full, files)

    def targets(self) -> set[str]:
        """Every file these links point to."""
        return {self.full, *(name for _, name in self.files), *([self.thumb] if self.thumb else [])}


@dataclass(frozen=True, slots=True)
class ParamValue:
    name: str
    value: str
    doc: str


@dataclass(frozen=True, slots=True)
class FrameworkApi:
    """One framework flavor of a function: its API and the parameter defaults it implies."""

    flavor: str
    api: str
    defaults: str

    @property
    def line(self) -> str:
        """``"keras2: tf.keras.activations.hard_sigmoid [half_width=2.5]"``."""
        return f"{self.flavor}: {self.api}" + (f" [{self.defaults}]" if self.defaults else "")


@dataclass(frozen=True, slots=True)
class ShownProperties:
    """The computed properties both pages show, already formatted for reading."""

    range: str
    monotonic: str
    smoothness: str
    df0: str


@dataclass(frozen=True, slots=True)
class FunctionEntry:
    """What the index shows for one function (plain, picklable, deterministic)."""

    name: str
    title: str
    family: str
    aliases: tuple[str, ...]
    formula: str
    derivative: str
    reference: str
    params: tuple[ParamValue, ...]
    frameworks: tuple[FrameworkApi, ...]
    flavor_groups: tuple[str, ...]
    """Labels of the flavor groups where frameworks differ; empty where they all agree."""
    properties: ShownProperties | None
    properties_error: str = ""
    """Why the properties could not be computed (the picture is still drawn and listed)."""

    def framework_lines(self) -> list[str]:
        return [api.line for api in self.frameworks] or ["no framework flavour"]

    def property_lines(self) -> list[str]:
        props = self.properties
        if props is None:
            return [f"properties unavailable ({self.properties_error})"]
        return [
            f"range {props.range}",
            f"monotonic: {props.monotonic}",
            f"smoothness: {props.smoothness}",
            f"f′(0) = {props.df0}",
        ]


@dataclass(frozen=True, slots=True)
class FamilySection:
    """One family: its comparison sheets (f, then f′; none when the run drew no sheet) and members."""

    family: str
    sheets: tuple[tuple[str, ImageLinks], ...]
    """(what the sheet shows, ``"f"`` or ``"f′"``; its links)."""
    members: tuple[tuple[FunctionEntry, ImageLinks], ...]


@dataclass(frozen=True, slots=True)
class GalleryIndex:
    """The whole index: sections in family order, and the formats the run drew."""

    sections: tuple[FamilySection, ...]
    formats: tuple[str, ...]
    legend: str = LEGEND_TEXT

    @property
    def n_functions(self) -> int:
        return sum(len(section.members) for section in self.sections)

    def file_targets(self) -> set[str]:
        """Every local file either page links to or shows."""
        targets: set[str] = set()
        for section in self.sections:
            for _, links in (*section.sheets, *section.members):
                targets |= links.targets()
        return targets


def build_index(items: Sequence[Item], entries: Sequence[FunctionEntry], formats: Sequence[str]) -> GalleryIndex:
    """The index of ``items``: families in :data:`actplot.spec.FAMILIES` order, members in plan order.

    A family is listed when one of its functions or its sheet was drawn; an item without an entry
    (its figure failed) is left out.
    """
    by_name = {entry.name: entry for entry in entries}
    sheet_items = {it.key: it for it in items if it.kind == FAMILY}
    sections: list[FamilySection] = []
    for family in FAMILIES:
        members = [
            by_name[it.key] for it in items
            if it.kind == FUNCTION and it.key in by_name and by_name[it.key].family == family
        ]
        sheet = sheet_items.get(family)
        if not members and sheet is None:
            continue
        sheets = (
            ()
            if sheet is None
            else tuple((what, ImageLinks.for_stem(stem, formats))
                       for stem, what in ((sheet.stem, "f"), (f"{sheet.stem}-derivative", "f\u2032")))
        )
        section_members = tuple((entry, ImageLinks.for_stem(entry.name, formats, every_format=True)) for entry in members)
        sections.append(FamilySection(family, sheets, section_members))
    return GalleryIndex(tuple(sections), tuple(formats))


def function_entry(spec: ActivationSpec) -> FunctionEntry:
    """The index entry of one function, with its properties computed from the function itself."""
    act = registry.get(spec.name)
    groups = flavor_groups(spec)
    properties: ShownProperties | None = None
    error = ""
    try:
        props = act.properties()
        properties = ShownProperties(
            range=notation.pretty(props.range_text),
            monotonic=props.monotonic,
            smoothness=notation.smoothness(props.smoothness),
            df0=display_number(props.df0),
        )
    except Exception as exc:  # noqa: BLE001 - a property failure must not cost the picture
        error = f"{type(exc).__name__}: {exc}"
    return FunctionEntry(
        name=spec.name,
        title=spec.title,
        family=spec.family,
        aliases=tuple(spec.aliases),
        formula=spec.formula_text,
        derivative=spec.derivative_formula_text,
        reference=spec.reference,
        params=tuple(ParamValue(p.name, format_param(act.params[p.name]), p.doc) for p in spec.params),
        frameworks=tuple(
            FrameworkApi(
                flavor,
                spec.frameworks[flavor].api,
                ", ".join(f"{k}={format_param(v)}" for k, v in spec.frameworks[flavor].defaults.items()),
            )
            for flavor in FLAVORS
            if flavor in spec.frameworks
        ),
        flavor_groups=tuple(g.label for g in groups) if len(groups) > 1 else (),
        properties=properties,
        properties_error=error,
    )


def display_number(value: float | None) -> str:
    """A property value for reading: 6 significant digits, ``∞``, a real minus sign, no ``-0``."""
    if value is None:
        return "n/a"
    v = float(value)
    if math.isnan(v):
        return "undefined"
    if math.isinf(v):
        return "∞" if v > 0 else "−∞"
    text = f"{v:.6g}"
    return "0" if text in ("0", "-0") else text.replace("-", "−")
