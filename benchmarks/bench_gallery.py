"""Benchmark ``actplot gallery`` against its speed targets. Prints figures and ratios; asserts nothing.

Run from the repository root with the project's environment::

    .venv/bin/python benchmarks/bench_gallery.py            # everything (a few minutes)
    .venv/bin/python benchmarks/bench_gallery.py --quick    # fewer functions, one repeat

Three measurements, each a wall-clock time of a fresh process (imports included), best of
``--repeat`` runs, into fresh temporary folders:

1. **Whole gallery vs a tutorial-style baseline.** ``actplot gallery -q`` (default formats PNG +
   SVG, default ``--jobs`` = all cores, index included) against a script that draws *the same
   figures* the way tutorials do: pyplot, ``plt.figure(...)`` per figure, one after another in one
   process, a layout engine that lays the figure out again on every ``savefig``, ``plt.savefig``
   per format, ``plt.close``. The drawing code is actplot's own (``render.plot_figure`` onto the
   pyplot figure), so both sides draw identical content; the baseline does no property
   computation and no index. Target: gallery ≤ 0.5 × baseline.
2. **Marginal cost of one more figure** on 2 workers: the gallery of N₁ and of N₂ functions
   (``--only``, ``--no-index``, ``-j 2``); (T₂ − T₁) / (files₂ − files₁). Target ≤ 25 ms per file.
3. **One core busy**: a busy-loop process spins on one core while the same set is rendered with
   ``-j 2`` and with ``-j 1``. Target: parallel ≤ 1.1 × sequential.

The machine's core count and load average are printed: other work on the machine distorts every
number here, so compare ratios taken in one run.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PYTHON = sys.executable

BASELINE = r"""
import sys, time
from pathlib import Path
import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt
from actplot import registry
from actplot.gallery import draw, plan
from actplot.views import render

out = Path(sys.argv[1])
formats = sys.argv[2].split(",")
only = sys.argv[3].split(",") if len(sys.argv) > 3 and sys.argv[3] else None
settings = plan.Settings(out_dir=str(out), formats=tuple(formats))
render._freeze_layout = lambda fig: None   # keep the layout engine on: every savefig lays out again
for item in plan.plan(only):
    fig = plt.figure(figsize=draw.item_size(item), dpi=settings.dpi)   # a new pyplot figure each
    draw.draw_item(item, settings, figure=fig)                           # the same content
    for fmt in formats:
        plt.savefig(out / f"{item.stem}.{fmt}", format=fmt)
    plt.close(fig)
