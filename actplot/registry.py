"""The registry: every activation spec, looked up by canonical name or alias.

``SPECS`` is the single ordered source for the CLI, plots, tables, gallery, docs and tests. A SPEC
string names one configured activation: ``name``, ``name:param=value,param=value``,
``name@flavor`` or both (``leaky_relu:alpha=0.1@keras2``). A flavour is a framework (``torch``,
``keras3``, ``keras2``, ``jax``) or a variant of one: ``keras3:jax`` and ``keras3:torch`` are Keras 3
on those backends (``keras3`` alone, also spelled ``keras3:tensorflow``, is Keras's default
backend, TensorFlow); ``torch:2.6`` is PyTorch 2.6 and older where a convention changed since.
"""

from __future__ import annotations

import contextlib
import difflib
import os
from collections.abc import Iterator
from typing import TYPE_CHECKING

from actplot.activation import Activation
from actplot.catalogue import classic, exponential, gated, gelu, rectifiers, shrinkage, sigmoid_like, vector
from actplot.errors import FlavorError, ParameterError, SpecSyntaxError, UnknownActivationError
from actplot.expressions.detect import looks_like_expression
from actplot.spec import ALL_FLAVORS, FAMILIES, FLAVOR_ALIASES, FLAVORS, ActivationSpec, ParamValue, base_flavor

_BUILTIN_SPECS: tuple[ActivationSpec, ...] = (
    *sigmoid_like.SPECS,
    *rectifiers.SPECS,
    *exponential.SPECS,
    *gated.SPECS,
    *gelu.SPECS,
    *shrinkage.SPECS,
    *vector.SPECS,
    *classic.SPECS,
)

ENTRY_POINT_GROUP = "actplot.activations"
"""Packages add activations by naming, in this entry-point group, an ActivationSpec, a sequence of
them, or a function without arguments that returns either (see docs/plugins.md)."""

_REGISTERED: list[ActivationSpec] = []
_BY_NAME: dict[str, ActivationSpec] = {}
_PLUGINS = {"loaded": False}
_PLUGIN_PROBLEMS: list[str] = []


def _normalise(name: str) -> str:
    return name.strip().lower().replace("-", "_").replace(" ", "_")


def _expression_words() -> dict[str, str]:
    """Names an expression gives a fixed meaning (its math functions, constants and the variable
    x), except ``tanh`` and ``erf``, which are the catalogue's own functions of the same name. A spec
    registered under one of them would silently change every expression that uses it."""
    from actplot.expressions.nodes import CONSTANTS, MATH_FUNCTIONS

    words = {name: "a math function" for name in MATH_FUNCTIONS if name not in ("tanh", "erf")}
    words.update(dict.fromkeys(CONSTANTS, "a constant"))
    words["x"] = "the variable"
    return words


_EXPRESSION_WORDS = _expression_words()


def _check_new(spec: object, replace: bool) -> ActivationSpec:
    """``spec`` if it can join the registry; otherwise a :class:`SpecSyntaxError` saying why."""
    if not isinstance(spec, ActivationSpec):
        raise SpecSyntaxError(f"register() takes an actplot.ActivationSpec; got {type(spec).__name__}")
    if spec.family not in FAMILIES:
        raise SpecSyntaxError(f"{spec.name}: unknown family {spec.family!r}; use one of {', '.join(FAMILIES)}")
    for flavor in spec.frameworks:
        if flavor not in FLAVORS:
            raise SpecSyntaxError(f"{spec.name}: unknown flavour {flavor!r}; use one of {', '.join(FLAVORS)}")
    keys = (spec.name, *spec.aliases)
    for key in keys:
        if not key or key != _normalise(key) or not key.replace("_", "").isalnum() or not key[0].isalpha():
            raise SpecSyntaxError(f"activation name {key!r} is not in canonical snake_case")
        if keys.count(key) > 1:
            raise SpecSyntaxError(f"activation name {key!r} given twice in one spec")
        if key in _EXPRESSION_WORDS:
            raise SpecSyntaxError(
                f"activation name {key!r} is reserved: expressions use it ({_EXPRESSION_WORDS[key]}); choose another name"
            )
        owner = _BY_NAME.get(key)
        if owner is not None and not (replace and owner.name == spec.name):
            raise SpecSyntaxError(f"activation name {key!r} is already registered (by {owner.name})")
    return spec


