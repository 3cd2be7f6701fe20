"""TrueType font subsets for PDF files, read and written with :mod:`struct` alone.

A PDF with Type 42 (TrueType) fonts embeds, for every font a figure uses, a copy of that font cut
down to the glyphs drawn. matplotlib computes that copy with ``fontTools.subset``, whose import
alone (OpenType layout, variable fonts, CFF, feature files: ≈ 0.15–0.25 s and ≈ 16 MiB) costs more
than the rest of writing the PDF, although a figure's fonts need none of it: matplotlib's bundled
fonts (DejaVu, STIX, Computer Modern) keep their outlines in a ``glyf`` table, and a PDF reader
needs only the outlines and the metrics of the drawn glyphs.

:func:`subset_truetype` builds that copy directly from the font file's tables:

* **glyphs**: ``.notdef`` (glyph 0), glyphs 1–3 (the null, carriage-return and space glyphs that
  the TrueType specification recommends keeping), the drawn glyphs, and every component that a
  composite glyph (e.g. an accented letter) is assembled from, renumbered 0, 1, 2, … in their
  original order (component references are rewritten to the new numbers);
* **tables**: ``glyf``/``loca`` (outlines, without hinting instructions), ``hmtx`` (advance widths
  and side bearings), ``head``/``hhea``/``maxp`` (updated counts and checksum), ``OS/2`` and
  ``gasp`` as they are, ``name`` reduced to its first seven records (family, style, unique,
  full and PostScript names, version, copyright), ``post`` without glyph names (version 3).
  Hinting (``fpgm``, ``prep``, ``cvt``), OpenType layout (``GSUB``, ``GPOS``, ``GDEF``, ``kern``,
  ``MATH``) and ``cmap`` are left out: the PDF places each glyph by number through its
  ``CIDToGIDMap`` and ``W`` array and carries the text in its ``ToUnicode`` map, so none of them is
  read. (This is also what matplotlib's own fontTools subset keeps, less ``cmap``.)

Fonts of any other kind — collections (``.ttc``), CFF-flavoured OpenType, fonts without ``glyf``,
or a file this reader finds malformed — are declined (``None``): the caller then uses matplotlib's
fontTools path, which is slower but handles them all.
"""

from __future__ import annotations

import struct
from collections.abc import Callable, Iterable
from dataclasses import dataclass

RECOMMENDED_GLYPHS: tuple[int, ...] = (0, 1, 2, 3)
"""``.notdef``, null, carriage return and space: the first glyphs of a TrueType font, kept in every
subset as the TrueType specification recommends (matplotlib's fontTools subset keeps them too)."""

KEPT_NAME_IDS = range(7)
"""Copyright, family, subfamily, unique id, full name, version and PostScript name."""

_SFNT_VERSIONS = (b"\x00\x01\x00\x00", b"true")
_CHECKSUM_MAGIC = 0xB1B0AFBA

# simple glyph point flags (TrueType 'glyf' table)
_X_SHORT = 0x02
_Y_SHORT = 0x04
_REPEAT_FLAG = 0x08
_X_SAME_OR_POSITIVE = 0x10
_Y_SAME_OR_POSITIVE = 0x20

# composite glyph flags
_ARG_1_AND_2_ARE_WORDS = 0x0001
_WE_HAVE_A_SCALE = 0x0008
_MORE_COMPONENTS = 0x0020
_WE_HAVE_AN_X_AND_Y_SCALE = 0x0040
_WE_HAVE_A_TWO_BY_TWO = 0x0080
_WE_HAVE_INSTRUCTIONS = 0x0100


@dataclass(frozen=True)
class FontSubset:
    """A subset font program and the glyph numbers it renumbered: ``glyph_index_map[old] == new``."""

    data: bytes
    glyph_index_map: dict[int, int]


class _Declined(Exception):
    """The font is not a plain glyf-based TrueType file this module can subset."""


def subset_truetype(font_bytes: bytes, glyphs: Iterable[int]) -> FontSubset | None:
    """The TrueType font ``font_bytes`` reduced to ``glyphs`` (see the module doc), or ``None``.

    ``None`` means "not a font this reader handles" (a collection, CFF outlines, a malformed
    table); callers fall back to a general subsetter. Glyph numbers outside the font are ignored.
    """
    try:
        return _subset(font_bytes, glyphs)
    except (_Declined, struct.error, IndexError, KeyError, ValueError):
        return None


