"""The curated claims: one experiment per claim, a measured figure with its interval, a verdict.

Every claim is restated in our own words with the setting it was tested at; the verdict rule is
:data:`actplot.experiments.stats.RULE`. All network runs go through one :func:`run_jobs` call
(so they share the pool, the cluster and the store); the speed claim is timed afterwards in
this process.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np

from actplot.experiments import stats
from actplot.experiments.network import MLP, Elementwise, LearnedMaxout, hidden_activation
from actplot.experiments.records import Record, per_seed
from actplot.experiments.runner import Job, Store, run_each
from actplot.experiments.signal import SignalConfig
from actplot.experiments.speed import SpeedConfig, speed_records
from actplot.experiments.train import LEARNED_MAXOUT, TrainConfig

DEFAULT_SEEDS = 6
NARROW_SEEDS = 20


@dataclass(frozen=True)
class ClaimRow:
    claim: str
    functions: str
    experiment: str
    setting: str
    measure: str
    interval: stats.Interval
    verdict: str
    figure: str = ""
    note: str = ""


@dataclass
class ClaimsResult:
    rows: list[ClaimRow]
    records: list[Record]
    groups: dict[str, tuple[str, list[Record], str]] = field(default_factory=dict)
    """figure stem → (kind, records, title) for the report's figures."""
    seconds: float = 0.0
    seeds: int = DEFAULT_SEEDS


@dataclass(frozen=True)
class _Group:
    name: str
    kind: str
    specs: tuple[str, ...]
    config: SignalConfig | TrainConfig
    seeds: int
    suffix: str = ""


def plan(seeds: int = DEFAULT_SEEDS) -> list[_Group]:
    """The experiments behind the claims (cheap settings that still separate the functions)."""
    narrow = max(seeds, NARROW_SEEDS)
    spirals = TrainConfig(task="spirals", depth=2, width=64, epochs=100, lr=0.05, optimizer="sgd", batch_size=64)
    high_lr = TrainConfig(task="spirals", depth=3, width=32, epochs=20, lr=0.5, optimizer="sgd", batch_size=64)
    return [
        _Group("vanishing", "signal", ("sigmoid", "tanh"), SignalConfig(depth=20, width=256, batch=256, init="xavier"), seeds),
        _Group("he_init", "signal", ("relu",), SignalConfig(depth=30, width=256, batch=256, init="he"), seeds, " [he]"),
        _Group("lecun_init", "signal", ("relu",), SignalConfig(depth=30, width=256, batch=256, init="lecun"), seeds, " [lecun]"),
        _Group("xavier_init", "signal", ("relu",), SignalConfig(depth=30, width=256, batch=256, init="xavier"), seeds, " [xavier]"),
        _Group("selu", "signal", ("selu",), SignalConfig(depth=50, width=256, batch=512, init="lecun"), seeds),
        _Group("mean_output", "signal", ("relu", "elu"), SignalConfig(depth=10, width=256, batch=256, init="he"), seeds),
        _Group("born_dead", "signal", ("relu", "leaky_relu"), SignalConfig(depth=30, width=3, batch=256, init="he"), narrow),
        _Group("spirals", "train", ("sigmoid", "tanh", "relu", "elu", LEARNED_MAXOUT), spirals, seeds),
        _Group("high_lr", "train", ("relu", "leaky_relu", "prelu", "elu"), high_lr, seeds),
        _Group("low_lr", "train", ("relu",), replace(high_lr, lr=0.05), seeds, " [lr 0.05]"),
    ]


def _jobs(groups: Sequence[_Group]) -> tuple[list[Job], list[tuple[_Group, str, int]]]:
    jobs: list[Job] = []
    owners: list[tuple[_Group, str, int]] = []
    for g in groups:
        for spec in g.specs:
            canonical = spec if spec == LEARNED_MAXOUT else hidden_activation(spec).spec_string
            for seed in range(g.seeds):
                jobs.append(Job(canonical, seed, g.config))
                owners.append((g, spec, seed))
    return jobs, owners


