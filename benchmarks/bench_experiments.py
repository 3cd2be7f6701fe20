"""Speed of the experiments, with the targets and a comparison with a PyTorch training loop.

Run: python benchmarks/bench_experiments.py [-j 2] [--skip-claims] [--torch-python PATH]

1. ``experiment signal``: 6 functions × depth 50 × width 256 × batch 512 × 5 seeds (target ≤ 5 s
   on 2 cores);
2. ``experiment train`` on spirals: 6 functions × 5 seeds, 2 hidden layers of 64, 200 epochs
   (target ≤ 30 s on 2 cores), and the time of one run against the same training loop in
   PyTorch on the CPU (same data, sizes, SGD, batch size, epochs and per-epoch evaluation; one
   thread each; target: NumPy at least 2× faster per run). PyTorch is never a dependency: the
   comparison runs when ``import torch`` works here, or in another interpreter given with
   ``--torch-python`` (e.g. a separate venv with ``pip install torch``), else it is skipped;
3. ``actplot claims`` complete (target ≤ 3 minutes on 2 cores).

No run store is used (every run is computed). The machine's load average is printed: timings on a
shared machine are noisy, ratios measured in one run are what to compare.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from actplot.experiments import SignalConfig, TrainConfig, signal_records, tasks, train_records
from actplot.experiments.claims import run_claims
from actplot.experiments.train import train_run

FUNCTIONS = ["relu", "tanh", "sigmoid", "elu", "selu", "leaky_relu"]
SPIRALS = TrainConfig(task="spirals", depth=2, width=64, epochs=200, lr=0.05, optimizer="sgd", batch_size=64)

TORCH_LOOP = r'''
import json, sys, time
import numpy as np
import torch

torch.set_num_threads(1)
data = np.load(sys.argv[1])
x_train, y_train = torch.from_numpy(data["x_train"]), torch.from_numpy(data["y_train"])
x_test, y_test = torch.from_numpy(data["x_test"]), torch.from_numpy(data["y_test"])
epochs, batch, width, lr = int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), float(sys.argv[5])
torch.manual_seed(0)
net = torch.nn.Sequential(torch.nn.Linear(2, width), torch.nn.ReLU(), torch.nn.Linear(width, width), torch.nn.ReLU(),
                          torch.nn.Linear(width, 2))
opt = torch.optim.SGD(net.parameters(), lr=lr)
loss_fn = torch.nn.CrossEntropyLoss()
gen = torch.Generator().manual_seed(0)
start, cpu_start = time.perf_counter(), time.process_time()
for epoch in range(epochs):
    order = torch.randperm(len(y_train), generator=gen)
    for i in range(0, len(order), batch):
        idx = order[i:i + batch]
        opt.zero_grad()
        loss = loss_fn(net(x_train[idx]), y_train[idx])
        loss.backward()
        opt.step()
    with torch.no_grad():  # the same per-epoch evaluation as actplot: test loss/accuracy, dead units
        test_logits = net(x_test)
        test_loss = loss_fn(test_logits, y_test).item()
        accuracy = (test_logits.argmax(1) == y_test).float().mean().item()
        hidden = net[1](net[0](x_train))
        dead = (hidden == 0).all(0).float().mean().item()
        hidden2 = net[3](net[2](hidden))
        dead2 = (hidden2 == 0).all(0).float().mean().item()
print(json.dumps({"seconds": time.perf_counter() - start, "cpu": time.process_time() - cpu_start, "accuracy": accuracy}))
'''


def timed(fn):
    start = time.perf_counter()
    value = fn()
    return time.perf_counter() - start, value


def cpu_seconds() -> float:
    """CPU time of this process and its finished worker processes (less sensitive to other users'
    load than wall-clock time: divided by the cores it estimates the wall time on an idle machine)."""
    import resource

    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def timed_cpu(fn, jobs: int):
    before = cpu_seconds()
    seconds, value = timed(fn)
    cpu = cpu_seconds() - before
    return seconds, cpu, cpu / jobs, value


def torch_seconds(python: str | None, epochs: int) -> tuple[float, float, float] | None:
    """Wall and CPU seconds of one PyTorch run (best of 3 each) and its final test accuracy, or None
    without torch."""
    if python is None:
        try:
            import torch  # noqa: F401
        except ImportError:
            return None
        python = sys.executable
    data = tasks.load("spirals", 0, np.float32)
    with tempfile.TemporaryDirectory() as folder:
        npz = Path(folder) / "spirals.npz"
        np.savez(npz, x_train=data.x_train, y_train=data.y_train, x_test=data.x_test, y_test=data.y_test)
        script = Path(folder) / "loop.py"
        script.write_text(TORCH_LOOP)
        results = []
        for _ in range(3):
            out = subprocess.run([python, str(script), str(npz), str(epochs), str(SPIRALS.batch_size),
                                  str(SPIRALS.width), str(SPIRALS.lr)], capture_output=True, text=True, check=True)
            results.append(json.loads(out.stdout))
    return min(r["seconds"] for r in results), min(r["cpu"] for r in results), results[0]["accuracy"]


def numpy_run_seconds() -> tuple[float, float]:
    """Wall and CPU seconds of one relu run (best of 3 each), one BLAS thread."""
    from threadpoolctl import threadpool_limits

    wall, cpu = float("inf"), float("inf")
    with threadpool_limits(limits=1):
        for _ in range(3):
            cpu_start = time.process_time()
            seconds, _ = timed(lambda: train_run("relu", SPIRALS, 0))
            wall, cpu = min(wall, seconds), min(cpu, time.process_time() - cpu_start)
    return wall, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("-j", "--jobs", type=int, default=2)
    parser.add_argument("--skip-claims", action="store_true")
    parser.add_argument("--torch-python", default=None, help="Python interpreter with torch installed")
    args = parser.parse_args()
    print(f"load average before: {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f} {os.getloadavg()[2]:.2f}; "
          f"cores available: {len(os.sched_getaffinity(0))}; jobs: {args.jobs}")

    seconds, cpu, idle, _ = timed_cpu(lambda: signal_records(FUNCTIONS, SignalConfig(depth=50, width=256, batch=512),
                                                            seeds=5, workers=args.jobs), args.jobs)
    print(f"signal 6 functions x depth 50 x width 256 x batch 512 x 5 seeds: {seconds:.2f} s wall "
          f"(target <= 5 s: {'met' if seconds <= 5 else 'NOT met'}); {cpu:.2f} CPU s, {idle:.2f} s per core")

    seconds, cpu, idle, _ = timed_cpu(lambda: train_records(FUNCTIONS, SPIRALS, seeds=5, workers=args.jobs), args.jobs)
    print(f"train spirals 6 functions x 5 seeds, 2 x 64, 200 epochs: {seconds:.2f} s wall "
          f"(target <= 30 s: {'met' if seconds <= 30 else 'NOT met'}); {cpu:.2f} CPU s, {idle:.2f} s per core")

    ours = numpy_run_seconds()
    theirs = torch_seconds(args.torch_python, SPIRALS.epochs)
    if theirs is None:
        print(f"one relu run, NumPy: {ours[0]:.2f} s; PyTorch comparison skipped (torch not available; see --torch-python)")
    else:
        wall_ratio, cpu_ratio = theirs[0] / ours[0], theirs[1] / ours[1]
        print(f"one relu run (best of 3, 1 thread each): NumPy {ours[0]:.2f} s wall / {ours[1]:.2f} s CPU, PyTorch "
              f"{theirs[0]:.2f} s wall / {theirs[1]:.2f} s CPU (test accuracy {theirs[2]:.3f}) -> NumPy {wall_ratio:.2f}x "
              f"faster by wall time, {cpu_ratio:.2f}x by CPU time (target >= 2x: {'met' if wall_ratio >= 2 else 'NOT met'})")

    if not args.skip_claims:
        seconds, result = timed(lambda: run_claims(workers=args.jobs, store=None))
        print(f"actplot claims: {seconds:.1f} s (target <= 180 s: {'met' if seconds <= 180 else 'NOT met'}); "
              f"{len(result.rows)} rows")
    print(f"load average after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
