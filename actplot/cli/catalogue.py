"""``actplot list`` and ``actplot info``: what the catalogue holds, and everything about one entry.

``list`` writes the registry's specs as a rich table or as CSV/JSON/Markdown
(:mod:`actplot.views.tables`); ``info`` builds one :class:`actplot.views.info.InfoModel` and hands
it to the writer of the chosen format (:mod:`actplot.views.info_writers`).
"""

from __future__ import annotations

from actplot.cli import console, parsing
from actplot.cli.options import (
    DATA_FORMATS,
    INFO_FORMATS,
    DataFormatOpt,
    FamilyOpt,
    InfoFormatOpt,
    InfoRangeOpt,
    SpecArg,
)

FLAVOURS_CAPTION = (
    "Flavours (name@flavour): torch, jax, keras2, keras3 (Keras 3 on TensorFlow, its default backend), "
    "keras3:jax, keras3:torch (Keras 3 on those backends), torch:2.6 (PyTorch 2.6 and older)"
)
"""The caption under ``actplot list``: how to ask for a framework's flavour of a function."""


def list_command(family: FamilyOpt = None, data_format: DataFormatOpt = "table") -> None:
    """Every activation: name, aliases, family, parameters (with defaults) and formula.

    [bold]Examples[/bold]

      actplot list
      actplot list --family rectifier
      actplot list --format json | jq '.[].name'

    Families: sigmoid-like, rectifier, exponential unit, gated/smooth, shrinkage, vector-valued,
    classic (a unique prefix is enough, e.g. --family exp).
    """
    fmt = parsing.choose("--format", data_format, DATA_FORMATS)
    from actplot import registry
    from actplot.spec import FAMILIES
    from actplot.views import tables

    specs = list(registry.SPECS)
    if family is not None:
        chosen = parsing.choose_family(family, FAMILIES)
        specs = [s for s in specs if s.family == chosen]
    if fmt != "table":
        console.write_out(tables.render_catalogue(specs, fmt))
        return
    out = console.make_console()
    fold = console.asciify if console.ascii_output(out.file) else None
    table = tables.catalogue_table(specs, fold=fold)
    if specs:
        table.caption = FLAVOURS_CAPTION
        table.caption_justify = "left"
    out.print(table)
    if not specs:
        console.info("no activations in this family yet")


def info(spec: SpecArg, x_range: InfoRangeOpt = None, info_format: InfoFormatOpt = "text") -> None:
    """Everything about one activation: formulas, parameters per flavour, computed properties,
    kinks and the derivative convention there, framework equivalents, reference.

    [bold]Examples[/bold]

      actplot info sigmoid
      actplot info leaky_relu@keras2
      actplot info gelu:approximate=tanh --format json

    Properties are computed from the function on --range (default -6 6) and over the real line.
    """
    fmt = parsing.choose("--format", info_format, INFO_FORMATS)
    window = parsing.parse_range(x_range, None, None)
    act = parsing.resolve(spec)
    from actplot.views import info_writers
    from actplot.views.info import InfoModel

    model = InfoModel.build(act, window)
    if fmt == "json":
        console.write_out(info_writers.to_json(model))
        return
    if fmt == "markdown":
        console.write_out(info_writers.to_markdown(model))
        return
    out = console.make_console()
    for renderable in info_writers.to_renderables(model, ascii_only=console.ascii_output(out.file)):
        out.print(renderable)
