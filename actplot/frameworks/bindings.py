"""How each framework spells each activation, and how its own autograd gives f′ and f″.

The recorder (``tools/record_frameworks.py``) and ``actplot verify`` both call :func:`record`, so
the points, parameter sets and evaluation are the same code in both. Frameworks are imported only
inside :func:`record` (never when actplot is imported).

Derivatives come from the framework's reverse-mode autodiff: for an element-wise function (and
for output 0 of a vector function whose other inputs are constants) the gradient of ``sum(f(x))``
with respect to the vector ``x`` is f′ element by element, and the gradient of ``sum(f′(x))`` is f″
(PyTorch's double backward, ``jax.grad`` of ``jax.grad``, a nested ``tf.GradientTape``). This is
what a user's training loop sees, including the framework's own choice at kinks.
"""

from __future__ import annotations

import importlib
import math
import os
import platform
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from actplot import registry
from actplot.errors import ActplotError
from actplot.frameworks.points import points_for
from actplot.spec import ParamValue

FRAMEWORKS: tuple[str, ...] = ("torch", "jax", "keras3", "keras2")
KERAS3_BACKENDS: tuple[str, ...] = ("tensorflow", "jax", "torch")
KERAS3_DEFAULT_BACKEND = "tensorflow"

_PACKAGES = {"torch": "torch", "jax": "jax", "keras3": "keras", "keras2": "tf_keras"}
_INSTALL = {
    "torch": "pip install torch",
    "jax": 'pip install "jax[cpu]"',
    "keras3": "pip install keras (and the backend: tensorflow, jax or torch)",
    "keras2": "pip install tensorflow tf-keras",
}


class FrameworkMissingError(ActplotError):
    """The framework to verify is not installed (a usage error: exit code 2)."""


def flavor_of(framework: str, backend: str | None = None) -> str:
    """The actplot flavour that promises to match ``framework`` (on ``backend`` for Keras 3)."""
    if framework != "keras3":
        return framework
    chosen = backend or KERAS3_DEFAULT_BACKEND
    return "keras3" if chosen == KERAS3_DEFAULT_BACKEND else f"keras3:{chosen}"


Call = Callable[..., Any]
"""``call(ns, x, **framework_kwargs)``: the framework's f on the 1-D tensor x (ns: see _Namespace)."""


@dataclass(frozen=True, slots=True)
class Binding:
    """One activation as a framework spells it.

    ``call(ns, x, **kwargs)`` evaluates it; ``kwargs(params)`` turns actplot's parameters into the
    framework's keyword arguments; ``params`` are non-default actplot parameter sets recorded
    besides the call with no arguments at all (which records the framework's own defaults).
    """

    name: str
    api: str
    call: Call
    kwargs: Callable[[Mapping[str, ParamValue]], dict[str, Any]] = lambda p: dict(p)
    params: tuple[Mapping[str, ParamValue], ...] = ()
    required: bool = False
    """The framework has no defaults for the parameters (they must be passed): the first of
    ``params`` then stands in for the call without arguments."""


def _inf_to_none(v: ParamValue) -> Any:
    return None if v == math.inf else v


# -- the bindings, framework by framework --------------------------------------------------------


