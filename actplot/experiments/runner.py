"""Run independent jobs: here, in a local process pool (``-j``), or on a Dask cluster (``--dask``),
keeping finished runs in a store so an interrupted sweep resumes.

A job is one run — (experiment, function, seed index, configuration) — and :func:`run_job` is a
pure function of it. Each job runs with one BLAS thread (``threadpoolctl``): the summation order
of a matrix product then does not depend on how many threads the library would have started,
so the numbers are the same with ``-j 1``, ``-j 8`` or a cluster; parallelism comes from running
several jobs at once. Results are returned in job order, whatever order they finish in.

The store is a folder of JSON files, one per finished run, named by the SHA-256 of the job's
configuration, the package version and a fingerprint of the code (so an edited kernel or
network is a new run). Each file is written atomically: a run is either stored whole or not at
all, and Ctrl-C never leaves a half-written file.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import multiprocessing
import os
import signal
import time
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from actplot.errors import ActplotError
from actplot.experiments.records import Record, records_from_rows, records_to_rows
from actplot.experiments.signal import SignalConfig, signal_run
from actplot.experiments.train import TrainConfig, train_run

STORE_ENV = "ACTPLOT_STORE"


@dataclass(frozen=True)
class Job:
    """One run: a function (SPEC), a seed index and the experiment's configuration."""

    spec: str
    seed: int
    config: SignalConfig | TrainConfig

    @property
    def experiment(self) -> str:
        return "signal" if isinstance(self.config, SignalConfig) else "train"

    def key(self) -> str:
        """SHA-256 of everything the run's numbers depend on."""
        text = json.dumps(
            {"experiment": self.experiment, "spec": self.spec, "seed": self.seed, "config": self.config.as_dict(),
             "code": code_fingerprint()},
            sort_keys=True,
        )
        return hashlib.sha256(text.encode()).hexdigest()


def run_job(job: Job) -> list[Record]:
    """The job's records, computed with one BLAS thread."""
    from threadpoolctl import threadpool_limits

    with threadpool_limits(limits=1):
        if isinstance(job.config, SignalConfig):
            return signal_run(job.spec, job.config, job.seed)
        return train_run(job.spec, job.config, job.seed)


@cache
def code_fingerprint() -> str:
    """The package version and a hash of the package's source files."""
    from actplot import __version__

    root = Path(__file__).resolve().parent.parent
    digest = hashlib.sha256(__version__.encode())
    # what a run's numbers depend on: the core, the catalogue, expressions (expression SPECs) and the experiments
    sources = ("*.py", "catalogue/*.py", "expressions/*.py", "experiments/*.py")
    for path in sorted(p for pattern in sources for p in root.glob(pattern)):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return f"{__version__}-{digest.hexdigest()[:16]}"


class Store:
    """Finished runs in ``folder`` (created on first write)."""

    def __init__(self, folder: str | Path) -> None:
        self.folder = Path(folder)

    def _path(self, job: Job) -> Path:
        key = job.key()
        return self.folder / key[:2] / f"{key}.json"

    def get(self, job: Job) -> list[Record] | None:
        try:
            data = json.loads(self._path(job).read_text(encoding="utf-8"))
            return records_from_rows(data["records"])
        except (OSError, ValueError, KeyError, TypeError):
            return None  # missing or unreadable: run it again

    def put(self, job: Job, records: Sequence[Record]) -> None:
        from actplot import _files

        path = self._path(job)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise ActplotError(f"cannot create the run store {self.folder}: {exc.strerror or exc} (use --no-store)") from None
        payload = {"spec": job.spec, "seed": job.seed, "config": job.config.as_dict(), "records": records_to_rows(records)}
        _files.write_atomic(path, json.dumps(payload, allow_nan=False).encode(), fsync=False)


def default_store() -> Path:
    """``$ACTPLOT_STORE``, else ``$XDG_CACHE_HOME/actplot/runs`` (``~/.cache/actplot/runs``)."""
    explicit = os.environ.get(STORE_ENV)
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "actplot" / "runs"


def available_cores() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def run_jobs(jobs: Sequence[Job], **options: Any) -> list[Record]:
    """All jobs' records, concatenated in job order (see :func:`run_each` for the options)."""
    return [r for records in run_each(jobs, **options) for r in records]


