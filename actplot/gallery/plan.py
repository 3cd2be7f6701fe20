"""What a gallery run produces: its figures (items), their file names, and the run's settings.

Pure data, computed from :data:`actplot.registry.SPECS` (there is no hand-written list of
functions): every function gets ``NAME.FMT``; every family gets an f sheet ``family-SLUG.FMT``
and an f′ sheet ``family-SLUG-derivative.FMT``; a full run adds :data:`INDEX_FILES`. Nothing here
draws or touches the disk, so the plan is cheap to build in the parent process and to send to the
workers.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from actplot import registry
from actplot.errors import ActplotError, UnknownActivationError
from actplot.spec import FAMILIES

DEFAULT_DIR = "gallery"
DEFAULT_FORMATS: tuple[str, ...] = ("png", "svg")
DEFAULT_DPI = 100.0
DEFAULT_THEME = "light"
INDEX_FILES: tuple[str, ...] = ("index.md", "index.html")

FUNCTION, FAMILY, FAMILY_DERIVATIVE = "function", "family", "family-derivative"
"""The three kinds of :class:`Item`."""


def family_slug(family: str) -> str:
    """``"gated/smooth"`` → ``"gated-smooth"`` (file names and HTML ids)."""
    return re.sub(r"[^a-z0-9]+", "-", family.lower()).strip("-")


@dataclass(frozen=True, slots=True)
class Item:
    """One figure of the gallery: a function (``key`` = its name) or a family sheet (``key`` = the family)."""

    kind: str  # FUNCTION | FAMILY | FAMILY_DERIVATIVE
    key: str
    stem: str
    names: tuple[str, ...]

    @property
    def is_family_sheet(self) -> bool:
        return self.kind in (FAMILY, FAMILY_DERIVATIVE)

    def files(self, formats: Sequence[str]) -> list[str]:
        """The item's file names, one per format: ``relu.png``, ``relu.svg``."""
        return [f"{self.stem}.{fmt}" for fmt in formats]


def function_item(name: str) -> Item:
    return Item(FUNCTION, name, name, (name,))


def family_item(family: str, names: Sequence[str]) -> Item:
    return Item(FAMILY, family, f"family-{family_slug(family)}", tuple(names))


def family_derivative_item(family: str, names: Sequence[str]) -> Item:
    """The family's f′ sheet: how the members' slopes compare (saturation, kinks, jumps of f′)."""
    return Item(FAMILY_DERIVATIVE, family, f"family-{family_slug(family)}-derivative", tuple(names))


@dataclass(frozen=True, slots=True)
class Settings:
    """How a run draws and what it does with the bytes (picklable: sent to the workers)."""

    out_dir: str
    formats: tuple[str, ...] = DEFAULT_FORMATS
    dpi: float = DEFAULT_DPI
    theme: str = DEFAULT_THEME
    check: bool = False
    force: bool = False


def families() -> dict[str, list[str]]:
    """Family → member names, both in registry order; families without members are left out."""
    groups: dict[str, list[str]] = {f: [] for f in FAMILIES}
    for spec in registry.SPECS:
        groups.setdefault(spec.family, []).append(spec.name)
    return {f: names for f, names in groups.items() if names}


def _match_family(token: str) -> str | None:
    key = token.strip().lower()
    for family in FAMILIES:
        if key in (family, family_slug(family)) or family_slug(key) == family_slug(family):
            return family
    return None


def plan(only: Iterable[str] | None = None) -> list[Item]:
    """The figures to draw: every function and family sheet, or those that ``only`` names.

    ``only`` holds function names, aliases or family names (``rectifier``, ``gated/smooth`` or
    ``gated-smooth``), possibly comma-separated. A family brings its members and its sheets; a
    single function brings only itself. Unknown names raise an error (exit 2) with suggestions.
    Order: functions in registry order, then the f sheets, then the f′ sheets.
    """
    members = families()
    if only is None:
        wanted_names = {spec.name for spec in registry.SPECS}
        wanted_families = set(members)
    else:
        wanted_names, wanted_families = _resolve_only(only, members)
    items = [function_item(spec.name) for spec in registry.SPECS if spec.name in wanted_names]
    items += [family_item(f, names) for f, names in members.items() if f in wanted_families]
    items += [family_derivative_item(f, names) for f, names in members.items() if f in wanted_families]
    return items


def _resolve_only(only: Iterable[str], members: dict[str, list[str]]) -> tuple[set[str], set[str]]:
    """(function names, families) that the ``--only`` entries ask for."""
    tokens = [t.strip() for entry in only for t in entry.split(",") if t.strip()]
    if not tokens:
        raise ActplotError("--only needs at least one function or family name")
    wanted_names: set[str] = set()
    wanted_families: set[str] = set()
    for token in tokens:
        family = _match_family(token)
        if family is not None:
            if family not in members:
                raise ActplotError(f"family {family!r} has no functions yet")
            wanted_families.add(family)
            wanted_names.update(members[family])
            continue
        try:
            wanted_names.add(registry.lookup(token).name)
        except UnknownActivationError as exc:
            close = difflib.get_close_matches(token.lower(), [*FAMILIES, *map(family_slug, FAMILIES)], n=1)
            if close and not exc.suggestions:
                raise ActplotError(f"unknown activation or family {token!r}. Did you mean {close[0]!r}?") from None
            raise
    return wanted_names, wanted_families


def planned_files(items: Sequence[Item], formats: Sequence[str], *, with_index: bool) -> list[str]:
    """Every file name the run settles, in plan order (the index pages last)."""
    names = [name for item in items for name in item.files(formats)]
    return names + list(INDEX_FILES) if with_index else names