def _torch_bindings() -> tuple[Binding, ...]:
    F = "torch.nn.functional"
    return (
        Binding("sigmoid", "torch.sigmoid", lambda ns, x: ns.torch.sigmoid(x)),
        Binding("tanh", "torch.tanh", lambda ns, x: ns.torch.tanh(x)),
        Binding("hard_sigmoid", f"{F}.hardsigmoid", lambda ns, x: ns.F.hardsigmoid(x)),
        Binding("hard_tanh", f"{F}.hardtanh", lambda ns, x, **k: ns.F.hardtanh(x, **k),
                params=({"min_val": -2.0, "max_val": 0.5},)),
        Binding("softsign", f"{F}.softsign", lambda ns, x: ns.F.softsign(x)),
        Binding("log_sigmoid", f"{F}.logsigmoid", lambda ns, x: ns.F.logsigmoid(x)),
        Binding("relu", "torch.relu", lambda ns, x: ns.torch.relu(x)),
        Binding("relu6", f"{F}.relu6", lambda ns, x: ns.F.relu6(x)),
        Binding("leaky_relu", f"{F}.leaky_relu", lambda ns, x, **k: ns.F.leaky_relu(x, **k),
                params=({"negative_slope": 0.1}, {"negative_slope": 0.3})),
        Binding("prelu", f"{F}.prelu", lambda ns, x, alpha=0.25: ns.F.prelu(x, ns.torch.tensor([alpha], dtype=x.dtype)),
                params=({"alpha": 0.1},)),
        Binding("rrelu", f"{F}.rrelu(training=False)", lambda ns, x, **k: ns.F.rrelu(x, training=False, **k),
                params=({"lower": 0.1, "upper": 0.3},)),
        Binding("threshold", f"{F}.threshold", lambda ns, x, threshold, value: ns.F.threshold(x, threshold, value),
                params=({"threshold": 1.0, "value": 0.0}, {"threshold": 0.5, "value": -1.0},
                        {"threshold": -1.0, "value": -1.0}), required=True),
        Binding("elu", f"{F}.elu", lambda ns, x, **k: ns.F.elu(x, **k), params=({"alpha": 0.5}, {"alpha": 2.0})),
        Binding("celu", f"{F}.celu", lambda ns, x, **k: ns.F.celu(x, **k), params=({"alpha": 0.5}, {"alpha": 2.0})),
        Binding("selu", f"{F}.selu", lambda ns, x: ns.F.selu(x)),
        Binding("softplus", f"{F}.softplus", lambda ns, x, **k: ns.F.softplus(x, **k),
                params=({"beta": 2.0, "threshold": 5.0}, {"beta": 10.0, "threshold": 0.4})),
        Binding("mish", f"{F}.mish", lambda ns, x: ns.F.mish(x)),
        Binding("silu", f"{F}.silu", lambda ns, x: ns.F.silu(x), kwargs=lambda p: {}),
        Binding("hard_swish", f"{F}.hardswish", lambda ns, x: ns.F.hardswish(x)),
        Binding("gelu", f"{F}.gelu", lambda ns, x, **k: ns.F.gelu(x, **k), params=({"approximate": "tanh"},)),
        Binding("hardshrink", f"{F}.hardshrink", lambda ns, x, **k: ns.F.hardshrink(x, **k), params=({"lambd": 1.0},)),
        Binding("softshrink", f"{F}.softshrink", lambda ns, x, **k: ns.F.softshrink(x, **k), params=({"lambd": 1.0},)),
        Binding("tanhshrink", f"{F}.tanhshrink", lambda ns, x: ns.F.tanhshrink(x)),
        Binding("softmax", "torch.softmax(dim=-1)",
                lambda ns, x, others=(0.0,): ns.torch.softmax(ns.columns(x, others), dim=-1)[:, 0],
                params=({"others": (1.0, -2.0)},)),
        Binding("softmin", f"{F}.softmin(dim=-1)",
                lambda ns, x, others=(0.0,): ns.F.softmin(ns.columns(x, others), dim=-1)[:, 0],
                params=({"others": (1.0, -2.0)},)),
        Binding("log_softmax", "torch.log_softmax(dim=-1)",
                lambda ns, x, others=(0.0,): ns.torch.log_softmax(ns.columns(x, others), dim=-1)[:, 0],
                params=({"others": (1.0, -2.0)},)),
        Binding("glu", f"{F}.glu(dim=-1)", lambda ns, x, a=1.0: ns.F.glu(ns.columns_before(x, (a,)), dim=-1)[:, 0],
                params=({"a": 2.0},)),
        Binding("identity", "torch.nn.Identity()", lambda ns, x: ns.torch.nn.Identity()(x)),
    )


