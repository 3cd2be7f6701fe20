"""``actplot info`` as ONE data model (its writers are :mod:`actplot.views.info_writers`).

:meth:`InfoModel.build` gathers everything known about one activation and a window: name, aliases,
family, formulas (text and mathtext), parameters with domains and per-flavour defaults, flavours
and frameworks, kinks with each flavour's derivative convention, the declared and the computed
properties, known framework defects, references. The writers (terminal, JSON, Markdown in
:mod:`actplot.views.info_writers`) only lay the model out: every fact one of them shows is a field of the
model, so the outputs cannot disagree. A field whose metadata names a ``twin`` is the machine form
of a fact that people read in that other field (mathtext next to the formula, raw numbers next
to their text); JSON carries both, the human writers the twin (a test walks the model to hold
all three writers to this).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from actplot.spec import FLAVOR_VARIANTS, FLAVOR_VERSIONS, rule_text
from actplot.views.tables import human_number, json_number, json_param

if TYPE_CHECKING:
    from actplot.activation import Activation
    from actplot.properties import Properties
    from actplot.spec import Declared


@dataclass(frozen=True, slots=True)
class ParameterInfo:
    """One parameter: its value here, its defaults per flavour, its domain and meaning."""

    name: str
    value: Any = field(metadata={"twin": "value_text"})
    default: Any = field(metadata={"twin": "defaults_text_by_flavor"})
    defaults_by_flavor: dict[str, Any] = field(metadata={"twin": "defaults_text_by_flavor"})
    value_text: str
    """As shown to people: inf stays inf (JSON has null for it, which a table would show as "-",
    the mark for "not defined")."""
    defaults_text_by_flavor: dict[str, str]
    domain: str
    doc: str


@dataclass(frozen=True, slots=True)
class KinkConvention:
    """What one flavour does at a kink: the derivative's side rule, and f, f′, f″ there."""

    side: str
    side_d1: str = field(metadata={"twin": "side"})
    side_d2: str = field(metadata={"twin": "side"})
    f: float | None
    d1: float | None
    d2: float | None


@dataclass(frozen=True, slots=True)
class KinkInfo:
    """A kink or jump at ``x`` and the convention of every flavour there."""

    x: float | None
    kind: str
    value_side: str = field(metadata={"twin": "f"})
    by_flavor: dict[str, KinkConvention]


@dataclass(frozen=True, slots=True)
class FrameworkInfo:
    """How one framework spells the function."""

    api: str
    defaults: dict[str, Any] = field(metadata={"twin": "defaults_text_by_flavor"})
    note: str


@dataclass(frozen=True, slots=True)
class DefectInfo:
    """Where a framework's values differ from the mathematics, and by how much."""

    flavors: tuple[str, ...]
    orders: tuple[str, ...]
    instead: str
    size: str


@dataclass(frozen=True, slots=True)
class DeclaredInfo:
    """The properties stated by hand in the spec (for the default parameters; the tests check them
    against the computed ones)."""

    range: str
    bounded: bool
    monotonic: str
    monotonic_derivative: bool
    smoothness: str
    zero_centered: bool
    identity_near_zero: bool


