"""The experiments' MLP: analytic back-propagation against finite differences (test only), the
flavour's kink convention reaching the gradient, refused activations, optimisers."""

from __future__ import annotations

import numpy as np
import pytest

import actplot
from actplot.errors import ActplotError
from actplot.experiments import TrainConfig, train_records
from actplot.experiments.learnable import LEARNABLE
from actplot.experiments.network import (
    MLP,
    Elementwise,
    LearnedElementwise,
    LearnedMaxout,
    hidden_activation,
    softmax_cross_entropy,
)
from actplot.experiments.optim import Optimizer
from actplot.experiments.records import per_seed

SMOOTH = ["tanh", "sigmoid", "elu", "selu", "softplus", "gelu", "silu", "mish", "softsign", "leaky_relu", "relu"]


def _loss(net: MLP, x: np.ndarray, y: np.ndarray) -> float:
    logits = net.forward(x, keep=False)
    return softmax_cross_entropy(logits, y)[0]


def _check_gradients(net: MLP, x: np.ndarray, y: np.ndarray) -> None:
    logits = net.forward(x)
    _, grad, _ = softmax_cross_entropy(logits, y)
    gw, gb = net.backward(grad)
    assert gb is not None and net.biases is not None
    eps = 1e-6
    for params, grads in ((net.weights, gw), (net.biases, gb), (net.hidden_parameters, net.hidden_gradients)):
        for p, g in zip(params, grads):
            numeric = np.zeros_like(p)
            for idx in np.ndindex(p.shape):
                old = p[idx]
                p[idx] = old + eps
                up = _loss(net, x, y)
                p[idx] = old - eps
                down = _loss(net, x, y)
                p[idx] = old
                numeric[idx] = (up - down) / (2 * eps)
            np.testing.assert_allclose(g, numeric, rtol=1e-5, atol=1e-8)


@pytest.mark.parametrize("name", SMOOTH)
def test_backprop_matches_finite_differences(name: str) -> None:
    rng = np.random.default_rng(3)
    net = MLP.build([3, 5, 4, 3], Elementwise(hidden_activation(name)), rng, init="xavier", dtype=np.float64)
    assert net.biases is not None
    for b in net.biases:
        b[:] = rng.normal(0, 0.1, b.shape)
    x = rng.standard_normal((7, 3))
    y = rng.integers(0, 3, 7)
    _check_gradients(net, x, y)


def test_learned_maxout_backprop_matches_finite_differences() -> None:
    rng = np.random.default_rng(5)
    net = MLP.build([2, 4, 3, 2], LearnedMaxout(2), rng, init="he", dtype=np.float64)
    x = rng.standard_normal((6, 2))
    y = rng.integers(0, 2, 6)
    _check_gradients(net, x, y)
    assert [w.shape for w in net.weights] == [(2, 8), (4, 6), (3, 2)]


@pytest.mark.parametrize("flavor", ["torch", "keras3"])
def test_learned_prelu_backprop_matches_finite_differences_including_the_slope(flavor: str) -> None:
    """∂L/∂W, ∂L/∂b and ∂L/∂a of every hidden layer's slope against central differences."""
    rng = np.random.default_rng(11)
    act = hidden_activation(actplot.get("prelu", flavor=flavor))
    net = MLP.build([3, 5, 4, 3], LearnedElementwise(act, LEARNABLE["prelu"]), rng, init="xavier", dtype=np.float64)
    assert net.biases is not None and [t.shape for t in net.hidden_parameters] == [(1,), (1,)]
    for b in net.biases:
        b[:] = rng.normal(0, 0.1, b.shape)
    net.hidden_parameters[0][0], net.hidden_parameters[1][0] = 0.3, -0.2
    x = rng.standard_normal((9, 3))
    y = rng.integers(0, 3, 9)
    _check_gradients(net, x, y)
    assert np.all(net.hidden_gradients[0] != 0) and np.all(net.hidden_gradients[1] != 0)


