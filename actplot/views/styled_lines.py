"""Styled lines: the one format of terminal output, and its two conversions.

A :data:`Line` is a list of ``(text, style)`` segments, ``style`` a rich style string or None.
The terminal charts, the plot/compare view and the experiment summaries all build lists of them;
:func:`to_plain` makes the plain text that tests compare at a fixed width, :func:`to_rich` the
``rich.text.Text`` the command line prints in colour.

Rule: nothing here draws, decides or prints. rich is imported only by :func:`to_rich`.
"""

from __future__ import annotations

from collections.abc import Sequence

Segment = tuple[str, "str | None"]
Line = list[Segment]


def merge(line: Line) -> Line:
    """``line`` with neighbouring segments of one style joined (fewer, longer rich spans)."""
    merged: Line = []
    for text, style in line:
        if merged and merged[-1][1] == style:
            merged[-1] = (merged[-1][0] + text, style)
        else:
            merged.append((text, style))
    return merged


def to_plain(lines: Sequence[Line]) -> str:
    """The lines as plain text (trailing spaces removed), one ``\\n``-terminated line per row."""
    return "".join("".join(text for text, _ in line).rstrip() + "\n" for line in lines)


def to_rich(lines: Sequence[Line]) -> object:
    """The lines as a ``rich.text.Text`` with colours (rich drops them for NO_COLOR / pipes);
    trailing blank segments are dropped so no line ends in spaces."""
    from rich.text import Text

    text = Text(no_wrap=True, overflow="crop", end="")
    for line in lines:
        stripped = list(line)
        while stripped and not stripped[-1][0].strip():
            stripped.pop()
        for chunk, style in stripped:
            text.append(chunk, style=style)
        text.append("\n")
    return text
