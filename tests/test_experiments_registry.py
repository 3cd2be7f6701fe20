"""Every function in the registry either runs in a network (signal and a short training, no NumPy
warning, finite or reported-as-overflowed numbers) or is refused with a one-line ActplotError."""

from __future__ import annotations

import math

import pytest

from actplot import registry
from actplot.errors import ActplotError
from actplot.experiments import SignalConfig, TrainConfig, signal_records, train_records
from actplot.experiments.network import hidden_activation
from actplot.experiments.records import per_seed

NAMES = [spec.name for spec in registry.SPECS]


@pytest.mark.parametrize("name", NAMES)
def test_every_function_runs_or_is_refused(name: str) -> None:
    spec = registry.lookup(name)
    if spec.vector is not None or spec.band is not None:
        with pytest.raises(ActplotError) as info:
            hidden_activation(name)
        assert "\n" not in str(info.value)
        return
    recs = signal_records([name], SignalConfig(depth=6, width=8, batch=16), seeds=1)
    overflow = per_seed(recs, hidden_activation(name).label, "nonfinite_layer")
    for r in recs:
        # after an overflow the forward values past it, and every back-propagated gradient, are not finite
        if r.metric != "nonfinite_layer" and (not overflow or (r.step < overflow[0] and r.metric != "grad_norm")):
            assert math.isfinite(r.value), (name, r)
    trained = train_records([name], TrainConfig(task="xor", depth=1, width=8, epochs=2), seeds=1)
    finals = per_seed(trained, hidden_activation(name).label, "final_test_accuracy")
    assert 0.0 <= finals[0] <= 1.0


def test_an_expression_spec_behaves_like_its_catalogue_function() -> None:
    """x*sigmoid(x) is silu written out: the same network statistics, to float32 rounding."""
    config = SignalConfig(depth=8, width=16, batch=32, init="he", dtype="float64")  # same init for both
    expression = signal_records(["x*sigmoid(x)"], config, seeds=2)
    catalogue = signal_records(["silu"], config, seeds=2)
    assert len(expression) == len(catalogue)
    for e, c in zip(expression, catalogue):
        assert (e.seed, e.step, e.metric) == (c.seed, c.step, c.metric)
        assert math.isclose(e.value, c.value, rel_tol=1e-9, abs_tol=1e-12), (e, c)