def test_the_optimiser_moves_the_slope_with_the_weights() -> None:
    rng = np.random.default_rng(2)
    net = MLP.build([2, 6, 2], LearnedElementwise(hidden_activation("prelu"), LEARNABLE["prelu"]), rng,
                    init="he", dtype=np.float64)
    assert net.hidden_parameters[0][0] == 0.25  # the SPEC's alpha is the starting slope
    _, grad, _ = softmax_cross_entropy(net.forward(rng.standard_normal((16, 2))), rng.integers(0, 2, 16))
    net.backward(grad)
    slope_gradient = float(net.hidden_gradients[0][0])
    Optimizer("sgd", [net.flat], lr=0.1).step([net.flat_gradient])
    assert slope_gradient != 0 and net.hidden_parameters[0][0] == 0.25 - 0.1 * slope_gradient


def test_prelu_learns_its_slope_in_training_and_records_it() -> None:
    config = TrainConfig(task="spirals", depth=2, width=16, epochs=6)
    recs = train_records(["prelu", "prelu@keras3", "leaky_relu:negative_slope=0.25"], config, seeds=2)
    for label, start in (("prelu", 0.25), ("prelu@keras3", 0.0)):
        for layer in (1, 2):
            metric = f"prelu_slope_layer{layer}"
            assert sorted({r.step for r in recs if r.function == label and r.metric == metric}) == list(range(1, 7))
            final = per_seed(recs, label, metric, 6)
            assert len(final) == 2 and all(v != start for v in final.values()), (label, layer, final)
    assert not [r for r in recs if r.function.startswith("leaky") and r.metric.startswith("prelu_slope")]
    counts = {label: per_seed(recs, label, "parameters")[0] for label in ("prelu", "leaky_relu:negative_slope=0.25")}
    assert counts["prelu"] == counts["leaky_relu:negative_slope=0.25"] + 2  # one slope per hidden layer


def test_kink_convention_of_the_flavour_reaches_the_gradient() -> None:
    """At z = 0 exactly, leaky_relu@jax uses f'(0) = 1 and leaky_relu@torch the left slope."""
    x = np.zeros((4, 2))
    y = np.array([0, 0, 0, 1])  # unbalanced, so the summed bias gradient is not 0
    bias_grads = {}
    for flavor in ("jax", "torch"):
        act = actplot.get("leaky_relu", flavor=flavor)
        net = MLP.build([2, 3, 2], Elementwise(act), np.random.default_rng(0), init="he", dtype=np.float64)
        logits = net.forward(x)
        _, grad, _ = softmax_cross_entropy(logits, y)
        _, gb = net.backward(grad)
        assert gb is not None
        bias_grads[flavor] = gb[0]
    slope_jax = float(actplot.get("leaky_relu", flavor="jax").derivative(0.0))
    slope_torch = float(actplot.get("leaky_relu", flavor="torch").derivative(0.0))
    assert slope_jax != slope_torch
    np.testing.assert_allclose(bias_grads["jax"] * slope_torch, bias_grads["torch"] * slope_jax, rtol=1e-12)
    assert not np.allclose(bias_grads["jax"], bias_grads["torch"])


@pytest.mark.parametrize("name", ["softmax", "glu", "sparsemax", "log_softmax"])
def test_vector_valued_functions_are_refused(name: str) -> None:
    with pytest.raises(ActplotError, match="vector-valued"):
        hidden_activation(name)


def test_random_functions_are_refused() -> None:
    with pytest.raises(ActplotError, match="random"):
        hidden_activation("rrelu")


def test_float32_network_stays_float32() -> None:
    net = MLP.build([2, 8, 2], Elementwise(hidden_activation("tanh")), np.random.default_rng(0), init="xavier")
    out = net.forward(np.ones((3, 2), np.float32))
    assert out.dtype == np.float32
    gw, _ = net.backward(np.ones_like(out))
    assert all(g.dtype == np.float32 for g in gw)


@pytest.mark.parametrize("kind", ["sgd", "momentum", "adam"])
def test_optimisers_minimise_a_quadratic(kind: str) -> None:
    w = np.array([3.0, -2.0])
    opt = Optimizer(kind, [w], lr=0.05)
    for _ in range(2000):
        opt.step([2 * w])
    assert np.abs(w).max() < 1e-2


def test_adam_first_step_moves_by_the_learning_rate() -> None:
    """Bias correction: Adam's first update is lr × sign(g) (up to ε)."""
    w = np.array([1.0, -1.0, 0.5])
    Optimizer("adam", [w], lr=0.1).step([np.array([4.0, -0.001, 2.0])])
    np.testing.assert_allclose(w, [0.9, -0.9, 0.4], atol=1e-6)