"""


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _run(args: list[str]) -> tuple[float, float]:
    """(wall seconds, CPU seconds of the process and every worker it waited for)."""
    cpu0 = _children_cpu()
    start = time.perf_counter()
    result = subprocess.run(args, cwd=ROOT, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        raise SystemExit(f"command failed ({result.returncode}): {' '.join(args)}\n{result.stderr}")
    return elapsed, _children_cpu() - cpu0


def _best_pair(make_a, make_b, repeat: int) -> tuple[tuple[float, float], tuple[float, float]]:
    """Best of ``repeat`` runs of A and of B, interleaved (A, B, A, B, ...) so drifting load on a
    shared machine affects both sides alike."""
    runs_a, runs_b = [], []
    for _ in range(repeat):
        for make, runs in ((make_a, runs_a), (make_b, runs_b)):
            with tempfile.TemporaryDirectory(prefix="actplot-bench-") as tmp:
                runs.append(_run(make(Path(tmp) / "g")))
    return min(runs_a), min(runs_b)


def _minimal_figure_ms() -> float:
    """CPU ms per file for a minimal figure (one line, title, legend; PNG and SVG alternately):
    how fast matplotlib is on this machine, to put the absolute figures in proportion."""
    import io

    import numpy as np
    from matplotlib.figure import Figure

    x = np.linspace(-6, 6, 801)

    def once(fmt: str) -> None:
        fig = Figure(figsize=(7, 4.6), dpi=100)
        ax = fig.add_subplot()
        ax.plot(x, np.tanh(x), label="tanh")
        ax.legend()
        ax.set_title("tanh")
        fig.savefig(io.BytesIO(), format=fmt)

    once("png")
    once("svg")
    start = time.process_time()
    for i in range(10):
        once("png" if i % 2 else "svg")
    return (time.process_time() - start) / 10 * 1e3


def _calibrate() -> float:
    """Seconds for a fixed pure-Python loop (~0.4 s on an idle, typical 2020s core)."""
    start = time.perf_counter()
    total = 0
    for i in range(10_000_000):
        total += i
    return time.perf_counter() - start


def _gallery_args(out: Path, *extra: str) -> list[str]:
    return [PYTHON, "-m", "actplot", "-q", "gallery", "-o", str(out), *extra]


def _baseline_args(out: Path, formats: str, only: list[str] | None) -> list[str]:
    out.mkdir(parents=True, exist_ok=True)
    return [PYTHON, "-c", BASELINE, str(out), formats, ",".join(only or [])]


def _busy_loop() -> None:  # pragma: no cover - runs in a child process
    while True:
        pass


def _files_for(names: list[str], formats: str) -> int:
    return len(names) * len(formats.split(","))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="16 functions for the comparisons, one repeat")
    parser.add_argument("--repeat", type=int, default=None, help="runs per measurement (best is kept)")
    parser.add_argument("--parts", default="1,2,3", help="which measurements to run, e.g. 1,3")
    ns = parser.parse_args()
    parts = {p.strip() for p in ns.parts.split(",")}
    repeat = ns.repeat or (1 if ns.quick else 2)

    sys.path.insert(0, str(ROOT))
    import actplot

    names = actplot.names()
    formats = "png,svg"
    cores = os.cpu_count() or 1
    print(f"actplot gallery benchmark: {len(names)} functions, formats {formats}, {cores} cores, "
          f"load average {os.getloadavg()[0]:.2f} at start, best of {repeat}")
    print(f"calibration: 10M-iteration Python loop {_calibrate():.2f} s (about 0.4 s on an idle typical core); "
          f"a minimal one-line matplotlib figure costs {_minimal_figure_ms():.0f} ms CPU per file")
    print()

    if "1" in parts:
        _part1(names, formats, cores, repeat, ns.quick)
    if "2" in parts:
        _part2(names, formats, repeat, ns.quick)
    if "3" in parts:
        _part3(names, formats, repeat, ns.quick)
    print(f"load average at end {os.getloadavg()[0]:.2f}")


def _part1(names: list[str], formats: str, cores: int, repeat: int, quick: bool) -> None:
    """Whole gallery vs the tutorial-style pyplot baseline."""
    only = names[:16] if quick else None
    only_args = ["--only", ",".join(only)] if only else []
    what = "16 functions" if only else "whole gallery"
    (t_gallery, c_gallery), (t_baseline, c_baseline) = _best_pair(
        lambda out: _gallery_args(out, "-f", formats, *only_args),
        lambda out: _baseline_args(out, formats, only),
        repeat,
    )
    print(f"1. {what} (actplot gallery, -j {cores}):   {t_gallery:7.2f} s wall, {c_gallery:7.2f} s CPU")
    print(f"   tutorial-style pyplot baseline (1 process): {t_baseline:7.2f} s wall, {c_baseline:7.2f} s CPU")
    print(f"   ratio gallery / baseline = {t_gallery / t_baseline:.2f}   (target <= 0.50); "
          f"CPU ratio {c_gallery / c_baseline:.2f}")
    print()


def _part2(names: list[str], formats: str, repeat: int, quick: bool) -> None:
    """Marginal cost of one more figure on 2 workers."""
    n2 = names if not quick else names[:24]
    n1 = n2[: len(n2) // 2]

    def subset(sel: list[str]):
        return lambda out: _gallery_args(out, "-f", formats, "-j", "2", "--no-index", "--only", ",".join(sel))

    (t1, c1), (t2, c2) = _best_pair(subset(n1), subset(n2), repeat)
    files = _files_for(n2, formats) - _files_for(n1, formats)
    marginal = (t2 - t1) / files * 1e3
    marginal_cpu = (c2 - c1) / files * 1e3
    print(f"2. -j 2: {len(n1)} functions {t1:.2f} s, {len(n2)} functions {t2:.2f} s")
    print(f"   marginal cost = {marginal:.1f} ms wall per output file   (target <= 25 ms)")
    print(f"   marginal CPU = {marginal_cpu:.1f} ms per output file, i.e. {marginal_cpu / 2:.1f} ms wall "
          "on 2 otherwise idle cores")
    print()


def _part3(names: list[str], formats: str, repeat: int, quick: bool) -> None:
    """One core busy: parallel vs sequential."""
    sel = names[:16] if quick else names
    busy = multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods() else None)
    spinner = busy.Process(target=_busy_loop, daemon=True)
    spinner.start()
    try:
        time.sleep(0.2)
        (t_par, _), (t_seq, _) = _best_pair(
            lambda out: _gallery_args(out, "-f", formats, "-j", "2", "--no-index", "--only", ",".join(sel)),
            lambda out: _gallery_args(out, "-f", formats, "-j", "1", "--no-index", "--only", ",".join(sel)),
            repeat,
        )
    finally:
        spinner.terminate()
        spinner.join()
    print(f"3. one core busy, {len(sel)} functions: -j 2 {t_par:.2f} s, -j 1 {t_seq:.2f} s")
    print(f"   ratio parallel / sequential = {t_par / t_seq:.2f}   (target <= 1.10)")
    print()


if __name__ == "__main__":
    main()