@dataclass(frozen=True, slots=True)
class InfoModel:
    """Everything ``actplot info`` shows about one activation on one window."""

    name: str
    label: str
    title: str
    family: str
    aliases: tuple[str, ...]
    flavor: str | None = field(metadata={"twin": "flavor_text"})
    """The flavour in effect: the one chosen, else the default where it defines the function;
    None otherwise (kink conventions are then actplot's own)."""
    formula: str
    formula_mathtext: str = field(metadata={"twin": "formula"})
    derivative_formula: str
    derivative_formula_mathtext: str = field(metadata={"twin": "derivative_formula"})
    formula_values: str
    """Which parameter each symbol of the formula stands for, with its value
    (``a = negative_slope = 0.1, M = max_value = 6``; ``""`` if the formula names none)."""
    formula_symbols: dict[str, str] = field(metadata={"twin": "formula_values"})
    parameters: tuple[ParameterInfo, ...]
    window: tuple[float, float]
    properties: dict[str, Any] = field(metadata={"twin": "property_rows"})
    declared: DeclaredInfo | None
    """None where nothing is stated by hand (an expression)."""
    kinks: tuple[KinkInfo, ...]
    frameworks: dict[str, FrameworkInfo]
    framework_versions: dict[str, str]
    """The releases (and Keras 3 backends) each flavour is recorded from and tested against."""
    verified: str
    """What those recordings check: a catalogue function's own autograd at the shared points, or,
    for an expression, the conventions of the operations it is built from."""
    framework_defects: tuple[DefectInfo, ...]
    reference: str
    notes: str
    view: str
    flavor_text: str = field(metadata={"human_only": True})
    """The flavour line as people read it (``torch``, or why there is none)."""
    property_rows: tuple[tuple[str, str], ...] = field(metadata={"human_only": True})
    """The computed properties as (label, text) rows, in the notation of :mod:`actplot.notation`."""

    @classmethod
    def build(cls, act: Activation, window: tuple[float, float], properties: Properties | None = None) -> InfoModel:
        """The model of ``act``; ``properties`` is ``act.properties(window)`` if already computed."""
        from actplot.frameworks import defects as framework_defects
        from actplot.spec import DEFAULT_FLAVOR

        spec = act.spec
        if properties is None:
            properties = act.properties(window)
        flavor = act.flavor or (DEFAULT_FLAVOR if DEFAULT_FLAVOR in spec.frameworks else None)
        variants = [v for v, framework in FLAVOR_VARIANTS.items() if framework in spec.frameworks]
        return cls(
            name=spec.name,
            label=act.label,
            title=spec.title,
            family=spec.family,
            aliases=tuple(spec.aliases),
            flavor=flavor,
            formula=act.formula_text,
            formula_mathtext=act.formula,
            derivative_formula=act.derivative_formula_text,
            derivative_formula_mathtext=act.derivative_formula,
            formula_values=act.formula_values_named,
            formula_symbols=dict(act.formula_symbols),
            parameters=_parameters(act),
            window=(float(window[0]), float(window[1])),
            properties=properties.as_dict(),
            declared=_declared(spec.declared, spec.family),
            kinks=_kinks(act, variants),
            frameworks={
                fl: FrameworkInfo(api=f.api, defaults={k: json_param(v) for k, v in f.defaults.items()}, note=f.note)
                for fl, f in spec.frameworks.items()
            },
            framework_versions={fl: FLAVOR_VERSIONS[fl] for fl in [*spec.frameworks, *variants]},
            verified=_verified(spec.family) if spec.frameworks else "",
            framework_defects=tuple(
                DefectInfo(tuple(d.flavors), tuple(("f", "f′", "f″")[o] for o in d.orders), d.instead, d.size)
                for d in framework_defects.DEFECTS
                if d.function == spec.name
            ),
            reference=spec.reference,
            notes=spec.notes,
            view=spec.view,
            flavor_text=_flavor_text(flavor, list(spec.frameworks)),
            property_rows=tuple(property_rows(properties)),
        )

    def as_json(self) -> dict[str, Any]:
        """The model as JSON-ready data (non-finite numbers are already None), human-only fields left out."""
        data = asdict(self)
        for name in HUMAN_ONLY:
            del data[name]
        return data


HUMAN_ONLY: tuple[str, ...] = ("flavor_text", "property_rows")
"""Fields written for people only; JSON carries their machine twins (``flavor``, ``properties``)."""


def _verified(family: str) -> str:
    from actplot.expressions.build import FAMILY as EXPRESSION_FAMILY

    if family == EXPRESSION_FAMILY:
        return ("the conventions of max, min, abs, where and comparisons at ties and at 0, recorded from each "
                "release; the expression as a whole is not run in the frameworks")
    return "recorded autograd of each release; actplot verify re-checks"


def declared_range_text(declared: Declared) -> str:
    """The declared image of f over ℝ as people read it, in the one notation
    (:func:`actplot.notation.image_text`, which formats computed images too)."""
    from actplot.notation import image_text

    return image_text(declared.range)


def _declared(declared: Declared | None, family: str) -> DeclaredInfo | None:
    from actplot.expressions.build import FAMILY as EXPRESSION_FAMILY

    if declared is None or family == EXPRESSION_FAMILY:  # an expression states nothing by hand
        return None
    return DeclaredInfo(
        range=declared_range_text(declared),
        bounded=bool(declared.bounded),
        monotonic=str(declared.monotonic),
        monotonic_derivative=bool(declared.monotonic_derivative),
        smoothness=str(declared.smoothness),
        zero_centered=bool(declared.zero_centered),
        identity_near_zero=bool(declared.identity_near_zero),
    )


def _parameters(act: Activation) -> tuple[ParameterInfo, ...]:
    spec = act.spec
    flavors = list(spec.frameworks)
    out = []
    for p in spec.params:
        per_flavor = {fl: spec.defaults(fl)[p.name] for fl in flavors}
        out.append(
            ParameterInfo(
                name=p.name,
                value=json_param(act.params[p.name]),
                default=json_param(p.default),
                defaults_by_flavor={fl: json_param(v) for fl, v in per_flavor.items()},
                value_text=display(act.params[p.name]),
                defaults_text_by_flavor={fl: display(v) for fl, v in per_flavor.items()},
                domain=p.domain_text(),
                doc=p.doc,
            )
        )
    return tuple(out)


