"""The gallery: every registered activation drawn to files, with a browsable index.

``actplot gallery`` (see :mod:`actplot.cli.gallery`) calls :func:`run`. What it produces in the
output folder, for the formats asked for (default PNG and SVG):

* ``NAME.FMT`` for every function in the registry: f, f′ (and f″ where it is not identically
  zero), the formula in the title, kinks and jumps drawn honestly; where the framework flavours
  resolve to different parameters (hard_sigmoid torch vs keras2, GELU torch vs jax, leaky_relu
  torch/keras3/keras2, …) one curve per flavour group, labelled, with f and f′ in separate panels;
* ``family-SLUG.FMT`` and ``family-SLUG-derivative.FMT``: per family, f and f′ of every member as
  small multiples (a panel each, on its own y scale);
* ``index.md`` (renders on a code-hosting site) and ``index.html`` (standalone: inline CSS, no
  external assets), grouped by family: thumbnail linking to the full image, formula, derivative,
  computed properties (range, monotonic, smoothness, f′(0)), flavours, reference.

Everything comes from :data:`actplot.registry.SPECS`; there is no hand-written list.

Reliability:

* each file is rendered to bytes first; a file that already holds exactly those bytes is kept, a
  missing one is written atomically (:func:`actplot._files.write_atomic`), a differing one is
  replaced only with ``force`` — otherwise it is reported as a *conflict* and left alone. Checking
  "exactly what would be drawn" therefore means rendering every figure even when nothing changes;
* ``check`` mode writes nothing and reports stale, missing and extra files;
* workers are forked processes (``--jobs``) that inherit the imported matplotlib and reuse one
  Figure each; Ctrl-C terminates them, removes temporary files and reports how far it got;
* a function that fails to render is reported by name; the others are still written.

Byte identity holds for one machine and one pinned environment (matplotlib, FreeType, fonts);
``--check`` is meant to run in the project's pinned CI environment.
"""

from __future__ import annotations

import html
import math
import multiprocessing
import os
import re
import signal
import stat
import time
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from actplot import _files, notation, registry
from actplot._files import sweep_temp_files, write_atomic
from actplot.activation import Activation, format_param
from actplot.errors import ActplotError, OutputError, UnknownActivationError
from actplot.spec import DEFAULT_FLAVOR, FAMILIES, FLAVORS, ActivationSpec

if TYPE_CHECKING:
    from matplotlib.figure import Figure

DEFAULT_DIR = "gallery"
DEFAULT_FORMATS: tuple[str, ...] = ("png", "svg")
DEFAULT_DPI = 100.0
DEFAULT_THEME = "light"
X_RANGE: tuple[float, float] = (-6.0, 6.0)
POINTS = 801
FUNCTION_SIZE: tuple[float, float] = (7.0, 4.6)
FLAVOUR_SIZE: tuple[float, float] = (7.0, 5.6)
FAMILY_SIZE: tuple[float, float] = (9.0, 5.2)
THUMB_WIDTH = 320
INDEX_FILES: tuple[str, ...] = ("index.md", "index.html")

# statuses of one output file
WRITTEN, OVERWRITTEN, UNCHANGED, CONFLICT = "written", "overwritten", "unchanged", "conflict"
OK, STALE, MISSING = "ok", "stale", "missing"
DONE_STATUSES = (WRITTEN, OVERWRITTEN, UNCHANGED, OK)


# --- what to draw -----------------------------------------------------------------------------------


def family_slug(family: str) -> str:
    """``"gated/smooth"`` → ``"gated-smooth"`` (file names and HTML ids)."""
    return re.sub(r"[^a-z0-9]+", "-", family.lower()).strip("-")


@dataclass(frozen=True, slots=True)
class Item:
    """One figure of the gallery: a function (``key`` = its name) or a family sheet."""

    kind: str  # "function" | "family" | "family-derivative"
    key: str
    stem: str
    names: tuple[str, ...]

    def files(self, formats: Sequence[str]) -> list[str]:
        return [f"{self.stem}.{fmt}" for fmt in formats]


def function_item(name: str) -> Item:
    return Item("function", name, name, (name,))


def family_item(family: str, names: Sequence[str]) -> Item:
    return Item("family", family, f"family-{family_slug(family)}", tuple(names))


def family_derivative_item(family: str, names: Sequence[str]) -> Item:
    """The family's f′ sheet: how the members' slopes compare (saturation, kinks, jumps of f′)."""
    return Item("family-derivative", family, f"family-{family_slug(family)}-derivative", tuple(names))


def _families() -> dict[str, list[str]]:
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
    ``gated-smooth``), possibly comma-separated. A family brings its members and its sheet; a
    single function brings only itself. Unknown names raise an error (exit 2) with suggestions.
    """
    families = _families()
    if only is None:
        items = [function_item(spec.name) for spec in registry.SPECS]
        items += [family_item(f, names) for f, names in families.items()]
        items += [family_derivative_item(f, names) for f, names in families.items()]
        return items
    tokens = [t.strip() for entry in only for t in entry.split(",") if t.strip()]
    if not tokens:
        raise ActplotError("--only needs at least one function or family name")
    wanted_names: set[str] = set()
    wanted_families: set[str] = set()
    for token in tokens:
        family = _match_family(token)
        if family is not None:
            if family not in families:
                raise ActplotError(f"family {family!r} has no functions yet")
            wanted_families.add(family)
            wanted_names.update(families[family])
            continue
        try:
            wanted_names.add(registry.lookup(token).name)
        except UnknownActivationError as exc:
            import difflib

            close = difflib.get_close_matches(token.lower(), [*FAMILIES, *map(family_slug, FAMILIES)], n=1)
            if close and not exc.suggestions:
                raise ActplotError(f"unknown activation or family {token!r}. Did you mean {close[0]!r}?") from None
            raise
    items = [function_item(spec.name) for spec in registry.SPECS if spec.name in wanted_names]
    items += [family_item(f, names) for f, names in families.items() if f in wanted_families]
    items += [family_derivative_item(f, names) for f, names in families.items() if f in wanted_families]
    return items


@dataclass(frozen=True, slots=True)
class FlavourGroup:
    """Flavours that resolve to the same parameters and kink conventions, and the activation they give."""

    flavours: tuple[str, ...]
    act: Activation
    show_convention: bool = False

    @property
    def label(self) -> str:
        names = ", ".join(self.flavours) if self.flavours else "actplot default"
        details = [_param_text(self.act)]
        if self.show_convention:
            details.append(_convention_text(self.act))
        text = "; ".join(d for d in details if d)
        return f"{names} ({text})" if text else names


def _param_text(act: Activation) -> str:
    return ", ".join(f"{k}={format_param(v)}" for k, v in act.params.items())


def _convention_key(act: Activation) -> tuple[tuple[float, str | float], ...]:
    """Which one-sided limit f′ takes at each kink under the activation's flavour."""
    return tuple((k.x, k.side_for(act.effective_flavor)) for k in act.kinks if k.kind != "curvature")


