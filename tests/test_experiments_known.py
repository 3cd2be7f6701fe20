"""Known results of signal propagation, reproduced at cheap settings (Klambauer et al. 2017;
He et al. 2015; Glorot & Bengio 2010; Lu et al. 2019)."""

from __future__ import annotations

import math

import numpy as np

from actplot.experiments import SignalConfig, signal_records
from actplot.experiments.records import per_seed


def _at(records, function, metric, step):
    return np.array(list(per_seed(records, function, metric, step).values()))


def test_selu_with_lecun_init_stays_near_mean_0_variance_1_at_depth_50() -> None:
    recs = signal_records(["selu"], SignalConfig(depth=50, width=128, batch=256, init="lecun"), seeds=3)
    assert np.abs(_at(recs, "selu", "act_mean", 50)).max() < 0.1
    assert np.abs(_at(recs, "selu", "act_var", 50) - 1).max() < 0.2


def test_relu_second_moment_constant_with_he_and_halving_with_lecun_and_xavier() -> None:
    depth = 20
    for init, low, high in (("he", 0.85, 1.15), ("lecun", 0.45, 0.55), ("xavier", 0.45, 0.55)):
        recs = signal_records(["relu"], SignalConfig(depth=depth, width=128, batch=256, init=init), seeds=3)
        first = _at(recs, "relu", "act_second_moment", 1)
        last = _at(recs, "relu", "act_second_moment", depth)
        factor = (last / first) ** (1 / (depth - 1))
        assert ((low < factor) & (factor < high)).all(), (init, factor)


def test_sigmoid_first_layer_gradient_is_orders_of_magnitude_below_the_last_at_depth_20() -> None:
    recs = signal_records(["sigmoid", "tanh"], SignalConfig(depth=20, width=128, batch=128, init="xavier"), seeds=2)
    sig = _at(recs, "sigmoid", "grad_norm", 1) / _at(recs, "sigmoid", "grad_norm", 20)
    tanh = _at(recs, "tanh", "grad_norm", 1) / _at(recs, "tanh", "grad_norm", 20)
    assert (sig < 1e-6).all()
    assert (tanh > 1e-2).all()  # tanh′(0) = 1: far milder


def test_narrow_deep_relu_nets_are_often_born_dead_and_leaky_relu_never() -> None:
    recs = signal_records(["relu", "leaky_relu"], SignalConfig(depth=25, width=3, batch=128, init="he"), seeds=12)
    relu_dead = _at(recs, "relu", "dead_fraction", 25)
    leaky_dead = _at(recs, "leaky_relu", "dead_fraction", 25)
    assert (relu_dead == 1).mean() >= 0.5
    assert (leaky_dead == 0).all()


def test_overflow_is_reported_not_hidden() -> None:
    """exponential doubles its input's scale every layer: the records say where it overflowed."""
    recs = signal_records(["exponential"], SignalConfig(depth=30, width=16, batch=16, init="he"), seeds=1)
    bad = per_seed(recs, "exponential", "nonfinite_layer", 0)
    assert bad and 1 <= bad[0] <= 30
    assert not math.isfinite(per_seed(recs, "exponential", "act_mean", 30)[0])