def _convention_text(kink: Any, flavor: str) -> str:
    """The rule f′ (and f″, where it differs) follows at a kink: ``left``, ``f′ left, f″ right``,
    ``f″ value 0.25`` (a curvature kink pins only f″)."""
    first, second = rule_text(kink.rule_for(flavor, 1)), rule_text(kink.rule_for(flavor, 2))
    if kink.kind == "curvature":
        return f"f″ {second}"
    return first if first == second else f"f′ {first}, f″ {second}"


def _kinks(act: Activation, variants: list[str]) -> tuple[KinkInfo, ...]:
    from actplot import registry
    from actplot.spec import DEFAULT_FLAVOR

    spec = act.spec
    flavors = [*spec.frameworks, *variants]
    out = []
    for kink in act.kinks:
        conventions = {}
        for fl in flavors or [DEFAULT_FLAVOR]:
            try:
                variant = registry.get(spec.name, fl, default_flavor=None, **dict(act.params)) if fl in flavors else act
            except Exception:  # noqa: BLE001 - a flavour that rejects these parameters
                continue
            with np.errstate(all="ignore"):
                conventions[fl] = KinkConvention(
                    side=_convention_text(kink, fl),
                    side_d1=rule_text(kink.rule_for(fl, 1)),
                    side_d2=rule_text(kink.rule_for(fl, 2)),
                    f=json_number(float(variant(kink.x))),
                    d1=json_number(float(variant.derivative(kink.x))),
                    d2=json_number(float(variant.derivative(kink.x, order=2))),
                )
        out.append(KinkInfo(x=json_number(kink.x), kind=kink.kind, value_side=kink.value_side, by_flavor=conventions))
    return tuple(out)


def _flavor_text(flavor: str | None, defined_by: list[str]) -> str:
    """The flavour line of ``info``: the flavour in effect, or that no framework defines the function."""
    if flavor is not None:
        return flavor
    if not defined_by:
        return "none (no framework defines this function)"
    return f"none chosen (defined by {', '.join(defined_by)}: add @{defined_by[0]})"


# --- how values read -----------------------------------------------------------------------------


def display(value: Any) -> str:
    """A value as people read it in ``info``: ``-`` for none, yes/no, 7 significant digits."""
    if value is None:
        return "-"
    if isinstance(value, (bool, np.bool_)):
        return "yes" if value else "no"
    if isinstance(value, (float, np.floating)):
        return human_number(float(value))
    if isinstance(value, (list, tuple)):
        return ", ".join(display(v) for v in value) or "-"
    return str(value)


_PROPERTY_ROWS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("range over \u211d", ("range_text",)),
    ("min, max on the window", ("window_min", "window_max")),
    ("f(\u2212\u221e), f(+\u221e)", ("limit_neg", "limit_pos")),
    ("f\u2032(\u2212\u221e), f\u2032(+\u221e)", ("slope_limit_neg", "slope_limit_pos")),
    ("bounded", ("bounded",)),
    ("monotonic", ("monotonic",)),
    ("monotonic derivative", ("monotonic_derivative",)),
    ("smoothness", ("smoothness",)),
    ("zero-centred (f(0) = 0, both signs)", ("zero_centered",)),  # on the window: Properties.zero_centered
    ("f(0), f\u2032(0)", ("f0", "df0")),
    ("identity near 0", ("identity_near_zero",)),
    ("minimum on the window", ("minimum", "argmin")),
    ("maximum on the window", ("maximum", "argmax")),
    ("saturated fraction of the window", ("saturation_fraction",)),
)


def property_rows(properties: Any) -> list[tuple[str, str]]:
    """(label, text) rows of :class:`actplot.properties.Properties` for people, in the notation of
    :mod:`actplot.notation` (ℝ, ∞, −, f′, C∞, no −0)."""
    from actplot.notation import pretty

    rows = []
    for label, keys in _PROPERTY_ROWS:
        if not all(hasattr(properties, k) for k in keys):
            continue
        values = [getattr(properties, k) for k in keys]
        if keys[0] in ("minimum", "maximum"):
            if values[0] is None:
                continue
            rows.append((label, pretty(f"{display(values[0])} at x = {display(values[1])}")))
        else:
            rows.append((label, pretty(", ".join(display(v) for v in values))))
    return rows
