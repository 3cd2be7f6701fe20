"""A NumPy multilayer perceptron with analytic back-propagation.

Layer l computes ``z_l = a_{l-1} W_l + b_l`` and ``a_l = f(z_l)``. The forward pass asks the
catalogue for f and f′ together (``Activation.value_and_derivative``), so the backward pass uses
the analytic derivative *with the flavour's convention at kinks* (``relu@jax`` and ``relu@torch``
differ exactly there). Nothing is differentiated numerically and no autograd library is used:

    δ_l = g_l ⊙ f′(z_l),   ∂L/∂W_l = a_{l-1}ᵀ δ_l,   ∂L/∂b_l = Σ_rows δ_l,   g_{l-1} = δ_l W_lᵀ.

A learned maxout layer (:class:`LearnedMaxout`, k affine pieces per unit, output the largest) is
supported as well; it is what "maxout" means in a network (k times the weights of a plain layer),
as opposed to the catalogue's fixed-piece ``maxout`` curve, which is an element-wise function.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

import numpy as np

import actplot
from actplot.activation import Activation
from actplot.errors import ActplotError
from actplot.experiments.inits import default_init, normal_weights


class Nonlinearity(Protocol):
    pieces: int
    label: str

    def forward(self, z: np.ndarray) -> tuple[np.ndarray, Any]: ...

    def value(self, z: np.ndarray) -> np.ndarray: ...

    def backward(self, g: np.ndarray, cache: Any) -> np.ndarray: ...


class Elementwise:
    """An element-wise catalogue activation as a hidden nonlinearity (f and analytic f′)."""

    pieces = 1

    def __init__(self, act: Activation) -> None:
        self.act = act
        self.label = act.label

    def forward(self, z: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """``(f(z), f′(z))``; f′ is kept for the backward pass."""
        value, slope = self.act.value_and_derivative(z)
        return value, slope

    def value(self, z: np.ndarray) -> np.ndarray:
        """f(z) alone, for passes that need no gradient."""
        return self.act(z)  # type: ignore[no-any-return]

    def backward(self, g: np.ndarray, cache: np.ndarray) -> np.ndarray:
        return g * cache


class LearnedMaxout:
    """Maxout with ``pieces`` learned affine pieces per unit: the layer's pre-activation has
    ``width × pieces`` columns and each unit outputs the largest of its pieces. The gradient flows
    only into the piece that won (ties: the first), which is the derivative of max."""

    def __init__(self, pieces: int = 2) -> None:
        if pieces < 2:
            raise ActplotError(f"maxout needs at least 2 pieces, got {pieces}")
        self.pieces = pieces
        self.label = f"maxout(k={pieces})"

    def forward(self, z: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        grouped = z.reshape(z.shape[0], -1, self.pieces)
        winner = grouped.argmax(axis=2)
        value = np.take_along_axis(grouped, winner[:, :, None], axis=2)[:, :, 0]
        return value, winner

    def value(self, z: np.ndarray) -> np.ndarray:
        return self.forward(z)[0]

    def backward(self, g: np.ndarray, cache: np.ndarray) -> np.ndarray:
        out = np.zeros((g.shape[0], g.shape[1], self.pieces), dtype=g.dtype)
        np.put_along_axis(out, cache[:, :, None], g[:, :, None], axis=2)
        return out.reshape(g.shape[0], -1)


def hidden_activation(spec: str | Activation) -> Activation:
    """The activation for ``spec``, refused (one-line :class:`ActplotError`) when it cannot be a
    hidden activation of this network: vector-valued functions (softmax, GLU, …) mix units, and
    random ones (RReLU) draw a slope per element while training."""
    act = spec if isinstance(spec, Activation) else actplot.get(spec)
    if act.spec.vector is not None:
        raise ActplotError(
            f"{act.name} is vector-valued (it mixes units), so it cannot be a hidden activation here; "
            "choose an element-wise function such as relu or tanh"
        )
    if act.spec.band is not None:
        raise ActplotError(
            f"{act.name} is random (a slope drawn per element in training), so runs would not be reproducible; "
            "use its deterministic counterpart, e.g. leaky_relu"
        )
    return act


def resolve_init(init: str, act: Activation | None) -> str:
    """``default`` → the function's own default (see :func:`actplot.experiments.inits.default_init`)."""
    if init != "default":
        return init
    if act is None:
        return "he"
    return default_init(act.name, act.spec.family)


