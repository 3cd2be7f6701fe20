"""PDF font subsets (actplot.views.pdf_fonts) against fontTools and FreeType reading the original font.

The reference is independent of the code under test: fontTools (matplotlib's own dependency)
decomposes and draws each glyph of the original font file and of the subset, FreeType (through
matplotlib's FT2Font) loads both, and a PDF written with the subsetter is compared with the same
figure written through matplotlib's fontTools path.
"""

from __future__ import annotations

import io
import logging
import re
import struct
import subprocess
import sys
import zlib
from pathlib import Path

import matplotlib
import pytest
from fontTools.pens.recordingPen import DecomposingRecordingPen
from fontTools.ttLib import TTFont
from matplotlib.ft2font import FT2Font, LoadFlags

import actplot
from actplot.views import export, figure_options, pdf_fonts, render

FONT_FOLDER = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
FONTS = ["DejaVuSans.ttf", "DejaVuSans-Oblique.ttf", "DejaVuSans-Bold.ttf", "DejaVuSansMono.ttf",
         "DejaVuSerif-Italic.ttf", "STIXGeneral.ttf", "STIXSizOneSymReg.ttf", "cmr10.ttf", "cmsy10.ttf", "cmex10.ttf"]
"""The fonts a figure draws with: DejaVu (text and mathtext), STIX and Computer Modern (mathtext)."""


def _outline(font: TTFont, gid: int) -> list:
    glyph_set = font.getGlyphSet()
    pen = DecomposingRecordingPen(glyph_set)
    glyph_set[font.getGlyphOrder()[gid]].draw(pen)
    return pen.value


def _freetype_glyph(font: FT2Font, gid: int) -> tuple[int, list, list]:
    glyph = font.load_glyph(gid, LoadFlags.NO_SCALE | LoadFlags.NO_HINTING)
    vertices, codes = font.get_path()
    return glyph.horiAdvance, vertices.tolist(), codes.tolist()


