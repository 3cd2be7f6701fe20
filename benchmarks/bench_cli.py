"""Start-up and end-to-end cost of the ``actplot`` command, as ratios against floors.

Run: python benchmarks/bench_cli.py [--runs 9] [--actplot PATH]

Every figure is a whole process (fork, interpreter start, imports, work, exit) timed with a wall
clock; peak memory is the child's ``ru_maxrss`` from ``os.wait4``. Each actplot command is paired
with a floor written with the same stack, and the pair is run alternately (floor first on even
runs, actplot first on odd runs) so that drift and load affect both alike; the ratio is
median(actplot) / median(floor). The floors (written to a temporary folder):

  (a) a minimal typer app's ``--help``;
  (b) a minimal typer command printing a rich table of 11 sigmoid values computed with NumPy;
  (c) a minimal script drawing f and f' of sigmoid with the matplotlib Figure API and saving one
      7x5 in PNG at 100 dpi;
  (d) the same script saving a PDF with ``pdf.fonttype = 42``: the same kind of file actplot writes
      (TrueType fonts, which venue checkers require, instead of matplotlib's default Type 3).

Targets: --help/--version <= 1.15 (a); table sigmoid and the terminal plot <= 1.15 (b);
-o s.png / s.svg <= 1.25 (c), s.pdf <= 1.4 (c); peak memory of -o s.png and s.pdf <= 1.2 (c).
The PDF is also shown against (d), the floor of its own format (<= 1.25, as PNG and SVG against
theirs); the (c) comparison and its target stay as they were.
This is a benchmark, not a test: it prints a table and exits 0 (1 only if a command fails).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

FLOOR_A = '''
import typer

app = typer.Typer()


@app.command()
def main(name: str = "world", count: int = 1) -> None:
    """Say hello."""


app()
'''

FLOOR_B = '''
import numpy as np
import typer
from rich.console import Console
from rich.table import Table

app = typer.Typer()


@app.command()
def main() -> None:
    x = np.linspace(-5.0, 5.0, 11)
    y = 1.0 / (1.0 + np.exp(-x))
    table = Table()
    table.add_column("x", justify="right")
    table.add_column("sigmoid(x)", justify="right")
    for a, b in zip(x, y):
        table.add_row(f"{a:g}", f"{b:.7g}")
    Console().print(table)


app()
'''

FLOOR_C = '''
import numpy as np
from matplotlib.figure import Figure

x = np.linspace(-6.0, 6.0, 801)
s = 1.0 / (1.0 + np.exp(-x))
d = s * (1.0 - s)
fig = Figure(figsize=(7, 5), dpi=100)
ax = fig.subplots()
ax.plot(x, s, label="f")
ax.plot(x, d, "--", label="f'")
ax.legend()
fig.savefig("floor.png", dpi=100)
'''

FLOOR_D = FLOOR_C.replace("from matplotlib.figure import Figure",
                          "import matplotlib\nfrom matplotlib.figure import Figure\n\nmatplotlib.rcParams[\"pdf.fonttype\"] = 42",
                          ).replace('fig.savefig("floor.png", dpi=100)', 'fig.savefig("floor.pdf", dpi=100)')


@dataclass
class Sample:
    seconds: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)
    peak_kb: list[int] = field(default_factory=list)

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)

    @property
    def cpu_median(self) -> float:
        return statistics.median(self.cpu)

    @property
    def peak_mb(self) -> float:
        return max(self.peak_kb) / 1024.0


def run_once(argv: list[str], cwd: Path, env: dict[str, str]) -> tuple[float, float, int]:
    """Wall-clock seconds, CPU seconds (user + system) and peak RSS (KiB) of one process."""
    start = time.perf_counter()
    proc = subprocess.Popen(argv, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    err = proc.stderr.read() if proc.stderr else b""
    if proc.stderr:
        proc.stderr.close()
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(argv)} exited {proc.returncode}: {err.decode(errors='replace')[-500:]}")
    return elapsed, usage.ru_utime + usage.ru_stime, int(usage.ru_maxrss)


@dataclass(frozen=True)
class Pair:
    label: str
    argv: list[str]
    floor: str
    target: float


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9, help="runs per command (median); default 9")
    parser.add_argument("--actplot", default=None, help="the actplot executable (default: next to this Python)")
    args = parser.parse_args()

    exe = args.actplot or str(Path(sys.executable).parent / "actplot")
    if not Path(exe).exists():
        found = shutil.which("actplot")
        if found is None:
            print("actplot is not installed (pip install -e .)", file=sys.stderr)
            return 1
        exe = found

    work = Path(tempfile.mkdtemp(prefix="bench_cli_"))
    floors = {}
    for key, source in (("a", FLOOR_A), ("b", FLOOR_B), ("c", FLOOR_C), ("d", FLOOR_D)):
        path = work / f"floor_{key}.py"
        path.write_text(source)
        floors[key] = [sys.executable, str(path)] + (["--help"] if key == "a" else [])
    env = dict(os.environ, MPLBACKEND="Agg", COLUMNS="80", PYTHONDONTWRITEBYTECODE="0")
    env.pop("NO_COLOR", None)

    pairs = [
        Pair("actplot --help", [exe, "--help"], "a", 1.15),
        Pair("actplot --version", [exe, "--version"], "a", 1.15),
        Pair("actplot table sigmoid", [exe, "table", "sigmoid"], "b", 1.15),
        Pair("actplot sigmoid (terminal)", [exe, "sigmoid"], "b", 1.15),
        Pair("actplot sigmoid -d (terminal)", [exe, "sigmoid", "-d"], "b", 1.15),
        Pair("actplot sigmoid -d -o s.png", [exe, "sigmoid", "-d", "-o", "s.png"], "c", 1.25),
        Pair("actplot sigmoid -d -o s.svg", [exe, "sigmoid", "-d", "-o", "s.svg"], "c", 1.25),
        Pair("actplot sigmoid -d -o s.pdf", [exe, "sigmoid", "-d", "-o", "s.pdf"], "c", 1.4),
        Pair("actplot sigmoid -d -o s.pdf", [exe, "sigmoid", "-d", "-o", "s.pdf"], "d", 1.25),
    ]

    # warm the caches (bytecode, matplotlib font cache) once, outside the measurements
    for argv in [*floors.values(), *(p.argv for p in pairs)]:
        run_once(argv, work, env)

    samples: dict[tuple[str, str], Sample] = {}
    floor_samples: dict[tuple[str, str], Sample] = {}
    for i in range(args.runs):
        for pair in pairs:
            order = [("floor", floors[pair.floor]), ("actplot", pair.argv)]
            if i % 2:
                order.reverse()
            for kind, argv in order:
                seconds, cpu, peak = run_once(argv, work, env)
                bucket = (samples if kind == "actplot" else floor_samples).setdefault((pair.label, pair.floor), Sample())
                bucket.seconds.append(seconds)
                bucket.cpu.append(cpu)
                bucket.peak_kb.append(peak)

    print(f"{args.runs} alternating runs per pair; medians of whole-process wall time (CPU time = user + system, "
          f"for reference on a busy machine); {os.cpu_count()} CPUs; load average {os.getloadavg()[0]:.2f}")
    header = (f"{'command':<32} {'median s':>9} {'floor':>6} {'floor s':>8} {'ratio':>6} {'target':>7}  ok"
              f"   {'cpu s':>6} {'floor':>6} {'ratio':>6}")
    print(header)
    print("-" * len(header))
    for pair in pairs:
        mine, floor = samples[(pair.label, pair.floor)], floor_samples[(pair.label, pair.floor)]
        ratio = mine.median / floor.median
        ok = ratio <= pair.target
        cpu_ratio = mine.cpu_median / floor.cpu_median
        print(f"{pair.label:<32} {mine.median:>9.3f} {'(' + pair.floor + ')':>6} {floor.median:>8.3f} {ratio:>6.2f} "
              f"{'<= ' + format(pair.target, '.2f'):>7}  {'yes' if ok else 'NO ':<3}"
              f" {mine.cpu_median:>6.3f} {floor.cpu_median:>6.3f} {cpu_ratio:>6.2f}")
    print()
    print(f"{'peak memory':<32} {'MiB':>9} {'floor':>6} {'MiB':>8} {'ratio':>6} {'target':>7}  ok")
    for pair in pairs:
        if pair.floor not in ("c", "d"):
            continue
        mine, floor = samples[(pair.label, pair.floor)], floor_samples[(pair.label, pair.floor)]
        ratio = mine.peak_mb / floor.peak_mb
        print(f"{pair.label:<32} {mine.peak_mb:>9.1f} {'(' + pair.floor + ')':>6} {floor.peak_mb:>8.1f} {ratio:>6.2f} "
              f"{'<= 1.20':>7}  {'yes' if ratio <= 1.2 else 'NO'}")
    shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
