"""Which framework flavors of one function draw the same curve, and how to label them.

Frameworks mostly agree on an activation; where they do not (hard_sigmoid's slope in torch vs
keras2, GELU's tanh approximation in jax, leaky_relu's slope and its f′ at the kink), the
gallery draws one curve per *flavor group*: the flavors that resolve to the same parameters and
take the same one-sided limit for f′ at every kink. Both the figure (legend labels) and the index
("flavours differ" line) use these groups.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from actplot import registry
from actplot.activation import Activation
from actplot.spec import FLAVORS, ActivationSpec
from actplot.text import format_param


@dataclass(frozen=True, slots=True)
class FlavorGroup:
    """Flavors that resolve to the same parameters and kink conventions, and the activation they give."""

    flavors: tuple[str, ...]
    act: Activation
    show_convention: bool = False

    @property
    def label(self) -> str:
        """``"torch (negative_slope=0.01; f′(0) = 0.01)"``; ``"actplot default (…)"`` for no flavor."""
        names = ", ".join(self.flavors) if self.flavors else "actplot default"
        details = [param_text(self.act)]
        if self.show_convention:
            details.append(convention_text(self.act))
        text = "; ".join(d for d in details if d)
        return f"{names} ({text})" if text else names


def param_text(act: Activation) -> str:
    """The activation's resolved parameters, ``"alpha=0.1, beta=2"``."""
    return ", ".join(f"{k}={format_param(v)}" for k, v in act.params.items())


def _convention_key(act: Activation) -> tuple[tuple[float, str | float], ...]:
    """Which one-sided limit f′ takes at each kink under the activation's flavor."""
    return tuple((k.x, k.side_for(act.effective_flavor)) for k in act.kinks if k.kind != "curvature")


def convention_text(act: Activation) -> str:
    """f′ at each kink as this flavor defines it, e.g. ``f′(0) = 1``."""
    xs = [k.x for k in act.kinks if k.kind != "curvature"]
    if not xs:
        return ""
    slopes = act.derivative(np.array(xs, dtype=np.float64))
    return ", ".join(f"f′({x:g}) = {float(d):g}" for x, d in zip(xs, slopes))


def flavor_groups(spec: ActivationSpec) -> list[FlavorGroup]:
    """The spec's flavors grouped by resolved parameters and kink conventions (in FLAVORS order).

    One group means every framework agrees (the usual case). The actplot default (torch's
    parameters and conventions) is added as its own group only if no flavor matches it. Where
    frameworks differ in the derivative they take at a kink (leaky_relu′(0) is the slope in
    PyTorch, 1 in JAX) with the same parameters, the labels say which value each group takes.
    """
    default = registry.get(spec.name)
    groups: dict[tuple[Any, ...], list[str]] = {}
    acts: dict[tuple[Any, ...], Activation] = {}
    for flavor in FLAVORS:
        if flavor not in spec.frameworks:
            continue
        act = registry.get(spec.name, flavor=flavor)
        key = (tuple(act.params.items()), _convention_key(act))
        groups.setdefault(key, []).append(flavor)
        acts.setdefault(key, act)
    default_key = (tuple(default.params.items()), _convention_key(default))
    if len(groups) + (default_key not in groups) <= 1:
        return [FlavorGroup(tuple(groups.get(default_key, [])), default)]
    keys = [*groups, *([] if default_key in groups else [default_key])]
    conventions_differ = len({params for params, _ in keys}) < len(keys)  # same parameters, other f′ at a kink
    out = [FlavorGroup(tuple(fl), acts[key], conventions_differ) for key, fl in groups.items()]
    if default_key not in groups:
        out.insert(0, FlavorGroup((), default, conventions_differ))
    return out