@pytest.fixture(scope="module", params=FONTS)
def font_case(request: pytest.FixtureRequest) -> tuple[bytes, TTFont, set[int]]:
    """A font, its fontTools reading, and glyphs to keep: letters, digits, symbols and composites."""
    path = FONT_FOLDER / request.param
    data = path.read_bytes()
    font = TTFont(io.BytesIO(data))
    count = font["maxp"].numGlyphs
    order = font.getGlyphOrder()
    composites = [g for g in range(min(count, 600)) if font["glyf"][order[g]].isComposite()]
    wanted = set(range(4, count, max(1, count // 37))) | set(composites[:12]) | set(composites[-3:])
    return data, font, wanted


def test_subset_keeps_every_requested_outline_and_width(font_case: tuple[bytes, TTFont, set[int]]) -> None:
    data, original, wanted = font_case
    made = pdf_fonts.subset_truetype(data, wanted)
    assert made is not None
    subset = TTFont(io.BytesIO(made.data))
    mapping = made.glyph_index_map
    assert set(mapping) >= wanted | {0, 1, 2, 3}
    assert sorted(mapping.values()) == list(range(len(mapping))) == list(range(subset["maxp"].numGlyphs))
    assert [mapping[g] for g in sorted(mapping)] == sorted(mapping.values()), "original order kept"
    order, new_order = original.getGlyphOrder(), subset.getGlyphOrder()
    ft_original, ft_subset = FT2Font(io.BytesIO(data)), FT2Font(io.BytesIO(made.data))
    for old, new in mapping.items():
        assert _outline(subset, new) == _outline(original, old), order[old]
        assert subset["hmtx"][new_order[new]] == original["hmtx"][order[old]], order[old]
        assert _freetype_glyph(ft_subset, new) == _freetype_glyph(ft_original, old), order[old]


def test_subset_is_a_well_formed_font_without_hinting_or_layout(font_case, caplog) -> None:
    data, original, wanted = font_case
    made = pdf_fonts.subset_truetype(data, wanted)
    assert made is not None
    with caplog.at_level(logging.WARNING, logger="fontTools"):
        subset = TTFont(io.BytesIO(made.data), checkChecksums=2)  # raises on a wrong table checksum
        for name in subset.getGlyphOrder():
            subset["glyf"][name].expand(subset["glyf"])  # decodes every outline
    assert not [r for r in caplog.records if "glyph data" in r.getMessage()], caplog.text
    whole = made.data + b"\0" * (-len(made.data) % 4)
    assert sum(struct.unpack(f">{len(whole) // 4}I", whole)) & 0xFFFFFFFF == 0xB1B0AFBA, "head checkSumAdjustment"
    assert set(subset.keys()) - {"GlyphOrder"} <= {"head", "hhea", "maxp", "hmtx", "loca", "glyf", "post", "name",
                                                    "OS/2", "gasp"}
    assert subset["post"].formatType == 3.0
    assert {r.nameID for r in subset["name"].names} <= set(range(7))
    assert subset["name"].getDebugName(6) == original["name"].getDebugName(6)
    assert all(subset["glyf"][n].program.getBytecode() == b"" for n in subset.getGlyphOrder()
               if hasattr(subset["glyf"][n], "program"))
    assert len(made.data) < len(data)


@pytest.mark.parametrize("data", [
    b"",
    b"OTTO" + bytes(200),  # CFF outlines
    b"ttcf" + bytes(200),  # a font collection
    (FONT_FOLDER / "DejaVuSans.ttf").read_bytes()[:5000],  # cut short: tables run past the end
])
def test_fonts_it_cannot_handle_are_declined(data: bytes) -> None:
    assert pdf_fonts.subset_truetype(data, {5, 6}) is None


def test_glyph_numbers_outside_the_font_are_ignored() -> None:
    made = pdf_fonts.subset_truetype((FONT_FOLDER / "cmr10.ttf").read_bytes(), {5, 10**6})
    assert made is not None and set(made.glyph_index_map) == {0, 1, 2, 3, 5}


# --- the PDF ---------------------------------------------------------------------------------------

def _objects(pdf: bytes) -> dict[int, bytes]:
    return {int(n): body for n, body in re.findall(rb"(?m)^(\d+) 0 obj\s*(.*?)endobj", pdf, flags=re.S)}


def _stream(objects: dict[int, bytes], ref: int) -> bytes:
    body = objects[ref]
    start = body.index(b"stream") + 6
    start += 2 if body[start:start + 2] == b"\r\n" else 1
    if b"/FlateDecode" not in body[:start]:
        return body[start:body.rindex(b"endstream")].rstrip(b"\r\n")
    return zlib.decompressobj().decompress(body[start:])  # stops at the end of the deflate data


def _embedded_glyphs(pdf: bytes) -> list[tuple[bytes, dict[int, tuple[list, int]]]]:
    """Per CID font: its name and, for every character code drawn, the glyph outline and width."""
    objects = _objects(pdf)
    fonts = []
    for body in objects.values():
        if b"/CIDFontType2" not in body:
            continue
        name = re.search(rb"/BaseFont\s*/(\S+)", body).group(1)
        descriptor = objects[int(re.search(rb"/FontDescriptor\s+(\d+) 0 R", body).group(1))]
        program = _stream(objects, int(re.search(rb"/FontFile2\s+(\d+) 0 R", descriptor).group(1)))
        cid_to_gid = _stream(objects, int(re.search(rb"/CIDToGIDMap\s+(\d+) 0 R", body).group(1)))
        font = TTFont(io.BytesIO(program))
        order = font.getGlyphOrder()
        glyphs = {}
        for cid, (gid,) in enumerate(struct.iter_unpack(">H", cid_to_gid)):
            if gid:
                glyphs[cid] = (_outline(font, gid), font["hmtx"][order[gid]][0])
        fonts.append((name, glyphs))
    return fonts


def test_pdf_draws_the_same_glyphs_as_with_fonttools_subsets(monkeypatch: pytest.MonkeyPatch) -> None:
    """A figure with mathtext (DejaVu, oblique, STIX symbols): every character code the PDF uses maps
    to the same outline and width as in the PDF written with matplotlib's fontTools subsets, and the
    page content and font dictionaries are identical."""
    fig = render.plot_figure([actplot.get("gelu"), actplot.get("sigmoid")], x_range=(-4, 4), points=101,
                             orders=(0, 1), options=figure_options.FigureOptions(title=r"$\Phi(x)\,x$ vs $\sigma(x) \leq 1$ É"))
    ours = export.figure_bytes(fig, "pdf", salt="a")
    monkeypatch.setattr(pdf_fonts, "subset_truetype", lambda data, glyphs: None)
    general = export.figure_bytes(fig, "pdf", salt="a")
    assert ours != general  # different font programs ...
    mine, theirs = _embedded_glyphs(ours), _embedded_glyphs(general)
    assert len(mine) >= 3 and [name for name, _ in mine] == [name for name, _ in theirs]
    assert mine == theirs  # ... drawing the same glyphs
    assert _streams_without_font_programs(ours) == _streams_without_font_programs(general)


def _streams_without_font_programs(pdf: bytes) -> list[bytes]:
    """Every stream of the PDF (page content, widths, CID maps, ToUnicode) except the font files."""
    objects = _objects(pdf)
    programs = {int(n) for n in re.findall(rb"/FontFile2\s+(\d+) 0 R", pdf)}
    return [_stream(objects, n) for n, body in sorted(objects.items()) if b"stream" in body and n not in programs]


def test_a_pdf_command_never_imports_the_fonttools_subsetter(tmp_path: Path) -> None:
    """The CLI's PDF path writes Type 42 fonts without fontTools.subset (≈ 0.2 s and 16 MiB to import),
    and the stand-in left in its place still loads the real module when something reads it."""
    code = (
        "import sys, types\n"
        "from actplot.cli import main\n"
        f"sys.argv = ['actplot', 'sigmoid', '-d', '-q', '--title', r'$\\sigma(x)$', '-o', {str(tmp_path / 's.pdf')!r}]\n"
        "try:\n"
        "    main()\n"
        "except SystemExit as exit:\n"
        "    assert not exit.code, exit.code\n"
        "real = lambda name: type(sys.modules.get(name)) is types.ModuleType\n"
        "print(real('fontTools.subset'), 'fontTools.ttLib' in sys.modules)\n"
        "from fontTools import subset\n"
        "print(callable(subset.Subsetter), real('fontTools.subset'))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split("\n")[:2] == ["False False", "True True"]
    pdf = (tmp_path / "s.pdf").read_bytes()
    assert b"/FontFile2" in pdf and b"/Subtype /Type3" not in pdf


def test_matplotlib_versions_that_subset_by_character_keep_their_own_path() -> None:
    """Before 3.11 matplotlib passes characters and finds glyphs through the subset's cmap (which
    pdf_fonts leaves out): the stand-in is used only with the glyph-number interface."""
    import types

    from matplotlib.backends import _backend_pdf_ps

    def by_characters(fontfile, characters): ...  # type: ignore[no-untyped-def]

    def by_glyphs_without_map(fontfile, glyphs): ...  # type: ignore[no-untyped-def]

    assert export._subsets_by_glyph_index(_backend_pdf_ps)
    old = types.SimpleNamespace(get_glyphs_subset=by_characters, SubsetResults=tuple)
    assert not export._subsets_by_glyph_index(old)
    middle = types.SimpleNamespace(get_glyphs_subset=by_glyphs_without_map)
    assert not export._subsets_by_glyph_index(middle)


def test_a_pdf_save_leaves_the_backend_functions_as_it_found_them(monkeypatch: pytest.MonkeyPatch) -> None:
    """The stand-ins live only for one save, also when the save fails half-way."""
    from matplotlib.backends import _backend_pdf_ps

    before = (_backend_pdf_ps.get_glyphs_subset, _backend_pdf_ps.font_as_file)
    fig = render.plot_figure([actplot.get("tanh")], x_range=(-2, 2), points=51, orders=(0,),
                             options=figure_options.FigureOptions())
    assert export.figure_bytes(fig, "pdf", salt="a").startswith(b"%PDF")
    assert (_backend_pdf_ps.get_glyphs_subset, _backend_pdf_ps.font_as_file) == before

    def broken(data: bytes, glyphs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(pdf_fonts, "subset_truetype", broken)
    with pytest.raises(KeyboardInterrupt):
        export.figure_bytes(fig, "pdf", salt="a")
    assert (_backend_pdf_ps.get_glyphs_subset, _backend_pdf_ps.font_as_file) == before