def run_claims(
    *,
    workers: int | None = None,
    dask: str | Any | None = None,
    store: Store | None = None,
    seeds: int | None = None,
    on_start: Callable[[int], None] | None = None,
    on_result: Callable[[Job], None] | None = None,
) -> ClaimsResult:
    """Run every claim's experiment and decide its verdict."""
    started = time.perf_counter()
    n = seeds or DEFAULT_SEEDS
    groups = plan(n)
    jobs, owners = _jobs(groups)
    per_job = run_each(jobs, workers=workers, dask=dask, store=store, on_start=on_start, on_result=on_result)
    by_group: dict[str, list[Record]] = {g.name: [] for g in groups}
    for (g, _spec, _seed), job_records in zip(owners, per_job):
        by_group[g.name].extend(
            replace(r, experiment=f"{g.kind}:{g.name}", function=r.function + g.suffix) for r in job_records
        )
    speed = speed_records(["sigmoid"], SpeedConfig(elements=1 << 18, repeats=7))
    speed = [replace(r, experiment="speed:relu_vs_sigmoid") for r in speed]
    records = [r for g in groups for r in by_group[g.name]] + speed
    rows = _decide(by_group, groups, speed)
    result = ClaimsResult(rows, records, seeds=n)
    sig = "signal at initialisation"
    result.groups = {
        "vanishing": ("signal", by_group["vanishing"], f"{sig}: sigmoid and tanh, depth 20, width 256, Xavier init"),
        "relu_inits": ("signal", by_group["he_init"] + by_group["lecun_init"] + by_group["xavier_init"],
                       f"{sig}: ReLU with He, LeCun and Xavier init, depth 30, width 256"),
        "selu": ("signal", by_group["selu"], f"{sig}: SELU with LeCun init, depth 50, width 256"),
        "born_dead": ("signal", by_group["born_dead"], f"{sig}: width 3, depth 30, He init ({max(n, NARROW_SEEDS)} seeds)"),
        "spirals": ("train", by_group["spirals"], "training on spirals: 2 x 64, SGD lr 0.05, batch 64, 100 epochs"),
        "high_lr": ("train", by_group["high_lr"] + by_group["low_lr"], "training on spirals at lr 0.5 (and relu at lr 0.05): 3 x 32, SGD, 20 epochs"),
        "speed": ("speed", speed, "time per element relative to relu (this machine, this run)"),
    }
    result.seconds = time.perf_counter() - started
    return result


def _values(records: Sequence[Record], function: str, metric: str, step: int = 0) -> dict[int, float]:
    return per_seed(records, function, metric, step)


def _paired(a: dict[int, float], b: dict[int, float]) -> stats.Interval:
    seeds = sorted(set(a) & set(b))
    return stats.paired_interval([a[s] for s in seeds], [b[s] for s in seeds])


def _area(records: Sequence[Record], function: str, epochs: int) -> dict[int, float]:
    """Mean training loss over all epochs (the area under the loss curve ÷ epochs): lower is faster."""
    out: dict[int, float] = {}
    table: dict[int, list[float]] = {}
    for r in records:
        if r.function == function and r.metric == "train_loss":
            table.setdefault(r.seed, []).append(r.value)
    for seed, values in table.items():
        if len(values) == epochs:  # a diverged run has no complete curve; it is left out
            out[seed] = float(np.mean(values))
    return out


def _learned_slopes(records: Sequence[Record], epochs: int) -> str:
    """PReLU's learned slopes after training, per hidden layer, mean over the seeds that finished;
    when none finished, the epochs at which the runs diverged."""
    layers = []
    k = 1
    while values := _values(records, "prelu", f"prelu_slope_layer{k}", epochs):
        layers.append(f"{float(np.mean(list(values.values()))):.3g}")
        k += 1
    learned = "PReLU learns one slope per hidden layer, from 0.25"
    if layers:
        return f"{learned}; after training (mean over seeds): {', '.join(layers)}"
    diverged = sorted(int(v) for v in _values(records, "prelu", "diverged_epoch").values())
    return f"{learned}; no run finished (diverged at epochs {', '.join(map(str, diverged))})"