def _jax_bindings() -> tuple[Binding, ...]:
    return (
        Binding("sigmoid", "jax.nn.sigmoid", lambda ns, x: ns.nn.sigmoid(x)),
        Binding("tanh", "jax.nn.tanh", lambda ns, x: ns.nn.tanh(x)),
        Binding("hard_sigmoid", "jax.nn.hard_sigmoid", lambda ns, x: ns.nn.hard_sigmoid(x)),
        Binding("hard_tanh", "jax.nn.hard_tanh", lambda ns, x: ns.nn.hard_tanh(x)),
        Binding("sparse_sigmoid", "jax.nn.sparse_sigmoid", lambda ns, x: ns.nn.sparse_sigmoid(x)),
        Binding("softsign", "jax.nn.soft_sign", lambda ns, x: ns.nn.soft_sign(x)),
        Binding("log_sigmoid", "jax.nn.log_sigmoid", lambda ns, x: ns.nn.log_sigmoid(x)),
        Binding("relu", "jax.nn.relu", lambda ns, x: ns.nn.relu(x)),
        Binding("relu6", "jax.nn.relu6", lambda ns, x: ns.nn.relu6(x)),
        Binding("leaky_relu", "jax.nn.leaky_relu", lambda ns, x, **k: ns.nn.leaky_relu(x, **k),
                params=({"negative_slope": 0.1}, {"negative_slope": 0.3})),
        Binding("elu", "jax.nn.elu", lambda ns, x, **k: ns.nn.elu(x, **k), params=({"alpha": 0.5}, {"alpha": 2.0})),
        Binding("celu", "jax.nn.celu", lambda ns, x, **k: ns.nn.celu(x, **k), params=({"alpha": 0.5}, {"alpha": 2.0})),
        Binding("selu", "jax.nn.selu", lambda ns, x: ns.nn.selu(x)),
        Binding("softplus", "jax.nn.softplus", lambda ns, x: ns.nn.softplus(x)),
        Binding("squareplus", "jax.nn.squareplus", lambda ns, x, **k: ns.nn.squareplus(x, **k), params=({"b": 1.0},)),
        Binding("sparse_plus", "jax.nn.sparse_plus", lambda ns, x: ns.nn.sparse_plus(x)),
        Binding("mish", "jax.nn.mish", lambda ns, x: ns.nn.mish(x)),
        Binding("silu", "jax.nn.silu", lambda ns, x: ns.nn.silu(x), kwargs=lambda p: {}),
        Binding("hard_swish", "jax.nn.hard_silu", lambda ns, x: ns.nn.hard_silu(x)),
        Binding("gelu", "jax.nn.gelu", lambda ns, x, **k: ns.nn.gelu(x, **k),
                kwargs=lambda p: {"approximate": p["approximate"] == "tanh"},
                params=({"approximate": "none"},)),
        Binding("softmax", "jax.nn.softmax(axis=-1)",
                lambda ns, x, others=(0.0,): ns.nn.softmax(ns.columns(x, others), axis=-1)[:, 0],
                params=({"others": (1.0, -2.0)},)),
        Binding("log_softmax", "jax.nn.log_softmax(axis=-1)",
                lambda ns, x, others=(0.0,): ns.nn.log_softmax(ns.columns(x, others), axis=-1)[:, 0],
                params=({"others": (1.0, -2.0)},)),
        Binding("glu", "jax.nn.glu(axis=-1)", lambda ns, x, a=1.0: ns.nn.glu(ns.columns_before(x, (a,)), axis=-1)[:, 0],
                params=({"a": 2.0},)),
        Binding("identity", "jax.nn.identity", lambda ns, x: ns.nn.identity(x)),
    )