def register(spec: ActivationSpec, *, replace: bool = False) -> ActivationSpec:
    """Add an activation to the registry (``list``, plots, tables, gallery, ``actplot.get``).

    Every built-in goes through here, and so do plugins. The canonical name and aliases must be
    snake_case and new; ``replace=True`` swaps the spec registered under the same canonical name
    (kept in its place in the order). Returns ``spec``; raises :class:`SpecSyntaxError` if invalid.
    """
    spec = _check_new(spec, replace)
    old = _BY_NAME.get(spec.name)
    if old is not None:
        _REGISTERED[_REGISTERED.index(old)] = spec
        for key in (old.name, *old.aliases):
            del _BY_NAME[key]
    else:
        _REGISTERED.append(spec)
    for key in (spec.name, *spec.aliases):
        _BY_NAME[key] = spec
    return spec


def unregister(name: str) -> ActivationSpec:
    """Remove an activation (by canonical name or alias) and return its spec; for tests and plugins
    that replace a function temporarily."""
    spec = lookup(name)
    _REGISTERED.remove(spec)
    for key in (spec.name, *spec.aliases):
        del _BY_NAME[key]
    return spec


@contextlib.contextmanager
def registered(*specs: ActivationSpec, replace: bool = False) -> Iterator[None]:
    """Register ``specs`` for the duration of a ``with`` block, then restore the registry exactly
    (for tests: ``with registered(dataclasses.replace(spec, value=broken), replace=True): ...``)."""
    saved_order, saved_index = list(_REGISTERED), dict(_BY_NAME)
    try:
        for spec in specs:
            register(spec, replace=replace)
        yield
    finally:
        _REGISTERED[:] = saved_order
        _BY_NAME.clear()
        _BY_NAME.update(saved_index)


for _spec in _BUILTIN_SPECS:
    register(_spec)
del _spec


def load_plugins() -> list[str]:
    """Register the activations of installed plugins (entry-point group ``actplot.activations``),
    once per process; returns the problems met, one line each (also written to stderr).

    Called lazily: by a lookup that misses, and by whatever needs every function (``SPECS``,
    ``names()``: list, gallery, tests). A plugin that fails to import or holds an invalid spec is
    skipped as a whole and reported; it never breaks the built-ins or other plugins. Set
    ``ACTPLOT_NO_PLUGINS=1`` to skip plugins altogether.
    """
    if _PLUGINS["loaded"]:
        return list(_PLUGIN_PROBLEMS)
    _PLUGINS["loaded"] = True
    if os.environ.get("ACTPLOT_NO_PLUGINS", "").strip() not in ("", "0"):
        return []
    from importlib.metadata import entry_points

    try:
        found = sorted(entry_points(group=ENTRY_POINT_GROUP), key=lambda ep: (ep.name, ep.value))
    except Exception as exc:  # noqa: BLE001 - broken package metadata must not break actplot
        found = []
        _plugin_problem(f"cannot read the '{ENTRY_POINT_GROUP}' entry points: {type(exc).__name__}: {exc}")
    for entry in found:
        try:
            specs = _plugin_specs(entry.load())
            checked: list[ActivationSpec] = []
            for candidate in specs:
                spec = _check_new(candidate, replace=False)
                keys = [k for s in checked for k in (s.name, *s.aliases)]
                if spec.name in keys or any(a in keys for a in spec.aliases):
                    raise SpecSyntaxError(f"activation name {spec.name!r} given twice by the plugin")
                checked.append(spec)
        except (Exception, SystemExit) as exc:  # noqa: BLE001 - whatever a plugin raises (even sys.exit) is reported and skipped
            detail = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
            _plugin_problem(f"plugin {entry.name!r} ({entry.value}) not loaded: {type(exc).__name__}{': ' + detail if detail else ''}")
            continue
        for spec in checked:
            register(spec)
    return list(_PLUGIN_PROBLEMS)


def _plugin_specs(obj: object) -> list[object]:
    if callable(obj) and not isinstance(obj, ActivationSpec):
        obj = obj()
    if isinstance(obj, ActivationSpec):
        return [obj]
    if isinstance(obj, (list, tuple)):
        return list(obj)
    raise SpecSyntaxError(f"the entry point must name an ActivationSpec or a list of them; got {type(obj).__name__}")


def _plugin_problem(message: str) -> None:
    line = message.replace("\n", " ")[:300]
    _PLUGIN_PROBLEMS.append(line)
    from actplot import output  # the one writer of stdout/stderr (stdlib only: no CLI import)

    output.write_text(f"actplot: warning: {line}\n", to="stderr")


