"""Generate ``actplot/_zero_tables.py``: polynomials that evaluate f′ and f″ next to their zeros.

Run from the repository root (needs mpmath, part of the ``test`` extra):

    python tools/derivative_zero_tables.py            # rewrites actplot/_zero_tables.py
    python tools/derivative_zero_tables.py --check    # exit 1 if the committed file differs

Why: near a simple zero r of a derivative g (= f′ or f″), g(x) ≈ g′(r)·(x − r) is far smaller than
the O(1) terms every closed form adds, so the closed form is off by a fraction of an epsilon in
*absolute* terms — thousands of ULP of the result. Writing g(r + d) = d·P(d) removes the
cancellation: d = (x − r_hi) − r_lo is accurate to its last bit (x − r_hi is exact by Sterbenz's
lemma, r = r_hi + r_lo a double-double), and P has no zero near r, so a double-precision
polynomial evaluates it to a few ULP.

How: every function is written here from its mathematical definition in mpmath (60 digits; the
derivatives by mpmath's own high-precision differentiation, independent of actplot's kernels).
Each zero is located by bisection and Newton to 60 digits. P is the polynomial interpolating
g(r + d)/d at Chebyshev nodes of [−radius, radius]; its degree is the smallest whose coefficients,
reproduce g(r + d)/d to 2⁻⁶⁰ relative at 201 check points (the truncation error); the comment
next to each zero gives the degree and the error after rounding the coefficients to doubles (about
2⁻⁵³, the rounding of c₀).
"""

from __future__ import annotations

import argparse
import difflib
import pathlib
import sys
from collections.abc import Callable

import mpmath
from mpmath import mp, mpf

mp.dps = 60

OUT = pathlib.Path(__file__).resolve().parent.parent / "actplot" / "_zero_tables.py"
TOLERANCE = mpf(2) ** -60
CHECK_POINTS = 201

Fn = Callable[[mpf], mpf]


# --- the functions, from their definitions ------------------------------------------------------


def sigmoid(t: mpf) -> mpf:
    return 1 / (1 + mp.exp(-t))


def silu(t: mpf) -> mpf:
    return t * sigmoid(t)


def gelu(x: mpf) -> mpf:
    return x * mp.ncdf(x)


GELU_C = mpf("0.044715")


def gelu_tanh(x: mpf) -> mpf:
    return x / 2 * (1 + mp.tanh(mp.sqrt(2 / mp.pi) * (x + GELU_C * x**3)))


def mish(x: mpf) -> mpf:
    return x * mp.tanh(mp.log1p(mp.exp(x)))


def elish_negative(x: mpf) -> mpf:
    """ELiSH for x < 0 (for x ≥ 0 it is SiLU)."""
    return mp.expm1(x) * sigmoid(x)


def sinc(x: mpf) -> mpf:
    return mp.sin(x) / x


def derivative(f: Fn, order: int) -> Fn:
    return lambda x: mp.diff(f, x, order)


# --- zeros and polynomials ------------------------------------------------------------------------


def zeros_in(g: Fn, intervals: tuple[tuple[float, float], ...], step: float) -> list[mpf]:
    """Sign changes of g on the intervals sampled every ``step``, refined to full precision."""
    return [root for lo, hi in intervals for root in _zeros_between(g, lo, hi, step)]


def _zeros_between(g: Fn, lo: float, hi: float, step: float) -> list[mpf]:
    found = []
    n = round((hi - lo) / step)
    xs = [mpf(lo) + i * mpf(step) for i in range(n + 1)]
    vs = [g(x) for x in xs]
    for a, b, fa, fb in zip(xs, xs[1:], vs, vs[1:]):
        if fa == 0 or (fa > 0) == (fb > 0):
            continue
        for _ in range(60):  # bisection to ~1e-18, then Newton
            m = (a + b) / 2
            fm = g(m)
            if (fm > 0) == (fa > 0):
                a, fa = m, fm
            else:
                b = m
        found.append(mp.findroot(g, (a + b) / 2, tol=mpf(10) ** -55))
    return found


def split(value: mpf) -> tuple[float, float]:
    hi = float(value)
    return hi, float(value - hi)


def fit(g: Fn, root: mpf, radius: float, max_degree: int = 40) -> tuple[list[float], float]:
    """Double coefficients c of P(d) = Σ c_k d^k ≈ g(root + d)/d on |d| ≤ radius, and the relative
    error of the rounded coefficients (P evaluated exactly in mpmath)."""
    r = mpf(radius)
    checks = [r * (2 * mpf(i) / (CHECK_POINTS - 1) - 1) for i in range(CHECK_POINTS)]
    checks = [d for d in checks if d != 0] + [r * mpf(10) ** -12]
    truth = {d: g(root + d) / d for d in checks}
    for n in range(4, max_degree + 2, 2):  # an even node count: no node at d = 0
        nodes = [r * mp.cos(mp.pi * (2 * k + 1) / (2 * n)) for k in range(n)]
        values = [g(root + d) / d for d in nodes]
        matrix = mp.matrix([[d**m for m in range(n)] for d in nodes])
        coefficients = mp.lu_solve(matrix, mp.matrix(values))
        exact = [coefficients[m] for m in range(n)]
        truncation = max(abs(mpmath.polyval(exact[::-1], d) / truth[d] - 1) for d in checks)
        if truncation <= TOLERANCE:
            rounded = [float(c) for c in exact]
            return rounded, float(max(abs(mpmath.polyval(rounded[::-1], d) / truth[d] - 1) for d in checks))
    raise SystemExit(f"no polynomial up to degree {max_degree} reaches 2^-60 at root {root}")