def _keras3_bindings() -> tuple[Binding, ...]:
    A = "keras.activations"
    return (
        Binding("sigmoid", f"{A}.sigmoid", lambda ns, x: ns.act.sigmoid(x)),
        Binding("tanh", f"{A}.tanh", lambda ns, x: ns.act.tanh(x)),
        Binding("hard_sigmoid", f"{A}.hard_sigmoid", lambda ns, x: ns.act.hard_sigmoid(x)),
        Binding("hard_tanh", f"{A}.hard_tanh", lambda ns, x: ns.act.hard_tanh(x)),
        Binding("sparse_sigmoid", f"{A}.sparse_sigmoid", lambda ns, x: ns.act.sparse_sigmoid(x)),
        Binding("softsign", f"{A}.softsign", lambda ns, x: ns.act.softsign(x)),
        Binding("log_sigmoid", f"{A}.log_sigmoid", lambda ns, x: ns.act.log_sigmoid(x)),
        Binding("relu", f"{A}.relu", lambda ns, x, **k: ns.act.relu(x, **k),
                kwargs=lambda p: {**p, "max_value": _inf_to_none(p["max_value"])},
                params=({"negative_slope": 0.1, "max_value": 3.0, "threshold": 1.0},
                        {"negative_slope": 0.2, "max_value": math.inf, "threshold": 0.5},
                        {"negative_slope": 0.1, "max_value": math.inf, "threshold": 0.0})),
        Binding("relu6", f"{A}.relu6", lambda ns, x: ns.act.relu6(x)),
        Binding("leaky_relu", f"{A}.leaky_relu", lambda ns, x, **k: ns.act.leaky_relu(x, **k),
                params=({"negative_slope": 0.1},)),
        Binding("prelu", "keras.layers.PReLU", lambda ns, x, alpha=None: ns.prelu(x, alpha), params=({"alpha": 0.25},)),
        Binding("threshold", f"{A}.threshold", lambda ns, x, **k: ns.act.threshold(x, **k),
                kwargs=lambda p: {"threshold": p["threshold"], "default_value": p["value"]},
                params=({"threshold": 1.0, "value": 0.0}, {"threshold": 0.5, "value": -1.0}), required=True),
        Binding("elu", f"{A}.elu", lambda ns, x, **k: ns.act.elu(x, **k), params=({"alpha": 0.5}, {"alpha": 2.0})),
        Binding("celu", f"{A}.celu", lambda ns, x, **k: ns.act.celu(x, **k), params=({"alpha": 0.5}, {"alpha": 2.0})),
        Binding("selu", f"{A}.selu", lambda ns, x: ns.act.selu(x)),
        Binding("exponential", f"{A}.exponential", lambda ns, x: ns.act.exponential(x)),
        Binding("softplus", f"{A}.softplus", lambda ns, x: ns.act.softplus(x)),
        Binding("squareplus", f"{A}.squareplus", lambda ns, x, **k: ns.act.squareplus(x, **k), params=({"b": 1.0},)),
        Binding("sparse_plus", f"{A}.sparse_plus", lambda ns, x: ns.act.sparse_plus(x)),
        Binding("mish", f"{A}.mish", lambda ns, x: ns.act.mish(x)),
        Binding("silu", f"{A}.silu", lambda ns, x: ns.act.silu(x), kwargs=lambda p: {}),
        Binding("hard_swish", f"{A}.hard_silu", lambda ns, x: ns.act.hard_silu(x)),
        Binding("gelu", f"{A}.gelu", lambda ns, x, **k: ns.act.gelu(x, **k),
                kwargs=lambda p: {"approximate": p["approximate"] == "tanh"},
                params=({"approximate": "tanh"},)),
        Binding("hardshrink", f"{A}.hard_shrink", lambda ns, x, **k: ns.act.hard_shrink(x, **k),
                kwargs=lambda p: {"threshold": p["lambd"]}, params=({"lambd": 1.0},)),
        Binding("softshrink", f"{A}.soft_shrink", lambda ns, x, **k: ns.act.soft_shrink(x, **k),
                kwargs=lambda p: {"threshold": p["lambd"]}, params=({"lambd": 1.0},)),
        Binding("tanhshrink", f"{A}.tanh_shrink", lambda ns, x: ns.act.tanh_shrink(x)),
        Binding("softmax", f"{A}.softmax(axis=-1)",
                lambda ns, x, others=(0.0,): ns.act.softmax(ns.columns(x, others), axis=-1)[:, 0],
                params=({"others": (1.0, -2.0)},)),
        Binding("log_softmax", f"{A}.log_softmax(axis=-1)",
                lambda ns, x, others=(0.0,): ns.act.log_softmax(ns.columns(x, others), axis=-1)[:, 0],
                params=({"others": (1.0, -2.0)},)),
        Binding("sparsemax", f"{A}.sparsemax(axis=-1)",
                lambda ns, x, others=(0.0,): ns.act.sparsemax(ns.columns(x, others), axis=-1)[:, 0],
                params=({"others": (0.5, -0.5)},)),
        Binding("glu", f"{A}.glu(axis=-1)", lambda ns, x, a=1.0: ns.act.glu(ns.columns_before(x, (a,)), axis=-1)[:, 0],
                params=({"a": 2.0},)),
        Binding("identity", f"{A}.linear", lambda ns, x: ns.act.linear(x)),
    )


