"""The ``actplot gallery`` command: batch-export every function (see :mod:`actplot.gallery.runner`).

Importing this module is cheap (standard library, typer and :mod:`actplot.cli.console`, :mod:`actplot.cli.parsing`): rich,
matplotlib and the :mod:`actplot.gallery` modules are imported only when the command runs.
"""

from __future__ import annotations

import json
import sys
from typing import TYPE_CHECKING, Annotated, Any

import typer

from actplot.cli import completion, console, options, parsing, state

if TYPE_CHECKING:
    from actplot.gallery.summary import ItemResult, Summary


def gallery(
    output: Annotated[
        str, typer.Option("--output", "-o", metavar="DIR", help="Output folder (created if missing).")
    ] = "gallery",
    formats: Annotated[
        str,
        typer.Option(
            "--format",
            "-f",
            metavar="png,svg,pdf",
            help="Comma-separated image formats.",
            autocompletion=options.complete_image_formats,
        ),
    ] = "png,svg",
    only: Annotated[
        list[str] | None,
        typer.Option(
            "--only",
            metavar="NAMES|FAMILY",
            help="Only these functions and/or families (comma-separated or repeated); "
            "a family also brings its comparison sheet.",
            show_default=False,
            autocompletion=completion.complete_gallery_only,
        ),
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Overwrite files whose content differs from what would be drawn.")
    ] = False,
    check: Annotated[
        bool,
        typer.Option("--check", help="Write nothing; exit 1 listing stale, missing and extra files."),
    ] = False,
    jobs: Annotated[
        int | None,
        typer.Option("--jobs", "-j", metavar="N", help="Worker processes (default: all cores; 1: no workers).",
                     show_default=False),
    ] = None,
    index: Annotated[
        bool | None,
        typer.Option("--index/--no-index", help="Write index.md and index.html (default: unless --only is given).",
                     show_default=False),
    ] = None,
    dpi: Annotated[str, typer.Option("--dpi", metavar="DPI", help="PNG resolution, dots per inch.")] = "100",
    theme: Annotated[
        str,
        typer.Option("--theme", metavar="light|dark|grayscale", help="Colour theme.", autocompletion=options.complete_theme),
    ] = "light",
    as_json: Annotated[
        bool, typer.Option("--json", help="Print a JSON summary on stdout (nothing else goes to stdout).")
    ] = False,
) -> None:
    """Render every activation function, its derivatives and flavours into a browsable folder.

    [bold]Examples[/bold]

      actplot gallery                          # gallery/: PNG + SVG per function, family sheets, index.md/html
      actplot gallery --check                  # exit 1 if gallery/ no longer matches what the code draws
      actplot gallery -o /tmp/g --only rectifier,gelu -f svg
      actplot gallery --force -j 4 --json | jq .written

    A file that already holds exactly what would be drawn is kept (so an interrupted run completes
    when rerun); a file that differs is replaced only with --force, otherwise it is listed and the
    command exits 2. Every file is written atomically. Files are byte-identical from run to run on
    one machine and pinned environment (matplotlib, FreeType, fonts): --check is meant for that
    environment. Progress goes to stderr (hidden with -q or when stderr is not a terminal).

    Exit codes: 0 every file written or already up to date (--check: the folder matches);
    1 a function failed to render or a file could not be written (--check: stale, missing or
    extra files); 2 usage error, or files differ and --force was not given (listed, untouched);
    130 interrupted (finished files are whole; rerun to complete).
    """
    from actplot import _mpl_startup

    _mpl_startup.prepare_command_process()
    from actplot.gallery import runner
    from actplot.gallery.summary import GalleryInterrupted
    from actplot.views.styles import THEMES

    dpi_value = parsing.parse_float("--dpi", dpi)
    theme_name = parsing.choose("--theme", theme, THEMES)
    if jobs is not None and jobs < 1:
        raise parsing.usage_error(f"--jobs must be at least 1, got {jobs}")

    progress = _Progress(enabled=not state.state().quiet, files_per_item=len(runner.check_formats([formats])))
    try:
        with progress:
            summary = runner.run(
                output,
                formats=[formats],
                only=only,
                jobs=jobs,
                force=force,
                check=check,
                index=index,
                dpi=dpi_value,
                theme=theme_name,
                on_start=progress.start,
                on_result=progress.advance,
            )
    except GalleryInterrupted as exc:
        summary = exc.summary
        console.write_err(f"Interrupted after {summary.done} of {len(summary.planned)} files; rerun to complete.")
        if as_json:
            _print_json(summary)
        _exit_now(130)
        raise typer.Exit(130) from None
    _report(summary)
    if as_json:
        _print_json(summary)
    code = summary.exit_code
    if code:
        raise typer.Exit(code)


