"""Training: the same MLP with each function, on a small classification task.

``depth`` hidden layers of ``width`` units with biases, a linear read-out and softmax
cross-entropy, mini-batches reshuffled every epoch from the run's own generator. Recorded per
epoch: ``train_loss``, ``train_accuracy`` (over the epoch's mini-batches), ``test_loss``,
``test_accuracy`` (held-out split), ``dead_fraction`` (hidden units that output exactly 0 for the
whole training set) and ``grad_norm_layer{k}`` (mean weight-gradient norm of layer k over the
epoch). A loss that stops being finite ends the run: ``diverged_epoch`` records where, and the
run's ``final_test_accuracy`` is chance level (1 / classes).
"""

from __future__ import annotations

import math
import time
from dataclasses import asdict, dataclass

import numpy as np

from actplot.errors import ActplotError
from actplot.experiments import tasks
from actplot.experiments.learnable import learnable_for
from actplot.experiments.network import (
    MLP,
    Elementwise,
    LearnedElementwise,
    LearnedMaxout,
    Nonlinearity,
    hidden_activation,
    resolve_init,
    softmax_cross_entropy,
)
from actplot.experiments.optim import Optimizer, check_optimizer
from actplot.experiments.records import Record
from actplot.experiments.seeds import run_rng

EXPERIMENT = "train"
LEARNED_MAXOUT = "maxout_learned"
"""Function name for a learned 2-piece maxout network (Python API and claims)."""


@dataclass(frozen=True)
class TrainConfig:
    task: str = "spirals"
    depth: int = 3
    width: int = 64
    epochs: int = 100
    lr: float = 0.05
    optimizer: str = "sgd"
    batch_size: int = 64
    init: str = "default"
    dtype: str = "float32"
    root_seed: int = 0
    task_digest: str = ""
    timing: bool = False

    def __post_init__(self) -> None:
        if not 1 <= self.depth <= 1000:
            raise ActplotError(f"--depth must be between 1 and 1000, got {self.depth}")
        if not 1 <= self.width <= 100_000:
            raise ActplotError(f"--width must be between 1 and 100000, got {self.width}")
        if not 1 <= self.epochs <= 1_000_000:
            raise ActplotError(f"--epochs must be between 1 and 1000000, got {self.epochs}")
        if not 1 <= self.batch_size <= 1_000_000:
            raise ActplotError(f"--batch-size must be at least 1, got {self.batch_size}")
        if not (math.isfinite(self.lr) and self.lr > 0):
            raise ActplotError(f"--lr must be a positive number, got {self.lr}")
        check_optimizer(self.optimizer)
        if self.dtype not in ("float32", "float64"):
            raise ActplotError(f"--dtype must be float32 or float64; got {self.dtype!r}")

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


def _hidden(spec: str) -> tuple[Nonlinearity, str]:
    """The hidden nonlinearity for ``spec`` and the label its records carry: a function with a
    learnable parameter (PReLU) learns it, every other one is fixed."""
    if spec == LEARNED_MAXOUT:
        return LearnedMaxout(2), LEARNED_MAXOUT
    act = hidden_activation(spec)
    learnable = learnable_for(act)
    if learnable is not None:
        return LearnedElementwise(act, learnable), act.label
    return Elementwise(act), act.label


def train_run(spec: str, config: TrainConfig, seed: int) -> list[Record]:
    """One training run (function ``spec``, seed index ``seed``): its records."""
    hidden, label = _hidden(spec)
    act = hidden.act if isinstance(hidden, (Elementwise, LearnedElementwise)) else None
    init = resolve_init(config.init, act)
    dtype = np.dtype(config.dtype)
    if config.task_digest and tasks.file_digest(config.task) != config.task_digest:
        raise ActplotError(f"{config.task} changed while the sweep was running; rerun the command")
    data = tasks.load(config.task, config.root_seed, dtype)
    rng = run_rng(config.root_seed, seed)
    sizes = [data.n_features] + [config.width] * config.depth + [data.n_classes]
    net = MLP.build(sizes, hidden, rng, init=init, dtype=dtype, bias=True, readout=True)
    opt = Optimizer(config.optimizer, [net.flat], config.lr)  # every parameter, as one vector
    learnable = hidden.learnable if isinstance(hidden, LearnedElementwise) else None
    n = len(data.y_train)
    everything = np.concatenate([data.x_train, data.x_test])
    out: list[Record] = []

    def rec(step: int, metric: str, value: float) -> None:
        out.append(Record(EXPERIMENT, label, seed, step, metric, float(value)))

    rec(0, "parameters", net.parameter_count)
    final_accuracy = math.nan
    diverged = 0
    started = time.perf_counter()
    epochs_done = 0
    with np.errstate(all="ignore"):
        for epoch in range(1, config.epochs + 1):
            order = rng.permutation(n)
            loss_sum = 0.0
            correct = 0
            norms = [0.0] * len(net.weights)
            batches = 0
            for start in range(0, n, config.batch_size):
                idx = order[start : start + config.batch_size]
                labels = data.y_train[idx]
                logits = net.forward(data.x_train[idx])
                loss, grad, predicted = softmax_cross_entropy(logits, labels)
                if not math.isfinite(loss):
                    diverged = epoch
                    break
                gw, _ = net.backward(grad)
                for k, g in enumerate(gw):
                    flat = g.ravel()
                    norms[k] += float(np.sqrt(flat.dot(flat)))  # np.linalg.norm(g), without its dispatch
                opt.step([net.flat_gradient])
                loss_sum += loss * len(idx)
                correct += int(np.count_nonzero(predicted == labels))
                batches += 1
            if diverged:
                break
            # one pass over training and test inputs: dead units (training part) and test figures
            layer_outputs: list[np.ndarray] = []
            logits_all = net.forward(everything, keep=False, activations=layer_outputs)
            test_loss, _, test_pred = softmax_cross_entropy(logits_all[n:], data.y_test)
            if not math.isfinite(test_loss) or not np.isfinite(net.flat).all():
                diverged = epoch
                break
            final_accuracy = float((test_pred == data.y_test).mean())
            rec(epoch, "train_loss", loss_sum / n)
            rec(epoch, "train_accuracy", correct / n)
            rec(epoch, "test_loss", test_loss)
            rec(epoch, "test_accuracy", final_accuracy)
            rec(epoch, "dead_fraction", _dead_fraction(layer_outputs, n))
            for k, total in enumerate(norms, start=1):
                rec(epoch, f"grad_norm_layer{k}", total / max(batches, 1))
            if learnable is not None:
                for k, theta in enumerate(net.hidden_parameters, start=1):
                    rec(epoch, f"{learnable.metric}_layer{k}", float(theta[0]))
            epochs_done = epoch
    elapsed = time.perf_counter() - started
    if diverged:
        rec(0, "diverged_epoch", diverged)
        final_accuracy = 1.0 / data.n_classes
    rec(0, "final_test_accuracy", final_accuracy)
    if config.timing:
        rec(0, "epoch_seconds", elapsed / max(epochs_done or diverged, 1))
    return out


def _dead_fraction(activations: list[np.ndarray], n_train: int) -> float:
    """Hidden units (all layers together) whose output is exactly 0 for every training input
    (the first ``n_train`` rows of each layer's activations)."""
    dead = sum(int((a[:n_train] == 0).all(axis=0).sum()) for a in activations)
    return dead / sum(a.shape[1] for a in activations)