def _keras2_bindings() -> tuple[Binding, ...]:
    A = "tf_keras.activations"
    return (
        Binding("sigmoid", f"{A}.sigmoid", lambda ns, x: ns.act.sigmoid(x)),
        Binding("tanh", f"{A}.tanh", lambda ns, x: ns.act.tanh(x)),
        Binding("hard_sigmoid", f"{A}.hard_sigmoid", lambda ns, x: ns.act.hard_sigmoid(x)),
        Binding("softsign", f"{A}.softsign", lambda ns, x: ns.act.softsign(x)),
        Binding("relu", f"{A}.relu", lambda ns, x, **k: ns.act.relu(x, **k),
                kwargs=lambda p: {"alpha": p["negative_slope"], "max_value": _inf_to_none(p["max_value"]),
                                  "threshold": p["threshold"]},
                params=({"negative_slope": 0.1, "max_value": 3.0, "threshold": 1.0},
                        {"negative_slope": 0.2, "max_value": math.inf, "threshold": 0.5},
                        {"negative_slope": 0.1, "max_value": math.inf, "threshold": 0.0})),
        Binding("leaky_relu", "tf_keras.layers.LeakyReLU", lambda ns, x, **k: ns.layers.LeakyReLU(**k)(x),
                kwargs=lambda p: {"alpha": p["negative_slope"]}, params=({"negative_slope": 0.1},)),
        Binding("prelu", "tf_keras.layers.PReLU", lambda ns, x, alpha=None: ns.prelu(x, alpha), params=({"alpha": 0.25},)),
        Binding("thresholded_relu", "tf_keras.layers.ThresholdedReLU",
                lambda ns, x, **k: ns.layers.ThresholdedReLU(**k)(x), params=({"theta": 0.5},)),
        Binding("elu", f"{A}.elu", lambda ns, x, **k: ns.act.elu(x, **k), params=({"alpha": 0.5}, {"alpha": 2.0})),
        Binding("selu", f"{A}.selu", lambda ns, x: ns.act.selu(x)),
        Binding("exponential", f"{A}.exponential", lambda ns, x: ns.act.exponential(x)),
        Binding("softplus", f"{A}.softplus", lambda ns, x: ns.act.softplus(x)),
        Binding("mish", f"{A}.mish", lambda ns, x: ns.act.mish(x)),
        Binding("silu", f"{A}.swish", lambda ns, x: ns.act.swish(x), kwargs=lambda p: {}),
        Binding("gelu", f"{A}.gelu", lambda ns, x, **k: ns.act.gelu(x, **k),
                kwargs=lambda p: {"approximate": p["approximate"] == "tanh"},
                params=({"approximate": "tanh"},)),
        Binding("softmax", f"{A}.softmax(axis=-1)",
                lambda ns, x, others=(0.0,): ns.act.softmax(ns.columns(x, others), axis=-1)[:, 0],
                params=({"others": (1.0, -2.0)},)),
        Binding("identity", f"{A}.linear", lambda ns, x: ns.act.linear(x)),
    )


BINDINGS: Mapping[str, Callable[[], tuple[Binding, ...]]] = {
    "torch": _torch_bindings,
    "jax": _jax_bindings,
    "keras3": _keras3_bindings,
    "keras2": _keras2_bindings,
}


class SecondDerivativeError(Exception):
    """The framework gives f and f′ but cannot differentiate f′ (PyTorch's hardsigmoid backward)."""

    def __init__(self, f: np.ndarray, d1: np.ndarray, message: str) -> None:
        super().__init__(message)
        self.f = f
        self.d1 = d1


# -- engines: tensors in, f, f′, f″ out -----------------------------------------------------------