def _subset(font: bytes, glyphs: Iterable[int]) -> FontSubset:
    if font[:4] not in _SFNT_VERSIONS:
        raise _Declined("not a single TrueType font")
    tables = _table_directory(font)
    for tag in ("head", "hhea", "maxp", "hmtx", "loca", "glyf"):
        if tag not in tables:
            raise _Declined(f"no {tag} table")
    head = tables["head"]
    num_glyphs = struct.unpack_from(">H", tables["maxp"], 4)[0]
    long_loca = struct.unpack_from(">h", head, 50)[0] == 1
    loca = _glyph_offsets(tables["loca"], num_glyphs, long_loca)
    glyf = tables["glyf"]

    def glyph_data(gid: int) -> bytes:
        start, end = loca[gid], loca[gid + 1]
        if not 0 <= start <= end <= len(glyf):
            raise _Declined(f"glyph {gid} lies outside the glyf table")
        return glyf[start:end]

    kept = _with_components({g for g in (*RECOMMENDED_GLYPHS, *glyphs) if 0 <= g < num_glyphs}, glyph_data)
    order = sorted(kept)
    new_index = {old: new for new, old in enumerate(order)}

    outlines = [_without_instructions(glyph_data(old), new_index) for old in order]
    new_glyf, new_loca, short = _glyf_and_loca(outlines)
    number_of_metrics = struct.unpack_from(">H", tables["hhea"], 34)[0]
    metrics = b"".join(_metric(tables["hmtx"], number_of_metrics, old) for old in order)

    out = {
        "glyf": new_glyf,
        "loca": new_loca,
        "hmtx": metrics,
        "head": _patched(head, (8, ">I", 0), (50, ">h", 0 if short else 1)),
        "hhea": _patched(tables["hhea"], (34, ">H", len(order))),
        "maxp": _patched(tables["maxp"], (4, ">H", len(order)),
                         *(((26, ">H", 0),) if len(tables["maxp"]) >= 32 else ())),  # maxSizeOfInstructions
        "post": _patched(tables["post"][:32], (0, ">I", 0x00030000)) if len(tables.get("post", b"")) >= 32 else None,
        "name": _reduced_names(tables["name"]) if "name" in tables else None,
        "OS/2": tables.get("OS/2"),
        "gasp": tables.get("gasp"),
    }
    data = _sfnt({tag: table for tag, table in out.items() if table is not None})
    return FontSubset(data, {old: new_index[old] for old in order})


def _table_directory(font: bytes) -> dict[str, bytes]:
    count = struct.unpack_from(">H", font, 4)[0]
    tables = {}
    for i in range(count):
        tag, _checksum, offset, length = struct.unpack_from(">4sIII", font, 12 + 16 * i)
        if offset + length > len(font):
            raise _Declined(f"table {tag!r} runs past the end of the file")
        tables[tag.decode("latin-1")] = font[offset:offset + length]
    return tables


def _glyph_offsets(loca: bytes, num_glyphs: int, long_format: bool) -> tuple[int, ...]:
    if long_format:
        return struct.unpack_from(f">{num_glyphs + 1}I", loca)
    return tuple(2 * v for v in struct.unpack_from(f">{num_glyphs + 1}H", loca))


def _components(data: bytes) -> tuple[list[tuple[int, int]], int]:
    """A composite glyph's components as (offset of the glyph number, glyph number), and the offset
    where its component records end (its instructions, if any, start); ``([], 0)`` for a simple glyph."""
    if len(data) < 10 or struct.unpack_from(">h", data)[0] >= 0:
        return [], 0
    found = []
    pos = 10
    while True:
        flags, gid = struct.unpack_from(">HH", data, pos)
        found.append((pos + 2, gid))
        pos += 4 + (4 if flags & _ARG_1_AND_2_ARE_WORDS else 2)
        if flags & _WE_HAVE_A_SCALE:
            pos += 2
        elif flags & _WE_HAVE_AN_X_AND_Y_SCALE:
            pos += 4
        elif flags & _WE_HAVE_A_TWO_BY_TWO:
            pos += 8
        if not flags & _MORE_COMPONENTS:
            return found, pos


def _with_components(glyphs: set[int], glyph_data: Callable[[int], bytes]) -> set[int]:
    """``glyphs`` and, recursively, every glyph a composite among them is built from."""
    kept = set(glyphs)
    pending = list(glyphs)
    while pending:
        for _, component in _components(glyph_data(pending.pop()))[0]:
            if component not in kept:
                kept.add(component)
                pending.append(component)
    return kept


def _without_instructions(data: bytes, new_index: dict[int, int]) -> bytes:
    """One glyph's outline without its hinting instructions, component numbers renumbered."""
    if not data:
        return b""
    contours = struct.unpack_from(">h", data)[0]
    if contours >= 0:
        end_points = 10 + 2 * contours
        instruction_length = struct.unpack_from(">H", data, end_points)[0]
        outline_start = end_points + 2 + instruction_length
        outline_end = _simple_outline_end(data, outline_start, contours)
        return data[:end_points] + b"\x00\x00" + data[outline_start:outline_end]
    glyph = bytearray(data)
    components, end = _components(data)
    for offset, old in components:
        struct.pack_into(">H", glyph, offset, new_index[old])
        flags = struct.unpack_from(">H", glyph, offset - 2)[0]
        struct.pack_into(">H", glyph, offset - 2, flags & ~_WE_HAVE_INSTRUCTIONS)
    return bytes(glyph[:end])