def _convention_text(act: Activation) -> str:
    """f′ at each kink as this flavour defines it, e.g. ``f′(0) = 1``."""
    xs = [k.x for k in act.kinks if k.kind != "curvature"]
    if not xs:
        return ""
    slopes = act.derivative(np.array(xs, dtype=np.float64))
    return ", ".join(f"f′({x:g}) = {float(d):g}" for x, d in zip(xs, slopes))


def flavour_groups(spec: ActivationSpec) -> list[FlavourGroup]:
    """The spec's flavours grouped by resolved parameters and kink conventions (in FLAVORS order).

    One group means every framework agrees (the usual case). The actplot default (torch's
    parameters and conventions) is added as its own group only if no flavour matches it. Where
    frameworks differ in the derivative they take at a kink (leaky_relu′(0) is the slope in
    PyTorch, 1 in JAX) with the same parameters, the labels say which value each group takes.
    """
    default = registry.get(spec.name)
    groups: dict[tuple[Any, ...], list[str]] = {}
    acts: dict[tuple[Any, ...], Activation] = {}
    for flavour in FLAVORS:
        if flavour not in spec.frameworks:
            continue
        act = registry.get(spec.name, flavor=flavour)
        key = (tuple(act.params.items()), _convention_key(act))
        groups.setdefault(key, []).append(flavour)
        acts.setdefault(key, act)
    default_key = (tuple(default.params.items()), _convention_key(default))
    if len(groups) + (default_key not in groups) <= 1:
        return [FlavourGroup(tuple(groups.get(default_key, [])), default)]
    keys = [*groups, *([] if default_key in groups else [default_key])]
    conventions_differ = len({params for params, _ in keys}) < len(keys)  # same parameters, other f′ at a kink
    out = [FlavourGroup(tuple(fl), acts[key], conventions_differ) for key, fl in groups.items()]
    if default_key not in groups:
        out.insert(0, FlavourGroup((), default, conventions_differ))
    return out


def _second_derivative_helps(acts: Sequence[Activation]) -> bool:
    """True if f″ is not identically zero on the gallery window for some of ``acts``."""
    x = np.linspace(X_RANGE[0], X_RANGE[1], 241)
    for act in acts:
        with np.errstate(all="ignore"):
            d2 = np.asarray(act.derivative(x, order=2), dtype=np.float64)
        finite = d2[np.isfinite(d2)]
        if finite.size and float(np.max(np.abs(finite))) > 1e-12:
            return True
    return False


# --- drawing one item ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Settings:
    """How a run draws and what it does with the bytes (picklable: sent to the workers)."""

    out_dir: str
    formats: tuple[str, ...] = DEFAULT_FORMATS
    dpi: float = DEFAULT_DPI
    theme: str = DEFAULT_THEME
    check: bool = False
    force: bool = False


FAMILY_ROW_INCHES = 1.75
"""Height of one row of a family sheet's small multiples (plus room for the title)."""


def item_size(item: Item) -> tuple[float, float]:
    """Figure size in inches: family sheets are wider and grow a row of panels at a time,
    figures with flavour groups are taller."""
    if item.kind in ("family", "family-derivative"):
        from actplot.views.plan import grid_columns

        rows = math.ceil(len(item.names) / grid_columns(len(item.names)))
        return (FAMILY_SIZE[0], round(0.7 + FAMILY_ROW_INCHES * rows, 2))
    return FLAVOUR_SIZE if len(flavour_groups(registry.lookup(item.key))) > 1 else FUNCTION_SIZE


def draw_item(item: Item, settings: Settings, figure: Figure | None = None) -> Figure:
    """The Figure for ``item`` (drawn on ``figure``, cleared, when given)."""
    from actplot.views import render
    from actplot.views.plan import default_window

    if item.kind in ("family", "family-derivative"):
        # small multiples, each on its own y scale: one outlier (soft_exponential to 40) no longer
        # flattens the others, and seven rectifiers no longer tangle on one line for x > 0
        acts = [registry.get(name) for name in item.names]
        order = 1 if item.kind == "family-derivative" else 0
        options = render.FigureOptions(
            theme=settings.theme,
            size=item_size(item),
            dpi=settings.dpi,
            title=f"{item.key} family" + (": f′(x)" if order else ": f(x)"),
            labels=tuple(item.names),
            layout="grid",
            sharey=False,
        )
        return render.plot_figure(acts, x_range=default_window(acts, X_RANGE), points=POINTS, orders=(order,),
                                  options=options, figure=figure)
    spec = registry.lookup(item.key)
    groups = flavour_groups(spec)
    acts = [g.act for g in groups]
    window = default_window(acts, X_RANGE)
    orders = (0, 1, 2) if _second_derivative_helps(acts) else (0, 1)
    if len(groups) == 1:
        options = render.FigureOptions(theme=settings.theme, size=FUNCTION_SIZE, dpi=settings.dpi)
        return render.plot_figure(acts, x_range=window, points=POINTS, orders=orders, options=options, figure=figure)
    head = _dollar_safe(spec.title)
    plain = f"{head}:   {_dollar_safe(spec.formula_text)}   (flavours differ)"
    options = render.FigureOptions(
        theme=settings.theme,
        size=FLAVOUR_SIZE,
        dpi=settings.dpi,
        title=f"{head}:   ${spec.formula}$   (flavours differ)" if spec.formula else plain,
        title_fallback=plain,
        labels=tuple(g.label for g in groups),
    )
    return render.plot_figure(acts, x_range=window, points=POINTS, orders=orders, options=options, figure=figure)


