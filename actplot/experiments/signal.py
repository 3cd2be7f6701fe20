"""Signal propagation at initialisation: a random deep MLP, no training.

``depth`` square layers of ``width`` units (no biases), weights from the chosen init, inputs a
batch of standard-normal vectors. Forward: per layer the mean, variance and second moment E[a²]
of the activations and the fraction of dead units (exactly 0 for every input of the batch).
Backward from a random upstream gradient g_L (standard normal / batch) with the analytic f′:
per layer the Frobenius norm of the back-propagated gradient δ_l = g_l ⊙ f′(z_l), where
g_{l-1} = δ_l W_lᵀ (the gradient with respect to the layer's pre-activations).

Known results this reproduces (see ``docs/experiments.md``): SELU with LeCun init stays near
mean 0 / variance 1; ReLU with He init keeps E[a²] constant while LeCun/Xavier halve it per
layer; sigmoid's first-layer gradient is orders of magnitude below its last at depth 20; narrow
deep ReLU nets are often born dead.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

import numpy as np

from actplot.errors import ActplotError
from actplot.experiments.network import MLP, Elementwise, hidden_activation, resolve_init
from actplot.experiments.records import Record
from actplot.experiments.seeds import run_rng

EXPERIMENT = "signal"
DTYPES = ("float32", "float64")


@dataclass(frozen=True)
class SignalConfig:
    depth: int = 50
    width: int = 256
    batch: int = 512
    init: str = "default"
    dtype: str = "float32"
    root_seed: int = 0

    def __post_init__(self) -> None:
        for name in ("depth", "width", "batch"):
            value = getattr(self, name)
            if not 1 <= value <= 100_000:
                raise ActplotError(f"--{name} must be between 1 and 100000, got {value}")
        if self.width * self.batch > 50_000_000:
            raise ActplotError(f"--width × --batch is too large ({self.width * self.batch} values per layer)")
        if self.dtype not in DTYPES:
            raise ActplotError(f"--dtype must be float32 or float64; got {self.dtype!r}")

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


def signal_run(spec: str, config: SignalConfig, seed: int) -> list[Record]:
    """One network (function ``spec``, seed index ``seed``): the per-layer records."""
    act = hidden_activation(spec)
    init = resolve_init(config.init, act)
    dtype = np.dtype(config.dtype)
    rng = run_rng(config.root_seed, seed)
    sizes = [config.width] * (config.depth + 1)
    net = MLP.build(sizes, Elementwise(act), rng, init=init, dtype=dtype, bias=False, readout=False)
    x = rng.standard_normal((config.batch, config.width)).astype(dtype)
    upstream = (rng.standard_normal((config.batch, config.width)) / config.batch).astype(dtype)
    label = act.label
    out: list[Record] = []

    def rec(step: int, metric: str, value: float) -> None:
        out.append(Record(EXPERIMENT, label, seed, step, metric, float(value)))

    activations: list[np.ndarray] = []
    with np.errstate(all="ignore"):
        net.forward(x, keep=True, activations=activations)
        deltas = _deltas(net, upstream)
        first_bad = 0
        for layer, (a, delta) in enumerate(zip(activations, deltas), start=1):
            if not first_bad and not np.isfinite(a).all():
                first_bad = layer
            mean, var, second = _moments(a)
            rec(layer, "act_mean", mean)
            rec(layer, "act_var", var)
            rec(layer, "act_second_moment", second)
            rec(layer, "dead_fraction", float((a == 0).all(axis=0).mean()))
            rec(layer, "grad_norm", float(np.linalg.norm(delta.astype(np.float64))))
    if first_bad:
        rec(0, "nonfinite_layer", first_bad)
    return out


def _deltas(net: MLP, upstream: np.ndarray) -> list[np.ndarray]:
    """δ_l = g_l ⊙ f′(z_l) for every layer, from g_L = ``upstream`` and g_{l-1} = δ_l W_lᵀ."""
    deltas: list[np.ndarray] = [np.empty(0)] * len(net.weights)
    g = upstream
    for i in range(len(net.weights) - 1, -1, -1):
        _, cache = net.caches[i]
        deltas[i] = net.hidden.backward(g, cache, net.hidden_parameters[i], net.hidden_gradients[i])
        if i:
            g = deltas[i] @ net.weights[i].T
    return deltas


def _moments(a: np.ndarray) -> tuple[float, float, float]:
    """Mean, variance and second moment over all entries, accumulated in float64."""
    flat = a.reshape(-1)
    mean = float(flat.mean(dtype=np.float64))
    centred = flat.astype(np.float64) - mean
    var = float(np.dot(centred, centred)) / flat.size
    return mean, var, var + mean * mean
