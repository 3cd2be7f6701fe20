"""``actplot table``: values and derivatives side by side, for humans (rich) or scripts (CSV, JSON,
Markdown, LaTeX), on stdout or written atomically to ``-o FILE``.

The command parses and checks everything (including the output file) before computing; the
columns and their formats are :mod:`actplot.views.tables` and :mod:`actplot.views.table_output`.
"""

from __future__ import annotations

from collections.abc import Iterable

from actplot.cli import console, parsing
from actplot.cli.options import (
    TABLE_FORMATS,
    AtOpt,
    DerivativeOpt,
    DigitsOpt,
    TableFormatOpt,
    TableOutputOpt,
    TablePointsOpt,
    TableRangeOpt,
    TableSpecsArg,
    XmaxOpt,
    XminOpt,
)

TABLE_RANGE = (-5.0, 5.0)
"""The x interval of a table without --at, --range, --xmin or --xmax."""
MAX_TABLE_ROWS = 10_000
"""Rows a rich table may have; more is a job for --format csv or json (which are streamed)."""


def table(
    specs: TableSpecsArg,
    at: AtOpt = None,
    x_range: TableRangeOpt = None,
    xmin: XminOpt = None,
    xmax: XmaxOpt = None,
    points: TablePointsOpt = None,
    derivative: DerivativeOpt = 0,
    data_format: TableFormatOpt = "table",
    digits: DigitsOpt = None,
    output: TableOutputOpt = None,
) -> None:
    """Values (and derivatives) side by side, for humans or for scripts.

    [bold]Examples[/bold]

      actplot table sigmoid                           # 11 points on [-5, 5]
      actplot table sigmoid tanh --at=-2,-1,0,1,2 -d
      actplot table relu --at=-1,0,1 -dd --format json
      actplot table gelu --range -3 3 --points 7 --format csv > gelu.csv

    Write --at=-2,-1,0 (with '=') when the list starts with a minus sign. --at also takes
    inf, -inf and nan. Formats: table (rich, default), csv (exact round-trip numbers; nan and
    inf as text), long-csv (tidy: one row per function, order, x), json (strict: a list of row
    objects; nan and +-inf become null), markdown, latex (booktabs tabular). Column names are
    SPECs (gelu:approximate=tanh) with ' and '' for f' and f''. --digits N rounds every number to
    N significant digits. -o FILE writes the table atomically; big tables are streamed.

      actplot table gelu:approximate=tanh -d -f latex --digits 4 -o gelu.tex
      actplot table relu elu -dd -n 101 -f long-csv -o rectifiers.csv
    """
    fmt = parsing.choose("--format", data_format, TABLE_FORMATS)
    n_digits = parsing.parse_digits(digits)
    orders = parsing.parse_derivative(derivative)
    if at is not None:
        if x_range is not None or xmin is not None or xmax is not None or points is not None:
            raise parsing.usage_error("use either --at or --range/--xmin/--xmax/--points, not both")
        x_values: list[float] | None = parsing.parse_at(at)
    else:
        x_values = None
        lo, hi = parsing.parse_range(x_range, xmin, xmax, default=TABLE_RANGE)
        count = parsing.parse_points(points, parsing.TABLE_POINTS)
    rows = len(x_values) if x_values is not None else count
    if fmt == "table" and rows > MAX_TABLE_ROWS:
        raise parsing.usage_error(
            f"--format table shows at most {MAX_TABLE_ROWS} rows, got {rows}; use --format csv or json for more"
        )
    if output is not None:
        _check_table_target(output)
    acts = [parsing.resolve(s) for s in specs]
    from actplot import budget

    budget.check_table(acts, rows, len(orders), option="--points {n}" if x_values is None else "{n} --at values")

    import numpy as np

    from actplot.views import tables

    x = np.asarray(x_values, dtype=np.float64) if x_values is not None else tables.decimal_grid(lo, hi, count)
    if fmt != "table":
        from actplot.views import table_output

        chunks = table_output.stream(acts, x, orders, fmt, digits=n_digits)
        if output is None:
            from actplot import output as out

            out.write_chunks(chunks)
        else:
            _write_table_file(output, chunks, fmt)
        return
    with np.errstate(all="ignore"):
        columns = tables.value_columns(acts, x, orders)
    if n_digits is not None:
        columns = [tables.Column(c.key, c.header, c.values, digits=n_digits) for c in columns]
    sink = console.make_console() if output is None else console.file_console()
    ascii_ = console.ascii_output(sink.file) if output is None else False
    if ascii_:
        columns = [tables.Column(c.key, console.asciify(c.header), c.values, digits=c.digits) for c in columns]
    rich_tables = tables.to_rich_tables(columns, width=sink.width)
    if output is None:
        for table_ in rich_tables:
            sink.width = max(sink.width, sink.measure(table_).maximum)  # wider, never cut
            sink.print(table_)
        return
    for table_ in rich_tables:
        sink.print(table_)
    _write_table_file(output, iter([sink.export_text()]), fmt)


def _check_table_target(output: str) -> None:
    """-o for tables: a file name (not '-', not a folder), checked before anything is computed."""
    if output == "-":
        raise parsing.usage_error("table writes to stdout without -o; '-o -' is not needed")
    console.check_output_file(output)


def _write_table_file(output: str, chunks: Iterable[str], fmt: str) -> None:
    from actplot import _files

    _files.write_atomic(output, (chunk.encode("utf-8") for chunk in chunks))
    console.info(f"wrote {output} ({fmt})")