def _dollar_safe(text: str) -> str:
    return text.replace("$", r"\$")


# --- index data -------------------------------------------------------------------------------------


def _fmt_number(v: Any) -> str:
    if v is None:
        return "n/a"
    v = float(v)
    if math.isnan(v):
        return "undefined"
    if math.isinf(v):
        return "∞" if v > 0 else "−∞"
    text = f"{v:.6g}"
    return "0" if text in ("0", "-0") else text.replace("-", "−")


def function_meta(spec: ActivationSpec) -> dict[str, Any]:
    """What the index shows for one function (plain, picklable, deterministic)."""
    act = registry.get(spec.name)
    groups = flavour_groups(spec)
    meta: dict[str, Any] = {
        "name": spec.name,
        "title": spec.title,
        "family": spec.family,
        "aliases": list(spec.aliases),
        "formula": spec.formula_text,
        "derivative": spec.derivative_formula_text,
        "reference": spec.reference,
        "params": [(p.name, format_param(act.params[p.name]), p.doc) for p in spec.params],
        "flavours": [
            (flavour, spec.frameworks[flavour].api,
             ", ".join(f"{k}={format_param(v)}" for k, v in spec.frameworks[flavour].defaults.items()))
            for flavour in FLAVORS
            if flavour in spec.frameworks
        ],
        "flavour_groups": [g.label for g in groups] if len(groups) > 1 else [],
        "default_flavour": DEFAULT_FLAVOR if DEFAULT_FLAVOR in spec.frameworks else "",
    }
    try:
        props = act.properties()
        meta["properties"] = {
            "range": notation.pretty(props.range_text),
            "monotonic": props.monotonic,
            "smoothness": notation.smoothness(props.smoothness),
            "df0": _fmt_number(props.df0),
            "bounded": props.bounded,
            "zero_centered": props.zero_centered,
            "source": "computed",
        }
    except ImportError:  # actplot.properties not available: fall back to the declared values
        d = spec.declared
        meta["properties"] = {
            "range": d.range,
            "monotonic": d.monotonic,
            "smoothness": d.smoothness.replace("Cinf", "C∞"),
            "df0": _fmt_number(float(np.asarray(act.derivative(0.0)))),
            "bounded": d.bounded,
            "zero_centered": d.zero_centered,
            "source": "declared",
        }
    except Exception as exc:  # noqa: BLE001 - a property failure must not cost the picture
        meta["properties"] = {"error": f"{type(exc).__name__}: {exc}"}
    return meta


# --- one task: draw, then settle every file ----------------------------------------------------------


@dataclass(slots=True)
class ItemResult:
    item: Item
    statuses: dict[str, str] = field(default_factory=dict)
    error: str | None = None
    meta: dict[str, Any] | None = None


def settle(path: Path, data: bytes, settings: Settings) -> str:
    """Compare ``data`` with the file at ``path``; write it if allowed. Returns the status."""
    try:
        mode = path.stat().st_mode
    except OSError:
        mode = None  # missing (or unreadable): the read below reports it
    if mode is not None and not stat.S_ISREG(mode) and not stat.S_ISDIR(mode):
        # a FIFO or device where an image belongs: reading it could block forever
        raise OutputError(f"cannot write {path}: it is not a regular file")
    try:
        old: bytes | None = path.read_bytes()
    except FileNotFoundError:
        old = None
    except IsADirectoryError:
        raise OutputError(f"cannot write {path}: it is a directory") from None
    except OSError as exc:
        raise OutputError(f"cannot read {path}: {exc.strerror or exc}") from None
    if settings.check:
        return OK if old == data else (MISSING if old is None else STALE)
    if old == data:
        return UNCHANGED
    if old is None:
        write_atomic(path, data)
        return WRITTEN
    if settings.force:
        write_atomic(path, data)
        return OVERWRITTEN
    return CONFLICT


_FIGURE: Any = None
"""The Figure this process reuses for every item it draws (cleared in between)."""


def render_item(item: Item, settings: Settings) -> ItemResult:
    """Draw ``item``, compare/write each format, collect index data. Never raises an Exception."""
    global _FIGURE
    from actplot.views import render

    result = ItemResult(item)
    try:
        fig = draw_item(item, settings, figure=_FIGURE)
        _FIGURE = fig
        out = Path(settings.out_dir)
        for fmt in settings.formats:
            name = f"{item.stem}.{fmt}"
            data = render.figure_bytes(fig, fmt, salt=f"gallery:{item.stem}")
            result.statuses[name] = settle(out / name, data, settings)
        if item.kind == "function":
            result.meta = function_meta(registry.lookup(item.key))
    except Exception as exc:  # noqa: BLE001 - reported by name at the end
        detail = " ".join(str(exc).split())[:300]
        result.error = f"{type(exc).__name__}: {detail}" if detail else type(exc).__name__
    return result