def _simple_outline_end(data: bytes, start: int, contours: int) -> int:
    """Where a simple glyph's point flags and coordinates (starting at ``start``) end.

    Each point has a flag byte (a repeat flag folds runs of equal flags into two bytes); its flag
    says whether x and y take 0 (repeated coordinate), 1 (short) or 2 bytes. Cutting the glyph
    there drops the alignment padding the original carried after its instructions.
    """
    if contours == 0:
        return start
    points = struct.unpack_from(">H", data, 10 + 2 * (contours - 1))[0] + 1
    pos = start
    coordinate_bytes = 0
    seen = 0
    while seen < points:
        flag = data[pos]
        pos += 1
        count = 1
        if flag & _REPEAT_FLAG:
            count += data[pos]
            pos += 1
        x_bytes = 1 if flag & _X_SHORT else (0 if flag & _X_SAME_OR_POSITIVE else 2)
        y_bytes = 1 if flag & _Y_SHORT else (0 if flag & _Y_SAME_OR_POSITIVE else 2)
        coordinate_bytes += count * (x_bytes + y_bytes)
        seen += count
    end = pos + coordinate_bytes
    if end > len(data):
        raise _Declined("a glyph's coordinates run past its data")
    return end


def _glyf_and_loca(outlines: list[bytes]) -> tuple[bytes, bytes, bool]:
    """The glyf table (each glyph padded to 4 bytes) and its loca, short when the offsets fit."""
    padded = [o + b"\x00" * (-len(o) % 4) for o in outlines]
    offsets = [0]
    for o in padded:
        offsets.append(offsets[-1] + len(o))
    short = offsets[-1] < 0x20000
    loca = struct.pack(f">{len(offsets)}H", *(o // 2 for o in offsets)) if short else \
        struct.pack(f">{len(offsets)}I", *offsets)
    return b"".join(padded), loca, short


def _metric(hmtx: bytes, number_of_metrics: int, gid: int) -> bytes:
    """Advance width and left side bearing of ``gid`` as one long hmtx record."""
    if gid < number_of_metrics:
        return hmtx[4 * gid:4 * gid + 4]
    advance = hmtx[4 * (number_of_metrics - 1):4 * number_of_metrics - 2]
    at = 4 * number_of_metrics + 2 * (gid - number_of_metrics)
    return advance + hmtx[at:at + 2]


def _patched(table: bytes, *fields: tuple[int, str, int]) -> bytes:
    out = bytearray(table)
    for offset, fmt, value in fields:
        struct.pack_into(fmt, out, offset, value)
    return bytes(out)


def _reduced_names(name: bytes) -> bytes | None:
    """The name table with only the :data:`KEPT_NAME_IDS` records (format 0), or None if unknown."""
    fmt, count, storage = struct.unpack_from(">HHH", name)
    if fmt != 0:
        return None
    records = []
    strings = bytearray()
    for i in range(count):
        platform, encoding, language, name_id, length, offset = struct.unpack_from(">6H", name, 6 + 12 * i)
        if name_id in KEPT_NAME_IDS:
            text = name[storage + offset:storage + offset + length]
            records.append(struct.pack(">6H", platform, encoding, language, name_id, len(text), len(strings)))
            strings += text
    header = struct.pack(">HHH", 0, len(records), 6 + 12 * len(records))
    return header + b"".join(records) + bytes(strings)


def _checksum(data: bytes) -> int:
    padded = data + b"\x00" * (-len(data) % 4)
    return sum(struct.unpack(f">{len(padded) // 4}I", padded)) & 0xFFFFFFFF


def _sfnt(tables: dict[str, bytes]) -> bytes:
    """An sfnt file of ``tables`` (sorted by tag, each 4-byte aligned), with head's checksum set."""
    tags = sorted(tables)
    count = len(tags)
    power = 1 << (count.bit_length() - 1)
    header = struct.pack(">4sHHHH", b"\x00\x01\x00\x00", count, 16 * power, power.bit_length() - 1,
                         16 * count - 16 * power)
    offset = 12 + 16 * count
    directory = bytearray()
    body = bytearray()
    for tag in tags:
        table = tables[tag]
        directory += struct.pack(">4sIII", tag.encode("latin-1"), _checksum(table), offset + len(body), len(table))
        body += table + b"\x00" * (-len(table) % 4)
    font = bytearray(header + directory + body)
    head_at = offset + sum(len(tables[t]) + (-len(tables[t]) % 4) for t in tags[:tags.index("head")])
    struct.pack_into(">I", font, head_at + 8, (_CHECKSUM_MAGIC - _checksum(bytes(font))) & 0xFFFFFFFF)
    return bytes(font)
