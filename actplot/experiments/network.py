"""A NumPy multilayer perceptron with analytic back-propagation.

Layer l computes ``z_l = a_{l-1} W_l + b_l`` and ``a_l = f(z_l)``. The forward pass asks the
catalogue for f and f′ together (``Activation.trusted_value_and_derivative``, bit-identical to
``value_and_derivative``), so the backward pass uses the analytic derivative *with the flavour's
convention at kinks* (``relu@jax`` and ``relu@torch`` differ exactly there). Nothing is
differentiated numerically and no autograd library is used:

    δ_l = g_l ⊙ f′(z_l),   ∂L/∂W_l = a_{l-1}ᵀ δ_l,   ∂L/∂b_l = Σ_rows δ_l,   g_{l-1} = δ_l W_lᵀ.

A function with a learned parameter (PReLU's slope a, one per hidden layer; see
:mod:`actplot.experiments.learnable`) adds ∂L/∂a_l = Σ g_l ⊙ ∂f/∂a(z_l).

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
from actplot.experiments.learnable import LearnableParameter


class Nonlinearity(Protocol):
    """A hidden nonlinearity. ``theta`` is the layer's own learned parameters (an empty array for
    a fixed function); ``backward`` writes ∂L/∂θ into ``grad_theta`` and returns ∂L/∂z."""

    pieces: int
    label: str

    def initial_parameters(self, dtype: np.dtype[Any]) -> np.ndarray: ...

    def forward(self, z: np.ndarray, theta: np.ndarray) -> tuple[np.ndarray, Any]: ...

    def value(self, z: np.ndarray, theta: np.ndarray) -> np.ndarray: ...

    def backward(self, g: np.ndarray, cache: Any, theta: np.ndarray, grad_theta: np.ndarray) -> np.ndarray: ...


class Elementwise:
    """An element-wise catalogue activation as a hidden nonlinearity (f and analytic f′), through
    the catalogue's trusted path (:meth:`Activation.trusted_value_and_derivative`: the same values,
    bit for bit, as the checked ``value_and_derivative``, without its per-call bookkeeping)."""

    pieces = 1

    def __init__(self, act: Activation) -> None:
        self.act = act
        self.label = act.label

    def initial_parameters(self, dtype: np.dtype[Any]) -> np.ndarray:
        return np.empty(0, dtype)

    def forward(self, z: np.ndarray, theta: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """``(f(z), f′(z))``; f′ is kept for the backward pass."""
        return self.act.trusted_value_and_derivative(z)

    def value(self, z: np.ndarray, theta: np.ndarray) -> np.ndarray:
        """f(z) alone, for passes that need no gradient."""
        return self.act.trusted_value(z)

    def backward(self, g: np.ndarray, cache: np.ndarray, theta: np.ndarray, grad_theta: np.ndarray) -> np.ndarray:
        return g * cache


class LearnedElementwise:
    """An element-wise catalogue activation with one learned parameter per layer (PReLU's slope a).

    θ = [a] of the layer. f and f′ come from the catalogue at the current value of a (the
    activation ``spec`` with that parameter, the flavour's kink convention included), ∂f/∂a from
    the hook :data:`actplot.experiments.learnable.LEARNABLE`:

        ∂L/∂z = g ⊙ f′(z; a),   ∂L/∂a = Σ_batch,units g ⊙ ∂f/∂a(z; a).
    """

    pieces = 1

    def __init__(self, act: Activation, learnable: LearnableParameter) -> None:
        self.act = act
        self.learnable = learnable
        self.label = act.label
        self._current = act

    def initial_parameters(self, dtype: np.dtype[Any]) -> np.ndarray:
        return np.array([self.act.params[self.learnable.parameter]], dtype=dtype)

    def at(self, theta: np.ndarray) -> Activation:
        """The catalogue activation with the parameter at θ's value (the last one is reused)."""
        value = float(theta[0])
        name = self.learnable.parameter
        if self._current.params[name] != value:
            # built directly: a learned value is any float the optimiser produced (a non-finite one
            # makes the loss non-finite, and the run is reported as diverged)
            self._current = Activation(self.act.spec, {**self.act.params, name: value}, self.act.flavor)
        return self._current

    def forward(self, z: np.ndarray, theta: np.ndarray) -> tuple[np.ndarray, tuple[np.ndarray, np.ndarray]]:
        value, slope = self.at(theta).trusted_value_and_derivative(z)
        return value, (slope, z)

    def value(self, z: np.ndarray, theta: np.ndarray) -> np.ndarray:
        return self.at(theta).trusted_value(z)

    def backward(
        self, g: np.ndarray, cache: tuple[np.ndarray, np.ndarray], theta: np.ndarray, grad_theta: np.ndarray
    ) -> np.ndarray:
        slope, z = cache
        params = self.at(theta).params
        with np.errstate(over="ignore", under="ignore"):
            by_parameter = self.learnable.gradient(z.astype(np.float64).ravel(), **params).astype(z.dtype)
        grad_theta[0] = np.dot(g.ravel(), by_parameter)
        return g * slope


class LearnedMaxout:
    """Maxout with ``pieces`` learned affine pieces per unit: the layer's pre-activation has
    ``width × pieces`` columns and each unit outputs the largest of its pieces. The gradient flows
    only into the piece that won (ties: the first), which is the derivative of max."""

    def __init__(self, pieces: int = 2) -> None:
        if pieces < 2:
            raise ActplotError(f"maxout needs at least 2 pieces, got {pieces}")
        self.pieces = pieces
        self.label = f"maxout(k={pieces})"

    def initial_parameters(self, dtype: np.dtype[Any]) -> np.ndarray:
        return np.empty(0, dtype)

    def forward(self, z: np.ndarray, theta: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        grouped = z.reshape(z.shape[0], -1, self.pieces)
        winner = grouped.argmax(axis=2)
        value = np.take_along_axis(grouped, winner[:, :, None], axis=2)[:, :, 0]
        return value, winner

    def value(self, z: np.ndarray, theta: np.ndarray) -> np.ndarray:
        return self.forward(z, theta)[0]

    def backward(self, g: np.ndarray, cache: np.ndarray, theta: np.ndarray, grad_theta: np.ndarray) -> np.ndarray:
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
    and whether the last layer is a linear read-out (logits) rather than a hidden layer.

    Every parameter lives in one contiguous vector, :attr:`flat` (weights, then biases, then the
    hidden layers' learned parameters θ_l); ``weights``, ``biases`` and ``hidden_parameters`` are
    views into it. :meth:`backward` writes the gradients into the views of :attr:`flat_gradient`
    in the same layout, so an optimiser updates the whole network with a few whole-vector
    operations instead of a few per array (the same arithmetic, element by element)."""

    weights: list[np.ndarray]
    biases: list[np.ndarray] | None
    hidden: Nonlinearity
    readout: bool = True
    hidden_parameters: list[np.ndarray] = field(default_factory=list)
    """θ_l of each hidden layer's nonlinearity (empty arrays for a fixed function); filled from
    the nonlinearity's initial values when not given."""
    caches: list[Any] = field(default_factory=list, repr=False)

    def __post_init__(self) -> None:
        hidden_layers = len(self.weights) - (1 if self.readout else 0)
        dtype = self.weights[0].dtype
        if not self.hidden_parameters:
            self.hidden_parameters = [self.hidden.initial_parameters(dtype) for _ in range(hidden_layers)]
        arrays = [*self.weights, *(self.biases or []), *self.hidden_parameters]
        self.flat = np.concatenate([a.ravel() for a in arrays]).astype(dtype, copy=False)
        self.flat_gradient = np.zeros_like(self.flat)
        views, grads = _views(self.flat, arrays), _views(self.flat_gradient, arrays)
        n_w, n_b = len(self.weights), len(self.biases or [])
        self.weights, self.weight_gradients = views[:n_w], grads[:n_w]
        self.biases = views[n_w : n_w + n_b] if self.biases is not None else None
        self.bias_gradients = grads[n_w : n_w + n_b] if self.biases is not None else None
        self.hidden_parameters, self.hidden_gradients = views[n_w + n_b :], grads[n_w + n_b :]

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
        return int(self.flat.size)

    def layer_parameter_counts(self) -> list[int]:
        """Weights, biases and the nonlinearity's learned parameters of each layer."""
        counts = [w.size + (self.biases[i].size if self.biases else 0) for i, w in enumerate(self.weights)]
        for i, theta in enumerate(self.hidden_parameters):
            counts[i] += theta.size
        return counts

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
                out, cache = self.hidden.forward(z, self.hidden_parameters[i])
                self.caches.append((a, cache))
            else:
                out = self.hidden.value(z, self.hidden_parameters[i])
            if activations is not None:
                activations.append(out)
            a = out
        return a

    def backward(self, g: np.ndarray) -> tuple[list[np.ndarray], list[np.ndarray] | None]:
        """Gradients of the loss with respect to every weight and bias, given ``g`` = ∂L/∂output of
        the last :meth:`forward` (which must have been called with ``keep=True``); the hidden
        layers' learned parameters get theirs in :attr:`hidden_gradients`. All are views of
        :attr:`flat_gradient`, overwritten by the next call."""
        last = len(self.weights) - 1
        for i in range(last, -1, -1):
            a_prev, cache = self.caches[i]
            if i == last and self.readout:
                delta = g
            else:
                delta = self.hidden.backward(g, cache, self.hidden_parameters[i], self.hidden_gradients[i])
            np.matmul(a_prev.T, delta, out=self.weight_gradients[i])
            if self.bias_gradients is not None:
                np.add.reduce(delta, axis=0, out=self.bias_gradients[i])
            if i:
                g = delta @ self.weights[i].T
        return self.weight_gradients, self.bias_gradients


def _views(flat: np.ndarray, shapes_of: Sequence[np.ndarray]) -> list[np.ndarray]:
    """Consecutive views of ``flat`` shaped like each array of ``shapes_of``."""
    views, start = [], 0
    for a in shapes_of:
        views.append(flat[start : start + a.size].reshape(a.shape))
        start += a.size
    return views


_ROWS: dict[int, np.ndarray] = {}


def softmax_cross_entropy(logits: np.ndarray, labels: np.ndarray) -> tuple[float, np.ndarray, np.ndarray]:
    """Mean cross-entropy of softmax(logits) against integer labels, its gradient with respect to
    the logits ((p − onehot)/n), and the predicted classes. Computed stably (logits minus their
    row maximum); a non-finite logit gives a non-finite loss, which the trainer reports."""
    n = logits.shape[0]
    rows = _ROWS.get(n)
    if rows is None:
        rows = _ROWS.setdefault(n, np.arange(n))
    # the ufuncs' reduce methods directly: the same arithmetic as .max() and .sum(), less dispatch;
    # with two classes the row maximum is one element-wise maximum (the reduction's own single
    # step, but a reduction along a length-2 axis costs a loop per row)
    if logits.shape[1] == 2:
        shifted = logits - np.maximum(logits[:, :1], logits[:, 1:])
    else:
        shifted = logits - np.maximum.reduce(logits, axis=1, keepdims=True)
    exp = np.exp(shifted)
    total = np.add.reduce(exp, axis=1, keepdims=True)
    log_p = shifted - np.log(total)
    loss = -float(np.add.reduce(log_p[rows, labels], dtype=np.float64) / n)  # the float64 mean
    grad = exp / total
    grad[rows, labels] -= 1
    grad /= n
    return loss, grad, logits.argmax(axis=1)