# --- worker processes ---------------------------------------------------------------------------------


def _on_sigterm(signum: int, frame: Any) -> None:
    """A worker asked to stop: remove the temporary file it is writing (if any) and exit now.

    Exiting from the handler (instead of raising into whatever matplotlib is doing) cannot be
    swallowed by a callback, and leaves every finished file whole: files only appear via rename.
    """
    _files.remove_active_temp_files()
    os._exit(143)


def _worker_init() -> None:
    # Ctrl-C reaches the whole process group: the parent decides, workers ignore SIGINT and are
    # stopped with SIGTERM by the parent.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, _on_sigterm)


def _worker_task(item: Item, settings: Settings) -> ItemResult:
    return render_item(item, settings)


def prepare_parent() -> None:
    """Import matplotlib and every backend the workers need, *before* forking, so each worker
    inherits them instead of importing them again (no font is opened: FreeType handles must not
    be shared across fork; matplotlib clears its font cache in the child anyway)."""
    import matplotlib.backends.backend_agg
    import matplotlib.backends.backend_pdf
    import matplotlib.backends.backend_svg
    import matplotlib.figure
    import matplotlib.mathtext  # noqa: F401
    import PIL.PngImagePlugin  # noqa: F401

    from actplot.views import render  # noqa: F401

    try:
        import scipy.special  # noqa: F401  (exact GELU and others use it)
    except ImportError:  # pragma: no cover
        pass


def fork_context() -> multiprocessing.context.BaseContext | None:
    """The ``fork`` start method where the platform has it (Linux, macOS), else the default."""
    if "fork" in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("fork")
    return None


def _stop_workers(executor: ProcessPoolExecutor, grace: float = 0.3) -> None:
    """Terminate the pool's processes now (SIGTERM, then SIGKILL after ``grace`` seconds)."""
    processes = list(getattr(executor, "_processes", {}).values())
    for proc in processes:
        try:
            proc.terminate()
        except (OSError, ValueError, AttributeError):
            pass
    deadline = time.monotonic() + grace
    for proc in processes:
        try:
            proc.join(max(0.0, deadline - time.monotonic()))
        except (OSError, ValueError, AssertionError):
            pass
    for proc in processes:
        try:
            if proc.is_alive():
                proc.kill()
                proc.join(0.5)
        except (OSError, ValueError, AssertionError):
            pass
    try:
        executor.shutdown(wait=False, cancel_futures=True)
    except Exception:  # noqa: BLE001
        pass


# --- the run ---------------------------------------------------------------------------------------------


@dataclass(slots=True)
class Summary:
    """The outcome of :func:`run`."""

    out_dir: str
    formats: tuple[str, ...]
    check: bool
    planned: list[str] = field(default_factory=list)
    statuses: dict[str, str] = field(default_factory=dict)
    failures: dict[str, str] = field(default_factory=dict)
    extra: list[str] = field(default_factory=list)
    index_written: bool = False
    index_note: str = ""
    interrupted: bool = False
    jobs: int = 1
    seconds: float = 0.0

    def names(self, *statuses: str) -> list[str]:
        return sorted(name for name, s in self.statuses.items() if s in statuses)

    @property
    def done(self) -> int:
        return sum(1 for s in self.statuses.values() if s in DONE_STATUSES)

    @property
    def conflicts(self) -> list[str]:
        return self.names(CONFLICT)

    @property
    def stale(self) -> list[str]:
        return self.names(STALE)

    @property
    def missing(self) -> list[str]:
        return self.names(MISSING)

    @property
    def clean(self) -> bool:
        """True if the folder matches what the code draws (check mode) / nothing went wrong."""
        if self.interrupted or self.failures:
            return False
        if self.check:
            return not (self.stale or self.missing or self.extra)
        return not self.conflicts

    @property
    def exit_code(self) -> int:
        """0 fine; 1 a function failed or (check) the folder is stale; 2 conflicts; 130 interrupted."""
        if self.interrupted:
            return 130
        if self.failures:
            return 1
        if self.check:
            return 0 if self.clean else 1
        return 2 if self.conflicts else 0

    def as_dict(self) -> dict[str, Any]:
        return {
            "output": self.out_dir,
            "formats": list(self.formats),
            "mode": "check" if self.check else "write",
            "files": len(self.planned),
            "done": self.done,
            "written": self.names(WRITTEN),
            "overwritten": self.names(OVERWRITTEN),
            "unchanged": len(self.names(UNCHANGED)) if not self.check else len(self.names(OK)),
            "conflicts": self.conflicts,
            "stale": self.stale,
            "missing": self.missing,
            "extra": list(self.extra),
            "failed": [{"name": k, "error": v} for k, v in sorted(self.failures.items())],
            "index": self.index_written,
            "interrupted": self.interrupted,
            "jobs": self.jobs,
            "seconds": round(self.seconds, 3),
            "exit_code": self.exit_code,
        }


class GalleryInterrupted(KeyboardInterrupt):
    """Ctrl-C during :func:`run`; carries the :class:`Summary` of what was finished."""

    def __init__(self, summary: Summary) -> None:
        super().__init__(f"interrupted after {summary.done} of {len(summary.planned)} files")
        self.summary = summary