@dataclass
class _Namespace:
    """What a binding's ``call`` may use: the framework's modules and small helpers."""

    modules: dict[str, Any] = field(default_factory=dict)
    columns: Callable[[Any, tuple[float, ...]], Any] = lambda x, others: x
    columns_before: Callable[[Any, tuple[float, ...]], Any] = lambda x, before: x
    prelu: Callable[[Any, float | None], Any] = lambda x, alpha: x

    def __getattr__(self, name: str) -> Any:
        try:
            return self.modules[name]
        except KeyError:
            raise AttributeError(name) from None


@dataclass
class _Engine:
    """A framework ready to run: its versions, namespace, and ``derivatives(fn, x) -> (f, f′, f″)``."""

    versions: dict[str, str]
    namespace: _Namespace
    derivatives: Callable[[Callable[[Any], Any], np.ndarray], tuple[np.ndarray, np.ndarray | None, np.ndarray | None]]
    backend: str


def _import(module: str, framework: str) -> Any:
    try:
        return importlib.import_module(module)
    except ImportError:
        raise FrameworkMissingError(f"{module} is not installed; {_INSTALL[framework]}") from None


def _torch_derivatives(torch: Any) -> Callable[..., Any]:
    def run(fn: Callable[[Any], Any], xs: np.ndarray) -> tuple[np.ndarray, np.ndarray | None, np.ndarray | None]:
        x = torch.tensor(xs, dtype=torch.float64, requires_grad=True)
        y = fn(x)
        f = y.detach().numpy()
        if not y.requires_grad:
            return f, None, None
        (d1,) = torch.autograd.grad(y.sum(), x, create_graph=True)
        d2 = None
        if d1.requires_grad:
            try:
                (d2t,) = torch.autograd.grad(d1.sum(), x, allow_unused=True)
            except RuntimeError as exc:  # e.g. no double backward for hardsigmoid
                raise SecondDerivativeError(f, d1.detach().numpy(), str(exc).splitlines()[0]) from None
            # a ZeroTensor (abs's f″) must be materialised: .numpy() refuses it (2.13) or returns
            # uninitialised memory (2.6)
            d2 = np.zeros_like(xs) if d2t is None else torch.zeros_like(d2t).add(d2t).detach().numpy()
        else:  # the first derivative does not depend on x: f″ is 0 as far as autograd knows
            d2 = np.zeros_like(xs)
        return f, d1.detach().numpy(), d2

    return run


def _jax_derivatives(jax: Any) -> Callable[..., Any]:
    def run(fn: Callable[[Any], Any], xs: np.ndarray) -> tuple[np.ndarray, np.ndarray | None, np.ndarray | None]:
        x = jax.numpy.asarray(xs, dtype=jax.numpy.float64)

        def d1fn(t: Any) -> Any:
            return jax.grad(lambda u: fn(u).sum())(t)

        f = np.asarray(fn(x))
        d1 = np.asarray(d1fn(x))
        d2 = np.asarray(jax.grad(lambda u: d1fn(u).sum())(x))
        return f, d1, d2

    return run


def _tf_derivatives(tf: Any) -> Callable[..., Any]:
    def run(fn: Callable[[Any], Any], xs: np.ndarray) -> tuple[np.ndarray, np.ndarray | None, np.ndarray | None]:
        x = tf.constant(xs, dtype=tf.float64)
        with tf.GradientTape() as outer:
            outer.watch(x)
            with tf.GradientTape() as inner:
                inner.watch(x)
                y = fn(x)
            d1 = inner.gradient(y, x)
            if d1 is None:
                d1 = tf.zeros_like(x)
        try:
            d2 = outer.gradient(d1, x)
        except LookupError as exc:  # e.g. SoftsignGrad has no gradient of its own
            raise SecondDerivativeError(np.asarray(y), np.asarray(d1), str(exc).splitlines()[0]) from None
        d2_np = np.zeros_like(xs) if d2 is None else np.asarray(d2)
        return np.asarray(y), np.asarray(d1), d2_np

    return run


