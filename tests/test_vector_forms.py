"""Vector forms of the vector-valued activations against 60-digit mpmath references.

Rows are seeded random draws from these families (docs/accuracy.md): N(0, 1), N(0, 10), N(0, 800),
±1000 + N(0, 1), 30 % of the entries masked to −inf, and one entry 60 above the rest. Every output
entry and every Jacobian entry is scored in ULP of the true value (tests.references.ulp_errors,
strict for subnormal truths). Bounds per entry, float64:

* softmax, softmin: 4 ULP values, 8 ULP Jacobian.
* log_softmax: 4 ULP values, 8 ULP Jacobian. The Jacobian is δ_ij − s_j, with its diagonal formed as
  Σ_{j≠i} s_j, so it has the same error sources as the softmax Jacobian.
* sparsemax: 1 ULP values (piecewise linear: a double-double τ, so p = z − τ is rounded once).
  0.5 ULP Jacobian: its entries are the constants −1/|S|, 1 − 1/|S| and 0, each rounded once.
* glu: 4 ULP values (a·σ(b): σ is 2 ULP, plus the product) and 8 ULP Jacobian (σ′ is 4 ULP, times a).

Also checked: any axis of an N-D array, the GLU odd-length error, shapes, dtype preservation, special
rows (all −inf, +inf, nan), and agreement of each 1-D view with its vector form.
"""

from __future__ import annotations

import math

import mpmath
import numpy as np
import pytest

import actplot
from actplot.errors import InputError, ParameterError
from tests.references import split_mp, ulp_errors
from tests.references import vector as ref

N = 8  # row length
ROWS = 30  # rows per family


def _families() -> dict[str, np.ndarray]:
    rng = np.random.default_rng(20261124)
    fam = {
        "normal1": rng.normal(0.0, 1.0, (ROWS, N)),
        "normal10": rng.normal(0.0, 10.0, (ROWS, N)),
        "normal800": rng.normal(0.0, 800.0, (ROWS, N)),
        "plus1000": 1000.0 + rng.normal(0.0, 1.0, (ROWS, N)),
        "minus1000": -1000.0 + rng.normal(0.0, 1.0, (ROWS, N)),
    }
    masked = rng.normal(0.0, 1.0, (ROWS, N))
    mask = rng.random((ROWS, N)) < 0.3
    mask[np.arange(ROWS), rng.integers(0, N, ROWS)] = False  # at least one finite entry per row
    masked[mask] = -np.inf
    fam["masked"] = masked
    dominant = rng.normal(0.0, 1.0, (ROWS, N))
    dominant[np.arange(ROWS), rng.integers(0, N, ROWS)] += 60.0
    fam["dominant"] = dominant
    return fam


FAMILIES = _families()


def _mp_rows(rows: np.ndarray) -> list[list[mpmath.mpf]]:
    return [[mpmath.mpf(float(v)) for v in row] for row in rows]


def _score(computed: np.ndarray, truths: list, bound: float, what: str) -> float:
    """Max ULP error of ``computed`` against nested lists of mpf truths; fails beyond ``bound``."""
    flat_truth = list(_flatten(truths))
    hi, lo = split_mp(flat_truth)
    got = np.asarray(computed, dtype=np.float64).ravel()
    assert got.shape == hi.shape
    err = ulp_errors(got, hi, lo, np.float64)
    worst = int(np.argmax(err))
    assert err[worst] <= bound, (
        f"{what}: {np.count_nonzero(err > bound)} entries beyond {bound} ULP; worst got {got[worst]!r}, "
        f"true {hi[worst]!r} ({err[worst]:.3g} ULP)"
    )
    return float(err.max())


def _flatten(nested):
    for item in nested:
        if isinstance(item, list):
            yield from _flatten(item)
        else:
            yield item


# name, mp row function, mp Jacobian function, value bound (ULP), Jacobian bound (ULP)
CASES = [
    ("softmax", ref.softmax_row, ref.softmax_row_jacobian, 4.0, 8.0),
    ("log_softmax", ref.log_softmax_row, ref.log_softmax_row_jacobian, 4.0, 8.0),
    ("sparsemax", ref.sparsemax_row, ref.sparsemax_row_jacobian, 1.0, 0.5),
]


