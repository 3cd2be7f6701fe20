"""Optimisers updating arrays in place: plain SGD, heavy-ball momentum (0.9) and Adam.

* ``sgd``:      w ← w − η g
* ``momentum``: v ← μ v + g,  w ← w − η v  (μ = 0.9, PyTorch's form)
* ``adam``:     m ← β₁m + (1−β₁)g,  s ← β₂s + (1−β₂)g²,  w ← w − η m̂ / (√ŝ + ε)
  with bias-corrected m̂, ŝ (β₁ = 0.9, β₂ = 0.999, ε = 1e-8).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from actplot.errors import ActplotError

OPTIMIZERS = ("sgd", "momentum", "adam")
MOMENTUM = 0.9
BETA1, BETA2, EPSILON = 0.9, 0.999, 1e-8


def check_optimizer(name: str) -> str:
    key = name.strip().lower()
    if key not in OPTIMIZERS:
        raise ActplotError(f"--optimizer must be one of {', '.join(OPTIMIZERS)}; got {name!r}")
    return key


class Optimizer:
    def __init__(self, kind: str, params: Sequence[np.ndarray], lr: float) -> None:
        self.kind = check_optimizer(kind)
        self.params = list(params)
        self.lr = lr
        self.t = 0
        if self.kind != "sgd":
            self.m = [np.zeros_like(p) for p in self.params]
        if self.kind == "adam":
            self.s = [np.zeros_like(p) for p in self.params]

    def step(self, grads: Sequence[np.ndarray]) -> None:
        self.t += 1
        lr = self.lr
        if self.kind == "sgd":
            for p, g in zip(self.params, grads):
                p -= lr * g
        elif self.kind == "momentum":
            for p, g, v in zip(self.params, grads, self.m):
                v *= MOMENTUM
                v += g
                p -= lr * v
        else:
            c1 = 1 - BETA1**self.t
            c2 = 1 - BETA2**self.t
            for p, g, m, s in zip(self.params, grads, self.m, self.s):
                m *= BETA1
                m += (1 - BETA1) * g
                s *= BETA2
                s += (1 - BETA2) * (g * g)
                p -= (lr / c1) * m / (np.sqrt(s / c2) + EPSILON)