def _torch_engine() -> _Engine:
    torch = _import("torch", "torch")
    ns = _Namespace({"torch": torch, "F": torch.nn.functional})
    ns.columns = lambda x, others: torch.stack([x, *(torch.full_like(x, o) for o in others)], dim=-1)
    ns.columns_before = lambda x, before: torch.stack([*(torch.full_like(x, b) for b in before), x], dim=-1)
    return _Engine({"torch": torch.__version__}, ns, _torch_derivatives(torch), "torch")


def _jax_engine() -> _Engine:
    jax = _import("jax", "jax")
    jax.config.update("jax_enable_x64", True)
    jnp = jax.numpy
    ns = _Namespace({"jax": jax, "nn": jax.nn, "jnp": jnp})
    ns.columns = lambda x, others: jnp.stack([x, *(jnp.full_like(x, o) for o in others)], axis=-1)
    ns.columns_before = lambda x, before: jnp.stack([*(jnp.full_like(x, b) for b in before), x], axis=-1)
    return _Engine({"jax": jax.__version__, "jaxlib": importlib.import_module("jaxlib").__version__},
                   ns, _jax_derivatives(jax), "jax")


def _keras3_engine(backend: str) -> _Engine:
    wanted = backend or KERAS3_DEFAULT_BACKEND
    current = os.environ.get("KERAS_BACKEND")
    if "keras" in sys.modules and (current or KERAS3_DEFAULT_BACKEND) != wanted:
        raise FrameworkMissingError(
            f"Keras is already loaded with backend {current or KERAS3_DEFAULT_BACKEND}; run again with KERAS_BACKEND={wanted}"
        )
    os.environ["KERAS_BACKEND"] = wanted
    backend_engine = {"tensorflow": _tf_engine_core, "jax": _jax_engine, "torch": _torch_engine}[wanted]()
    keras = _import("keras", "keras3")
    if keras.backend.backend() != wanted:
        raise FrameworkMissingError(f"Keras runs on {keras.backend.backend()}, not {wanted}; set KERAS_BACKEND={wanted}")
    keras.config.set_floatx("float64")
    ns = _Namespace({"keras": keras, "act": keras.activations, "ops": keras.ops})
    ops = keras.ops
    ns.columns = lambda x, others: ops.stack([x, *(ops.full_like(x, o) for o in others)], axis=-1)
    ns.columns_before = lambda x, before: ops.stack([*(ops.full_like(x, b) for b in before), x], axis=-1)

    def prelu(x: Any, alpha: float | None) -> Any:
        init = "zeros" if alpha is None else keras.initializers.Constant(alpha)
        return keras.layers.PReLU(alpha_initializer=init, dtype="float64")(x)

    ns.prelu = prelu
    versions = {"keras": keras.__version__, **backend_engine.versions}
    return _Engine(versions, ns, backend_engine.derivatives, wanted)


def _tf_engine_core() -> _Engine:
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")  # TensorFlow's C++ start-up chatter on stderr
    tf = _import("tensorflow", "keras2")
    return _Engine({"tensorflow": tf.__version__}, _Namespace({"tf": tf}), _tf_derivatives(tf), "tensorflow")


def _keras2_engine() -> _Engine:
    core = _tf_engine_core()
    tf_keras = _import("tf_keras", "keras2")
    tf_keras.backend.set_floatx("float64")
    tf = core.namespace.tf
    ns = _Namespace({"tf": tf, "act": tf_keras.activations, "layers": tf_keras.layers})
    ns.columns = lambda x, others: tf.stack([x, *(tf.fill(tf.shape(x), tf.constant(o, tf.float64)) for o in others)], axis=-1)
    ns.columns_before = lambda x, before: tf.stack([*(tf.fill(tf.shape(x), tf.constant(b, tf.float64)) for b in before), x], axis=-1)

    def prelu(x: Any, alpha: float | None) -> Any:
        init = "zeros" if alpha is None else tf_keras.initializers.Constant(alpha)
        return tf_keras.layers.PReLU(alpha_initializer=init, dtype="float64")(x)

    ns.prelu = prelu
    return _Engine({"tf_keras": tf_keras.__version__, **core.versions}, ns, core.derivatives, "tensorflow")


