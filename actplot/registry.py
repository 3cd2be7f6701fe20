"""The registry: every activation spec, looked up by canonical name or alias.

``SPECS`` is the single ordered source for the CLI, plots, tables, gallery, docs and tests. A SPEC
string names one configured activation: ``name``, ``name:param=value,param=value``,
``name@flavor`` or both (``leaky_relu:alpha=0.1@keras2``). A flavour is a framework (``torch``,
``keras3``, ``keras2``, ``jax``) or a variant of one: ``keras3:jax`` and ``keras3:torch`` are Keras 3
on those backends (``keras3`` alone, also spelled ``keras3:tensorflow``, is Keras's default
backend, TensorFlow); ``torch:2.6`` is PyTorch 2.6 and older where a convention changed since.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable

from actplot.activation import Activation
from actplot.catalogue import classic, exponential, gated, gelu, rectifiers, shrinkage, sigmoid_like, vector
from actplot.errors import FlavorError, ParameterError, SpecSyntaxError, UnknownActivationError
from actplot.spec import ALL_FLAVORS, FAMILIES, FLAVOR_ALIASES, FLAVORS, ActivationSpec, ParamValue, base_flavor

SPECS: tuple[ActivationSpec, ...] = (
    *sigmoid_like.SPECS,
    *rectifiers.SPECS,
    *exponential.SPECS,
    *gated.SPECS,
    *gelu.SPECS,
    *shrinkage.SPECS,
    *vector.SPECS,
    *classic.SPECS,
)


def _normalise(name: str) -> str:
    return name.strip().lower().replace("-", "_").replace(" ", "_")


def _index(specs: Iterable[ActivationSpec]) -> dict[str, ActivationSpec]:
    index: dict[str, ActivationSpec] = {}
    for spec in specs:
        if spec.family not in FAMILIES:
            raise RuntimeError(f"{spec.name}: unknown family {spec.family!r}")
        for flavor in spec.frameworks:
            if flavor not in FLAVORS:
                raise RuntimeError(f"{spec.name}: unknown flavour {flavor!r}")
        for key in (spec.name, *spec.aliases):
            if key != _normalise(key):
                raise RuntimeError(f"activation name {key!r} is not in canonical snake_case")
            if key in index:
                raise RuntimeError(f"activation name {key!r} registered twice")
            index[key] = spec
    return index


_BY_NAME = _index(SPECS)


def names() -> list[str]:
    """Canonical names in registry order (family by family)."""
    return [spec.name for spec in SPECS]


def lookup(name: str) -> ActivationSpec:
    """The spec for a canonical name or alias; fails with the closest names."""
    if not isinstance(name, str):
        raise SpecSyntaxError(f"an activation name must be a string; got {type(name).__name__}")
    key = _normalise(name)
    try:
        return _BY_NAME[key]
    except KeyError:
        close = difflib.get_close_matches(key, _BY_NAME, n=6, cutoff=0.6)
        suggestions: list[str] = []  # one per function: its canonical name if that is close too
        for match in close:
            canonical = _BY_NAME[match].name
            best = canonical if canonical in close else match
            if best not in suggestions:
                suggestions.append(best)
        raise UnknownActivationError(name, suggestions[:3]) from None


def check_flavor(flavor: str) -> str:
    """``flavor`` in canonical form (``"Torch "`` → ``"torch"``, ``keras3:tensorflow`` → ``keras3``);
    fails with the valid ones. Besides the frameworks, the variants ``keras3:jax``, ``keras3:torch``
    (Keras 3 on those backends) and ``torch:2.6`` (PyTorch 2.6 and older) are flavours."""
    if not isinstance(flavor, str):
        raise FlavorError(f"a flavour must be a string, one of {', '.join(ALL_FLAVORS)}; got {flavor!r}"[:200])
    value = flavor.strip().lower().replace(" ", "")
    value = FLAVOR_ALIASES.get(value, value)
    if value not in ALL_FLAVORS:
        close = difflib.get_close_matches(value, [*ALL_FLAVORS, *FLAVOR_ALIASES], n=1)
        hint = f" Did you mean {close[0]!r}?" if close else ""
        raise FlavorError(f"unknown flavour {flavor!r}; use one of {', '.join(ALL_FLAVORS)}.{hint}")
    return value


def get(
    name: str,
    flavor: str | None = None,
    *,
    default_flavor: str | None = None,
    **params: ParamValue | None,
) -> Activation:
    """A configured activation.

    ``name`` may be a full SPEC string (``"leaky_relu:alpha=0.1@keras2"``); keyword parameters
    override those in the string. An explicit ``flavor`` (argument or ``@flavor``) must define
    the function; ``default_flavor`` applies only to functions that it defines (the CLI's global
    ``--flavor``). Without either, the parameters are the spec's own defaults (PyTorch's, where
    PyTorch has the function, except where PyTorch departs from the mathematics: softplus has no
    threshold cut-off unless asked) and kink conventions follow PyTorch. A keyword parameter may be
    ``None`` where the SPEC text ``none`` is allowed (``max_value=None``: no cap).
    """
    base, text_params, text_flavor = split_spec(name)
    spec = lookup(base)
    chosen = text_flavor if flavor is None else check_flavor(flavor)
    if chosen is not None and base_flavor(chosen) not in spec.frameworks:
        raise FlavorError(_missing_flavor_message(spec, chosen))
    if chosen is None and default_flavor is not None:
        fallback = check_flavor(default_flavor)
        if base_flavor(fallback) in spec.frameworks:
            chosen = fallback
    values = spec.defaults(chosen)
    for given, convert in ((text_params, "parse"), (params, "validate")):
        spelled: dict[str, str] = {}
        for key, raw in given.items():
            canonical = _param_name(spec, key)
            if canonical in spelled:
                raise ParameterError(
                    f"{spec.name}: parameter {canonical!r} given twice (as {spelled[canonical]!r} and {key!r})"
                )
            spelled[canonical] = key
            values[canonical] = getattr(spec.param(canonical), convert)(raw)
    if spec.check is not None:
        spec.check(**values)
    return Activation(spec, values, chosen)


def _param_name(spec: ActivationSpec, key: str) -> str:
    known = [p.name for p in spec.params]
    if key in known:
        return key
    for p in spec.params:
        if key in p.aliases:
            return p.name
    if not known:
        raise ParameterError(f"{spec.name} takes no parameters; got {key!r}")
    close = difflib.get_close_matches(key, known, n=1)
    hint = f" Did you mean {close[0]!r}?" if close else ""
    raise ParameterError(f"{spec.name} has no parameter {key!r}; it takes {', '.join(known)}.{hint}")


def _missing_flavor_message(spec: ActivationSpec, flavor: str) -> str:
    if spec.frameworks:
        where = ", ".join(spec.frameworks)
        return f"{spec.name} is not defined by {flavor}; flavours that define it: {where}"
    return f"{spec.name} is not defined by any framework flavour; drop '@{flavor}'"


def split_spec(text: str) -> tuple[str, dict[str, str], str | None]:
    """Split ``name:param=value,param=value@flavor`` into its parts (values stay text)."""
    if not isinstance(text, str):
        raise SpecSyntaxError(f"an activation name must be a string; got {type(text).__name__}")
    if not text or not text.strip():
        raise SpecSyntaxError("empty activation name; try 'actplot list'")
    body, at, flavor_text = text.strip().partition("@")
    flavor = None
    if at:
        if not flavor_text.strip():
            raise SpecSyntaxError(f"{text!r}: missing flavour after '@'; use one of {', '.join(ALL_FLAVORS)}")
        if "=" in flavor_text:
            raise SpecSyntaxError(f"{text!r}: parameters go before the flavour: name:param=value@flavour")
        flavor = check_flavor(flavor_text)
    name, colon, param_text = body.partition(":")
    if not name.strip():
        where = "':'" if colon else "'@'"
        raise SpecSyntaxError(f"{text!r}: missing activation name before {where}")
    params: dict[str, str] = {}
    if colon:
        if not param_text.strip():
            raise SpecSyntaxError(f"{text!r}: nothing after ':'; write name:param=value")
        for item in param_text.split(","):
            key, eq, value = item.partition("=")
            if not eq or not key.strip() or not value.strip():
                hint = " (list values are separated by ';', e.g. others=1;2)" if eq == "" and params else ""
                raise SpecSyntaxError(f"{text!r}: {item.strip()!r} is not param=value{hint}")
            if key.strip() in params:
                raise SpecSyntaxError(f"{text!r}: parameter {key.strip()!r} given twice")
            params[key.strip()] = value.strip()
    return name.strip(), params, flavor
