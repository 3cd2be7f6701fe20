"""Rich tables for people: wrapped only between words, printed without trailing spaces.

rich wraps a cell at spaces, but a "word" wider than its column is folded anywhere — inside a
number (``negative_slope=0.`` / ``01``) or an identifier (``negative`` / ``_slope``).
:func:`fit_words` gives every column at least the width of its longest word where the table can
still fit the terminal, so rich shrinks the columns that have room instead;
:class:`FirstLayoutThatFits` switches a table too wide for that to a narrower layout;
:func:`print_trimmed` prints a renderable without the spaces rich pads its lines with. Only rich
and the standard library (``list`` and ``info`` import this).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from typing import Any

_TRAILING = re.compile(r"[ \t]+((?:\x1b\[[0-9;]*m)*)$", re.MULTILINE)
"""Spaces at the end of a line, before any closing colour codes."""


def longest_word(text: object) -> int:
    """Length of the longest run of non-space characters in ``text`` (a str or rich Text)."""
    return max((len(word) for word in str(text).split()), default=0)


WORD_LIMIT = 30
"""A word longer than this may still fold (a column that wide would starve the others)."""


def _word_widths(table: Any) -> list[int]:
    """Per column, its longest word (header and cells), at most :data:`WORD_LIMIT`."""
    return [min(WORD_LIMIT, max([longest_word(c.header), *(longest_word(cell) for cell in c._cells)]))
            for c in table.columns]


def words_fit(table: Any, width: int) -> bool:
    """Whether every column of ``table`` can be as wide as its longest word within ``width``
    (the padding at the table's outer edges may go): then :func:`fit_words` breaks no word."""
    pad_edge = table.pad_edge
    table.pad_edge = pad_edge and table.box is None  # fit_words drops the outer padding before folding a word
    try:
        padding = sum(table._get_padding_width(i) for i in range(len(table.columns)))
    finally:
        table.pad_edge = pad_edge
    return sum(_word_widths(table)) <= width - table._extra_width - padding


class FirstLayoutThatFits:
    """A table drawn in the first of several layouts whose words all fit the width.

    Each layout is a function making the tables to draw one below the other, widest first: a
    table with many columns (parameter, value, one per flavour, domain, meaning) in a narrow
    terminal becomes two tables that keep the name on each row instead of folding words. The
    last layout is drawn when none fits. Every table is fitted by :func:`fit_words`."""

    def __init__(self, *layouts: Callable[[], Sequence[Any]]) -> None:
        self.layouts = layouts

    def __rich_console__(self, console: Any, options: Any) -> Iterator[Any]:
        width = options.max_width
        for make in self.layouts:
            tables = make()
            if make is self.layouts[-1] or all(words_fit(table, width) for table in tables):
                yield from (fit_words(table, width) for table in tables)
                return


def fit_words(table: Any, width: int) -> Any:
    """``table`` laid out so that no word breaks, when its words fit ``width`` at all.

    Every column gets a fixed width of at least its longest word (header and cells, at most
    :data:`WORD_LIMIT`); the room left is shared among the columns whose text is wider than
    that, in proportion to the excess. When the words cannot all fit (padding at the table's
    outer edges is dropped first), the table is left to rich, which folds words that are too
    wide; nothing is ever cropped (checked by drawing it)."""
    words = _word_widths(table)
    natural = [max([_longest_line(c.header), *(_longest_line(cell) for cell in c._cells)]) for c in table.columns]

    def budget() -> int:
        return width - table._extra_width - sum(table._get_padding_width(i) for i in range(len(table.columns)))

    pad_edge = table.pad_edge
    if sum(words) > budget() and table.pad_edge and table.box is not None:
        table.pad_edge = False  # two more columns for words, before any word has to break
    room = budget() - sum(words)
    if room < 0:
        table.pad_edge = pad_edge  # no use: the words do not fit either way
        return table
    excess = [max(0, n - w) for n, w in zip(natural, words)]
    total = sum(excess)
    shares = [room * e // total if total else 0 for e in excess]
    for i in sorted(range(len(shares)), key=lambda k: -excess[k])[: room - sum(shares)]:
        shares[i] += 1  # the rounding remainder, to the columns with the most text to spare
    before = [(c.width, c.min_width, c.ratio) for c in table.columns]
    for column, word, share, most in zip(table.columns, words, shares, natural):
        column.width, column.ratio = min(word + share, max(word, most)), None
    if _drawn_width(table, width) > width:
        table.pad_edge = pad_edge
        for column, (w, m, r) in zip(table.columns, before):
            column.width, column.min_width, column.ratio = w, m, r
    return table


def _longest_line(text: object) -> int:
    return max((len(line) for line in str(text).splitlines()), default=0)


def _drawn_width(renderable: Any, width: int) -> int:
    """Columns the widest line of ``renderable`` takes when drawn for a console ``width`` wide."""
    import io

    from rich.cells import cell_len
    from rich.console import Console

    scratch = Console(width=width, file=io.StringIO(), color_system=None, legacy_windows=False)
    with scratch.capture() as captured:
        scratch.print(renderable, crop=False, soft_wrap=False)
    return max((cell_len(line) for line in captured.get().splitlines()), default=0)


def print_trimmed(console: Any, *renderables: Any) -> None:
    """Each renderable printed as ``console.print`` would (one after the other), its tables fitted
    to the console's width by :func:`fit_words`, with every line's trailing spaces removed."""
    from rich.table import Table

    with console.capture() as captured:
        for renderable in renderables:
            console.print(fit_words(renderable, console.width) if isinstance(renderable, Table) else renderable)
    console.file.write(_TRAILING.sub(r"\1", captured.get()))