def _engine(framework: str, backend: str | None) -> _Engine:
    if framework == "torch":
        return _torch_engine()
    if framework == "jax":
        return _jax_engine()
    if framework == "keras3":
        return _keras3_engine(backend or KERAS3_DEFAULT_BACKEND)
    if framework == "keras2":
        return _keras2_engine()
    raise ValueError(f"unknown framework {framework!r}")


# -- recording ------------------------------------------------------------------------------------


def encode(v: float) -> str:
    """A float as text that parses back to the same binary64 value (``repr``; nan, inf, -0.0 kept)."""
    return repr(float(v))


def decode(text: str) -> float:
    return float(text)


def _cases(bindings: tuple[Binding, ...]) -> list[tuple[Binding, Mapping[str, ParamValue] | None]]:
    """(binding, None) for the call with the framework's defaults, then (binding, params) for each
    other recorded parameter set."""
    cases: list[tuple[Binding, Mapping[str, ParamValue] | None]] = []
    for binding in bindings:
        if not binding.required:
            cases.append((binding, None))  # the framework's own defaults: no arguments at all
        cases.extend((binding, p) for p in binding.params)
    return cases


def record(framework: str, backend: str | None = None, only: tuple[str, ...] = ()) -> dict[str, Any]:
    """Evaluate ``framework``'s activations and autograd at :func:`points_for` each; JSON-ready.

    Raises :class:`FrameworkMissingError` when the framework (or the Keras backend) is absent.
    """
    if framework not in FRAMEWORKS:
        raise ValueError(f"unknown framework {framework!r}")
    engine = _engine(framework, backend)
    flavor = flavor_of(framework, engine.backend if framework == "keras3" else None)
    base = flavor.partition(":")[0]
    functions = []
    for binding, params in _cases(BINDINGS[framework]()):
        if only and binding.name not in only:
            continue
        spec = registry.lookup(binding.name)
        actplot_params: dict[str, Any] = {**spec.defaults(base), **(params or {})}
        act = registry.get(binding.name, base, **actplot_params)
        xs = points_for(act)
        kwargs = {} if params is None else binding.kwargs(actplot_params)
        entry: dict[str, Any] = {
            "name": binding.name,
            "api": binding.api,
            "call": "defaults" if params is None else "explicit",
            "kwargs": {k: _json_kwarg(v) for k, v in kwargs.items()},
            "params": {k: _json_kwarg(v) for k, v in actplot_params.items()},
            "points": [encode(v) for v in xs],
        }
        try:
            f, d1, d2 = engine.derivatives(_bound(binding, engine.namespace, kwargs), xs)
        except SecondDerivativeError as partial:
            f, d1, d2 = partial.f, partial.d1, None
            entry["d2_error"] = str(partial)[:300]
        except Exception as exc:  # noqa: BLE001 - whatever the framework raises is recorded, not fatal
            entry["error"] = f"{type(exc).__name__}: {exc}"[:300]
            functions.append(entry)
            continue
        entry["dtype"] = str(np.asarray(f).dtype)
        entry["f"] = [encode(v) for v in np.asarray(f, dtype=np.float64)]
        entry["d1"] = None if d1 is None else [encode(v) for v in np.asarray(d1, dtype=np.float64)]
        entry["d2"] = None if d2 is None else [encode(v) for v in np.asarray(d2, dtype=np.float64)]
        functions.append(entry)
    return {
        "framework": framework,
        "backend": engine.backend,
        "flavor": flavor,
        "dtype": "float64",
        "versions": {**engine.versions, "python": platform.python_version(), "numpy": np.__version__},
        "functions": functions,
    }


def _bound(binding: Binding, namespace: _Namespace, kwargs: dict[str, Any]) -> Callable[[Any], Any]:
    """The framework's f as a function of the input tensor alone."""

    def f(x: Any) -> Any:
        return binding.call(namespace, x, **kwargs)

    return f


def _json_kwarg(v: Any) -> Any:
    if isinstance(v, tuple):
        return [_json_kwarg(e) for e in v]
    if isinstance(v, float) and not math.isfinite(v):
        return encode(v)
    return v