@dataclass
class MLP:
    """Weights ``W_l`` (fan_in × fan_out·pieces), biases ``b_l`` (or none), the hidden nonlinearity,
    and whether the last layer is a linear read-out (logits) rather than a hidden layer."""

    weights: list[np.ndarray]
    biases: list[np.ndarray] | None
    hidden: Nonlinearity
    readout: bool = True
    caches: list[Any] = field(default_factory=list, repr=False)

    @classmethod
    def build(
        cls,
        sizes: Sequence[int],
        hidden: Nonlinearity,
        rng: np.random.Generator,
        *,
        init: str,
        dtype: Any = np.float32,
        bias: bool = True,
        readout: bool = True,
    ) -> MLP:
        """Layers ``sizes[0] → sizes[1] → … → sizes[-1]``; with ``readout`` the last is linear."""
        dt = np.dtype(dtype)
        weights = []
        n_layers = len(sizes) - 1
        for i in range(n_layers):
            fan_in, fan_out = sizes[i], sizes[i + 1]
            is_hidden = i < n_layers - 1 or not readout
            columns = fan_out * (hidden.pieces if is_hidden else 1)
            # each maxout piece is scaled like a plain unit of this layer (std from fan_in, fan_out)
            weights.append(normal_weights(rng, init, fan_in, fan_out, dt, columns=columns))
        biases = [np.zeros(w.shape[1], dtype=dt) for w in weights] if bias else None
        return cls(weights, biases, hidden, readout)

    @property
    def parameter_count(self) -> int:
        return sum(w.size for w in self.weights) + (sum(b.size for b in self.biases) if self.biases else 0)

    def layer_parameter_counts(self) -> list[int]:
        return [w.size + (self.biases[i].size if self.biases else 0) for i, w in enumerate(self.weights)]

    def forward(self, x: np.ndarray, *, keep: bool = True, activations: list[np.ndarray] | None = None) -> np.ndarray:
        """The output (logits with a read-out, else the last hidden activations). ``keep`` stores
        what :meth:`backward` needs; ``activations`` (a list) collects each hidden layer's output."""
        self.caches = []
        a = x
        last = len(self.weights) - 1
        for i, w in enumerate(self.weights):
            z = a @ w
            if self.biases is not None:
                z += self.biases[i]
            if i == last and self.readout:
                if keep:
                    self.caches.append((a, None))
                return z
            if keep:
                out, cache = self.hidden.forward(z)
                self.caches.append((a, cache))
            else:
                out = self.hidden.value(z)
            if activations is not None:
                activations.append(out)
            a = out
        return a

    def backward(self, g: np.ndarray) -> tuple[list[np.ndarray], list[np.ndarray] | None]:
        """Gradients of the loss with respect to every weight and bias, given ``g`` = ∂L/∂output of
        the last :meth:`forward` (which must have been called with ``keep=True``)."""
        grads_w: list[np.ndarray] = [np.empty(0)] * len(self.weights)
        grads_b: list[np.ndarray] | None = [np.empty(0)] * len(self.weights) if self.biases is not None else None
        last = len(self.weights) - 1
        for i in range(last, -1, -1):
            a_prev, cache = self.caches[i]
            delta = g if (i == last and self.readout) else self.hidden.backward(g, cache)
            grads_w[i] = a_prev.T @ delta
            if grads_b is not None:
                grads_b[i] = delta.sum(axis=0)
            if i:
                g = delta @ self.weights[i].T
        return grads_w, grads_b


def softmax_cross_entropy(logits: np.ndarray, labels: np.ndarray) -> tuple[float, np.ndarray, np.ndarray]:
    """Mean cross-entropy of softmax(logits) against integer labels, its gradient with respect to
    the logits ((p − onehot)/n), and the predicted classes. Computed stably (logits minus their
    row maximum); a non-finite logit gives a non-finite loss, which the trainer reports."""
    n = logits.shape[0]
    shifted = logits - logits.max(axis=1, keepdims=True)
    exp = np.exp(shifted)
    total = exp.sum(axis=1, keepdims=True)
    log_p = shifted - np.log(total)
    loss = float(-log_p[np.arange(n), labels].mean(dtype=np.float64))
    grad = exp / total
    grad[np.arange(n), labels] -= 1
    grad /= n
    return loss, grad, logits.argmax(axis=1)
