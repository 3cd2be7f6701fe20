"""Coercion of plain command parameters without pydantic.

typer converts every parsed value with a pydantic ``TypeAdapter``; importing pydantic costs about
0.1 s, a fifth of a whole ``-o s.png`` run. Text, tuples of text, flags and counts need no
conversion, so :func:`use_plain_coercion` gives those parameters :class:`_PlainCoercion` instead.
Numbers are parsed by the commands themselves (:mod:`actplot.cli.parsing`).
"""

from __future__ import annotations

from typing import Any


class _PlainCoercion:
    """Coercion for parameters whose parsed value already has the right type (text, tuples of
    text, counts): what typer's pydantic ``TypeAdapter`` would do for them, without importing
    pydantic (≈ 0.1 s, a fifth of the cost of a whole ``-o s.png`` run). Numbers are parsed by
    the commands themselves (see :func:`parse_float`), so nothing else is needed."""

    __slots__ = ("kind",)

    def __init__(self, kind: str) -> None:
        self.kind = kind

    def coerce(self, value: Any, param: Any, ctx: Any) -> Any:
        multi = param.multiple or param.nargs == -1
        if value is None:
            return () if multi else None
        if self.kind == "str":
            return value if isinstance(value, str) else str(value)
        if self.kind == "int":
            return int(value)
        if self.kind == "bool":
            if isinstance(value, str):
                return value.strip().lower() in ("1", "true", "yes", "on", "y", "t")
            return bool(value)
        items = [v if isinstance(v, str) else str(v) for v in value]
        return items if self.kind == "list" else tuple(items)


def _plain_kind(param: Any) -> str | None:
    import types
    import typing

    annotation = getattr(getattr(param, "type_descriptor", None), "annotation", None)
    if annotation is None:
        return None
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        if len(args) != 1:
            return None
        annotation = args[0]
        origin = typing.get_origin(annotation)
    if annotation is str:
        return "str"
    if annotation is bool:
        return "bool"
    if annotation is int and getattr(param, "count", False):
        return "int"
    if origin in (tuple, list) and all(a is str for a in typing.get_args(annotation) if a is not Ellipsis):
        return "list" if origin is list else "tuple"
    return None


def use_plain_coercion(params: list[Any]) -> list[Any]:
    """Give plain parameters :class:`_PlainCoercion` (others keep typer's); returns ``params``."""
    for param in params:
        if getattr(param, "_runtime_param", "absent") is not None:
            continue  # already set, or not typer's lazy slot (another typer version): leave it
        kind = _plain_kind(param)
        if kind is not None:
            param._runtime_param = _PlainCoercion(kind)
    return params

