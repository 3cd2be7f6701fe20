"""Intervals and verdicts.

Two functions run with the same seed indices share their data, initial random draws and batch
order, so they are compared by the per-seed difference d_i = m_A,i − m_B,i (paired). The 95 %
interval of the mean difference is mean(d) ± t₀.₉₇₅,ₙ₋₁ · sd(d)/√n (Student t). Verdict for a
claim "A is larger than B":

* supported     — the interval lies entirely above 0;
* contradicted  — it lies entirely below 0;
* inconclusive  — it contains 0 (at this setting; more seeds may decide).

A claim about one quantity ("SELU's mean stays within ±0.1 of 0") uses the interval of that
quantity against the stated band: inside → supported, entirely outside → contradicted, else
inconclusive.

A yes/no outcome per network ("born dead") is a proportion k/n with its 95 % Wilson score
interval: 0 of 20 is [0, 0.161], not [0, 0], so "never" is never claimed from a finite sample.
With one seed there is no interval at all; every verdict is then inconclusive.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

SUPPORTED = "supported"
CONTRADICTED = "contradicted"
INCONCLUSIVE = "inconclusive"

RULE = (
    "Verdict rule: each figure is a mean over seeds with its 95 % Student-t interval (a yes/no outcome per "
    "network: the share k/n with its 95 % Wilson interval); comparisons use the per-seed (paired) difference. "
    "Supported: the interval lies entirely on the claimed side (of 0, or inside the stated band); contradicted: "
    "entirely on the other side; inconclusive: it straddles, or there is only one seed. A verdict holds at the "
    "stated setting (task, depth, width, init, learning rate, number of runs n) only."
)

_T975 = (12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.160, 2.145,
         2.131, 2.120, 2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045,
         2.042)
"""The 0.975 quantile of Student's t for 1–30 degrees of freedom (standard tables, 3 decimals)."""


def t_quantile_975(df: int) -> float:
    """t₀.₉₇₅ with ``df`` degrees of freedom: the table up to 30, then the Cornish–Fisher expansion
    z + (z³+z)/(4ν) + (5z⁵+16z³+3z)/(96ν²) (error below 1e-3 there)."""
    if df < 1:
        return math.inf
    if df <= len(_T975):
        return _T975[df - 1]
    z = 1.959963984540054
    return z + (z**3 + z) / (4 * df) + (5 * z**5 + 16 * z**3 + 3 * z) / (96 * df**2)


@dataclass(frozen=True)
class Interval:
    mean: float
    low: float
    high: float
    n: int
    exact: bool = False
    """A deterministic quantity (a count, a slope on a grid): no sampling error, no interval."""

    def text(self, digits: int = 3) -> str:
        """``11.97 [11.96, 11.99]``: at least ``digits`` significant digits, more where fewer would
        print a non-zero-width interval as zero-width (``12 [12, 12]``); one run has no interval."""
        if self.exact:
            return f"{self.mean:.{digits}g} (exact)"
        if self.n == 1:
            return f"{self.mean:.{digits}g} (1 run: no interval)"
        for shown in range(digits, 10):
            texts = [f"{v:.{shown}g}" for v in (self.low, self.mean, self.high)]
            if self.low == self.high or len(set(texts)) == len({self.low, self.mean, self.high}):
                break
        return f"{texts[1]} [{texts[0]}, {texts[2]}]"


def mean_interval(values: Sequence[float]) -> Interval:
    """Mean and its 95 % t interval over the finite values (one value, or identical values: zero width)."""
    x = np.asarray([v for v in values if math.isfinite(v)], dtype=np.float64)
    n = len(x)
    if n == 0:
        return Interval(math.nan, math.nan, math.nan, 0)
    mean = float(x.mean())
    if n == 1:
        return Interval(mean, mean, mean, 1)
    half = t_quantile_975(n - 1) * float(x.std(ddof=1)) / math.sqrt(n)
    return Interval(mean, mean - half, mean + half, n)


def exact_value(value: float) -> Interval:
    """A deterministic measurement, compared with a claim as it is."""
    return Interval(value, value, value, 1, exact=True)


def proportion_interval(outcomes: Sequence[bool]) -> Interval:
    """The share of yes outcomes k/n and its 95 % Wilson score interval
    (p̂ + z²/2n ± z·√(p̂(1−p̂)/n + z²/4n²)) / (1 + z²/n): honest at 0 and n, where a t interval
    collapses to zero width."""
    n = len(outcomes)
    if n == 0:
        return Interval(math.nan, math.nan, math.nan, 0)
    p = sum(bool(o) for o in outcomes) / n
    z = 1.959963984540054
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return Interval(p, max(0.0, centre - half), min(1.0, centre + half), n)


def paired_interval(a: Sequence[float], b: Sequence[float]) -> Interval:
    """The interval of mean(a_i − b_i) over the seeds both have."""
    return mean_interval([x - y for x, y in zip(a, b)])


def verdict_greater(interval: Interval, threshold: float = 0.0) -> str:
    """For a claim "the quantity is larger than ``threshold``"."""
    if (interval.n < 2 and not interval.exact) or math.isnan(interval.mean):
        return INCONCLUSIVE
    if interval.low > threshold:
        return SUPPORTED
    if interval.high < threshold:
        return CONTRADICTED
    return INCONCLUSIVE


def verdict_less(interval: Interval, threshold: float = 0.0) -> str:
    """For a claim "the quantity is smaller than ``threshold``"."""
    return verdict_greater(Interval(-interval.mean, -interval.high, -interval.low, interval.n, interval.exact), -threshold)


def verdict_within(interval: Interval, low: float, high: float) -> str:
    """For a claim "the quantity lies in [low, high]"."""
    if (interval.n < 2 and not interval.exact) or math.isnan(interval.mean):
        return INCONCLUSIVE
    if low <= interval.low and interval.high <= high:
        return SUPPORTED
    if interval.high < low or interval.low > high:
        return CONTRADICTED
    return INCONCLUSIVE