def run_each(
    jobs: Sequence[Job],
    *,
    workers: int | None = None,
    dask: str | Any | None = None,
    store: Store | None = None,
    on_start: Callable[[int], None] | None = None,
    on_result: Callable[[Job], None] | None = None,
) -> list[list[Record]]:
    """Each job's records, in job order. Stored runs are reused; the others run in
    this process (``workers == 1``), in a process pool, or on the Dask cluster at ``dask`` (an
    address or a ``distributed.Client``). ``on_start(n)`` is called once with the number of jobs
    and ``on_result(job)`` after each. Ctrl-C stops the workers and raises KeyboardInterrupt;
    runs already finished are in the store."""
    results: dict[int, list[Record]] = {}
    pending: list[int] = []
    for i, job in enumerate(jobs):
        found = store.get(job) if store is not None else None
        if found is None:
            pending.append(i)
        else:
            results[i] = found
    def started() -> None:
        if on_start is not None:
            on_start(len(jobs))
        for i in results:
            if on_result is not None:
                on_result(jobs[i])

    def finish(i: int, records: list[Record]) -> None:
        results[i] = records
        if store is not None:
            store.put(jobs[i], records)
        if on_result is not None:
            on_result(jobs[i])

    n = min(workers or available_cores(), len(pending))
    if dask is not None and pending:
        started()
        _run_dask([jobs[i] for i in pending], pending, dask, finish)
    elif n > 1:
        _run_pool(jobs, pending, n, finish, started)  # calls started() once the workers exist
    else:
        started()
        for i in pending:
            finish(i, run_job(jobs[i]))
    return [results[i] for i in range(len(jobs))]


# --- local process pool ----------------------------------------------------------------------------


def _on_sigterm(signum: int, frame: Any) -> None:
    from actplot import _files

    _files.remove_active_temp_files()
    os._exit(143)


def _worker_init() -> None:
    # Ctrl-C reaches the whole process group: the parent decides; workers ignore SIGINT and are
    # stopped with SIGTERM by the parent.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, _on_sigterm)


def _context() -> Any:
    if "fork" in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("fork")
    return None


def _run_pool(jobs: Sequence[Job], pending: list[int], workers: int, finish: Callable[[int, list[Record]], None],
              started: Callable[[], None]) -> None:
    executor = ProcessPoolExecutor(max_workers=workers, mp_context=_context(), initializer=_worker_init)
    stopped = False
    try:
        # submitting forks the workers before any progress-display thread exists in this process
        futures: dict[Future[list[Record]], int] = {executor.submit(run_job, jobs[i]): i for i in pending}
        started()
        for future in as_completed(futures):
            finish(futures[future], future.result())
    except BaseException:
        _stop(executor)
        stopped = True
        raise
    finally:
        if not stopped:
            executor.shutdown(wait=True)


def _stop(executor: ProcessPoolExecutor, grace: float = 0.3) -> None:
    """Terminate the pool's processes now (SIGTERM, then SIGKILL after ``grace`` seconds)."""
    procs = list((getattr(executor, "_processes", None) or {}).values())
    for proc in procs:
        with contextlib.suppress(OSError, ValueError, AttributeError):
            proc.terminate()
    deadline = time.monotonic() + grace
    for proc in procs:
        try:
            proc.join(max(0.0, deadline - time.monotonic()))
            if proc.is_alive():
                proc.kill()
                proc.join(0.5)
        except (OSError, ValueError, AssertionError):
            pass
    with contextlib.suppress(Exception):
        executor.shutdown(wait=False, cancel_futures=True)


# --- Dask -------------------------------------------------------------------------------------------


def _run_dask(jobs: list[Job], indices: list[int], dask: str | Any, finish: Callable[[int, list[Record]], None]) -> None:
    try:
        from distributed import Client
        from distributed import as_completed as dask_completed
    except ImportError:
        raise ActplotError("--dask needs Dask distributed; install it with: pip install 'actplot[dask]'") from None
    own = isinstance(dask, str)
    client: Any
    try:
        client = Client(dask, timeout="10s") if own else dask
    except (OSError, TimeoutError, ValueError) as exc:
        raise ActplotError(f"cannot connect to the Dask scheduler at {dask}: {' '.join(str(exc).split())[:200]}") from None
    futures: list[Any] = []
    try:
        futures = client.map(run_job, jobs, pure=False)
        where = {f.key: i for f, i in zip(futures, indices)}
        for future in dask_completed(futures):
            finish(where[future.key], future.result())
    except BaseException:
        for f in futures:
            f.cancel()
        raise
    finally:
        if own:
            client.close()
