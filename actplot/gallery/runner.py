"""A gallery run: plan, draw every item (in worker processes), settle the files, write the index.

``actplot gallery`` (see :mod:`actplot.cli.gallery`) calls :func:`run`. The pieces it joins:

* :mod:`~actplot.gallery.plan` — which figures and files (from the registry, never a list);
* :mod:`~actplot.gallery.draw` — one figure, drawn with the same views as ``actplot plot``;
* :mod:`~actplot.gallery.folder` — each file's bytes compared with the disk, written atomically
  only when missing (or with ``force``); check mode writes nothing;
* :mod:`~actplot.gallery.pool` — forked workers, Ctrl-C, clean stop;
* :mod:`~actplot.gallery.index` with :mod:`~actplot.gallery.markdown_page` and
  :mod:`~actplot.gallery.html_page` — one index model, written as ``index.md`` and ``index.html``;
* :mod:`~actplot.gallery.summary` — statuses, failures, exit code.

Checking "exactly what would be drawn" means rendering every figure even when nothing changes. A
function that fails to render is reported by name; the others are still written, and the index is
then left alone (it would list a figure that does not exist).

Byte identity holds for one machine and one pinned environment (matplotlib, FreeType, fonts);
``--check`` is meant to run in the project's pinned CI environment.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from actplot import registry
from actplot._files import sweep_temp_files
from actplot.errors import ActplotError, OutputError
from actplot.gallery import draw, folder
from actplot.gallery.html_page import write_html
from actplot.gallery.index import FunctionEntry, build_index, function_entry
from actplot.gallery.markdown_page import write_markdown
from actplot.gallery.plan import (
    DEFAULT_DIR,
    DEFAULT_DPI,
    DEFAULT_FORMATS,
    DEFAULT_THEME,
    FUNCTION,
    Item,
    Settings,
    plan,
    planned_files,
)
from actplot.gallery.pool import available_cores, run_parallel
from actplot.gallery.summary import GalleryInterrupted, ItemResult, Summary

_FIGURE: Any = None
"""The Figure this process reuses for every item it draws (cleared in between)."""


def render_item(item: Item, settings: Settings) -> ItemResult:
    """Draw ``item``, compare/write each format, compute its index entry. Never raises an Exception."""
    global _FIGURE
    from actplot.views import export

    result = ItemResult(item)
    try:
        fig = draw.draw_item(item, settings, figure=_FIGURE)
        _FIGURE = fig
        out = Path(settings.out_dir)
        for fmt in settings.formats:
            name = f"{item.stem}.{fmt}"
            data = export.figure_bytes(fig, fmt, salt=f"gallery:{item.stem}")
            result.statuses[name] = folder.settle(out / name, data, settings)
        if item.kind == FUNCTION:
            result.entry = function_entry(registry.lookup(item.key))
    except Exception as exc:  # noqa: BLE001 - reported by name at the end
        detail = " ".join(str(exc).split())[:300]
        result.error = f"{type(exc).__name__}: {detail}" if detail else type(exc).__name__
    return result


def index_pages(items: Sequence[Item], entries: Sequence[FunctionEntry], formats: Sequence[str]) -> dict[str, str]:
    """``index.md`` and ``index.html`` for ``items``: one model, two writers."""
    model = build_index(items, entries, formats)
    return {"index.md": write_markdown(model), "index.html": write_html(model)}


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
    :class:`~actplot.gallery.summary.GalleryInterrupted` once workers are stopped and temporary
    files removed.
    """
    from actplot.views import figure_options

    started = time.perf_counter()
    started_wall = time.time()
    fmts = check_formats(formats)
    if check and force:
        raise ActplotError("--check and --force cannot be combined (--check never writes)")
    figure_options.validate_options(figure_options.FigureOptions(theme=theme, size=draw.FAMILY_SIZE, dpi=dpi))
    items = plan(only)
    if not items:
        raise ActplotError("nothing to draw: the registry is empty")
    with_index = (only is None) if index is None else index
    workers = _jobs(jobs, len(items))
    out = Path(out_dir)
    settings = Settings(out_dir=str(out), formats=fmts, dpi=float(dpi), theme=theme, check=check, force=force)
    summary = Summary(out_dir=str(out), formats=fmts, check=check, jobs=workers)
    summary.planned = planned_files(items, fmts, with_index=with_index)
    if check:
        if out.exists() and not out.is_dir():
            raise OutputError(f"cannot check {out}: it is not a directory")
    else:
        folder.make_dir(out)
        sweep_temp_files(out, summary.planned)
    results: dict[str, ItemResult] = {}

    def record(res: ItemResult) -> None:
        results[res.item.stem] = res
        summary.statuses.update(res.statuses)
        if res.error is not None:
            summary.failures[res.item.stem] = res.error
        if on_result is not None:
            on_result(res)

    def interrupted(*, count_unreported: bool) -> GalleryInterrupted:
        summary.interrupted = True
        if not check:
            sweep_temp_files(out, summary.planned)
            if count_unreported:
                _count_unreported(out, items, results, fmts, summary, started_wall)
        summary.seconds = time.perf_counter() - started
        return GalleryInterrupted(summary)

    try:
        if workers <= 1:
            if on_start is not None:
                on_start(len(items))
            for item in items:
                record(render_item(item, settings))
        else:
            run_parallel(items, render_item, settings, workers, record, on_start)
    except KeyboardInterrupt:
        raise interrupted(count_unreported=True) from None

    try:
        if with_index:
            if summary.failures:
                summary.index_note = "index files not written: some figures failed"
            else:
                entries = [results[item.stem].entry for item in items if item.kind == FUNCTION]
                pages = index_pages(items, [e for e in entries if e is not None], fmts)
                for name, text in pages.items():
                    summary.statuses[name] = folder.settle(out / name, text.encode("utf-8"), settings)
                summary.index_written = not check
        if check and only is None:
            summary.extra = folder.extra_files(out, summary.planned)
    except KeyboardInterrupt:
        raise interrupted(count_unreported=False) from None
    summary.seconds = time.perf_counter() - started
    return summary


def _count_unreported(out: Path, items: list[Item], results: dict[str, ItemResult], formats: tuple[str, ...],
                      summary: Summary, since: float) -> None:
    """After Ctrl-C: files of unfinished items that this run already moved into place count as written."""
    for item in items:
        if item.stem not in results:
            for name in folder.written_since(out, item.files(formats), since):
                summary.statuses[name] = folder.WRITTEN


def _jobs(jobs: int | None, n_items: int) -> int:
    if jobs is None:
        jobs = available_cores()
    if jobs < 1:
        raise ActplotError(f"--jobs must be at least 1, got {jobs}")
    return max(1, min(jobs, n_items))


def check_formats(formats: Sequence[str]) -> tuple[str, ...]:
    """``["png,svg", "pdf"]`` → ``("png", "svg", "pdf")``: split, lower-cased, deduplicated, validated."""
    from actplot.views.figure_options import FORMATS

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