def run(
    out_dir: str | Path = DEFAULT_DIR,
    *,
    formats: Sequence[str] = DEFAULT_FORMATS,
    only: Sequence[str] | None = None,
    jobs: int | None = None,
    force: bool = False,
    check: bool = False,
    index: bool | None = None,
    dpi: float = DEFAULT_DPI,
    theme: str = DEFAULT_THEME,
    on_start: Callable[[int], None] | None = None,
    on_result: Callable[[ItemResult], None] | None = None,
) -> Summary:
    """Render the gallery into ``out_dir`` (or compare with it when ``check``).

    ``index`` (default: only when ``only`` is not given) writes index.md and index.html; they are
    skipped when a function failed or the run was interrupted. ``jobs`` worker processes render
    in parallel (default: all cores; 1 renders in this process). ``on_start(n_items)`` is called
    once the workers exist and ``on_result`` after each item. Ctrl-C raises
    :class:`GalleryInterrupted` once workers are stopped and temporary files removed.
    """
    from actplot.views import render

    started = time.perf_counter()
    started_wall = time.time()
    fmts = _check_formats(formats)
    if check and force:
        raise ActplotError("--check and --force cannot be combined (--check never writes)")
    render.validate_options(render.FigureOptions(theme=theme, size=FAMILY_SIZE, dpi=dpi))
    items = plan(only)
    if not items:
        raise ActplotError("nothing to draw: the registry is empty")
    with_index = (only is None) if index is None else index
    workers = _jobs(jobs, len(items))
    out = Path(out_dir)
    settings = Settings(out_dir=str(out), formats=fmts, dpi=float(dpi), theme=theme, check=check, force=force)
    summary = Summary(out_dir=str(out), formats=fmts, check=check, jobs=workers)
    summary.planned = [name for item in items for name in item.files(fmts)]
    if with_index:
        summary.planned += list(INDEX_FILES)
    if check:
        if out.exists() and not out.is_dir():
            raise OutputError(f"cannot check {out}: it is not a directory")
    else:
        _make_dir(out)
        sweep_temp_files(out, summary.planned)
    results: dict[str, ItemResult] = {}

    def record(res: ItemResult) -> None:
        results[res.item.stem] = res
        summary.statuses.update(res.statuses)
        if res.error is not None:
            summary.failures[res.item.stem] = res.error
        if on_result is not None:
            on_result(res)

    try:
        if workers <= 1:
            if on_start is not None:
                on_start(len(items))
            for item in items:
                record(render_item(item, settings))
        else:
            _run_parallel(items, settings, workers, record, on_start)
    except KeyboardInterrupt:
        summary.interrupted = True
        if not check:
            sweep_temp_files(out, summary.planned)
            _count_unreported(out, items, results, fmts, summary, started_wall)
        summary.seconds = time.perf_counter() - started
        raise GalleryInterrupted(summary) from None

    try:
        if with_index:
            if summary.failures:
                summary.index_note = "index files not written: some figures failed"
            else:
                metas = [results[item.stem].meta for item in items if item.kind == "function"]
                pages = build_index(items, [m for m in metas if m is not None], fmts)
                for name, text in pages.items():
                    summary.statuses[name] = settle(out / name, text.encode("utf-8"), settings)
                summary.index_written = not check
        if check and only is None:
            summary.extra = _extra_files(out, summary.planned)
    except KeyboardInterrupt:
        summary.interrupted = True
        if not check:
            sweep_temp_files(out, summary.planned)
        summary.seconds = time.perf_counter() - started
        raise GalleryInterrupted(summary) from None
    summary.seconds = time.perf_counter() - started
    return summary


def _count_unreported(out: Path, items: list[Item], results: dict[str, ItemResult], formats: tuple[str, ...],
                      summary: Summary, since: float) -> None:
    """After Ctrl-C: files of unfinished items that this run already moved into place count as written.

    A file only ever appears complete (atomic rename), so one modified since the run started is
    a finished file, even if its worker was stopped before reporting it.
    """
    for item in items:
        if item.stem in results:
            continue
        for name in item.files(formats):
            try:
                if (out / name).stat().st_mtime >= since - 0.05:
                    summary.statuses[name] = WRITTEN
            except OSError:
                pass


def _run_parallel(
    items: list[Item],
    settings: Settings,
    workers: int,
    record: Callable[[ItemResult], None],
    on_start: Callable[[int], None] | None,
) -> None:
    prepare_parent()
    executor = ProcessPoolExecutor(max_workers=workers, mp_context=fork_context(), initializer=_worker_init)
    stopped = False
    try:
        # Submitting forks every worker at once (fork start method) before any thread runs here;
        # progress display threads start only afterwards, in on_start.
        futures: dict[Future[ItemResult], Item] = {}
        for item in _balanced(items):
            futures[executor.submit(_worker_task, item, settings)] = item
        if on_start is not None:
            on_start(len(items))
        for future in as_completed(futures):
            item = futures[future]
            try:
                res = future.result()
            except BrokenProcessPool:
                res = ItemResult(item, error="worker process died (BrokenProcessPool)")
            except Exception as exc:  # noqa: BLE001
                res = ItemResult(item, error=f"{type(exc).__name__}: {exc}")
            record(res)
    except BaseException:
        _stop_workers(executor)
        stopped = True
        raise
    finally:
        if not stopped:
            executor.shutdown(wait=True)


def _balanced(items: list[Item]) -> list[Item]:
    """Slow items first (family sheets and multi-panel figures), so workers finish together."""
    return sorted(items, key=lambda it: 0 if it.kind != "function" else 1)


