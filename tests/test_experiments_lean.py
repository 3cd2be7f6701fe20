"""The trusted path the experiments' network uses (``Activation.trusted_value_and_derivative`` and
``trusted_value``) returns, bit for bit, what the checked path returns: over the whole registry,
every flavour and the spec's example parameters, for float32 and float64, on inputs that include
every kink (where the flavour's convention pins f′), its neighbours, ±0, ±inf, nan, subnormals and
huge values, in arrays smaller and larger than one kernel chunk."""

from __future__ import annotations

import math

import numpy as np
import pytest

import actplot
from actplot import registry
from actplot.activation import CHUNK, Activation
from actplot.errors import InputError

ELEMENTWISE = [spec.name for spec in registry.SPECS if spec.vector is None]


def _settings(name: str) -> list[Activation]:
    """The activation under every flavour it has (and actplot's default), with its defaults and
    each of the spec's example parameter sets."""
    spec = registry.lookup(name)
    flavors: list[str | None] = [None, *spec.frameworks]
    out = []
    for flavor in flavors:
        for params in ({}, *spec.examples):
            try:
                out.append(actplot.get(name, flavor=flavor, **params))
            except actplot.ActplotError:
                continue  # an example parameter that does not exist under this flavour
    return out


def _inputs(act: Activation, dtype: type[np.floating]) -> np.ndarray:
    rng = np.random.default_rng(7)
    info = np.finfo(dtype)
    special = [0.0, -0.0, math.inf, -math.inf, math.nan, float(info.tiny), -float(info.tiny),
               float(info.smallest_subnormal), 1.0, -1.0, 1e4, -1e4, float(info.max), -float(info.max)]
    for kink in act.kinks:
        x = dtype(kink.x)
        special += [float(x), float(np.nextafter(x, dtype(-np.inf))), float(np.nextafter(x, dtype(np.inf)))]
    values = np.concatenate([
        np.array(special),
        rng.standard_normal(200) * 3,
        rng.standard_normal(100) * 30,
        [float(dtype(k.x)) for k in act.kinks for _ in range(5)],
    ])
    with np.errstate(over="ignore"):
        return values.astype(dtype)


def _same_bits(got: np.ndarray, want: np.ndarray) -> bool:
    if got.dtype != want.dtype or got.shape != want.shape:
        return False
    bits = np.uint32 if got.dtype == np.float32 else np.uint64
    return bool(np.array_equal(got.view(bits), want.view(bits)))


@pytest.mark.parametrize("name", ELEMENTWISE)
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_trusted_path_is_bit_identical_to_the_checked_path(name: str, dtype: type[np.floating]) -> None:
    settings = _settings(name)
    assert settings
    for act in settings:
        x = _inputs(act, dtype)
        small = x.reshape(-1, 1) if x.size % 2 else x.reshape(2, -1)  # 2-D, one chunk
        large = np.resize(x, 3 * (CHUNK + 41)).reshape(3, -1)  # several chunks, a partial last one
        for arr in (small, large):
            want_f, want_d = act.value_and_derivative(arr)
            got_f, got_d = act.trusted_value_and_derivative(arr)
            assert _same_bits(got_f, want_f), (act, arr.shape, "f")
            assert _same_bits(got_d, want_d), (act, arr.shape, "f′")
            assert _same_bits(act.trusted_value(arr), act(arr)), (act, arr.shape, "f alone")


def test_trusted_path_keeps_the_flavours_kink_convention() -> None:
    """leaky_relu′(0) is the negative slope under torch and 1 under JAX, on the trusted path too."""
    zero = np.zeros((2, 3), np.float32)
    torch_slope = actplot.get("leaky_relu", flavor="torch").trusted_value_and_derivative(zero)[1]
    jax_slope = actplot.get("leaky_relu", flavor="jax").trusted_value_and_derivative(zero)[1]
    assert np.all(torch_slope == np.float32(0.01)) and np.all(jax_slope == 1.0)


def test_an_expression_takes_the_trusted_path_too() -> None:
    act = actplot.get("x*sigmoid(b*x); b=1.5")
    x = np.linspace(-8, 8, 301, dtype=np.float32).reshape(7, 43)
    want_f, want_d = act.value_and_derivative(x)
    got_f, got_d = act.trusted_value_and_derivative(x)
    assert _same_bits(got_f, want_f) and _same_bits(got_d, want_d)


@pytest.mark.parametrize("name", ["relu", "leaky_relu", "elu", "gelu", "hard_sigmoid"])
def test_non_contiguous_inputs_keep_their_layout(name: str) -> None:
    """A transposed (Fortran-ordered) or strided array gives each element its own f and f′."""
    act = actplot.get(name)
    base = np.linspace(-4, 4, 48 * 40, dtype=np.float32).reshape(48, 40)
    base[3, 5] = 0.0
    for arr in (base.T, base[::2, ::3], np.asfortranarray(base)):
        want_f, want_d = act.value_and_derivative(np.ascontiguousarray(arr))
        got_f, got_d = act.trusted_value_and_derivative(arr)
        assert _same_bits(got_f, want_f) and _same_bits(got_d, want_d)
        assert _same_bits(act.trusted_value(arr), want_f)


def test_trusted_results_never_alias_the_input() -> None:
    act = actplot.get("identity")
    x = np.arange(6, dtype=np.float64).reshape(2, 3)
    f, d = act.trusted_value_and_derivative(x)
    f[...] = -1
    assert x[0, 1] == 1.0 and not np.shares_memory(f, d)


@pytest.mark.parametrize("bad", [[1.0, 2.0], np.arange(3), np.ones(3, np.float16), 2.0])
def test_trusted_path_refuses_what_it_would_convert(bad: object) -> None:
    with pytest.raises(InputError, match="float32 or float64"):
        actplot.get("relu").trusted_value_and_derivative(bad)  # type: ignore[arg-type]
    with pytest.raises(InputError, match="float32 or float64"):
        actplot.get("relu").trusted_value(bad)  # type: ignore[arg-type]
