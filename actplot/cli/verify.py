"""The ``actplot verify`` command: check installed frameworks live against actplot's flavours.

Importing this module is cheap (standard library, typer and :mod:`actplot.cli.console`, :mod:`actplot.cli.parsing`); the
frameworks, rich and the comparison are imported only when the command runs. The evaluation is
:func:`actplot.frameworks.bindings.record`, the same code that recorded the test fixtures.
"""

from __future__ import annotations

import json
import os
from typing import TYPE_CHECKING, Annotated, Any

import typer

from actplot.cli import console, parsing

if TYPE_CHECKING:
    from actplot.frameworks.verify import Row

VERIFY_FORMATS = ("table", "json")


def verify(
    framework: Annotated[
        str | None,
        typer.Option("--framework", metavar="torch|jax|keras3|keras2",
                     help="The framework to check (default: every one installed).", show_default=False),
    ] = None,
    backend: Annotated[
        str | None,
        typer.Option("--backend", metavar="tensorflow|jax|torch",
                     help="Keras 3 backend (default: KERAS_BACKEND, else Keras's default, tensorflow).",
                     show_default=False),
    ] = None,
    only: Annotated[
        str | None,
        typer.Option("--only", metavar="NAMES", help="Only these functions (comma-separated).", show_default=False),
    ] = None,
    show_all: Annotated[bool, typer.Option("--all", help="Also list the rows that agree.")] = False,
    data_format: Annotated[
        str, typer.Option("--format", "-f", metavar="table|json", help="Output format.")
    ] = "table",
) -> None:
    """Check an installed framework against the matching actplot flavour, live.

    Evaluates the framework's own functions and autograd (f, f', f'') at every kink, jump and
    switch point, on a grid and at extreme values (the points the test fixtures were recorded
    at), with the framework's defaults and a few other parameters, and compares each with actplot.

    [bold]Examples[/bold]

      actplot verify                               # every framework that is installed
      actplot verify --framework torch
      actplot verify --framework keras3 --backend jax --all
      actplot verify --framework jax --format json | jq '.rows[] | select(.status == "differ")'

    A row is one function, parameter set and aspect (value, f', f'', kink, default). Status:
    agree; differ (with both numbers); "framework differs from the mathematics" (a documented
    framework defect: actplot keeps the mathematics, 'actplot info NAME@FLAVOR' says what the
    framework does instead); "framework cannot compute it" (documented, e.g. no double backward).
    Subnormal inputs that a framework flushes to zero are counted in the notes, not as differences.

    Exit codes: 0 everything agrees or is documented; 1 something differs; 2 usage error, or the
    framework is not installed (with the pip command that installs it); 130 interrupted.
    """
    fmt = parsing.choose("--format", data_format, VERIFY_FORMATS)
    from actplot.frameworks import bindings

    targets = _targets(framework, backend)
    names = tuple(n.strip() for n in only.split(",") if n.strip()) if only else ()
    if names:
        from actplot import registry

        names = tuple(registry.lookup(n).name for n in names)
    from actplot.frameworks import verify as core

    reports: list[dict[str, Any]] = []
    skipped: list[str] = []
    for fw, fw_backend in targets:
        try:
            recording = bindings.record(fw, fw_backend, only=names)
        except bindings.FrameworkMissingError as exc:
            if framework is not None:
                raise
            skipped.append(str(exc))
            continue
        rows = core.compare(recording)
        reports.append({"recording": recording, "rows": rows})
    if not reports:
        raise bindings.FrameworkMissingError(
            "no framework is installed; pip install torch (or jax[cpu], keras, tensorflow tf-keras)"
        )
    for message in skipped:
        console.info(f"skipped: {message}")
    differ = any(r.status == "differ" for report in reports for r in report["rows"])
    if fmt == "json":
        console.write_out(json.dumps([_json_report(report) for report in reports], indent=2, ensure_ascii=False))
    else:
        _print_tables(reports, show_all)
    if differ:
        raise typer.Exit(1)


def _targets(framework: str | None, backend: str | None) -> list[tuple[str, str | None]]:
    from actplot.frameworks.bindings import FRAMEWORKS, KERAS3_BACKENDS

    keras_backend = None
    if backend is not None:
        keras_backend = parsing.choose("--backend", backend, KERAS3_BACKENDS)
        if framework is not None and framework.strip().lower() != "keras3":
            raise parsing.usage_error("--backend applies to --framework keras3 only")
    else:
        env = os.environ.get("KERAS_BACKEND", "").strip().lower()
        keras_backend = env if env in KERAS3_BACKENDS else None
    if framework is None:
        return [(fw, keras_backend if fw == "keras3" else None) for fw in FRAMEWORKS]
    chosen = parsing.choose("--framework", framework, FRAMEWORKS)
    return [(chosen, keras_backend if chosen == "keras3" else None)]


def _json_report(report: dict[str, Any]) -> dict[str, Any]:
    recording = report["recording"]
    rows: list[Row] = report["rows"]
    return {
        "framework": recording["framework"],
        "backend": recording["backend"],
        "flavor": recording["flavor"],
        "versions": recording["versions"],
        "summary": _summary(rows),
        "rows": [r.as_dict() for r in rows],
    }


def _summary(rows: list[Row]) -> dict[str, int]:
    counts = {"agree": 0, "differ": 0, "defect": 0, "unavailable": 0}
    for r in rows:
        counts[r.status] += 1
    return counts


def _number(v: float | None) -> str:
    return "" if v is None else f"{v:.17g}"


def _print_tables(reports: list[dict[str, Any]], show_all: bool) -> None:
    """One block per framework: a heading, then per function and parameter set one line per aspect
    (value, f′, f″, kink, default) with its status and, where it is not agreement, both numbers."""
    from actplot.frameworks.verify import STATUS_TEXT

    lines: list[str] = []
    for report in reports:
        recording = report["recording"]
        rows: list[Row] = report["rows"]
        versions = ", ".join(f"{k} {v}" for k, v in recording["versions"].items())
        lines.append(f"@{recording['flavor']}: {recording['framework']} on {recording['backend']} ({versions})")
        shown = rows if show_all else [r for r in rows if r.status != "agree"]
        current = None
        for r in shown:
            if (r.function, r.params) != current:
                current = (r.function, r.params)
                lines.append(f"  {r.function} ({r.params or 'no parameters'})")
            where = ""
            if r.x is not None and r.status != "agree":
                where = f" at x = {_number(r.x)}: actplot {_number(r.actplot)}, framework {_number(r.framework)}"
            lines.append(f"    {r.what:<8}{STATUS_TEXT[r.status]}{where}")
            if r.note:
                lines.append(f"            {r.note}")
        counts = _summary(rows)
        lines.append(
            f"  {len(rows)} rows: {counts['agree']} agree, {counts['differ']} differ, {counts['defect']} documented "
            f"framework defects, {counts['unavailable']} not computable by the framework"
            + ("" if show_all else " (--all also lists the rows that agree)")
        )
    console.write_out("\n".join(lines))