def plugin_problems() -> list[str]:
    """The one-line reports of plugins that could not be loaded (empty if all loaded)."""
    return list(_PLUGIN_PROBLEMS)


def all_specs() -> tuple[ActivationSpec, ...]:
    """Every registered activation in registry order (built-ins family by family, then plugins)."""
    load_plugins()
    return tuple(_REGISTERED)


if TYPE_CHECKING:
    SPECS: tuple[ActivationSpec, ...]
    """Every registered activation in registry order (computed on access by ``__getattr__``)."""


def __getattr__(name: str) -> tuple[ActivationSpec, ...]:
    # SPECS is computed on access, so it includes plugins and anything register()ed later
    if name == "SPECS":
        return all_specs()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def find(name: str, *, plugins: bool = True) -> ActivationSpec | None:
    """The spec for a canonical name or alias, or None (on a miss, plugins are loaded first unless
    ``plugins=False``)."""
    key = _normalise(name)
    spec = _BY_NAME.get(key)
    if spec is None and plugins and not _PLUGINS["loaded"]:
        load_plugins()
        spec = _BY_NAME.get(key)
    return spec


def names() -> list[str]:
    """Canonical names in registry order (family by family, then plugins)."""
    return [spec.name for spec in all_specs()]


def lookup(name: str) -> ActivationSpec:
    """The spec for a canonical name or alias; fails with the closest names."""
    if not isinstance(name, str):
        raise SpecSyntaxError(f"an activation name must be a string; got {type(name).__name__}")
    key = _normalise(name)
    spec = find(key)
    if spec is None:
        close = difflib.get_close_matches(key, _BY_NAME, n=6, cutoff=0.6)
        suggestions: list[str] = []  # one per function: its canonical name if that is close too
        for match in close:
            canonical = _BY_NAME[match].name
            best = canonical if canonical in close else match
            if best not in suggestions:
                suggestions.append(best)
        raise UnknownActivationError(name, suggestions[:3])
    return spec


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
    if looks_like_expression(name):
        return _expression(name, flavor, default_flavor, params)
    base, text_params, text_flavor = split_spec(name)
    try:
        spec = lookup(base)
    except UnknownActivationError:
        expression = _expression_or_none(name, flavor, default_flavor, params)
        if expression is None:
            raise
        return expression
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
    """The canonical name of parameter ``key`` (a name or an alias such as Keras 2's ``alpha``).

    An unknown key fails with the parameters (and their aliases) listed and the closest spelling
    among both suggested, since users often type the framework's name for a parameter:
    ``leaky_relu:alpah=0.1`` suggests ``alpha``, ``leaky_relu:negative_slop=0.1`` ``negative_slope``.
    """
    known = [p.name for p in spec.params]
    if key in known:
        return key
    for p in spec.params:
        if key in p.aliases:
            return p.name
    if not known:
        raise ParameterError(f"{spec.name} takes no parameters; got {key!r}")
    spellings = [*known, *(a for p in spec.params for a in p.aliases)]
    close = difflib.get_close_matches(key, spellings, n=1)
    hint = f" Did you mean {close[0]!r}?" if close else ""
    takes = ", ".join(
        p.name + (f" (alias {', '.join(p.aliases)})" if p.aliases else "") for p in spec.params
    )
    raise ParameterError(f"{spec.name} has no parameter {key!r}; it takes {takes}.{hint}")


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


def _expression(name: str, flavor: str | None, default_flavor: str | None, params: dict[str, ParamValue | None]) -> Activation:
    """An expression SPEC (``"x*sigmoid(b*x); b=1.5@jax"``) as an activation; see actplot.expressions."""
    from actplot.expressions.build import get_expression

    return get_expression(name, flavor, default_flavor, params)


def _expression_or_none(name: str, flavor: str | None, default_flavor: str | None, params: dict[str, ParamValue | None]) -> Activation | None:
    """The expression a name that missed the catalogue may be (``-x``, ``x-1``, ``pi``); None if it
    is not one, so the caller reports the unknown name with its suggestions."""
    from actplot.expressions.parser import ExpressionError

    if ":" in name.partition("@")[0]:  # name:param=value is catalogue syntax; an expression never holds ':'
        return None
    try:
        return _expression(name, flavor, default_flavor, params)
    except ExpressionError as exc:
        body = name.partition("@")[0]
        if exc.kind != "invalid" and all(c.isalnum() or c in "_- " for c in body):
            return None  # a misspelt name: the caller's message suggests real names
        raise
