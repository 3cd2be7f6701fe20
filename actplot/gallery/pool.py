"""Worker processes for a gallery run: start them forked, collect results, stop them on Ctrl-C.

Workers are forked (where the platform can) from a parent that has already imported matplotlib
and the backends, so each inherits them instead of importing them again, and each reuses one
Figure for every item it draws. Ctrl-C reaches the whole process group: workers ignore SIGINT,
the parent decides, and stops them with SIGTERM; a worker then removes the temporary file it is
writing and exits at once. Files only ever appear by atomic rename, so every finished file is whole.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import time
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from actplot import _files
from actplot.gallery.plan import FUNCTION, Item, Settings
from actplot.gallery.summary import ItemResult

Task = Callable[[Item, Settings], ItemResult]
"""What a worker does with one item: a module-level function (it is pickled by reference)."""


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


def available_cores() -> int:
    """Cores this process may run on (CPU affinity where the platform reports it), at least 1."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def balanced(items: Sequence[Item]) -> list[Item]:
    """Slow items first (family sheets and multi-panel figures), so workers finish together."""
    return sorted(items, key=lambda it: 0 if it.kind != FUNCTION else 1)


def run_parallel(
    items: Sequence[Item],
    task: Task,
    settings: Settings,
    workers: int,
    record: Callable[[ItemResult], None],
    on_start: Callable[[int], None] | None,
) -> None:
    """Run ``task(item, settings)`` for every item in ``workers`` forked processes; ``record`` each
    result in the parent as it arrives. Any exception here (Ctrl-C included) stops the workers
    before it propagates."""
    prepare_parent()
    executor = ProcessPoolExecutor(max_workers=workers, mp_context=fork_context(), initializer=_worker_init)
    stopped = False
    try:
        # Submitting forks every worker at once (fork start method) before any thread runs here;
        # progress display threads start only afterwards, in on_start.
        futures: dict[Future[ItemResult], Item] = {}
        for item in balanced(items):
            futures[executor.submit(task, item, settings)] = item
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
        stop_workers(executor)
        stopped = True
        raise
    finally:
        if not stopped:
            executor.shutdown(wait=True)


def stop_workers(executor: ProcessPoolExecutor, grace: float = 0.3) -> None:
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