@pytest.mark.parametrize("family", sorted(FAMILIES))
@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_values_and_jacobians_against_mpmath(case, family):
    name, row_fn, jac_fn, vbound, jbound = case
    act = actplot.get(name)
    x = FAMILIES[family]
    mp_rows = _mp_rows(x)
    _score(act(x, axis=-1), [row_fn(r) for r in mp_rows], vbound, f"{name} values, {family}")
    _score(act.jacobian(x, axis=-1), [jac_fn(r) for r in mp_rows], jbound, f"{name} Jacobian, {family}")


@pytest.mark.parametrize("family", sorted(FAMILIES))
def test_softmin_is_softmax_of_the_negated_input(family):
    """softmin(x) = softmax(−x) and J_softmin(x) = −J_softmax(−x); +inf entries are the masked ones."""
    act = actplot.get("softmin")
    x = -FAMILIES[family]
    mp_rows = _mp_rows(-x)
    _score(act(x, axis=-1), [ref.softmax_row(r) for r in mp_rows], 4.0, f"softmin values, {family}")
    truth = [[[-v for v in line] for line in ref.softmax_row_jacobian(r)] for r in mp_rows]
    _score(act.jacobian(x, axis=-1), truth, 8.0, f"softmin Jacobian, {family}")


@pytest.mark.parametrize("family", sorted(FAMILIES))
def test_glu_against_mpmath(family):
    act = actplot.get("glu")
    x = FAMILIES[family]
    if family == "masked":
        x = x.copy()
        x[:, : N // 2][np.isinf(x[:, : N // 2]) & np.isinf(x[:, N // 2 :])] = 1.0  # keep −inf·σ(−inf) out
    mp_rows = _mp_rows(x)
    _score(act(x, axis=-1), [ref.glu_row(r) for r in mp_rows], 4.0, f"glu values, {family}")
    _score(act.jacobian(x, axis=-1), [ref.glu_row_jacobian(r) for r in mp_rows], 8.0, f"glu Jacobian, {family}")


# --- axes, shapes, dtypes ------------------------------------------------------------------------

VECTOR_NAMES = ["softmax", "softmin", "log_softmax", "sparsemax", "glu"]


@pytest.mark.parametrize("name", VECTOR_NAMES)
def test_axis_zero_on_a_2d_array(name):
    """axis=0 of an (n, B) array is the same as axis=−1 of its transpose, bit for bit."""
    act = actplot.get(name)
    x = FAMILIES["normal10"][:6].T.copy()  # shape (8, 6): the vectors are the columns
    along0 = act(x, axis=0)
    expected = act(x.T, axis=-1).T
    assert along0.shape == expected.shape
    np.testing.assert_array_equal(along0, expected)
    jac = act.jacobian(x, axis=0)
    out_len = N // 2 if name == "glu" else N
    assert jac.shape == (6, out_len, N)
    np.testing.assert_array_equal(jac, act.jacobian(x.T, axis=-1))


@pytest.mark.parametrize("name", VECTOR_NAMES)
def test_middle_axis_of_a_3d_array(name):
    act = actplot.get(name)
    x = np.random.default_rng(7).normal(0.0, 3.0, (2, N, 3))
    out = act(x, axis=1)
    out_len = N // 2 if name == "glu" else N
    assert out.shape == (2, out_len, 3)
    for i in range(2):
        for k in range(3):
            np.testing.assert_array_equal(out[i, :, k], act(x[i, :, k], axis=-1))
    jac = act.jacobian(x, axis=-2)
    assert jac.shape == (2, 3, out_len, N)
    np.testing.assert_array_equal(jac[1, 2], act.jacobian(x[1, :, 2], axis=0))


@pytest.mark.parametrize("name", VECTOR_NAMES)
def test_bad_axis_is_an_input_error(name):
    act = actplot.get(name)
    with pytest.raises(InputError):
        act(np.zeros((2, 4)), axis=2)
    with pytest.raises(InputError):
        act(1.0, axis=0)


@pytest.mark.parametrize("length", [1, 3, 7])
def test_glu_odd_length_is_a_one_line_input_error(length):
    act = actplot.get("glu")
    with pytest.raises(InputError) as info:
        act(np.ones((2, length)), axis=-1)
    message = str(info.value)
    assert "\n" not in message and "even" in message and str(length) in message
    with pytest.raises(InputError):
        act.jacobian(np.ones((length, 2)), axis=0)


def test_glu_splits_value_then_gate():
    """nn.GLU / jax.nn.glu order: the first half is the value a, the second the gate b."""
    act = actplot.get("glu")
    x = np.array([2.0, -3.0, 0.0, 1.0])  # a = (2, −3), b = (0, 1)
    out = act(x, axis=0)
    np.testing.assert_allclose(out, [2.0 * 0.5, -3.0 / (1.0 + math.exp(-1.0))], rtol=1e-15)
    jac = act.jacobian(x, axis=0)
    assert jac.shape == (2, 4)
    assert jac[0, 1] == 0.0 and jac[0, 3] == 0.0 and jac[1, 0] == 0.0 and jac[1, 2] == 0.0


@pytest.mark.parametrize("name", VECTOR_NAMES)
@pytest.mark.parametrize("dtype", [np.float32, np.float16, np.float64])
def test_vector_form_keeps_float_dtype(name, dtype):
    """The vector form computes in float64 and the result is rounded once to the input's float
    dtype (the spec's kernels get float64 from Activation, which does the rounding)."""
    act = actplot.get(name)
    x = FAMILIES["normal1"][:4].astype(dtype)
    out = act(x, axis=-1)
    jac = act.jacobian(x, axis=-1)
    assert out.dtype == dtype and jac.dtype == dtype
    expected = act.spec.vector.value(x.astype(np.float64), -1).astype(dtype)
    np.testing.assert_array_equal(out, expected)


def test_activation_with_axis_keeps_float32():
    act = actplot.get("softmax")
    x = FAMILIES["normal1"][:4].astype(np.float32)
    assert act(x, axis=-1).dtype == np.float32
    assert act.jacobian(x, axis=-1).dtype == np.float32


def test_integer_input_gives_float64():
    out = actplot.get("softmax")(np.arange(4), axis=0)
    assert out.dtype == np.float64
    np.testing.assert_allclose(out.sum(), 1.0, rtol=1e-15)


def test_empty_axis_and_empty_batch():
    act = actplot.get("softmax")
    assert act(np.zeros((3, 0)), axis=-1).shape == (3, 0)
    assert act.jacobian(np.zeros((3, 0)), axis=-1).shape == (3, 0, 0)
    assert act(np.zeros((0, 4)), axis=-1).shape == (0, 4)
    assert act.jacobian(np.zeros((0, 4)), axis=-1).shape == (0, 4, 4)


def test_maxout_has_no_vector_form():
    act = actplot.get("maxout")
    with pytest.raises(InputError):
        act(np.ones(4), axis=0)
    with pytest.raises(InputError):
        act.jacobian(np.ones(4), axis=0)


# --- special rows --------------------------------------------------------------------------------

INF = np.inf


@pytest.mark.parametrize("name", ["softmax", "sparsemax"])
def test_special_rows_of_distributions(name):
    act = actplot.get(name)
    x = np.array(
        [
            [-INF, -INF, -INF],  # nothing left: nan
            [1.0, INF, -2.0],  # one +inf: its one-hot limit
            [INF, 0.0, INF],  # two +inf: no limit
            [0.0, np.nan, 1.0],  # nan anywhere: nan
            [-INF, 3.0, -INF],  # one finite entry: all mass there
            [-1e308, 1e308, 0.0],  # no overflow in x − max
        ]
    )
    out = act(x, axis=-1)
    assert np.isnan(out[0]).all() and np.isnan(out[2]).all() and np.isnan(out[3]).all()
    np.testing.assert_array_equal(out[1], [0.0, 1.0, 0.0])
    np.testing.assert_array_equal(out[4], [0.0, 1.0, 0.0])
    np.testing.assert_array_equal(out[5], [0.0, 1.0, 0.0])
    jac = act.jacobian(x, axis=-1)
    assert np.isnan(jac[0]).all() and np.isnan(jac[2]).all() and np.isnan(jac[3]).all()
    np.testing.assert_array_equal(jac[1], np.zeros((3, 3)))
    np.testing.assert_array_equal(jac[4], np.zeros((3, 3)))
    np.testing.assert_array_equal(jac[5], np.zeros((3, 3)))


def test_special_rows_of_log_softmax():
    act = actplot.get("log_softmax")
    x = np.array([[-INF, -INF], [1.0, INF], [INF, INF], [-INF, 2.0], [-1.7e308, 1.7e308]])
    out = act(x, axis=-1)
    assert np.isnan(out[0]).all() and np.isnan(out[2]).all()
    np.testing.assert_array_equal(out[1], [-INF, 0.0])
    np.testing.assert_array_equal(out[3], [-INF, 0.0])
    np.testing.assert_array_equal(out[4], [-INF, 0.0])  # −3.4e308 is beyond the float range
    jac = act.jacobian(x, axis=-1)
    np.testing.assert_array_equal(jac[1], [[1.0, -1.0], [0.0, 0.0]])
    np.testing.assert_array_equal(jac[3], [[1.0, -1.0], [0.0, 0.0]])


def test_glu_with_infinite_inputs():
    act = actplot.get("glu")
    x = np.array([[INF, -INF, 2.0, INF], [0.0, -INF, -2.0, 5.0]])  # a = (inf, −inf) | b = (2, inf) …
    out = act(x, axis=-1)
    np.testing.assert_array_equal(out[0], [INF, -INF])
    assert np.isnan(act(np.array([INF, -INF]), axis=0)[0])  # ∞·σ(−∞) = ∞·0
    jac = act.jacobian(x, axis=-1)
    assert jac[0, 0, 0] == pytest.approx(1.0 / (1.0 + math.exp(-2.0)), rel=1e-15)  # ∂/∂a = σ(b)
    assert jac[0, 0, 2] == INF  # ∂/∂b = a·σ′(b) = ∞·σ′(2)
    assert np.isnan(jac[0, 1, 3])  # −∞·σ′(∞) = −∞·0


# --- the 1-D views are real components of the vector forms ---------------------------------------

VIEW_CASES = [
    ("softmax", {"others": (0.0,)}),
    ("softmax", {"others": (1.5, -0.5, 3.0)}),
    ("softmin", {"others": (1.5, -0.5, 3.0)}),
    ("log_softmax", {"others": (1.5, -0.5, 3.0)}),
    ("sparsemax", {"others": (0.5, -0.25)}),
    ("sparsemax", {"others": (0.3, 0.2, -0.1, 0.7)}),
]


@pytest.mark.parametrize(("name", "params"), VIEW_CASES)
def test_view_is_component_zero_of_the_vector_form(name, params):
    act = actplot.get(name, **params)
    xs = np.linspace(-6.0, 6.0, 97)
    rows = np.array([[x, *params["others"]] for x in xs])
    np.testing.assert_allclose(act(xs), act(rows, axis=-1)[:, 0], rtol=4e-15, atol=1e-300)
    jac = act.jacobian(rows, axis=-1)
    kinks = np.array([k.x for k in act.kinks])
    away = np.all(np.abs(xs[:, None] - kinks[None, :]) > 1e-9, axis=1) if kinks.size else np.ones(xs.shape, bool)
    np.testing.assert_allclose(act.derivative(xs)[away], jac[away, 0, 0], rtol=1e-14, atol=1e-300)


def test_glu_view_fixes_the_value_and_sweeps_the_gate():
    """glu(x; a) = GLU([a, x]) = a·σ(x), never GLU([x, x]) (that would be SiLU)."""
    act = actplot.get("glu", a=-2.5)
    xs = np.linspace(-6.0, 6.0, 49)
    rows = np.stack([np.full_like(xs, -2.5), xs], axis=-1)
    np.testing.assert_allclose(act(xs), act(rows, axis=-1)[:, 0], rtol=4e-15)
    np.testing.assert_allclose(act.derivative(xs), act.jacobian(rows, axis=-1)[:, 0, 1], rtol=1e-14)
    silu = xs / (1.0 + np.exp(-xs))
    assert not np.allclose(actplot.get("glu")(xs), silu)


def test_sparsemax_default_view_is_sparse_sigmoid():
    act = actplot.get("sparsemax")
    xs = np.linspace(-3.0, 3.0, 121)
    np.testing.assert_array_equal(act(xs), np.clip((xs + 1.0) / 2.0, 0.0, 1.0))
    assert [k.x for k in act.kinks] == [-1.0, 1.0]


# --- randomised pieces: views of sparsemax and maxout against the exact references --------------


@pytest.mark.parametrize("seed", range(6))
def test_sparsemax_view_with_random_others(seed):
    rng = np.random.default_rng(seed)
    others = tuple(float(v) for v in rng.normal(0.0, 0.6, rng.integers(1, 6)))
    act = actplot.get("sparsemax", others=others)
    kinks = [k.x for k in act.kinks]
    xs = np.concatenate([rng.uniform(-4.0, 4.0, 200), np.nextafter(kinks, -INF), np.nextafter(kinks, INF)])
    mp_x = [mpmath.mpf(float(v)) for v in xs]
    _score(act(xs), [ref.REFERENCES["sparsemax"].f(v, others=others) for v in mp_x], 1.0, f"sparsemax {others}")
    _score(act.derivative(xs), [ref.REFERENCES["sparsemax"].d1(v, others=others) for v in mp_x], 0.5, "slope")


@pytest.mark.parametrize("seed", range(6))
def test_maxout_with_random_pieces(seed):
    rng = np.random.default_rng(100 + seed)
    k = int(rng.integers(2, 6))
    slopes = tuple(float(v) for v in rng.normal(0.0, 2.0, k))
    intercepts = tuple(float(v) for v in rng.normal(0.0, 2.0, k))
    act = actplot.get("maxout", slopes=slopes, intercepts=intercepts)
    kinks = [kk.x for kk in act.kinks]
    xs = np.concatenate(
        [
            rng.uniform(-6.0, 6.0, 200),
            np.nextafter(kinks, -INF),
            np.nextafter(kinks, INF),
            [1e300, -1e300, 1.7e308, -1.7e308, 5e-324, -5e-324],
        ]
    )
    mp_x = [mpmath.mpf(float(v)) for v in xs]
    truth = ref.REFERENCES["maxout"]
    _score(act(xs), [truth.f(v, slopes=slopes, intercepts=intercepts) for v in mp_x], 1.0, "maxout")
    _score(act.derivative(xs), [truth.d1(v, slopes=slopes, intercepts=intercepts) for v in mp_x], 0.0, "slope")


def test_maxout_kernel_overflows_only_to_the_true_infinity_and_quietly():
    """Slope 3 at x = 1.7e308 is beyond the float range: ±inf, with no RuntimeWarning from the kernel."""
    spec = actplot.get("maxout").spec
    params = {"slopes": (0.5, 3.0), "intercepts": (0.75, -4.25)}
    x = np.array([1.7e308, 5e307, 1e300, -1.7e308, 3e-310])
    out = spec.value(x, **params)  # the bare kernel: pytest turns any warning into an error
    truth = ref.REFERENCES["maxout"]
    _score(out, [truth.f(mpmath.mpf(float(v)), **params) for v in x], 1.0, "maxout tails")
    assert out[0] == INF


def test_maxout_checks_matching_lengths():
    with pytest.raises(ParameterError):
        actplot.get("maxout", slopes=(1.0, 2.0, 3.0), intercepts=(0.0, 0.0))
    with pytest.raises(ParameterError):
        actplot.get("maxout", slopes=(1.0,), intercepts=(0.0,))
