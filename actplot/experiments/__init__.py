"""Experiments: how each activation behaves inside a network, measured.

A small NumPy multilayer perceptron whose back-propagation uses the catalogue's analytic f′
(``actplot.get(spec).value_and_derivative``, with the flavour's kink convention), and the
experiments built on it:

* :func:`signal_records` — a random deep network at initialisation: per layer the mean, variance
  and second moment of the activations, the fraction of dead units and the weight-gradient norm;
* :func:`train_records` — training on a small task (spirals, moons, circles, xor, checkerboard,
  digits or the user's CSV file): loss/accuracy curves, dead units, per-layer gradient norms;
* :func:`speed_records` — time per element of f, f′ and f+f′ as a ratio to relu in the same run;
* :func:`run_claims` — the curated claims with a verdict each.

Every function returns tidy :class:`Record` rows ``experiment, function, seed, step, metric,
value`` (see :data:`METRICS`), the same rows the ``actplot experiment`` commands print with
``--format csv|json``.
"""

from __future__ import annotations

from actplot._lazy import lazy_exports

_EXPORTS = {
    "Record": "actplot.experiments.records",
    "METRICS": "actplot.experiments.records",
    "records_to_csv": "actplot.experiments.records",
    "records_to_json": "actplot.experiments.records",
    "SignalConfig": "actplot.experiments.signal",
    "signal_records": "actplot.experiments.api",
    "TrainConfig": "actplot.experiments.train",
    "train_records": "actplot.experiments.api",
    "SpeedConfig": "actplot.experiments.speed",
    "speed_records": "actplot.experiments.speed",
    "run_claims": "actplot.experiments.claims",
}

__all__ = sorted(_EXPORTS)


__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS, globals())
