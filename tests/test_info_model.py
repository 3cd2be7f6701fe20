"""``actplot info``: one model, three writers that cannot disagree.

The test walks every field of :class:`actplot.views.info.InfoModel` (nested records included) and
holds the writers to the model: each field is in the JSON at its own path with its own value; each
field people read appears in the terminal (rich) text and in the Markdown; a machine-only field
(mathtext, raw numbers) names a human twin that the writers show instead, and a human-only field
(the flavour line, the property rows) has a machine twin in the JSON. A new field that a writer
forgets fails here.
"""

from __future__ import annotations

import dataclasses
import io
import json
import re
from typing import Any

import pytest

import actplot
from actplot.notation import pretty
from actplot.views import info as info_view
from actplot.views import info_writers
from actplot.views.info import InfoModel

WINDOW = (-6.0, 6.0)
VARIANTS = [
    "leaky_relu@keras2",
    "relu:negative_slope=0.1,max_value=6",
    "gelu:approximate=tanh",
    "softplus@torch",
    "hard_sigmoid@keras3:jax",
    "max(x, 0.1*x)@jax",
    "abs(x) + x*sigmoid(b*x); b=1.5",
]


def _normal(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\\|", "|")).strip()


def _terminal_text(model: InfoModel) -> str:
    from rich.console import Console

    console = Console(width=20_000, record=True, file=io.StringIO(), color_system=None, markup=False, emoji=False, highlight=False)
    for renderable in info_writers.to_renderables(model):
        console.print(renderable)
    return _normal(console.export_text())


def _leaves(record: Any, path: tuple[Any, ...] = ()):
    """(path, field, value) for every field of ``record`` and of the records inside it."""
    for f in dataclasses.fields(record):
        value = getattr(record, f.name)
        yield (*path, f.name), f, record, value
        items = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, tuple) else ()
        for key, item in items:
            if dataclasses.is_dataclass(item):
                yield from _leaves(item, (*path, f.name, key))
        if dataclasses.is_dataclass(value):
            yield from _leaves(value, (*path, f.name))


def _scalars(value: Any) -> list[Any]:
    """The single values inside a field, as a writer shows them one by one."""
    if isinstance(value, dict):
        return [v for item in value.values() for v in _scalars(item)]
    if isinstance(value, (tuple, list)):
        return [v for item in value for v in _scalars(item)]
    if dataclasses.is_dataclass(value):
        return []  # its own fields are walked one by one
    return [value]


def _shown(value: Any, text: str) -> bool:
    if isinstance(value, str):
        return not value or _normal(value) in text or _normal(pretty(value)) in text
    return _normal(pretty(info_view.display(value))) in text


def _at(data: Any, path: tuple[Any, ...]) -> Any:
    for key in path:
        data = data[key]
    return data


@pytest.mark.parametrize("spec_text", [*actplot.names(), *VARIANTS])
def test_every_field_of_the_model_is_in_every_writer(spec_text: str):
    model = InfoModel.build(actplot.get(spec_text), WINDOW)
    as_json = json.loads(info_writers.to_json(model))
    terminal = _terminal_text(model)
    markdown = _normal(info_writers.to_markdown(model))
    records = (InfoModel, info_view.ParameterInfo, info_view.KinkInfo, info_view.KinkConvention,
               info_view.FrameworkInfo, info_view.DefectInfo, info_view.DeclaredInfo)
    every_field = {f.name for record in records for f in dataclasses.fields(record)}
    for path, f, record, value in _leaves(model):
        name = f.name
        if f.metadata.get("human_only"):
            assert name in info_view.HUMAN_ONLY and name not in as_json
            twins = [g for g in dataclasses.fields(record) if g.metadata.get("twin") == name]  # beside it
            assert twins, f"{name}: human-only without a machine twin in the JSON"
            for item in _scalars(value):
                assert _shown(item, terminal), f"{path}: {item!r} missing from the terminal"
                assert _shown(item, markdown), f"{path}: {item!r} missing from the Markdown"
            continue
        assert json.loads(json.dumps(_json_ready(value))) == _at(as_json, path), f"{path}: JSON differs from the model"
        twin = f.metadata.get("twin")
        if twin is not None:
            assert twin in every_field and twin != name, f"{path}: no field {twin!r} shows it to people"
            continue
        for item in _scalars(value):
            assert _shown(item, terminal), f"{path}: {item!r} missing from the terminal"
            assert _shown(item, markdown), f"{path}: {item!r} missing from the Markdown"


def _json_ready(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return dataclasses.asdict(value)
    if isinstance(value, dict):
        return {k: _json_ready(v) for k, v in value.items()}
    if isinstance(value, tuple):
        return [_json_ready(v) for v in value]
    return value


def test_the_cli_writes_the_model():
    """``actplot info --format json`` is the model's JSON: the command adds nothing of its own."""
    from typer.testing import CliRunner

    from actplot.cli import app

    result = CliRunner().invoke(app, ["info", "leaky_relu@keras2", "--format", "json"])
    assert result.exit_code == 0, result.output
    expected = InfoModel.build(actplot.get("leaky_relu@keras2"), WINDOW).as_json()
    assert json.loads(result.stdout) == json.loads(json.dumps(expected))


def test_declared_properties_are_shown_and_expressions_declare_nothing():
    relu = InfoModel.build(actplot.get("relu"), WINDOW)
    assert relu.declared is not None and relu.declared.monotonic == "increasing"
    assert info_writers.DECLARED_HEADING in info_writers.to_markdown(relu)
    expression = InfoModel.build(actplot.get("x*tanh(softplus(x))"), WINDOW)
    assert expression.declared is None and expression.as_json()["declared"] is None
    assert info_writers.DECLARED_HEADING not in info_writers.to_markdown(expression)


def test_the_model_is_frozen():
    model = InfoModel.build(actplot.get("relu"), WINDOW)
    with pytest.raises(dataclasses.FrozenInstanceError):
        model.title = "changed"  # type: ignore[misc]


def test_info_says_what_the_framework_recordings_check():
    """A catalogue function is checked against each release's autograd; an expression only through
    the recorded conventions of its operations, and info says so rather than claim more."""
    catalogue = InfoModel.build(actplot.get("relu"), (-3.0, 3.0))
    expression = InfoModel.build(actplot.get("max(x, 0.1*x)"), (-3.0, 3.0))
    assert catalogue.verified.startswith("recorded autograd of each release")
    assert "the expression as a whole is not run in the frameworks" in expression.verified
    assert InfoModel.build(actplot.get("erf"), (-3.0, 3.0)).verified == ""  # no framework, no claim