_CANNOT_DIE = {
    "leaky_relu": "a leaky unit outputs exactly 0 only for the input 0, so it cannot die in this sense by construction",
    "prelu": "a PReLU unit with a non-zero slope outputs exactly 0 only for the input 0",
    "elu": "an ELU unit outputs exactly 0 only for the input 0 (and below about −745, where e^x underflows)",
}
"""Why "dead" (zero output for every input) almost never counts these units: the comparison with ReLU
is still a real test (ReLU might not die), but "X does not die" holds largely by construction."""


def _decide(by: dict[str, list[Record]], groups: Sequence[_Group], speed: list[Record]) -> list[ClaimRow]:
    g = {x.name: x for x in groups}
    rows: list[ClaimRow] = []

    # 1. vanishing gradients
    vg = by["vanishing"]
    for f in ("sigmoid", "tanh"):
        first = _values(vg, f, "grad_norm", 1)
        last = _values(vg, f, "grad_norm", 20)
        shrink = stats.mean_interval([-math.log10(first[s] / last[s]) for s in first if s in last])
        rows.append(ClaimRow(
            "Gradients vanish with depth", f, "signal", "depth 20, width 256, Xavier init",
            "orders of magnitude the gradient norm loses from layer 20 to layer 1, −log10(‖δ₁‖/‖δ₂₀‖) (> 0)",
            shrink, stats.verdict_greater(shrink), "vanishing"))

    # 2. He vs LeCun/Xavier with ReLU
    for name, label, band in (("he_init", "He", (0.9, 1.1)), ("lecun_init", "LeCun", (0.45, 0.55)),
                              ("xavier_init", "Xavier", (0.45, 0.55))):
        recs = by[name]
        fn = "relu" + g[name].suffix
        m1 = _values(recs, fn, "act_second_moment", 1)
        m30 = _values(recs, fn, "act_second_moment", 30)
        factor = stats.mean_interval([(m30[s] / m1[s]) ** (1 / 29) for s in m1 if s in m30])
        claim = ("ReLU with He init keeps E[a²] constant with depth" if name == "he_init"
                 else f"ReLU with {label} init halves E[a²] every layer")
        rows.append(ClaimRow(claim, "relu", "signal", f"depth 30, width 256, {label} init",
                             f"per-layer factor of E[a²], (E[a²]₃₀/E[a²]₁)^(1/29), within [{band[0]}, {band[1]}]",
                             factor, stats.verdict_within(factor, *band), "relu_inits",
                             "with square layers Xavier's std √(2/(n+n)) equals LeCun's 1/√n: the same networks"
                             if name == "xavier_init" else ""))

    # 3. SELU self-normalising
    recs = by["selu"]
    mean = stats.mean_interval(list(_values(recs, "selu", "act_mean", 50).values()))
    var = stats.mean_interval(list(_values(recs, "selu", "act_var", 50).values()))
    rows.append(ClaimRow("SELU keeps the mean near 0 through many layers", "selu", "signal",
                         "depth 50, width 256, batch 512, LeCun-normal init", "mean activation at layer 50, within [−0.1, 0.1]",
                         mean, stats.verdict_within(mean, -0.1, 0.1), "selu"))
    rows.append(ClaimRow("SELU keeps the variance near 1 through many layers", "selu", "signal",
                         "depth 50, width 256, batch 512, LeCun-normal init", "activation variance at layer 50, within [0.8, 1.2]",
                         var, stats.verdict_within(var, 0.8, 1.2), "selu"))

    # 4. ELU mean closer to 0 than ReLU
    recs = by["mean_output"]

    def mean_abs(f: str) -> dict[int, float]:
        table: dict[int, list[float]] = {}
        for r in recs:
            if r.function == f and r.metric == "act_mean":
                table.setdefault(r.seed, []).append(abs(r.value))
        return {s: float(np.mean(v)) for s, v in table.items()}

    diff = _paired(mean_abs("relu"), mean_abs("elu"))
    rows.append(ClaimRow("ELU's mean output is closer to 0 than ReLU's", "elu vs relu", "signal",
                         "depth 10, width 256, He init", "|mean activation| averaged over layers, relu − elu (> 0)",
                         diff, stats.verdict_greater(diff), ""))

    # 5. narrow deep nets born dead
    recs = by["born_dead"]
    depth = 30

    def born_dead(f: str) -> list[bool]:
        return [v == 1.0 for v in _values(recs, f, "dead_fraction", depth).values()]

    relu_dead = stats.proportion_interval(born_dead("relu"))
    rows.append(ClaimRow("Narrow deep ReLU networks are often born dead", "relu", "signal",
                         f"width 3, depth 30, He init, {g['born_dead'].seeds} networks",
                         "share of networks whose last layer is entirely dead at initialisation (> 0)",
                         relu_dead, stats.verdict_greater(relu_dead), "born_dead"))
    leaky_dead = stats.proportion_interval(born_dead("leaky_relu"))
    fewer = stats.Interval(relu_dead.low - leaky_dead.high, relu_dead.low - leaky_dead.high,
                           relu_dead.high - leaky_dead.low, leaky_dead.n)
    rows.append(ClaimRow("Narrow deep leaky-ReLU networks are born dead less often than ReLU ones", "leaky_relu vs relu",
                         "signal", f"width 3, depth 30, He init, {g['born_dead'].seeds} networks each",
                         f"share of leaky networks born dead {leaky_dead.text(3)}; supported when its interval lies "
                         "entirely below ReLU's (shown: ReLU's lower bound − leaky's upper bound, > 0)",
                         fewer, stats.verdict_greater(fewer), "born_dead",
                         "a leaky unit outputs exactly 0 only for the input 0, so it cannot be dead in this sense by "
                         "construction; its signal can still fade (E[a²] in the figure), which 'dead' does not count"))

    # 6–8. training speed and accuracy on spirals
    recs = by["spirals"]
    epochs = g["spirals"].config.epochs  # type: ignore[union-attr]
    area = {f: _area(recs, f, epochs) for f in ("sigmoid", "tanh", "relu", "elu")}
    setting = "spirals, 2 × 64, SGD lr 0.05, batch 64, 100 epochs"
    d = _paired(area["sigmoid"], area["tanh"])
    rows.append(ClaimRow("Sigmoid's non-zero-centred output slows training compared with tanh", "sigmoid vs tanh", "train",
                         setting, "mean training loss over the epochs, sigmoid − tanh (> 0: sigmoid slower)",
                         d, stats.verdict_greater(d), "spirals",
                         "sigmoid also has a 4× smaller slope at 0 than tanh; this run cannot separate the two causes"))
    for other in ("sigmoid", "tanh"):
        d = _paired(area[other], area["relu"])
        rows.append(ClaimRow(f"ReLU trains faster than {other}", f"relu vs {other}", "train", setting,
                             f"mean training loss over the epochs, {other} − relu (> 0: relu faster)",
                             d, stats.verdict_greater(d), "spirals"))
    acc = {f: _values(recs, f, "final_test_accuracy") for f in ("relu", "elu")}
    d = _paired(acc["elu"], acc["relu"])
    # one setting can show that ELU is worse, never that it is always better: "contradicted" cannot happen
    not_better = stats.SUPPORTED if stats.verdict_less(d) == stats.SUPPORTED else stats.INCONCLUSIVE
    rows.append(ClaimRow("ELU is not always better than ReLU", "elu vs relu", "train", setting,
                         "final test accuracy, elu − relu; supported when ELU is worse here (interval entirely < 0)",
                         d, not_better, "spirals",
                         "one setting can show that ELU is not always better, never that it always is: an interval "
                         "that straddles 0 or lies above it is inconclusive for this claim"))

    # saturation: f' on x > 0, measured from the catalogue's analytic derivative
    x = np.logspace(-3, 6, 400)
    relu_slope = np.asarray(hidden_activation("relu").derivative(x))
    sig_slope = float(np.asarray(hidden_activation("sigmoid").derivative(10.0)))
    sat = stats.exact_value(float(relu_slope.min()))
    rows.append(ClaimRow("ReLU does not saturate for positive inputs", "relu", "f′ on a grid",
                         "400 points from 1e-3 to 1e6", f"smallest relu′(x) for x > 0, within [1, 1] (sigmoid′(10) = {sig_slope:.2g})",
                         sat, stats.verdict_within(sat, 1.0, 1.0), ""))

    # 9. dying ReLU at a high learning rate
    recs = by["high_lr"] + by["low_lr"]
    epochs = g["high_lr"].config.epochs  # type: ignore[union-attr]
    dead = {f: _values(recs, f, "dead_fraction", epochs) for f in ("relu", "leaky_relu", "prelu", "elu", "relu [lr 0.05]")}
    hl = "spirals, 3 × 32, SGD lr 0.5 (10× the default), 20 epochs"
    d = _paired(dead["relu"], dead["relu [lr 0.05]"])
    rows.append(ClaimRow("ReLU units die at high learning rates", "relu", "train", hl + "; against lr 0.05",
                         "dead hidden units after training, lr 0.5 − lr 0.05 (> 0)", d, stats.verdict_greater(d), "high_lr"))
    for other in ("leaky_relu", "prelu", "elu"):
        d = _paired(dead["relu"], dead[other])
        diverged = len(_values(recs, other, "diverged_epoch"))
        notes = [f"{diverged} of {g['high_lr'].seeds} {other} runs diverged and are left out"] if diverged else []
        notes.append(_CANNOT_DIE[other])
        if other == "prelu":
            notes.append(_learned_slopes(recs, epochs))
        note = "; ".join(notes)
        rows.append(ClaimRow(f"…while {other} units do not die", f"relu vs {other}", "train", hl,
                             f"dead hidden units after training, relu − {other} (> 0)", d, stats.verdict_greater(d),
                             "high_lr", note))

    # 10. cost: relu vs sigmoid
    for kind, what in (("f", "f"), ("f_df", "f and f′ together")):
        ratio = stats.mean_interval([math.log2(v) for v in _values(speed, "sigmoid", f"{kind}_ratio").values()])
        rows.append(ClaimRow(f"ReLU is cheaper to compute than sigmoid ({what})", "relu vs sigmoid", "speed",
                             "2^18 float32 elements, 7 repeats, actplot's core",
                             f"log2(time sigmoid / time relu) for {what} (> 0: relu cheaper)", ratio,
                             stats.verdict_greater(ratio), "speed",
                             "timings depend on the machine and its load; not reproducible bit for bit"))

    # 11. maxout parameters, counted on built networks
    rng = np.random.default_rng(0)
    plain = MLP.build([64, 64, 64], Elementwise(hidden_activation("relu")), rng, init="he", readout=False)
    maxout = MLP.build([64, 64, 64], LearnedMaxout(2), rng, init="he", readout=False)
    ratio_values = [m / p for m, p in zip(maxout.layer_parameter_counts(), plain.layer_parameter_counts())]
    ratio = stats.exact_value(float(np.mean(ratio_values)))
    rows.append(ClaimRow("Maxout (2 pieces) doubles the parameters of a layer", "maxout vs relu", "network",
                         "hidden layers 64 → 64 with biases",
                         f"parameters of a maxout layer ÷ a plain layer ({maxout.layer_parameter_counts()[0]} vs "
                         f"{plain.layer_parameter_counts()[0]}), within [2, 2]",
                         ratio, stats.verdict_within(ratio, 2.0, 2.0), "",
                         "the learned maxout network also trains in the spirals run (maxout_learned)"))
    return rows
