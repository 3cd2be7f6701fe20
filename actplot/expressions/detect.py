"""Tell an expression SPEC from a catalogue SPEC by its characters alone (no imports, no parsing)."""

from __future__ import annotations

_EXPRESSION_MARKS = frozenset("()*/+<>=;,!")


def looks_like_expression(text: object) -> bool:
    """True for text that cannot be a catalogue SPEC and is meant as an expression (``x*tanh(x)``,
    ``x``, ``0.5*x``): a catalogue SPEC never holds these marks in its name (before a ``:``). Text such as ``-x``
    or ``x-1`` (no mark) is tried as an expression only after the catalogue lookup misses."""
    if not isinstance(text, str):
        return False
    body = text.partition("@")[0].strip()
    head = body.partition(":")[0]  # a catalogue SPEC's name part (before name:param=value)
    if not head:
        return False
    return body == "x" or head[0].isdigit() or head[0] == "." or any(c in _EXPRESSION_MARKS for c in head)