def _exit_now(code: int) -> None:
    """After Ctrl-C, end a real ``actplot`` process at once.

    Everything is already finished (workers stopped, temporary files removed, message printed);
    only the interpreter's teardown of matplotlib and SciPy remains, which can take longer than
    the one second a user waits after Ctrl-C. Skipped when the streams are replaced (tests,
    CliRunner, embedding), where the normal ``typer.Exit`` path runs instead.
    """
    if sys.stdout is not sys.__stdout__ or sys.stderr is not sys.__stderr__:
        return
    import os

    for stream in (sys.stdout, sys.stderr):
        try:
            if stream is not None:
                stream.flush()
        except (OSError, ValueError):
            pass
    os._exit(code)


def _print_json(summary: Summary) -> None:
    console.write_out(json.dumps(summary.as_dict(), indent=2, ensure_ascii=False, allow_nan=False))


def _list(names: list[str], limit: int = 30) -> str:
    shown = ", ".join(names[:limit])
    return shown + (f", … ({len(names) - limit} more)" if len(names) > limit else "")


def _report(summary: Summary) -> None:
    """Human summary on stderr: failures and conflicts always, the totals unless -q."""
    for name, error in sorted(summary.failures.items()):
        console.write_err(f"Error: {name} failed: {error}")
    if summary.failures:
        names = sorted(summary.failures)
        console.write_err(f"Error: {len(names)} of {len(names) + _ok_items(summary)} figures failed: {_list(names)}")
    if summary.index_note:
        console.write_err(f"Note: {summary.index_note}")
    if summary.check:
        problems = [("stale", summary.stale), ("missing", summary.missing), ("extra", summary.extra)]
        for what, names in problems:
            if names:
                console.write_err(f"{what} ({len(names)}): {_list(names)}")
        if summary.clean:
            console.info(f"{summary.out_dir}: all {len(summary.planned)} files match what the code draws")
        elif not summary.failures:
            fixes = []
            if summary.stale or summary.missing:
                fixes.append("run 'actplot gallery --force'")
            if summary.extra:
                fixes.append("remove the extra files")
            console.write_err(
                f"Error: {summary.out_dir} does not match what the code draws; {' and '.join(fixes)}, "
                "then commit the result"
            )
        return
    conflicts = summary.conflicts
    if conflicts:
        console.write_err(
            f"Error: refusing to overwrite {len(conflicts)} file(s) that differ from what would be drawn "
            f"(use --force): {_list(conflicts)}"
        )
    written = len(summary.names("written")) + len(summary.names("overwritten"))
    unchanged = len(summary.names("unchanged"))
    console.info(
        f"{summary.out_dir}: {summary.done} of {len(summary.planned)} files done "
        f"({written} written, {unchanged} already up to date) in {summary.seconds:.1f} s with {summary.jobs} "
        f"job{'s' if summary.jobs != 1 else ''}"
    )


def _ok_items(summary: Summary) -> int:
    stems = {name.rsplit(".", 1)[0] for name in summary.planned} - {"index"}
    return len(stems - set(summary.failures))


class _Progress:
    """A rich progress bar on stderr, only when stderr is a terminal and -q is not given.

    It counts files, as every other message of the command does ("12 of 114 files done"): each
    figure is ``files_per_item`` files (one per format), counted when its files are settled.
    It starts when the workers exist (``start``), never before forking, so no display thread is
    running when the worker processes are created.
    """

    def __init__(self, *, enabled: bool, files_per_item: int = 1) -> None:
        self.enabled = enabled
        self.files_per_item = files_per_item
        self._progress: Any = None
        self._task: Any = None

    def total_files(self, items: int) -> int:
        return items * self.files_per_item

    def files_done(self, result: ItemResult) -> int:
        """The files one finished figure accounts for (all of them, also when it failed)."""
        return max(len(result.statuses), self.files_per_item)

    def __enter__(self) -> _Progress:
        return self

    def __exit__(self, *exc: object) -> None:
        if self._progress is not None:
            try:
                self._progress.stop()
            except Exception:  # noqa: BLE001 - never mask the real outcome
                pass
            self._progress = None

    def start(self, total: int) -> None:
        if not self.enabled or not _stderr_is_terminal():
            return
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        err = console.make_console(stderr=True)
        if not err.is_terminal:
            return
        self._progress = Progress(
            TextColumn("gallery"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("files"),
            TimeElapsedColumn(),
            TextColumn("{task.description}"),
            console=err,
            transient=True,
        )
        self._progress.start()
        self._task = self._progress.add_task("", total=self.total_files(total))

    def advance(self, result: ItemResult) -> None:
        if self._progress is None:
            return
        self._progress.update(self._task, advance=self.files_done(result), description=result.item.stem)


def _stderr_is_terminal() -> bool:
    try:
        return sys.stderr.isatty()
    except (AttributeError, ValueError, OSError):
        return False
