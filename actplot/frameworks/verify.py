"""Compare what a framework computes (recorded or live) with the matching actplot flavour.

A recording is what :func:`actplot.frameworks.bindings.record` returns (and what the fixtures under
``tests/fixtures/frameworks/`` hold): per function and parameter set, the points and the
framework's f, f′, f″ there. :func:`compare` evaluates actplot at the same points and sorts every
point into

* ``agree``: equal within the tolerance (below),
* ``defect``: a documented framework defect (:mod:`actplot.frameworks.defects`) within its size,
* ``unavailable``: the framework cannot compute this order, as documented,
* ``differ``: anything else — a wrong convention, default or formula in actplot, or a framework
  that changed.

Tolerance: two values agree when |a − b| ≤ k·ε·max(|a|, |b|, 1) with ε = 2⁻⁵², k = 2 for
piecewise-linear and piecewise-rational functions (whose values and slopes are exact) and k = 64
for the others (frameworks compute tanh′ as 1 − tanh², which is exact only to ε in absolute terms;
a bound relative to |f′| alone would flag every framework in the tails). nan agrees only with nan.

Two hardware conventions are accepted and counted, not copied: a subnormal input (XLA and
TensorFlow flush it to zero) may return actplot's value at ±0; a point next to a kink may return
actplot's value at the kink (the framework's intermediate, such as x + 3, rounds onto it).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np

from actplot import registry
from actplot.activation import Activation
from actplot.frameworks import defects as framework_defects
from actplot.frameworks.points import SUBNORMAL_LIMIT
from actplot.spec import ParamValue

EPS = 2.0**-52
LOOSE_ULPS = 64
EXACT_ULPS = 2
EXACT_FUNCTIONS = frozenset({
    "relu", "relu6", "leaky_relu", "prelu", "rrelu", "threshold", "thresholded_relu", "hard_sigmoid",
    "hard_tanh", "sparse_sigmoid", "hardshrink", "softshrink", "identity", "sparsemax", "hard_swish",
})
"""Functions whose values and derivatives are exact rational expressions of x: held to 2 ULP."""

ORDER_NAMES = ("value", "f′", "f″")
Status = Literal["agree", "differ", "defect", "unavailable"]
STATUS_TEXT = {
    "agree": "agree",
    "differ": "differ",
    "defect": "framework differs from the mathematics",
    "unavailable": "framework cannot compute it",
}


@dataclass
class Row:
    """One line of the verify table: a function/parameter set and one aspect of it."""

    function: str
    params: str
    what: str
    status: Status
    points: int = 0
    x: float | None = None
    actplot: float | None = None
    framework: float | None = None
    note: str = ""
    notes: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "function": self.function,
            "params": self.params,
            "what": self.what,
            "status": self.status,
            "status_text": STATUS_TEXT[self.status],
            "points": self.points,
            "x": _json(self.x),
            "actplot": _json(self.actplot),
            "framework": _json(self.framework),
            "note": self.note,
        }


def _json(v: float | None) -> Any:
    if v is None:
        return None
    return v if math.isfinite(v) else repr(v)


def _params_from_json(raw: Mapping[str, Any]) -> dict[str, ParamValue]:
    out: dict[str, ParamValue] = {}
    for k, v in raw.items():
        if isinstance(v, list):
            out[k] = tuple(float(e) for e in v)
        elif isinstance(v, str) and v in ("inf", "-inf", "nan"):
            out[k] = float(v)
        else:
            out[k] = v
    return out


def _params_text(params: Mapping[str, ParamValue], call: str) -> str:
    from actplot.activation import format_param

    text = ", ".join(f"{k}={format_param(v)}" for k, v in params.items())
    if call == "defaults":
        return f"framework defaults{': ' + text if text else ''}"
    return text


def _close(a: float, b: float, ulps: int) -> bool:
    if math.isnan(a) or math.isnan(b):
        return math.isnan(a) and math.isnan(b)
    if a == b:
        return True
    if not (math.isfinite(a) and math.isfinite(b)):
        return False
    return abs(a - b) <= ulps * EPS * max(abs(a), abs(b), 1.0)


def _actplot_values(act: Activation, xs: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    with np.errstate(all="ignore"):
        return (
            np.asarray(act(xs), dtype=np.float64),
            np.asarray(act.derivative(xs, order=1), dtype=np.float64),
            np.asarray(act.derivative(xs, order=2), dtype=np.float64),
        )


@dataclass
class _Tally:
    """Counts and the worst example of one row while points are sorted into it."""

    status: Status = "agree"
    points: int = 0
    flushed: int = 0
    rounded: int = 0
    example: tuple[float, float, float] | None = None
    defect: str = ""

    def add(self, status: Status, x: float, a: float, b: float, defect: str = "") -> None:
        """Count a point; the row shows the worst status and, for it, the largest difference."""
        self.points += 1
        rank = {"agree": 0, "unavailable": 1, "defect": 2, "differ": 3}
        if rank[status] > rank[self.status]:
            self.status, self.example, self.defect = status, (x, a, b), defect
        elif status == self.status and status != "agree" and _larger(a, b, self.example):
            self.example = (x, a, b)


def _larger(a: float, b: float, example: tuple[float, float, float] | None) -> bool:
    if example is None:
        return True
    if math.isnan(a) != math.isnan(b) or not math.isfinite(a - b):
        return True
    _, a0, b0 = example
    if math.isnan(a0) != math.isnan(b0) or not math.isfinite(a0 - b0):
        return False
    return abs(a - b) > abs(a0 - b0)


def compare_entry(entry: Mapping[str, Any], flavor: str) -> list[Row]:
    """Rows for one recorded function/parameter set under ``flavor`` (e.g. ``keras3:jax``)."""
    name = entry["name"]
    params: dict[str, Any] = _params_from_json(entry["params"])
    params_text = _params_text(params, entry["call"])
    if "error" in entry:
        return [Row(name, params_text, "value", "differ", note=f"the framework raised {entry['error']}")]
    try:
        act = registry.get(name, flavor, **params)
    except Exception as exc:  # noqa: BLE001 - reported as a row of the table, not a crash
        return [Row(name, params_text, "value", "differ", note=f"actplot refused these parameters: {exc}")]
    xs = np.array([float(v) for v in entry["points"]], dtype=np.float64)
    mine = _actplot_values(act, xs)
    at_zero = _actplot_values(act, np.array([0.0, -0.0]))
    kinks = {k.x: k for k in act.kinks}
    ulps = EXACT_ULPS if name in EXACT_FUNCTIONS else LOOSE_ULPS
    tallies: dict[str, _Tally] = {}
    for order, key in enumerate(("f", "d1", "d2")):
        recorded = entry.get(key)
        what = ORDER_NAMES[order]
        if recorded is None:
            cannot = [d for d in framework_defects.find(flavor, name, order) if d.unavailable]
            reason = entry.get("d2_error", "not recorded")
            missing = tallies.setdefault(what, _Tally())
            missing.status = "unavailable" if cannot else "differ"
            missing.defect = cannot[0].instead if cannot else f"the framework gives no {what}: {reason}"
            continue
        theirs = np.array([float(v) for v in recorded], dtype=np.float64)
        for i, x in enumerate(xs):
            a, b = float(mine[order][i]), float(theirs[i])
            what_here = "kink" if x in kinks and order > 0 else what
            tally = tallies.setdefault(what_here, _Tally())
            if _close(a, b, ulps):
                tally.add("agree", x, a, b)
                continue
            tiny = x != 0.0 and abs(x) <= SUBNORMAL_LIMIT
            zeros = (float(at_zero[order][0]), float(at_zero[order][1]))
            if tiny and any(_close(z, b, ulps) for z in zeros):
                tally.add("agree", x, a, b)  # flushed to zero: the framework's answer at x = ±0
                tally.flushed += 1
                continue
            neighbour = _kink_beside(x, kinks)
            if neighbour is not None:
                at_kink = _actplot_values(act, np.array([neighbour]))[order][0]
                if _close(float(at_kink), b, ulps):
                    tally.add("agree", x, a, b)
                    tally.rounded += 1
                    continue
            documented = framework_defects.find(flavor, name, order)
            defects = [d for d in documented if d.matches(x, a, b, params)]
            if defects:
                tally.add("defect", x, a, b, defects[0].instead)
                continue
            flushed = [d for d in documented for z in zeros if tiny and d.matches(0.0, z, b, params)]
            if flushed:
                tally.add("defect", x, a, b, flushed[0].instead)
                tally.flushed += 1
                continue
            tally.add("differ", x, a, b)
    rows = []
    for what in (*ORDER_NAMES, "kink"):
        done = tallies.get(what)
        if done is None:
            continue
        notes = []
        if done.flushed:
            notes.append(f"{done.flushed} subnormal input(s) flushed to zero")
        if done.rounded:
            notes.append(f"{done.rounded} point(s) beside a kink rounded onto it")
        if done.defect:
            notes.insert(0, done.defect)
        row = Row(name, params_text, what, done.status, done.points, note="; ".join(notes))
        if done.example is not None:
            row.x, row.actplot, row.framework = done.example
        rows.append(row)
    if entry["call"] == "defaults":
        worst = max(rows, key=lambda r: {"agree": 0, "unavailable": 1, "defect": 2, "differ": 3}[r.status])
        status: Status = "differ" if worst.status == "differ" else "agree"
        note = f"{params_text or 'no parameters'} (actplot's @{flavor} defaults)"
        if status == "differ":
            note += f"; first difference in {worst.what}"
        rows.append(Row(name, params_text, "default", status, sum(r.points for r in rows), note=note))
    return rows


def _kink_beside(x: float, kinks: Mapping[float, Any]) -> float | None:
    for k in kinks:
        if x in (math.nextafter(k, -math.inf), math.nextafter(k, math.inf)):
            return k
    return None


def compare(recording: Mapping[str, Any]) -> list[Row]:
    """Every row for a whole recording (one framework and backend)."""
    flavor = recording["flavor"]
    rows: list[Row] = []
    for entry in recording["functions"]:
        rows.extend(compare_entry(entry, flavor))
    return rows


def unused_defects(recordings: list[Mapping[str, Any]]) -> list[framework_defects.Defect]:
    """Table entries that none of these recordings needs (stale documentation)."""
    used: set[int] = set()
    for recording in recordings:
        for row in compare(recording):
            if row.status in ("defect", "unavailable"):
                for i, d in enumerate(framework_defects.DEFECTS):
                    if recording["flavor"] in d.flavors and d.function == row.function and row.note.startswith(d.instead):
                        used.add(i)
    flavors = {r["flavor"] for r in recordings}
    return [d for i, d in enumerate(framework_defects.DEFECTS) if i not in used and set(d.flavors) & flavors]