# --- what to tabulate -------------------------------------------------------------------------------

SINC_WINDOW = 64.0
"""sinc′ and sinc″ have infinitely many zeros; those with |r| ≤ SINC_WINDOW are tabulated."""

SINC_INTERVALS = ((-SINC_WINDOW, -1.0), (1.0, SINC_WINDOW))  # |x| < 1.5 is a series without zeros but 0
NEAR = ((-4.0, 4.0),)

# name → (function, order, search intervals, sampling step, radius, doc)
TABLES: dict[str, tuple[Fn, int, tuple[tuple[float, float], ...], float, float, str]] = {
    "SILU_FIRST": (silu, 1, NEAR, 0.125, 0.6, "SiLU′(t) = σ(t)(1 + t·σ(−t)) in t = βx"),
    "SILU_SECOND": (silu, 2, NEAR, 0.125, 0.6, "SiLU″(t) = σ′(t)(2 − t·tanh(t/2)) in t = βx"),
    "GELU_FIRST": (gelu, 1, NEAR, 0.125, 0.5, "GELU′(x) = Φ(x) + x·φ(x)"),
    "GELU_TANH_FIRST": (gelu_tanh, 1, NEAR, 0.125, 0.5, "tanh-form GELU′"),
    "GELU_TANH_SECOND": (gelu_tanh, 2, NEAR, 0.125, 0.5, "tanh-form GELU″"),
    "MISH_FIRST": (mish, 1, NEAR, 0.125, 0.5, "Mish′"),
    "MISH_SECOND": (mish, 2, NEAR, 0.125, 0.5, "Mish″"),
    "ELISH_NEGATIVE_FIRST": (elish_negative, 1, ((-4.0, -0.5),), 0.125, 0.5, "ELiSH′ for x < 0"),
    "ELISH_NEGATIVE_SECOND": (elish_negative, 2, ((-4.0, -0.5),), 0.125, 0.5, "ELiSH″ for x < 0"),
    "ELISH_POSITIVE_SECOND": (silu, 2, ((0.5, 4.0),), 0.125, 0.5, "ELiSH″ for x > 0 (SiLU″)"),
    "SINC_FIRST": (sinc, 1, SINC_INTERVALS, 0.0625, 0.01, "sinc′ = (x·cos x − sin x)/x², 1 < |x| < 64"),
    "SINC_SECOND": (sinc, 2, SINC_INTERVALS, 0.0625, 0.01, "sinc″ = ((2 − x²)sin x − 2x·cos x)/x³, 1 < |x| < 64"),
}


def render() -> str:
    lines = [
        '"""Polynomials for f′ and f″ next to their zeros: g(r + d) = d·P(d) for |d| < radius.',
        "",
        "Generated by tools/derivative_zero_tables.py from mpmath (60 digits); do not edit by hand.",
        "Each table lists the zeros (double-double r = hi + lo), the radius and the coefficients of P",
        "(constant term first; c₀ = g′(r)). Used through ``actplot._numerics.patch_zeros``.",
        '"""',
        "",
        "from actplot._numerics import zero_table",
        "",
    ]
    for name, (f, order, intervals, step, radius, doc) in TABLES.items():
        g = derivative(f, order)
        roots = zeros_in(g, intervals, step)
        rows = []
        for root in roots:
            coefficients, worst = fit(g, root, radius)
            rows.append((root, coefficients, worst))
        lines.append(f"# {doc}: {len(rows)} zero(s)")
        lines.append(f"{name} = zero_table(")
        lines.append("    (")
        for root, coefficients, worst in rows:
            root_hi, root_lo = split(root)
            lines.append(f"        # r = {mpmath.nstr(root, 25)}, degree {len(coefficients) - 1}, rel. error {worst:.1e}")
            lines.append(f"        ({root_hi!r}, {root_lo!r}, {radius!r}, (")
            for c in coefficients:
                lines.append(f"            {c!r},")
            lines.append("        )),")
        lines.append("    )")
        lines.append(")")
        lines.append("")
        print(f"{name}: {len(rows)} zero(s), degrees {[len(c) - 1 for _, c, _ in rows]}", file=sys.stderr)
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare with the committed file instead of writing")
    args = parser.parse_args()
    text = render()
    if args.check:
        current = OUT.read_text()
        if current != text:
            sys.stdout.writelines(difflib.unified_diff(current.splitlines(True), text.splitlines(True)))
            return 1
        return 0
    OUT.write_text(text)
    print(f"wrote {OUT}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