def available_cores() -> int:
    """Cores this process may run on (CPU affinity where the platform reports it), at least 1."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def _jobs(jobs: int | None, n_items: int) -> int:
    if jobs is None:
        jobs = available_cores()
    if jobs < 1:
        raise ActplotError(f"--jobs must be at least 1, got {jobs}")
    return max(1, min(jobs, n_items))


def _check_formats(formats: Sequence[str]) -> tuple[str, ...]:
    from actplot.views.render import FORMATS

    out: list[str] = []
    for entry in formats:
        for token in entry.split(","):
            fmt = token.strip().lower().lstrip(".")
            if not fmt:
                continue
            if fmt not in FORMATS:
                raise ActplotError(f"--format must be a comma-separated list of {', '.join(FORMATS)}; got {token!r}")
            if fmt not in out:
                out.append(fmt)
    if not out:
        raise ActplotError(f"--format needs at least one of {', '.join(FORMATS)}")
    return tuple(out)


def _make_dir(out: Path) -> None:
    if out.exists() and not out.is_dir():
        raise OutputError(f"cannot write into {out}: it is not a directory")
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"cannot create {out}: {exc.strerror or exc}") from None


def _extra_files(out: Path, planned: Sequence[str]) -> list[str]:
    """Visible files in ``out`` that the gallery would not produce (hidden files are ignored)."""
    try:
        present = [e.name for e in os.scandir(out) if e.is_file() and not e.name.startswith(".")]
    except OSError:
        return []
    wanted = set(planned)
    return sorted(name for name in present if name not in wanted)


# --- the index pages -----------------------------------------------------------------------------------


def _md_anchor(heading: str) -> str:
    """The anchor a code-hosting site (GitHub) gives a Markdown heading."""
    text = heading.strip().lower()
    text = re.sub(r"[^\w\- ]", "", text)
    return text.replace(" ", "-")


def _md_cell(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def _md_code(text: str) -> str:
    text = text.replace("|", "\\|")
    fence = "``" if "`" in text else "`"
    pad = " " if fence == "``" else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def _image_choice(stem: str, formats: Sequence[str]) -> tuple[str | None, str]:
    """(thumbnail source, link target) for a figure: PNG thumbnail, SVG full image if present."""
    thumb = f"{stem}.png" if "png" in formats else (f"{stem}.svg" if "svg" in formats else None)
    full = f"{stem}.svg" if "svg" in formats else (f"{stem}.png" if "png" in formats else f"{stem}.{formats[0]}")
    return thumb, full


def _props_lines(meta: dict[str, Any]) -> list[str]:
    props = meta.get("properties") or {}
    if "error" in props:
        return [f"properties unavailable ({props['error']})"]
    lines = [
        f"range {props['range']}",
        f"monotonic: {props['monotonic']}",
        f"smoothness: {props['smoothness']}",
        f"f′(0) = {props['df0']}",
    ]
    if props.get("source") == "declared":
        lines.append("(declared, not computed)")
    return lines


def _flavour_lines(meta: dict[str, Any]) -> list[str]:
    lines = []
    for flavour, api, defaults in meta["flavours"]:
        lines.append(f"{flavour}: {api}" + (f" [{defaults}]" if defaults else ""))
    if not lines:
        lines.append("no framework flavour")
    return lines


def build_index(items: Sequence[Item], metas: Sequence[dict[str, Any]], formats: Sequence[str]) -> dict[str, str]:
    """index.md and index.html for ``items`` (grouped by family, registry order)."""
    by_name = {m["name"]: m for m in metas}
    family_items = {it.key: it for it in items if it.kind == "family"}
    sections: list[tuple[str, list[dict[str, Any]], Item | None]] = []
    for family in FAMILIES:
        members = [by_name[it.key] for it in items if it.kind == "function" and by_name.get(it.key, {}).get("family") == family]
        if members or family in family_items:
            sections.append((family, members, family_items.get(family)))
    return {"index.md": _index_md(sections, formats), "index.html": _index_html(sections, formats)}


_LEGEND_TEXT = (
    "One function: solid f, dashed f′, dash-dotted f″. Several (flavours, family sheets): one colour and "
    "line style per function, the same in every panel. A filled dot is the value attained at a jump, an open dot the "
    "other one-sided limit; lines are never joined across a jump. Where framework flavours resolve to "
    "different parameters, each flavour group is drawn and labelled. Properties are computed from the "
    "functions (range over ℝ, monotonicity, smoothness class, f′(0) with actplot's kink convention)."
)


def _index_md(sections: list[tuple[str, list[dict[str, Any]], Item | None]], formats: Sequence[str]) -> str:
    n_functions = sum(len(m) for _, m, _ in sections)
    out: list[str] = [
        "# actplot gallery",
        "",
        f"{n_functions} activation functions in {len(sections)} families, drawn by `actplot gallery` from the "
        "registry. Do not edit these files by hand: regenerate them with `actplot gallery --force`; "
        "`actplot gallery --check` fails when they no longer match what the code draws.",
        "",
        _LEGEND_TEXT,
        "",
        "Families: " + " · ".join(f"[{fam}](#{_md_anchor(fam)})" for fam, _, _ in sections),
        "",
    ]
    for family, members, sheet in sections:
        out += [f"## {family}", ""]
        if sheet is not None:
            for stem, what in ((sheet.stem, "f"), (f"{sheet.stem}-derivative", "f\u2032")):
                thumb, full = _image_choice(stem, formats)
                if thumb is not None:
                    out += [f'<a href="{full}"><img src="{thumb}" width="720" alt="{family} family: {what}"></a>', ""]
                out += [f"Comparison sheet, {what} of every member: [{full}]({full})", ""]
        if not members:
            continue
        out += ["| Plot | Function | Formula | Properties | Flavours and reference |", "|---|---|---|---|---|"]
        for meta in members:
            thumb, full = _image_choice(meta["name"], formats)
            image = (
                f'<a href="{full}"><img src="{thumb}" width="{THUMB_WIDTH}" alt="{meta["name"]}"></a>'
                if thumb is not None
                else f"[{full}]({full})"
            )
            files = " · ".join(f"[{fmt}]({meta['name']}.{fmt})" for fmt in formats)
            name_cell = f"**{_md_cell(meta['title'])}**<br>{_md_code(meta['name'])}"
            if meta["aliases"]:
                name_cell += "<br>aliases: " + ", ".join(_md_code(a) for a in meta["aliases"])
            if meta["params"]:
                name_cell += "<br>" + ", ".join(_md_code(f"{p}={v}") for p, v, _ in meta["params"])
            name_cell += f"<br>{files}"
            formula_cell = f"f: {_md_code(meta['formula'])}<br>f′: {_md_code(meta['derivative'])}"
            props_cell = "<br>".join(_md_cell(line) for line in _props_lines(meta))
            flav = [_md_cell(line) for line in _flavour_lines(meta)]
            if meta["flavour_groups"]:
                flav.append("**flavours differ:** " + _md_cell("; ".join(meta["flavour_groups"])))
            flav.append("ref: " + _md_cell(meta["reference"]))
            out.append(f"| {image} | {name_cell} | {formula_cell} | {props_cell} | {'<br>'.join(flav)} |")
        out.append("")
    return "\n".join(out).rstrip("\n") + "\n"


_CSS = """
:root { color-scheme: light; --fg: #1a1a1a; --muted: #5a5a5a; --line: #d8d8d8; --card: #fafafa; --accent: #0072B2; }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 1200px; padding: 1.5rem; font: 15px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--fg); background: #fff; }
h1 { margin: 0 0 .3rem; font-size: 1.7rem; }
h2 { margin: 2.2rem 0 .8rem; padding-bottom: .3rem; border-bottom: 2px solid var(--line); font-size: 1.35rem; }
h3 { margin: .5rem 0 .3rem; font-size: 1.05rem; }
p.lead, p.note { color: var(--muted); max-width: 60rem; }
nav.families { display: flex; flex-wrap: wrap; gap: .3rem 1rem; margin: .6rem 0; }
nav.families a { color: var(--accent); text-decoration: none; }
nav a:hover { text-decoration: underline; }
figure.sheet { margin: 0 0 1rem; }
figure.sheet img { max-width: 100%; height: auto; border: 1px solid var(--line); }
.cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(340px, 1fr)); gap: 1rem; }
.card { border: 1px solid var(--line); border-radius: 6px; padding: .7rem; background: var(--card); }
.card img { width: 100%; height: auto; display: block; border: 1px solid var(--line); background: #fff; }
.card dl { display: grid; grid-template-columns: max-content 1fr; gap: .15rem .6rem; margin: .4rem 0 0; font-size: .88rem; }
.card dt { color: var(--muted); }
.card dd { margin: 0; overflow-wrap: anywhere; }
code { font: .86rem/1.3 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; background: #eef1f4; padding: 0 .2rem; border-radius: 3px; }
.files a { margin-right: .5rem; color: var(--accent); }
.differ { color: #B04A00; }
ul.flav { margin: 0; padding-left: 1rem; }
.filter { display: flex; flex-wrap: wrap; gap: .5rem 1rem; align-items: center; margin: 1rem 0 .5rem; }
.filter[hidden], [hidden] { display: none !important; }
.filter input, .filter select { font: inherit; padding: .3rem .5rem; border: 1px solid #8a8a8a; border-radius: 4px; max-width: 100%; }
.filter input { flex: 1 1 14rem; min-width: 0; }
.filter output { color: var(--muted); }
@media (max-width: 480px) {
  body { padding: .8rem; }
  .cards { grid-template-columns: 1fr; }
}
"""

_FILTER_JS = r"""
(function () {
  "use strict";
  var controls = document.getElementById("filter");
  var box = document.getElementById("filter-text");
  var family = document.getElementById("filter-family");
  var count = document.getElementById("filter-count");
  var cards = Array.prototype.slice.call(document.querySelectorAll("article.card"));
  var sections = Array.prototype.slice.call(document.querySelectorAll("main > section"));
  var params = new URLSearchParams(window.location.search);
  box.value = params.get("q") || "";
  if (params.get("family")) { family.value = params.get("family"); }
  function matches(text, words) {
    return words.every(function (word) { return text.indexOf(word) !== -1; });
  }
  function apply() {
    var words = box.value.toLowerCase().split(/\s+/).filter(Boolean);
    var chosen = family.value;
    var shown = 0;
    cards.forEach(function (card) {
      var ok = (!chosen || card.dataset.family === chosen) && matches(card.dataset.search, words);
      card.hidden = !ok;
      if (ok) { shown += 1; }
    });
    sections.forEach(function (section) {
      var anyCard = section.querySelector("article.card:not([hidden])") !== null;
      var familyOk = !chosen || section.dataset.family === chosen;
      var named = words.length > 0 && matches(section.dataset.search, words);
      section.hidden = !(familyOk && (anyCard || named || (words.length === 0 && !section.querySelector("article.card"))));
    });
    count.textContent = shown === cards.length ? "all " + cards.length + " functions"
      : shown + " of " + cards.length + " functions";
  }
  box.addEventListener("input", apply);
  family.addEventListener("change", apply);
  box.addEventListener("keydown", function (event) {
    if (event.key === "Escape") { box.value = ""; apply(); }
  });
  // a family link to a section the filter hides shows everything again, then jumps there
  document.querySelectorAll("nav.families a").forEach(function (link) {
    link.addEventListener("click", function () {
      var target = document.getElementById(link.getAttribute("href").slice(1));
      if (target && target.hidden) { box.value = ""; family.value = ""; apply(); }
    });
  });
  controls.hidden = false;
  apply();
})();
"""


def _esc(text: str) -> str:
    return html.escape(text, quote=True)


def _index_html(sections: list[tuple[str, list[dict[str, Any]], Item | None]], formats: Sequence[str]) -> str:
    n_functions = sum(len(m) for _, m, _ in sections)
    out: list[str] = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        "<title>actplot gallery</title>",
        '<link rel="icon" href="data:,">',
        f"<style>{_CSS}</style>",
        "</head>",
        "<body>",
        "<header>",
        "<h1>actplot gallery</h1>",
        f'<p class="lead">{n_functions} activation functions in {len(sections)} families, drawn by '
        "<code>actplot gallery</code> from the registry. Regenerate with <code>actplot gallery --force</code>; "
        "<code>actplot gallery --check</code> fails when these files no longer match what the code draws.</p>",
        f'<p class="note">{_esc(_LEGEND_TEXT)}</p>',
        '<nav class="families" aria-label="families">'
        + "\n".join(f'<a href="#family-{family_slug(f)}">{_esc(f)}</a>' for f, _, _ in sections)
        + "</nav>",
        # shown by the script (without JavaScript there is nothing to filter with)
        '<form class="filter" id="filter" role="search" hidden onsubmit="return false">',
        '<input type="search" id="filter-text" placeholder="Filter by name, alias or family" '
        'aria-label="Filter functions by name, alias or family" autocomplete="off">',
        '<select id="filter-family" aria-label="Family"><option value="">all families</option>'
        + "".join(f'<option value="{_esc(f)}">{_esc(f)}</option>' for f, _, _ in sections)
        + "</select>",
        '<output id="filter-count" aria-live="polite"></output>',
        "</form>",
        "</header>",
        "<main>",
    ]
    for family, members, sheet in sections:
        out.append(
            f'<section id="family-{family_slug(family)}" data-family="{_esc(family)}" '
            f'data-search="{_esc(family.lower())}">'
        )
        out.append(f"<h2>{_esc(family)}</h2>")
        if sheet is not None:
            for stem, what in ((sheet.stem, "f"), (f"{sheet.stem}-derivative", "f\u2032")):
                thumb, full = _image_choice(stem, formats)
                if thumb is not None:
                    out.append(
                        f'<figure class="sheet"><a href="{_esc(full)}"><img src="{_esc(thumb)}" width="900" '
                        f'alt="{_esc(family)} family: {what} of every member, one panel each"></a></figure>'
                    )
                else:
                    out.append(f'<p><a href="{_esc(full)}">{_esc(family)} family sheet ({what})</a></p>')
        if members:
            out.append('<div class="cards">')
        for meta in members:
            name = meta["name"]
            thumb, full = _image_choice(name, formats)
            words = " ".join([name, meta["title"], *meta["aliases"], meta["family"]]).lower()
            out.append(
                f'<article class="card" id="fn-{_esc(name)}" data-family="{_esc(meta["family"])}" '
                f'data-search="{_esc(words)}">'
            )
            if thumb is not None:
                out.append(
                    f'<a href="{_esc(full)}"><img src="{_esc(thumb)}" width="{THUMB_WIDTH}" '
                    f'alt="{_esc(name)}: f and its derivatives" loading="lazy"></a>'
                )
            out.append(f"<h3>{_esc(meta['title'])} <code>{_esc(name)}</code></h3>")
            files = " ".join(f'<a href="{_esc(name)}.{fmt}">{fmt}</a>' for fmt in formats)
            out.append(f'<div class="files">{files}</div>')
            out.append("<dl>")
            if meta["aliases"]:
                out.append(f"<dt>aliases</dt><dd>{', '.join(f'<code>{_esc(a)}</code>' for a in meta['aliases'])}</dd>")
            if meta["params"]:
                params = ", ".join(f'<code title="{_esc(doc)}">{_esc(p)}={_esc(v)}</code>' for p, v, doc in meta["params"])
                out.append(f"<dt>parameters</dt><dd>{params}</dd>")
            out.append(f"<dt>f(x)</dt><dd>{_esc(meta['formula'])}</dd>")
            out.append(f"<dt>f′(x)</dt><dd>{_esc(meta['derivative'])}</dd>")
            props = meta.get("properties") or {}
            if "error" in props:
                out.append(f"<dt>properties</dt><dd>unavailable ({_esc(props['error'])})</dd>")
            else:
                source = " (declared)" if props.get("source") == "declared" else ""
                out.append(f"<dt>range</dt><dd>{_esc(props['range'])}{source}</dd>")
                out.append(f"<dt>monotonic</dt><dd>{_esc(props['monotonic'])}</dd>")
                out.append(f"<dt>smoothness</dt><dd>{_esc(props['smoothness'])}</dd>")
                out.append(f"<dt>f′(0)</dt><dd>{_esc(props['df0'])}</dd>")
            flav = "".join(f"<li>{_esc(line)}</li>" for line in _flavour_lines(meta))
            out.append(f'<dt>flavours</dt><dd><ul class="flav">{flav}</ul></dd>')
            if meta["flavour_groups"]:
                out.append(f'<dt class="differ">differ</dt><dd class="differ">{_esc("; ".join(meta["flavour_groups"]))}</dd>')
            out.append(f"<dt>reference</dt><dd>{_linkify(meta['reference'])}</dd>")
            out.append("</dl>")
            out.append("</article>")
        if members:
            out.append("</div>")
        out.append("</section>")
    out += ["</main>", f"<script>{_FILTER_JS}</script>", "</body>", "</html>"]
    return "\n".join(out) + "\n"


_URL_RE = re.compile(r"https?://[^\s)<>,;]+")
_ARXIV_RE = re.compile(r"arXiv:(\d{4}\.\d{4,5})")


def _linkify(text: str) -> str:
    """Escape ``text`` and turn URLs and arXiv ids into links."""
    pieces: list[str] = []
    pos = 0
    pattern = re.compile(f"{_URL_RE.pattern}|{_ARXIV_RE.pattern}")
    for match in pattern.finditer(text):
        pieces.append(_esc(text[pos:match.start()]))
        token = match.group(0)
        if token.startswith("arXiv:"):
            url = f"https://arxiv.org/abs/{token.split(':', 1)[1]}"
        else:
            url = token.rstrip(".")
        pieces.append(f'<a href="{_esc(url)}">{_esc(token)}</a>')
        pos = match.end()
    pieces.append(_esc(text[pos:]))
    return "".join(pieces)
