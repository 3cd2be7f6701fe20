"""Speed of the experiments, with the targets and a comparison with a PyTorch training loop.

Run: python benchmarks/bench_experiments.py [-j 2] [--skip-claims] [--torch-python PATH] [--breakdown]

1. ``experiment signal``: 6 functions × depth 50 × width 256 × batch 512 × 5 seeds (target ≤ 5 s
   on 2 cores);
2. ``experiment train`` on spirals: 6 functions × 5 seeds, 2 hidden layers of 64, 200 epochs
   (target ≤ 30 s on 2 cores), and the time of one run against the same training loop in
   PyTorch on the CPU (same data, sizes, SGD, batch size, epochs and per-epoch evaluation; one
   thread each; target: NumPy at least 2× faster per run). PyTorch is never a dependency: the
   comparison runs when ``import torch`` works here, or in another interpreter given with
   ``--torch-python`` (e.g. a separate venv with ``pip install torch``), else it is skipped;
3. ``actplot claims`` complete (target ≤ 3 minutes on 2 cores).

``--breakdown`` prints instead where one relu run's CPU time goes, phase by phase (batch
selection, forward, loss, backward, optimiser step, per-epoch evaluation), in NumPy and PyTorch.

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


TORCH_BREAKDOWN = r'''
import json, sys, time
import numpy as np
import torch

torch.set_num_threads(1)
data = np.load(sys.argv[1])
x_train, y_train = torch.from_numpy(data["x_train"]), torch.from_numpy(data["y_train"])
x_test, y_test = torch.from_numpy(data["x_test"]), torch.from_numpy(data["y_test"])
epochs, batch, width, lr = int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), float(sys.argv[5])
clock, phases = time.thread_time_ns, {}


def tick(name, start):
    now = clock()
    phases[name] = phases.get(name, 0) + now - start
    return now


torch.manual_seed(0)
net = torch.nn.Sequential(torch.nn.Linear(2, width), torch.nn.ReLU(), torch.nn.Linear(width, width), torch.nn.ReLU(),
                          torch.nn.Linear(width, 2))
opt = torch.optim.SGD(net.parameters(), lr=lr)
loss_fn = torch.nn.CrossEntropyLoss()
gen = torch.Generator().manual_seed(0)
for epoch in range(epochs):
    order = torch.randperm(len(y_train), generator=gen)
    for i in range(0, len(order), batch):
        t = clock()
        idx = order[i:i + batch]
        xb, yb = x_train[idx], y_train[idx]
        t = tick("batch selection", t)
        opt.zero_grad()
        t = tick("zero_grad", t)
        out = net(xb)
        t = tick("forward", t)
        loss = loss_fn(out, yb)
        t = tick("loss", t)
        loss.backward()
        t = tick("backward", t)
        opt.step()
        t = tick("optimiser step", t)
    t = clock()
    with torch.no_grad():
        test_logits = net(x_test)
        loss_fn(test_logits, y_test).item()
        (test_logits.argmax(1) == y_test).float().mean().item()
        hidden = net[1](net[0](x_train))
        (hidden == 0).all(0).float().mean().item()
        hidden2 = net[3](net[2](hidden))
        (hidden2 == 0).all(0).float().mean().item()
    tick("evaluation per epoch", t)
print(json.dumps(phases))
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


def numpy_breakdown(epochs: int) -> dict[str, int]:
    """CPU nanoseconds per phase of one relu run, the loop of ``train_run`` spelled out with the same
    network, loss and optimiser calls (records left out), one BLAS thread."""
    import math

    from threadpoolctl import threadpool_limits

    import actplot
    from actplot.experiments.network import MLP, Elementwise, softmax_cross_entropy
    from actplot.experiments.optim import Optimizer
    from actplot.experiments.seeds import run_rng
    from actplot.experiments.train import _dead_fraction

    data = tasks.load("spirals", 0, np.float32)
    clock, phases = time.thread_time_ns, {}

    def tick(name: str, start: int) -> int:
        now = clock()
        phases[name] = phases.get(name, 0) + now - start
        return now

    rng = run_rng(0, 0)
    net = MLP.build([2, SPIRALS.width, SPIRALS.width, 2], Elementwise(actplot.get("relu")), rng, init="he")
    opt = Optimizer("sgd", [net.flat], SPIRALS.lr)
    n = len(data.y_train)
    everything = np.concatenate([data.x_train, data.x_test])
    with threadpool_limits(limits=1), np.errstate(all="ignore"):
        for _ in range(epochs):
            order = rng.permutation(n)
            for start in range(0, n, SPIRALS.batch_size):
                t = clock()
                idx = order[start : start + SPIRALS.batch_size]
                labels, xb = data.y_train[idx], data.x_train[idx]
                t = tick("batch selection", t)
                logits = net.forward(xb)
                t = tick("forward (f and f′ from the catalogue)", t)
                loss, grad, predicted = softmax_cross_entropy(logits, labels)
                t = tick("loss", t)
                gw, _ = net.backward(grad)
                t = tick("backward", t)
                for g in gw:
                    flat = g.ravel()
                    float(np.sqrt(flat.dot(flat)))
                t = tick("gradient norms (recorded)", t)
                opt.step([net.flat_gradient])
                t = tick("optimiser step", t)
                math.isfinite(loss)
                int(np.count_nonzero(predicted == labels))
                t = tick("bookkeeping", t)
            t = clock()
            outputs: list[np.ndarray] = []
            logits_all = net.forward(everything, keep=False, activations=outputs)
            softmax_cross_entropy(logits_all[n:], data.y_test)
            _dead_fraction(outputs, n)
            np.isfinite(net.flat).all()
            tick("evaluation per epoch", t)
    return phases


def print_breakdown(python: str | None, epochs: int) -> None:
    """Where one run's CPU time goes, per phase, in NumPy and (when available) PyTorch."""
    ours = numpy_breakdown(epochs)
    steps = epochs * -(-len(tasks.load("spirals", 0, np.float32).y_train) // SPIRALS.batch_size)
    theirs = None
    if python is not None or _torch_here():
        data = tasks.load("spirals", 0, np.float32)
        with tempfile.TemporaryDirectory() as folder:
            npz = Path(folder) / "spirals.npz"
            np.savez(npz, x_train=data.x_train, y_train=data.y_train, x_test=data.x_test, y_test=data.y_test)
            script = Path(folder) / "breakdown.py"
            script.write_text(TORCH_BREAKDOWN)
            out = subprocess.run([python or sys.executable, str(script), str(npz), str(epochs), str(SPIRALS.batch_size),
                                  str(SPIRALS.width), str(SPIRALS.lr)], capture_output=True, text=True, check=True)
            theirs = json.loads(out.stdout)
    for name, phases in (("NumPy (actplot)", ours), ("PyTorch", theirs)):
        if phases is None:
            print("PyTorch breakdown skipped (torch not available; see --torch-python)")
            continue
        total = sum(phases.values())
        print(f"{name}: {total / 1e9:.3f} CPU s for {steps} steps")
        for phase, ns in sorted(phases.items(), key=lambda kv: -kv[1]):
            print(f"  {phase:40s} {ns / 1e6:7.1f} ms  {100 * ns / total:5.1f} %  {ns / steps / 1e3:6.1f} µs per step")


def _torch_here() -> bool:
    try:
        import torch  # noqa: F401
    except ImportError:
        return False
    return True


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
    parser.add_argument("--breakdown", action="store_true",
                        help="only print where one relu run's CPU time goes, per phase, NumPy against PyTorch")
    args = parser.parse_args()
    if args.breakdown:
        print(f"load average: {os.getloadavg()[0]:.2f} (CPU time per phase: thread_time, less sensitive to load)")
        print_breakdown(args.torch_python, SPIRALS.epochs)
        return
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
