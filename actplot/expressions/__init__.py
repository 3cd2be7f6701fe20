"""User-defined activations written as safe expressions in x (``actplot "x*tanh(softplus(x))"``).

* :mod:`.parser` — length/character/nesting caps, ``ast.parse`` and an allow-list walk into
* :mod:`.nodes` — our own frozen tree (the only thing ever interpreted),
* :mod:`.jets` — forward-mode f, f′, f″ (exact; catalogue functions bring their analytic f′, f″),
* :mod:`.kinks` — where max/min/abs/where/comparisons and catalogue kinks make it non-smooth,
* :mod:`.formulas` — mathtext and plain text of f and of its symbolic derivative,
* :mod:`.build` — the frozen spec and the :class:`~actplot.activation.Activation` the registry returns.

Imported piece by piece (``actplot.expressions.build``), so a catalogue lookup never pays for it.
"""
