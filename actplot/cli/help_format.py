"""How ``--help`` is laid out: plain click help (no rich), with the text after the usage line
printed as written.

Examples keep their alignment (a line too wide is broken with a shell continuation, never
re-flowed), prose paragraphs are re-wrapped to the terminal width, rich markup tags are removed,
and the whole text is folded to ASCII for streams that cannot carry Unicode.
"""

from __future__ import annotations

import inspect
import re
import sys
from typing import Any

from typer import _click

from actplot.cli.console import asciify, stream_is_utf

_MARKUP = re.compile(r"\[/?(?:bold|dim|italic|underline|b|i|u)\]|\[/\]")


def write_verbatim(formatter: Any, text: str) -> None:
    """Help text with rich markup tags removed: indented blocks (examples) exactly as written,
    prose paragraphs re-wrapped to the terminal width."""
    text = _MARKUP.sub("", inspect.cleandoc(text).partition("\f")[0])
    if not text.strip():
        return
    formatter.write_paragraph()
    with formatter.indentation():
        for i, block in enumerate(re.split(r"\n\s*\n", text.strip("\n"))):
            if i:
                formatter.write("\n")
            lines = block.splitlines()
            if all(line.startswith((" ", "\t")) for line in lines):
                for line in lines:
                    for piece in fit_example(" " * formatter.current_indent + line, formatter.width):
                        formatter.write(piece + "\n")
            else:
                formatter.write_text(" ".join(line.strip() for line in lines))


def fit_example(line: str, width: int) -> list[str]:
    """An example line of help text as one or more lines no wider than ``width``.

    Examples are printed as written (their alignment carries meaning), so a line that is too wide
    is not re-flowed as prose: its ``# comment`` moves onto its own line above the command, and a
    command still too wide is broken between words with a shell continuation (`` \\``), which a
    user can paste as it stands.
    """
    if len(line) <= width:
        return [line]
    indent = line[: len(line) - len(line.lstrip())]
    command, hash_, comment = line.strip().partition("  # ")
    out: list[str] = []
    if hash_:
        out.extend(_break_words(indent + "# " + comment.strip(), width, indent + "# ", ""))
    out.extend(_break_words(indent + command.rstrip(), width, indent + "    ", " \\"))
    return out


def _break_words(text: str, width: int, follow: str, mark: str) -> list[str]:
    """``text`` broken at spaces so each line (plus ``mark`` where it continues) fits ``width``;
    continuation lines start with ``follow``. A single word wider than that stays whole."""
    if len(text) <= width:
        return [text]
    lines: list[str] = []
    current = text[: len(text) - len(text.lstrip())]
    start = True
    for word in text.split():
        candidate = current + ("" if start else " ") + word
        if not start and len(candidate) + len(mark) > width:
            lines.append(current + mark)
            current, start = follow + word, False
        else:
            current, start = candidate, False
    lines.append(current)
    return lines


class HelpMixin:
    """Plain help (click's layout, no rich): faster to print than the floor typer app's rich help,
    clean in pipes and ASCII-safe; the text after the usage line is printed as written."""

    def format_help_text(self, ctx: _click.Context, formatter: Any) -> None:
        write_verbatim(formatter, getattr(self, "help", None) or "")

    def format_epilog(self, ctx: _click.Context, formatter: Any) -> None:
        write_verbatim(formatter, getattr(self, "epilog", None) or "")

    def get_help(self, ctx: _click.Context) -> str:
        text: str = super().get_help(ctx)  # type: ignore[misc]
        return text if stream_is_utf(sys.stdout) else asciify(text)


def help_text(text: str, *paragraphs: str) -> str:
    """A docstring-style help text followed by shared paragraphs, each kept as written: the shared
    ones are not indented like a docstring, so they are joined after ``cleandoc``."""
    return "\n\n".join([inspect.cleandoc(text), *paragraphs])
